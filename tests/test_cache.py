"""The cache between runs: a parsed template is found again, and a changed, corrupt or
foreign entry is never used."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from temapakker import cache, template
from temapakker.template import Template, default_template_path, load_template
from tests.conftest import run_cli

MakePack = Callable[..., Path]


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "temapakker").glob("template-*.pickle"))


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The templates read from their files (not found in the cache) from now on."""
    reads: list[Path] = []
    real_read = template._read

    def read(path: Path) -> Template:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(template, "_read", read)
    return reads


def test_a_template_is_read_once_and_loaded_after(user_cache: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "mal.pptx"
    shutil.copyfile(default_template_path(), copy)
    first = load_template(copy)
    assert len(entries(user_cache)) == 1
    reads = count_reads(monkeypatch)
    template._load.cache_clear()  # as a new process starts
    assert load_template(copy) == first
    assert reads == []


def test_a_changed_template_is_read_again(user_cache: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "mal.pptx"
    shutil.copyfile(default_template_path(), copy)
    load_template(copy)
    other = tmp_path / "annen.pptx"
    shutil.copyfile(Path(__file__).parent / "templates" / "nb-powerpoint.pptx", other)
    os.replace(other, copy)  # new bytes at the same path
    template._load.cache_clear()
    reads = count_reads(monkeypatch)
    changed = load_template(copy)
    assert reads == [copy]
    assert changed.layouts != load_template(default_template_path()).layouts
    assert len(entries(user_cache)) == 3  # two copies at one path, and the default


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "other-type",
                                    "writable-by-others"])
def test_a_damaged_entry_is_not_used(damage: str, user_cache: Path, tmp_path: Path) -> None:
    copy = tmp_path / "mal.pptx"
    shutil.copyfile(default_template_path(), copy)
    first = load_template(copy)
    [entry] = entries(user_cache)
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        entry.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "garbage":
        entry.write_bytes(b"not a cache entry")
    elif damage == "other-type":
        key = entry.name.removeprefix("template-").removesuffix(".pickle")
        cache.store("template", key, {"not": "a template"})
    else:
        entry.chmod(0o666)
    template._load.cache_clear()
    again = load_template(copy)
    assert isinstance(again, Template)
    assert again == first


def test_no_cache_folder_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    copy = tmp_path / "mal.pptx"
    shutil.copyfile(default_template_path(), copy)
    assert isinstance(load_template(copy), Template)
    monkeypatch.setenv("TEMAPAKKER_NO_CACHE", "1")
    assert cache.folder() is None


def test_a_build_from_the_cache_gives_the_same_bytes(make_pack: MakePack, workdir: Path,
                                                     user_cache: Path) -> None:
    make_pack("a")
    assert run_cli("build", "--formats", "pptx", "--out", "one").exit_code == 0
    assert entries(user_cache)
    template._load.cache_clear()
    assert run_cli("build", "--formats", "pptx", "--out", "two").exit_code == 0
    assert (workdir / "one" / "a" / "a.pptx").read_bytes() == \
        (workdir / "two" / "a" / "a.pptx").read_bytes()


def test_the_least_recently_used_entries_are_removed(user_cache: Path) -> None:
    """A folder used across many templates and versions keeps KEEP entries of a kind:
    storing one more removes the entry used longest ago, not one just loaded."""
    for n in range(cache.KEEP):
        cache.store("template", f"k{n:02d}", n)
        os.utime(user_cache / "temapakker" / f"template-k{n:02d}.pickle", (n, n))
    assert cache.load("template", "k00", int) == 0  # the oldest, used again now
    cache.store("template", "new", -1)
    kept = {p.name.removeprefix("template-").removesuffix(".pickle")
            for p in entries(user_cache)}
    assert len(kept) == cache.KEEP
    assert "k01" not in kept  # the least recently used
    assert {"k00", "k02", "new"} <= kept
