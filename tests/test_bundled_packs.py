"""The bundled packs build cleanly, with no warnings, and follow the content rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import run_cli

REPO = Path(__file__).parents[1]
BUNDLED = sorted(p.name for p in (REPO / "packs").iterdir() if (p / "pack.yaml").is_file())


def test_there_are_bundled_packs() -> None:
    assert len(BUNDLED) >= 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "packs", root / "packs")
    shutil.copytree(REPO / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run_cli("build", "--strict", "--formats", "pptx,html")
        assert result.exit_code == 0, result.stderr
    return root / "build"


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_pack(built: Path, pack: str) -> None:
    deck = Presentation(str(built / pack / f"{pack}.pptx"))
    assert 13 <= len(deck.slides) <= 26  # 12–25 slides plus the title slide
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.has_notes_slide, f"{pack}: slide {number} has no notes"
        assert slide.notes_slide.notes_text_frame.text.strip()
    last = deck.slides[len(deck.slides) - 1].shapes.title.text
    assert last.startswith("Kilder")
    # The packs build on KS' and Norsk kulturskoleråd's material; they are not theirs.
    byline = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert any("Bygger på materialet" in t or "Bygger på materiale" in t for t in byline)
    assert any("revidert" in t for t in byline)
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Handlingsark: dette gjør vi" in titles
    assert any("evaluering" in t.lower() for t in titles)
    if pack.startswith("pakke-"):
        assert "Slik er det hos oss" in titles
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "⚠" not in notes and "faktagrunnlag" not in notes


def test_pakke_1_presents_each_value_area(built: Path) -> None:
    deck = Presentation(str(built / "pakke-1-hovedfunn" / "pakke-1-hovedfunn.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    for area in ("Attraktiv og relevant", "Inkluderende og mangfoldig",
                 "Utviklende og skapende", "Betydningsfull og mestringsorientert"):
        assert area in titles


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_run_sheet_and_handout(built: Path, pack: str) -> None:
    import json

    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["packs"] if p["id"] == pack)
    sheet = entry["runsheet"]
    assert sheet["total_minutes"] == sheet["planned_minutes"]
    if pack == "dialogseminar":
        # The 2023 programme (25, 20, 55, 20, 50, 10) with a break: five minutes from each
        # round of group work.
        assert sheet["total_minutes"] == 180
        assert [b["minutes"] for b in sheet["blocks"]] == [25, 20, 50, 10, 20, 45, 10]
    else:
        assert 90 <= sheet["total_minutes"] <= 150
    kinds = {b["kind"] for b in sheet["blocks"]}
    assert {"presentasjon", "gruppearbeid"} <= kinds
    assert 4 <= entry["handout"]["questions"] <= 8
    assert entry["handout"]["references"] >= 3


def test_three_columns_wear_the_templates_body_style(built: Path) -> None:
    """Computed columns take the body placeholder's bullets, colours, sizes and spacing
    from the template, so they look like every other slide; headings take the title's
    colour (fremtidens-kulturskole: accent1 bullets, 24 pt body, tx2 titles)."""
    deck = Presentation(str(built / "dialogseminar" / "dialogseminar.pptx"))
    slide = next(s for s in deck.slides if s.shapes.title.text == "Tre nasjonale aktører")
    boxes = sorted((s for s in slide.shapes if not s.is_placeholder and s.has_text_frame),
                   key=lambda s: s.left)
    assert [b.text_frame.paragraphs[0].text for b in boxes] == [
        "KS", "Udir", "Kulturskolerådet"]
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for box in boxes:
        level = box.text_frame._txBody.find(f"{a}lstStyle/{a}lvl1pPr")
        assert level.find(f"{a}buClr/{a}schemeClr").get("val") == "accent1"
        assert level.find(f"{a}buChar").get("char") == "•"
        assert level.find(f"{a}spcBef/{a}spcPts").get("val") == "1800"  # as Two Content
        assert level.get("marL") == "285750" and level.get("indent") == "-285750"
        assert level.find(f"{a}defRPr").get("sz") == "2000"  # 24 pt, 0.85 in three columns
        assert level.find(f"{a}defRPr/{a}solidFill/{a}schemeClr").get("val") == "tx1"
        heading, *items = box.text_frame.paragraphs
        assert heading.runs[0].font.bold
        assert heading.runs[0].font.color.theme_color is not None
        assert str(heading.runs[0].font.color.theme_color).startswith("TEXT_2")
        for item in items:  # bullets and sizes come from the list style, not the runs
            assert item._p.pPr.find(f"{a}buNone") is None
            assert all(run.font.size is None for run in item.runs)


@pytest.mark.parametrize("pack", BUNDLED)
def test_programme_slide_is_the_run_sheet(built: Path, pack: str) -> None:
    """Each bundled deck shows the day's programme from kjoreplan.yaml ('::: agenda')."""
    import yaml

    sheet = yaml.safe_load((REPO / "packs" / pack / "kjoreplan.yaml").read_text("utf-8"))
    deck = Presentation(str(built / pack / f"{pack}.pptx"))
    frames = [s for slide in list(deck.slides)[:3] for s in slide.shapes if s.has_table]
    assert len(frames) == 1
    rows = [[cell.text for cell in row.cells] for row in frames[0].table.rows]
    assert [r[1] for r in rows[1:]] == [b["title"] for b in sheet["blocks"]]
    assert [r[2].lower() for r in rows[1:]] == [b["kind"] for b in sheet["blocks"]]
    hours, minutes = map(int, sheet["start"].split(":"))
    start = hours * 60 + minutes
    for row, block in zip(rows[1:], sheet["blocks"], strict=True):
        assert row[0] in (f"{start // 60:02d}:{start % 60:02d}", str(block["minutes"]))
        start += block["minutes"]


def test_pakke_1_shows_its_figures_and_timelines(built: Path) -> None:
    """The facts with numbers are key figures, the dated ones timelines (issue 13)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = Presentation(str(built / "pakke-1-hovedfunn" / "pakke-1-hovedfunn.pptx"))
    by_title = {s.shapes.title.text: s for s in deck.slides if s.shapes.title is not None}
    for title, dates in (("Tidslinje 2019–2021", ["6. nov. 2019", "2020", "09.09.2020",
                                                  "Januar 2021", "22.04.2021"]),
                         ("Fra pilot til systemisk praksis", ["03.05.2021", "26.01.2023",
                                                              "27.04.2023", "2024"])):
        [group] = [s for s in by_title[title].shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP]
        labels = [s for s in group.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
        assert [b.text_frame.paragraphs[0].text for b in labels] == dates
    for title, numbers in (("Kulturskolen – rammene", ["ca. 13 %", "over 100 000"]),
                           ("Piloten 2021–2022", ["55", "16", "14", "6"])):
        boxes = sorted((s for s in by_title[title].shapes
                        if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
                        and s.text_frame.paragraphs[0].runs
                        and s.text_frame.paragraphs[0].runs[0].font.bold), key=lambda s: s.left)
        assert [b.text_frame.paragraphs[0].text for b in boxes] == numbers
