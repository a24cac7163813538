"""The theme sets body text for a few short points; text too tall for its box is shrunk to
fit (a:normAutofit with the scale the overflow measurement found), as PowerPoint does."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from temapakker.check.overflow import FIT_FLOOR
from tests.conftest import run_cli
from tests.test_libreoffice import needs_impress, to_pdf

REPO = Path(__file__).parents[1]
THEMES = [REPO / "templates" / "fremtidens-kulturskole.pptx",
          REPO / "src" / "temapakker" / "data" / "default.pptx"]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
SHORT = "\n".join(f"- Punkt {n} om kulturskolen" for n in range(1, 5))
# Six two-line points: too tall for the body at 28 pt, not at 70 %.
DENSE = "\n".join(f"- Punkt {n}: kulturskolen samarbeider med skole, SFO og barnehage om et "
                  "tilbud for alle barn og unge i kommunen" for n in range(1, 7))
TOO_DENSE = "\n".join(f"- Punkt {n}: kulturskolen samarbeider med skole, SFO og barnehage om "
                      "et tilbud for alle barn og unge i kommunen, hele året"
                      for n in range(1, 19))


def level(style: Any, n: int) -> tuple[int, int, int]:
    """(size, space before, line spacing) of a list style's level n, in hundredths of a
    point and thousandths of a percent."""
    ppr = style.find(f"{A}lvl{n}pPr")
    assert ppr is not None
    before = ppr.find(f"{A}spcBef/{A}spcPts")
    line = ppr.find(f"{A}lnSpc/{A}spcPct")
    return (int(ppr.find(f"{A}defRPr").get("sz")),
            int(before.get("val")) if before is not None else 0,
            int(line.get("val")) if line is not None else 100000)


@pytest.mark.parametrize("path", THEMES, ids=lambda p: p.stem)
def test_the_theme_sets_body_text_for_four_to_six_points(path: Path) -> None:
    prs = Presentation(str(path))
    master = prs.slide_master.element
    body = master.find(f"{P}txStyles/{P}bodyStyle")
    assert [level(body, n) for n in (1, 2, 3)] == \
        [(2800, 2400, 100000), (2400, 1000, 100000), (2000, 600, 100000)]
    assert [layout.name for layout in prs.slide_layouts] == [
        "Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
        "Title Only", "Blank", "Content with Caption", "Picture with Caption"]
    two = prs.slide_layouts.get_by_name("Two Content")
    assert two is not None
    columns = [ph for ph in two.placeholders if ph.placeholder_format.idx in (1, 2)]
    assert len(columns) == 2
    for column in columns:  # half as wide: a step smaller
        style = column.element.find(f"{P}txBody/{A}lstStyle")
        assert [level(style, n) for n in (1, 2)] == [(2400, 1800, 100000),
                                                    (2000, 800, 100000)]
    title = prs.slide_layouts.get_by_name("Title Slide")
    assert title is not None
    [subtitle] = [ph for ph in title.placeholders if ph.placeholder_format.idx == 1]
    style = subtitle.element.find(f"{P}txBody/{A}lstStyle")
    assert level(style, 1) == (2400, 1000, 100000)  # not the lists' 24 pt between points
    content = prs.slide_layouts.get_by_name("Title and Content")
    assert content is not None
    [placeholder] = [ph for ph in content.placeholders if ph.placeholder_format.idx == 1]
    # six one-line points at 28 pt and 24 pt apart fill the body, and no more
    assert 6 * 28 * 1.2 + 5 * 24 < Emu(placeholder.height).pt < 7 * 28 * 1.2 + 6 * 24


def build(make_pack: Callable[..., Path], slides: str) -> tuple[Any, str]:
    """Build a one-slide pack; its deck (python-pptx) and the build's messages."""
    make_pack("fit", slides=slides)
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return Presentation("build/fit/fit.pptx"), result.stderr


def autofit(shape: Any) -> dict[str, str] | None:
    """The attributes of a shape's a:normAutofit, None without one."""
    found = shape.element.find(f"{P}txBody/{A}bodyPr/{A}normAutofit")
    return None if found is None else dict(found.attrib)


def body(prs: Any, n: int = 1) -> Any:
    """The body placeholder of slide n (0 is the title slide)."""
    [shape] = [ph for ph in prs.slides[n].placeholders if ph.placeholder_format.idx == 1]
    return shape


def test_a_few_short_points_are_set_at_the_themes_size(make_pack: Callable[..., Path]
                                                       ) -> None:
    prs, messages = build(make_pack, f"## Kort {{#kort}}\n\n{SHORT}\n")
    shape = body(prs)
    assert autofit(shape) is None
    # written as before: an empty bodyPr, so the template's sizes apply untouched
    body_pr = shape.element.find(f"{P}txBody/{A}bodyPr")
    assert (len(body_pr), dict(body_pr.attrib)) == (0, {})
    assert "overflow" not in messages


def test_a_dense_slide_is_shrunk_to_fit(make_pack: Callable[..., Path]) -> None:
    prs, messages = build(make_pack, f"## Tett {{#tett}}\n\n{DENSE}\n")
    fit = autofit(body(prs))
    assert fit is not None
    scale = int(fit.get("fontScale", "100000"))
    cut = int(fit.get("lnSpcReduction", "0"))
    assert FIT_FLOOR * 100000 <= scale < 100000
    assert cut in (0, 10000, 20000)
    assert "overflow" not in messages
    # the text keeps the theme's sizes: the scale shrinks them
    assert not re.search(r'<a:rPr[^>]* sz="', etree.tostring(body(prs).element).decode())


def test_a_slide_too_dense_even_at_the_floor_still_warns(make_pack: Callable[..., Path]
                                                         ) -> None:
    prs, messages = build(make_pack, f"## For mye {{#for-mye}}\n\n{TOO_DENSE}\n")
    assert autofit(body(prs)) == {"fontScale": "70000", "lnSpcReduction": "20000"}
    assert "packs/fit/slides.md:1:1: warning[overflow]: the text on slide 2 ('for-mye') is " \
        "about " in messages
    assert "taller than its box, even with its text shrunk to 70%" in messages


def test_computed_columns_are_shrunk_too(make_pack: Callable[..., Path]) -> None:
    three = "".join(f"::: column\n{DENSE}\n:::\n" for _ in range(3))
    prs, messages = build(make_pack, f"## Tre {{#tre}}\n\n:::: columns\n{three}::::\n"
                                     f"\n## Kort {{#kort}}\n\n:::: columns\n::: column\n- a\n"
                                     ":::\n::: column\n- b\n:::\n::: column\n- c\n:::\n::::\n")
    boxes = [s for s in prs.slides[1].shapes if s.has_text_frame]
    fitted = [autofit(s) for s in boxes if "Punkt" in s.text_frame.text]
    assert len(fitted) == 3 and all(f is not None for f in fitted)
    short = [s for s in prs.slides[2].shapes if s.has_text_frame and
             s.text_frame.text in ("a", "b", "c")]
    assert len(short) == 3
    for shape in short:  # a box that fits keeps a:noAutofit
        assert autofit(shape) is None
        assert shape.element.find(f"{P}txBody/{A}bodyPr/{A}noAutofit") is not None
    assert "overflow" not in messages


@needs_impress
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed: apt-get install poppler-utils")
def test_libreoffice_keeps_shrunk_text_inside_the_body(make_pack: Callable[..., Path],
                                                       workdir: Path) -> None:
    prs, _ = build(make_pack, f"## Tett {{#tett}}\n\n{DENSE}\n\n## Kort {{#kort}}\n\n"
                              f"{SHORT}\n")
    box = body(prs)
    bottom = Emu(box.top + box.height).pt
    [pdf] = to_pdf(workdir, workdir / "build" / "fit" / "fit.pptx")
    words = {n: page_words(pdf, n) for n in (2, 3)}
    dense = [w for w in words[2] if w[4].startswith("Punkt") or w[4] == "kommunen"]
    assert len(dense) == 12  # every point's first and last word is on the page
    assert max(w[3] for w in dense) <= bottom + 1  # inside the body box
    # shrunk: its words are shorter than the same words at full size on the short slide
    height = {n: max(w[3] - w[1] for w in words[n] if w[4] == "Punkt") for n in (2, 3)}
    assert height[2] < 0.97 * height[3]


def page_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Each word on a page of the PDF with its box (xMin, yMin, xMax, yMax, in points)."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), word) for a, b, c, d, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


# Six points that each take one line of the body in Calibri and two in Arial (Arial is
# about a tenth wider): the body holds them at the theme's size in Calibri, not in Arial.
ONE_LINE_IN_CALIBRI = "\n".join(f"- Punkt {n}: kulturskolen samarbeider med skole, SFO og "
                                "barnehagen i byen" for n in range(1, 7))


def arial_theme(workdir: Path, font: str = "Arial") -> Path:
    """Our theme with Arial (or ``font``) for its theme fonts (its levels name +mj-lt and
    +mn-lt), so that it differs from our Calibri theme by the font alone: arial.pptx, or
    the font's name in lower case."""
    target = workdir / ("arial.pptx" if font == "Arial" else f"{font.lower()}.pptx")
    source = REPO / "src" / "temapakker" / "data" / "default.pptx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                data = data.replace(b'<a:latin typeface="Calibri"/>',
                                    f'<a:latin typeface="{font}"/>'.encode())
            dst.writestr(info, data)
    return target


def test_a_slide_that_fits_in_calibri_is_shrunk_in_arial(make_pack: Callable[..., Path],
                                                         workdir: Path) -> None:
    from temapakker.check.overflow import text_width

    line = (11094720 - 2 * 91440 - 342900) / 12700  # the body's line, in points
    point = ONE_LINE_IN_CALIBRI.splitlines()[-1][2:]
    assert text_width(point, 28) < line < text_width(point, 28, font="Arial")
    slides = f"## Seks punkter {{#seks}}\n\n{ONE_LINE_IN_CALIBRI}\n"
    prs, messages = build(make_pack, slides)
    assert Emu(body(prs).width).pt == pytest.approx(11094720 / 12700)
    assert autofit(body(prs)) is None  # Calibri: as the theme sets it
    assert "overflow" not in messages

    arial_theme(workdir)
    make_pack("arial", yaml="title: Arial\ntemplate: ../../arial.pptx\n", slides=slides)
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    assert "overflow" not in result.stderr
    fit = autofit(body(Presentation("build/arial/arial.pptx")))
    assert fit is not None and int(fit.get("fontScale", "100000")) < 100000


@needs_impress
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext is not installed: apt-get install poppler-utils")
@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
                             ).is_file(),
                    reason="LibreOffice sets Arial in Liberation Sans: apt-get install "
                           "fonts-liberation2")
def test_libreoffice_keeps_shrunk_arial_text_inside_the_body(make_pack: Callable[..., Path],
                                                             workdir: Path) -> None:
    arial_theme(workdir)
    make_pack("arial", yaml="title: Arial\ntemplate: ../../arial.pptx\n",
              slides=f"## Seks punkter {{#seks}}\n\n{ONE_LINE_IN_CALIBRI}\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    box = body(Presentation("build/arial/arial.pptx"))
    bottom, right = Emu(box.top + box.height).pt, Emu(box.left + box.width).pt
    [pdf] = to_pdf(workdir, workdir / "build" / "arial" / "arial.pptx")
    text = set(ONE_LINE_IN_CALIBRI.replace("-", " ").split())
    words = [w for w in page_words(pdf, 2) if w[4] in text]  # not the title or footer
    assert len([w for w in words if w[4] == "Punkt"]) == 6
    assert len([w for w in words if w[4] == "byen"]) == 6  # each point's last word drawn
    assert max(w[3] for w in words) <= bottom + 1  # inside the body box
    assert max(w[2] for w in words) <= right
