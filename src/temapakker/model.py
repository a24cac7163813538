"""The Pack model: what the reader produces and every later stage consumes.

Every node carries the position it came from, so any stage can report ``file:line``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from temapakker.diagnostics import Pos

Language = Literal["nb", "nn", "en"]
LANGUAGE_TAGS: dict[str, str] = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
TITLE_ID = "title"  # the id of the title slide that pack.yaml makes


@dataclass(frozen=True)
class Span:
    """A run of inline text with its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None
    strike: bool = False
    underline: bool = False
    smallcaps: bool = False
    baseline: int = 0  # 1: superscript, -1: subscript
    raw: str = ""  # raw {=openxml} runs, passed into the deck as written; text is theirs


Inline = tuple[Span, ...]


def plain(spans: Inline) -> str:
    """The text of spans without their formatting."""
    return "".join(s.text for s in spans)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline text (also used for sub-headings inside a slide)."""

    spans: Inline
    pos: Pos
    heading: bool = False
    indent: int = 0  # a definition under its term: indented one level, without a bullet


@dataclass(frozen=True)
class ListItem:
    """One list item: its own text and any nested lists."""

    spans: Inline
    pos: Pos
    children: tuple[ListBlock, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list."""

    items: tuple[ListItem, ...]
    ordered: bool
    pos: Pos
    start: int = 1
    style: str = "arabicPeriod"  # DrawingML's numbering: alphaLcPeriod, romanUcParenR, …
    incremental: bool = False  # in '::: incremental': each item appears on a click


@dataclass(frozen=True)
class Table:
    """A table (pipe, simple, multiline or grid); ``aligns`` holds 'left', 'center', 'right'
    or '' per column; ``header`` is empty for a table without a header row."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str, ...]
    pos: Pos
    caption: Inline = ()


@dataclass(frozen=True)
class Image:
    """A picture: the path as written, the resolved file, and its alt text."""

    src: str
    path: Path
    alt: str
    pos: Pos
    caption: Inline = ()  # a picture alone in its paragraph is a figure: its alt is shown
    width: float | None = None  # {width=50%}: a share of the region's width
    height: float | None = None  # {height=…}: a share of the region's height


@dataclass(frozen=True)
class Quote:
    """A block quote; its paragraphs in order."""

    paragraphs: tuple[Paragraph, ...]
    pos: Pos


@dataclass(frozen=True)
class CodeBlock:
    """Literal text shown in a monospace font."""

    text: str
    pos: Pos


@dataclass(frozen=True)
class Column:
    """One column of a ``:::: columns`` div."""

    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True)
class Columns:
    """Side-by-side columns."""

    columns: tuple[Column, ...]
    pos: Pos


@dataclass(frozen=True)
class Agenda:
    """'::: agenda': the session's programme as a table, filled from kjoreplan.yaml when the
    deck is planned; ``time`` 'clock' shows each block's start, 'minutes' its length."""

    pos: Pos
    time: Literal["clock", "minutes"] = "clock"


@dataclass(frozen=True)
class Figure:
    """A key figure: its number as written in bold ('13 %') and the label after it."""

    value: str
    label: Inline
    pos: Pos


@dataclass(frozen=True)
class Figures:
    """'::: figures': key figures side by side, each number large with its label below."""

    items: tuple[Figure, ...]
    pos: Pos


ChartKind = Literal["bar", "column", "stacked", "line", "pie", "doughnut"]
CHART_KINDS: tuple[str, ...] = ("bar", "column", "stacked", "line", "pie", "doughnut")


@dataclass(frozen=True)
class Chart:
    """'::: {.chart type=bar}' over a table: the first column names the categories, each
    other column is a series of numbers. ``number_format`` is Excel's ('0', '0 %');
    ``legend`` is 'bottom', 'right' or 'none'; ``alt`` is '' when it is to be made from
    the data."""

    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    pos: Pos
    title: str = ""
    number_format: str = "General"
    labels: bool = False
    legend: str = "bottom"
    alt: str = ""

    def rows(self) -> list[str]:
        """The data as lines of text, one per category: 'Skole: 12 (2021), 14 (2023)'."""
        lines = []
        for n, category in enumerate(self.categories):
            values = [show_number(values[n], self.number_format) for _, values in self.series]
            if len(self.series) > 1:
                values = [f"{v} ({name})" for v, (name, _) in zip(values, self.series,
                                                                   strict=True)]
            lines.append(f"{category}: {', '.join(values)}")
        return lines


def show_number(value: float, number_format: str = "General") -> str:
    """A number as Norwegians write it: '12,5', '1 200', '13 %' for a percent format."""
    percent = "%" in number_format
    shown = round(value * 100 if percent else value, 9)  # 0.14 * 100 is 14.000000000000002
    decimals = 0 if float(shown).is_integer() else min(len(f"{shown:g}".split(".")[-1]), 3)
    text = f"{shown:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return f"{text}\u00a0%" if percent else text


@dataclass(frozen=True)
class Moment:
    """A point on a timeline: its date as written and what happened."""

    date: str
    event: Inline
    pos: Pos


@dataclass(frozen=True)
class Timeline:
    """'::: timeline' over 'date: event' items: a line with a marker and a label each."""

    moments: tuple[Moment, ...]
    pos: Pos


@dataclass(frozen=True)
class Card:
    """One card: its heading (the item's bold start, else the whole item), the text under
    it, and its number as shown ('' in a bulleted list)."""

    heading: Inline
    text: tuple[Inline, ...]
    number: str
    pos: Pos


@dataclass(frozen=True)
class Cards:
    """'::: cards' over a list: a card per item, set in a grid of theme-coloured shapes."""

    items: tuple[Card, ...]
    pos: Pos


Block = Paragraph | ListBlock | Table | Image | Quote | CodeBlock | Columns | Agenda | Figures \
    | Chart | Timeline | Cards
SlideKind = Literal["section", "content"]


@dataclass(frozen=True)
class Placement:
    """Where a variant's slide or handout section goes in its base: {after=id},
    {before=id} or {replace=id}."""

    how: Literal["after", "before", "replace"]
    target: str
    pos: Pos


@dataclass(frozen=True)
class Slide:
    """A slide as written: heading, attributes, body blocks and notes."""

    kind: SlideKind
    title: Inline
    id: str
    id_explicit: bool
    layout: str | None
    blocks: tuple[Block, ...]
    notes: tuple[Block, ...]
    pos: Pos
    layout_pos: Pos | None = None
    background: Image | None = None  # {background-image="…"}: fills the slide, behind all
    raw_shapes: tuple[str, ...] = ()  # raw {=openxml} shapes (p:sp, p:pic, …) as written
    place: Placement | None = None  # in a variant: where the slide goes in its base's deck
    statement: Pos | None = None  # {.statement}: where the class stands
    # {.image-left} / {.image-right}: the side the slide's one picture takes, and where the
    # class stands
    image_side: tuple[Literal["left", "right"], Pos] | None = None


@dataclass(frozen=True)
class PackMeta:
    """What ``pack.yaml`` says; positions of its keys for diagnostics."""

    title: str
    subtitle: str = ""
    language: Language = "nb"
    organisations: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    based_on: str = ""
    revised: dt.date | None = None
    audience: tuple[str, ...] = ()
    template: Path | None = None
    description: str = ""
    keywords: tuple[str, ...] = ()
    footer: str = ""
    order: int = 0
    place: str = ""  # a variant's venue, printed on its run sheet
    extends: Path | None = None  # the folder of the pack this one is a variant of
    remove: tuple[tuple[str, Pos], ...] = ()  # base slides a variant leaves out
    positions: dict[str, Pos] = field(default_factory=dict, compare=False, hash=False)

    @property
    def material_date(self) -> dt.date | None:
        """The date the material carries: its revision date, else its publication date."""
        return self.revised or self.date

    @property
    def language_tag(self) -> str:
        """The BCP 47 tag written into documents (nb-NO, nn-NO, en-GB)."""
        return LANGUAGE_TAGS[self.language]


BLOCK_KINDS = ("presentasjon", "refleksjon", "gruppearbeid", "plenum", "pause")


@dataclass(frozen=True)
class SlideRef:
    """A slide id, or a range 'first..last' of ids, as the run sheet names them."""

    first: str
    last: str | None
    pos: Pos


@dataclass(frozen=True)
class Answers:
    """How a group hands in its answers: what to do, to whom, under which subject line."""

    how: str
    to: str  # an e-mail address, a web address or a name; '' when not said
    subject: str
    pos: Pos

    def merged(self, default: Answers | None) -> Answers:
        """These answers, with what they leave out taken from the run sheet's own."""
        if default is None:
            return self
        return Answers(self.how or default.how, self.to or default.to,
                       self.subject or default.subject, self.pos)


@dataclass(frozen=True)
class GroupWork:
    """What a group-work block hands the groups."""

    tasks: tuple[str, ...]
    grouping: str
    roles: tuple[str, ...]
    answers: Answers | None
    pos: Pos
    intro: str = ""  # read aloud before the tasks; printed at the top of the card


@dataclass(frozen=True)
class RunBlock:
    """One timed block of the session."""

    title: str
    kind: str
    minutes: int
    slides: tuple[SlideRef, ...]
    lead: str
    materials: tuple[str, ...]
    instruction: str
    optional: bool
    group: GroupWork | None
    pos: Pos
    id: str = ""  # 'id:', else made from the title; a variant's run sheet names blocks by it


@dataclass(frozen=True)
class RunSheet:
    """The session as kjoreplan.yaml describes it."""

    title: str
    start: int  # minutes after midnight
    planned_minutes: int
    date: dt.date | None
    place: str
    version: str
    roles: tuple[tuple[str, str], ...]  # (role, who); who may be empty, to fill in by hand
    blocks: tuple[RunBlock, ...]
    pos: Pos
    planned_pos: Pos
    answers: Answers | None = None  # how every group hands in its answers, unless it says


@dataclass(frozen=True)
class HandoutSection:
    """A '##' section of the handout; ``role`` marks reading lists and questions."""

    heading: Inline
    role: Literal["reading", "questions", "other"]
    blocks: tuple[Block, ...]
    pos: Pos
    id: str = ""  # {#id}, else made from the heading; a variant places its sections by it
    place: Placement | None = None  # in a variant: where the section goes in its base's


@dataclass(frozen=True)
class Handout:
    """The preparation handout (forberedelse.md)."""

    title: Inline
    intro: tuple[Block, ...]
    sections: tuple[HandoutSection, ...]
    pos: Pos


@dataclass(frozen=True)
class Pack:
    """A whole pack: its folder, metadata, the title slide's notes and the slides."""

    id: str
    root: Path
    meta: PackMeta
    title_notes: tuple[Block, ...]
    slides: tuple[Slide, ...]
    sources: tuple[Path, ...]
    slides_file: Path
    runsheet: RunSheet | None = None
    handout: Handout | None = None
    bases: tuple[Path, ...] = ()  # a variant's base folders, nearest first; they are sources too
    base_title: str = ""  # a variant's base's title, for the download page

    def slide_numbers(self) -> dict[str, int]:
        """Slide id → number in the deck: the title slide is 1, then the slides in order."""
        numbers = {TITLE_ID: 1}
        for number, slide in enumerate(self.slides, start=2):
            numbers[slide.id] = number
        return numbers
