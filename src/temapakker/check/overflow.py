"""Measure planned slide text against its boxes: text that overflows is noticed at build time.

Every text region of a planned deck (titles, placeholders, text boxes, table cells) is set
the way PowerPoint sets it: the box's insets and the paragraph's margin give the line width,
words are measured in the box's own font (each level's typeface, from the template) with the
metrics of a font of the same widths: Carlito for Calibri (shipped in ``fonts/``),
Liberation Sans for Arial and Liberation Serif for Times New Roman (their advances and
kerning only, as tables), and Liberation Sans, which errs wide, for a font we have no
metrics for (:data:`FAMILIES`), and kerned as PowerPoint kerns them
(``fonts/kerning*.json``, from scripts/make_kerning.py) and wrapped at spaces and after
hyphens, and lines are stacked with the template's font sizes, line spacing and space
before. Text too tall for its box is shrunk to fit as PowerPoint's «shrink text on overflow»
would (:func:`fit_slide`, called by the planner; the writer writes the scale as
a:normAutofit). A box whose text runs past its edge even so gets a warning; so does a word
too long for a line, which PowerPoint breaks in the middle.

The deck is planned after the checks, so the build calls :func:`check_overflow` with the
plan. Widths and heights are in EMU (12700 to the point) unless a name says otherwise.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from temapakker.diagnostics import Sink
from temapakker.model import Inline
from temapakker.plan.deck import (
    CardsContent,
    DeckPlan,
    FiguresContent,
    PictureContent,
    Region,
    SlidePlan,
    TableContent,
    TextContent,
    TextFit,
    TimelineContent,
)
from temapakker.plan.text import TextPara, number_indent
from temapakker.template import LevelStyle, Placeholder, Rect, Template, TextStyle

PT = 12700  # EMU per point
CM = 360000  # EMU per centimetre
UNITS = 2048  # units per em of every font measured; loaded at this size, widths are exact
# Single-spaced line height as a share of the font size. PowerPoint sets Calibri lines 1.2
# sizes apart; LibreOffice sets Carlito 1.199 apart (measured in scripts/overflow_validate.py).
LINE = 1.2
CODE_ADVANCE = 1126 / 2048  # Consolas, the writer's code font: every glyph is this wide
# Carlito and the tables, shipped in the package (a folder beside this one; found by path,
# as importlib.resources would cost every build a few milliseconds of imports).
FONTS = Path(__file__).parent.parent / "fonts"
# The metrics a typeface is measured with: its own, or those of a font with the same widths
# (Carlito is Calibri's, Liberation Sans Arial's, Liberation Serif Times New Roman's). A
# typeface not named here is measured as Liberation Sans: wider than Calibri, and as wide as
# or wider than the sans fonts templates use instead (Corbel, Segoe UI, Aptos, Arial Narrow,
# whose text then shrinks a little more than it must); too narrow a measure would let text
# run over its box. 'LiberationMono' is Courier New's fixed pitch, every glyph MONO_ADVANCE.
FAMILIES = {
    "calibri": "Carlito", "calibri light": "Carlito", "carlito": "Carlito",
    "arial": "LiberationSans", "helvetica": "LiberationSans", "arimo": "LiberationSans",
    "liberation sans": "LiberationSans",
    "times new roman": "LiberationSerif", "times": "LiberationSerif",
    "tinos": "LiberationSerif", "liberation serif": "LiberationSerif",
    "courier new": "LiberationMono", "courier": "LiberationMono", "cousine": "LiberationMono",
    "liberation mono": "LiberationMono",
}
DEFAULT_FAMILY = "LiberationSans"
MONO_ADVANCE = 1229 / 2048  # Liberation Mono (Courier New's metrics)
# What the deck writer does with text it styles itself (writers/pptx_deck.py, pptx_text.py);
# tests/test_overflow.py checks that these match.
INDENT = 285750
TABLE_MARGINS = (91440, 45720, 91440, 45720)  # a:tcPr defaults: left, top, right, bottom
TABLE_PAD = 0.3  # the space above and below a cell's text, in font sizes
# Text overflows when its lines run past the box's edge by more than a quarter of a line:
# less than that is the descenders (g, j, p, y) of the last line, which nobody notices.
SLACK = 0.25
MIN_PICTURE = 2 * CM  # a picture smaller than this, squeezed by what is stacked with it
# Text too tall for its box is shrunk as PowerPoint shrinks it (a:normAutofit): the font in
# steps of 2.5 % down to FIT_FLOOR, the spacing 10 or 20 % closer (PowerPoint's own steps).
# Of the fits that work, the one that shrinks the lines least is taken (a font a little
# smaller before lines closer together); text that does not fit even at the floor is
# shrunk the most and warned about.
FIT_FLOOR = 0.7
FIT_STEP = 0.025
LINE_CUTS = (0.0, 0.1, 0.2)
FITS = tuple(sorted(
    (TextFit(round(1 - step * FIT_STEP, 3), cut)
     for step in range(round((1 - FIT_FLOOR) / FIT_STEP) + 1) for cut in LINE_CUTS
     if step or cut),
    key=lambda f: (-f.font_scale * (1 - f.line_cut), -f.font_scale)))
STYLES = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic",
          (True, True): "BoldItalic"}
HYPHEN = re.compile(r"(?<=\w[-\u2010\u2013\u2014])(?=\w)")  # break after a hyphen or dash
SPACES = re.compile(r"( +)")


@dataclass(frozen=True)
class Measure:
    """One box of a planned slide, measured: how tall its text is against the box."""

    slide: SlidePlan
    part: str  # 'title', 'text' or 'table'
    rect: Rect
    needed: int  # from the box's top edge to the end of the text (top inset included)
    lines: int  # lines of text set (table: rows)
    line: int  # the text's height over its lines (paragraph spacing shared out among them)
    wide: tuple[str, ...] = ()  # words longer than their line
    # the template asks to shrink this box's text (a:normAutofit); PowerPoint does so only
    # once someone edits the box, LibreOffice and Google Slides never: it still overflows
    shrinks: bool = False
    anchor: str = "t"  # 't': text runs out at the bottom, 'b': at the top, 'ctr': both
    fit: TextFit | None = None  # the text is measured shrunk so

    @property
    def excess(self) -> int:
        """How far the text runs past the box's edge (negative: room left)."""
        return self.needed - self.rect.height

    @property
    def overflows(self) -> bool:
        """The text runs past its box by more than the slack."""
        return self.excess > SLACK * self.line


def check_overflow(plan: DeckPlan, template: Template, sink: Sink) -> None:
    """Warn about each box whose text is taller than the box or has a word wider than it,
    and each picture that the text and tables stacked with it leave no room for."""
    for slide in plan.slides:
        for region in slide.regions:
            if isinstance(region.content, PictureContent) and \
                    min(region.rect.height, region.rect.width) < MIN_PICTURE:
                sink.warning("overflow", f"the picture '{region.content.path.name}' on slide "
                             f"{slide.number} ('{slide.id}') has no room left: the text and "
                             "tables above it fill its place", slide.pos,
                             hint="shorten the text, or give the picture a slide or a column "
                             "of its own")
    for m in measure_deck(plan, template):
        where = f"the {m.part} on slide {m.slide.number} ('{m.slide.id}')"
        if m.overflows:
            lines = max(1, round(m.excess / m.line)) if m.line else 1
            unit = "row" if m.part == "table" else "line"
            shrunk = f", even with its text shrunk to {m.fit.font_scale:.0%}" if m.fit else ""
            sink.warning(
                "overflow",
                f"{where} is about {lines} {unit}{'s' if lines != 1 else ''} / "
                f"{m.excess / CM:.1f} cm taller than its box{shrunk}",
                m.slide.pos, hint=_hint(m) + ("; the template asks to shrink text to fit, but "
                                              "PowerPoint does so only after an edit and "
                                              "LibreOffice never"
                                              if m.shrinks and not m.fit else ""))
        if m.wide:
            word = m.wide[0] if len(m.wide[0]) <= 40 else m.wide[0][:39] + "…"
            sink.warning(
                "overflow",
                f"{where} is too wide for its box: the word '{word}' is longer than a line",
                m.slide.pos,
                hint="PowerPoint breaks the word in the middle; shorten it, add a hyphen or a "
                     "space, or give it a wider box (fewer columns)")


def _hint(m: Measure) -> str:
    if m.part == "title":
        return "shorten the title; the slide text can carry the rest"
    if m.part == "table":
        return "split the table over two slides, or shorten the cells"
    return ("shorten the text, split the slide in two, or choose a layout with a bigger box "
            "({layout=\"…\"} after the slide's title)")


def measure_deck(plan: DeckPlan, template: Template) -> list[Measure]:
    """Every text box of every slide, measured (boxes that fit are included)."""
    measures: list[Measure] = []
    for slide in plan.slides:
        measures.extend(measure_slide(slide, template))
    return measures


def measure_slide(slide: SlidePlan, template: Template) -> Iterator[Measure]:
    """The title and each text or table region of one planned slide."""
    layout = template.by_key(slide.layout)
    if layout is None:
        return
    title = layout.title
    if slide.title and title is not None and title.rect is not None and title.style:
        yield _measure_text(slide, "title", title.rect, (TextPara(slide.title),), title.style,
                            own_bullets=False)
    elif slide.title_box is not None:
        box, boxed = slide.title_box.rect, slide.title_box.content
        if isinstance(boxed, TextContent):
            yield _measure_text(slide, "title", box, boxed.paragraphs, template.text_style,
                                own_bullets=True, default_size=boxed.size)
    for region in slide.regions:
        content = region.content
        if isinstance(content, FiguresContent):
            for n, box in enumerate(content.boxes):
                yield _measure_text(slide, "text", box, content.paragraphs(n),
                                    template.text_style, own_bullets=True)
        if isinstance(content, TimelineContent):
            for n, box in enumerate(content.labels):
                yield _measure_text(slide, "text", box, content.paragraphs(n),
                                    template.text_style, own_bullets=True)
        if isinstance(content, CardsContent):
            for n, box in enumerate(content.boxes):
                card = content.text(n, template)
                assert card.look is not None
                yield _measure_text(slide, "text", box, card.paragraphs, card.look,
                                    own_bullets=False)
        if isinstance(content, TableContent):
            yield _measure_table(slide, region.rect, content, template.text_style)
        elif isinstance(content, TextContent):
            yield _measure_region(slide, region, content, layout.placeholders, template)


def _measure_region(slide: SlidePlan, region: Region, content: TextContent,
                    placeholders: tuple[Placeholder, ...], template: Template) -> Measure:
    """A text region, set in its placeholder's style, its own look or the template's text
    style, shrunk as ``content.fit`` says."""
    ph = placeholders[region.placeholder] if region.placeholder is not None else None
    if ph is not None and ph.style is not None:
        return _measure_text(slide, "text", region.rect, content.paragraphs, ph.style,
                             own_bullets=content.own_bullets, fit=content.fit)
    if content.look is not None:
        return _measure_text(slide, "text", region.rect, content.paragraphs, content.look,
                             own_bullets=False, fit=content.fit)
    return _measure_text(slide, "text", region.rect, content.paragraphs, template.text_style,
                         own_bullets=True, default_size=content.size,
                         anchor="ctr" if content.anchor == "middle" else "t", fit=content.fit)


def fit_slide(slide: SlidePlan, template: Template) -> SlidePlan:
    """The slide with each text region that is taller than its box shrunk until it fits
    (:class:`TextFit`), no further than FIT_FLOOR; regions that fit are left as they are."""
    layout = template.by_key(slide.layout)
    if layout is None:
        return slide
    regions = tuple(_fit_region(slide, region, layout.placeholders, template)
                    for region in slide.regions)
    return slide if regions == slide.regions else replace(slide, regions=regions)


def _fit_region(slide: SlidePlan, region: Region, placeholders: tuple[Placeholder, ...],
                template: Template) -> Region:
    content = region.content
    if not isinstance(content, TextContent) or content.fit is not None or \
            _measure_region(slide, region, content, placeholders, template).excess <= 0:
        return region
    for fit in FITS:
        fitted = replace(content, fit=fit)
        if _measure_region(slide, region, fitted, placeholders, template).excess <= 0:
            return replace(region, content=fitted)
    # too tall even at the floor: the check says so
    return replace(region, content=replace(content, fit=FITS[-1]))


# -- setting text ----------------------------------------------------------------------------

@dataclass
class _Set:
    """Paragraphs set into one width: their height, line count and too-long words."""

    height: float = 0.0  # EMU
    lines: int = 0
    line: float = 0.0  # the last line's height
    wide: tuple[str, ...] = ()


def _measure_text(slide: SlidePlan, part: str, rect: Rect, paragraphs: tuple[TextPara, ...],
                  style: TextStyle, own_bullets: bool, default_size: float | None = None,
                  anchor: str | None = None, fit: TextFit | None = None) -> Measure:
    left, top, right, _ = style.insets
    anchor = anchor or style.anchor
    done = _set_paragraphs(paragraphs or (TextPara(()),), rect.width - left - right, style,
                           own_bullets, default_size, fit=fit)
    pitch = done.height / done.lines if done.lines else done.line  # spacing included
    return Measure(slide, part, rect, round(top + done.height), done.lines, round(pitch),
                   done.wide, style.autofit == "shrink", anchor, fit)


def fitted_size(size: float, fit: TextFit | None) -> float:
    """A font size shrunk by a fit: PowerPoint rounds it to whole points (half up); the
    exact product is kept when it is the bigger, so that the text is never measured small."""
    if fit is None:
        return size
    scaled = size * fit.font_scale
    return max(scaled, math.floor(scaled + 0.5))


def _set_paragraphs(paragraphs: tuple[TextPara, ...], width: int, style: TextStyle,
                    own_bullets: bool, default_size: float | None,
                    header: bool = False, fit: TextFit | None = None) -> _Set:
    done = _Set()
    wide: list[str] = []
    cut = fit.line_cut if fit else 0.0
    for i, para in enumerate(paragraphs):
        level = style.level(para.level)
        size = fitted_size(para.size or default_size or level.size, fit)
        bold = para.bold or level.bold or header
        margin, indent, bullet = _indents(para, level, own_bullets)
        first = width - margin - (0 if bullet else indent)
        lines, too_wide = _wrap(para.spans, size, bold, para.italic, para.code, first,
                                width - margin, family_of(level.font))
        wide.extend(too_wide)
        # A fit's line spacing reduction (lnSpcReduction) is taken off the line spacing and
        # the space before alike, as LibreOffice applies it; the font scale leaves a space
        # given in points as it is.
        line = level.spacing_pts * PT if level.spacing_pts else \
            LINE * size * PT * (level.spacing - cut)
        if i:  # PowerPoint leaves out the space before a box's first paragraph
            done.height += level.before * PT * (1 - cut) + level.before_lines * line
        done.height += lines * line
        done.lines += lines
        done.line = line
    done.wide = tuple(wide)
    return done


def _indents(para: TextPara, level: LevelStyle, own_bullets: bool) -> tuple[int, int, bool]:
    """The paragraph's left margin, first-line indent and whether it has a bullet."""
    if para.bullet == "none":  # the writer sets marL (0 but for a definition), a:buNone
        return INDENT * para.level, 0, False
    wide = number_indent(para)
    if wide is not None:
        return wide * (para.level + 1), -wide, True
    if own_bullets:
        return INDENT * (para.level + 1), -INDENT, True
    return level.margin, level.indent, level.bullet or para.bullet == "number"


def _wrap(spans: Inline, size: float, bold: bool, italic: bool, code: bool, first: int,
          width: int, family: str = "Carlito") -> tuple[int, list[str]]:
    """Lines a paragraph takes, greedy like PowerPoint, and the words longer than a line."""
    scale = size * PT
    lines, x, glue, empty = 1, 0.0, 0.0, True
    limit = float(first)
    wide: list[str] = []
    for kind, text, advance in _items(spans, bold, italic, code, family):
        w = advance * scale
        if kind == "break":
            lines, x, glue, empty, limit = lines + 1, 0.0, 0.0, True, float(width)
        elif kind == "glue":
            if not empty:
                glue += w
        elif not empty and x + glue + w <= limit:
            x, glue = x + glue + w, 0.0
        else:
            if not empty:
                lines, limit = lines + 1, float(width)
            if w > limit > 0 and width > 0:  # broken inside the word, line after line
                wide.append(text)
                extra = math.ceil((w - limit) / width)
                lines += extra
                w = w - limit - (extra - 1) * width
                limit = float(width)
            x, glue, empty = w, 0.0, False
    return lines, wide


@lru_cache(maxsize=4096)
def _items(spans: Inline, bold: bool, italic: bool, code: bool,
           family: str = "Carlito") -> tuple[tuple[str, str, float], ...]:
    """The paragraph as boxes (words, or parts of words between hyphens), glue (spaces, where
    a line may break) and hard breaks; widths are per point of font size, in the metrics of
    ``family``. Kept: a paragraph is measured again at each size a fit tries, and by the
    plan and the check alike."""
    return tuple(_split(spans, bold, italic, code, family))


def _split(spans: Inline, bold: bool, italic: bool, code: bool,
           family: str) -> Iterator[tuple[str, str, float]]:
    word: list[str] = []
    width = 0.0
    for span in spans:
        variant = (span.bold or bold, span.italic or italic, span.code or code)
        for n, chunk in enumerate(span.text.split("\n")):
            if n:
                if word:
                    yield from _word("".join(word), width)
                    word, width = [], 0.0
                yield "break", "", 0.0
            for piece in SPACES.split(chunk):
                if not piece:
                    continue
                if piece.startswith(" "):
                    if word:
                        yield from _word("".join(word), width)
                        word, width = [], 0.0
                    yield "glue", piece, _advance(piece, variant, family)
                else:
                    word.append(piece)
                    width += _advance(piece, variant, family)
    if word:
        yield from _word("".join(word), width)


def _word(text: str, width: float) -> Iterator[tuple[str, str, float]]:
    parts = HYPHEN.split(text)
    if len(parts) == 1:
        yield "box", text, width
        return
    total = sum(len(p) for p in parts)
    for i, part in enumerate(parts):  # share the measured width out by characters
        if i:
            yield "glue", "", 0.0
        yield "box", part, width * len(part) / total


def text_width(text: str, size: float, bold: bool = False, font: str = "Calibri") -> float:
    """The width of text set in ``font`` (measured as :func:`family_of` says) at size, in
    points."""
    return _advance(text, (bold, False, False), family_of(font)) * size


@lru_cache(maxsize=64)
def family_of(typeface: str) -> str:
    """The metrics a typeface is measured with (:data:`FAMILIES`)."""
    return FAMILIES.get(typeface.strip().casefold(), DEFAULT_FAMILY)


@lru_cache(maxsize=8192)
def _advance(text: str, variant: tuple[bool, bool, bool], family: str = "Carlito") -> float:
    """The width of text at 1 pt, in points, kerned, in the metrics of ``family``."""
    bold, italic, code = variant
    if code:
        return CODE_ADVANCE * len(text)
    if family == "LiberationMono":
        return MONO_ADVANCE * len(text)
    style = STYLES[(bold, italic)]
    advances = _advances(style, family)
    try:
        # The basic layout neither kerns nor joins glyphs: its width is the sum of the
        # characters' advances, so the font is loaded only for a character not in the table.
        width = float(sum(advances[c] for c in text))
    except KeyError:
        width = _untabled(text, style, family, advances)
    kerning = _kerning(style, family)
    if kerning:
        width += sum(kerning.get(text[i:i + 2], 0) for i in range(len(text) - 1))
    return width / UNITS


def _untabled(text: str, style: str, family: str, advances: dict[str, int]) -> float:
    """Text with a character the family's table lacks: Carlito's font measures it (Carlito
    covers Cyrillic and Greek; another family's TTF is not shipped), widened by how much wider
    the family's letters are than Carlito's, but never narrowed."""
    if family == "Carlito":
        return float(_font(style).getlength(text))
    return sum(advances[c] if c in advances else
               float(_font(style).getlength(c)) * _widening(style, family) for c in text)


@lru_cache(maxsize=16)
def _widening(style: str, family: str) -> float:
    """How much wider the family sets letters and digits than Carlito, at least 1."""
    sample = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    own, carlito = _advances(style, family), _advances(style, "Carlito")
    return max(1.0, sum(own[c] for c in sample) / sum(carlito[c] for c in sample))


@lru_cache(maxsize=4)
def _font(style: str) -> Any:
    """Carlito at one unit per pixel, laid out the same on every machine (no libraqm)."""
    from PIL import ImageFont

    path = FONTS / f"Carlito-{style}.ttf"
    return ImageFont.truetype(str(path), UNITS, layout_engine=ImageFont.Layout.BASIC)


def _table(kind: str, family: str) -> str:
    """The file of a family's advances or kerning (Carlito's have no suffix)."""
    return f"{kind}.json" if family == "Carlito" else f"{kind}-{family}.json"


@lru_cache(maxsize=16)
def _advances(style: str, family: str = "Carlito") -> dict[str, int]:
    """Each character's advance in font units, as the basic layout measures it
    (``fonts/advances*.json``, from scripts/make_kerning.py)."""
    data = (FONTS / _table("advances", family)).read_text("utf-8")
    by_value: dict[str, str] = json.loads(data)[style]
    return {char: int(value) for value, chars in by_value.items() for char in chars}


@lru_cache(maxsize=16)
def _kerning(style: str, family: str = "Carlito") -> dict[str, int]:
    """Kerning pairs in font units: {'AV': -37, …}."""
    kerning: dict[str, int] = {}
    # Cut into pairs by the regular expression engine: twice as fast as slicing in Python,
    # and every build of a deck with bold text pays this for two styles.
    for value, pairs in _kerning_file(family).get(style, {}).items():
        kerning.update(dict.fromkeys(_PAIR.findall(pairs), int(value)))
    return kerning


_PAIR = re.compile("..", re.DOTALL)


@lru_cache(maxsize=4)
def _kerning_file(family: str = "Carlito") -> dict[str, dict[str, str]]:
    """fonts/kerning*.json: per style, each kerning value and its pairs run together."""
    data = (FONTS / _table("kerning", family)).read_text("utf-8")
    found: dict[str, dict[str, str]] = json.loads(data)
    return found


# -- tables ----------------------------------------------------------------------------------

def table_padding(content: TableContent) -> int:
    """The space above and below a cell's text, in EMU: rows are as tall as their text and
    this, with the text centred in them."""
    return round(content.size * TABLE_PAD * PT)


def _measure_table(slide: SlidePlan, rect: Rect, content: TableContent,
                   style: TextStyle) -> Measure:
    """Rows grow to fit their tallest cell, as in PowerPoint; the table must fit its region."""
    heights, wide = table_rows(rect.width, content, style)
    line = round(LINE * content.size * PT)
    return Measure(slide, "table", rect, sum(heights), len(heights),
                   max(line + 2 * table_padding(content), 1), tuple(wide))


def table_rows(width: int, content: TableContent,
               style: TextStyle) -> tuple[tuple[int, ...], list[str]]:
    """The height of each row of a table set into ``width`` (its tallest cell's text and the
    padding), and its words too long for their cells."""
    rows = (content.header, *content.rows) if content.header else content.rows
    left, _, right, _ = TABLE_MARGINS
    pad = table_padding(content)
    widths = [int(width * share) for share in content.widths]
    widths[-1] += width - sum(widths)
    heights, wide = [], list[str]()
    for r, row in enumerate(rows):
        tallest = 0.0
        for c, cell_width in enumerate(widths):
            spans = row[c] if c < len(row) else ()
            para = TextPara(spans, size=content.size)
            done = _set_paragraphs((para,), cell_width - left - right, style, False, None,
                                   header=r == 0 and bool(content.header))
            wide.extend(done.wide)
            tallest = max(tallest, done.height)
        heights.append(math.ceil(tallest + 2 * pad))
    return tuple(heights), wide


def table_height(width: int, content: TableContent, template: Template) -> int:
    """How tall a table of this width comes out, each row as tall as its text needs."""
    return sum(table_rows(width, content, template.text_style)[0])


def text_fits(box: Rect, content: TextContent, template: Template) -> bool:
    """Whether text fits a box of this size: no taller than it, and no word wider than a
    line (which PowerPoint would break in the middle)."""
    style = content.look or template.text_style
    left, top, right, bottom = style.insets
    done = _set_paragraphs(content.paragraphs or (TextPara(()),), box.width - left - right,
                           style, content.look is None, None if content.look else content.size)
    return not done.wide and top + done.height + bottom <= box.height


def text_height(width: int, content: TextContent, template: Template) -> int:
    """How tall a text box of this width must be for its text, insets included."""
    style = content.look or template.text_style
    left, top, right, bottom = style.insets
    done = _set_paragraphs(content.paragraphs or (TextPara(()),), width - left - right, style,
                           content.look is None, None if content.look else content.size)
    return math.ceil(top + done.height + bottom)
