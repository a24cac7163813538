"""Hostile and careless input, one test per class of problem (issue 10).

Each test starts from a good build, breaks the pack the way an attacker or a careless
editor would, and asserts the exact message, the exit code, and that the earlier outputs
are byte for byte what they were.
"""

from __future__ import annotations

import io
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation

from temapakker.diagnostics import Sink
from temapakker.read.runsheet import read_runsheet
from temapakker.read.slides import read_slides
from temapakker.template import default_template_path
from tests.conftest import PACKS, run_cli
from tests.test_reliability import snapshot, time_limit

MakePack = Callable[..., Path]
FORMATS = "pptx,html,docx,site,zip"
SESSION = PACKS / "session"


def build(*args: str) -> Result:
    with time_limit(60):
        return run_cli("build", "--formats", FORMATS, *args)


@pytest.fixture
def session(workdir: Path) -> Callable[[], tuple[Path, dict[str, bytes]]]:
    """Copy the session fixture to packs/s, build it, and return it with the outputs."""
    def make() -> tuple[Path, dict[str, bytes]]:
        import shutil

        root = workdir / "packs" / "s"
        shutil.copytree(SESSION, root)
        result = build()
        assert result.exit_code == 0, result.stderr
        return root, snapshot(workdir / "build")
    return make


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error[" in line]


def assert_refused(result: Result, workdir: Path, before: dict[str, bytes],
                   first_error: str) -> None:
    """Exit 1, the expected first error, no traceback, and the outputs untouched."""
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.exit_code == 1, result.stderr
    assert errors_of(result.stderr)[0] == first_error
    assert snapshot(workdir / "build") == before


# -- 1. typed YAML values ---------------------------------------------------------------
YAML_CASES = [
    ("pack.yaml", "date: 2021-05-03", "date: 2023-04-31",
     "packs/s/pack.yaml:5:7: error[invalid-date]: date '2023-04-31' is not a date: day is out "
     "of range for month"),
    ("kjoreplan.yaml", "date: 2024-03-14", "date: 2023-02-29",
     "packs/s/kjoreplan.yaml:4:7: error[invalid-date]: date '2023-02-29' is not a date: day is "
     "out of range for month"),
    ("kjoreplan.yaml", "minutes: 90", "minutes: !!int tolv",
     "packs/s/kjoreplan.yaml:3:10: error[bad-minutes]: 'minutes' must be a positive whole "
     "number of minutes, not 'tolv'"),
    ("kjoreplan.yaml", "optional: true", "optional: !!bool kanskje",
     "packs/s/kjoreplan.yaml:37:15: error[yaml-type]: 'optional' must be true or false"),
    ("pack.yaml", "language: nb", "language: nb\norder: !!float x",
     "packs/s/pack.yaml:4:8: error[yaml-type]: 'order' must be a whole number"),
    ("pack.yaml", "date: 2021-05-03", "date: !!timestamp i morgen",
     "packs/s/pack.yaml:5:7: error[invalid-date]: date 'i morgen' is not a date"),
    ("pack.yaml", "language: nb", "language: nb\norder: " + "9" * 5000,
     "packs/s/pack.yaml:4:8: error[yaml-type]: 'order' must be a whole number"),
    ("kjoreplan.yaml", "minutes: 90", "minutes: " + "9" * 5000,
     "packs/s/kjoreplan.yaml:3:10: error[bad-minutes]: 'minutes' must be a positive whole "
     "number of minutes, not '" + "9" * 59 + "…'"),
    ("pack.yaml", "language: nb", "language: nb\nkeywords: &k [*k]",
     "packs/s/pack.yaml:4:15: error[yaml-alias]: '*k' stands inside the value it names, "
     "which would never end"),
    ("pack.yaml", "language: nb", "language: nb\nkeywords: " + "[" * 5000 + "]" * 5000,
     "packs/s/pack.yaml:4:74: error[yaml-too-deep]: pack.yaml nests lists and mappings more "
     "than 64 levels deep"),
    ("pack.yaml", "language: nb", "language: nb\ndescription: !!python/object:os.system x",
     "packs/s/pack.yaml:4:14: error[yaml-tag]: the YAML tag '!!python/object:os.system' is "
     "not used by temapakker"),
    ("pack.yaml", "language: nb", 'language: nb\na: &a ["x","x","x","x","x","x","x","x","x"]\n'
     + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
               for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
     "packs/s/pack.yaml:1:1: error[yaml-too-big]: pack.yaml holds more than 100000 values"),
]


@pytest.mark.parametrize(("name", "old", "new", "first_error"), YAML_CASES,
                         ids=[c[2][:30] for c in YAML_CASES])
def test_typed_yaml_values_are_located_errors(session: Callable[[], tuple[Path, dict[str, bytes]]],
                                              workdir: Path, name: str, old: str, new: str,
                                              first_error: str) -> None:
    root, before = session()
    edit(root / name, old, new)
    assert_refused(build(), workdir, before, first_error)
    # check prints every problem as JSON, with the same first error
    checked = run_cli("check", "--format", "json")
    assert checked.exit_code == 1
    found = json.loads(checked.stdout)
    code = first_error.split("error[")[1].split("]")[0]
    assert code in {d["code"] for d in found if d["level"] == "error"}


def test_slides_front_matter_with_a_bad_date_is_only_a_metadata_block(
        session: Callable[[], tuple[Path, dict[str, bytes]]]) -> None:
    root, _before = session()
    slides = root / "slides.md"
    slides.write_text("---\ndate: 2023-04-31\n---\n" + slides.read_text(encoding="utf-8"),
                      encoding="utf-8")
    result = build()
    assert result.exit_code == 0, result.stderr
    assert "packs/s/slides.md:1:1: warning[front-matter]: lines 1–3 of slides.md are a " \
        "metadata block, which is ignored" in result.stderr


def test_text_fields_show_what_the_editor_typed(
        session: Callable[[], tuple[Path, dict[str, bytes]]], workdir: Path) -> None:
    root, _before = session()
    edit(root / "pack.yaml", 'subtitle: "Fixture for run sheet and handout"',
         "subtitle: 1.10")
    edit(root / "kjoreplan.yaml", 'start: "09:00"', "start: 10:30")
    edit(root / "kjoreplan.yaml", 'place: "Kulturhuset"', "place: no")
    result = build()
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(workdir / "build/s/s.pptx"))
    texts = [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]
    assert any(text.startswith("1.10\n") for text in texts), texts
    sheet = (workdir / "build/s/s-kjoreplan.html").read_text(encoding="utf-8")
    assert "10:30–10:40" in sheet and ">no<" in sheet.replace(" · ", "<")


# -- 2. every reader is linear --------------------------------------------------------
N = 100_000


def _seconds(work: Callable[[], object]) -> float:
    """The best of three runs: a busy machine slows a run down, never a quadratic one up."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


LINEAR_SLIDES = {
    "long notes fence": "## A\n\n::: notes" + " " * N + "x\n:::\n",
    "colons and spaces": "## A\n\n:::" + " " * N + "\n",
    "heading with spaces": "## a" + " " * N + "b\n",
    "heading with an open brace": "## " + " " * N + "{\n",
    "many attributes": "## a {" + "#a " * (N // 3) + "\n",
    "many comments": "## A\n\n" + "<!-- a --> b " * (N // 13) + "\n",
}


@pytest.mark.parametrize("text", LINEAR_SLIDES.values(), ids=LINEAR_SLIDES.keys())
def test_slides_reader_is_linear(text: str, tmp_path: Path) -> None:
    assert _seconds(lambda: read_slides(tmp_path / "slides.md", text, Sink())) < 1.0


LINEAR_SHEETS = {
    "a range of dots": '"' + "a.." * (N // 3) + '!"',
    "a long id": '"' + "a" * N + '..!"',
    "thousands of unknown ids": "[" + ", ".join(f"x{i}" for i in range(N // 8)) + "]",
}


@pytest.mark.parametrize("refs", LINEAR_SHEETS.values(), ids=LINEAR_SHEETS.keys())
def test_runsheet_reader_is_linear(refs: str, tmp_path: Path) -> None:
    text = f'start: "09:00"\nminutes: 10\nblocks:\n  - title: A\n    minutes: 10\n' \
           f"    slides: {refs}\n"
    assert _seconds(lambda: read_runsheet(text, tmp_path / "kjoreplan.yaml", Sink())) < 1.0


def test_blocks_over_one_range_give_one_warning_per_block(make_pack: MakePack,
                                                          workdir: Path) -> None:
    slides = "".join(f"## S{i} {{#s{i}}}\n\n- x\n\n" for i in range(300))
    root = make_pack("a", slides=slides)
    blocks = "".join("  - title: B\n    minutes: 1\n    slides: s0..s299\n" for _ in range(300))
    (root / "kjoreplan.yaml").write_text(f'start: "09:00"\nminutes: 300\nblocks:\n{blocks}',
                                         encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("check", "--format", "json")
    assert time.perf_counter() - started < 20  # was blocks × slides² before
    twice = [d for d in json.loads(result.stdout) if d["code"] == "slide-twice"]
    assert len(twice) == 299
    assert twice[0]["message"] == ("slide 2 ('s0') and 299 more are in two blocks: 'B' and "
                                   "'B'")


# -- 3. files outside the pack --------------------------------------------------------
def test_a_link_out_of_the_pack_is_never_read(
        session: Callable[[], tuple[Path, dict[str, bytes]]], workdir: Path) -> None:
    root, before = session()
    secret = workdir / "secret.txt"
    secret.write_text("# Hemmelig\n\npassord: hunter2\n", encoding="utf-8")
    (root / "forberedelse.md").unlink()
    (root / "forberedelse.md").symlink_to(secret)
    result = build()
    assert_refused(result, workdir, before,
                   "packs/s/forberedelse.md: error[outside-pack]: forberedelse.md is a link to "
                   "a file outside the pack folder")
    assert "hunter2" not in result.stderr


def test_pipes_and_devices_are_never_opened(
        session: Callable[[], tuple[Path, dict[str, bytes]]], workdir: Path) -> None:
    root, before = session()
    (root / "kjoreplan.yaml").unlink()
    os.mkfifo(root / "kjoreplan.yaml")
    os.mkfifo(root / "notater.txt")  # anywhere in the pack: the fingerprint must not wait
    (root / "media").mkdir()
    (root / "media" / "null.png").symlink_to("/dev/zero")
    edit(root / "slides.md", "## Program {#program}", "## Program {#program}\n\n"
         "![Null](media/null.png)")
    result = build()
    assert_refused(result, workdir, before,
                   "packs/s/kjoreplan.yaml: error[unsafe-file]: kjoreplan.yaml is not a "
                   "regular file (a named pipe)")
    assert "packs/s/slides.md:7:1: error[outside-pack]: picture 'media/null.png' lies outside " \
        "the pack folder" in result.stderr


def test_sources_are_bounded_in_size(make_pack: MakePack, workdir: Path) -> None:
    root = make_pack("a")
    with (root / "slides.md").open("ab") as handle:
        handle.truncate(9 * 1024 * 1024)  # a sparse file: 9 MiB of zero bytes
    result = build()
    assert result.exit_code == 1
    assert errors_of(result.stderr) == [
        "packs/a/slides.md: error[file-too-large]: slides.md is 9 MiB; at most 8 MiB is read"]


# -- 4. templates are untrusted zips --------------------------------------------------
def _template(tmp: Path, name: str, change: Callable[[str, bytes], bytes | None],
              extra: tuple[tuple[str, bytes], ...] = ()) -> Path:
    out = io.BytesIO()
    with zipfile.ZipFile(default_template_path()) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
        for member, data in extra:
            target.writestr(member, data)
    path = tmp / name
    path.write_bytes(out.getvalue())
    return path


def _keep(_name: str, data: bytes) -> bytes:
    return data


TEMPLATE_CASES = {
    "bomb": (lambda: (_keep, (("ppt/media/big.bin", b"\0" * (300 * 1024 * 1024)),)),
             "it unpacks to more than 300 MiB (at most 256 MiB is read)"),
    "escape": (lambda: (_keep, (("../../evil.txt", b"evil"),)),
               "it holds a part named '../../evil.txt', which points outside the file"),
    "size 0": (lambda: (lambda name, data: data.replace(b'cx="12192000" cy="6858000"',
                                                        b'cx="0" cy="0"')
                        if name == "ppt/presentation.xml" else data, ()),
               "its slide size 0 × 0 EMU is not one PowerPoint can show (1 to 56 inches a "
               "side)"),
    "broken notes master": (lambda: (lambda name, data: b"<not xml"
                                     if name.startswith("ppt/notesMasters/notesMaster")
                                     else data, ()),
                            "the file is damaged (unclosed token: line 1, column 0)"),
}


@pytest.mark.parametrize(("make", "problem"), TEMPLATE_CASES.values(), ids=TEMPLATE_CASES.keys())
def test_templates_are_untrusted_zips(session: Callable[[], tuple[Path, dict[str, bytes]]],
                                      workdir: Path, make: Callable[[], tuple[
                                          Callable[[str, bytes], bytes | None],
                                          tuple[tuple[str, bytes], ...]]],
                                      problem: str) -> None:
    root, before = session()
    change, extra = make()
    _template(workdir, "mal.pptx", change, extra)
    edit(root / "pack.yaml", "language: nb", "language: nb\ntemplate: ../../mal.pptx")
    assert_refused(build(), workdir, before,
                   f"packs/s/pack.yaml:4:11: error[bad-template]: cannot use template "
                   f"{workdir / 'mal.pptx'}: {problem}")


# -- 5. output paths ------------------------------------------------------------------
@pytest.mark.parametrize(("out", "message"), [
    ("", "Error: Invalid value for '--out' / '-o': give the folder for the outputs, such as "
         "--out build"),
    ("packs", "temapakker: --out packs would put outputs among the sources of packs/s; choose a "
              "folder outside the packs, such as --out build"),
    ("packs/s", "temapakker: --out packs/s would put outputs among the sources of packs/s; "
                "choose a folder outside the packs, such as --out build"),
    ("packs/s/ut", "temapakker: --out packs/s/ut would put outputs among the sources of "
                   "packs/s; choose a folder outside the packs, such as --out build"),
])
def test_outputs_never_go_among_the_sources(
        session: Callable[[], tuple[Path, dict[str, bytes]]], workdir: Path, out: str,
        message: str) -> None:
    root, before = session()
    sources = snapshot(root)
    result = run_cli("build", "--out", out, "packs/s")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == message
    assert snapshot(root) == sources and snapshot(workdir / "build") == before


def test_two_packs_with_one_name_are_refused(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a")
    (workdir / "andre").mkdir()
    (workdir / "andre" / "a").mkdir()
    (workdir / "andre" / "a" / "slides.md").write_text("## B\n", encoding="utf-8")
    (workdir / "andre" / "a" / "pack.yaml").write_text("title: B\n", encoding="utf-8")
    result = run_cli("build", "packs/a", "andre/a")
    assert result.exit_code == 2
    assert result.stderr == ("temapakker: packs/a and andre/a would both be built as 'a'; "
                             "rename one of the folders\n")


def test_a_hostile_folder_name_stays_inside_build(make_pack: MakePack, workdir: Path) -> None:
    make_pack("..\\..\\x")
    result = build()
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (workdir / "build").iterdir()) == [
        "index.html", "manifest.json", "x"]
    with zipfile.ZipFile(workdir / "build/x/x.zip") as bundle:
        assert all(name.startswith("x/") and ".." not in name for name in bundle.namelist())
    page = (workdir / "build/index.html").read_text(encoding="utf-8")
    assert 'href="x/x.pptx"' in page and "..\\" not in page


def test_a_picture_without_extension_is_named_by_its_format(make_pack: MakePack,
                                                            workdir: Path) -> None:
    root = make_pack("a", slides="## Bilde\n\n![En firkant](media/bilde)\n")
    (root / "media").mkdir()
    Image.new("RGB", (400, 300), (10, 80, 120)).save(root / "media" / "bilde", format="JPEG")
    assert build().exit_code == 0
    with zipfile.ZipFile(workdir / "build/a/a.pptx") as deck:
        media = [n for n in deck.namelist() if n.startswith("ppt/media/")]
        types = deck.read("[Content_Types].xml").decode()
    assert media == ["ppt/media/image1.jpeg"]
    assert 'Extension="jpeg" ContentType="image/jpeg"' in types
    assert Presentation(str(workdir / "build/a/a.pptx")).slides[0].shapes


# -- 6. concurrent and interrupted builds ---------------------------------------------
def test_pictures_are_copied_from_their_files_and_stored(make_pack: MakePack,
                                                         workdir: Path) -> None:
    root = make_pack("a", slides="## En\n\n![Et bilde](media/p.png)\n\n"
                                 "## To\n\n![Samme bilde](media/kopi.png)\n\n"
                                 "## Tre\n\n![Et foto](media/f.jpg)\n")
    (root / "media").mkdir()
    Image.new("RGB", (400, 300), (10, 80, 120)).save(root / "media" / "p.png")
    (root / "media" / "kopi.png").write_bytes((root / "media" / "p.png").read_bytes())
    Image.new("RGB", (400, 300), (200, 80, 10)).save(root / "media" / "f.jpg")
    assert build("--formats", "pptx,zip").exit_code == 0
    deck_path = workdir / "build/a/a.pptx"
    with zipfile.ZipFile(deck_path) as deck:
        media = {i.filename: i for i in deck.infolist() if i.filename.startswith("ppt/media/")}
        assert sorted(media) == ["ppt/media/image1.png", "ppt/media/image2.jpeg"]
        assert {i.compress_type for i in media.values()} == {zipfile.ZIP_STORED}
        assert deck.read("ppt/media/image1.png") == (root / "media" / "p.png").read_bytes()
        assert deck.read("ppt/media/image2.jpeg") == (root / "media" / "f.jpg").read_bytes()
        assert deck.getinfo("ppt/presentation.xml").compress_type == zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(workdir / "build/a/a.zip") as bundle:
        assert bundle.getinfo("a/a.pptx").compress_type == zipfile.ZIP_STORED
        assert bundle.read("a/a.pptx") == deck_path.read_bytes()
    assert len(Presentation(str(deck_path)).slides) == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_picture_swapped_after_its_check_is_not_read(make_pack: MakePack, workdir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from temapakker import build as build_module

    root = make_pack("a", slides="## Bilde\n\n![Et bilde](media/p.png)\n")
    (root / "media").mkdir()
    picture = root / "media" / "p.png"
    Image.new("RGB", (40, 30), (10, 80, 120)).save(picture)
    assert build("--formats", "pptx").exit_code == 0
    before = (workdir / "build/a/a.pptx").read_bytes()
    checked_all = build_module.check_all

    def swap_after_check(*args: object, **kwargs: object) -> object:
        found = checked_all(*args, **kwargs)  # type: ignore[arg-type]
        picture.unlink()
        os.mkfifo(picture)  # a pipe would block whoever opens it to read
        return found

    monkeypatch.setattr(build_module, "check_all", swap_after_check)
    result = build("--formats", "pptx", "--force")
    assert result.exit_code == 1
    assert result.stderr == f"temapakker: cannot write {workdir / 'build/a/a.pptx'}: p.png " \
                            "is not a regular file (a named pipe)\n"
    assert (workdir / "build/a/a.pptx").read_bytes() == before
    assert sorted(p.name for p in (workdir / "build/a").iterdir()) == ["a.pptx"]


def _cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "temapakker", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_builds_at_once_keep_every_pack(make_pack: MakePack, workdir: Path) -> None:
    for name in "abc":
        make_pack(name)
    import fcntl

    (workdir / "build").mkdir()
    held = os.open(workdir / "build", os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)  # a build in progress
    first = _cli("build", "-f", "pptx,site", "packs/a", "packs/b", cwd=workdir)
    second = _cli("build", "-f", "pptx,site", "packs/c", cwd=workdir)
    time.sleep(1.5)
    assert first.poll() is None and second.poll() is None  # both wait
    os.close(held)
    for process in (first, second):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert err.startswith("waiting for another temapakker build into build to finish …\n")
    manifest = json.loads((workdir / "build/manifest.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in manifest["packs"]] == ["a", "b", "c"]
    page = (workdir / "build/index.html").read_text(encoding="utf-8")
    assert all(f'href="{p}/{p}.pptx"' in page for p in "abc")


def test_sigterm_leaves_no_temporary_files_or_folders(make_pack: MakePack,
                                                      workdir: Path) -> None:
    slides = "".join(f"## Lysbilde {i}\n\n" + "- punkt med noen ord\n" * 6 + "\n"
                     for i in range(1500))
    make_pack("a", slides=slides)
    process = _cli("build", "-f", "pptx,docx,html", cwd=workdir)
    deadline = time.monotonic() + 60
    while not (workdir / "build").exists() and time.monotonic() < deadline:
        time.sleep(0.01)  # the folder appears when the build holds it
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 143
    leftovers = list(workdir.rglob("*.tmp")) + list(workdir.rglob("build"))
    assert leftovers == []


def test_a_full_disk_leaves_nothing_behind(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from temapakker import output
    from temapakker.errors import OutputError

    class FullDisk(io.RawIOBase):
        def __init__(self, fd: int) -> None:
            os.close(fd)

        def write(self, data: object) -> int:
            raise OSError(28, "No space left on device")

    out = tmp_path / "build"
    with pytest.raises(OutputError, match="No space left on device"), \
            output.Staging() as staging:
        staging.stage(out / "a" / "a.pptx", b"first")
        monkeypatch.setattr(output.os, "fdopen", lambda fd, mode: FullDisk(fd))
        staging.stage(out / "a" / "b.pptx", b"second")
    assert list(tmp_path.iterdir()) == []


# -- 7. other crashes and silent changes ----------------------------------------------
def test_control_characters_from_entities(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", slides="## A\n\n- Fire&#12;verdier og\x0cfem\n")
    result = build()
    assert result.exit_code == 0, result.stderr
    assert "packs/a/slides.md:3:1: warning[control-character]: removed control character " \
        "U+000C, which slides cannot hold" in result.stderr
    deck = Presentation(str(workdir / "build/a/a.pptx"))
    texts = [s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame]
    assert "Fire verdier og fem" in texts


def test_words_between_two_comments_are_kept(make_pack: MakePack, workdir: Path) -> None:
    make_pack("a", slides="## A\n\n<!-- a --> ord *mellom* <!-- b -->\n\n"
                          "- en <!-- c --> to\n")
    assert build().exit_code == 0
    deck = Presentation(str(workdir / "build/a/a.pptx"))
    texts = [s.text_frame.text for s in deck.slides[1].shapes if s.has_text_frame]
    assert "ord mellom\nen to" in texts


def _huge_png(width: int, height: int) -> bytes:
    """A PNG that says it is width × height pixels (only its header is ever read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + \
        chunk(b"IEND", b"")


def _cut_png() -> bytes:
    """A noisy picture whose file stops half way, as after an interrupted copy."""
    data = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(data, format="PNG")
    return data.getvalue()[: len(data.getvalue()) // 2]


@pytest.mark.parametrize(("picture", "message"), [
    (_huge_png(12000, 12000),
     "error[bad-picture]: 'media/p.png' is too large to place on a slide"),
    (_cut_png(), "error[bad-picture]: picture 'media/p.png' is cut short: the file ends before "
                 "the picture does"),
])
def test_pictures_too_large_or_cut_short(make_pack: MakePack, workdir: Path, picture: bytes,
                                         message: str) -> None:
    root = make_pack("a", slides="## Bilde\n\n![Et bilde](media/p.png)\n")
    (root / "media").mkdir()
    (root / "media" / "p.png").write_bytes(picture)
    result = build()  # without PDF: the check must not depend on what WeasyPrint sets
    assert result.exit_code == 1
    assert errors_of(result.stderr) == [f"packs/a/slides.md:3:1: {message}"]
    assert "Warning" not in result.stderr


def test_dates_beyond_what_a_zip_can_hold(make_pack: MakePack, workdir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    make_pack("a", yaml="title: A\ndate: 2200-01-01\n")
    assert build().exit_code == 0
    with zipfile.ZipFile(workdir / "build/a/a.zip") as bundle:
        assert {info.date_time[0] for info in bundle.infolist()} == {2107}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "9" * 30)
    result = build("--force")
    assert result.exit_code == 2
    assert result.stderr == (f"temapakker: SOURCE_DATE_EPOCH={'9' * 30} is not a time: give "
                             "seconds since 1970, or unset it\n")


def test_new_refuses_a_long_id(workdir: Path) -> None:
    result = run_cli("new", "a" * 300)
    assert result.exit_code == 2
    assert result.stderr == (f"temapakker: '{'a' * 59}…' cannot be a pack id: use lower-case "
                             "letters, digits and hyphens, at most 64 characters, e.g. "
                             "pakke-4-eksempel\n")
    assert list((workdir / "packs").iterdir()) == []


@pytest.mark.parametrize("manifest", [
    {"packs": {"x": {"id": "x"}}},
    [1, 2, 3],
    {"packs": [{"id": "x", "title": "X", "language": "nb", "slides": 1,
                "files": [{"kind": "deck", "format": "pptx", "path": "../../etc/passwd",
                           "bytes": 1}]}]},
    {"packs": [{"id": "../x", "title": "X", "language": "nb", "slides": 1, "files": []}]},
])
def test_an_old_or_edited_manifest_is_not_trusted(make_pack: MakePack, workdir: Path,
                                                  manifest: object) -> None:
    make_pack("a")
    (workdir / "build").mkdir()
    (workdir / "build/manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = build()
    assert result.exit_code == 0, result.stderr
    written = json.loads((workdir / "build/manifest.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in written["packs"]] == ["a"]
    assert "passwd" not in (workdir / "build/index.html").read_text(encoding="utf-8")


# -- 8. the preview and links ---------------------------------------------------------
def test_preview_escapes_and_answers_only_to_local_names(make_pack: MakePack,
                                                         workdir: Path) -> None:
    from temapakker import build as build_module
    from temapakker import serve

    make_pack('"><img src=x onerror=alert(1)>',
              yaml="title: \"<script>alert('tittel')</script>\"\n")
    options = build_module.Options(out=workdir / "build", formats=("pptx", "html", "site"),
                                   jobs=1)
    state = serve.State()
    serve.rebuild(options, state)
    assert not state.errors, state.errors
    page = serve.render_preview(state, None).decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;tittel&#x27;)&lt;/script&gt;" in page

    server = serve.make_server(options, state, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        def status(host: str) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/index.html",
                                             headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                return error.code
        assert status(f"localhost:{port}") == 200
        assert status(f"127.0.0.1:{port}") == 200
        assert status(f"evil.example:{port}") == 403
        assert status("127.0.0.1.evil.example") == 403
    finally:
        server.shutdown()
        server.server_close()


def test_only_web_and_mail_links_are_clickable(make_pack: MakePack, workdir: Path) -> None:
    root = make_pack("a", slides="## A\n\n- [hjelp](ms-msdt:/id) og [del](smb://server/del) "
                                 "og [ks](https://www.ks.no/) og [epost](mailto:a@b.no)\n")
    (root / "forberedelse.md").write_text("# Les\n\n[del](\\\\\\\\server\\\\del) og "
                                          "[ks](https://www.ks.no/)\n", encoding="utf-8")
    result = build()
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "unsafe-link" in line] == [
        "packs/a/forberedelse.md:3:1: warning[unsafe-link]: the link to '\\\\server\\del' is not "
        "made clickable: only http, https and mailto links are",
        "packs/a/slides.md:3:1: warning[unsafe-link]: the link to 'ms-msdt:/id' is not made "
        "clickable: only http, https and mailto links are",
        "packs/a/slides.md:3:1: warning[unsafe-link]: the link to 'smb://server/del' is not "
        "made clickable: only http, https and mailto links are",
    ]
    targets = []
    for name in ("a/a.pptx", "a/a-forberedelse.docx"):
        with zipfile.ZipFile(workdir / "build" / name) as package:
            targets += [t for n in package.namelist() if n.endswith(".rels")
                        for t in package.read(n).decode().split('Target="')[1:]
                        if 'TargetMode="External"' in t]
    assert sorted(t.split('"')[0] for t in targets) == [
        "https://www.ks.no/", "https://www.ks.no/", "mailto:a@b.no"]
    handout = (workdir / "build/a/a-forberedelse.html").read_text(encoding="utf-8")
    assert "<p>del og " in handout and "%5C" not in handout


# -- property tests: YAML and the handout never crash the build -----------------------
scalars = st.one_of(
    st.sampled_from(["2023-04-31", "10:30", "1.10", "no", "~", "!!int tolv", "!!bool x",
                     "!!timestamp x", "&a x", "*a", "*nope", "'quoted'", '"\\x01"', "[", "{",
                     "0x1F", "1e400", "-.inf", ".nan", "9" * 40, "<<", "? x", "|", ">-"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=12),
)


@st.composite
def yaml_documents(draw: st.DrawFn, keys: tuple[str, ...]) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        key = draw(st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=6)))
        shape = draw(st.integers(0, 2))
        if shape == 0:
            lines.append(f"{key}: {draw(scalars)}")
        elif shape == 1:
            lines.append(f"{key}: [{', '.join(draw(st.lists(scalars, max_size=4)))}]")
        else:
            lines.append(f"{key}:")
            lines += [f"  - {draw(scalars)}" for _ in range(draw(st.integers(0, 3)))]
    return "\n".join(lines) + "\n"


PACK_KEYS = ("title", "subtitle", "date", "language", "order", "keywords", "template")
SHEET_KEYS = ("start", "minutes", "date", "place", "blocks", "roles", "version")
QUICK = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture,
                                        HealthCheck.too_slow])


def _never_crashes(result: Result) -> None:
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert "error[" in result.stderr


@QUICK
@given(document=yaml_documents(PACK_KEYS))
def test_any_pack_yaml_builds_or_stops_cleanly(make_pack: MakePack, workdir: Path,
                                               document: str) -> None:
    root = workdir / "packs" / "a"
    if not root.exists():
        make_pack("a")
    (root / "pack.yaml").write_text("title: T\n" + document, encoding="utf-8")
    _never_crashes(run_cli("build", "--formats", "pptx", "--force"))


@QUICK
@given(document=yaml_documents(SHEET_KEYS))
def test_any_kjoreplan_builds_or_stops_cleanly(make_pack: MakePack, workdir: Path,
                                               document: str) -> None:
    root = workdir / "packs" / "a"
    if not root.exists():
        make_pack("a")
    (root / "kjoreplan.yaml").write_text(document, encoding="utf-8")
    _never_crashes(run_cli("build", "--formats", "html", "--force"))


handout_lines = st.one_of(
    st.sampled_from(["# Tittel", "## Del", "- punkt", "1. spørsmål", "<!-- x -->", "&#12;",
                     "[lenke](ms-msdt:x)", "![bilde](media/finnes-ikke.png)", "::: notes",
                     ":::", "| a | b |", "|---|---|", "> sitat", "```", "    kode", ""]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=20),
)


@QUICK
@given(lines=st.lists(handout_lines, max_size=12))
def test_any_handout_builds_or_stops_cleanly(make_pack: MakePack, workdir: Path,
                                             lines: list[str]) -> None:
    root = workdir / "packs" / "a"
    if not root.exists():
        make_pack("a")
    (root / "forberedelse.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _never_crashes(run_cli("build", "--formats", "html,docx", "--force"))

