"""Check a read pack: template, layouts, pictures, nesting. Collects diagnostics, writes nothing."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from temapakker.check.runsheet import check_runsheet
from temapakker.diagnostics import Pos, Sink
from temapakker.layouts import WORDS, describe_layouts, find_layout, suggest_layout
from temapakker.model import (
    Agenda,
    Block,
    Cards,
    Chart,
    CodeBlock,
    Columns,
    Figures,
    Image,
    ListBlock,
    Pack,
    Paragraph,
    Quote,
    Slide,
    Table,
    Timeline,
    plain,
)
from temapakker.read.files import MAX_PICTURE, UnsafeFile, regular_file
from temapakker.read.runsheet import RUNSHEET_FILE
from temapakker.template import Template, TemplateError, default_template_path, load_template

if TYPE_CHECKING:
    from temapakker.plan.deck import DeckPlan

MAX_LIST_DEPTH = 5  # PowerPoint's body styles are designed for five levels
MAX_FIGURES = 4  # key figures side by side on one slide
MAX_CARDS = 6  # cards on one slide: two rows of three
STATEMENT_CHARS = 160  # a statement longer than this is not read at a glance
# The roles slides are given without an explicit layout; others are used only when named.
USED_ROLES = ("title", "content", "section", "two", "title-only")
# Errors after which the rest of slides.md is not read as slides.
SLIDES_CUT = frozenset({"unclosed-fence", "nested-too-deep"})
PICTURE_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "BMP": "bmp", "TIFF": "tiff"}


@dataclass(frozen=True)
class Picture:
    """A picture that passed the checks: its file and pixel size."""

    path: Path
    width: int
    height: int


@dataclass
class Checked:
    """A pack with the resources the planner needs, once checks pass."""

    pack: Pack
    template: Template
    pictures: dict[Path, Picture] = field(default_factory=dict)
    runsheet_slides: list[tuple[int, ...]] = field(default_factory=list)
    # The deck as the plan-stage checks planned it (every picture found), kept so that the
    # build writes that plan rather than planning the deck again: see plan.deck.deck_of.
    deck: DeckPlan | None = None


def check_pack(pack: Pack, sink: Sink) -> Checked | None:
    """Check a pack; None when its template cannot be used (reported)."""
    template = _check_template(pack, sink)
    if template is None:
        return None
    checked = Checked(pack, template)
    if not pack.slides:
        sink.warning("no-slides", "slides.md has no slides; the deck holds only the title slide",
                     Pos(pack.slides_file, 1, 1),
                     hint="start a slide with a line '## Title'")
    for slide in pack.slides:
        if slide.layout is not None and find_layout(template, slide.layout) is None:
            from temapakker.plan.deck import slide_role

            role = slide_role(slide)
            sink.error("unknown-layout", f"the template has no layout named '{slide.layout}'",
                       slide.layout_pos or slide.pos, span=len(slide.layout) + 9,
                       hint=f"did you mean '{suggest_layout(template, slide.layout, role)}'? "
                       f"layouts in the template: {describe_layouts(template)}; standard "
                       "names such as 'Title Only' work with any template")
        if slide.background is not None:
            picture = _check_picture(slide.background, _folder_of(slide.background),
                                     sink, decorative=True)
            if picture:
                checked.pictures[slide.background.path] = picture
        for block in walk_blocks(slide.blocks):
            if isinstance(block, Image):
                picture = _check_picture(block, _folder_of(block), sink)
                if picture:
                    checked.pictures[block.path] = picture
            elif isinstance(block, ListBlock):
                _check_depth(block, 1, sink)
            elif isinstance(block, Agenda) and pack.runsheet is None and \
                    not (pack.root / RUNSHEET_FILE).is_file():  # else its own error says why
                sink.error("agenda-without-runsheet", "'::: agenda' fills a table from "
                           "kjoreplan.yaml, and this pack has none", block.pos,
                           hint="write kjoreplan.yaml beside slides.md, or type the programme "
                           "as a table")
            elif isinstance(block, Figures) and len(block.items) > MAX_FIGURES:
                sink.error("too-many-figures", f"{len(block.items)} key figures; a slide shows "
                           f"at most {MAX_FIGURES} side by side", block.items[MAX_FIGURES].pos,
                           hint="split them over two slides, or keep the strongest four")
            elif isinstance(block, Cards) and len(block.items) > MAX_CARDS:
                sink.error("too-many-cards", f"{len(block.items)} cards; a slide shows at most "
                           f"{MAX_CARDS}, in two rows of three", block.items[MAX_CARDS].pos,
                           hint="split them over two slides, or join the ones that belong "
                           "together")
            elif isinstance(block, Chart) and block.kind in ("pie", "doughnut") and \
                    len(block.series) > 1:
                sink.warning("chart-series", f"a {block.kind} chart draws one series; the "
                             f"columns after '{block.series[0][0]}' are left out of it",
                             block.pos, hint="use type=column or type=bar to compare series")
            elif isinstance(block, Columns) and not 1 <= len(block.columns) <= 3:
                sink.error("too-many-columns", f"{len(block.columns)} columns; a slide takes "
                           "one to three", block.pos, hint="split the content over two slides")
        if slide.kind == "section":
            found = next((b for b in slide.blocks if not isinstance(b, Paragraph)), None)
            if found is not None:
                kind = {Image: "a picture", Table: "a table", Columns: "columns",
                        Agenda: "an agenda", Figures: "key figures", Chart: "a chart",
                        Cards: "cards", Timeline: "a timeline",
                        ListBlock: "a list", CodeBlock: "code", Quote: "a quote"}[type(found)]
                sink.warning("section-content", f"a section slide shows text only; with {kind} "
                             "on it, this slide is laid out as a content slide", found.pos,
                             hint="to keep the section divider, put the rest on a '##' slide "
                             "after the section heading")
        if slide.statement is not None and not is_statement(slide):
            sink.warning("statement-content", "a statement slide shows one paragraph of at "
                         f"most {STATEMENT_CHARS} characters; this slide is laid out as a "
                         "content slide", slide.statement, span=10,
                         hint="keep one short sentence, and move the rest to the notes")
        if slide.image_side is not None and picture_side(slide) is None:
            _warn_image_side(slide, sink)
        for block in walk_blocks(slide.notes):
            if isinstance(block, Image):
                sink.warning("picture-in-notes", "pictures in speaker notes are left out; "
                             "its alt text is kept", block.pos)
    if pack.runsheet is not None:
        # When slides.md could not be read to its end, the run sheet's ids would be
        # checked against the slides that were read: every later id would be an error
        # that only follows from the one in slides.md. (An unclosed div ends at the next
        # slide heading, so the slides after it are read.)
        unread = any(d.code in SLIDES_CUT and d.pos.file == pack.slides_file
                     for d in sink.errors)
        checked.runsheet_slides = check_runsheet(pack, pack.runsheet,
                                                 Sink() if unread else sink)
    if pack.handout is not None:
        handout_blocks = pack.handout.intro + tuple(
            block for section in pack.handout.sections for block in section.blocks)
        for block in walk_blocks(handout_blocks):
            if isinstance(block, Image):
                sink.warning("picture-in-handout", "pictures in the handout are not shown "
                             "yet; its alt text is printed instead", block.pos)
    return checked


def _folder_of(image: Image) -> Path:
    """The pack folder a picture must lie in: that of the file naming it (for a variant's
    slides, the variant's; for those it takes from its base, the base's)."""
    return Path(os.path.realpath(image.pos.file.parent))


def is_statement(slide: Slide) -> bool:
    """{.statement} on a slide with one short paragraph: set large and centred."""
    return slide.statement is not None and len(slide.blocks) == 1 and \
        isinstance(slide.blocks[0], Paragraph) and \
        len(plain(slide.blocks[0].spans)) <= STATEMENT_CHARS


def picture_side(slide: Slide) -> Literal["left", "right"] | None:
    """{.image-left} / {.image-right} on a slide with one picture and no columns: the side
    the picture takes beside the text."""
    if slide.image_side is None or is_statement(slide) or \
            any(isinstance(b, Columns) for b in slide.blocks) or \
            sum(isinstance(b, Image) for b in slide.blocks) != 1:
        return None
    return slide.image_side[0]


def _warn_image_side(slide: Slide, sink: Sink) -> None:
    """Say why a slide's {.image-left} / {.image-right} has no effect."""
    assert slide.image_side is not None
    side, at = slide.image_side
    pictures = sum(isinstance(b, Image) for b in walk_blocks(slide.blocks))
    if any(isinstance(b, Columns) for b in slide.blocks):
        why = "this slide has columns"
    elif pictures == 0:
        why = "this slide has no picture"
    else:
        why = f"this slide has {pictures} pictures"
    sink.warning("image-side", f"'.image-{side}' lays one picture beside the text, and {why}; "
                 "it is laid out as a content slide", at, span=len(side) + 7,
                 hint="keep exactly one picture on the slide, or remove the class")


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, and the blocks inside columns."""
    for block in blocks:
        yield block
        if isinstance(block, Columns):
            for column in block.columns:
                yield from walk_blocks(column.blocks)


def _check_depth(block: ListBlock, depth: int, sink: Sink) -> None:
    for item in block.items:
        for child in item.children:
            if depth + 1 > MAX_LIST_DEPTH:
                sink.warning("deep-list", f"list nested {depth + 1} levels deep; levels below "
                             f"{MAX_LIST_DEPTH} are shown at level {MAX_LIST_DEPTH}", child.pos,
                             hint="use at most two levels on a slide")
                continue
            _check_depth(child, depth + 1, sink)


def _check_template(pack: Pack, sink: Sink) -> Template | None:
    path = pack.meta.template or default_template_path()
    where = pack.meta.positions.get("template", Pos(pack.root / "pack.yaml", 1, 1))
    if path.suffix.lower() not in (".pptx", ".potx"):
        sink.error("bad-template", f"template '{path.name}' is not a .pptx file", where,
                   hint="point template: to a PowerPoint file (.pptx)")
        return None
    try:
        template = load_template(path)
    except TemplateError as exc:
        sink.error("bad-template", f"cannot use template {path}: {exc}", where,
                   hint="check the path (relative to pack.yaml) or remove the line to use the "
                   "default theme")
        return None
    missing = [WORDS[m.role] for m in template.roles
               if m.how == "built-in" and m.role in USED_ROLES]
    if missing:
        sink.warning("missing-layout", f"the template has no layout for {_join(missing)}; "
                     "the built-in theme's is used with the template's master", where,
                     hint="add such a layout to the template's slide master, or rename one "
                     "(see 'temapakker template check')")
    if template.notes == "no-body" and _has_notes(pack):
        sink.warning("notes-master", "the template's notes master has no place for notes "
                     "text; the built-in theme's is added so the speaker notes are kept", where,
                     hint="add a notes placeholder in PowerPoint (View → Notes Master)")
    return template


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _has_notes(pack: Pack) -> bool:
    return bool(pack.title_notes) or any(slide.notes for slide in pack.slides)


def _check_picture(image: Image, root: Path, sink: Sink,
                   decorative: bool = False) -> Picture | None:
    """A picture must lie inside the pack, exist, and be a raster format PowerPoint shows."""
    if not image.alt.strip() and not decorative:
        sink.warning("missing-alt", f"picture '{image.src}' has no alt text", image.pos,
                     hint="describe it between the brackets: ![what the picture shows](…)")
    if image.src.startswith(("http://", "https://")):
        sink.error("remote-picture", f"'{image.src}' is on the web; the build works offline",
                   image.pos, hint="download the picture into the pack's media/ folder")
        return None
    if not Path(os.path.realpath(image.path)).is_relative_to(root):
        sink.error("outside-pack", f"picture '{image.src}' lies outside the pack folder",
                   image.pos, hint="copy the picture into the pack's media/ folder and "
                   "refer to it as media/…")
        return None
    try:
        path = regular_file(image.path, root, MAX_PICTURE)
    except FileNotFoundError:
        sink.error("missing-picture", f"picture '{image.src}' does not exist", image.pos,
                   hint="check the file name (letter case counts) relative to slides.md")
        return None
    except UnsafeFile as exc:
        sink.error("bad-picture", f"picture '{image.src}' cannot be used: {exc}", image.pos,
                   hint=exc.hint)
        return None
    except (OSError, RuntimeError):  # a symlink loop, a name too long for the system
        sink.error("bad-picture", f"picture '{image.src}' cannot be opened", image.pos,
                   hint="check the file name and that it is a real file, not a broken link")
        return None
    if path.suffix.lower() == ".svg":
        sink.error("unsupported-picture", f"'{image.src}' is SVG, which not every program "
                   "opening the deck can show", image.pos,
                   hint="export it as PNG (at least 1600 pixels wide)")
        return None
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns (on stderr, unasked) about pictures of 89 to 179 megapixels and
            # refuses larger ones: both are too large for a slide.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                fmt, (width, height) = im.format or "", im.size
    except (UnidentifiedImageError, OSError):
        sink.error("bad-picture", f"'{image.src}' is not a picture PowerPoint can read", image.pos,
                   hint="save it again as PNG or JPEG")
        return None
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        sink.error("bad-picture", f"'{image.src}' is too large to place on a slide", image.pos,
                   hint="scale it down to at most 4000 pixels on the long side")
        return None
    if fmt not in PICTURE_FORMATS:
        sink.error("unsupported-picture", f"'{image.src}' is {fmt or 'an unknown format'}; "
                   "use PNG or JPEG", image.pos, hint="save it again as PNG or JPEG")
        return None
    if _cut_short(path, fmt):
        sink.error("bad-picture", f"picture '{image.src}' is cut short: the file ends before "
                   "the picture does", image.pos,
                   hint="copy or export the picture again; a download or copy was interrupted")
        return None
    return Picture(path, width, height)


# How each format's last bytes look when the file is whole. Read from the file's tail
# rather than by decoding it: fast, and the same whether or not another library (WeasyPrint)
# has told Pillow to accept truncated pictures.
_ENDS = {"PNG": b"IEND\xaeB`\x82", "JPEG": b"\xff\xd9", "GIF": b";"}


def _cut_short(path: Path, fmt: str) -> bool:
    end = _ENDS.get(fmt)
    if end is None:
        return False
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        tail = handle.read()
    # PNG ends with its IEND chunk; a JPEG or GIF may carry a few bytes after its end mark.
    return not tail.endswith(end) if fmt == "PNG" else end not in tail

