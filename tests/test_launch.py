"""The entry point: ``build`` in its plain form runs without click, and says and does what
the click command does; anything else is left to click."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from temapakker.launch import main, plain_build
from tests.conftest import run_cli

MakePack = Callable[..., Path]


@pytest.mark.parametrize(("argv", "expected"), [
    (["build"], {"packs": []}),
    (["build", "packs/a", "packs/b"], {"packs": [Path("packs/a"), Path("packs/b")]}),
    (["build", "-o", "ut", "packs/a", "--formats=pptx,site", "-j", "2", "--force"],
     {"packs": [Path("packs/a")], "out": Path("ut"), "formats": "pptx,site", "jobs": 2,
      "force": True}),
    (["build", "--out=ut", "--strict", "-f", "pdf", "--jobs=0"],
     {"packs": [], "out": Path("ut"), "formats": "pdf", "strict": True, "jobs": 0}),
])
def test_plain_arguments_are_read(argv: list[str], expected: dict[str, object]) -> None:
    assert plain_build(argv) == expected


@pytest.mark.parametrize("argv", [
    [],
    ["check"],
    ["--debug", "build"],
    ["build", "--help"],
    ["build", "-h"],
    ["build", "--out"],  # no value
    ["build", "--out", ""],  # blank: click's message asks for a folder
    ["build", "--out", "--force"],  # an option where the value should be
    ["build", "-o=ut"],  # click would take '=ut' as the folder
    ["build", "-out"],  # click would take 'ut' as the folder
    ["build", "--jobs", "-1"],
    ["build", "--jobs", "to"],
    ["build", "--jobs", "٣"],  # a digit, but not one click reads
    ["build", "--force=yes"],
    ["build", "--out", "a", "--out", "b"],  # repeated: click takes the last
    ["build", "--fomats", "pptx"],  # misspelt: click says so
    ["build", "--", "-pakke"],
])
def test_anything_else_goes_to_click(argv: list[str]) -> None:
    assert plain_build(argv) is None


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
             *args: str) -> tuple[int, str]:
    """Run the entry point as the console script does; return the exit code and stderr."""
    monkeypatch.setattr("sys.argv", ["temapakker", *args])
    try:
        main()
        code = 0
    except SystemExit as exit_info:
        code = exit_info.code if isinstance(exit_info.code, int) else 1
    return code, capsys.readouterr().err


def test_plain_build_says_what_click_says(make_pack: MakePack, workdir: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    make_pack("a", yaml="title: A\ntitel: skrivefeil\n")
    by_click = run_cli("build", "--formats", "pptx", "--out", "one")
    assert run_main(monkeypatch, capsys, "build", "--formats", "pptx", "--out", "two") == \
        (by_click.exit_code, by_click.stderr.replace("one", "two"))
    assert (workdir / "two" / "a" / "a.pptx").read_bytes() == \
        (workdir / "one" / "a" / "a.pptx").read_bytes()
    strict = run_cli("build", "--strict", "--out", "three")
    assert run_main(monkeypatch, capsys, "build", "--strict", "--out", "three") == \
        (strict.exit_code, strict.stderr) == (3, strict.stderr)
    unknown = run_cli("build", "--formats", "pptx,odp")
    assert run_main(monkeypatch, capsys, "build", "--formats", "pptx,odp") == \
        (2, unknown.stderr)
    assert unknown.stderr == ("temapakker: unknown format 'odp'; choose from pptx, html, "
                              "docx, pdf, site, zip\n")


def test_a_change_after_a_no_op_build_is_built(make_pack: MakePack, workdir: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = make_pack("a")
    make_pack("b")
    build = ("build", "--formats", "pptx,site")
    assert run_main(monkeypatch, capsys, *build)[0] == 0
    assert run_main(monkeypatch, capsys, *build) == \
        (0, "nothing to do: 2 pack(s) unchanged in build\n")
    (root / "slides.md").write_text("## Ny\n\n- endret\n", encoding="utf-8")
    code, said = run_main(monkeypatch, capsys, *build)
    assert (code, said.splitlines()[-1]) == (0, "built 1 pack(s), 3 file(s) in build; "
                                                "1 unchanged")
    assert run_main(monkeypatch, capsys, *build)[1].startswith("nothing to do")


def test_other_formats_after_a_no_op_build_are_built(make_pack: MakePack,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    make_pack("a")
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx")[0] == 0
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx")[1].startswith("nothing to do")
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx,site")[1].endswith(
        "built 1 pack(s), 3 file(s) in build\n")  # the deck, two thumbnails
    # The same formats in another order and spacing are the same build.
    assert run_main(monkeypatch, capsys, "build", "-f", "site, pptx")[1].startswith(
        "nothing to do")
    # Fewer formats than last time: built again (the kept site files are listed too).
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx")[1].startswith(
        "a: 2 slides, 3 file(s)")


def test_a_removed_output_is_made_again(make_pack: MakePack, workdir: Path,
                                        monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    make_pack("a")
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx,site")[0] == 0
    deck = workdir / "build" / "a" / "a.pptx"
    made = deck.read_bytes()
    deck.unlink()
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx,site")[1].endswith(
        "built 1 pack(s), 3 file(s) in build\n")
    assert deck.read_bytes() == made


def test_a_change_to_temapakker_itself_is_built(make_pack: MakePack,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from temapakker import fingerprint

    make_pack("a")
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx")[0] == 0
    monkeypatch.setattr(fingerprint, "tool_digest", lambda: "another version")
    assert run_main(monkeypatch, capsys, "build", "-f", "pptx")[1].startswith("a: ")


def test_no_op_build_imports_neither_click_nor_a_writer(make_pack: MakePack,
                                                        workdir: Path) -> None:
    make_pack("a")
    assert run_cli("build", "--formats", "pptx,html,docx,site,zip").exit_code == 0
    # Nor the build, the model or the diagnostics: their dataclasses alone took longer to
    # make than the rest of a no-op build.
    heavy = ("click", "pptx", "docx", "weasyprint", "markdown_it", "jinja2", "lxml", "yaml",
             "PIL", "dataclasses", "temapakker.build", "temapakker.model",
             "temapakker.diagnostics", "temapakker.manifest")
    script = (
        "import sys\n"
        "from temapakker.launch import main\n"
        "sys.argv = ['temapakker', 'build', '--formats', 'pptx,html,docx,site,zip']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"print(sorted(({{m.split('.')[0] for m in sys.modules}} | set(sys.modules)) & "
        f"set({heavy!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=workdir, capture_output=True,
                          text=True, check=True)
    assert done.stderr == "nothing to do: 1 pack(s) unchanged in build\n"
    assert done.stdout.strip() == "[]"


def test_help_still_comes_from_click(monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.argv", ["temapakker", "build", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    assert "Build PACKS (default: every pack under ./packs) into --out." in \
        capsys.readouterr().out
