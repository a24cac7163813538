"""Whether a build has anything to do: the packs asked for, the earlier build's manifest,
and which packs it already holds up to date.

A no-op build is the build users run most, and nearly all of its time is Python importing
modules. So this module, and the few it imports (fingerprint, read.files, output, errors),
define no dataclasses and need neither :mod:`typing` nor a stage of the compiler: the entry
point asks :func:`unchanged_build` first and says «nothing to do» without loading
:mod:`temapakker.build`, which makes the same decision with the same functions
(``tests/test_launch.py`` checks what a no-op build imports).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from temapakker.errors import UsageError
from temapakker.fingerprint import pack_fingerprint
from temapakker.output import locked
from temapakker.read.files import MAX_TEXT, UnsafeFile, pack_id, read_bounded, regular_file, safe_id

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (see above)
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from typing import Any

FORMATS = ("pptx", "html", "docx", "pdf", "site", "zip")
MANIFEST = "manifest.json"
SITE = "index.html"
PACK_FILE, SLIDES_FILE = "pack.yaml", "slides.md"
MAX_BASES = 16  # a variant of a variant of …: more is no editor's plan

# The keys of an earlier manifest's entries that the page shows, and their types.
PACK_KEYS: dict[str, type] = {"title": str, "language": str, "slides": int, "runsheet": dict,
                              "subtitle": str, "description": str, "audience": list,
                              "based_on_pack": str, "bases": list}
FILE_KEYS: dict[str, type] = {"kind": str, "format": str, "path": str, "bytes": int,
                              "sha256": str}


def check_request(formats: tuple[str, ...] | None) -> str:
    """Refuse an unknown format and a SOURCE_DATE_EPOCH that is not a time; the formats as
    the fingerprints hold them ('*' for every format)."""
    unknown = [f for f in formats or () if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip() and epoch_date() is None:
        raise UsageError(f"SOURCE_DATE_EPOCH={os.environ['SOURCE_DATE_EPOCH'].strip()[:40]} "
                         "is not a time: give seconds since 1970, or unset it")
    return ",".join(sorted(formats)) if formats else "*"


def epoch_date() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH; None when unset or not a time (``run`` refuses it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit() or len(epoch) > 12:
        return None
    import datetime as dt

    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):  # past the year 9999
        return None


def is_pack_dir(path: Path) -> bool:
    """Whether a folder looks like a pack (has a pack.yaml or a slides.md)."""
    return (path / PACK_FILE).is_file() or (path / SLIDES_FILE).is_file()


def find_packs(paths: list[Path]) -> list[Path]:
    """The pack folders to build: those given, or every pack under ./packs."""
    if paths:
        for path in paths:
            if not path.is_dir():
                raise UsageError(f"{path} is not a folder; give the folder of a pack")
        return paths
    root = Path("packs")
    found = sorted(p for p in root.iterdir() if p.is_dir() and is_pack_dir(p)) \
        if root.is_dir() else []
    if not found:
        raise UsageError("no packs found: give a pack folder, or run in a folder whose packs/ "
                         "holds packs")
    return found


def check_out(out: Path, paths: list[Path]) -> None:
    """Refuse an output folder that would mix outputs with sources, and packs whose outputs
    would replace one another."""
    target = out.resolve()
    seen: dict[str, Path] = {}
    for path in paths:
        root = path.resolve()
        ident = pack_id(path)
        if ident in seen:
            raise UsageError(f"{seen[ident]} and {path} would both be built as '{ident}'; "
                             "rename one of the folders")
        seen[ident] = path
        mine = target / ident
        if target == root or target.is_relative_to(root) or mine.is_relative_to(root) \
                or root.is_relative_to(mine):
            raise UsageError(f"--out {out} would put outputs among the sources of {path}; "
                             "choose a folder outside the packs, such as --out build")


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The packs of an earlier build, by id, as its manifest recorded them."""
    packs: dict[str, dict[str, Any]] = {}
    try:
        old = json.loads(read_bounded(regular_file(out / MANIFEST, out, MAX_TEXT), MAX_TEXT))
    except (OSError, ValueError, UnsafeFile):
        return {}  # no usable earlier manifest: it is rebuilt from this build alone
    # Kept only what this version would have written itself: a manifest from another
    # version, or edited by hand, must not put a link out of build/ on the download page.
    # Only well-formed entries inside the folder: the build keeps and removes files by what
    # this names, and the page links to them, so nothing may reach outside build/.
    for pack in old.get("packs", []) if isinstance(old, dict) else []:
        if _usable(pack):
            files = [f for f in pack["files"] if _usable_file(f, pack["id"])]
            packs[pack["id"]] = {**pack, "files": files}
    return packs


def _usable(pack: Any) -> bool:
    """An entry with a safe id and a list of files; its other keys, where present, of the
    type this version writes (the page shows them)."""
    if not isinstance(pack, dict) or not isinstance(pack.get("id"), str) \
            or not isinstance(pack.get("files"), list) or pack["id"] != safe_id(pack["id"]):
        return False
    typed = all(isinstance(pack[key], kind) for key, kind in PACK_KEYS.items() if key in pack)
    return typed and pack.get("language", "nb") in ("nb", "nn", "en")


def _usable_file(file: Any, pack_id: str) -> bool:
    """A well-formed entry whose path is a plain relative path inside the pack's folder."""
    if not isinstance(file, dict) or not all(
            isinstance(file.get(key), kind) for key, kind in FILE_KEYS.items()):
        return False
    # Strings, not PurePosixPath: a no-op build checks every file of every pack.
    path = file["path"]
    parts = path.split("/")
    return "\\" not in path and parts[0] == pack_id and ".." not in parts


def is_complete(out: Path, pack: dict[str, Any]) -> bool:
    """Whether every file an earlier build recorded for a pack is still there."""
    folder = os.fspath(out)
    return all(os.path.isfile(os.path.join(folder, f["path"])) for f in pack.get("files", []))


def template_of(pack: dict[str, Any], root: Path) -> Path | None:
    """The template a pack's last build read, as the manifest recorded it."""
    recorded = pack.get("template")
    return (root / recorded).resolve() if isinstance(recorded, str) else None


def bases_of(pack: dict[str, Any], root: Path) -> tuple[Path, ...]:
    """The base folders a variant's last build read: a change in any of them rebuilds it.
    (A change to which base it extends is a change to its own pack.yaml.)"""
    recorded = pack.get("bases")
    if not isinstance(recorded, list):
        return ()
    # Only pack folders, and a few: the manifest is a file in build/, and whatever it says
    # must not make the fingerprint walk a whole disk.
    bases = tuple((root / b).resolve() for b in recorded[:MAX_BASES] if isinstance(b, str))
    return bases if all(is_pack_dir(base) for base in bases) else ()


def survey(out: Path, paths: list[Path], asked: str, earlier: dict[str, dict[str, Any]],
           rebuild: bool, every_pack: bool) -> tuple[list[Path], list[str], list[str]]:
    """The packs to build; the ids of those the earlier build holds up to date; and the ids
    of packs whose folder is gone (only a build of every pack knows that a pack is gone
    rather than left out). *rebuild* (--force, --strict) builds every pack."""
    todo: list[Path] = []
    unchanged: list[str] = []
    for path in paths:
        old = earlier.get(pack_id(path))
        if old is not None and not rebuild and is_complete(out, old) and \
                old.get("fingerprint") == pack_fingerprint(path, template_of(old, path), asked,
                                                           bases_of(old, path)):
            unchanged.append(old["id"])
        else:
            todo.append(path)
    found = {pack_id(path) for path in paths}
    gone = sorted(set(earlier) - found) if every_pack else []
    return todo, unchanged, gone


def has_site(out: Path, formats: tuple[str, ...] | None) -> bool:
    """Whether the download page is there, or not asked for."""
    return (out / SITE).is_file() or (formats is not None and "site" not in formats)


def unchanged_build(packs: list[Path], out: Path, formats: tuple[str, ...] | None,
                    report: Callable[[str], None]) -> list[str] | None:
    """The ids of the packs when a build of them without --force or --strict would write
    nothing; None when it has work to do. Raises what :func:`temapakker.build.run` raises
    for a request it refuses."""
    asked = check_request(formats)
    paths = find_packs(packs)
    check_out(out, paths)
    with locked(out, report):
        todo, unchanged, gone = survey(out, paths, asked, read_manifest(out), rebuild=False,
                                       every_pack=not packs)
        return unchanged if not todo and not gone and has_site(out, formats) else None
