"""A real client: LibreOffice opens the deck and renders one page per slide."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_every_slide(copy_pack: Callable[[str], Path], workdir: Path) -> None:
    from pypdf import PdfReader

    copy_pack("sample")
    assert run_cli("build").exit_code == 0
    deck = workdir / "build" / "sample" / "sample.pptx"
    profile = workdir / "lo-profile"
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(workdir / "pdf"), str(deck)],
        check=True, capture_output=True, timeout=180,
    )
    reader = PdfReader(workdir / "pdf" / "sample.pdf")
    assert len(reader.pages) == 11
    text = reader.pages[2].extract_text()
    assert "Punkter og nivåer" in text
    assert "Underpunkt på nivå to" in text
