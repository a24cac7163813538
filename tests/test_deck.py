"""Build the sample pack and open the deck as a user's program would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType

from tests.conftest import run_cli

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture
def deck(copy_pack: Callable[[str], Path], workdir: Path) -> PresentationType:
    copy_pack("sample")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return Presentation(str(workdir / "build" / "sample" / "sample.pptx"))


def texts(slide: object) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]  # type: ignore[attr-defined]


def test_layouts_follow_the_content(deck: PresentationType) -> None:
    assert [s.slide_layout.name for s in deck.slides] == [
        "Title Slide", "Section Header", "Title and Content", "Title and Content", "Two Content",
        "Title Only", "Title and Content", "Title and Content", "Two Content", "Title Only",
        "Title Only",
    ]


def test_sixteen_by_nine(deck: PresentationType) -> None:
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)


def test_title_slide_comes_from_pack_yaml(deck: PresentationType) -> None:
    slide = deck.slides[0]
    assert slide.shapes.title.text == "Eksempelpakke – alt formatet kan"
    assert "En pakke som viser hvert element\nKS · Norsk kulturskoleråd · 3. mai 2021" in \
        texts(slide)


def test_bullets_keep_levels_and_formatting(deck: PresentationType) -> None:
    slide = deck.slides[2]
    assert slide.shapes.title.text == "Punkter og nivåer"
    body = slide.placeholders[1].text_frame
    assert [(p.level, "".join(r.text for r in p.runs)) for p in body.paragraphs] == [
        (0, "Første punkt med fet og kursiv tekst"),
        (1, "Underpunkt på nivå to"),
        (0, "Andre punkt med en lenke"),
        (0, "Tredje punkt"),
    ]
    runs = body.paragraphs[0].runs
    assert [(r.text, r.font.bold, r.font.italic) for r in runs] == [
        ("Første punkt med ", None, None), ("fet", True, None), (" og ", None, None),
        ("kursiv", None, True), (" tekst", None, None),
    ]
    link = body.paragraphs[2].runs[1]
    assert link.hyperlink.address == "https://www.ks.no/"


def test_numbered_list_is_auto_numbered(deck: PresentationType) -> None:
    body = deck.slides[3].placeholders[1].text_frame
    for p in body.paragraphs:
        assert p._p.pPr.find(f"{A}buAutoNum").get("type") == "arabicPeriod"
    assert [p.text for p in body.paragraphs] == [
        "Hva fungerer godt hos oss?", "Hva kan bli bedre?", "Hvem bør vi snakke med?",
    ]


def test_two_and_three_columns(deck: PresentationType) -> None:
    two = deck.slides[4]
    bodies = sorted((s for s in two.placeholders if s.placeholder_format.idx != 0
                     and s.placeholder_format.type not in (13, 15)),
                    key=lambda s: s.left)
    assert [b.text_frame.text for b in bodies] == [
        "Skole\nSamarbeid i skoletiden\nFelles planer",
        "SFO\nAktiviteter etter skoletid\nSammenheng for barna",
    ]
    three = deck.slides[5]
    boxes = sorted((s for s in three.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX),
                   key=lambda s: s.left)
    assert [b.text_frame.text for b in boxes] == [
        "Attraktiv og relevant", "Inkluderende og mangfoldig", "Utviklende og skapende",
    ]
    assert boxes[0].left + boxes[0].width < boxes[1].left < boxes[2].left
    assert len({b.width for b in boxes}) == 1


def test_table_is_native(deck: PresentationType) -> None:
    frames = [s for s in deck.slides[6].shapes if s.has_table]
    assert len(frames) == 1
    table = frames[0].table
    cells = [[table.cell(r, c).text for c in range(2)] for r in range(4)]
    assert cells == [["År", "Hva skjedde"], ["2019", "Prosjektet starter"],
                     ["2021", "Rapporten kommer"], ["2023", "Erfaringsdeling"]]
    assert table.first_row


def test_table_rows_fit_their_text_and_the_header_is_bold(deck: PresentationType) -> None:
    frame = next(s for s in deck.slides[6].shapes if s.has_table)
    table = frame.table
    header = [run.font.bold for c in range(2) for p in table.cell(0, c).text_frame.paragraphs
              for run in p.runs]
    body = [run.font.bold for c in range(2) for p in table.cell(1, c).text_frame.paragraphs
            for run in p.runs]
    assert header == [True, True]  # said on the runs, so LibreOffice shows it too
    assert body == [None, None]
    heights = [row.height for row in table.rows]
    size = table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    # one line of text (1.2 sizes) with 0.3 sizes above and below: no tall empty rows
    assert all(abs(h - 1.8 * size * 12700) < 0.1 * size * 12700 for h in heights), heights
    assert frame.height == sum(heights)
    for r in range(4):
        tc_pr = table.cell(r, 0)._tc.tcPr
        assert tc_pr.get("anchor") == "ctr"
        assert int(tc_pr.get("marT")) == int(tc_pr.get("marB")) == round(0.3 * size * 12700)


def test_pictures_keep_aspect_and_alt_text(deck: PresentationType) -> None:
    for index, alt in ((7, "Fargerike sirkler på blå bakgrunn"), (8, "Fargerike sirkler")):
        pics = [s for s in deck.slides[index].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1
        pic = pics[0]
        assert pic._element.nvPicPr.cNvPr.get("descr") == alt
        assert abs(pic.width / pic.height - 800 / 500) < 0.01
        assert pic.left >= 0 and pic.left + pic.width <= deck.slide_width


def test_quote_slide(deck: PresentationType) -> None:
    slide = deck.slides[9]
    box = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX)
    quote, attribution = box.text_frame.paragraphs
    assert quote.text == "Kultur gir mening og bygger fellesskap."
    assert quote.runs[0].font.italic
    assert attribution.text == "— eksempel på et sitat"


def test_no_empty_placeholders_left(deck: PresentationType) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        for ph in slide.placeholders:
            assert ph.text_frame.text.strip(), f"slide {number}: empty {ph.name}"


def test_footer_and_slide_numbers_on_content_slides(deck: PresentationType) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        kinds = {ph.placeholder_format.type: ph for ph in slide.placeholders}
        footer = [ph for t, ph in kinds.items() if int(t) == 15]
        numbers = [ph for t, ph in kinds.items() if int(t) == 13]
        if number <= 2:
            assert not footer and not numbers, f"slide {number}"
        else:
            assert footer[0].text_frame.text == "Eksempelpakke – alt formatet kan"
            assert numbers[0].text_frame.text == str(number)
            fld = numbers[0]._element.find(f".//{A}fld")
            assert fld is not None and fld.get("type") == "slidenum"


def test_speaker_notes_keep_bullets(deck: PresentationType) -> None:
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else None
             for s in deck.slides]
    assert notes[0] == "Ønsk velkommen\nPresenter deg selv"
    assert notes[1] == "Seksjonen handler om bakgrunnen."
    assert all(notes), "every slide of the sample has notes"
    paragraphs = deck.slides[2].notes_slide.notes_text_frame.paragraphs
    assert [(p.level, p._p.pPr.find(f"{A}buChar") is not None) for p in paragraphs] == [
        (0, True), (1, True), (0, True),
    ]
    numbered = deck.slides[3].notes_slide.notes_text_frame.paragraphs
    assert all(p._p.pPr.find(f"{A}buAutoNum") is not None for p in numbered)


def test_language_on_every_run(deck: PresentationType) -> None:
    count = 0
    for slide in deck.slides:
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for root in parts:
            for run in root.iter(qn("a:r"), qn("a:fld"), qn("a:br")):
                props = run.find(qn("a:rPr"))
                assert props is not None and props.get("lang") == "nb-NO", run.xpath("string()")
                count += 1
            for end in root.iter(qn("a:endParaRPr")):
                assert end.get("lang") == "nb-NO"
    assert count > 50


def test_core_properties_come_from_the_pack(deck: PresentationType) -> None:
    core = deck.core_properties
    assert core.title == "Eksempelpakke – alt formatet kan"
    assert core.author == core.last_modified_by == "KS; Norsk kulturskoleråd"
    assert core.subject == "En pakke som viser hvert element"
    assert core.keywords == "kulturskole; test"
    assert core.language == "nb-NO"
    assert core.created.date().isoformat() == core.modified.date().isoformat() == "2021-05-03"
    assert core.revision == 1
    assert "python-pptx" not in (core.comments or "")
    assert "Steve" not in core.last_modified_by


def test_notes_master_is_registered(deck: PresentationType) -> None:
    ids = deck.part._element.find(qn("p:notesMasterIdLst"))
    assert ids is not None
    r_id = ids[0].get(qn("r:id"))
    assert deck.part.related_part(r_id).partname == "/ppt/notesMasters/notesMaster1.xml"


def test_manifest(workdir: Path, deck: PresentationType) -> None:
    import hashlib
    import json

    manifest = json.loads((workdir / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == "temapakker 0.1.0"
    [pack] = manifest["packs"]
    assert {k: pack[k] for k in ("id", "title", "language", "slides")} == {
        "id": "sample", "title": "Eksempelpakke – alt formatet kan", "language": "nb",
        "slides": 11,
    }
    [entry] = pack["files"]
    data = (workdir / "build" / entry["path"]).read_bytes()
    assert entry == {"kind": "deck", "format": "pptx", "path": "sample/sample.pptx",
                     "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
