"""'::: agenda': the deck's programme slide is filled from kjoreplan.yaml, never typed twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from tests.conftest import run_cli
from tests.test_libreoffice import fonts_of, needs_impress, to_pdf

MakePack = Callable[..., Path]

RUNSHEET = """\
title: Samling
start: "09:30"
minutes: 60
blocks:
  - title: Velkommen
    kind: presentasjon
    minutes: 10
    slides: title..plan
  - title: Samtale i par
    kind: refleksjon
    minutes: 25
    slides: par
  - title: Pause
    kind: pause
    minutes: 10
  - title: Oppsummering
    kind: plenum
    minutes: 15
    slides: slutt
"""

SLIDES = """\
## Dagens plan {#plan}

::: agenda
:::

## Par {#par}

- Snakk sammen

## Slutt {#slutt}

- Takk
"""


def agenda_pack(make_pack: MakePack, slides: str = SLIDES, runsheet: str | None = RUNSHEET,
                ) -> Path:
    root = make_pack("a", slides=slides)
    if runsheet is not None:
        (root / "kjoreplan.yaml").write_text(runsheet, encoding="utf-8")
    return root


def table_cells(path: Path, slide: int) -> list[list[str]]:
    deck = Presentation(str(path))
    frame = next(s for s in deck.slides[slide].shapes if s.has_table)
    return [[cell.text for cell in row.cells] for row in frame.table.rows]


def test_agenda_is_the_run_sheet_with_clock_times(make_pack: MakePack, workdir: Path) -> None:
    agenda_pack(make_pack)
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    assert table_cells(workdir / "build" / "a" / "a.pptx", 1) == [
        ["Tid", "Aktivitet", "Form"],
        ["09:30", "Velkommen", "Presentasjon"],
        ["09:40", "Samtale i par", "Refleksjon"],
        ["10:05", "Pause", "Pause"],
        ["10:15", "Oppsummering", "Plenum"],
    ]


def test_agenda_in_minutes_follows_an_edited_run_sheet(make_pack: MakePack,
                                                        workdir: Path) -> None:
    root = agenda_pack(make_pack, slides=SLIDES.replace("::: agenda",
                                                        "::: {.agenda time=minutes}"))
    (root / "kjoreplan.yaml").write_text(
        RUNSHEET.replace("minutes: 25", "minutes: 20").replace("minutes: 60", "minutes: 55"),
        encoding="utf-8")
    result = run_cli("build", "--strict", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    deck = workdir / "build" / "a" / "a.pptx"
    assert table_cells(deck, 1) == [
        ["Min.", "Aktivitet", "Form"],
        ["10", "Velkommen", "Presentasjon"],
        ["20", "Samtale i par", "Refleksjon"],
        ["10", "Pause", "Pause"],
        ["15", "Oppsummering", "Plenum"],
    ]
    frame = next(s for s in Presentation(str(deck)).slides[1].shapes if s.has_table)
    assert frame.table.first_row  # the template's table style, header row and all
    minutes = frame.table.cell(1, 0).text_frame.paragraphs[0]
    assert minutes.alignment is not None and "RIGHT" in str(minutes.alignment)


def test_agenda_without_a_run_sheet_is_an_error(make_pack: MakePack) -> None:
    agenda_pack(make_pack, runsheet=None)
    result = run_cli("build")
    assert result.exit_code == 1
    assert result.stderr == (
        "packs/a/slides.md:3:1: error[agenda-without-runsheet]: '::: agenda' fills a table "
        "from kjoreplan.yaml, and this pack has none\n"
        "    ::: agenda\n"
        "    ^\n"
        "  hint: write kjoreplan.yaml beside slides.md, or type the programme as a table\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


def test_agenda_warnings_are_located(make_pack: MakePack) -> None:
    slides = SLIDES.replace("::: agenda\n:::", "::: {.agenda time=hours}\n| a | b |\n"
                            "|---|---|\n| 1 | 2 |\n:::") + \
        "\n::: notes\n::: agenda\n- i notatene\n:::\n:::\n"
    agenda_pack(make_pack, slides=slides)
    result = run_cli("check")
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if "warning[" in line]
    assert lines == [
        "packs/a/slides.md:3:14: warning[bad-attribute]: the agenda's time 'hours' is not "
        "'clock' or 'minutes'; clock times are shown",
        "packs/a/slides.md:4:1: warning[agenda-content]: the agenda is filled from "
        "kjoreplan.yaml; the text inside '::: agenda' is left out",
        "packs/a/slides.md:18:1: warning[agenda-here]: '::: agenda' fills a slide's table "
        "from kjoreplan.yaml; here (in speaker notes or the handout) its content is shown as "
        "ordinary text",
    ]


@needs_impress
def test_libreoffice_renders_the_agenda_with_a_bold_header(make_pack: MakePack,
                                                          workdir: Path) -> None:
    from pypdf import PdfReader

    agenda_pack(make_pack)
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    [pdf] = to_pdf(workdir, workdir / "build" / "a" / "a.pptx")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 4
    text = reader.pages[1].extract_text()
    for cell in ("09:30", "Samtale i par", "10:15", "Oppsummering", "Plenum"):
        assert cell in text
    assert fonts_of(reader.pages[1], "Aktivitet") == {True}
    assert fonts_of(reader.pages[1], "Samtale i par") == {False}
