"""Who material is by or built on, its revision date, and the session's date on the handout."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from docx import Document
from pptx import Presentation

from tests.conftest import run_cli


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_title_slide_says_what_the_material_builds_on_and_when_it_was_revised(
        copy_pack: Callable[[str], Path], workdir: Path) -> None:
    pack = copy_pack("sample")
    _edit(pack / "pack.yaml", "date: 2021-05-03",
          'based_on: "Bygger på materiale fra KS (2019–2024)"\nrevised: 2026-12-01')
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(workdir / "build" / "sample" / "sample.pptx"))
    texts = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert "En pakke som viser hvert element\n" \
        "Bygger på materiale fra KS (2019–2024) · revidert 1. desember 2026" in texts
    core = deck.core_properties
    # The organisations are not named as the authors of material only built on their work.
    assert "KS" not in core.author
    assert core.created.date().isoformat() == "2026-12-01"


def test_revised_must_be_a_date(copy_pack: Callable[[str], Path]) -> None:
    pack = copy_pack("sample")
    _edit(pack / "pack.yaml", "date: 2021-05-03", "revised: desember")
    result = run_cli("check")
    assert result.exit_code == 1
    assert "packs/sample/pack.yaml:5:10: error[invalid-date]: date 'desember' is not a date" \
        in result.stdout


def _handout_lines(workdir: Path) -> list[str]:
    doc = Document(str(workdir / "build" / "session" / "session-forberedelse.docx"))
    return [p.text for p in doc.paragraphs]


def test_handout_carries_the_session_date_from_the_run_sheet(
        copy_pack: Callable[[str], Path], workdir: Path) -> None:
    copy_pack("session")
    result = run_cli("build", "--formats", "docx,html")
    assert result.exit_code == 0, result.stderr
    assert "14. mars 2024" in _handout_lines(workdir)
    html = (workdir / "build" / "session" / "session-forberedelse.html").read_text("utf-8")
    assert '<p class="meta">14. mars 2024</p>' in html


def test_handout_without_a_session_date_prints_no_date(
        copy_pack: Callable[[str], Path], workdir: Path) -> None:
    pack = copy_pack("session")
    _edit(pack / "kjoreplan.yaml", "date: 2024-03-14\n", "")
    result = run_cli("build", "--formats", "docx,html")
    assert result.exit_code == 0, result.stderr
    dated = re.compile(r"\b\d{1,2}\. (januar|februar|mars|april|mai|juni|juli|august|september|"
                       r"oktober|november|desember) \d{4}\b")
    assert not [line for line in _handout_lines(workdir) if dated.fullmatch(line)]
    html = (workdir / "build" / "session" / "session-forberedelse.html").read_text("utf-8")
    assert '<p class="meta">' not in html
