"""Fast rebuilds: unchanged packs are skipped without importing the writers; --jobs."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from tests.conftest import run_cli

MakePack = Callable[..., Path]
HEAVY = ("pptx", "docx", "weasyprint", "markdown_it", "jinja2", "lxml", "yaml", "PIL")


def test_no_op_build_touches_nothing(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a")
    make_pack("b")
    assert run_cli("build", "--formats", "pptx,site").exit_code == 0
    files = sorted(p for p in (workdir / "build").rglob("*") if p.is_file())
    stamps = {p: p.stat().st_mtime_ns for p in files}
    result = run_cli("build", "--formats", "pptx,site")
    assert result.exit_code == 0
    assert result.stderr == "nothing to do: 2 pack(s) unchanged in build\n"
    assert {p: p.stat().st_mtime_ns for p in files} == stamps


def test_no_op_imports_no_writer(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a")
    assert run_cli("build", "--formats", "pptx,html,docx,site,zip").exit_code == 0
    script = (
        "import sys\n"
        "from temapakker.cli import cli\n"
        "try:\n"
        "    cli(['build', '--formats', 'pptx,html,docx,site,zip'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=workdir, capture_output=True,
                          text=True, check=True)
    assert "nothing to do" in done.stderr
    assert done.stdout.strip() == "[]"


def test_only_the_changed_pack_is_built(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a")
    root = make_pack("b")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    (root / "slides.md").write_text("## Ny\n\n- endret\n", encoding="utf-8")
    result = run_cli("build", "--formats", "pptx")
    assert result.stderr.splitlines() == [
        "b: 2 slides, 1 file(s) → build/b",
        "built 1 pack(s), 1 file(s) in build; 1 unchanged",
    ]
    (root / "media").mkdir()
    (root / "media" / "ny.txt").write_text("en ny fil i pakken")
    assert run_cli("build", "--formats", "pptx").stderr.startswith("b: ")
    forced = run_cli("build", "--formats", "pptx", "--force")
    assert forced.stderr.endswith("built 2 pack(s), 2 file(s) in build\n")


def test_other_formats_are_not_a_no_op(make_pack: MakePack) -> None:
    make_pack("a")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    result = run_cli("build", "--formats", "pptx,site")
    assert result.stderr.endswith("built 1 pack(s), 3 file(s) in build\n")  # deck, 2 thumbnails


def test_parallel_build_gives_the_same_bytes(copy_pack: Callable[[str], Path],
                                             workdir: Path) -> None:
    copy_pack("sample")
    copy_pack("session")
    formats = "pptx,html,docx,site,zip"
    assert run_cli("build", "--formats", formats, "--jobs", "1", "--out", "one").exit_code == 0
    assert run_cli("build", "--formats", formats, "--jobs", "2", "--out", "two").exit_code == 0
    one = sorted(p.relative_to(workdir / "one") for p in (workdir / "one").rglob("*")
                 if p.is_file())
    assert len(one) > 10
    for path in one:
        assert (workdir / "one" / path).read_bytes() == (workdir / "two" / path).read_bytes()


# -- temapakker check ---------------------------------------------------------------------

def test_check_clean(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a")
    result = run_cli("check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "checked 1 pack(s): 0 error(s), 0 warning(s)\n"
    assert not (workdir / "build").exists()


def test_check_reports_every_problem(make_pack: MakePack) -> None:
    make_pack("a", yaml="title: A\ntitel: skrivefeil\n",
              slides='## En {#x}\n\n## To {#x layout="Ukjent"}\n')
    result = run_cli("check")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "]: " in line] == [
        "packs/a/pack.yaml:2:1: warning[unknown-key]: pack.yaml has an unknown key 'titel'; "
        "it is ignored",
        "packs/a/slides.md:3:8: error[duplicate-id]: slide id 'x' is already used on line 1",
        "packs/a/slides.md:3:11: error[unknown-layout]: the template has no layout named "
        "'Ukjent'",
    ]
    assert result.stderr == "checked 1 pack(s): 2 error(s), 1 warning(s)\n"


def test_check_json_and_strict(make_pack: MakePack) -> None:
    import json

    make_pack("a", yaml="title: A\ntitel: skrivefeil\n")
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{
        "level": "warning", "code": "unknown-key",
        "message": "pack.yaml has an unknown key 'titel'; it is ignored",
        "file": "packs/a/pack.yaml", "line": 2, "column": 1, "hint": "did you mean 'title'?",
    }]
    assert run_cli("check", "--strict").exit_code == 3


HANDOUT = "# Forberedelse\n\n## Les\n\n- Rapporten\n\n## Refleksjonsspørsmål\n\n1. Hva?\n"


def test_a_slides_edit_keeps_the_handout(make_pack: MakePack, workdir: Path) -> None:
    root = make_pack("a")
    (root / "forberedelse.md").write_text(HANDOUT, encoding="utf-8")
    assert run_cli("build", "--formats", "pptx,html,docx,zip").exit_code == 0
    folder = workdir / "build" / "a"
    handout = [folder / "a-forberedelse.html", folder / "a-forberedelse.docx"]
    made = {p: p.stat().st_ino for p in [*handout, folder / "a.pptx"]}

    (root / "slides.md").write_text("## Endret\n\n- ny tekst\n", encoding="utf-8")
    result = run_cli("build", "--formats", "pptx,html,docx,zip")
    assert result.exit_code == 0
    # A staged file replaces its target, so a file made again is a new inode.
    assert {p: p.stat().st_ino == made[p] for p in made} == {
        handout[0]: True, handout[1]: True, folder / "a.pptx": False}
    manifest = json.loads((workdir / "build" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["packs"][0]
    assert "stale" not in entry
    assert {f["path"] for f in entry["files"]} >= {"a/a-forberedelse.html",
                                                    "a/a-forberedelse.docx"}
    with zipfile.ZipFile(folder / "a.zip") as bundle:
        assert bundle.read("a/a-forberedelse.html") == handout[0].read_bytes()
        assert Presentation(io.BytesIO(bundle.read("a/a.pptx"))).slides[1].shapes.title.text \
            == "Endret"

    (root / "forberedelse.md").write_text(HANDOUT.replace("Rapporten", "Boken"),
                                          encoding="utf-8")
    assert run_cli("build", "--formats", "pptx,html,docx,zip").exit_code == 0
    assert "Boken" in handout[0].read_text(encoding="utf-8")
    assert handout[0].stat().st_ino != made[handout[0]]


def test_a_handout_missing_a_format_is_made(make_pack: MakePack, workdir: Path) -> None:
    root = make_pack("a")
    (root / "forberedelse.md").write_text(HANDOUT, encoding="utf-8")
    assert run_cli("build", "--formats", "pptx,html").exit_code == 0
    (root / "slides.md").write_text("## Endret\n\n- ny tekst\n", encoding="utf-8")
    assert run_cli("build", "--formats", "pptx,html,docx").exit_code == 0
    assert (workdir / "build" / "a" / "a-forberedelse.docx").is_file()


def test_a_slide_moved_makes_the_run_sheet_again(copy_pack: Callable[[str], Path],
                                                 workdir: Path) -> None:
    root = copy_pack("session")
    assert run_cli("build", "--formats", "html").exit_code == 0
    folder = workdir / "build" / "session"
    sheet, handout = folder / "session-kjoreplan.html", folder / "session-forberedelse.html"
    made = {p: (p.stat().st_ino, p.read_bytes()) for p in (sheet, handout)}
    slides = root / "slides.md"
    text = slides.read_text(encoding="utf-8")
    slides.write_text(text.replace("## Hvorfor", "## Ny først\n\n- punkt\n\n## Hvorfor"),
                      encoding="utf-8")
    assert run_cli("build", "--formats", "html").exit_code == 0
    # The slide numbers the run sheet gives after "Bakgrunn" moved one on.
    assert sheet.read_bytes() != made[sheet][1]
    assert (handout.stat().st_ino, handout.read_bytes()) == made[handout]

    assert run_cli("build", "--formats", "html", "--force").exit_code == 0
    assert handout.stat().st_ino != made[handout][0]  # --force makes everything again
    assert handout.read_bytes() == made[handout][1]


def test_each_deck_is_planned_once(make_pack: MakePack, workdir: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan-stage checks and the writers share one plan of the deck."""
    import temapakker.plan.deck as deck_module

    make_pack("a")
    make_pack("b", slides="## En\n\n- tekst\n\n## To\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    planned: list[str] = []
    plan_deck = deck_module.plan_deck

    def counted(checked: Any, date: Any) -> Any:
        planned.append(checked.pack.id)
        return plan_deck(checked, date)

    monkeypatch.setattr(deck_module, "plan_deck", counted)
    assert run_cli("build", "--formats", "pptx,site", "--jobs", "1").exit_code == 0
    assert sorted(planned) == ["a", "b"]
    deck = Presentation(str(workdir / "build" / "b" / "b.pptx"))
    assert len(deck.slides) == 3


@pytest.mark.parametrize(("path", "usable"), [
    ("a/a.pptx", True),
    ("a/sub/a.html", True),
    ("/a/a.pptx", False),  # absolute
    ("a/../b/b.pptx", False),
    ("../a/a.pptx", False),
    ("b/b.pptx", False),  # another pack's folder
    ("a\\..\\b.pptx", False),  # a Windows separator
    ("a", True),  # the pack's folder itself names no file, and is checked as a file later
    ("", False),
])
def test_an_earlier_manifest_names_only_files_in_the_pack_folder(path: str,
                                                                 usable: bool) -> None:
    from temapakker.uptodate import _usable_file

    entry = {"kind": "deck", "format": "pptx", "path": path, "bytes": 1, "sha256": "0" * 64}
    assert _usable_file(entry, "a") is usable
