"""Key figures ('::: figures') and statement slides ({.statement}), opened as a user would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN

from tests.conftest import run_cli
from tests.test_libreoffice import fonts_of, needs_impress, to_pdf

MakePack = Callable[..., Path]

SLIDES = """\
## Tall som teller {#tall}

::: figures
- **13 %** av barna går i kulturskolen
- **100 000** barn og unge
- **16** pilotkommuner
:::

## Med tekst over {#stabel}

- Et punkt over tallene

::: figures
**55** søknader

**14** kommuner til slutt
:::

## Poenget {#poeng .statement}

Kulturskolen er for alle.
"""


def build(make_pack: MakePack, workdir: Path, slides: str = SLIDES) -> Path:
    make_pack("a", slides=slides)
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return workdir / "build" / "a" / "a.pptx"


def boxes(slide: object) -> list:  # type: ignore[type-arg]
    shapes = [s for s in slide.shapes  # type: ignore[attr-defined]
              if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    return sorted(shapes, key=lambda s: (s.top, s.left))


def test_key_figures_are_native_text_side_by_side(make_pack: MakePack, workdir: Path) -> None:
    deck = Presentation(str(build(make_pack, workdir)))
    figures = boxes(deck.slides[1])
    assert [[p.text for p in b.text_frame.paragraphs] for b in figures] == [
        ["13 %", "av barna går i kulturskolen"], ["100 000", "barn og unge"],
        ["16", "pilotkommuner"]]
    assert len({b.top for b in figures}) == 1 and len({b.width for b in figures}) == 1
    assert figures[0].left + figures[0].width < figures[1].left
    assert figures[2].left + figures[2].width <= deck.slide_width
    for box in figures:
        number, label = box.text_frame.paragraphs
        run = number.runs[0]
        assert run.font.bold and str(run.font.color.theme_color).startswith("ACCENT_1")
        # the default theme's body is 28 pt: numbers twice that, labels three quarters
        assert run.font.size.pt == 56 and label.runs[0].font.size.pt == 21
        assert number.alignment == PP_ALIGN.CENTER == label.alignment
    # alone on the slide, the figures stand in the middle of the body's height
    body_top = figures[0].top
    assert body_top > deck.slide_height // 3


def test_figures_under_text_share_the_region(make_pack: MakePack, workdir: Path) -> None:
    deck = Presentation(str(build(make_pack, workdir)))
    shapes = boxes(deck.slides[2])
    assert [b.text_frame.text for b in shapes] == [
        "Et punkt over tallene", "55\nsøknader", "14\nkommuner til slutt"]
    text, first, second = shapes
    assert text.top + text.height <= first.top and first.top == second.top
    assert first.top + first.height <= deck.slide_height


def test_statement_is_large_and_centred(make_pack: MakePack, workdir: Path) -> None:
    deck = Presentation(str(build(make_pack, workdir)))
    slide = deck.slides[3]
    assert slide.slide_layout.name == "Title Only"
    assert slide.shapes.title.text == "Poenget"
    [box] = boxes(slide)
    para = box.text_frame.paragraphs[0]
    assert para.text == "Kulturskolen er for alle."
    assert para.alignment == PP_ALIGN.CENTER
    assert para.runs[0].font.size.pt == round(28 * 1.6)  # the default theme's body: 28 pt
    assert box.text_frame._txBody.bodyPr.get("anchor") == "ctr"


def test_figures_and_statements_say_what_is_wrong(make_pack: MakePack) -> None:
    slides = ("## A {.statement}\n\nFørste.\n\nAndre.\n\n"
              "## B\n\n::: figures\n- uten tall\n- **1** en\n- **2** to\n- **3** tre\n"
              "- **4** fire\n:::\n")
    make_pack("a", slides=slides)
    result = run_cli("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "packs/a/slides.md:1:7: warning[statement-content]: a statement slide shows one "
        "paragraph of at most 160 characters; this slide is laid out as a content slide",
        "    ## A {.statement}",
        "          ^^^^^^^^^^",
        "  hint: keep one short sentence, and move the rest to the notes",
        "packs/a/slides.md:10:1: warning[figure-without-number]: a key figure starts with its "
        "number in bold, as '**13 %** of the pupils'; this one is shown as a label without "
        "a number",
        "    - uten tall",
        "    ^",
        "  hint: set the number in bold at the start of the line",
        "packs/a/slides.md:14:1: error[too-many-figures]: 5 key figures; a slide shows at "
        "most 4 side by side",
        "    - **4** fire",
        "    ^",
        "  hint: split them over two slides, or keep the strongest four",
    ]


@needs_impress
def test_libreoffice_renders_figures_and_statements(make_pack: MakePack,
                                                   workdir: Path) -> None:
    from pypdf import PdfReader

    [pdf] = to_pdf(workdir, build(make_pack, workdir))
    reader = PdfReader(pdf)
    assert len(reader.pages) == 4
    text = reader.pages[1].extract_text()
    for part in ("13 %", "100 000", "pilotkommuner"):
        assert part in text
    assert fonts_of(reader.pages[1], "100 000") == {True}
    assert "Kulturskolen er for alle." in reader.pages[3].extract_text()


def test_a_long_number_is_set_smaller_to_stay_on_one_line(make_pack: MakePack,
                                                          workdir: Path) -> None:
    """A number that would wrap in its third of the slide is set smaller, and the figures
    beside it with it, so that each number reads as one line; short numbers keep the size."""
    from temapakker.check.overflow import text_width

    slides = SLIDES + ("\n## Lange tall {#lange}\n\n::: figures\n- **11,8 mill. kr** bevilget\n"
                       "- **374** elever\n- **over 2×** utvikling\n:::\n")
    deck = Presentation(str(build(make_pack, workdir, slides)))
    short = {b.text_frame.paragraphs[0].runs[0].font.size.pt for b in boxes(deck.slides[1])}
    long = boxes(deck.slides[4])
    sizes = {b.text_frame.paragraphs[0].runs[0].font.size.pt for b in long}
    assert len(short) == 1 and len(sizes) == 1
    [size], [full] = sizes, short
    assert size < full
    frame = long[0].text_frame
    room = (long[0].width - frame.margin_left - frame.margin_right) / 12700
    assert text_width("11,8 mill. kr", size, bold=True) <= room
    assert text_width("11,8 mill. kr", size + 2, bold=True) > room * 0.95  # no smaller than need be


@pytest.mark.parametrize("font", ["Arial", "Times New Roman"])
def test_numbers_are_fitted_in_the_templates_font(make_pack: MakePack, workdir: Path,
                                                  font: str) -> None:
    """On our theme with another font, a long number is fitted in that font's widths: as
    large as stays on one line, no smaller (Arial is wider than Calibri and takes a smaller
    size; Times New Roman's digits are as wide as Calibri's)."""
    from temapakker.check.overflow import text_width
    from temapakker.plan.deck import CARD_FIT
    from tests.test_fit import arial_theme

    slides = "## Lange tall {#lange}\n\n::: figures\n- **11,8 mill. kr** bevilget\n" \
             "- **374** elever\n- **over 2×** utvikling\n:::\n"
    calibri = boxes(Presentation(str(build(make_pack, workdir, slides))).slides[1])
    theme = arial_theme(workdir, font)
    make_pack("b", yaml=f"title: B\ntemplate: ../../{theme.name}\n", slides=slides)
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    other = boxes(Presentation(str(workdir / "build" / "b" / "b.pptx")).slides[1])
    size = {name: {b.text_frame.paragraphs[0].runs[0].font.size.pt for b in found}
            for name, found in (("calibri", calibri), ("other", other))}
    assert len(size["calibri"]) == len(size["other"]) == 1
    [in_calibri], [in_other] = size["calibri"], size["other"]
    frame = other[0].text_frame
    room = (other[0].width - frame.margin_left - frame.margin_right) / 12700
    assert text_width("11,8 mill. kr", in_other, bold=True, font=font) <= room
    # no smaller than need be: a point larger would fill more than the share text may fill
    # (the old allowance for any font but Calibri, 0.85, set Times New Roman at 46 pt, not 49)
    assert text_width("11,8 mill. kr", in_other + 1, bold=True, font=font) > room * CARD_FIT
    if font == "Arial":
        assert in_other < in_calibri
        assert text_width("11,8 mill. kr", in_calibri, bold=True, font=font) > room
