"""The build: find packs, skip unchanged ones, read and check the rest, then write them all."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from temapakker.diagnostics import Diagnostic, Sink
from temapakker.errors import OutputError, PackError, StrictWarningsError, UsageError
from temapakker.fingerprint import pack_fingerprint
from temapakker.manifest import (
    FileEntry,
    PackEntry,
    merge_manifest,
    producer,
    render_manifest,
    stale_files,
)
from temapakker.output import Staging, locked
from temapakker.read.files import UnsafeFile, digest_file, regular_file
from temapakker.uptodate import (
    FORMATS,
    MANIFEST,
    PACK_FILE,
    SITE,
    check_out,
    check_request,
    epoch_date,
    find_packs,
    has_site,
    read_manifest,
    survey,
)

if TYPE_CHECKING:  # the heavy stages are imported only when a pack is really built
    from temapakker.check import Checked
    from temapakker.packbuild import Earlier, KeptFile, PackOutput

FIXED_DATE = dt.date(2000, 1, 1)


@dataclass
class Options:
    """What the user asked for."""

    packs: list[Path] = field(default_factory=list)
    out: Path = Path("build")
    formats: tuple[str, ...] | None = None  # None: every format this machine can make
    strict: bool = False
    jobs: int = 0  # 0: one per core
    force: bool = False  # rebuild packs even when nothing changed
    report: Callable[[str], None] = lambda message: None


@dataclass
class Result:
    """What was built, what was already up to date, and the warnings found on the way."""

    packs: list[PackEntry]
    diagnostics: list[Diagnostic]
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # packs whose folder is gone
    checked: list[Checked] = field(default_factory=list)  # the packs built, as checked


def check_packs(paths: Iterable[Path]) -> tuple[list[Checked], Sink]:
    """Read and check packs, collecting every diagnostic; nothing is raised or written."""
    from temapakker.check import check_pack
    from temapakker.read.pack import read_pack

    sink = Sink()
    checked: list[Checked] = []
    for path in paths:
        pack = read_pack(path, sink)
        if pack is None:
            continue
        result = check_pack(pack, sink)
        if result is not None:
            checked.append(result)
    # Packs with errors are planned too, from the slides that were read, so that one run
    # lists every problem instead of showing the plan-stage ones only after a fix.
    for item in checked:
        check_plan(item, sink)
    # A base built with its variants is read once for each: say each of its problems once.
    sink.items = list(dict.fromkeys(sink.items))
    return checked, sink


def check_plan(item: Checked, sink: Sink) -> None:
    """Checks that need the planned deck: titles, reading order, overflow, contrast."""
    from temapakker.check.a11y import (
        check_background_contrast,
        check_deck_accessibility,
        check_template_contrast,
    )
    from temapakker.check.overflow import check_overflow
    from temapakker.diagnostics import Pos
    from temapakker.plan.deck import plan_deck

    planned = _stand_in_pictures(item)
    plan = plan_deck(planned, build_date(item.pack.meta.material_date))
    if planned is item:  # the deck the build will write: kept, not planned again
        item.deck = plan
    check_deck_accessibility(plan, sink)
    check_overflow(plan, item.template, sink)
    where = item.pack.meta.positions.get("template:key",
                                         Pos(item.pack.root / PACK_FILE, 1, 1))
    from temapakker.plan.deck import TableContent

    tables = any(isinstance(r.content, TableContent) for s in plan.slides for r in s.regions)
    check_template_contrast(item.template, where, sink, tables)
    check_background_contrast(plan, item.template, sink)


def _stand_in_pictures(item: Checked) -> Checked:
    """The pack with a 4:3 stand-in for each picture that failed its checks (reported),
    so that a pack with errors can still be planned and its other slides checked."""
    from temapakker.check import Picture, walk_blocks
    from temapakker.model import Image

    missing = {block.path: Picture(block.path, 4, 3)
               for slide in item.pack.slides for block in walk_blocks(slide.blocks)
               if isinstance(block, Image) and block.path not in item.pictures}
    if not missing:
        return item
    return replace(item, pictures={**missing, **item.pictures})


def check_all(paths: list[Path], strict: bool = False) -> tuple[list[Checked], Sink]:
    """Read and check every pack; raise with every diagnostic if any pack has errors."""
    checked, sink = check_packs(paths)
    if sink.errors:
        raise PackError(sink.items)
    if strict and sink.warnings:
        raise StrictWarningsError(sink.warnings)
    return checked, sink


def build_date(pack_date: dt.date | None) -> dt.date:
    """The date written into outputs: pack.yaml's, else SOURCE_DATE_EPOCH, else a fixed one."""
    if pack_date is not None:
        return pack_date
    return epoch_date() or FIXED_DATE


def choose_formats(asked: tuple[str, ...] | None, report: Callable[[str], None]) -> set[str]:
    """The formats to build: those asked for, or all; PDF only where WeasyPrint works."""
    from temapakker.writers import pdf

    formats = set(asked or FORMATS)
    if "pdf" in formats:
        missing = pdf.pdf_missing()
        if missing and asked:
            raise UsageError(f"cannot make PDF: {missing}")
        if missing:
            formats.discard("pdf")
            report(f"PDF skipped: {missing}")
    return formats


def run(options: Options) -> Result:
    """Build every pack that changed; nothing is written unless all of them check cleanly.

    build/ keeps what this build does not make again (other packs, other formats), loses
    what no pack makes any more (a pack whose folder is gone, files a pack no longer
    has), and its manifest, page and zips describe the files that are there.
    """
    asked = check_request(options.formats)
    paths = find_packs(options.packs)
    check_out(options.out, paths)
    with locked(options.out, options.report), _no_cycle_collection():
        return _run(options, paths, asked)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while building: the model and the plans make no
    garbage cycles to speak of, and each full collection walks every object alive, so a
    deck of thousands of slides paid more per slide (``scripts/bench.py --gc-share 5000``:
    13 % of the build's CPU time at 5000 slides, 7 % at 1000; peak memory the same)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _run(options: Options, paths: list[Path], asked: str) -> Result:
    """The build itself, while this process holds the output folder."""
    out = options.out
    earlier = read_manifest(out)
    todo, unchanged, gone = survey(out, paths, asked, earlier,
                                   rebuild=options.force or options.strict,
                                   every_pack=not options.packs)
    if not todo and not gone and has_site(out, options.formats):
        return Result([], [], unchanged)

    checked, sink = check_all(todo, options.strict)
    formats = frozenset(choose_formats(options.formats, options.report) if todo
                        else options.formats or FORMATS)
    entries = []
    with Staging() as staging:
        outputs = _build_all(checked, formats, options.jobs,
                             [_kept(out, earlier.get(item.pack.id), item, formats)
                              for item in checked], out, staging,
                             [_earlier(out, earlier.get(item.pack.id), options.force)
                              for item in checked])
        for item, output in zip(checked, outputs, strict=True):
            for relative, data in output.files:
                if isinstance(data, bytes):  # the others were written into reserved files
                    staging.stage(out / relative, data)
            entry = output.entry
            entry.extra["fingerprint"] = pack_fingerprint(item.pack.root,
                                                          item.pack.meta.template, asked,
                                                          item.pack.bases)
            if item.pack.bases:
                entry.extra["bases"] = [os.path.relpath(base, item.pack.root)
                                        for base in item.pack.bases]
            if item.pack.meta.template is not None:
                entry.extra["template"] = os.path.relpath(item.pack.meta.template,
                                                          item.pack.root)
            entries.append(entry)
            options.report(f"{entry.id}: {entry.slides} slides, {len(entry.files)} file(s) → "
                           f"{out / entry.id}")
            _note_stale(entry, {path for path, _data in output.files} | set(output.current),
                        earlier.get(entry.id), item, options.report)
        manifest = merge_manifest({k: v for k, v in earlier.items() if k not in gone}, entries)
        # The page lists every file, so it is made again whenever the files change.
        if "site" in formats or (out / SITE).is_file():
            from temapakker.writers.site import render_site

            page = render_site(manifest, build_date(_latest(manifest)))
            staging.stage(out / SITE, page)
            manifest["site"] = FileEntry.of("site", "html", SITE, page).to_json()
        staging.stage(out / MANIFEST, render_manifest(manifest))
        staging.commit()
    # Only now, with the new files in place: remove what this build's manifest no longer names.
    now = {pack["id"]: pack for pack in manifest["packs"]}
    for ident in [entry.id for entry in entries] + gone:
        _remove_files(stale_files(out, ident, earlier.get(ident), now.get(ident)), out / ident)
    for ident in gone:
        options.report(f"removed pack '{ident}': its folder is gone")
    return Result(entries, sink.items, unchanged, gone, checked)


def _latest(manifest: dict[str, Any]) -> dt.date | None:
    """The newest pack date on the page: of every pack listed, not only those built now,
    so the page says the same whichever packs a build made."""
    dates = []
    for pack in manifest["packs"]:
        try:
            dates.append(dt.date.fromisoformat(str(pack["date"])))
        except (KeyError, ValueError):
            continue  # a pack without a date, or from a manifest that did not record it
    return max(dates, default=None)


def _note_stale(entry: PackEntry, built: set[str], old: dict[str, Any] | None,
                item: Checked, report: Callable[[str], None]) -> None:
    """Record, and say, which kept files were made from an earlier state of the pack.

    ``sources`` fingerprints the pack without the formats; a kept file is stale when the
    pack changed since the build that made it (or since it was last found stale).
    """
    sources = pack_fingerprint(item.pack.root, item.pack.meta.template, "", item.pack.bases)
    entry.extra["sources"] = sources
    if old is None:
        return
    changed = old.get("sources") != sources
    was_stale = set(old.get("stale") or ())
    stale = sorted(f.path for f in entry.files
                   if f.path not in built and (changed or f.path in was_stale))
    if stale:
        entry.extra["stale"] = stale
        formats = ",".join(sorted({producer(vars(f)) for f in entry.files
                                   if f.path in stale}))
        report(f"{entry.id}: {len(stale)} file(s) kept from an earlier build are older than "
               f"the pack's files; --formats {formats} makes them again")


def _earlier(out: Path, old: dict[str, Any] | None, force: bool) -> Earlier | None:
    """What the last build made a pack's printed documents from, for those whose plan has
    not changed; nothing with --force. A file listed as stale is made again."""
    from temapakker.packbuild import Earlier

    if force or old is None or not isinstance(old.get("made_from"), dict):
        return None
    stale = set(old.get("stale") or ())
    return Earlier(out, {path: key for path, key in old["made_from"].items()
                         if isinstance(path, str) and isinstance(key, str)
                         and path not in stale})


def _kept(out: Path, old: dict[str, Any] | None, item: Checked,
          formats: frozenset[str]) -> tuple[KeptFile, ...]:
    """The files an earlier build made for this pack in formats not made now, still on disk.

    A run sheet or handout is kept only while the pack still has one.
    """
    from temapakker.packbuild import BUNDLED, MAX_OUTPUT, KeptFile

    if old is None:
        return ()
    gone_kinds = {kind for kind, part in (("runsheet", item.pack.runsheet),
                                          ("handout", item.pack.handout)) if part is None}
    kept = []
    for file in old.get("files", []):
        if producer(file) in formats or file["kind"] in gone_kinds:
            continue
        try:
            real = regular_file(out / file["path"], out, MAX_OUTPUT)
            # Described from the bytes on disk, not from the old record: the manifest
            # tells what is there.
            digest, size = digest_file(real, MAX_OUTPUT), real.stat().st_size
        except (OSError, UnsafeFile):
            continue  # gone, or not a file of ours any more: not kept
        entry = FileEntry.of_file(file["kind"], file["format"], file["path"], digest, size,
                                  str(file.get("alt", "")))
        kept.append(KeptFile(entry, real if entry.kind in BUNDLED else None))
    return tuple(kept)


def _remove_files(files: list[Path], folder: Path) -> None:
    """Remove files of our own earlier builds, then the pack's folders if left empty."""
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot remove {path}: {exc.strerror}") from exc
    for empty in (folder / "thumbs", folder):
        if empty.is_dir() and not any(empty.iterdir()):
            empty.rmdir()


def _build_all(checked: list[Checked], formats: frozenset[str], jobs: int,
               kept: list[tuple[KeptFile, ...]], out: Path, staging: Staging,
               earlier: list[Earlier | None]) -> list[PackOutput]:
    """Build packs, in worker processes when there are several packs and cores.

    The deck and the zip are written by the workers into files reserved here, so that a
    failed build leaves none behind; reserved files a pack did not need are removed.
    """
    from temapakker.packbuild import build_pack, written_to_file

    dates = [build_date(item.pack.meta.material_date) for item in checked]
    # The zip holds the pack's files as they are in build/: made again with the others.
    asked = [formats | {"zip"} if any(k.entry.kind == "bundle" for k in pack_kept) else formats
             for pack_kept in kept]
    kept = [tuple(k for k in pack_kept if k.entry.kind != "bundle") for pack_kept in kept]
    reserved = [{relative: staging.reserve(out / relative)
                 for relative in written_to_file(item.pack.id, pack_formats)}
                for item, pack_formats in zip(checked, asked, strict=True)]
    workers = min(jobs or os.cpu_count() or 1, len(checked))
    if workers <= 1:
        outputs = [build_pack(*args) for args in zip(checked, asked, dates, kept, reserved,
                                                     earlier, strict=True)]
    else:
        outputs = _in_workers(workers, checked, asked, dates, kept, reserved, earlier)
    for output, files in zip(outputs, reserved, strict=True):
        written = {relative for relative, _data in output.files}
        for relative, tmp in files.items():
            if relative not in written:
                staging.release(tmp)
    return outputs


def _in_workers(workers: int, *arguments: list[Any]) -> list[PackOutput]:
    """``build_pack`` over each pack's arguments in worker processes, in order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from temapakker.packbuild import build_pack

    # Import the writers once here: forked workers then share them instead of each
    # importing lxml, python-docx and Jinja2 again.
    from temapakker.writers import docx_doc, html, pptx_deck, site, slide_svg  # noqa: F401

    context = multiprocessing.get_context("fork") if os.name == "posix" else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(build_pack, *arguments))
