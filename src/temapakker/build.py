"""The build: read and check every pack, then plan and write, then the manifest."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from temapakker.check import Checked, check_pack
from temapakker.diagnostics import Diagnostic, Sink
from temapakker.errors import PackError, StrictWarningsError, UsageError
from temapakker.manifest import MANIFEST, FileEntry, PackEntry, render_manifest
from temapakker.output import Staging
from temapakker.read.pack import is_pack_dir, read_pack

FORMATS = ("pptx",)
FIXED_DATE = dt.date(2000, 1, 1)


@dataclass
class Options:
    """What the user asked for."""

    packs: list[Path] = field(default_factory=list)
    out: Path = Path("build")
    formats: tuple[str, ...] = FORMATS
    strict: bool = False
    report: Callable[[str], None] = lambda message: None


@dataclass
class Result:
    """What was built, and the warnings found on the way."""

    packs: list[PackEntry]
    diagnostics: list[Diagnostic]


def find_packs(paths: list[Path]) -> list[Path]:
    """The pack folders to build: those given, or every pack under ./packs."""
    if paths:
        for path in paths:
            if not path.is_dir():
                raise UsageError(f"{path} is not a folder; give the folder of a pack")
        return paths
    root = Path("packs")
    found = sorted(p for p in root.iterdir() if p.is_dir() and is_pack_dir(p)) \
        if root.is_dir() else []
    if not found:
        raise UsageError("no packs found: give a pack folder, or run in a folder whose packs/ "
                         "holds packs")
    return found


def check_all(paths: list[Path], strict: bool = False) -> tuple[list[Checked], Sink]:
    """Read and check every pack; raise with every diagnostic if any pack has errors."""
    sink = Sink()
    checked: list[Checked] = []
    for path in paths:
        pack = read_pack(path, sink)
        if pack is None:
            continue
        result = check_pack(pack, sink)
        if result is not None:
            checked.append(result)
    if sink.errors:
        raise PackError(sink.items)
    if strict and sink.warnings:
        raise StrictWarningsError(sink.warnings)
    return checked, sink


def build_date(pack_date: dt.date | None) -> dt.date:
    """The date written into outputs: pack.yaml's, else SOURCE_DATE_EPOCH, else a fixed one."""
    if pack_date is not None:
        return pack_date
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return FIXED_DATE


def run(options: Options) -> Result:
    """Build every pack; nothing is written unless every pack reads and checks cleanly."""
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    checked, sink = check_all(find_packs(options.packs), options.strict)

    from temapakker.plan.deck import plan_deck

    entries: list[PackEntry] = []
    out = options.out
    with Staging() as staging:
        for item in checked:
            pack = item.pack
            plan = plan_deck(item, build_date(pack.meta.date), sink)
            entry = PackEntry(pack.id, pack.meta.title, pack.meta.language, len(plan.slides))
            if "pptx" in options.formats:
                from temapakker.writers.pptx_deck import write_deck

                data = write_deck(plan)
                target = out / pack.id / f"{pack.id}.pptx"
                staging.stage(target, data)
                entry.files.append(FileEntry.of("deck", "pptx", target, out, data))
                options.report(f"{pack.id}: {len(plan.slides)} slides → {target}")
            entries.append(entry)
        staging.stage(out / MANIFEST, render_manifest(out, entries))
        staging.commit()
    return Result(entries, sink.items)
