"""pandoc's slide Markdown in the built deck: what each construct becomes, opened with
python-pptx as a user's program would."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu

from tests.conftest import run_cli

MakePack = Callable[..., Path]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def build(make_pack: MakePack, slides: str, yaml: str = "title: Test\n",
          picture: bool = False) -> tuple[PresentationType, str]:
    root = make_pack("p", yaml=yaml, slides=slides)
    if picture:
        Image.new("RGB", (400, 300), "navy").save(root / "bilde.png")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    return Presentation(str(root.parent.parent / "build" / "p" / "p.pptx")), result.stderr


def box(shape: object) -> tuple[int, int, int, int]:
    s = shape
    return (int(s.left), int(s.top), int(s.left + s.width), int(s.top + s.height))  # type: ignore[attr-defined]


def test_a_column_with_text_table_and_picture_stacks_them(make_pack: MakePack) -> None:
    deck, err = build(make_pack, """## Blandet

:::: columns
::: column
Tekst over tabellen.

| A | B |
|---|---|
| 1 | 2 |

Table: Tabelltekst

![Et bilde](bilde.png)
:::
::: column
Høyre kolonne.
:::
::::
""", picture=True)
    slide = deck.slides[1]
    shapes = {s.shape_type: s for s in slide.shapes}
    table = next(s for s in slide.shapes if s.has_table)
    picture = shapes[MSO_SHAPE_TYPE.PICTURE]
    texts = [s for s in slide.shapes if s.has_text_frame and s != slide.shapes.title]
    above = next(s for s in texts if s.text_frame.text == "Tekst over tabellen.")
    caption = next(s for s in texts if s.text_frame.text == "Tabelltekst")
    figure = next(s for s in texts if s.text_frame.text == "Et bilde")
    right = next(s for s in texts if s.text_frame.text == "Høyre kolonne.")
    # top to bottom in the left column, in the order written, nothing overlapping
    order = [above, table, caption, picture, figure]
    for upper, lower in itertools.pairwise(order):
        assert box(upper)[3] <= box(lower)[1], (upper.name, lower.name)
    assert all(box(s)[2] <= box(right)[0] for s in order)
    assert picture._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["Et bilde"]
    assert [c.text for c in table.table.rows[0].cells] == ["A", "B"]
    assert figure.text_frame.paragraphs[0].runs[0].font.italic
    assert "overflow" not in err


def test_simple_table_and_its_caption(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, """## Tall

  Høyre Venstre
------- -------
     12 12
    123 123

  : Tallene
""")
    slide = deck.slides[1]
    table = next(s for s in slide.shapes if s.has_table).table
    assert [[c.text for c in r.cells] for r in table.rows] == \
        [["Høyre", "Venstre"], ["12", "12"], ["123", "123"]]
    assert table.rows[1].cells[0].text_frame.paragraphs[0]._p.pPr.get("algn") == "r"
    assert "Tallene" in [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_a_headerless_table_has_no_header_row(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, "## T\n\n  --- ---\n  a   b\n  --- ---\n")
    table = next(s for s in deck.slides[1].shapes if s.has_table).table
    assert [[c.text for c in r.cells] for r in table.rows] == [["a", "b"]]
    assert not table.first_row


@pytest.mark.parametrize(("markdown", "attribute", "value"), [
    ("~~borte~~", "strike", "sngStrike"),
    ("H~2~O", "baseline", "-25000"),
    ("x^2^", "baseline", "30000"),
    ("[små]{.smallcaps}", "cap", "small"),
    ("[under]{.underline}", "u", "sng"),
])
def test_inline_formatting_becomes_run_formatting(make_pack: MakePack, markdown: str,
                                                  attribute: str, value: str) -> None:
    deck, _ = build(make_pack, f"## F\n\nFør {markdown} etter\n")
    body = next(s for s in deck.slides[1].placeholders if s.placeholder_format.idx != 0)
    runs = body.text_frame.paragraphs[0].runs
    assert [r._r.rPr.get(attribute) for r in runs] == [None, value, None]


def test_footnotes_are_numbered_and_their_text_goes_to_the_notes(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, "## F\n\nPåstand.[^k]\n\n[^k]: Kilden.\n")
    slide = deck.slides[1]
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0)
    runs = body.text_frame.paragraphs[0].runs
    assert [(r.text, r._r.rPr.get("baseline")) for r in runs] == [("Påstand.", None),
                                                                  ("1", "30000")]
    assert slide.notes_slide.notes_text_frame.text == "[1] Kilden."


def test_math_is_shown_as_unicode_text(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, "## M\n\nArealet er $\\pi r^2$.\n")
    body = next(s for s in deck.slides[1].placeholders if s.placeholder_format.idx != 0)
    assert body.text_frame.text == "Arealet er π r²."


def test_list_markers_keep_style_and_start(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, "## L\n\nc.  tre\nd.  fire\n")
    body = next(s for s in deck.slides[1].placeholders if s.placeholder_format.idx != 0)
    numbers = [p._p.pPr.find(f"{A}buAutoNum") for p in body.text_frame.paragraphs]
    assert [(n.get("type"), n.get("startAt")) for n in numbers] == \
        [("alphaLcPeriod", "3"), ("alphaLcPeriod", "3")]


def test_text_before_the_first_heading_and_front_matter_notes(make_pack: MakePack) -> None:
    deck, err = build(make_pack, "---\nnotes: Velkommen alle\n---\n\nLøs tekst.\n\n---\n\n---\n\n"
                      "## Neste\n")
    assert len(deck.slides) == 3  # title, the untitled slide, 'Neste': no empty slide
    assert deck.slides[0].notes_slide.notes_text_frame.text == "Velkommen alle"
    assert "Løs tekst." in [s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame]
    assert "warning[no-title]" in err


def test_picture_width_is_a_share_of_its_region(make_pack: MakePack) -> None:
    deck, _ = build(make_pack, "## B\n\n![Bilde](bilde.png){width=40%}\n", picture=True)
    slide = deck.slides[1]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    layout_body = next(p for p in slide.slide_layout.placeholders
                       if p.placeholder_format.idx != 0)
    assert abs(picture.width - Emu(int(layout_body.width * 0.4))) < 12700


def test_bad_raw_openxml_is_an_error_with_its_line(make_pack: MakePack) -> None:
    make_pack("p", slides="## R\n\n```{=openxml}\n<a:p><a:t>x</a:p>\n```\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "packs/p/slides.md:3:1: error[bad-openxml]: the raw OpenXML is not well-formed XML: "
        "Opening and ending tag mismatch: t line 1 and p")


def test_background_image_fills_the_slide(make_pack: MakePack) -> None:
    deck, err = build(make_pack, '## Månen {background-image="bilde.png"}\n\nTekst.\n',
                      picture=True)
    slide = deck.slides[1]
    blips = slide._element.xpath("./p:cSld/p:bg/p:bgPr/a:blipFill/a:blip/@r:embed")
    assert len(blips) == 1
    assert slide.part.related_part(blips[0]).partname.endswith(".png")
    # the dark text on the navy test picture is what the contrast check is for
    assert [line for line in err.splitlines() if "warning" in line] == [
        "packs/p/slides.md:1:1: warning[low-contrast]: the text of slide 2 (#1E2A36) has a "
        "contrast of 1.1:1 against the background picture under it; at least 4.5:1 is needed"]


def test_incremental_lists_appear_item_by_item(make_pack: MakePack) -> None:
    deck, err = build(make_pack, "## Steg\n\n::: incremental\n- en\n- to\n:::\n\n"
                      "## Alt\n\n::: nonincremental\n- tre\n:::\n")
    steps, still = deck.slides[1], deck.slides[2]
    body = next(s for s in steps.placeholders if s.placeholder_format.idx != 0)
    targets = steps._element.xpath(".//p:timing//p:spTgt")
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    assert [(t.get("spid"), t.xpath("./p:txEl/p:pRg/@st", namespaces=ns)) for t in targets] == \
        [(str(body.shape_id), ["0"]), (str(body.shape_id), ["1"])]
    assert steps._element.xpath(".//p:timing//p:cTn/@nodeType").count("clickEffect") == 2
    assert steps._element.xpath(".//p:bldLst/p:bldP/@spid") == [str(body.shape_id)]
    assert still._element.xpath(".//p:timing") == []
    assert "warning" not in err


def test_raw_openxml_runs_and_shapes_are_passed_on(make_pack: MakePack) -> None:
    deck, err = build(make_pack, "## R\n\nFør `<a:r><a:rPr i=\"1\"/><a:t>kursiv</a:t></a:r>`"
                      "{=openxml} etter\n\n```{=openxml}\n<p:sp><p:nvSpPr><p:cNvPr id=\"9\" "
                      "name=\"Egen\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody>"
                      "<a:bodyPr/><a:p><a:r><a:t>Egen form</a:t></a:r></a:p></p:txBody>"
                      "</p:sp>\n```\n")
    slide = deck.slides[1]
    own = next(s for s in slide.shapes if s.name == "Egen")
    assert own.text_frame.text == "Egen form"
    ids = [s.shape_id for s in slide.shapes]
    assert len(ids) == len(set(ids))
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0)
    runs = body.text_frame.paragraphs[0].runs
    assert [(r.text, r.font.italic) for r in runs] == \
        [("Før ", None), ("kursiv", True), (" etter", None)]
    assert "raw-openxml" not in err


def test_a_picture_squeezed_out_by_text_is_reported(make_pack: MakePack) -> None:
    text = "\n".join(f"- punkt nummer {n} med litt tekst" for n in range(14))
    _, err = build(make_pack, f"## Fullt\n\nFør.\n\n{text}\n\n![Bilde](bilde.png)\n\nEtter.\n",
                   picture=True)
    assert "warning[overflow]: the picture 'bilde.png' on slide 2 ('fullt') has no room " \
        "left: the text and tables above it fill its place" in err


def test_a_section_heading_with_a_list_is_a_content_slide(make_pack: MakePack) -> None:
    deck, err = build(make_pack, "# Del 1\n\nInnledning.\n\n# Del 2\n\n- punkt\n- punkt to\n")
    assert [s.slide_layout.name for s in list(deck.slides)[1:]] == \
        ["Section Header", "Title and Content"]
    assert "packs/p/slides.md:7:1: warning[section-content]: a section slide shows text " \
        "only; with a list on it, this slide is laid out as a content slide" in err
