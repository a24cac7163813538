"""The entry point: ``temapakker build`` in its plain form runs without the command line
library, so a build, and above all a no-op build, does not wait for click to import.

Importing click takes about as long as a whole no-op build (``python -X importtime``), so
``main`` reads the arguments of ``build`` itself when they are in the plain form the
README shows (pack folders, ``--out``, ``--formats``, ``--jobs``, ``--force``,
``--strict``). Anything else (``--help``, a misspelt or repeated option, a missing value,
another command) goes to :mod:`temapakker.cli`, which says what is wrong. Both ways end in
:func:`build_command`, so a build prints and exits the same whichever way it came.

A build without ``--force`` or ``--strict`` first asks :mod:`temapakker.uptodate` whether
there is anything to do, and only then imports the build (and with it the dataclasses of
the model and the diagnostics): a no-op build loads little more than the standard library's
``pathlib``, ``json`` and ``hashlib``.
"""

from __future__ import annotations

import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any

    from temapakker.errors import TemapakkerError

# The options of ``build`` that take a value, by each spelling, and the flags.
VALUE_OPTIONS = {"--out": "out", "-o": "out", "--formats": "formats", "-f": "formats",
                 "--jobs": "jobs", "-j": "jobs"}
FLAGS = {"--force": "force", "--strict": "strict"}


def echo_err(message: str) -> None:
    """Print a line for the user on stderr."""
    print(message, file=sys.stderr, flush=True)


def report_error(error: TemapakkerError) -> None:
    """Print an error the user can fix: its diagnostics, then one line."""
    from temapakker.diagnostics import format_all
    from temapakker.errors import PackError, StrictWarningsError

    if isinstance(error, (PackError, StrictWarningsError)):
        echo_err(format_all(error.diagnostics))
    echo_err(f"temapakker: {error}")


def split_formats(text: str | None) -> tuple[str, ...] | None:
    """The formats of ``--formats pptx,html``; None when not given."""
    return tuple(f.strip() for f in text.split(",") if f.strip()) if text else None


def build_command(packs: list[Path], out: Path = Path("build"), formats: str | None = None,
                  strict: bool = False, jobs: int = 0, force: bool = False) -> None:
    """``temapakker build``: build, print the diagnostics and what was done; exit 1, 2 or 3
    on an error the user can fix."""
    from temapakker.errors import TemapakkerError
    from temapakker.uptodate import unchanged_build

    try:
        up_to_date = None if force or strict else \
            unchanged_build(packs, out, split_formats(formats), echo_err)
        if up_to_date is not None:
            echo_err(f"nothing to do: {len(up_to_date)} pack(s) unchanged in {out}")
            return
        from temapakker import build as build_module

        result = build_module.run(build_module.Options(
            packs=packs, out=out, formats=split_formats(formats), strict=strict, jobs=jobs,
            force=force, report=echo_err))
    except TemapakkerError as error:
        report_error(error)
        sys.exit(error.exit_code)
    if result.diagnostics:
        from temapakker.diagnostics import format_all

        echo_err(format_all(result.diagnostics))
    files = sum(len(p.files) for p in result.packs)
    if not result.packs and not result.removed:
        echo_err(f"nothing to do: {len(result.unchanged)} pack(s) unchanged in {out}")
    else:
        unchanged = f"; {len(result.unchanged)} unchanged" if result.unchanged else ""
        echo_err(f"built {len(result.packs)} pack(s), {files} file(s) in {out}{unchanged}")


def plain_build(argv: list[str]) -> dict[str, Any] | None:
    """The keyword arguments of :func:`build_command` when *argv* (without the program's
    name) is ``build`` with the plain options only, each at most once; None for anything
    else, which click then reads and, where it is wrong, explains."""
    if argv[:1] != ["build"]:
        return None
    found: dict[str, Any] = {"packs": []}
    seen: set[str] = set()
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            found["packs"].append(Path(word))
            continue
        name, equals, value = word.partition("=")
        if name in FLAGS and not equals:
            key = FLAGS[name]
        elif name in VALUE_OPTIONS and (name.startswith("--") or not equals):
            key = VALUE_OPTIONS[name]
            if not equals:
                value = next(words, "")
            if not value.strip() or value.startswith("-"):
                return None  # missing or blank: click's message says what to give
        else:
            return None
        if key in seen:
            return None
        seen.add(key)
        if key == "jobs":
            if not value.isdigit() or not value.isascii():
                return None
            found[key] = int(value)
        elif key in ("force", "strict"):
            found[key] = True
        else:
            found[key] = Path(value) if key == "out" else value
    return found


def main() -> None:
    """Entry point of the console script and of ``python -m temapakker``."""
    import signal

    # SIGTERM (a closed terminal, a stopped service) unwinds like Ctrl-C, so that staged
    # temporary files and the output folder's lock are cleaned up on the way out.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    try:
        plain = plain_build(sys.argv[1:])
        if plain is None:
            from temapakker.cli import cli

            cli(standalone_mode=True)
            return
        try:
            build_command(**plain)
        except KeyboardInterrupt:
            echo_err("\nAborted!")  # as click says it
            sys.exit(1)
    except SystemExit:
        raise
    except Exception:
        import traceback

        if "--debug" in sys.argv:
            raise
        echo_err("temapakker: internal error (a bug). Run again with --debug for details:")
        echo_err("".join(traceback.format_exception_only(*sys.exc_info()[:2])).strip())
        sys.exit(70)
