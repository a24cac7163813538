"""Pictures beside text ({.image-left} / {.image-right}) and text over background pictures,
opened with python-pptx as a user's program would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from tests.conftest import run_cli

MakePack = Callable[..., Path]
TEXT = "Tekst ved siden av bildet.\n\n- ett punkt\n- et punkt til\n"


def build(make_pack: MakePack, slides: str, pictures: dict[str, str] | None = None,
          ) -> tuple[Path, object]:
    root = make_pack("p", slides=slides)
    for name, colour in (pictures or {}).items():
        Image.new("RGB", (400, 300), colour).save(root / name)
    result = run_cli("build", "--formats", "pptx")
    return root.parent.parent / "build" / "p" / "p.pptx", result


@pytest.mark.parametrize("side", ["left", "right"])
def test_picture_stands_beside_the_text(make_pack: MakePack, side: str) -> None:
    path, result = build(make_pack, f"## Bilde {{.image-{side}}}\n\n{TEXT}\n"
                         "![Et bilde](bilde.png)\n", {"bilde.png": "navy"})
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "warning" not in result.stderr  # type: ignore[attr-defined]
    slide = Presentation(str(path)).slides[1]
    picture = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    text = next(s for s in slide.shapes if s.has_text_frame and "Tekst ved" in s.text_frame.text)
    assert [p.text for p in text.text_frame.paragraphs] == \
        ["Tekst ved siden av bildet.", "ett punkt", "et punkt til"]
    if side == "left":
        assert picture.left + picture.width <= text.left
    else:
        assert text.left + text.width <= picture.left
    assert picture.width / picture.height == pytest.approx(400 / 300, rel=0.01)
    width = Presentation(str(path)).slide_width
    # the picture takes about 45 % of the body's width, the text the rest
    assert 0.3 * width < picture.width < 0.5 * width
    assert text.width > picture.width
    # the shapes are read in the order they are seen: left to right
    shapes = [s for s in slide.shapes if s in (picture, text)]
    assert shapes == ([picture, text] if side == "left" else [text, picture])


def test_image_side_without_one_picture_is_reported(make_pack: MakePack) -> None:
    _, result = build(make_pack, "## Ingen {.image-left}\n\nTekst.\n\n"
                      "## To {.image-right}\n\n![A](a.png)\n\n![B](b.png)\n",
                      {"a.png": "navy", "b.png": "red"})
    assert result.exit_code == 0  # type: ignore[attr-defined]
    lines = [line for line in result.stderr.splitlines()  # type: ignore[attr-defined]
             if "image-side" in line]
    assert lines == [
        "packs/p/slides.md:1:11: warning[image-side]: '.image-left' lays one picture beside "
        "the text, and this slide has no picture; it is laid out as a content slide",
        "packs/p/slides.md:5:8: warning[image-side]: '.image-right' lays one picture beside "
        "the text, and this slide has 2 pictures; it is laid out as a content slide",
    ]
    assert "hint: keep exactly one picture on the slide, or remove the class" in \
        result.stderr  # type: ignore[attr-defined]


def test_text_on_a_dark_background_picture_is_reported(make_pack: MakePack) -> None:
    _, result = build(make_pack, '## Lys {background-image="hvit.png"}\n\nTekst.\n\n'
                      '## Mørk {background-image="svart.png"}\n\nTekst.\n',
                      {"hvit.png": "white", "svart.png": "black"})
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    lines = [line for line in result.stderr.splitlines()  # type: ignore[attr-defined]
             if "low-contrast" in line]
    # the default theme's text is a dark blue: 1.4:1 on black, and fine on white
    assert lines == [
        "packs/p/slides.md:5:1: warning[low-contrast]: the text of slide 3 (#1E2A36) has a "
        "contrast of 1.4:1 against the background picture under it; at least 4.5:1 is needed"]
    assert "hint: darken or lighten the picture where the text stands, or choose another " \
        "picture" in result.stderr  # type: ignore[attr-defined]


def test_only_the_picture_under_the_text_counts(make_pack: MakePack) -> None:
    root = make_pack("p", slides='## Kant {background-image="kant.png"}\n\nTekst.\n')
    # black only in a thin strip along the foot of the slide, where no text stands
    picture = Image.new("RGB", (400, 300), "white")
    picture.paste((0, 0, 0), (0, 290, 400, 300))
    picture.save(root / "kant.png")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    assert "low-contrast" not in result.stderr
