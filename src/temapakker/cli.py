"""The command line: turns flags into options and calls the library; no logic of its own."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from temapakker import __version__
from temapakker.errors import PackError, StrictWarningsError, TemapakkerError


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


def _report(error: TemapakkerError) -> None:
    from temapakker.diagnostics import format_all

    if isinstance(error, (PackError, StrictWarningsError)):
        _echo_err(format_all(error.diagnostics))
    _echo_err(f"temapakker: {error}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="temapakker")
@click.option("--debug", is_flag=True, help="Show a full traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Compile Markdown theme packs into decks, run sheets and handouts."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("packs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Folder for the outputs.")
@click.option("--formats", "-f", default=None,
              help="Comma-separated outputs: pptx, html, docx, pdf (default: all available).")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
def build(packs: tuple[Path, ...], out: Path, formats: str | None, strict: bool) -> None:
    """Build PACKS (default: every pack under ./packs) into --out."""
    from temapakker import build as build_module
    from temapakker.diagnostics import format_all

    options = build_module.Options(
        packs=list(packs), out=out,
        formats=tuple(f.strip() for f in formats.split(",") if f.strip()) if formats else None,
        strict=strict, report=_echo_err,
    )
    try:
        result = build_module.run(options)
    except TemapakkerError as error:
        _report(error)
        sys.exit(error.exit_code)
    if result.diagnostics:
        _echo_err(format_all(result.diagnostics))
    files = sum(len(p.files) for p in result.packs)
    _echo_err(f"built {len(result.packs)} pack(s), {files} file(s) in {out}")


def main() -> None:
    """Entry point of the console script."""
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except Exception:
        if "--debug" in sys.argv:
            raise
        _echo_err("temapakker: internal error (a bug). Run again with --debug for details:")
        _echo_err("".join(traceback.format_exception_only(*sys.exc_info()[:2])).strip())
        sys.exit(70)
