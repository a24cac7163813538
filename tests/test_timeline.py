"""Timelines ('::: timeline' over 'date: event' items): native, editable shapes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

from tests.conftest import run_cli
from tests.test_libreoffice import needs_impress, to_pdf

MakePack = Callable[..., Path]

SLIDES = """\
## Fire år {#fire}

::: timeline
- 2019: Prosjektet *starter*
- 2020: Forpilot i seks kommuner
- 2021: Rapporten kommer
- 2023: Erfaringsdeling
:::

## Sju steg {#sju}

- Et punkt over tidslinjen

::: timeline
- 2017: En
- 2018: To
- 2019: Tre
- 2020: Fire
- 2021: Fem
- 2022: Seks
- 6\\. mai 2023: Sju: med kolon
:::
"""


def build(make_pack: MakePack, workdir: Path) -> Path:
    make_pack("a", slides=SLIDES)
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return workdir / "build" / "a" / "a.pptx"


def timeline(slide: object) -> list:  # type: ignore[type-arg]
    [group] = [s for s in slide.shapes  # type: ignore[attr-defined]
               if s.shape_type == MSO_SHAPE_TYPE.GROUP]
    return list(group.shapes)


def test_timeline_is_a_group_of_native_shapes(make_pack: MakePack, workdir: Path) -> None:
    deck = Presentation(str(build(make_pack, workdir)))
    shapes = timeline(deck.slides[1])
    lines = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    markers = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
    labels = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert len(lines) == 1 and len(markers) == 4 and len(labels) == 4
    assert all(m.auto_shape_type == MSO_SHAPE.OVAL for m in markers)
    assert [[p.text for p in b.text_frame.paragraphs] for b in labels] == [
        ["2019", "Prosjektet starter"], ["2020", "Forpilot i seks kommuner"],
        ["2021", "Rapporten kommer"], ["2023", "Erfaringsdeling"]]
    assert labels[0].text_frame.paragraphs[1].runs[1].font.italic  # formatting kept
    date = labels[0].text_frame.paragraphs[0].runs[0]
    assert date.font.bold and str(date.font.color.theme_color).startswith("ACCENT_1")
    line = lines[0]
    centres = [m.left + m.width // 2 for m in markers]
    assert centres == sorted(centres)
    assert line.left <= centres[0] and centres[-1] <= line.left + line.width
    for marker, label in zip(markers, labels, strict=True):
        assert marker.top < line.top + 1 < marker.top + marker.height  # on the line
        assert label.top >= marker.top + marker.height  # four moments: labels below
        assert abs(label.left + label.width // 2 - (marker.left + marker.width // 2)) < 2


def test_many_moments_alternate_sides_under_text(make_pack: MakePack, workdir: Path) -> None:
    deck = Presentation(str(build(make_pack, workdir)))
    slide = deck.slides[2]
    text = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX)
    shapes = timeline(slide)
    line = next(s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE)
    labels = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert [b.text_frame.paragraphs[0].text for b in labels] == [
        "2017", "2018", "2019", "2020", "2021", "2022", "6. mai 2023"]
    assert labels[-1].text_frame.paragraphs[1].text == "Sju: med kolon"
    above = [b.top + b.height <= line.top for b in labels]
    assert above == [False, True, False, True, False, True, False]
    assert text.top + text.height <= min(b.top for b in labels)  # under the text
    for a, b in zip(labels, labels[2:], strict=False):  # same side: they do not overlap
        assert a.left + a.width <= b.left
    assert all(b.left >= 0 and b.left + b.width <= deck.slide_width for b in labels)


def test_timeline_mistakes_are_located(make_pack: MakePack) -> None:
    make_pack("a", slides="## A\n\n::: timeline\n- 2019: En\n- uten dato\n:::\n")
    result = run_cli("check")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "[" in line] == [
        "packs/a/slides.md:3:1: error[timeline-size]: a timeline shows 3 to 8 moments; this "
        "one has 2",
        "packs/a/slides.md:5:1: warning[moment-without-date]: a timeline item is written "
        "'date: event'; this one has no date and is shown without one",
    ]


@needs_impress
def test_libreoffice_draws_the_timeline(make_pack: MakePack, workdir: Path) -> None:
    from pypdf import PdfReader

    [pdf] = to_pdf(workdir, build(make_pack, workdir))
    pages = PdfReader(pdf).pages
    assert len(pages) == 3
    text = " ".join(pages[1].extract_text().split())  # a label may take two lines
    for part in ("2019", "Prosjektet", "Forpilot i seks kommuner", "Erfaringsdeling"):
        assert part in text
