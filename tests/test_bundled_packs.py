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
        result = run_cli("build", "--strict")
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
