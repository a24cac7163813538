"""build/ as an adviser publishes it: after every step the page, the manifest, the zips
and the folder listing describe the same files, and those files are the ones on disk.

The steps are the ones a user takes: build everything; build a subset of formats; preview
with ``serve``; delete a pack; drop a run sheet; build again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import run_cli

ALL = "pptx,html,docx,site,zip"  # every format but PDF, which is slow and tested elsewhere
SRC = Path(__file__).resolve().parent.parent / "src"


@dataclass
class Published:
    """What build/ holds, read the way a visitor and a script would read it."""

    listing: set[str]  # every file under build/, relative
    manifest: dict[str, Any]
    packs: dict[str, list[dict[str, Any]]]  # id → files, from the manifest
    links: set[str]  # href and src of the download page
    zips: dict[str, list[str]]  # pack id → names in its zip

    def paths(self, pack_id: str) -> set[str]:
        return {f["path"] for f in self.packs[pack_id]}


def read_build(out: Path) -> Published:
    """Read build/ and assert that its parts agree with each other and with the disk."""
    listing = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    packs = {p["id"]: p["files"] for p in manifest["packs"]}
    named = {f["path"] for files in packs.values() for f in files}
    # Nothing on disk that no entry names, and nothing named that is not on disk.
    assert listing == named | {"index.html", "manifest.json"}
    for files in packs.values():
        for f in files:
            data = (out / f["path"]).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (f["bytes"], f["sha256"])
    page = (out / "index.html").read_bytes()
    assert manifest["site"]["sha256"] == hashlib.sha256(page).hexdigest()
    links = set(re.findall(r'(?:href|src)="([^"#:]+)"', page.decode("utf-8")))
    shown = {f["path"] for files in packs.values() for f in files
             if f["kind"] in ("deck", "runsheet", "handout", "program", "answers", "bundle",
                              "thumbnail")}
    assert links == shown  # the page links every file, and only files that are there
    zips = {}
    for pack_id, files in packs.items():
        bundled = sorted(f["path"] for f in files
                         if f["kind"] in ("deck", "runsheet", "handout", "program", "answers"))
        [bundle] = [f for f in files if f["kind"] == "bundle"]
        with zipfile.ZipFile(out / bundle["path"]) as zf:
            names = sorted(zf.namelist())
            assert names == bundled  # the zip holds the pack's files as they are beside it
            for name in names:
                assert zf.read(name) == (out / name).read_bytes()
        zips[pack_id] = names
    return Published(listing, manifest, packs, links, zips)


def digest(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


SESSION_FULL = {
    "session/session.pptx", "session/session.zip",
    "session/session-kjoreplan.html", "session/session-kjoreplan.docx",
    "session/session-forberedelse.html", "session/session-forberedelse.docx",
    "session/session-program.html", "session/session-program.docx",
    "session/session-svarark.html", "session/session-svarark.docx",
    "session/thumbs/slide-01.svg", "session/thumbs/slide-02.svg",
    "session/thumbs/slide-03.svg",
}


def test_build_subset_serve_delete_rebuild(copy_pack: Callable[[str], Path],
                                           workdir: Path) -> None:
    session = copy_pack("session")
    sample = copy_pack("sample")
    out = workdir / "build"

    # 1. Everything.
    result = run_cli("build", "--formats", ALL)
    assert result.exit_code == 0, result.stderr
    first = read_build(out)
    assert first.paths("session") == SESSION_FULL
    assert sorted(first.packs) == ["sample", "session"]
    before = digest(out)

    # 2. A subset of formats after an edit: the Word files stay, in the entry, the page
    #    and the zip; the deck and the HTML are new.
    slides = session / "slides.md"
    slides.write_text(slides.read_text(encoding="utf-8") + "\n- ett punkt til\n",
                      encoding="utf-8")
    result = run_cli("build", "--formats", "pptx,html")
    assert result.exit_code == 0, result.stderr
    subset = read_build(out)
    assert subset.paths("session") == SESSION_FULL
    # Kept, and said to be older than the edit; the sample pack did not change. The Word
    # files are kept as current: the edit left the plans they are made from as they were.
    assert [line for line in result.stderr.splitlines() if "kept" in line] == [
        "session: 3 file(s) kept from an earlier build are older than the pack's files; "
        "--formats site makes them again"]
    stale = {p["id"]: p.get("stale") for p in subset.manifest["packs"]}
    assert stale == {"sample": None, "session": [
        "session/thumbs/slide-01.svg", "session/thumbs/slide-02.svg",
        "session/thumbs/slide-03.svg"]}
    assert "session/session-kjoreplan.docx" in subset.zips["session"]
    after = digest(out)
    assert after["session/session.pptx"] != before["session/session.pptx"]
    assert after["session/session-kjoreplan.docx"] == before["session/session-kjoreplan.docx"]
    assert after["session/session.zip"] != before["session/session.zip"]

    # 3. serve previews elsewhere: build/ is the same, byte for byte, after it stops.
    published = digest(out)
    preview_tmp = workdir / "tmp"
    preview_tmp.mkdir()
    lines = serve_and_stop(workdir, preview_tmp)
    assert re.fullmatch(r"rebuilt sample, session in \d+\.\d s", lines[0])
    assert lines[1].startswith("previewing a temporary folder (build/ is not changed) at ")
    assert digest(out) == published
    assert list(preview_tmp.iterdir()) == []  # the preview folder is removed on exit

    # 4. A pack folder deleted: gone from the manifest, the page and build/.
    shutil.rmtree(sample)
    result = run_cli("build", "--formats", ALL)
    assert result.exit_code == 0, result.stderr
    assert "removed pack 'sample': its folder is gone\n" in result.stderr
    removed = read_build(out)
    assert sorted(removed.packs) == ["session"]
    assert "stale" not in removed.manifest["packs"][0]  # every format made again
    assert not (out / "sample").exists()
    assert "Eksempelpakke" not in (out / "index.html").read_text(encoding="utf-8")

    # 5. The run sheet dropped: its files go too, none is left behind.
    (session / "kjoreplan.yaml").unlink()
    result = run_cli("build", "--formats", ALL)
    assert result.exit_code == 0, result.stderr
    dropped = read_build(out)
    assert dropped.paths("session") == {p for p in SESSION_FULL  # all made from the run sheet
                                        if not any(w in p for w in ("kjoreplan", "program",
                                                                    "svarark"))}

    # 6. Nothing changed: nothing is touched.
    result = run_cli("build", "--formats", ALL)
    assert result.stderr == "nothing to do: 1 pack(s) unchanged in build\n"
    assert read_build(out) == dropped


def test_building_one_pack_keeps_the_others(copy_pack: Callable[[str], Path],
                                            workdir: Path) -> None:
    copy_pack("session")
    sample = copy_pack("sample")
    meta = sample / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2021-05-03", "2024-01-15"),
                    encoding="utf-8")
    assert run_cli("build", "--formats", ALL).exit_code == 0
    shutil.rmtree(sample)
    # Built by name, the other packs are left out, not gone: they stay.
    result = run_cli("build", "--force", "--formats", ALL, "packs/session")
    assert result.exit_code == 0, result.stderr
    assert "removed" not in result.stderr
    assert sorted(read_build(workdir / "build").packs) == ["sample", "session"]
    # The page's date is the newest of the packs it lists, not of the packs built now.
    page = (workdir / "build" / "index.html").read_text(encoding="utf-8")
    assert " · 2024-01-15</p>" in page


def serve_and_stop(workdir: Path, tmp: Path) -> list[str]:
    """Run 'temapakker serve' as a user would, load the preview, stop it with Ctrl-C."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "temapakker", "serve", "--port", "0"],
                            cwd=workdir, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = []
    try:
        while len(lines) < 2:
            line = proc.stderr.readline()
            assert line, f"serve stopped: {lines}"
            lines.append(line.rstrip("\n"))
        url = lines[1].split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(url + "_preview/session", timeout=10) as response:
            assert "Samling om kulturskolen" in response.read().decode("utf-8")
    finally:
        proc.send_signal(signal.SIGINT)
        _out, rest = proc.communicate(timeout=20)
    assert proc.returncode == 0, rest
    assert "Traceback" not in rest
    return lines


def test_a_tampered_manifest_never_reaches_outside_build(copy_pack: Callable[[str], Path],
                                                         workdir: Path) -> None:
    copy_pack("sample")
    assert run_cli("build", "--formats", ALL).exit_code == 0
    outside = workdir / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    manifest_path = workdir / "build" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["packs"][0]["files"] += [
        {"kind": "deck", "format": "pptx", "path": "../precious.txt", "bytes": 7,
         "sha256": "0"},
        {"kind": "deck", "format": "pptx", "path": str(outside), "bytes": 7, "sha256": "0"},
        {"path": "sample/broken-entry.pptx"},
        # another folder's file: this pack's entry cannot remove it
        {"kind": "deck", "format": "pptx", "path": "theirs/theirs.pptx", "bytes": 7,
         "sha256": "0"},
    ]
    theirs = workdir / "build" / "theirs" / "theirs.pptx"
    theirs.parent.mkdir()
    theirs.write_text("not ours", encoding="utf-8")
    manifest["packs"].append({"id": "gone", "files": [
        {"kind": "deck", "format": "pptx", "path": "../precious.txt", "bytes": 7,
         "sha256": "0"}]})
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("build", "--force", "--formats", ALL)
    assert result.exit_code == 0, result.stderr
    assert "removed pack 'gone': its folder is gone\n" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert theirs.read_text(encoding="utf-8") == "not ours"
    shutil.rmtree(theirs.parent)
    assert sorted(read_build(workdir / "build").packs) == ["sample"]
