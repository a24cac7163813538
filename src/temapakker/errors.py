"""The exception tree; only the CLI catches these and turns them into exit codes."""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing: a no-op build raises these errors, and
# needs neither typing nor the diagnostics' dataclasses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from temapakker.diagnostics import Diagnostic


class TemapakkerError(Exception):
    """Base of every error the user can fix; carries the process exit code."""

    exit_code = 1


class PackError(TemapakkerError):
    """One or more packs have errors; the diagnostics say which and where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = sum(1 for d in diagnostics if d.level == "error")
        super().__init__(f"{errors} error(s); nothing was written")


class StrictWarningsError(TemapakkerError):
    """Warnings were reported and --strict asked to fail on them."""

    exit_code = 3

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(f"{len(diagnostics)} warning(s) and --strict; nothing was written")


class UsageError(TemapakkerError):
    """Wrong use of the command line (a path that is not a pack, an unknown format)."""

    exit_code = 2


class OutputError(TemapakkerError):
    """An output could not be written; earlier outputs are left as they were."""
