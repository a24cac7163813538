"""Native charts ('::: {.chart type=…}'): opened with python-pptx and LibreOffice."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from tests.conftest import run_cli
from tests.test_libreoffice import needs_impress, to_pdf

MakePack = Callable[..., Path]

SLIDES = """\
## Søyler {#soyler}

::: {.chart type=column title="Elever i kulturskolen"}
| År | Elever |
|----|-------:|
| 2019 | 98 000 |
| 2021 | 95 500 |
| 2023 | 101 200 |
:::

## Liggende {#liggende}

::: {.chart type=bar labels=true}
| Kommune | 2021 | 2023 |
|---|---|---|
| Asker | 12 | 14 |
| Bodø | 9 | 11 |
| Nes | 7 | 8,5 |
:::

::: notes
- Egne notater først
:::

## Stablet {#stablet}

::: {.chart type=stacked legend=right}
| Tilbud | Musikk | Dans |
|---|---|---|
| Skole | 10 | 4 |
| SFO | 6 | 3 |
:::

## Linje {#linje}

::: {.chart type=line}
| År | Andel |
|---|---|
| 2017 | 14 % |
| 2019 | 13 % |
| 2021 | 12,5 % |
:::

## Kake {#kake}

::: {.chart type=pie title="Fordeling"}
| Del | Andel |
|---|---|
| Musikk | 60 % |
| Dans | 25 % |
| Teater | 15 % |
:::

## Smultring {#smultring}

::: {.chart type=doughnut alt="Tre deler, musikk størst"}
| Del | Andel |
|---|---|
| Musikk | 60 |
| Dans | 25 |
| Teater | 15 |
:::
"""
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def deck_path(make_pack: MakePack, workdir: Path) -> Path:
    make_pack("a", slides=SLIDES)
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return workdir / "build" / "a" / "a.pptx"


def charts(path: Path) -> list:  # type: ignore[type-arg]
    deck = Presentation(str(path))
    return [next(s for s in slide.shapes if s.has_chart) for slide in list(deck.slides)[1:]]


def test_each_type_is_a_native_chart_with_its_data(deck_path: Path) -> None:
    frames = charts(deck_path)
    assert [f.chart.chart_type for f in frames] == [
        XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED,
        XL_CHART_TYPE.COLUMN_STACKED, XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.PIE,
        XL_CHART_TYPE.DOUGHNUT]
    column, bar, stacked, line, pie, doughnut = (f.chart for f in frames)
    assert column.has_title and column.chart_title.text_frame.text == "Elever i kulturskolen"
    assert list(column.plots[0].categories) == ["2019", "2021", "2023"]
    assert [list(s.values) for s in column.series] == [[98000.0, 95500.0, 101200.0]]
    assert [(s.name, list(s.values)) for s in bar.series] == [
        ("2021", [12.0, 9.0, 7.0]), ("2023", [14.0, 11.0, 8.5])]
    assert bar.plots[0].has_data_labels and not column.plots[0].has_data_labels
    assert stacked.has_legend and not column.has_legend  # one series needs no legend
    assert [list(s.values) for s in line.series] == [[0.14, 0.13, 0.125]]
    assert line.value_axis.tick_labels.number_format == "0.0 %"  # as written: 12,5 %
    assert list(pie.plots[0].categories) == ["Musikk", "Dans", "Teater"]
    assert pie.plots[0].data_labels.number_format == "0 %"  # whole percents stay whole
    assert pie.plots[0].has_data_labels  # slices say their share by default
    assert [list(s.values) for s in doughnut.series] == [[60.0, 25.0, 15.0]]
    # bars start at zero, whatever the smallest value
    assert column._chartSpace.find(f".//{C}valAx/{C}scaling/{C}min").get("val") == "0"


def test_colours_are_the_theme_accents(deck_path: Path) -> None:
    bar, pie = charts(deck_path)[1], charts(deck_path)[4]
    fills = [ser.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val")
             for ser in bar.chart._chartSpace.iter(f"{C}ser")]
    assert fills == ["accent1", "accent2"]
    slices = [pt.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val")
              for pt in pie.chart._chartSpace.iter(f"{C}dPt")]
    assert slices == ["accent1", "accent2", "accent3"]


def test_the_workbook_is_embedded_with_the_same_numbers(deck_path: Path) -> None:
    bar = charts(deck_path)[1].chart
    xlsx = bar.part.chart_workbook.xlsx_part
    assert xlsx is not None  # «Edit data» opens this
    with zipfile.ZipFile(io.BytesIO(xlsx.blob)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        shared = book.read("xl/sharedStrings.xml").decode()
    values = dict(re.findall(r'<c r="([A-Z]+\d+)"[^>]*><v>([^<]*)</v>', sheet))
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", shared)
    assert [float(values[f"B{r}"]) for r in (2, 3, 4)] == [12, 9, 7]
    assert [float(values[f"C{r}"]) for r in (2, 3, 4)] == [14, 11, 8.5]
    assert {"2021", "2023", "Asker", "Bodø", "Nes"} <= set(strings)
    # the chart's series point at those cells
    refs = [f.text for f in bar._chartSpace.iter(f"{C}f")]
    assert "Ark1!$B$2:$B$4" in refs and "Ark1!$A$2:$A$4" in refs


def test_alt_text_and_notes_carry_the_data(deck_path: Path) -> None:
    frames = charts(deck_path)
    descr = [f._element.nvGraphicFramePr.cNvPr.get("descr") for f in frames]
    assert descr[0] == ("Stolpediagram: Elever i kulturskolen. 2019: 98\u00a0000; "
                        "2021: 95\u00a0500; 2023: 101\u00a0200.")
    assert descr[1] == ("Liggende stolpediagram. Asker: 12 (2021), 14 (2023); "
                        "Bodø: 9 (2021), 11 (2023); Nes: 7 (2021), 8,5 (2023).")
    assert descr[3] == "Linjediagram. 2017: 14\u00a0%; 2019: 13\u00a0%; 2021: 12,5\u00a0%."
    assert descr[5] == "Tre deler, musikk størst"  # given with alt="…"
    deck = Presentation(str(deck_path))
    notes = deck.slides[2].notes_slide.notes_text_frame.text.split("\n")
    assert notes == ["Egne notater først", "Tallene i diagrammet",
                     "Asker: 12 (2021), 14 (2023)", "Bodø: 9 (2021), 11 (2023)",
                     "Nes: 7 (2021), 8,5 (2023)"]


def test_chart_mistakes_are_located(make_pack: MakePack) -> None:
    slides = ("## A\n\n::: {.chart type=kake}\n| Del | Andel |\n|---|---|\n| Musikk | mye |\n"
              ":::\n\n## B\n\n::: chart\n- ingen tabell\n:::\n\n## C\n\n"
              "::: {.chart type=pie}\n| Del | 2021 | 2023 |\n|---|---|---|\n| X | 1 | 2 |\n:::\n")
    make_pack("a", slides=slides)
    result = run_cli("check")
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if "error[" in line or
             "warning[" in line]
    assert found == [
        "packs/a/slides.md:3:13: error[chart-option]: the chart's type 'kake' is not one of "
        "bar, column, stacked, line, pie, doughnut",
        "packs/a/slides.md:4:1: error[chart-value]: the chart's value 'mye' (row 1, column "
        "'Andel') is not a number",
        "packs/a/slides.md:11:1: error[chart-without-table]: '::: chart' needs a table of the "
        "numbers to draw",
        "packs/a/slides.md:17:1: warning[chart-series]: a pie chart draws one series; the "
        "columns after '2021' are left out of it",
    ]


@needs_impress
def test_libreoffice_draws_every_chart(deck_path: Path, workdir: Path) -> None:
    from pypdf import PdfReader

    [pdf] = to_pdf(workdir, deck_path)
    pages = PdfReader(pdf).pages
    assert len(pages) == 7
    assert "Elever i kulturskolen" in pages[1].extract_text()
    assert "Asker" in pages[2].extract_text() and "Teater" in pages[5].extract_text()


def test_chart_deck_passes_openxml_audit(deck_path: Path) -> None:
    pytest.importorskip("openxml_audit")
    from tests.test_ooxml_valid import audit

    [result] = audit(deck_path.parent)
    assert result["error_count"] == 0, result["errors"]
