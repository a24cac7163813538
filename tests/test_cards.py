"""Cards ('::: cards' over a list): a grid of native, theme-coloured shapes, opened as a user
would open the deck."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

from temapakker.colour import contrast
from tests.conftest import run_cli
from tests.templates import HERE, SHARED
from tests.test_libreoffice import needs_impress, to_pdf

MakePack = Callable[..., Path]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

SLIDES = """\
## To spørsmål {#to}

::: cards
- **Hva er viktigst for oss?**
- **Hva vil vi få til innen 2030?**
:::

## Tre begreper {#tre}

Kulturskolen arbeider på tre måter:

::: cards
- **Samarbeid** – vi deler på oppgavene
- **Samhandling** – vi gjør noe sammen, hver med sitt
- **Samskaping**: nye *løsninger* sammen
:::

## Fire verdiområder {#verdiomrader}

::: cards
1. **Attraktiv og relevant**
2. **Inkluderende og mangfoldig**
3. **Utviklende og skapende**
4. **Betydningsfull og mestringsorientert**
:::

## Fem {#fem}

::: cards
1. **En**
2. **To** og litt tekst
3. **Tre**
4. **Fire**
5. **Fem**
:::

## Seks {#seks}

::: cards
- **Kulturskolen som ressurssenter** – for hele kommunen
- **Bredde** – flere sjangre
- **Fordypning**
- **Inkludering** – alle barn
- Samarbeid med skolen
- **Lokalt kulturliv**
    - med lag og foreninger
        - og frivillige
:::
"""

# each slide's cards, in reading order: the texts of each card's paragraphs
EXPECTED = {
    1: [["Hva er viktigst for oss?"], ["Hva vil vi få til innen 2030?"]],
    2: [["Samarbeid", "vi deler på oppgavene"],
        ["Samhandling", "vi gjør noe sammen, hver med sitt"],
        ["Samskaping", "nye løsninger sammen"]],
    3: [["1", "Attraktiv og relevant"], ["2", "Inkluderende og mangfoldig"],
        ["3", "Utviklende og skapende"], ["4", "Betydningsfull og mestringsorientert"]],
    4: [["1", "En"], ["2", "To", "og litt tekst"], ["3", "Tre"], ["4", "Fire"], ["5", "Fem"]],
    5: [["Kulturskolen som ressurssenter", "for hele kommunen"], ["Bredde", "flere sjangre"],
        ["Fordypning"], ["Inkludering", "alle barn"], ["Samarbeid med skolen"],
        ["Lokalt kulturliv", "med lag og foreninger", "og frivillige"]],
}
ROWS = {1: [2], 2: [3], 3: [2, 2], 4: [3, 2], 5: [3, 3]}  # cards per row, top to bottom

TEMPLATES = [None, SHARED / "lo-Vivid.pptx", HERE / "pptx-default.potx"]


def build(make_pack: MakePack, workdir: Path, template: Path | None = None,
          slides: str = SLIDES) -> Path:
    make_pack("a", yaml="title: Kort\n" + (f"template: {template}\n" if template else ""),
              slides=slides)
    # a foreign template may lack a layout (a warning): not --strict, but nothing may overflow
    result = run_cli("build", "--formats", "pptx", *(() if template else ("--strict",)))
    assert result.exit_code == 0, result.stderr
    assert "overflow" not in result.stdout + result.stderr
    return workdir / "build" / "a" / "a.pptx"


def cards(slide: object) -> list:  # type: ignore[type-arg]
    return [s for s in slide.shapes  # type: ignore[attr-defined]
            if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
            and s.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE]


def theme_colours(deck: Path) -> dict[str, str]:
    """The deck's theme colours as hex by scheme name, with the master's clrMap names
    (bg1, tx1) added: what a card's schemeClr resolves to."""
    with zipfile.ZipFile(deck) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
        master = etree.fromstring(z.read("ppt/slideMasters/slideMaster1.xml"))
    colours = {}
    for el in theme.find(f".//{A}clrScheme"):
        value = el[0].get("lastClr") or el[0].get("val")
        colours[etree.QName(el).localname] = value.upper()
    mapping = master.find("{http://schemas.openxmlformats.org/presentationml/2006/main}clrMap")
    for name in ("bg1", "tx1", "bg2", "tx2"):
        colours[name] = colours[mapping.get(name)]
    return colours


THEME_NAMES = {MSO_THEME_COLOR.BACKGROUND_1: "bg1", MSO_THEME_COLOR.TEXT_1: "tx1",
               **{getattr(MSO_THEME_COLOR, f"ACCENT_{n}"): f"accent{n}" for n in range(1, 7)}}


def body_area(slide: object) -> tuple[int, int, int, int]:
    """The box of the body placeholder of the slide's layout: left, top, right, bottom."""
    [body] = [p for p in slide.slide_layout.placeholders  # type: ignore[attr-defined]
              if p.placeholder_format.idx == 1 or p.placeholder_format.type in (2, 7)][:1]
    return body.left, body.top, body.left + body.width, body.top + body.height


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name if t else "repository")
def test_cards_are_native_shapes_in_the_theme(make_pack: MakePack, workdir: Path,
                                              template: Path | None) -> None:
    path = build(make_pack, workdir, template)
    deck = Presentation(str(path))
    theme = theme_colours(path)
    for number, expected in EXPECTED.items():
        slide = deck.slides[number]
        shapes = cards(slide)
        assert [[p.text for p in s.text_frame.paragraphs] for s in shapes] == expected, number
        # reading order: row by row, left to right, as the rows above say
        tops = sorted({s.top for s in shapes})
        assert [sum(s.top == t for s in shapes) for t in tops] == ROWS[number]
        assert shapes == sorted(shapes, key=lambda s: (s.top, s.left))
        assert len({(s.width, s.height) for s in shapes}) == 1
        # each row, a short one too, stands centred across the body
        left, top, right, bottom = body_area(slide)
        for t in tops:
            row = [s for s in shapes if s.top == t]
            middle = (row[0].left + row[-1].left + row[-1].width) // 2
            assert abs(middle - (left + right) // 2) <= 2, (number, t)
        for n, shape in enumerate(shapes):
            assert left <= shape.left and shape.left + shape.width <= right, (number, n)
            assert top <= shape.top and shape.top + shape.height <= bottom, (number, n)
            fill = shape.fill.fore_color.theme_color
            assert THEME_NAMES[fill] == f"accent{n + 1}"  # a scheme colour, not a hex
            paper = theme[f"accent{n + 1}"]
            for para in shape.text_frame.paragraphs:
                for run in para.runs:
                    colour = run.font.color
                    ink = theme[THEME_NAMES[colour.theme_color]] \
                        if colour.type == 2 else str(colour.rgb)  # 2: MSO_COLOR_TYPE.SCHEME
                    assert contrast(ink, paper) >= 4.5, (number, n, ink, paper)
        heading = [p for p in shapes[0].text_frame.paragraphs if p.runs][
            1 if expected[0][0].isdigit() else 0]
        assert heading.runs[0].font.bold
        sizes = [p.runs[0].font.size.pt for p in shapes[0].text_frame.paragraphs]
        if len(sizes) > 1 and not expected[0][0].isdigit():  # the text under it is smaller
            assert sizes[1] < sizes[0]
    # the paragraph before the cards stands above them
    slide = deck.slides[2]
    [text] = [s for s in slide.shapes if s.has_text_frame and
              s.text_frame.text == "Kulturskolen arbeider på tre måter:"]
    assert text.top + text.height <= min(s.top for s in cards(slide))
    # formatting inside a card's text is kept
    assert cards(slide)[2].text_frame.paragraphs[1].runs[1].font.italic


def test_heading_size_follows_the_card(make_pack: MakePack, workdir: Path) -> None:
    """A long word in narrow cards sets every heading of the slide smaller, so that the
    word fits on a line; short headings keep the largest size."""
    from temapakker.check.overflow import text_width
    from temapakker.plan.deck import CARD_FIT, CARD_INSETS

    word = "Kulturskoleutviklingsarbeidet"
    slides = SLIDES + f"\n## Langt ord {{#langt}}\n\n::: cards\n- **{word}**\n" + \
        "".join(f"- **{c}**\n" for c in "BCDEF") + ":::\n"
    deck = Presentation(str(build(make_pack, workdir, slides=slides)))
    two = cards(deck.slides[1])[0].text_frame.paragraphs[0].runs[0].font.size.pt
    assert two == 35  # the default theme's body (28 pt) × 1.25: room to spare
    shapes = cards(deck.slides[6])
    sizes = {s.text_frame.paragraphs[0].runs[0].font.size.pt for s in shapes}
    assert len(sizes) == 1
    [size] = sizes
    assert 12 <= size < two
    # the largest size at which the word fits inside the card's insets, with the slack
    # for renderers that wrap a little earlier
    left, _, right, _ = CARD_INSETS
    inner = (shapes[0].width * CARD_FIT - left - right) / 12700  # points
    assert text_width(word, size, bold=True) <= inner < text_width(word, size + 1, bold=True)


def test_cards_mistakes_are_located(make_pack: MakePack) -> None:
    slides = ("::: notes\n::: cards\n- **Ikke her**\n:::\n:::\n\n"
              "## A\n\n::: cards\n- **En**\n- \n- **To**\n\nEn løs setning.\n:::\n\n"
              "## B\n\n::: cards\n1. **1**\n2. **2**\n3. **3**\n4. **4**\n5. **5**\n6. **6**\n"
              "7. **7**\n:::\n")
    make_pack("a", slides=slides)
    result = run_cli("check")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "[" in line or "hint" in line] == [
        "packs/a/slides.md:2:1: warning[cards-here]: '::: cards' sets cards on a slide; here "
        "(in speaker notes or the handout) its content is shown as ordinary text",
        "  hint: put '::: cards' in the body of a slide",
        "packs/a/slides.md:11:1: warning[card-empty]: this list item is empty; no card is "
        "drawn for it",
        "  hint: write the card's heading in bold, or remove the item",
        "packs/a/slides.md:14:1: warning[cards-content]: '::: cards' holds a list, a card per "
        "item; this is shown after the cards",
        "  hint: make it a list item, or move it out of the div",
        "packs/a/slides.md:26:1: error[too-many-cards]: 7 cards; a slide shows at most 6, in "
        "two rows of three",
        "  hint: split them over two slides, or join the ones that belong together",
    ]


def test_cards_reach_the_thumbnail(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", slides=SLIDES)
    assert run_cli("build", "--strict", "--formats", "pptx,site").exit_code == 0
    svg = (workdir / "build" / "a" / "thumbs" / "slide-03.svg").read_text(encoding="utf-8")
    assert len(re.findall(r'<rect [^>]*rx="', svg)) == 3
    lines = " ".join(re.findall(r">([^<>]+)<", svg))  # a card's text may wrap onto lines
    for text in ("Kulturskolen arbeider på tre måter:", "Samarbeid", "vi deler på oppgavene",
                 "Samskaping"):
        assert text in lines


@needs_impress
@pytest.mark.parametrize("template", TEMPLATES[:2], ids=lambda t: t.name if t else "repository")
def test_libreoffice_renders_the_cards(make_pack: MakePack, workdir: Path,
                                       template: Path | None) -> None:
    from pypdf import PdfReader

    [pdf] = to_pdf(workdir, build(make_pack, workdir, template))
    pages = PdfReader(pdf).pages
    assert len(pages) == 6
    for number in (2, 3):  # the three and the four cards
        text = " ".join(pages[number].extract_text().split())
        for card in EXPECTED[number]:
            for part in card:
                for word in part.split():
                    assert word in text, (number, word)


def test_a_deck_with_cards_passes_openxml_audit(make_pack: MakePack, workdir: Path) -> None:
    pytest.importorskip("openxml_audit")
    from tests.test_ooxml_valid import audit

    make_pack("a", slides=SLIDES)  # the repository theme, and python-pptx's own (4:3)
    make_pack("b", yaml=f"title: Kort\ntemplate: {TEMPLATES[2]}\n", slides=SLIDES)
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    results = audit(workdir / "build")
    assert sorted(Path(r["file"]).name for r in results) == ["a.pptx", "b.pptx"]
    assert [r["errors"] for r in results if r["error_count"]] == []


def test_cards_or_a_timeline_under_a_section_heading(make_pack: MakePack) -> None:
    make_pack("a", slides="# Sek\n\n::: timeline\n- 2019: a\n- 2020: b\n- 2021: c\n:::\n\n"
              "# Kort\n\n::: cards\n- **A**\n- **B**\n:::\n")
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if "[" in line] == [
        "packs/a/slides.md:3:1: warning[section-content]: a section slide shows text only; "
        "with a timeline on it, this slide is laid out as a content slide",
        "packs/a/slides.md:11:1: warning[section-content]: a section slide shows text only; "
        "with cards on it, this slide is laid out as a content slide",
    ]


def test_a_card_too_full_to_fit_is_an_overflow(make_pack: MakePack) -> None:
    """Where even the smallest heading leaves a card's text too tall, the overflow check
    names the slide, as it does for any other box."""
    words = " ".join(["ord"] * 1000)
    make_pack("a", slides=f"## Lang {{#lang}}\n\n::: cards\n- **A** {words}\n- **B**\n:::\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.output.splitlines() if "warning[" in line]
    assert warning.startswith("packs/a/slides.md:1:1: warning[overflow]: the text on slide 2 "
                              "('lang') is about ")


def test_cards_with_text_stand_taller_where_their_heading_gains(make_pack: MakePack,
                                                               workdir: Path) -> None:
    """Cards of headings only stay low (half their width); cards that carry a line of text
    may stand up to three quarters of their width tall, where that sets them larger."""
    slides = ("## Korte {#korte}\n\n::: cards\n- **Samarbeid**\n- **Samhandling**\n"
              "- **Samskaping**\n:::\n\n"
              "## Med tekst {#tekst}\n\n::: cards\n"
              "- **Brukerreise** – følg én innbygger gjennom tilbudet, steg for steg\n"
              "- **Tjenestereise** – hele forløpet, også overgangene mellom tjenester\n"
              "- **Dialogkafé** – små grupper ved bord med en vert; bytt bord på signal\n:::\n")
    deck = Presentation(str(build(make_pack, workdir, slides=slides)))
    low, tall = cards(deck.slides[1]), cards(deck.slides[2])
    assert all(c.height <= c.width * 0.5 + 1 for c in low)
    assert all(c.width * 0.5 + 1 < c.height <= c.width * 0.75 + 1 for c in tall)
