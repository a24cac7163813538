"""The bundled packs build cleanly, with no warnings, and follow the content rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import run_cli

REPO = Path(__file__).parents[1]
BUNDLED = sorted(p.name for p in (REPO / "packs").iterdir() if (p / "pack.yaml").is_file())


def test_there_are_bundled_packs() -> None:
    assert len(BUNDLED) >= 1


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(REPO / "packs", root / "packs")
    shutil.copytree(REPO / "templates", root / "templates")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        result = run_cli("build", "--strict", "--formats", "pptx,html")
        assert result.exit_code == 0, result.stderr
    return root / "build"


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_pack(built: Path, pack: str) -> None:
    deck = Presentation(str(built / pack / f"{pack}.pptx"))
    assert 13 <= len(deck.slides) <= 26  # 12–25 slides plus the title slide
    for number, slide in enumerate(deck.slides, start=1):
        assert slide.has_notes_slide, f"{pack}: slide {number} has no notes"
        assert slide.notes_slide.notes_text_frame.text.strip()
    last = deck.slides[len(deck.slides) - 1].shapes.title.text
    assert last.startswith("Kilder")


@pytest.mark.parametrize("pack", BUNDLED)
def test_bundled_run_sheet_and_handout(built: Path, pack: str) -> None:
    import json

    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    entry = next(p for p in manifest["packs"] if p["id"] == pack)
    sheet = entry["runsheet"]
    assert sheet["total_minutes"] == sheet["planned_minutes"]
    if pack == "dialogseminar":
        assert sheet["total_minutes"] == 180
        assert [b["minutes"] for b in sheet["blocks"]] == [25, 20, 55, 20, 50, 10]
    else:
        assert 90 <= sheet["total_minutes"] <= 150
    kinds = {b["kind"] for b in sheet["blocks"]}
    assert {"presentasjon", "gruppearbeid"} <= kinds
    assert 4 <= entry["handout"]["questions"] <= 8
    assert entry["handout"]["references"] >= 3
