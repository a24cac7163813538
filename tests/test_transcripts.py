"""Transcripts: what a user sees for the broken fixture packs, exactly (cases/*.txt).

``python -m tests.test_transcripts`` rewrites the transcripts; review the diff.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PACKS, run_cli

CASES = Path(__file__).parent / "cases"
COMMANDS = {
    "check-broken": ("check", "packs/broken"),
    "build-broken": ("build", "packs/broken"),
    # One missing ':::': one error, not one per slide and run sheet id after it.
    "build-unclosed": ("build", "packs/unclosed"),
    # YAML errors where PyYAML found them: a stray quote on line 2, a list never closed.
    "build-badyaml": ("build", "packs/badyaml"),
}


def transcript(name: str) -> str:
    """Run the command in a fresh folder holding the command's pack; return its transcript."""
    args = COMMANDS[name]
    pack = Path(args[-1]).name
    old = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(PACKS / pack, Path(tmp) / "packs" / pack)
        os.chdir(tmp)
        try:
            result = run_cli(*args)
        finally:
            os.chdir(old)
        left = sorted(p.name for p in Path(tmp).iterdir())
    return (f"$ temapakker {' '.join(args)}\n--- exit {result.exit_code}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}--- files\n"
            f"{' '.join(left)}\n")


@pytest.mark.parametrize("case", COMMANDS)
def test_transcript(case: str) -> None:
    """The whole transcript: exit code, stdout, stderr and the files left in the folder."""
    expected = (CASES / f"{case}.txt").read_text(encoding="utf-8")
    assert transcript(case) == expected


if __name__ == "__main__":
    for case in COMMANDS:
        (CASES / f"{case}.txt").write_text(transcript(case), encoding="utf-8")
