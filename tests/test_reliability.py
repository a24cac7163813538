"""Reliability: generated and hostile packs either build or stop with a file:line message.

Every build here must end with exit code 0 or 1 (never a traceback), leave no temporary
file behind, keep the previous outputs when it fails, and lose no word of the slides
without a diagnostic that says so.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation

from tests.conftest import PACKS, run_cli

MakePack = Callable[..., Path]
Lines = list[tuple[str, str]]  # (the source line, the text of it that must be shown)

WORD = re.compile(r"[^\W_]+")
DIAGNOSTIC = re.compile(r"^(\S+?):(\d+):(\d+): (error|warning)\[([\w-]+)\]", re.MULTILINE)
# Diagnostics that do not mean that text was left out or moved.
HARMLESS = {"no-title", "same-title", "reading-order", "low-contrast", "deep-list", "no-slides",
            "missing-layout", "missing-alt"}
MB = 1024 * 1024


# -- helpers -----------------------------------------------------------------------------
@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when a build runs away (SIGALRM, main thread only)."""
    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"the build took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def build(*args: str, seconds: int = 60) -> Result:
    """Build in-process, bounded in time; an exception (a bug) fails the test with its trace."""
    with time_limit(seconds):
        return run_cli("build", "--formats", "pptx", *args)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by relative path."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_outcome(result: Result, out: Path, before: dict[str, bytes],
                   located: bool = True) -> None:
    """Built (exit 0), or stopped with a file:line error and the old outputs as they were."""
    after = snapshot(out)
    assert not [name for name in after if name.endswith(".tmp")], after.keys()
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        errors = [m for m in DIAGNOSTIC.finditer(result.stderr) if m.group(4) == "error"]
        assert errors or not located, result.stderr
        assert after == before


def deck_path(out: Path, pack: str) -> Path:
    return out / pack / f"{pack}.pptx"


def shape_texts(shape: Any) -> Iterator[str]:
    if shape.has_text_frame:
        yield shape.text_frame.text
    if getattr(shape, "has_table", False):
        for row in shape.table.rows:
            for cell in row.cells:
                yield cell.text
    if shape.shape_type == 6:  # a group
        for inner in shape.shapes:
            yield from shape_texts(inner)


def deck_texts(path: Path) -> list[tuple[str, str]]:
    """(slide text, notes text) for every slide, all shapes and tables included."""
    out = []
    for slide in Presentation(str(path)).slides:
        text = "\n".join(t for shape in slide.shapes for t in shape_texts(shape))
        notes = ""
        if slide.has_notes_slide:
            notes = "\n".join(t for shape in slide.notes_slide.shapes for t in shape_texts(shape))
        out.append((text, notes))
    return out


def flagged_lines(stderr: str, name: str = "slides.md") -> set[int]:
    """Lines of a file that a diagnostic (other than a harmless one) talks about."""
    return {int(m.group(2)) for m in DIAGNOSTIC.finditer(stderr)
            if m.group(1).endswith(name) and m.group(5) not in HARMLESS}


def write_pack(root: Path, slides: str | bytes, yaml: str | bytes = "title: Test\n") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in (("pack.yaml", yaml), ("slides.md", slides)):
        (root / name).write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture
def earlier(make_pack: MakePack, workdir: Path) -> Callable[..., dict[str, bytes]]:
    """Build a good version of pack 'a' first; return what the output folder then holds."""
    def make(**files: str | bytes) -> dict[str, bytes]:
        root = make_pack("a")
        result = build()
        assert result.exit_code == 0, result.stderr
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            (root / name.replace("_", ".")).write_bytes(data)
        return snapshot(workdir / "build")
    return make


# -- generated slides ----------------------------------------------------------------------
NORWEGIAN = ["blåbær", "Ærlig", "øre", "Ål", "kulturskole", "smørbrød", "gå", "første",
             "lærer", "ÆØÅ", "æøå", "2021", "Tromsø", "Bodø"]
PUNCTUATION = list(".,;:!?-–—()\"'/*_`~#%+=<>@$^\\&«»…§")  # never '[', ']', '{', '}'

words = st.one_of(
    st.sampled_from(NORWEGIAN),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8),
)


@st.composite
def inline_text(draw: st.DrawFn, pipes: bool = True) -> tuple[str, str]:
    """Words and punctuation apart by spaces; some words bold or italic. (markdown, shown)"""
    count = draw(st.integers(1, 6))
    source, shown = [], []
    for i in range(count):
        if i and draw(st.integers(0, 3)) == 0:
            mark = draw(st.sampled_from([*PUNCTUATION, "|"] if pipes else PUNCTUATION))
            source.append(mark)
            continue
        word = draw(words)
        style = draw(st.sampled_from(["", "", "", "**", "*"]))
        source.append(f"{style}{word}{style}")
        shown.append(word)
    return " ".join(source), " ".join(shown)


@st.composite
def bullet_list(draw: st.DrawFn, indent: int = 0, depth: int = 1) -> Lines:
    ordered = draw(st.booleans())
    lines: Lines = []
    for n in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{n}. " if ordered else draw(st.sampled_from(["- ", "* ", "+ "]))
        if lines and not ordered and marker != lines[0][0].lstrip()[:2]:
            marker = lines[0][0].lstrip()[:2]  # another marker would start another list
        md, shown = draw(inline_text())
        lines.append((" " * indent + marker + md, shown))
        if depth < 3 and draw(st.integers(0, 2)) == 0:
            lines += draw(bullet_list(indent + len(marker), depth + 1))
    return lines


@st.composite
def table(draw: st.DrawFn) -> Lines:
    columns = draw(st.integers(1, 6))

    def row(cells: int, empty_ok: bool) -> tuple[str, str]:
        texts = [("", "") if empty_ok and draw(st.integers(0, 4)) == 0
                 else draw(inline_text(pipes=False)) for _ in range(cells)]
        return "| " + " | ".join(t[0] for t in texts) + " |", " ".join(t[1] for t in texts)

    lines = [row(columns, False), ("|" + "---|" * columns, "")]
    for _ in range(draw(st.integers(0, 3))):
        extra = 1 if draw(st.integers(0, 5)) == 0 else 0  # a cell too many now and then
        lines.append(row(columns + extra, True))
    return lines


def paragraph() -> st.SearchStrategy[Lines]:
    return inline_text().map(lambda t: [t])


def subheading() -> st.SearchStrategy[Lines]:
    return inline_text().map(lambda t: [("### " + t[0], t[1])])


@st.composite
def quote(draw: st.DrawFn) -> Lines:
    lines: Lines = []
    for part in draw(st.lists(st.one_of(paragraph(), bullet_list(), table()), min_size=1,
                              max_size=3)):
        if lines:
            lines.append((">", ""))
        lines += [("> " + md if md else ">", shown) for md, shown in part]
    return lines


def simple_block() -> st.SearchStrategy[Lines]:
    return st.one_of(paragraph(), bullet_list(), table(), quote(), subheading())


@st.composite
def columns(draw: st.DrawFn) -> Lines:
    lines: Lines = [(":::: columns", "")]
    for _ in range(draw(st.integers(2, 3))):
        lines.append(("::: column", ""))
        for block in draw(st.lists(simple_block(), min_size=1, max_size=2)):
            lines += [*block, ("", "")]
        lines.append((":::", ""))
    return [*lines, ("::::", "")]


def blocks(draw: st.DrawFn, most: int, columns_ok: bool) -> Lines:
    kinds = st.one_of(simple_block(), columns()) if columns_ok else simple_block()
    lines: Lines = []
    for block in draw(st.lists(kinds, max_size=most)):
        lines += [*block, ("", "")]
    return lines


@st.composite
def slide(draw: st.DrawFn) -> Lines:
    start = draw(st.sampled_from(["##", "##", "#", "---"]))
    if start == "---":
        lines: Lines = [("---", ""), ("", "")]
    else:
        md, shown = draw(inline_text())
        lines = [(f"{start} {md}", shown), ("", "")]
    lines += blocks(draw, 3, columns_ok=True)
    if draw(st.booleans()):
        lines += [("::: notes", ""), *blocks(draw, 2, columns_ok=False), (":::", ""), ("", "")]
    return lines


@st.composite
def slides_md(draw: st.DrawFn) -> Lines:
    lines: Lines = []
    if draw(st.integers(0, 3)) == 0:
        lines += [("::: notes", ""), *blocks(draw, 2, columns_ok=False), (":::", ""), ("", "")]
    for one in draw(st.lists(slide(), min_size=1, max_size=4)):
        lines += one
    return lines


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(slides_md())
def test_generated_slides_build_and_keep_every_word(lines: Lines) -> None:
    source = "\n".join(md for md, _ in lines) + "\n"
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            write_pack(Path("packs/p"), source)
            result = build(seconds=30)
            assert_outcome(result, Path("build"), {})
            if result.exit_code == 1:
                return
            shown = set()
            for text, notes in deck_texts(deck_path(Path("build"), "p")):
                shown.update(WORD.findall(text))
                shown.update(WORD.findall(notes))
        finally:
            os.chdir(cwd)
    flagged = flagged_lines(result.stderr)
    missing = [(number, word) for number, (_, text) in enumerate(lines, start=1)
               if number not in flagged for word in WORD.findall(text) if word not in shown]
    assert not missing, f"dropped without a word: {missing}\n---\n{source}\n---\n{result.stderr}"


# -- hostile input -----------------------------------------------------------------------
def _laughs(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BILLION_LAUGHS = "title: Latter\n" + _laughs(10)
# The same bomb as one key: '? [...]' makes a list the key of a mapping.
KEY_BOMB = "title: Latter\n? [" + ", ".join(
    ['&k0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] +
    [f"&k{n} [" + ", ".join([f"*k{n - 1}"] * 9) + "]" for n in range(1, 10)]) + "]\n: x\n"


@pytest.mark.parametrize("name, text", [
    ("pack.yaml", BILLION_LAUGHS),
    ("pack.yaml", KEY_BOMB),
    ("kjoreplan.yaml", 'title: "Plan"\nstart: "09:00"\nminutes: 10\n' + _laughs(10) +
     "blocks:\n  - {title: A, kind: plenum, minutes: 10}\n"),
], ids=["values", "key", "run-sheet"])
def test_yaml_alias_bomb(earlier: Callable[..., dict[str, bytes]], workdir: Path, name: str,
                         text: str) -> None:
    before = earlier(**{name.replace(".", "_"): text})
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = build(seconds=20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 10
    assert peak < 100 * MB
    assert_outcome(result, workdir / "build", before)
    assert result.exit_code == 1
    assert re.search(rf"packs/a/{name}:\d+:\d+: error\[(yaml-too-big|yaml-shape)\]",
                     result.stderr), result.stderr


@pytest.mark.parametrize("kind", ["bmp-50mb", "png-50mb", "png-bomb"])
def test_huge_picture(earlier: Callable[..., dict[str, bytes]], workdir: Path,
                      kind: str) -> None:
    before = earlier(slides_md="## Stort bilde\n\n![Et stort bilde](media/stort.img)\n")
    media = workdir / "packs" / "a" / "media"
    media.mkdir()
    target = media / "stort.img"
    if kind == "png-bomb":  # a small file that claims 400 million pixels
        Image.new("1", (20000, 20000)).save(target, format="PNG")
    else:  # 50 MB of noise, which no compression shrinks
        size = (4096, 4268)
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(
            target, format=kind[:3].upper(), **({"compress_level": 0} if "png" in kind else {}))
        assert target.stat().st_size >= 50 * MB
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = build(seconds=60)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 20
    assert peak < 4 * target.stat().st_size + 100 * MB
    assert_outcome(result, workdir / "build", before)
    if kind == "png-bomb":
        assert result.exit_code == 1
        assert "packs/a/slides.md:3:1: error[bad-picture]" in result.stderr
    else:
        assert result.exit_code == 0, result.stderr
        with zipfile.ZipFile(deck_path(workdir / "build", "a")) as zf:
            pictures = [i for i in zf.infolist() if i.filename.startswith("ppt/media/")]
        assert [i.file_size for i in pictures] == [target.stat().st_size]


def test_ten_thousand_slides(make_pack: MakePack, workdir: Path) -> None:
    slides = "".join(f"## Lysbilde {n}\n\n- punkt {n}\n\n" for n in range(1, 10_001))
    make_pack("a", slides=slides)
    started = time.monotonic()
    result = build(seconds=120)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, result.stderr
    assert elapsed < 60
    assert_outcome(result, workdir / "build", {})
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    assert len(deck.slides) == 10_001
    last = deck.slides[-1]
    assert last.shapes.title.text == "Lysbilde 10000"
    assert "punkt 10000" in [t for shape in last.shapes for t in shape_texts(shape)]


def test_forty_levels_of_nested_lists(make_pack: MakePack, workdir: Path) -> None:
    items = "".join("  " * n + f"- nivå{n}\n" for n in range(40))
    make_pack("a", slides=f"## Dypt\n\n{items}\n## Etterpå\n\n- siste\n")
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 0, result.stderr
    assert "packs/a/slides.md:8:11: warning[deep-list]" in result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    assert len(deck.slides) == 3
    body = deck.slides[1].placeholders[1].text_frame
    assert [p.text for p in body.paragraphs] == [f"nivå{n}" for n in range(40)]
    assert [p.level for p in body.paragraphs] == [min(n, 4) for n in range(40)]
    assert deck.slides[2].shapes.title.text == "Etterpå"


@pytest.mark.parametrize("kind", ["list", "quote", "div"])
def test_nesting_beyond_what_the_parser_reads(make_pack: MakePack, workdir: Path,
                                              kind: str) -> None:
    """markdown-it drops what lies deeper than its limit, and all after it: an error says so."""
    deep = {
        "list": "".join("  " * n + f"- nivå{n}\n" for n in range(80)),
        "quote": ">" * 500 + " dypt\n",
        "div": "".join(f"::: {{.d{n}}}\n" for n in range(150)) + "dypt\n" + ":::\n" * 150,
    }[kind]
    make_pack("a", slides=f"## Dypt\n\n{deep}\n## Etterpå\n\n- siste\n")
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 1
    assert re.search(r"packs/a/slides\.md:\d+:\d+: error\[nested-too-deep\]", result.stderr)


def test_sixty_columns(make_pack: MakePack, workdir: Path) -> None:
    header = "| " + " | ".join(f"K{n}" for n in range(60)) + " |\n"
    rule = "|" + "---|" * 60 + "\n"
    rows = "".join("| " + " | ".join(f"r{r}c{n}" for n in range(60)) + " |\n" for r in range(3))
    make_pack("a", slides=f"## Bred tabell\n\n{header}{rule}{rows}")
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    tables = [s for s in deck.slides[1].shapes if s.has_table]
    assert len(tables) == 1
    grid = tables[0].table
    assert len(grid.columns) == 60
    assert [c.text for c in grid.rows[0].cells] == [f"K{n}" for n in range(60)]
    assert [c.text for c in grid.rows[3].cells] == [f"r2c{n}" for n in range(60)]


def test_extra_cells_are_reported(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", slides="## T\n\n| a | b |\n|---|---|\n| c | d | borte |\n")
    result = build()
    assert result.exit_code == 0, result.stderr
    assert "packs/a/slides.md:5:1: warning[extra-cells]: this row has 3 cells but the header " \
        "row has 2; the last 1 cell(s) are left out" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n \n\t\n", b"\r\n\r\n"],
                         ids=["empty", "bom", "blank", "crlf"])
def test_empty_slides(make_pack: MakePack, workdir: Path, content: bytes) -> None:
    make_pack("a", slides=content)
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 0, result.stderr
    assert "packs/a/slides.md:1:1: warning[no-slides]" in result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    assert [s.shapes.title.text for s in deck.slides] == ["Test"]


def test_symlinks_that_lead_out_of_the_pack(earlier: Callable[..., dict[str, bytes]],
                                            workdir: Path) -> None:
    before = earlier(slides_md=(
        "## A\n\n![Hemmelig](media/lenke.png)\n\n"
        "## B\n\n![Mappe](ute/bilde.png)\n\n"
        "## C\n\n![Borte](media/borte.png)\n\n"
        "## D\n\n![Sløyfe](media/sløyfe.png)\n"))
    outside = workdir / "utenfor"
    outside.mkdir()
    Image.new("RGB", (10, 10)).save(outside / "bilde.png")
    media = workdir / "packs" / "a" / "media"
    media.mkdir()
    (media / "lenke.png").symlink_to(outside / "bilde.png")
    (workdir / "packs" / "a" / "ute").symlink_to(outside, target_is_directory=True)
    (media / "borte.png").symlink_to(media / "finnes-ikke.png")
    (media / "sløyfe.png").symlink_to(media / "sløyfe.png")
    result = build()
    assert_outcome(result, workdir / "build", before)
    assert result.exit_code == 1
    errors = [(m.group(1), m.group(2), m.group(5)) for m in DIAGNOSTIC.finditer(result.stderr)]
    assert errors == [
        ("packs/a/slides.md", "3", "outside-pack"),
        ("packs/a/slides.md", "7", "outside-pack"),
        ("packs/a/slides.md", "11", "missing-picture"),
        ("packs/a/slides.md", "15", "bad-picture"),
    ]


def _crlf_bom(folder: Path) -> None:
    for path in folder.iterdir():
        if path.suffix in (".md", ".yaml"):
            text = path.read_bytes().decode("utf-8").replace("\n", "\r\n")
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def test_crlf_and_bom_in_every_file(workdir: Path) -> None:
    """Windows line endings and a byte-order mark change nothing in the outputs."""
    shutil.copytree(PACKS / "session", workdir / "unix" / "session")
    shutil.copytree(PACKS / "session", workdir / "windows" / "session")
    _crlf_bom(workdir / "windows" / "session")
    for path in (workdir / "windows" / "session").glob("*.*"):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data, path
    results = []
    for name in ("unix", "windows"):
        result = run_cli("build", "--formats", "pptx,html,docx", "--out", f"out-{name}",
                         f"{name}/session")
        assert result.exit_code == 0, result.stderr
        results.append(result.stderr.replace(name, "X"))
    assert results[0] == results[1]
    unix, windows = snapshot(workdir / "out-unix"), snapshot(workdir / "out-windows")
    assert unix.keys() == windows.keys()
    assert {k for k in unix if unix[k] != windows[k]} <= {"manifest.json"}
    assert len([k for k in unix if k.endswith((".pptx", ".docx", ".html"))]) >= 5


RTL = {
    "ar": "مرحبا بكم في المدرسة",
    "he": "שלום לכולם בבית הספר",
    "emoji": "Fest 🎉 med 👨‍👩‍👧 familie 🇳🇴",
}


def test_right_to_left_and_emoji(make_pack: MakePack, workdir: Path) -> None:
    ar, he, emoji = RTL["ar"], RTL["he"], RTL["emoji"]
    make_pack("a", yaml=f'title: "{ar} {emoji}"\nsubtitle: "{he}"\n', slides=(
        f"## {he}\n\n- {ar}\n    - {emoji}\n- blandet {he} og {ar} 2024\n\n"
        f"::: notes\n- {emoji}\n- {ar}\n:::\n\n"
        f"## {emoji}\n\n| {ar} | {he} |\n|---|---|\n| {emoji} | æøå |\n\n"
        f"::: notes\n{he}\n:::\n"))
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == [f"{ar} {emoji}", he, emoji]
    texts = deck_texts(deck_path(workdir / "build", "a"))
    assert he in texts[0][0]
    assert f"{ar}\n{emoji}\nblandet {he} og {ar} 2024" in texts[1][0]
    assert emoji in texts[1][1] and ar in texts[1][1]
    assert all(t in texts[2][0] for t in (ar, he, emoji, "æøå"))
    assert he in texts[2][1]


def test_control_characters_from_yaml_escapes(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", yaml='title: "Tittel\\x01 med\\u0000 kontroll\\uffff"\n'
                       'subtitle: "halv \\ud800 surrogat"\n')
    result = build()
    assert_outcome(result, workdir / "build", {})
    assert result.exit_code == 0, result.stderr
    assert "packs/a/pack.yaml:1:8: warning[control-character]" in result.stderr
    assert "packs/a/pack.yaml:2:11: warning[control-character]" in result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    assert deck.slides[0].shapes.title.text == "Tittel med kontroll"


def test_picture_names_with_norwegian_letters_and_spaces(make_pack: MakePack,
                                                         workdir: Path) -> None:
    root = make_pack("a", slides="## A\n\n![Blåbær](media/blåbær.png)\n\n"
                                 "## B\n\n![Mellomrom](<media/med mellomrom.png>)\n")
    (root / "media").mkdir()
    Image.new("RGB", (20, 10)).save(root / "media" / "blåbær.png")
    Image.new("RGB", (10, 20)).save(root / "media" / "med mellomrom.png")
    result = build()
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(deck_path(workdir / "build", "a")))
    assert [[s.shape_type for s in slide.shapes if s.shape_type == 13]
            for slide in list(deck.slides)[1:]] == [[13], [13]]


def test_nothing_is_left_when_the_output_cannot_be_written(
        earlier: Callable[..., dict[str, bytes]], workdir: Path) -> None:
    before = earlier(slides_md="## Ny\n\n- endret\n")
    manifest = workdir / "build" / "manifest.json"
    manifest.unlink()
    manifest.mkdir()  # the manifest cannot replace a folder
    before = snapshot(workdir / "build")
    result = build()
    assert_outcome(result, workdir / "build", before, located=False)
    assert result.exit_code == 1
    assert "temapakker: cannot write build/manifest.json: a folder of that name is in the way" \
        in result.stderr


def test_a_layout_without_a_title_keeps_the_title(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", slides='## Min tittel {layout="Blank"}\n\n- punkt\n')
    result = build()
    assert result.exit_code == 0, result.stderr
    texts = deck_texts(deck_path(workdir / "build", "a"))
    assert "Min tittel" in texts[1][0].split("\n")
    assert "punkt" in texts[1][0].split("\n")
