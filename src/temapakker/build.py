"""The build: read and check every pack, then plan and write, then the manifest."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from temapakker.check import Checked, check_pack
from temapakker.diagnostics import Diagnostic, Sink
from temapakker.errors import PackError, StrictWarningsError, UsageError
from temapakker.manifest import MANIFEST, FileEntry, PackEntry, merge_manifest, render_manifest
from temapakker.output import Staging
from temapakker.read.pack import is_pack_dir, read_pack

FORMATS = ("pptx", "html", "docx", "pdf", "site", "zip")
THUMBNAILS = 3  # slides shown per pack on the download page
FIXED_DATE = dt.date(2000, 1, 1)
SITE = "index.html"


@dataclass
class Options:
    """What the user asked for."""

    packs: list[Path] = field(default_factory=list)
    out: Path = Path("build")
    formats: tuple[str, ...] | None = None  # None: every format this machine can make
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


def choose_formats(asked: tuple[str, ...] | None, report: Callable[[str], None]) -> set[str]:
    """The formats to build: those asked for, or all; PDF only where WeasyPrint is installed."""
    from temapakker.writers import pdf

    unknown = [f for f in asked or () if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
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
    """Build every pack; nothing is written unless every pack reads and checks cleanly."""
    formats = choose_formats(options.formats, options.report)
    checked, sink = check_all(find_packs(options.packs), options.strict)
    entries: list[PackEntry] = []
    out = options.out
    with Staging() as staging:
        for item in checked:
            entries.append(_build_pack(item, formats, out, staging, options.report))
        manifest = merge_manifest(out, entries)
        if "site" in formats:
            from temapakker.writers.site import render_site

            dates = [item.pack.meta.date for item in checked if item.pack.meta.date]
            page = render_site(manifest, build_date(max(dates) if dates else None))
            staging.stage(out / SITE, page)
            manifest["site"] = vars(FileEntry.of("site", "html", out / SITE, out, page))
        staging.stage(out / MANIFEST, render_manifest(manifest))
        staging.commit()
    return Result(entries, sink.items)


def _build_pack(item: Checked, formats: set[str], out: Path, staging: Staging,
                report: Callable[[str], None]) -> PackEntry:
    """Plan and write one pack's outputs into the staging area."""
    from temapakker.plan.deck import plan_deck

    pack = item.pack
    date = build_date(pack.meta.date)
    folder = out / pack.id
    deck = plan_deck(item, date, Sink())
    entry = PackEntry(pack.id, pack.meta.title, pack.meta.language, len(deck.slides))
    entry.extra.update(subtitle=pack.meta.subtitle, description=pack.meta.description,
                       audience=list(pack.meta.audience), order=pack.meta.order)
    bundled: list[tuple[str, bytes]] = []

    def put(kind: str, fmt: str, name: str, data: bytes, alt: str = "") -> None:
        target = folder / name
        staging.stage(target, data)
        entry.files.append(FileEntry.of(kind, fmt, target, out, data, alt))
        if kind in ("deck", "runsheet", "handout"):
            bundled.append((name, data))

    if "pptx" in formats:
        from temapakker.writers.pptx_deck import write_deck

        put("deck", "pptx", f"{pack.id}.pptx", write_deck(deck))
    if pack.runsheet is not None:
        from temapakker.plan.runsheet import plan_runsheet

        sheet = plan_runsheet(item, date)
        entry.extra["runsheet"] = sheet.to_json()
        _write_document(put, formats, "runsheet", f"{pack.id}-kjoreplan", date,
                        lambda: _html().render_runsheet(sheet),
                        lambda: _docx().write_runsheet_docx(sheet, date))
    if pack.handout is not None:
        from temapakker.plan.handout import plan_handout

        handout = plan_handout(item, date)
        entry.extra["handout"] = handout.to_json()
        _write_document(put, formats, "handout", f"{pack.id}-forberedelse", date,
                        lambda: _html().render_handout(handout),
                        lambda: _docx().write_handout_docx(handout, date))
    if "site" in formats:
        from temapakker.labels import labels_for
        from temapakker.writers.slide_svg import render_slide_svg

        slide_label = labels_for(pack.meta.language)["slide"]
        for slide in deck.slides[:THUMBNAILS]:
            title = "".join(s.text for s in slide.title)
            alt = f"{slide_label} {slide.number}: {title}"
            svg = render_slide_svg(slide, item.template, alt)
            put("thumbnail", "svg", f"thumbs/slide-{slide.number:02d}.svg", svg.encode(), alt)
    if "zip" in formats and bundled:
        from temapakker.writers.site import render_bundle

        put("bundle", "zip", f"{pack.id}.zip", render_bundle(pack.id, bundled, date))
    report(f"{pack.id}: {len(deck.slides)} slides, {len(entry.files)} file(s) → {folder}")
    return entry


def _write_document(put: Callable[[str, str, str, bytes], None], formats: set[str], kind: str,
                    stem: str, date: dt.date, page: Callable[[], str],
                    docx: Callable[[], bytes]) -> None:
    """HTML and PDF from one rendered page; DOCX on its own."""
    if formats & {"html", "pdf"}:
        text = page()
        if "html" in formats:
            put(kind, "html", f"{stem}.html", text.encode("utf-8"))
        if "pdf" in formats:
            from temapakker.writers.pdf import write_pdf

            put(kind, "pdf", f"{stem}.pdf", write_pdf(text, date))
    if "docx" in formats:
        put(kind, "docx", f"{stem}.docx", docx())


def _html() -> ModuleType:
    from temapakker.writers import html

    return html


def _docx() -> ModuleType:
    from temapakker.writers import docx_doc

    return docx_doc
