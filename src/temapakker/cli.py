"""The command line: turns flags into options and calls the library; no logic of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from temapakker import __version__
from temapakker.errors import TemapakkerError
from temapakker.launch import build_command
from temapakker.launch import echo_err as _echo_err
from temapakker.launch import main as main  # the console script of earlier installs
from temapakker.launch import report_error as _report
from temapakker.launch import split_formats as _formats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="temapakker")
@click.option("--debug", is_flag=True, help="Show a full traceback for internal errors.")
def cli(debug: bool) -> None:
    """Compile Markdown theme packs into decks, run sheets and handouts."""
    del debug  # read by main(), which decides how an internal error is shown


def _out_folder(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    # Checked as typed: Path("") is ".", which would scatter outputs in the current folder.
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give the folder for the outputs, such as --out build")
    return Path(value)


@cli.command()
@click.argument("packs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(), default="build", callback=_out_folder,
              show_default=True, help="Folder for the outputs.")
@click.option("--formats", "-f", default=None,
              help="Comma-separated outputs: pptx, html, docx, pdf, site, zip "
              "(default: all available).")
@click.option("--strict", is_flag=True, help="Fail on warnings as well as errors.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0,
              help="Packs built at once (default: one per core).")
@click.option("--force", is_flag=True, help="Rebuild packs even if nothing changed.")
def build(packs: tuple[Path, ...], out: Path, formats: str | None, strict: bool, jobs: int,
          force: bool) -> None:
    """Build PACKS (default: every pack under ./packs) into --out."""
    # Also reached without click, from launch.main, when the arguments are in plain form.
    build_command(list(packs), out, formats, strict, jobs, force)


@cli.command()
@click.argument("packs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 3 when there are warnings.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="How to print the problems.")
def check(packs: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check PACKS (default: every pack under ./packs) and report every problem; write nothing.

    Exit 0 when clean, 1 on errors, 3 on warnings under --strict.
    """
    import json

    from temapakker import build as build_module
    from temapakker.diagnostics import format_all, sort_key
    from temapakker.uptodate import find_packs

    try:
        paths = find_packs(list(packs))
    except TemapakkerError as error:
        _report(error)
        sys.exit(error.exit_code)
    _checked, sink = build_module.check_packs(paths)
    found = sorted(sink.items, key=sort_key)
    if output_format == "json":
        click.echo(json.dumps([d.to_json() for d in found], ensure_ascii=False, indent=2))
    elif found:
        click.echo(format_all(found))
    errors, warnings = len(sink.errors), len(sink.warnings)
    if output_format == "text":
        _echo_err(f"checked {len(paths)} pack(s): {errors} error(s), {warnings} warning(s)")
    if errors:
        sys.exit(1)
    if strict and warnings:
        sys.exit(3)


@cli.command()
@click.argument("packs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(), default=None, callback=_out_folder,
              help="Folder to build the preview in (default: a temporary folder, removed "
              "on exit; build/ is never changed).")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--formats", "-f", default="pptx,html,docx,site,zip", show_default=True,
              help="Outputs to build on each change (PDF is slow; add it when you need it).")
def serve(packs: tuple[Path, ...], out: Path | None, port: int, formats: str) -> None:
    """Build, preview every slide at http://127.0.0.1:PORT/ and rebuild on every change."""
    import shutil
    import tempfile
    import threading

    from temapakker import build as build_module
    from temapakker import serve as serve_module
    from temapakker.uptodate import find_packs

    try:
        roots = [p.resolve() for p in find_packs(list(packs))]
    except TemapakkerError as error:
        _report(error)
        sys.exit(error.exit_code)
    preview = Path(tempfile.mkdtemp(prefix="temapakker-preview-")) if out is None else out
    # One process: forking worker processes from a server with threads risks deadlocks,
    # and after the first build only the pack that changed is rebuilt anyway.
    options = build_module.Options(packs=list(packs), out=preview, formats=_formats(formats),
                                   jobs=1)
    state = serve_module.State()
    _echo_err(serve_module.rebuild(options, state))
    roots += serve_module.base_folders(preview, roots)
    if Path("templates").is_dir():
        roots.append(Path("templates").resolve())
    server = serve_module.make_server(options, state, port)
    stop = threading.Event()
    watcher = threading.Thread(target=serve_module.watch,
                               args=(options, state, stop, roots, _echo_err), daemon=True)
    watcher.start()
    where = f"{out}" if out is not None else "a temporary folder (build/ is not changed)"
    _echo_err(f"previewing {where} at http://127.0.0.1:{server.server_address[1]}/ "
              "(Ctrl-C stops)")
    _stop_on_signals()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=5)  # a rebuild under way finishes before its folder goes
        if out is None:
            shutil.rmtree(preview)


def _stop_on_signals() -> None:
    """Stop on kill or a closed terminal as on Ctrl-C, so the preview folder is removed."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


@cli.command()
@click.argument("pack_id")
@click.option("--title", default="", help="The pack's title (default: made from the id).")
@click.option("--packs", "packs_dir", type=click.Path(path_type=Path), default=Path("packs"),
              show_default=True, help="Folder that holds the packs.")
@click.option("--from", "base", default="", metavar="PACK",
              help="Make a variant of this pack (its id, or its folder): only what differs.")
def new(pack_id: str, title: str, packs_dir: Path, base: str) -> None:
    """Make a new pack PACK_ID that builds at once and shows every feature in comments."""
    from temapakker.scaffold import new_pack
    from temapakker.scaffold.variant import new_variant

    title = title or pack_id.replace("-", " ").capitalize()
    try:
        written = new_variant(packs_dir, pack_id, base, title) if base else \
            new_pack(packs_dir, pack_id, title)
    except TemapakkerError as error:
        _report(error)
        sys.exit(error.exit_code)
    for path in written:
        _echo_err(f"wrote {path}")
    _echo_err(f"build it with: temapakker build {packs_dir / pack_id}")


@cli.group()
def template() -> None:
    """Check a PowerPoint template, or start one of your own."""


@template.command("check")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too (exit 3).")
def template_check(file: Path, strict: bool) -> None:
    """List FILE's layouts, the role each plays and how it was found, and what is wrong.

    Exits 1 when the template lacks a layout the decks need (the built-in one is used),
    3 under --strict when there are warnings.
    """
    from temapakker.preflight import preflight
    from temapakker.template import TemplateError

    try:
        report = preflight(file)
    except TemplateError as error:
        _echo_err(f"temapakker: cannot use {file}: {error}")
        sys.exit(1)
    click.echo("\n".join(report.lines()))
    if report.errors:
        sys.exit(1)
    if strict and report.warnings:
        sys.exit(3)


@template.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", default="mal.pptx", show_default=True, help="File name to write.")
def template_init(folder: Path, name: str) -> None:
    """Write the default template into FOLDER, to restyle in PowerPoint."""
    import shutil

    from temapakker.template import default_template_path

    target = folder / name
    if target.exists():
        _echo_err(f"temapakker: {target} already exists; choose another --name")
        sys.exit(2)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_template_path(), target)
    _echo_err(f"wrote {target}; keep the layout names when you restyle it, and point "
              "template: in pack.yaml to it")
