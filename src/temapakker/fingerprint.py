"""Fingerprints of a pack's inputs, so that an unchanged pack is not built again.

A fingerprint covers every file in the pack folder, the template, the formats asked for
and temapakker itself (its code and data), so a new version or a local change to the tool
rebuilds everything. It is computed without parsing anything: a no-op build reads bytes
and hashes them, and imports none of the writers.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """A digest of temapakker's own files (code, templates, fonts): names, sizes and times.

    Their contents change only with an install or an edit, which changes size or time too,
    so a stat per file is enough and keeps the no-op build from reading megabytes of fonts.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix != ".pyc" and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(PACKAGE).as_posix()}\0{stat.st_size}\0"
                          f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def pack_fingerprint(root: Path, template: Path | None, formats: str) -> str:
    """The fingerprint of a pack folder, its template and the formats asked for."""
    digest = hashlib.sha256()
    digest.update(tool_digest().encode())
    digest.update(formats.encode())
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
    if template is not None:
        digest.update(b"template\0")
        try:
            digest.update(template.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()
