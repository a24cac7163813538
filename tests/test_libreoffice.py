"""A real client: LibreOffice opens the deck and the Word files and renders them."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def has_part(launcher: str, library: str) -> bool:
    """Whether LibreOffice has one of its parts: Debian installs Writer and Impress as
    packages of their own, each with a launcher and its libraries in soffice's folder."""
    if SOFFICE is None:
        return False
    program = Path(os.path.realpath(SOFFICE)).parent
    return shutil.which(launcher) is not None or any(program.glob(f"{library}.*"))


def needs(part: str, launcher: str, library: str, package: str) -> pytest.MarkDecorator:
    """Skip, saying what to install, when soffice or the part of LibreOffice is missing."""
    if SOFFICE is None:
        return pytest.mark.skip(reason="LibreOffice (soffice) is not installed: apt-get "
                                f"install {package}")
    return pytest.mark.skipif(not has_part(launcher, library),
                              reason=f"LibreOffice {part} is not installed: apt-get install "
                              f"{package}")


needs_impress = needs("Impress", "loimpress", "libslideshowlo", "libreoffice-impress")
needs_writer = needs("Writer", "lowriter", "libswlo", "libreoffice-writer")


def to_pdf(workdir: Path, *files: Path) -> list[Path]:
    """Convert with LibreOffice in a private profile; returns the PDFs."""
    profile = workdir / "lo-profile"
    out = workdir / "pdf"
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )
    return [out / (f.stem + ".pdf") for f in files]


@needs_impress
def test_libreoffice_renders_every_slide(copy_pack: Callable[[str], Path], workdir: Path) -> None:
    from pypdf import PdfReader

    copy_pack("sample")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    [pdf] = to_pdf(workdir, workdir / "build" / "sample" / "sample.pptx")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 11
    text = reader.pages[2].extract_text()
    assert "Punkter og nivåer" in text
    assert "Underpunkt på nivå to" in text
    assert fonts_of(reader.pages[6], "Hva skjedde") == {True}  # the table header is bold
    assert fonts_of(reader.pages[6], "Prosjektet starter") == {False}


def fonts_of(page: Any, text: str) -> set[bool]:
    """Whether each piece of a PDF page's text that holds ``text`` is set in a bold font."""
    found: set[bool] = set()

    def visit(chunk: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text in chunk and font is not None:
            found.add("Bold" in str(font.get("/BaseFont", "")))

    page.extract_text(visitor_text=visit)
    return found


@needs_writer
def test_libreoffice_opens_the_word_files(copy_pack: Callable[[str], Path],
                                          workdir: Path) -> None:
    from pypdf import PdfReader

    copy_pack("session")
    assert run_cli("build", "--formats", "docx").exit_code == 0
    folder = workdir / "build" / "session"
    sheet, handout = to_pdf(workdir, folder / "session-kjoreplan.docx",
                            folder / "session-forberedelse.docx")
    pages = PdfReader(sheet).pages
    assert len(pages) >= 3  # the sheet, the programme, the group card
    first = pages[0].extract_text()
    assert "Regional samling" in first and "Lysbilde 3–5" in first
    assert "Hva fungerer godt hos oss?" in pages[-1].extract_text()
    assert "Refleksjonsspørsmål" in PdfReader(handout).pages[0].extract_text()


@needs_impress
@pytest.mark.parametrize("template", ["pandoc-reference-deleted-layouts.pptx", "lo-Vivid.pptx"])
def test_libreoffice_renders_decks_on_foreign_templates(
        template: str, copy_pack: Callable[[str], Path], workdir: Path) -> None:
    """Built-in layouts copied into pandoc's stripped reference deck, and a LibreOffice-saved
    template whose placeholders have no idx: every slide renders with its text."""
    from pypdf import PdfReader

    from tests.templates import SHARED

    root = copy_pack("sample")
    with (root / "pack.yaml").open("a", encoding="utf-8") as f:
        f.write(f"template: {SHARED / template}\n")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    [pdf] = to_pdf(workdir, workdir / "build" / "sample" / "sample.pptx")
    pages = PdfReader(pdf).pages
    assert len(pages) == 11
    two = pages[4].extract_text()
    assert "To kolonner" in two and "Samarbeid i" in two and "Aktiviteter etter" in two
    assert "Bakgrunn" in pages[1].extract_text()
