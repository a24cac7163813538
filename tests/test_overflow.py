"""Text that overflows its box is noticed when the deck is planned (check/overflow.py)."""

from __future__ import annotations

import datetime as dt
import math
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from temapakker.check import check_pack
from temapakker.check.overflow import (
    CM,
    FIT_FLOOR,
    INDENT,
    _advance,
    check_overflow,
    measure_deck,
)
from temapakker.diagnostics import Diagnostic, Pos, Sink, format_all
from temapakker.plan.deck import DeckPlan, TextContent, TextFit, plan_deck
from temapakker.read.pack import read_pack
from temapakker.template import Template, default_template_path, load_template

REPO = Path(__file__).parents[1]
BUNDLED = sorted(p.name for p in (REPO / "packs").iterdir() if (p / "pack.yaml").is_file())
WORDS = ["Kulturskolen", "samarbeider", "med", "skole", "SFO", "og", "barnehage", "om",
         "tilbudet"]


def planned(root: Path) -> tuple[DeckPlan, Template]:
    sink = Sink()
    pack = read_pack(root, sink)
    assert pack is not None, format_all(sink.items)
    checked = check_pack(pack, sink)
    assert checked is not None and not sink.errors, format_all(sink.items)
    return plan_deck(checked, dt.date(2021, 1, 1)), checked.template


def overflow(root: Path) -> list[Diagnostic]:
    deck, template = planned(root)
    sink = Sink()
    check_overflow(deck, template, sink)
    return sink.items


def bullets(n: int, length: int = 5) -> str:
    return "\n".join("- " + " ".join(WORDS[(i + j) % len(WORDS)] for j in range(length))
                     for i in range(n))


def fits(root: Path) -> list[TextFit | None]:
    """How each text region of the planned deck is shrunk to fit (None: not at all)."""
    deck, _ = planned(root)
    return [r.content.fit for s in deck.slides for r in s.regions
            if isinstance(r.content, TextContent)]


def test_short_text_fits(make_pack: Callable[..., Path]) -> None:
    root = make_pack("kort", slides="## Kort {#kort}\n\n" + bullets(3) + "\n")
    assert overflow(root) == []
    assert fits(root) == [None]


def test_a_full_box_still_fits(make_pack: Callable[..., Path]) -> None:
    # the theme is designed for four to six short points: six one-line bullets fill the
    # default template's body at full size, a seventh makes it shrink a little
    root = make_pack("full", slides="## Fullt {#fullt}\n\n" + bullets(6) + "\n")
    assert overflow(root) == []
    assert fits(root) == [None]
    deck, template = planned(root)
    [body] = [m for m in measure_deck(deck, template) if m.part == "text"]
    assert -2 * CM < body.excess < 0
    seven = make_pack("sju", slides="## Sju {#sju}\n\n" + bullets(7) + "\n")
    [fit] = fits(seven)  # lines a tenth closer, or a font a little smaller
    assert fit is not None and 0.9 <= fit.font_scale * (1 - fit.line_cut) < 1
    assert overflow(seven) == []


def test_nine_short_points_are_shrunk_to_fit(make_pack: Callable[..., Path]) -> None:
    root = make_pack("full", slides="## Fullt {#fullt}\n\n" + bullets(9) + "\n")
    assert overflow(root) == []
    [fit] = fits(root)
    assert fit is not None and FIT_FLOOR <= fit.font_scale < 1
    deck, template = planned(root)
    [body] = [m for m in measure_deck(deck, template) if m.part == "text"]
    assert body.fit == fit and body.excess <= 0


def test_overflowing_text_is_reported_at_its_slide(make_pack: Callable[..., Path]) -> None:
    slides = "## Kort {#kort}\n\n- ett punkt\n\n## Mange punkter {#mange}\n\n" + bullets(14)
    root = make_pack("lang", slides=slides + "\n")
    [warning] = overflow(root)
    assert (warning.level, warning.code) == ("warning", "overflow")
    assert warning.message == ("the text on slide 3 ('mange') is about 5 lines / 6.0 cm taller "
                               "than its box, even with its text shrunk to 70%")
    assert fits(root) == [None, TextFit(FIT_FLOOR, 0.2)]
    assert warning.pos == Pos(root / "slides.md", 5, 1)
    assert "split the slide" in warning.hint


def test_a_word_longer_than_a_line(make_pack: Callable[..., Path]) -> None:
    word = "Kulturskoleutviklingsprosjektsamarbeidsavtaleforhandlingsmøtereferatgodkjennings" \
        "prosedyrebeskrivelsen"
    root = make_pack("ord", slides=f"## Ord {{#ord}}\n\n- {word}\n- kort\n")
    [warning] = overflow(root)
    assert warning.message == (
        "the text on slide 2 ('ord') is too wide for its box: the word "
        "'Kulturskoleutviklingsprosjektsamarbeids…' is longer than a line")
    assert warning.pos.line == 1


def test_a_word_too_wide_for_a_column_only(make_pack: Callable[..., Path]) -> None:
    word = "Kulturskolesamarbeidsavtaleforhandlingene"
    one = make_pack("en", slides=f"## En {{#en}}\n\n- {word}\n")
    assert overflow(one) == []
    two = make_pack("to", slides=f"## To {{#to}}\n\n:::: columns\n::: column\n- {word}\n:::\n"
                                 "::: column\n- kort\n:::\n::::\n")
    assert [d.message.split(":")[0] for d in overflow(two)] == \
        ["the text on slide 2 ('to') is too wide for its box"]


def test_long_titles_and_tables(make_pack: Callable[..., Path]) -> None:
    title = " ".join(WORDS * 3)
    rows = "\n".join(f"| {i} | {WORDS[i % 9]} |" for i in range(24))
    slides = f"## {title} {{#tittel}}\n\n- punkt\n\n## Tabell {{#tabell}}\n\n| A | B |\n" \
        f"|---|---|\n{rows}\n"
    root = make_pack("mye", slides=slides)
    messages = [d.message for d in overflow(root)]
    assert len(messages) == 2
    assert messages[0].startswith("the title on slide 2 ('tittel') is about 2 lines / ")
    assert messages[1].startswith("the table on slide 3 ('tabell') is about ")
    assert " rows / " in messages[1]


def test_a_two_line_title_fits(make_pack: Callable[..., Path]) -> None:
    title = " ".join(WORDS + WORDS[:3])
    root = make_pack("tittel", slides=f"## {title} {{#tittel}}\n\n- punkt\n")
    deck, template = planned(root)
    [title_box] = [m for m in measure_deck(deck, template)
                   if m.part == "title" and m.slide.id == "tittel"]
    assert title_box.lines == 2
    assert not title_box.overflows


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_packs_do_not_overflow(tmp_path: Path, pack: str) -> None:
    shutil.copytree(REPO / "packs" / pack, tmp_path / "packs" / pack)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    assert format_all(overflow(tmp_path / "packs" / pack)) == ""


def test_the_writer_sets_text_as_measured() -> None:
    from temapakker.writers import pptx_text

    assert INDENT == pptx_text.INDENT


def test_words_are_kerned() -> None:
    plain = (False, False, False)
    assert _advance("AV", plain) < _advance("A", plain) + _advance("V", plain)
    assert _advance("Første punkt", plain) * 24 == pytest.approx(122.3, abs=0.1)
    assert _advance("mono", (False, False, True)) == pytest.approx(4 * 1126 / 2048)


def test_text_styles_come_from_the_template() -> None:
    template = load_template(default_template_path())
    layout = template.layout("Title and Content")
    assert layout is not None and layout.title is not None
    title = layout.title.style
    assert title is not None
    assert (title.level(0).size, title.level(0).spacing, title.anchor) == (36.0, 0.9, "b")
    [body] = layout.content
    assert body.style is not None
    first, second = body.style.level(0), body.style.level(1)
    assert (first.size, first.before, first.margin, first.indent, first.bullet) == \
        (28.0, 24.0, 342900, -342900, True)
    assert (second.size, second.before) == (24.0, 10.0)
    [left, right] = template.role("two").layout.content  # columns: a step smaller
    for column in (left.style, right.style):
        assert column is not None
        assert (column.level(0).size, column.level(0).before) == (24.0, 18.0)
        assert (column.level(1).size, column.level(1).before) == (20.0, 8.0)
    assert body.style.insets == (91440, 45720, 91440, 45720)
    section = template.layout("Section Header")
    assert section is not None
    [text] = section.by_type("body")
    assert text.style is not None and text.style.level(0).bullet is False
    assert template.text_style.level(0).size == 18.0


def test_text_too_tall_even_shrunk_is_still_reported(
        make_pack: Callable[..., Path], workdir: Path) -> None:
    shrinking = workdir / "shrink.pptx"
    with zipfile.ZipFile(default_template_path()) as source, \
            zipfile.ZipFile(shrinking, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "ppt/slideMasters/slideMaster1.xml":
                text = data.decode("utf-8")
                body = 'bIns="45720" rtlCol="0" anchor="t"/>'
                assert body in text
                data = text.replace(body, body[:-2] + "><a:normAutofit/></a:bodyPr>", 1) \
                    .encode("utf-8")
            target.writestr(item, data)
    root = make_pack("krymp", yaml=f"title: Krymp\ntemplate: {shrinking}\n",
                     slides="## Mange {#mange}\n\n" + bullets(14) + "\n")
    deck, template = planned(root)
    [body] = [m for m in measure_deck(deck, template) if m.part == "text"]
    # the template asks to shrink; the deck says by how much, and the floor is not enough
    assert body.shrinks and body.fit == TextFit(FIT_FLOOR, 0.2) and body.overflows
    [warning] = overflow(root)
    assert warning.code == "overflow" and warning.message.endswith("shrunk to 70%")
    assert "LibreOffice never" not in (warning.hint or "")


def test_the_advance_table_measures_as_the_font_does() -> None:
    import random

    from temapakker.check import overflow

    rng = random.Random(17)
    for style in overflow.STYLES.values():
        table, font = overflow._advances(style), overflow._font(style)
        assert {c: font.getlength(c) for c in table} == table
        chars = "".join(table)
        for _ in range(300):  # the basic layout adds advances up: no kerning, no ligatures
            text = "".join(rng.choice(chars) for _ in range(rng.randint(2, 12)))
            assert font.getlength(text) == sum(table[c] for c in text), (style, text)
    # A character the table does not hold is measured by the font.
    assert "\u0416" not in overflow._advances("Regular")
    assert overflow._advance.__wrapped__("Ж", (False, False, False)) == \
        overflow._font("Regular").getlength("Ж") / overflow.UNITS


LIBERATION = Path("/usr/share/fonts/truetype/liberation2")


def test_fonts_are_measured_with_their_own_metrics_or_wider_ones() -> None:
    from temapakker.check.overflow import family_of

    for face in ("Calibri", "calibri light", "Carlito"):
        assert family_of(face) == "Carlito"
    for face in ("Arial", "Helvetica", "Liberation Sans", "Arimo"):
        assert family_of(face) == "LiberationSans"
    assert family_of("Times New Roman") == family_of("Liberation Serif") == "LiberationSerif"
    assert family_of("Courier New") == "LiberationMono"
    # no metrics of their own: measured as Arial, wider than Calibri (too wide errs safe)
    for face in ("Arial Narrow", "Corbel", "Aptos", "Segoe UI", "Ukjent Skrift", ""):
        assert family_of(face) == "LiberationSans"
    text = "Kulturskolen samarbeider med skole, SFO og barnehage om tilbudet"
    for variant in ((False, False, False), (True, False, False), (False, True, False)):
        calibri, arial = _advance(text, variant, "Carlito"), _advance(text, variant,
                                                                      "LiberationSans")
        assert 1.07 * calibri < arial < 1.2 * calibri


def test_the_same_paragraph_is_wider_and_fits_differently_in_arial() -> None:
    from dataclasses import replace

    from temapakker.check.overflow import PT, text_fits, text_height, text_width
    from temapakker.model import Span
    from temapakker.plan.text import TextPara
    from temapakker.template import Rect

    template = load_template(default_template_path())
    words = " ".join(WORDS * 3)
    assert text_width(words, 20, font="Arial") > 1.08 * text_width(words, 20)
    assert text_width(words, 20, font="Arial") == text_width(words, 20, font="Helvetica")

    calibri = template.text_style
    arial = replace(calibri, levels=tuple(replace(lv, font="Arial") for lv in calibri.levels))
    para = TextPara((Span(words),), size=20.0)
    left, _, right, _ = calibri.insets
    # a box exactly as wide as the paragraph set in Calibri: one line there, two in Arial
    width = left + right + math.ceil(text_width(words, 20) * PT) + 1
    heights = {name: text_height(width, TextContent((para,), look=look), template)
               for name, look in (("calibri", calibri), ("arial", arial))}
    assert heights["arial"] > heights["calibri"]
    box = Rect(0, 0, width, heights["calibri"])
    assert text_fits(box, TextContent((para,), look=calibri), template)
    assert not text_fits(box, TextContent((para,), look=arial), template)


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").is_file(),
                    reason="fonts-liberation2 is not installed: apt-get install fonts-liberation2")
def test_the_liberation_tables_measure_as_the_installed_fonts_do() -> None:
    from PIL import ImageFont

    from temapakker.check import overflow

    for family in ("LiberationSans", "LiberationSerif"):
        for style in overflow.STYLES.values():
            font = ImageFont.truetype(str(LIBERATION / f"{family}-{style}.ttf"),
                                      overflow.UNITS, layout_engine=ImageFont.Layout.BASIC)
            table = overflow._advances(style, family)
            assert len(table) > 300
            assert {c: font.getlength(c) for c in table} == table, (family, style)


def test_a_character_outside_a_fonts_table_is_measured_without_its_font() -> None:
    from temapakker.check import overflow

    assert "\u0416" not in overflow._advances("Regular", "LiberationSans")
    carlito = overflow._advance.__wrapped__("Ж", (False, False, False), "Carlito")
    arial = overflow._advance.__wrapped__("Ж", (False, False, False), "LiberationSans")
    assert arial == pytest.approx(carlito * overflow._widening("Regular", "LiberationSans"))
    assert arial > 1.1 * carlito  # widened as Arial's letters are wider than Calibri's
    # a table's characters are its own: 'Ж' among them costs only the one character
    mixed = overflow._advance.__wrapped__("aЖ", (False, False, False), "LiberationSans")
    assert mixed == pytest.approx(arial + overflow._advances("Regular", "LiberationSans")["a"]
                                  / overflow.UNITS)
