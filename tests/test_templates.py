"""Templates: layouts found by name; a missing one is named with the fallback used."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from temapakker.template import Template, default_template_path, load_template
from tests.conftest import run_cli
from tests.templates import SHARED


def rename_layout(source: Path, target: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("ppt/slideLayouts/slideLayout"):
                data = re.sub(rf'<p:cSld name="{old}"'.encode(),
                              f'<p:cSld name="{new}"'.encode(), data)
            dst.writestr(info, data)


def test_default_template_has_the_standard_layouts() -> None:
    template = load_template(default_template_path())
    assert (template.width, template.height) == (12192000, 6858000)
    for name in ("Title Slide", "Title and Content", "Section Header", "Two Content",
                 "Comparison", "Title Only", "Picture with Caption", "Blank"):
        assert template.layout(name) is not None, name


def test_renamed_layout_is_found_by_its_type(make_pack: Callable[..., Path],
                                             workdir: Path) -> None:
    rename_layout(default_template_path(), workdir / "egen.pptx", "Section Header", "Kapittel")
    make_pack("a", yaml="title: A\ntemplate: ../../egen.pptx\n", slides="# Del\n\n## Side\n")
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    assert [s.slide_layout.name for s in deck.slides] == ["Title Slide", "Kapittel",
                                                          "Title Only"]


def test_template_that_is_not_a_pptx(make_pack: Callable[..., Path], workdir: Path) -> None:
    (workdir / "falsk.pptx").write_text("ikke en zip")
    make_pack("a", yaml="title: A\ntemplate: ../../falsk.pptx\n")
    result = run_cli("build")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("packs/a/pack.yaml:2:11: error[bad-template]: cannot use template ")
    assert first.endswith("falsk.pptx: not a PowerPoint file (File is not a zip file)")


def test_repository_theme_builds(copy_pack: Callable[[str], Path], workdir: Path) -> None:
    root = copy_pack("sample")
    theme = Path(__file__).parents[1] / "templates" / "fremtidens-kulturskole.pptx"
    with (root / "pack.yaml").open("a", encoding="utf-8") as f:
        f.write(f"template: {theme}\n")
    assert run_cli("build").exit_code == 0
    deck = Presentation(str(workdir / "build" / "sample" / "sample.pptx"))
    assert len(deck.slides) == 11
    theme = deck.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    assert b'name="Fremtidens kulturskole"' in theme.blob[:400]


def test_foreign_template_with_slides_and_no_notes_master(make_pack: Callable[..., Path],
                                                          workdir: Path) -> None:
    """python-pptx's own 4:3 template: example slides are dropped, a notes master is added."""
    foreign = Presentation()
    example = foreign.slides.add_slide(foreign.slide_layouts[1])
    example.shapes.title.text = "Eksempel fra malen"
    foreign.save(str(workdir / "fremmed.pptx"))
    make_pack("a", yaml="title: A\ntemplate: ../../fremmed.pptx\n",
              slides="## Side\n\n- punkt\n\n::: notes\n- notat\n:::\n")
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    assert [s.shapes.title.text for s in deck.slides] == ["A", "Side"]
    assert deck.slides[1].notes_slide.notes_text_frame.text == "notat"
    ids = deck.part._element.find(
        "{http://schemas.openxmlformats.org/presentationml/2006/main}notesMasterIdLst")
    assert ids is not None and len(ids) == 1
    with zipfile.ZipFile(workdir / "build" / "a" / "a.pptx") as zf:
        names = zf.namelist()
    assert sum(n.startswith("ppt/slides/slide") for n in names) == 2
    assert "ppt/notesMasters/notesMaster1.xml" in names
    assert not any("thumbnail" in n for n in names)


def fonts_of(template: Template, role: str) -> tuple[str, str]:
    """The typeface of the first level of a role layout's title and of its biggest body."""
    layout = template.role(role).layout
    assert layout.title is not None and layout.title.style is not None
    bodies = [p for p in layout.content if p.style is not None and p.rect is not None]
    body = max(bodies, key=lambda p: p.rect.width * p.rect.height if p.rect else 0)
    assert body.style is not None
    return layout.title.style.level(0).font, body.style.level(0).font


def test_each_text_level_knows_its_font() -> None:
    """The typeface each placeholder's levels set text in, read from real templates: a:latin
    of a:defRPr through master, layout and placeholder; +mn-lt and +mj-lt and a level that
    names none take the theme's fonts."""
    vivid = load_template(SHARED / "lo-Vivid.pptx")
    assert vivid.fonts == ("Arial", "Arial")
    assert fonts_of(vivid, "content") == ("Arial", "Arial")
    assert vivid.text_style.level(0).font == "Arial"

    # The Swedish template's theme is in Arial Narrow, but its master names Arial for the
    # first level of titles and for body levels 1-5; deeper title levels keep the Arial
    # Narrow its master names, and body levels 6-9, which its master sets to +mn-lt.
    swedish = load_template(SHARED / "poi-bug60715-sv.pptx")
    assert swedish.fonts == ("Arial Narrow", "Arial Narrow")
    assert fonts_of(swedish, "content") == ("Arial", "Arial")
    title = swedish.role("content").layout.title
    assert title is not None and title.style is not None
    assert title.style.level(1).font == "Arial Narrow"
    body = swedish.role("content").layout.content[0]
    assert body.style is not None
    assert [lv.font for lv in body.style.levels[4:6]] == ["Arial", "Arial Narrow"]

    # A German PowerPoint template: titles in the major font, body text in the minor one.
    german = load_template(SHARED / "poi-bug63290-de.pptx")
    assert german.fonts == ("Calibri Light", "Calibri")
    assert fonts_of(german, "content") == ("Calibri Light", "Calibri")
    assert german.text_style.level(0).font == "Calibri"

    corbel = load_template(SHARED / "pandoc-reference-deleted-layouts.pptx")
    assert corbel.fonts == ("Corbel", "Corbel")
    assert {lv.font for lv in corbel.text_style.levels} == {"Corbel"}


def test_a_theme_font_reference_takes_the_themes_font(workdir: Path) -> None:
    """Our theme names +mj-lt and +mn-lt only; with its theme fonts changed, each level
    follows them (titles the major font, body text and text boxes the minor one)."""
    target = workdir / "tema.pptx"
    with zipfile.ZipFile(default_template_path()) as src, \
            zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                assert data.count(b'<a:latin typeface="Calibri"/>') == 2
                data = data.replace(b'<a:latin typeface="Calibri"/>',
                                    b'<a:latin typeface="Georgia"/>', 1)
                data = data.replace(b'<a:latin typeface="Calibri"/>',
                                    b'<a:latin typeface="Verdana"/>', 1)
            elif info.filename == "ppt/slideMasters/slideMaster1.xml":
                assert b'<a:latin typeface="+mn-lt"/>' in data  # what is resolved
            dst.writestr(info, data)
    template = load_template(target)
    assert template.fonts == ("Georgia", "Verdana")
    assert fonts_of(template, "content") == ("Georgia", "Verdana")
    assert {lv.font for lv in template.text_style.levels} == {"Verdana"}
    assert load_template(default_template_path()).text_style.level(0).font == "Calibri"
