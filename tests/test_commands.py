"""temapakker new, template check and template init."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pptx import Presentation

from temapakker.template import default_template_path
from tests.conftest import run_cli
from tests.templates import HERE, SHARED


def test_new_pack_builds_at_once_without_warnings(workdir: Path) -> None:
    result = run_cli("new", "demo", "--title", "Demo")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "build it with: temapakker build packs/demo"
    built = run_cli("build", "--strict", "--formats", "pptx,html,docx", "packs/demo")
    assert built.exit_code == 0, built.stderr
    deck = Presentation(str(workdir / "build" / "demo" / "demo.pptx"))
    assert deck.slides[0].shapes.title.text == "Demo"
    assert len(deck.slides) == 16
    kinds = {slide.shapes.title.text: slide for slide in deck.slides}
    assert any(s.has_table for s in kinds["Dagens plan"].shapes)  # '::: agenda'
    numbers = [p.text for s in kinds["Nøkkeltall"].shapes if s.has_text_frame
               for p in s.text_frame.paragraphs[:1]]
    assert "13 %" in numbers and "16" in numbers  # '::: figures'
    assert kinds["Et poeng"].slide_layout.name == "Title Only"  # '{.statement}'
    assert any(s.has_chart for s in kinds["Et diagram"].shapes)  # '::: chart'
    assert any(s.shape_type == 6 for s in kinds["En tidslinje"].shapes)  # a group
    assert [s.text_frame.paragraphs[0].text for s in kinds["Tre måter å jobbe sammen på"].shapes
            if s.name.startswith("Card")] == ["Samarbeid", "Samhandling", "Samskaping"]
    assert not any("<!--" in shape.text_frame.text for slide in deck.slides
                   for shape in slide.shapes if shape.has_text_frame)


def test_new_refuses_to_overwrite_and_bad_ids(workdir: Path) -> None:
    assert run_cli("new", "demo").exit_code == 0
    again = run_cli("new", "demo")
    assert again.exit_code == 2
    assert again.stderr == ("temapakker: packs/demo already exists; choose another id or "
                            "remove the folder\n")
    bad = run_cli("new", "Min Pakke")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("temapakker: 'Min Pakke' cannot be a pack id")


def test_template_check_lists_layouts_and_fallbacks(workdir: Path) -> None:
    source = default_template_path()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(workdir / "egen.pptx", "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            data = data.replace(b'<p:cSld name="Two Content"', b'<p:cSld name="To kolonner"')
            dst.writestr(info, data)
    result = run_cli("template", "check", "egen.pptx")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "template egen.pptx: 16:9, 12192000 x 6858000 EMU, 9 layout(s)"
    assert "  To kolonner           title, content, content, date, footer, slide number  " \
        "[two content]" in lines
    assert "  two content           'To kolonner', by type" in lines
    assert lines[-2:] == ["errors: none", "warnings: none"]
    assert run_cli("template", "check", "--strict", "egen.pptx").exit_code == 0


def test_template_check_fails_when_a_role_has_no_layout(workdir: Path) -> None:
    """pandoc's reference deck with every layout but the title slide deleted."""
    result = run_cli("template", "check", str(SHARED / "pandoc-reference-deleted-layouts.pptx"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "  title slide           'Title Slide', by name" in lines
    assert "  title and content     missing: the built-in layout is used" in lines
    assert "notes master: none; the built-in one is added" in lines
    assert "errors: 4" in lines


def test_template_check_strict_fails_on_warnings(workdir: Path) -> None:
    """French PowerPoint names, 4:3: usable, with a warning; --strict makes it fail."""
    french = str(HERE / "fr-no-notes-master.pptx")
    result = run_cli("template", "check", french)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  title and content     'Titre et contenu', by type" in lines
    assert lines[-2:] == ["warnings: 1", "  - the slides are not 16:9 (widescreen), the shape "
                          "most projectors and screens have"]
    assert run_cli("template", "check", "--strict", french).exit_code == 3


def test_template_check_names_how_swedish_layouts_were_found(workdir: Path) -> None:
    """Swedish PowerPoint without layout types: found by their Swedish names."""
    result = run_cli("template", "check", str(SHARED / "poi-bug60715-sv.pptx"))
    lines = result.stdout.splitlines()
    assert "  title and content     'Rubrik och innehåll', by localized name" in lines
    assert "  section header        missing: the built-in layout is used" in lines
    assert result.exit_code == 1


def test_template_check_on_a_file_that_is_not_a_template(workdir: Path) -> None:
    (workdir / "tekst.pptx").write_text("ikke en mal")
    result = run_cli("template", "check", "tekst.pptx")
    assert result.exit_code == 1
    assert result.stderr == ("temapakker: cannot use tekst.pptx: not a PowerPoint file (File "
                             "is not a zip file)\n")


def test_template_init_writes_the_default_theme(workdir: Path) -> None:
    result = run_cli("template", "init", "maler")
    assert result.exit_code == 0
    written = workdir / "maler" / "mal.pptx"
    assert written.read_bytes() == default_template_path().read_bytes()
    assert run_cli("template", "init", "maler").exit_code == 2
