"""Command-line usage: exit codes and messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli


def test_no_packs_is_a_usage_error(workdir: Path) -> None:
    result = run_cli("build")
    assert result.exit_code == 2
    assert result.stderr == ("temapakker: no packs found: give a pack folder, or run in a folder "
                             "whose packs/ holds packs\n")


def test_unknown_format(make_pack: Callable[..., Path]) -> None:
    make_pack("a")
    result = run_cli("build", "--formats", "pptx,odp")
    assert result.exit_code == 2
    assert result.stderr == ("temapakker: unknown format 'odp'; choose from pptx, html, docx, "
                             "pdf, site, zip\n")


def test_pack_argument_must_be_a_folder(workdir: Path) -> None:
    result = run_cli("build", "packs/finnes-ikke")
    assert result.exit_code == 2
    assert result.stderr == ("temapakker: packs/finnes-ikke is not a folder; give the folder "
                             "of a pack\n")


def test_build_one_pack_to_another_folder(make_pack: Callable[..., Path], workdir: Path) -> None:
    make_pack("a")
    make_pack("b")
    result = run_cli("build", "packs/b", "--out", "ut", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "b: 2 slides, 1 file(s) → ut/b\nbuilt 1 pack(s), 1 file(s) in ut\n"
    assert sorted(p.name for p in (workdir / "ut").iterdir()) == ["b", "manifest.json"]


def test_manifest_keeps_packs_built_earlier(make_pack: Callable[..., Path],
                                            workdir: Path) -> None:
    import json

    make_pack("a")
    make_pack("b")
    assert run_cli("build").exit_code == 0
    assert run_cli("build", "packs/b").exit_code == 0
    manifest = json.loads((workdir / "build" / "manifest.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in manifest["packs"]] == ["a", "b"]


def test_strict_fails_on_warnings(make_pack: Callable[..., Path], workdir: Path) -> None:
    make_pack("a", yaml="title: A\ntitel: skrivefeil\n")
    result = run_cli("build", "--strict")
    assert result.exit_code == 3
    assert result.stderr == (
        "packs/a/pack.yaml:2:1: warning[unknown-key]: pack.yaml has an unknown key 'titel'; "
        "it is ignored\n"
        "    titel: skrivefeil\n"
        "    ^^^^^\n"
        "  hint: did you mean 'title'?\n"
        "temapakker: 1 warning(s) and --strict; nothing was written\n"
    )
    assert not (workdir / "build").exists()


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output == "temapakker, version 0.1.0\n"


def test_a_bug_is_reported_as_one(make_pack: Callable[..., Path],
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    from temapakker import build as build_module
    from temapakker.cli import main

    def broken(options: object) -> None:
        raise RuntimeError("something unexpected")

    make_pack("a")
    monkeypatch.setattr(build_module, "run", broken)
    monkeypatch.setattr("sys.argv", ["temapakker", "build"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 70
    assert capsys.readouterr().err == (
        "temapakker: internal error (a bug). Run again with --debug for details:\n"
        "RuntimeError: something unexpected\n")
    monkeypatch.setattr("sys.argv", ["temapakker", "--debug", "build"])
    with pytest.raises(RuntimeError, match="something unexpected"):
        main()
