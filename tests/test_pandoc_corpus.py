"""pandoc's own PowerPoint test inputs (tests/corpus/pandoc-pptx, see its SOURCES.md), built
with temapakker: no crash, no error, and nothing pandoc shows is lost without a word.

For each case, every word pandoc puts on a slide or in the notes must be in our deck (on a
slide or in the notes) unless a warning names the source line it stands on; and our deck
has at least as many native tables and pictures as pandoc's, unless a warning names the
construct.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from temapakker.build import Options, run
from temapakker.diagnostics import Diagnostic, format_all
from temapakker.errors import PackError

CORPUS = Path(__file__).parent / "corpus" / "pandoc-pptx"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())
WORD = re.compile(r"\w+")
SLIDE_WARNINGS = {"no-title", "same-title", "reading-order", "overflow", "wide-word",
                  "missing-alt", "front-matter", "section-content"}
FIELD = re.compile(r"<a:fld\b.*?</a:fld>", re.S)


def deck_facts(pptx: Path) -> tuple[set[str], int, int]:
    """Words on slides and in notes, native tables and pictures on slides."""
    words: set[str] = set()
    tables = pictures = 0
    with zipfile.ZipFile(pptx) as z:
        for name in z.namelist():
            if not re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", name):
                continue
            xml = z.read(name).decode("utf-8")
            xml = FIELD.sub("", xml)  # slide numbers and dates
            for text in re.findall(r"<a:t>([^<]*)</a:t>", xml):
                text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                words.update(w.lower() for w in WORD.findall(text))
            if "/slides/" in name:
                tables += len(re.findall(r"<a:tbl>", xml))
                pictures += len(re.findall(r"<p:pic>", xml))
    return words, tables, pictures


def build_case(case: str, tmp_path: Path) -> tuple[Path, list[Diagnostic], Path]:
    pack = tmp_path / "packs" / case
    shutil.copytree(CORPUS / case, pack)
    for media in (CORPUS / "media").iterdir():
        shutil.copy(media, pack / media.name)
    try:
        result = run(Options(packs=[pack], out=tmp_path / "build", formats=("pptx",),
                             force=True))
    except PackError as exc:
        pytest.fail(format_all(exc.diagnostics))
    return tmp_path / "build" / case / f"{case}.pptx", result.diagnostics, pack / "slides.md"


@pytest.mark.parametrize("case", CASES)
def test_nothing_pandoc_shows_is_lost(case: str, tmp_path: Path) -> None:
    expected = json.loads((CORPUS / case / "expected.json").read_text(encoding="utf-8"))
    deck, diagnostics, source = build_case(case, tmp_path)
    words, tables, pictures = deck_facts(deck)
    lines = source.read_text(encoding="utf-8").split("\n")
    # warnings about a construct; those about the slide as a whole excuse no word
    warned = [d for d in diagnostics if d.level == "warning" and d.pos.file == source and
              d.code not in SLIDE_WARNINGS]
    warned_text = " ".join(lines[d.pos.line - 1] for d in warned if 0 < d.pos.line <= len(lines))
    warned_words = {w.lower() for w in WORD.findall(warned_text)}
    missing = set(expected["words"]) - words - set(expected["metadata_words"]) - \
        set(expected["generated_words"]) - warned_words
    assert not missing, f"{case}: pandoc shows {sorted(missing)}, our deck does not"
    codes = {d.code for d in warned}
    if tables < expected["tables"]:
        assert codes & {"table-as-text"}, f"{case}: {tables} tables, pandoc {expected['tables']}"
    if pictures < expected["pictures"]:
        assert codes & {"picture-in-text", "picture-as-text"}, \
            f"{case}: {pictures} pictures, pandoc {expected['pictures']}"


def test_the_corpus_is_all_there() -> None:
    """Every case pandoc has, with its source named; a lost folder would pass silently."""
    assert len(CASES) == 45
    sources = {json.loads((CORPUS / c / "expected.json").read_text())["source"] for c in CASES}
    assert len(sources) == 45
