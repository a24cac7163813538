"""Stage output files next to their targets and replace them only when every one is ready."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType

from temapakker.errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


class Staging:
    """Collects temporary files; ``commit`` moves them into place, leaving none half-written."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self._made: list[Path] = []  # folders made for staged files, removed again on discard

    def stage(self, target: Path, data: bytes) -> None:
        """Write data to a temporary file beside target."""
        try:
            fd, _tmp = self._temporary(target)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror}") from exc

    def reserve(self, target: Path) -> Path:
        """An empty temporary file beside target, for a writer to fill; ``commit`` moves it
        into place like a staged one, ``discard`` removes it."""
        try:
            fd, tmp = self._temporary(target)
            os.close(fd)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror}") from exc
        return tmp

    def _temporary(self, target: Path) -> tuple[int, Path]:
        import tempfile  # here: a no-op build, which writes nothing, does without it

        self.make_folder(target.parent)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        self._pending.append((tmp, target))  # registered first: a full disk or a signal
        os.chmod(tmp, 0o666 & ~_UMASK)  # while writing still cleans it; mkstemp makes 0600
        return fd, tmp

    def release(self, tmp: Path) -> None:
        """Remove a reserved file that no writer filled; its target is left as it is."""
        self._pending = [(t, target) for t, target in self._pending if t != tmp]
        tmp.unlink(missing_ok=True)

    def make_folder(self, folder: Path) -> None:
        """Make a folder and the missing ones above it, remembering which were made."""
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
        for path in reversed(missing):
            try:
                path.mkdir()
            except FileExistsError:
                continue
            self._made.append(path)

    def commit(self) -> None:
        """Move every staged file into place; a target that cannot be replaced stops the
        commit before any file is moved, so the earlier outputs stay as they were."""
        for _tmp, target in self._pending:
            if target.is_dir():
                raise OutputError(f"cannot write {target}: a folder of that name is in the way")
        for tmp, target in self._pending:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(f"cannot write {target}: {exc.strerror}") from exc
        self._pending.clear()

    def discard(self) -> None:
        """Remove staged files that were not committed, and the folders made for them that
        are still empty."""
        for tmp, _target in self._pending:
            tmp.unlink(missing_ok=True)
        self._pending.clear()
        for folder in reversed(self._made):
            # A folder that is not empty holds committed files or the user's own: kept.
            with suppress(OSError):
                folder.rmdir()
        self._made.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()


def write_error(target: Path, exc: Exception) -> OutputError:
    """The error for a file a writer could not write, naming the file it failed on."""
    if not isinstance(exc, OSError):
        return OutputError(f"cannot write {target}: {exc}")
    source = f" ({exc.filename})" if exc.filename and Path(exc.filename).parent != target.parent \
        else ""
    return OutputError(f"cannot write {target}: {exc.strerror or exc}{source}")


@contextmanager
def locked(out: Path, report: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder for one build at a time; a second build waits, and says so.

    Two builds into one folder would each merge the manifest they read before the other
    wrote, and drop the other's packs. The lock is an advisory lock on the folder itself, so
    no lock file is left among the published files; a folder made only to be locked is
    removed again if the build leaves it empty.
    """
    try:
        import fcntl
    except ImportError:  # Windows: one build at a time is up to the user
        yield
        return
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report(f"waiting for another temapakker build into {out} to finish …")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
        if made:
            with suppress(OSError):  # not empty: the build wrote into it
                out.rmdir()
