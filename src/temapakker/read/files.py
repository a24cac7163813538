"""The one way a pack's files are opened: inside the pack, regular files, bounded in size.

Packs travel as folders and zips between many hands, so a file in one may be a symbolic
link to anything (``/etc/passwd``, ``/dev/zero``), a FIFO that blocks whoever opens it, or
far larger than any slide source. Every reader goes through :func:`read_inside`; the
fingerprint and the message formatter use :func:`regular_file` to decide what they may open.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

# typing.TYPE_CHECKING without importing typing: a no-op build fingerprints packs with this
# module, and needs neither typing nor the diagnostics' dataclasses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import zipfile
    from typing import BinaryIO

    from temapakker.diagnostics import Pos, Sink

MiB = 1024 * 1024
MAX_TEXT = 8 * MiB  # slides.md, pack.yaml, kjoreplan.yaml, forberedelse.md
MAX_PICTURE = 64 * MiB
MAX_TEMPLATE = 64 * MiB
CHUNK = MiB  # pieces in which pictures and outputs are copied and hashed


_UNSAFE_ID = re.compile(r"[^\w.-]+")


def pack_id(root: Path) -> str:
    """The pack's id, made from its folder's name: the name of its outputs, its folder in
    build/ and its links on the download page, so nothing in it may leave a folder."""
    return safe_id(root.resolve().name)


def safe_id(name: str) -> str:
    """A name made safe as one path segment: letters, digits, '.', '_' and '-' only."""
    return _UNSAFE_ID.sub("-", unicodedata.normalize("NFC", name)).strip(".-") or "pack"


class UnsafeFile(Exception):
    """A file that must not be opened; the message says why, in the user's words."""

    def __init__(self, message: str, hint: str, code: str = "unsafe-file") -> None:
        super().__init__(message)
        self.hint = hint
        self.code = code


def regular_file(path: Path, root: Path | None, limit: int) -> Path:
    """The real path of ``path`` when it is a regular file of at most ``limit`` bytes inside
    ``root`` (any folder when ``root`` is None); raises UnsafeFile otherwise.

    FileNotFoundError passes through, so callers can say «missing» in their own words.
    """
    try:
        real = Path(os.path.realpath(path, strict=True))
        info = real.stat()
    except FileNotFoundError:
        raise
    except (OSError, RuntimeError) as exc:  # a loop of links, a name too long
        raise UnsafeFile(f"{path.name} cannot be opened: "
                         f"{getattr(exc, 'strerror', None) or exc}",
                         "check that it is a real file, not a broken link") from exc
    if root is not None and not real.is_relative_to(Path(os.path.realpath(root))):
        raise UnsafeFile(f"{path.name} is a link to a file outside the pack folder",
                         f"copy the file itself into the pack instead of linking to {real}",
                         "outside-pack")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(f"{path.name} is not a regular file ({_kind(info.st_mode)})",
                         "replace it with an ordinary file")
    if info.st_size > limit:
        raise UnsafeFile(f"{path.name} is {info.st_size / MiB:.0f} MiB; at most "
                         f"{limit // MiB} MiB is read", "make the file smaller",
                         "file-too-large")
    return real


def read_bounded(real: Path, limit: int) -> bytes:
    """Read at most ``limit`` bytes of a file checked by :func:`regular_file`; a file that
    grew past the limit since it was checked raises UnsafeFile."""
    with _open_regular(real) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(real, limit)
    return data


def read_head(real: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file checked by :func:`regular_file`."""
    with _open_regular(real) as handle:
        return handle.read(size)


def copy_bounded(real: Path, limit: int, write: Callable[[bytes], object]) -> None:
    """Pass a file checked by :func:`regular_file` to ``write`` in pieces, never holding
    it whole; a file that grew past ``limit`` since it was checked raises UnsafeFile."""
    copied = 0
    with _open_regular(real) as handle:
        while piece := handle.read(CHUNK):
            copied += len(piece)
            if copied > limit:
                raise _too_large(real, limit)
            write(piece)


_DIGESTS: dict[tuple[str, int, int, int], str] = {}
SETTLED_NS = 2_000_000_000  # a file older than this is not being written any more


def digest_file(real: Path, limit: int) -> str:
    """The SHA-256 of a file checked by :func:`regular_file`, read in pieces.

    Remembered by the file's identity (path, inode, size, modification time), so the
    fingerprints, the deck writer and every rebuild in ``serve`` read a picture once. A
    file changed in the last seconds is read every time: the clock the system stamps files
    with is coarse, and a second edit of the same length could otherwise go unseen.
    """
    info = real.stat()
    key = (str(real), info.st_ino, info.st_size, info.st_mtime_ns)
    found = _DIGESTS.get(key)
    if found is None:
        digest = hashlib.sha256()
        copy_bounded(real, limit, digest.update)
        found = digest.hexdigest()
        if time.time_ns() - info.st_mtime_ns > SETTLED_NS:
            _DIGESTS[key] = found
    return found


def _open_regular(real: Path) -> BinaryIO:
    # O_NONBLOCK: should a FIFO have been put in its place since the check, opening it
    # returns at once instead of waiting for a writer.
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise UnsafeFile(f"{real.name} is not a regular file",
                         "replace it with an ordinary file")
    return handle


def _too_large(real: Path, limit: int) -> UnsafeFile:
    return UnsafeFile(f"{real.name} is larger than {limit // MiB} MiB",
                      "make the file smaller", "file-too-large")


def read_inside(path: Path, root: Path | None, sink: Sink, limit: int = MAX_TEXT,
                pos: Pos | None = None) -> bytes | None:
    """The bytes of a file inside ``root``; None when it is missing or unsafe (reported at
    ``pos``, else at the file itself)."""
    from temapakker.diagnostics import Pos

    where = pos or Pos(path)
    try:
        return read_bounded(regular_file(path, root, limit), limit)
    except FileNotFoundError:
        sink.error("missing-file", f"{path.name} is missing", where)
    except UnsafeFile as exc:
        sink.error(exc.code, str(exc), where, hint=exc.hint)
    except OSError as exc:
        sink.error("unreadable-file", f"cannot read {path.name}: {exc.strerror or exc}", where)
    return None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


MAX_MEMBER = 128 * MiB  # one part of a template, unpacked
MAX_UNPACKED = 256 * MiB  # all of them


def check_zip_members(zf: zipfile.ZipFile) -> None:
    """Refuse a zip (a template) whose members could escape or fill the memory.

    The sizes checked are those the zip declares; Python's reader never unpacks more than
    the declared size of a member, so a lying header cannot get past them.
    """
    total = 0
    for info in zf.infolist():
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise UnsafeFile(f"it holds a part named '{name}', which points outside the file",
                             "save it again from PowerPoint or LibreOffice", "unsafe-template")
        total += info.file_size
        if info.file_size > MAX_MEMBER or total > MAX_UNPACKED:
            raise UnsafeFile(f"it unpacks to more than {min(info.file_size, total) // MiB} MiB "
                             f"(at most {MAX_UNPACKED // MiB} MiB is read)",
                             "remove large videos or pictures from the template",
                             "unsafe-template")
