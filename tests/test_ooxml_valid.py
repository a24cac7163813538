"""Every deck and Word file passes an OOXML validator (schemas and Office's own rules).

openxml-audit checks the parts against the ECMA-376 schemas and the rules that make
PowerPoint or Word ask to repair a file; a file it passes is expected to open cleanly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import run_cli

REPO = Path(__file__).parents[1]


def audit(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    """Validate every Office file below a folder; one result per file."""
    done = subprocess.run([sys.executable, "-m", "openxml_audit", "-o", "json", "-m", "20",
                           "-r", str(folder)], capture_output=True, text=True, timeout=300)
    found = json.loads(done.stdout)
    return found if isinstance(found, list) else [found]


def test_outputs_open_cleanly(copy_pack: Callable[[str], Path], workdir: Path) -> None:
    pytest.importorskip("openxml_audit")
    copy_pack("sample")
    copy_pack("session")
    foreign = Presentation()  # python-pptx's own 4:3 template, with a slide to drop
    foreign.slides.add_slide(foreign.slide_layouts[1]).shapes.title.text = "Eksempel"
    foreign.save(str(workdir / "fremmed.pptx"))
    other = workdir / "packs" / "fremmed"
    shutil.copytree(workdir / "packs" / "sample", other)
    with (other / "pack.yaml").open("a", encoding="utf-8") as f:
        f.write("template: ../../fremmed.pptx\n")
    shutil.copytree(REPO / "packs" / "dialogseminar", workdir / "packs" / "dialogseminar")
    shutil.copytree(REPO / "templates", workdir / "templates")
    assert run_cli("build", "--formats", "pptx,docx").exit_code == 0
    files = sorted((workdir / "build").rglob("*.pptx")) + \
        sorted((workdir / "build").rglob("*.docx"))
    assert len(files) == 12  # 4 decks; run sheet, programme, answer sheets, handout x 2 packs
    results = audit(workdir / "build")
    assert len(results) == len(files)
    problems = {Path(r["file"]).name: r["errors"] for r in results if r["error_count"]}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)[:3000]


def test_pandoc_corpus_decks_open_cleanly(tmp_path: Path) -> None:
    """pandoc's own inputs use every construct the reader knows: stacked regions,
    captions, headerless tables, run formatting, numbering styles, backgrounds."""
    pytest.importorskip("openxml_audit")
    from temapakker.build import Options, run

    corpus = REPO / "tests" / "corpus" / "pandoc-pptx"
    cases = ["background-image", "comparison--extra-image", "inline-formatting", "lists",
             "incremental-lists--without-flag", "raw-ooxml",
             "speaker-notes-afterseps", "start-numbering-at", "tables", "endnotes"]
    for case in cases:
        shutil.copytree(corpus / case, tmp_path / "packs" / case)
        for media in (corpus / "media").iterdir():
            shutil.copy(media, tmp_path / "packs" / case / media.name)
    run(Options(packs=[tmp_path / "packs" / c for c in cases], out=tmp_path / "build",
                formats=("pptx",)))
    results = audit(tmp_path / "build")
    assert len(results) == len(cases)
    problems = {Path(r["file"]).name: r["errors"] for r in results if r["error_count"]}
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)[:3000]


def test_decks_on_a_libreoffice_template_open_cleanly(copy_pack: Callable[[str], Path],
                                                       workdir: Path) -> None:
    """A template saved by LibreOffice has no presentation or view properties; PowerPoint
    offers to repair a deck without view properties, so the deck gets empty ones."""
    pytest.importorskip("openxml_audit")
    from tests.templates import SHARED

    root = copy_pack("sample")
    with (root / "pack.yaml").open("a", encoding="utf-8") as f:
        f.write(f"template: {SHARED / 'lo-Vivid.pptx'}\n")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    deck = workdir / "build" / "sample" / "sample.pptx"
    parts = {part.partname for part in Presentation(str(deck)).part.package.iter_parts()}
    assert {"/ppt/viewProps.xml", "/ppt/presProps.xml"} <= parts
    [result] = audit(workdir / "build")
    assert result["error_count"] == 0, json.dumps(result["errors"], ensure_ascii=False)[:3000]
