"""Templates: layouts found by name; a missing one is named with the fallback used."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from temapakker.template import default_template_path, load_template
from tests.conftest import run_cli


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
