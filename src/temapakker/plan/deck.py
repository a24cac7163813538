"""Plan a deck: which layout each slide uses and what goes where. Pure data, no pptx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from temapakker.check import Checked, Picture, is_statement, picture_side
from temapakker.colour import contrast, tint
from temapakker.diagnostics import Pos
from temapakker.labels import labels_for
from temapakker.layouts import find_layout
from temapakker.model import (
    TITLE_ID,
    Agenda,
    Block,
    Cards,
    Chart,
    Column,
    Columns,
    Figures,
    Image,
    Inline,
    Pack,
    PackMeta,
    Paragraph,
    Quote,
    RunSheet,
    Slide,
    Span,
    Table,
    Timeline,
)
from temapakker.plan.text import TextPara, block_paragraphs, plain
from temapakker.template import Layout, Placeholder, Rect, Template, TextStyle

GAP = 228600  # a quarter inch between computed columns
# PowerPoint's built-in table styles «Medium Style 2 – Accent 1 … 6» and «Medium Style 2»:
# a header row filled with the colour and set in lt1 bold, body rows banded in tints of it
# (40 % and 20 %) and set in dk1.
TABLE_STYLES = (
    ("accent1", "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"),
    ("accent2", "{21E4AEA4-8DFA-4A89-87EB-49C32662AFE0}"),
    ("accent3", "{F5AB1C69-6EDB-4FF4-983F-18BD219EF322}"),
    ("accent4", "{00A15C55-8517-42AA-B614-E9B94910E393}"),
    ("accent5", "{7DF18680-E054-41AD-8BC1-D1AEF772440D}"),
    ("accent6", "{93296810-A885-4BE3-A3E7-6D5BEEA58F35}"),
    ("dk1", "{073A0DAA-6AF3-43AB-8588-CEC1D06C72B9}"),
)
MIN_CONTRAST = 4.5
MIN_CONTRAST_LARGE = 3.0  # WCAG's ratio for large text: key figures
ALTERNATE_FROM = 5  # a timeline of more moments sets its labels on alternate sides
MARKER = 228600  # a timeline marker's diameter: a quarter inch
SIDE_SHARE = 0.45  # {.image-left} / {.image-right}: the picture's share of the body's width
STATEMENT_SCALE = 1.6  # a statement's size against body text
FIGURE_SCALES = (2.0, 2.0, 2.0, 1.75)  # a key figure's number against body text, by count
TABLE_SHARES = (0.75, 0.58, 0.46)  # table text as a share of body text: smaller as it grows
CARD_SCALE = 1.25  # a card's heading at most this against body text; smaller where it must
CARD_MIN = 12  # points: the smallest heading a card is set in
CARD_RATIOS = (0.5, 0.75)  # a card is as tall as one of these shares of its width, the
# lower where its text is set as large there; the whole row's height only if neither fits
CARD_GAIN = 3  # points the heading must gain for a card to be set taller
CARD_INSETS = (182880, 137160, 182880, 137160)  # a card's text from its edges: 0.2 × 0.15 in
# Text is fitted into cards and key figures this much narrower than its box: renderers wrap
# a little earlier than the metrics say. (A theme font other than Calibri is measured in its
# own metrics, or in wider ones: check/overflow.py FAMILIES.)
CARD_FIT = 0.95
CARD_ROWS = {1: (1,), 2: (2,), 3: (3,), 4: (2, 2), 5: (3, 2), 6: (3, 3)}

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


@dataclass(frozen=True)
class TextFit:
    """Text shrunk to fit its box, as PowerPoint shrinks it (a:normAutofit): its sizes times
    ``font_scale``, its line spacing less ``line_cut`` (shares of 1)."""

    font_scale: float
    line_cut: float = 0.0


@dataclass(frozen=True)
class TextContent:
    """Paragraphs of text; ``anchor`` 'middle' centres them vertically in a new text box,
    whose text is ``size`` points unless a paragraph sets its own; ``fit`` shrinks text
    too tall for its box (set by the plan from the overflow measurement)."""

    paragraphs: tuple[TextPara, ...]
    anchor: str = "top"
    size: float = 18.0
    own_bullets: bool = False  # the placeholder it goes into styles no lists: we do
    # a new text box wears this style (the template's body placeholder's: bullets, colours,
    # sizes, spacing, indents), so computed columns look like the rest of the deck
    look: TextStyle | None = None
    fit: TextFit | None = None


@dataclass(frozen=True)
class TableStyle:
    """A built-in table style and the colours it draws with, resolved in the theme."""

    id: str
    colour: str  # the theme colour it is built on: 'accent1' … or 'dk1'
    header_fill: str
    header_text: str
    band_fills: tuple[str, str]
    body_text: str

    def contrasts(self) -> list[tuple[str, str, str, float]]:
        """(what, text, fill, ratio) for the header and both row bands."""
        pairs = [("table header", self.header_text, self.header_fill)] + \
            [("table rows", self.body_text, fill) for fill in self.band_fills]
        return [(what, ink, paper, contrast(ink, paper)) for what, ink, paper in pairs]


def table_style(template: Template) -> TableStyle:
    """The first Medium Style 2 whose header and rows read at 4.5:1 in this theme: accent 1
    where it can, another accent or dark 1 where a pale accent would leave white on yellow."""
    styles = []
    for name, guid in TABLE_STYLES:
        fill = template.color(name, "000000")
        styles.append(TableStyle(guid, name, fill, template.color("lt1", "FFFFFF"),
                                 (tint(fill, 0.4), tint(fill, 0.2)),
                                 template.color("dk1", "000000")))
    return next((s for s in styles if min(c[3] for c in s.contrasts()) >= MIN_CONTRAST),
                styles[0])


@dataclass(frozen=True)
class TableContent:
    """A native table; ``widths`` are fractions of the table's width; ``header`` is empty
    for a table without a header row."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str, ...]
    widths: tuple[float, ...]
    size: float
    style: str = TABLE_STYLES[0][1]
    # set once the table has its box: each row's height and the space above and below
    # the (vertically centred) text of its cells, in EMU
    row_heights: tuple[int, ...] = ()
    padding: int = 0


@dataclass(frozen=True)
class PictureContent:
    """A picture with its alt text and pixel size."""

    path: Path
    alt: str
    width: int
    height: int
    width_share: float | None = None  # {width=50%}: of its region's width
    height_share: float | None = None  # {height=…}: of its region's height


@dataclass(frozen=True)
class FiguresContent:
    """Key figures side by side, each number large in ``colour`` (a scheme colour name or
    hex) with its label below; ``boxes``, set once placed, are each figure's box in EMU."""

    figures: tuple[tuple[str, Inline], ...]
    value_size: float
    label_size: float
    colour: str
    boxes: tuple[Rect, ...] = ()

    def paragraphs(self, n: int) -> tuple[TextPara, ...]:
        """The number and its label, centred, as one figure's text box sets them."""
        value, label = self.figures[n]
        paras = [TextPara((Span(value),), bold=True, align="center", size=self.value_size,
                          color=self.colour)] if value else []
        return (*paras, TextPara(label, align="center", size=self.label_size))


@dataclass(frozen=True)
class ChartContent:
    """A native chart: the data, how it is drawn, the colours of its series (or of its
    slices, for a pie) as scheme colour names, its alt text and its text size."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    title: str
    number_format: str
    labels: bool
    legend: str
    alt: str
    colours: tuple[str, ...]
    size: float


@dataclass(frozen=True)
class TimelineContent:
    """A timeline: a line across, a marker per moment, and its date (in ``colour``) and
    event in a label beside the marker, below the line or, from six moments, on alternate
    sides. The boxes, set once placed, are in EMU: the line (height 0), the markers and
    the labels, and whether each label stands above the line."""

    moments: tuple[tuple[str, Inline], ...]
    date_size: float
    event_size: float
    colour: str
    line: Rect | None = None
    markers: tuple[Rect, ...] = ()
    labels: tuple[Rect, ...] = ()
    above: tuple[bool, ...] = ()

    def paragraphs(self, n: int) -> tuple[TextPara, ...]:
        """A moment's date and event, centred, as its label sets them."""
        date, event = self.moments[n]
        head = (TextPara((Span(date),), bold=True, align="center", size=self.date_size,
                         color=self.colour),) if date else ()
        return (*head, TextPara(event, align="center", size=self.event_size))

    @property
    def alternate(self) -> bool:
        """Labels take turns above and below the line, so each may be twice as wide."""
        return len(self.moments) > ALTERNATE_FROM


@dataclass(frozen=True)
class CardsContent:
    """Cards in a grid: each a rounded shape filled with a theme accent (``fills``, scheme
    names) with its text in a colour that reads on it at 4.5:1 (``inks``, scheme names, or
    hex where neither theme text colour does): its number as a small label, its heading in
    ``size`` points, its text smaller. ``boxes``, set once placed, are each card's box in
    EMU, in reading order; ``size`` is then the largest size at which every card fits."""

    cards: tuple[tuple[str, Inline, tuple[Inline, ...]], ...]
    fills: tuple[str, ...]
    inks: tuple[str, ...]
    size: float
    boxes: tuple[Rect, ...] = ()

    def paragraphs(self, n: int, size: float | None = None) -> tuple[TextPara, ...]:
        """A card's number, heading and text, as its shape sets them."""
        number, heading, lines = self.cards[n]
        size = size or self.size
        ink = self.inks[n]
        label = (TextPara((Span(number),), bold=True, size=max(round(size * 0.6), 10),
                          color=ink),) if number else ()
        text = float(max(round(size * 0.7), min(CARD_MIN, size)))
        return (*label, TextPara(heading, bold=True, size=size, color=ink),
                *(TextPara(line, size=text, color=ink) for line in lines))

    def text(self, n: int, template: Template, size: float | None = None) -> TextContent:
        """A card's paragraphs as its shape sets them, for measuring: the template's text
        box style with the card's insets."""
        return TextContent(self.paragraphs(n, size),
                           look=replace(template.text_style, insets=CARD_INSETS))


Content = TextContent | TableContent | PictureContent | FiguresContent | ChartContent \
    | TimelineContent | CardsContent


@dataclass(frozen=True)
class StackContent:
    """Contents set top to bottom in one region: text, tables and pictures in the order
    written, captions under their table or picture. The planner lays the parts out; writers
    never see a stack, only its parts, each a region of its own."""

    parts: tuple[Content, ...]


@dataclass(frozen=True)
class Region:
    """Content and where it goes: into a placeholder (its index among the layout's
    placeholders, in document order) or a new shape at ``rect``."""

    content: Content
    rect: Rect
    placeholder: int | None
    pos: Pos


SlideKind = Literal["title", "section", "content", "quote", "statement"]


@dataclass(frozen=True)
class SlidePlan:
    """Everything the writer needs for one slide; ``layout`` is the layout's key, and
    ``title_box`` is where the title goes when the layout has no title placeholder."""

    number: int
    id: str
    kind: SlideKind
    layout: str
    title: Inline
    regions: tuple[Region, ...]
    notes: tuple[TextPara, ...]
    footer: str | None
    pos: Pos
    title_box: Region | None = None
    background: Path | None = None  # a picture filling the slide behind everything
    raw_shapes: tuple[str, ...] = ()  # raw {=openxml} shapes, put on the slide as written


@dataclass(frozen=True)
class DeckMeta:
    """Document properties."""

    title: str
    subject: str
    author: str
    keywords: str
    description: str
    language: str
    date: dt.datetime


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck, ready to write; ``added_layouts`` are built-in layouts its slides use,
    to be copied into the template's master."""

    pack_id: str
    template: Path
    meta: DeckMeta
    slides: tuple[SlidePlan, ...]
    added_layouts: tuple[Layout, ...] = ()


def plan_deck(checked: Checked, build_date: dt.date) -> DeckPlan:
    """Plan every slide of a checked pack."""
    pack, template = checked.pack, checked.template
    meta = pack.meta
    slides = [_title_slide(pack, template, build_date)]
    footer = meta.footer or meta.title
    # Numbered by position, not by id: a pack with duplicate ids (an error) is still
    # planned for the plan-stage checks.
    for number, slide in enumerate(pack.slides, start=2):
        slide = replace(slide, blocks=fill_agenda(slide.blocks, pack.runsheet, meta.language))
        if slide.kind == "section" and _text_only(slide.blocks):
            slides.append(_section_slide(slide, number, template))
        else:
            slides.append(_content_slide(slide, number, template, footer, checked.pictures,
                                         meta.language))
        if slide.raw_shapes:
            slides[-1] = replace(slides[-1], raw_shapes=slide.raw_shapes)
        if slide.background is not None and slide.background.path in checked.pictures:
            slides[-1] = replace(slides[-1],
                                 background=checked.pictures[slide.background.path].path)
    # Material only built on an organisation's work does not name it as the author.
    authors = meta.authors or (() if meta.based_on else meta.organisations)
    deck_meta = DeckMeta(
        title=meta.title,
        subject=meta.subtitle or meta.description,
        author="; ".join(authors) or "temapakker",
        keywords="; ".join(meta.keywords or (*meta.organisations, *meta.audience)),
        description=meta.description,
        language=meta.language_tag,
        date=dt.datetime.combine(build_date, dt.time(), tzinfo=dt.UTC),
    )
    # Text too tall for its box at the template's sizes is shrunk to fit, as PowerPoint does.
    from temapakker.check.overflow import fit_slide

    slides = [fit_slide(slide, template) for slide in slides]
    used = {slide.layout for slide in slides}
    added = tuple(m.layout for m in template.roles
                  if m.layout.builtin and m.layout.key in used)
    return DeckPlan(pack.id, template.path, deck_meta, tuple(slides), added)


def deck_of(checked: Checked, build_date: dt.date) -> DeckPlan:
    """The deck of a checked pack: the plan its checks made, when made for this date;
    otherwise planned now."""
    kept = checked.deck
    if kept is not None and kept.meta.date.date() == build_date:
        return kept
    return plan_deck(checked, build_date)


def fill_agenda(blocks: tuple[Block, ...], sheet: RunSheet | None,
                language: str) -> tuple[Block, ...]:
    """Blocks with each '::: agenda' made a table of the run sheet's blocks: start time (or
    minutes), title and kind, so the deck and the run sheet never disagree. Without a run
    sheet (an error already reported) the table has its header only."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Agenda):
            out.append(agenda_table(block, sheet, language))
        elif isinstance(block, Columns):
            out.append(replace(block, columns=tuple(
                Column(fill_agenda(c.blocks, sheet, language), c.pos) for c in block.columns)))
        else:
            out.append(block)
    return tuple(out)


def agenda_table(agenda: Agenda, sheet: RunSheet | None, language: str) -> Table:
    """The run sheet as the agenda slide shows it."""
    from temapakker.plan.runsheet import clock

    labels = labels_for(language)
    minutes = agenda.time == "minutes"
    header = tuple((Span(text),) for text in (
        labels["minutes" if minutes else "time"], labels["activity"], labels["form"]))
    rows = []
    start = sheet.start if sheet is not None else 0
    for block in sheet.blocks if sheet is not None else ():
        when = str(block.minutes) if minutes else clock(start)
        rows.append(((Span(when),), (Span(block.title),),
                     (Span(labels.get(block.kind, block.kind)),)))
        start += block.minutes
    return Table(header, tuple(rows), ("right" if minutes else "left", "left", "left"),
                 agenda.pos)


def format_date(date: dt.date, language: str) -> str:
    """A date as people write it: '3. mai 2021' or '3 May 2021'."""
    month = MONTHS.get(language, MONTHS["nb"])[date.month - 1]
    return f"{date.day} {month} {date.year}" if language == "en" else \
        f"{date.day}. {month} {date.year}"


def _layout(template: Template, role: str, explicit: str | None) -> Layout:
    """The layout an editor named, else the one that plays the role."""
    if explicit is not None:
        found = find_layout(template, explicit)
        if found is not None:
            return found.layout
    return template.role(role).layout


def _slide(number: int, ident: str, kind: SlideKind, layout: Layout, template: Template,
           title: Inline, regions: tuple[Region, ...], notes: tuple[TextPara, ...],
           footer: str | None, pos: Pos) -> SlidePlan:
    """A slide plan; a title on a layout without a title placeholder gets a text box."""
    title_box = None
    if layout.title is None and title:
        rect, size = template.title_box()
        title_box = Region(TextContent((TextPara(title, bold=True),), size=size), rect, None,
                           pos)
    return SlidePlan(number, ident, kind, layout.key, title, regions, notes, footer, pos,
                     title_box)


def _title_slide(pack: Pack, template: Template, date: dt.date) -> SlidePlan:
    meta = pack.meta
    layout = _layout(template, "title", None)
    pos = meta.positions.get("title", Pos(pack.root / "pack.yaml", 1, 1))
    lines: list[TextPara] = []
    if meta.subtitle:
        lines.append(TextPara((Span(meta.subtitle),)))
    byline = _byline(meta)
    if byline:
        lines.append(TextPara((Span(byline),)))
    contents = [TextContent(tuple(lines), size=template.body_size)] if lines else []
    regions = _fill(layout, template, contents, pos, prefer=("subTitle", "body", "obj"))
    return _slide(pack.slide_numbers()[TITLE_ID], TITLE_ID, "title", layout, template,
                  (Span(meta.title),), regions, block_paragraphs(pack.title_notes), None, pos)


def _byline(meta: PackMeta) -> str:
    """Who the material is by or built on, and its date: a revision date says so."""
    parts = [meta.based_on or " · ".join(meta.organisations or meta.authors)]
    if meta.revised is not None:
        parts.append(f"{labels_for(meta.language)['revised']} "
                     f"{format_date(meta.revised, meta.language)}")
    elif meta.date is not None:
        parts.append(format_date(meta.date, meta.language))
    return " · ".join(part for part in parts if part)


def _section_slide(slide: Slide, number: int, template: Template) -> SlidePlan:
    layout = _layout(template, "section", slide.layout)
    contents = [TextContent(block_paragraphs(slide.blocks), size=template.body_size)] \
        if slide.blocks else []
    regions = _fill(layout, template, contents, slide.pos, prefer=("body", "obj"))
    return _slide(number, slide.id, "section", layout, template, slide.title, regions,
                  block_paragraphs(slide.notes), None, slide.pos)


def _content_slide(slide: Slide, number: int, template: Template, footer: str,
                   pictures: dict[Path, Picture], language: str = "nb") -> SlidePlan:
    notes = block_paragraphs(slide.notes)
    if is_statement(slide):
        layout = _layout(template, "title-only", slide.layout)
        block = slide.blocks[0]
        assert isinstance(block, Paragraph)
        statement = TextContent((TextPara(block.spans, align="center",
                                          size=round(template.body_size * STATEMENT_SCALE),
                                          color=heading_colour(template)),),
                                anchor="middle", size=template.body_size)
        regions = _fill(layout, template, [statement], slide.pos, prefer=("body", "obj"),
                        area=_content_area(layout, template))
        return _slide(number, slide.id, "statement", layout, template, slide.title, regions,
                      notes, footer, slide.pos)
    if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Quote):
        layout = _layout(template, "title-only", slide.layout)
        quote = _quote(slide.blocks[0], template.body_size)
        area = _content_area(layout, template)
        regions = _fill(layout, template, [quote], slide.pos, prefer=("body", "obj"),
                        area=area)
        return _slide(number, slide.id, "quote", layout, template, slide.title, regions,
                      notes, footer, slide.pos)
    notes += chart_notes(slide.blocks, language)
    side = picture_side(slide)
    if side is not None:
        layout = _layout(template, "title-only", slide.layout)
        regions = _beside(slide, side, layout, template, pictures, language)
        return _slide(number, slide.id, "content", layout, template, slide.title, regions,
                      notes, footer, slide.pos)
    groups = _regions(slide.blocks)
    layout = _layout(template, slide_role(slide), slide.layout)
    # text in three computed columns is set a little smaller than the body style
    size = template.body_size * (1.0 if len(groups) <= 2 else 0.85)
    style = table_style(template).id
    accent = figure_colour(template, layout)
    contents = [_content(group, pictures, round(size), template.body_size, style, accent,
                         template, language) for group in groups]
    regions = _fill(layout, template, contents, slide.pos)
    return _slide(number, slide.id, "content", layout, template, slide.title, regions, notes,
                  footer, slide.pos)


def _beside(slide: Slide, side: str, layout: Layout, template: Template,
            pictures: dict[Path, Picture], language: str) -> tuple[Region, ...]:
    """The slide's one picture (with its caption) in the left or right 45 % of the body, the
    rest of its content beside it, left to right in reading order."""
    picture: list[Block] = [b for b in slide.blocks if isinstance(b, Image)]
    text: list[Block] = [b for b in slide.blocks if not isinstance(b, Image)]
    style, accent = table_style(template).id, figure_colour(template, layout)
    body, area = template.body_size, _content_area(layout, template)
    width = int(area.width * SIDE_SHARE)
    rest = area.width - width - GAP
    left = Rect(area.left, area.top, width if side == "left" else rest, area.height)
    right = Rect(left.right + GAP, area.top, area.width - left.width - GAP, area.height)
    boxes = {"picture": left if side == "left" else right,
             "text": right if side == "left" else left}
    look = column_look(template, 2)
    placed: dict[str, list[Region]] = {"text": []}
    for name, group in (("picture", picture), ("text", text)):
        if group:
            content = _content(group, pictures, round(body), body, style, accent, template,
                               language)
            placed[name] = _place(_wear(content, look, template), boxes[name], None,
                                  slide.pos, template)
    first, second = ("picture", "text") if side == "left" else ("text", "picture")
    return (*placed[first], *placed[second])


def chart_content(chart: Chart, template: Template, language: str) -> ChartContent:
    """A chart as it is drawn: one theme accent per series (per slice for a pie or a
    doughnut, which draw their first series only), its alt text given or made from the
    data, its text a little smaller than table text."""
    pie = chart.kind in ("pie", "doughnut")
    series = chart.series[:1] if pie else chart.series
    count = len(chart.categories) if pie else len(series)
    colours = tuple(f"accent{n % 6 + 1}" for n in range(count))
    return ChartContent(chart.kind, chart.categories, series, chart.title,
                        chart.number_format, chart.labels, chart.legend,
                        chart.alt or chart_alt(chart, language), colours,
                        float(round(template.body_size * 0.6)))


def chart_alt(chart: Chart, language: str) -> str:
    """Alt text from the data: what kind of chart, its title, and every value."""
    head = labels_for(language)[f"chart_{chart.kind}"] + \
        (f": {chart.title}" if chart.title else "")
    return f"{head}. {'; '.join(chart.rows())}."


def chart_notes(blocks: tuple[Block, ...], language: str) -> tuple[TextPara, ...]:
    """The data of each chart on a slide, for the notes: screen readers and whoever
    presents read the numbers there."""
    from temapakker.check import walk_blocks

    paras: list[TextPara] = []
    for chart in (b for b in walk_blocks(blocks) if isinstance(b, Chart)):
        head = labels_for(language)["chart_data"] + (f": {chart.title}" if chart.title else "")
        paras.append(TextPara((Span(head),), bold=True))
        paras.extend(TextPara((Span(row),), bullet="bullet") for row in chart.rows())
    return tuple(paras)


def figure_colour(template: Template, layout: Layout) -> str:
    """Key figures in accent 1 where it reads as large text (3:1) on the slide, else in the
    titles' colour."""
    paper = layout.background or template.color("bg1", "FFFFFF")
    if contrast(template.color("accent1", "000000"), paper) >= MIN_CONTRAST_LARGE:
        return "accent1"
    return heading_colour(template) or "tx1"


def slide_role(slide: Slide) -> str:
    """The layout role a slide gets when it names none: by kind, then by its parts."""
    if slide.kind == "section" and _text_only(slide.blocks):
        return "section"
    if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Quote):
        return "title-only"
    # raw shapes alone take the content layout, whose body placeholder they may name
    empty = "content" if slide.raw_shapes else "title-only"
    return {0: empty, 1: "content", 2: "two"}.get(len(_regions(slide.blocks)), "title-only")


def _quote(quote: Quote, body: float) -> TextContent:
    """A quote set larger than body text, its attribution at body size on the right."""
    paras = []
    last = len(quote.paragraphs) - 1
    for i, p in enumerate(quote.paragraphs):
        text = plain(p.spans).strip()
        attribution = 0 < i == last and text[:1] in ("—", "–", "-")
        paras.append(TextPara(p.spans, italic=not attribution,
                              size=round(body) if attribution else round(body * 4 / 3),
                              align="right" if attribution else ""))
    return TextContent(tuple(paras), anchor="middle", size=body)


def _text_only(blocks: tuple[Block, ...]) -> bool:
    """Only paragraphs: what a section slide's small text box holds. A list, table, picture
    or columns make it a content slide, as pandoc makes a heading followed by content."""
    return all(isinstance(b, Paragraph) for b in blocks)


def _regions(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """Split a slide body into regions, each set top to bottom: one per column; else text
    beside one picture (or pictures side by side) as before, and everything else (tables
    with text, text around pictures) in one region, in the order written."""
    columns = [b for b in blocks if isinstance(b, Columns)]
    if columns:
        groups: list[list[Block]] = []
        before: list[Block] = []
        for block in blocks:
            if isinstance(block, Columns):
                for column in block.columns:
                    groups.append(list(column.blocks))
                if before and groups:
                    groups[len(groups) - len(block.columns)][:0] = before
                    before = []
            elif groups:
                groups[-1].append(block)
            else:
                before.append(block)
        return [g for g in groups if g]
    boxed = (Table, Image, Figures, Chart, Timeline, Cards)
    runs: list[list[Block]] = []
    for block in blocks:
        if isinstance(block, boxed):
            runs.append([block])
        elif runs and not isinstance(runs[-1][0], boxed):
            runs[-1].append(block)
        else:
            runs.append([block])
    tables = sum(isinstance(r[0], (Table, Figures, Timeline, Cards)) for r in runs)
    texts = sum(not isinstance(r[0], boxed) for r in runs)
    if (tables and len(runs) > 1) or texts > 1:
        return [list(blocks)]
    return runs


def _content(group: list[Block], pictures: dict[Path, Picture], size: float,
             body: float, style: str, accent: str, template: Template,
             language: str) -> Content | StackContent:
    """One region's content: text, a table, key figures or a picture, or a stack of them."""
    parts: list[Content] = []
    text: list[Block] = []
    for block in group:
        if not isinstance(block, (Table, Image, Figures, Chart, Timeline, Cards)):
            text.append(block)
            continue
        if text:
            parts.append(TextContent(block_paragraphs(text), size=size))
            text = []
        if isinstance(block, Timeline):
            parts.append(TimelineContent(tuple((m.date, m.event) for m in block.moments),
                                         float(round(body * 0.9)), float(round(body * 0.7)),
                                         accent))
            continue
        if isinstance(block, Chart):
            parts.append(chart_content(block, template, language))
            continue
        if isinstance(block, Cards):
            parts.append(cards_content(block, template, body))
            continue
        if isinstance(block, Figures):
            scale = FIGURE_SCALES[min(len(block.items), len(FIGURE_SCALES)) - 1]
            parts.append(FiguresContent(tuple((f.value, f.label) for f in block.items),
                                        float(round(body * scale)), float(round(body * 0.75)),
                                        accent))
            continue
        if isinstance(block, Image):
            picture = pictures[block.path]
            parts.append(PictureContent(picture.path, block.alt, picture.width, picture.height,
                                        block.width, block.height))
        else:
            parts.append(_table(block, body, style))
        if block.caption:
            parts.append(TextContent((TextPara(block.caption, italic=True, align="center"),),
                                     size=round(size * 0.8)))
    if text:
        parts.append(TextContent(block_paragraphs(text), size=size))
    return parts[0] if len(parts) == 1 else StackContent(tuple(parts))


def _table(table: Table, body: float, style: str) -> TableContent:
    """A table set in a share of the body text size: smaller as it grows."""
    rows = (table.header, *table.rows) if table.header else table.rows
    cols = max(len(r) for r in rows) if rows else 1
    lengths = [max((len(plain(r[c])) if c < len(r) else 0) for r in rows) for c in range(cols)]
    weights = [min(max(n, 4), 40) for n in lengths]
    total = sum(weights)
    share = TABLE_SHARES[0] if len(rows) <= 7 and cols <= 4 else \
        TABLE_SHARES[1] if len(rows) <= 12 else TABLE_SHARES[2]
    size = float(round(body * share))
    aligns = tuple(table.aligns) + ("",) * (cols - len(table.aligns))
    return TableContent(table.header, table.rows, aligns, tuple(w / total for w in weights), size,
                        style)


def _accepts(ph: Placeholder, content: Content | StackContent) -> int:
    """How well a placeholder suits content: lower is better, 99 means not at all."""
    order = {
        PictureContent: ("pic", "obj", "body"),
        TableContent: ("tbl", "obj", "body"),
        FiguresContent: ("obj", "body"),
        ChartContent: ("chart", "obj", "body"),
        TimelineContent: ("obj", "body"),
        CardsContent: ("obj", "body"),
        TextContent: ("obj", "body", "subTitle"),
        StackContent: ("obj", "body"),
    }[type(content)]
    return order.index(ph.type) if ph.type in order else 99


def _content_area(layout: Layout, template: Template) -> Rect:
    boxes = [p.rect for p in layout.content if p.rect]
    if boxes:
        left, top = min(b.left for b in boxes), min(b.top for b in boxes)
        right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
        return Rect(left, top, right - left, bottom - top)
    return template.body_area()


def _fill(layout: Layout, template: Template, contents: Sequence[Content | StackContent],
          pos: Pos,
          prefer: tuple[str, ...] = (), area: Rect | None = None) -> tuple[Region, ...]:
    """Place contents into the layout's placeholders, else into computed columns."""
    if not contents:
        return ()
    candidates = [p for p in layout.placeholders if p.type in prefer] if prefer else \
        layout.content
    candidates = [p for p in candidates if p.rect is not None]
    if area is None:
        assigned: list[list[Region]] = []
        free = list(candidates)
        for content in contents:
            best = min(free, key=lambda p: _accepts(p, content), default=None)
            if best is None or _accepts(best, content) == 99 or best.rect is None:
                break
            free.remove(best)
            if isinstance(content, TextContent) and _styles_no_lists(best):
                content = replace(content, own_bullets=True)
            if len(contents) > 1 or isinstance(content, StackContent):
                # text boxes of a stack wear the placeholder's style; column headings the
                # title colour, as in columns
                look = best.style if isinstance(content, StackContent) and \
                    not _styles_no_lists(best) else None
                content = _wear(content, look, template)
            assigned.append(_place(content, best.rect, layout.placeholders.index(best), pos,
                                   template))
        if len(assigned) == len(contents):
            return tuple(r for placed in assigned for r in placed)
        area = _content_area(layout, template)
    width = (area.width - GAP * (len(contents) - 1)) // len(contents)
    look = column_look(template, len(contents))
    regions: list[Region] = []
    for i, content in enumerate(contents):
        rect = Rect(area.left + i * (width + GAP), area.top, width, area.height)
        regions.extend(_place(_wear(content, look, template), rect, None, pos, template))
    return tuple(regions)


def column_look(template: Template, columns: int) -> TextStyle | None:
    """The style text in computed columns wears: the body of the two-content layout (else the
    content layout's, else the master's), a little smaller from three columns on."""
    look = None
    for role in ("two", "content"):
        styled = [p.style for p in template.role(role).layout.content
                  if p.style is not None and p.type in ("obj", "body")]
        if styled:
            look = styled[0]
            break
    if look is None:
        bodies = [m.body.style for m in template.masters if m.body and m.body.style]
        look = bodies[0] if bodies else None
    if look is None or columns <= 2:
        return look
    return replace(look, levels=tuple(replace(lv, size=float(round(lv.size * 0.85)))
                                      for lv in look.levels))


def heading_colour(template: Template) -> str:
    """The colour the template sets titles in (a scheme colour name or hex), '' if none."""
    for master in template.masters:
        if master.title is not None and master.title.style is not None:
            return master.title.style.level(0).color
    return ""


def _wear(content: Content | StackContent, look: TextStyle | None,
          template: Template) -> Content | StackContent:
    """Text set top-down in a column wears the body style (``look``, for a computed box),
    its headings the title colour; centred text (a quote) keeps its own sizes."""
    if isinstance(content, StackContent):
        return StackContent(tuple(_wear(part, look, template)  # type: ignore[misc]
                                  for part in content.parts))
    if not isinstance(content, TextContent) or content.anchor != "top":
        return content
    colour = heading_colour(template)
    paragraphs = tuple(replace(p, color=colour) if p.heading and colour else p
                       for p in content.paragraphs)
    return replace(content, paragraphs=paragraphs, look=look)


def _styles_no_lists(ph: Placeholder) -> bool:
    """No level of the placeholder draws a bullet or indents (LibreOffice-saved templates
    keep their list styles on the sample text, where slides do not inherit them)."""
    style = ph.style
    return style is not None and not any(lv.bullet or lv.margin for lv in style.levels)


def _fit(content: Content | StackContent, box: Rect) -> Rect:
    """Pictures keep their aspect ratio, centred in the box (or the share of it their
    width or height asks for); other content fills it."""
    if not isinstance(content, PictureContent) or not content.width or not content.height:
        return box
    if content.width_share or content.height_share:
        width = int(box.width * min(content.width_share or 1.0, 1.0))
        height = int(box.height * min(content.height_share or 1.0, 1.0))
        box = Rect(box.left + (box.width - width) // 2, box.top, width, height)
    scale = min(box.width / content.width, box.height / content.height)
    width, height = int(content.width * scale), int(content.height * scale)
    return Rect(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                width, height)


def figure_width(width: int, count: int) -> int:
    """The width of each of ``count`` key figures side by side in ``width``."""
    return (width - GAP * (count - 1)) // max(count, 1)


def fit_figures(width: int, content: FiguresContent, template: Template) -> FiguresContent:
    """Key figures whose numbers each stand on one line in their share of ``width``: all
    set in the largest size, up to the one asked for, at which the widest number fits (a
    number broken over two lines no longer reads as one)."""
    from temapakker.check.overflow import PT, text_width

    left, _, right, _ = template.text_style.insets
    room = (figure_width(width, len(content.figures)) - left - right) / PT * CARD_FIT
    font = template.text_style.level(0).font
    widest = max((text_width(value, 1.0, bold=True, font=font) for value, _ in content.figures),
                 default=0.0)
    if widest <= 0 or widest * content.value_size <= room:
        return content
    size = max(float(int(room / widest)), content.label_size)
    return replace(content, value_size=min(size, content.value_size))


def figures_height(width: int, content: FiguresContent, template: Template) -> int:
    """How tall key figures set side by side in ``width`` are, their numbers fitted: the
    tallest of them."""
    from temapakker.check.overflow import text_height

    content = fit_figures(width, content, template)
    each = figure_width(width, len(content.figures))
    return max((text_height(each, TextContent(content.paragraphs(n)), template)
                for n in range(len(content.figures))), default=0)


def _spans(width: int, content: TimelineContent) -> list[tuple[int, int]]:
    """Each moment's marker centre (from the left edge) and label width: a slot each, the
    marker in its middle; where labels alternate sides, a label may reach into the slots
    beside it, which are labelled on the other side, but not past the edges."""
    slot = width // len(content.moments)
    spans = []
    for n in range(len(content.moments)):
        centre = slot * n + slot // 2
        half = (2 * slot - GAP) // 2 if content.alternate else (slot - GAP // 2) // 2
        half = min(half, centre, width - centre)
        spans.append((centre, 2 * half))
    return spans


def _label_height(width: int, content: TimelineContent, template: Template) -> int:
    from temapakker.check.overflow import text_height

    return max(text_height(label, TextContent(content.paragraphs(n)), template)
               for n, (_, label) in enumerate(_spans(width, content)))


def timeline_height(width: int, content: TimelineContent, template: Template) -> int:
    """How tall a timeline is: its labels (on both sides where they alternate) around the
    markers."""
    label = _label_height(width, content, template)
    return MARKER + GAP // 2 + label + ((GAP // 2 + label) if content.alternate else 0)


def _timeline(content: TimelineContent, box: Rect, template: Template) -> TimelineContent:
    """The timeline's boxes, centred in the box's height: line, markers, labels."""
    label = _label_height(box.width, content, template)
    tall = min(timeline_height(box.width, content, template), box.height)
    top = box.top + (box.height - tall) // 2
    mid = top + ((label + GAP // 2) if content.alternate else 0) + MARKER // 2
    markers, labels, above = [], [], []
    for n, (offset, width) in enumerate(_spans(box.width, content)):
        centre = box.left + offset
        markers.append(Rect(centre - MARKER // 2, mid - MARKER // 2, MARKER, MARKER))
        up = content.alternate and n % 2 == 1
        y = mid - MARKER // 2 - GAP // 2 - label if up else mid + MARKER // 2 + GAP // 2
        labels.append(Rect(centre - width // 2, y, width, label))
        above.append(up)
    return replace(content, line=Rect(box.left, mid, box.width, 0), markers=tuple(markers),
                   labels=tuple(labels), above=tuple(above))


def card_colours(template: Template, count: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each card's fill, the theme's accents in turn, and its text colour: of the theme's
    background and text colours the one that reads best on the accent, if at 4.5:1, else
    white or black (one of which always does)."""
    fills = tuple(f"accent{n % 6 + 1}" for n in range(count))
    inks = []
    for fill in fills:
        paper = template.color(fill, "000000")
        ink = max(("bg1", "tx1"), key=lambda name: contrast(template.color(name), paper))
        if contrast(template.color(ink), paper) < MIN_CONTRAST:
            ink = max(("FFFFFF", "000000"), key=lambda hex_rgb: contrast(hex_rgb, paper))
        inks.append(ink)
    return fills, tuple(inks)


def cards_content(cards: Cards, template: Template, body: float) -> CardsContent:
    """Cards in the theme's accents, their headings at most a little larger than body text
    until they are placed and fitted to their boxes."""
    fills, inks = card_colours(template, len(cards.items))
    return CardsContent(tuple((c.number, c.heading, c.text) for c in cards.items), fills, inks,
                        float(round(body * CARD_SCALE)))


def card_rows(count: int) -> tuple[int, ...]:
    """How many cards each row holds: one row up to three, then rows of three (four as two
    and two)."""
    return CARD_ROWS.get(count) or (3,) * (count // 3) + ((count % 3,) if count % 3 else ())


def _cards(content: CardsContent, box: Rect, template: Template) -> CardsContent:
    """The cards' boxes, row by row (a short row centred), the grid centred in the box; and
    the largest heading size at which every card's text fits its box: cards are kept low
    (``CARD_RATIOS``) where the text is set as large there (within ``CARD_GAIN`` points),
    and use the whole row's height only where they must."""
    from temapakker.check.overflow import text_fits

    rows = card_rows(len(content.cards))
    columns = max(rows)
    width = max((box.width - GAP * (columns - 1)) // columns, 0)
    row_height = max((box.height - GAP * (len(rows) - 1)) // len(rows), 0)
    sizes = range(int(content.size), CARD_MIN - 1, -1)
    size, height = float(CARD_MIN), row_height

    def largest(tall: int) -> int | None:
        card = Rect(0, 0, int(width * CARD_FIT), tall)
        return next((s for s in sizes if all(
            text_fits(card, content.text(n, template, s), template)
            for n in range(len(content.cards)))), None)

    heights = sorted({min(row_height, int(width * r)) for r in CARD_RATIOS})
    found = [(fits, tall) for tall in heights if (fits := largest(tall)) is not None]
    if not found and (fits := largest(row_height)) is not None:
        found = [(fits, row_height)]
    if found:
        best = max(f for f, _ in found)
        fits, height = next((f, t) for f, t in found if f > best - CARD_GAIN)
        size = float(fits)
    top = box.top + (box.height - len(rows) * height - GAP * (len(rows) - 1)) // 2
    boxes: list[Rect] = []
    for row, count in enumerate(rows):
        left = box.left + (box.width - count * width - GAP * (count - 1)) // 2
        y = top + row * (height + GAP)
        boxes.extend(Rect(left + n * (width + GAP), y, width, height) for n in range(count))
    return replace(content, size=size, boxes=tuple(boxes[:len(content.cards)]))


def _rows(content: Content, box: Rect, template: Template) -> Content:
    """A table with its rows' heights for the box's width, key figures with a box each, a
    timeline with its shapes, cards with theirs; other content as it is."""
    if isinstance(content, TimelineContent):
        return _timeline(content, box, template)
    if isinstance(content, CardsContent):
        return _cards(content, box, template)
    if isinstance(content, FiguresContent):  # side by side, centred in the box's height
        content = fit_figures(box.width, content, template)
        each = figure_width(box.width, len(content.figures))
        tall = min(figures_height(box.width, content, template), box.height)
        top = box.top + (box.height - tall) // 2
        return replace(content, boxes=tuple(Rect(box.left + n * (each + GAP), top, each, tall)
                                            for n in range(len(content.figures))))
    if not isinstance(content, TableContent):
        return content
    from temapakker.check.overflow import table_padding, table_rows

    heights, _ = table_rows(box.width, content, template.text_style)
    if sum(heights) > box.height > 0:
        # too tall for its box (the overflow check says so): the rows keep within it, and
        # PowerPoint grows them to their text
        heights = tuple(h * box.height // sum(heights) for h in heights)
    return replace(content, row_heights=heights, padding=table_padding(content))


def _grow(table: TableContent, box: Rect, template: Template) -> TableContent:
    """A table alone in its box, set in the largest of the table sizes whose rows fit it
    (rows as tall as their text leave room that a long table's small type need not keep),
    else in the smallest."""
    from temapakker.check.overflow import table_height

    for share in TABLE_SHARES:
        size = float(round(template.body_size * share))
        if table_height(box.width, replace(table, size=size), template) <= box.height:
            return replace(table, size=size)
    return replace(table, size=float(round(template.body_size * TABLE_SHARES[-1])))


def _place(content: Content | StackContent, box: Rect, placeholder: int | None, pos: Pos,
           template: Template) -> list[Region]:
    """Content in its box; a stack as its parts, top to bottom: text and tables as tall as
    their text needs, pictures sharing what is left. Parts that do not fit keep their place
    and are cut at the box's foot, so the overflow check names the slide."""
    from temapakker.check.overflow import table_height, text_height

    if not isinstance(content, StackContent):
        if isinstance(content, TableContent):
            content = _grow(content, box, template)
        return [Region(_rows(content, box, template), _fit(content, box), placeholder, pos)]

    gap = GAP // 2
    needs: list[int | None] = []
    for part in content.parts:
        if isinstance(part, TextContent):
            needs.append(text_height(box.width, part, template))
        elif isinstance(part, TableContent):
            needs.append(table_height(box.width, part, template))
        elif isinstance(part, FiguresContent):
            needs.append(figures_height(box.width, part, template))
        elif isinstance(part, (ChartContent, CardsContent)):
            needs.append(None)  # shares the room left, as pictures do
        elif isinstance(part, TimelineContent):
            needs.append(timeline_height(box.width, part, template))
        elif part.height_share:
            needs.append(int(box.height * min(part.height_share, 1.0)))
        else:
            needs.append(None)
    flexible = needs.count(None)
    room = box.height - sum(n for n in needs if n is not None) - gap * (len(needs) - 1)
    figures = [i for i, part in enumerate(content.parts)
               if isinstance(part, (FiguresContent, TimelineContent))]
    if not flexible and figures and room > 0:  # key figures stand centred in the room left
        for i in figures:
            needs[i] = (needs[i] or 0) + room // len(figures)
    top, bottom = box.top, box.bottom
    out = []
    for part, need in zip(content.parts, needs, strict=True):
        if need is None:
            need = max(room // flexible, box.height // 5)
            if isinstance(part, PictureContent) and part.width and part.height:
                width = box.width * min(part.width_share or 1.0, 1.0)
                need = min(need, int(width * part.height / part.width))
        rect = Rect(box.left, top, box.width, max(min(need, bottom - top), 0))
        out.append(Region(_rows(part, rect, template), _fit(part, rect), None, pos))
        top = min(top + need + gap, bottom)
    return out
