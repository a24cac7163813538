"""Stage output files next to their targets and replace them only when every one is ready."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

from temapakker.errors import OutputError

_UMASK = os.umask(0)
os.umask(_UMASK)


class Staging:
    """Collects temporary files; ``commit`` moves them into place, leaving none half-written."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []

    def stage(self, target: Path, data: bytes) -> None:
        """Write data to a temporary file beside target."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                       dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror}") from exc
        self._pending.append((Path(tmp), target))

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
        """Remove staged files that were not committed."""
        for tmp, _target in self._pending:
            tmp.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.discard()
