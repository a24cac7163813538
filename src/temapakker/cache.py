"""A cache between runs, in the user's cache folder, for inputs that are slow to parse and
rarely change (the template: 30-60 ms to read, 2-5 ms to load from here).

An entry is found by a key the caller makes from everything the value depends on (the
file's bytes, temapakker's own files, Python's version), so a stale entry is never found,
only left behind. Nothing here is trusted blindly: an entry must be a regular file of this
user's, not writable by others, and carry the SHA-256 of its own contents; a corrupt,
foreign or unreadable entry is ignored and the value is made again. A cache folder that
cannot be made or written is no error: the value is then made on every run.
``TEMAPAKKER_NO_CACHE=1`` turns the cache off.

Each kind keeps its ``KEEP`` most recently used entries: an entry is touched when it is
loaded, and storing a new one removes the least recently used beyond these, so a folder
used across many templates and many versions of temapakker stays a few megabytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from contextlib import suppress
from pathlib import Path

from temapakker.fingerprint import tool_digest

MAX_ENTRY = 16 * 1024 * 1024
KEEP = 16  # entries kept of each kind (a template's is 50-300 kB)


def folder() -> Path | None:
    """$XDG_CACHE_HOME/temapakker, else ~/.cache/temapakker; None when turned off."""
    if os.environ.get("TEMAPAKKER_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "temapakker"
    try:
        return Path.home() / ".cache" / "temapakker"
    except RuntimeError:  # no home folder to be found
        return None


def key_of(*parts: str) -> str:
    """A key from what a value depends on; temapakker's own files and Python's version are
    always part of it, since a value is made by this code, in this Python."""
    digest = hashlib.sha256()
    for part in (tool_digest(), sys.version, *parts):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def load(kind: str, key: str, expected: type[object]) -> object | None:
    """The value stored under *key*, if it is there, intact and of the *expected* type."""
    where = folder()
    if where is None:
        return None
    try:
        fd = os.open(where / f"{kind}-{key}.pickle", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not _private(info) or info.st_size > MAX_ENTRY:
                return None
            data = handle.read(MAX_ENTRY + 1)
    except OSError:
        return None
    check, body = data[:32], data[32:]
    if hashlib.sha256(body).digest() != check:
        return None
    try:
        value = pickle.loads(body)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
            KeyError, TypeError, ValueError):  # written by another build of the code
        return None
    if not isinstance(value, expected):
        return None
    with suppress(OSError):  # used now: the last of its kind to be pruned
        os.utime(where / f"{kind}-{key}.pickle")
    return value


def store(kind: str, key: str, value: object) -> None:
    """Store *value* under *key*, replacing any entry; quietly nothing when it cannot."""
    where = folder()
    if where is None:
        return
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if len(body) > MAX_ENTRY:
        return
    target = where / f"{kind}-{key}.pickle"
    temporary = where / f".{kind}-{key}.{os.getpid()}.tmp"
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(hashlib.sha256(body).digest() + body)
        os.replace(temporary, target)
    except OSError:  # a read-only or full disk: made again on the next run
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    prune(where, kind)


def prune(where: Path, kind: str, keep: int = KEEP) -> None:
    """Remove all but the *keep* most recently used entries of *kind*."""
    used: list[tuple[float, str, Path]] = []
    for path in where.glob(f"{kind}-*.pickle"):
        with suppress(OSError):
            used.append((path.stat().st_mtime, path.name, path))
    for _, _, path in sorted(used, reverse=True)[keep:]:
        with suppress(OSError):
            path.unlink()


def _private(info: os.stat_result) -> bool:
    """A regular file of this user's that no one else may write."""
    if not stat.S_ISREG(info.st_mode):
        return False
    return not hasattr(os, "getuid") or (info.st_uid == os.getuid()
                                         and not info.st_mode & 0o022)
