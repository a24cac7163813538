"""Fingerprints of a pack's inputs, so that an unchanged pack is not built again.

A fingerprint covers every file in the pack folder, in the folders of the packs a variant
extends (as the manifest recorded them), the template, the formats asked for and
temapakker itself (its code and data), so a new version or a local change to the tool
rebuilds everything. It is computed without parsing anything: a no-op build reads bytes
and hashes them, and imports none of the writers. A file's digest is remembered by its
identity (path, size, time), so ``serve`` does not read an unchanged picture again.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from temapakker.read.files import (
    MAX_PICTURE,
    MAX_TEMPLATE,
    UnsafeFile,
    digest_file,
    regular_file,
)

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of temapakker's own files (code, templates, fonts): names, sizes and times.

    Their contents change only with an install or an edit, which changes size or time too,
    so a stat per file is enough and keeps the no-op build from reading megabytes of fonts.
    """
    # os.scandir rather than Path.rglob: the stat comes with the listing, and this runs on
    # every build, the no-op one included.
    lines = []
    folders = [("", str(PACKAGE))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file() and not entry.name.endswith(".pyc"):
                    stat = entry.stat()
                    lines.append(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n")
    return hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()


def pack_fingerprint(root: Path, template: Path | None, formats: str,
                     bases: tuple[Path, ...] = ()) -> str:
    """The fingerprint of a pack folder, the base folders it extends, its template and the
    formats asked for."""
    digest = hashlib.sha256()
    digest.update(tool_digest().encode())
    digest.update(formats.encode())
    _hash_folder(digest, root)
    for base in bases:
        # A base folder is hashed as the base reads its files: inside the base itself.
        digest.update(b"base\0" + base.name.encode() + b"\0")
        _hash_folder(digest, base)
    if template is not None:
        digest.update(b"template\0")
        digest.update(_contents(template, None, MAX_TEMPLATE))
    return digest.hexdigest()


def _hash_folder(digest: hashlib._Hash, root: Path) -> None:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(_contents(path, root, MAX_PICTURE))


def _contents(path: Path, root: Path | None, limit: int) -> bytes:
    """A file's digest, or what stands in its place: a pipe, a device or a link out of the
    pack is never opened (the build reports it), and its state is hashed instead."""
    try:
        return digest_file(regular_file(path, root, limit), limit).encode() + b"\n"
    except (OSError, UnsafeFile) as exc:
        return f"<{exc}>".encode()
