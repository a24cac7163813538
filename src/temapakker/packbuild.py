"""Plan and write one pack's outputs; safe to run in a worker process.

Small files are returned as bytes; the deck and the pack's zip, which carry its pictures,
are written straight into files the build reserved beside their targets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from temapakker.check import Checked
from temapakker.manifest import FileEntry, PackEntry
from temapakker.model import plain
from temapakker.output import write_error
from temapakker.read.files import UnsafeFile, digest_file
from temapakker.writers.ooxml import FileData

THUMBNAILS = 3  # slides shown per pack on the download page
BUNDLED = ("deck", "runsheet", "handout", "program", "answers")  # the kinds of file the zip holds
MAX_OUTPUT = 1 << 40  # our own files, copied into the zip: no practical cap


@dataclass
class PackOutput:
    """A pack's manifest entry and its files: (path relative to the output folder, its
    bytes, or the reserved file it was written to)."""

    entry: PackEntry
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)


@dataclass(frozen=True)
class KeptFile:
    """A file of an earlier build that this build does not make again, but keeps."""

    entry: FileEntry
    source: Path | None = None  # the file itself, for files that go into the zip


def written_to_file(pack_id: str, formats: frozenset[str]) -> list[str]:
    """The outputs that ``build_pack`` writes into reserved files (paths relative to the
    output folder): those that hold the pack's pictures."""
    return [f"{pack_id}/{pack_id}.{fmt}" for fmt in ("pptx", "zip") if fmt in formats]


def build_pack(item: Checked, formats: frozenset[str], date: dt.date,
               kept: tuple[KeptFile, ...], reserved: dict[str, Path],
               reused: frozenset[str] = frozenset()) -> PackOutput:
    """Every output of one checked pack, as bytes or in ``reserved`` files (by the paths
    of :func:`written_to_file`); nothing else is written to disk here.

    ``kept`` are files of formats not built now, or of the kinds ``reused`` from the last
    build (not made again); they stay in the entry and the zip.
    """
    from temapakker.plan.deck import plan_deck

    pack = item.pack
    deck = plan_deck(item, date)
    entry = PackEntry(pack.id, pack.meta.title, pack.meta.language, len(deck.slides))
    entry.extra.update(subtitle=pack.meta.subtitle, description=pack.meta.description,
                       audience=list(pack.meta.audience), order=pack.meta.order,
                       date=pack.meta.material_date.isoformat()
                       if pack.meta.material_date else "",
                       version=pack.runsheet.version if pack.runsheet else "")
    from temapakker.plan.brand import plan_brand

    entry.extra["brand"] = plan_brand(item.template).to_json()
    output = PackOutput(entry)
    bundled: list[tuple[str, bytes | FileData]] = []

    def put(kind: str, fmt: str, name: str, data: bytes, alt: str = "") -> None:
        path = f"{pack.id}/{name}"
        output.files.append((path, data))
        entry.files.append(FileEntry.of(kind, fmt, path, data, alt))
        if kind in BUNDLED:
            bundled.append((name, data))

    def put_file(kind: str, name: str, write: Callable[[BinaryIO], None]) -> None:
        path = f"{pack.id}/{name}"
        target = reserved[path]
        try:
            with target.open("wb") as handle:
                write(handle)
        except (OSError, UnsafeFile) as exc:  # a full disk; a picture changed since checked
            raise write_error(target.with_name(name), exc) from exc
        output.files.append((path, target))
        entry.files.append(FileEntry.of_file(kind, name.rsplit(".", 1)[-1], path,
                                             digest_file(target, MAX_OUTPUT),
                                             target.stat().st_size))
        if kind in BUNDLED:
            bundled.append((name, FileData(target, MAX_OUTPUT)))

    if "pptx" in formats:
        from temapakker.writers.pptx_deck import write_deck

        put_file("deck", f"{pack.id}.pptx", lambda handle: write_deck(deck, handle))
    if pack.runsheet is not None:
        from temapakker.plan.runsheet import plan_runsheet

        sheet = plan_runsheet(item, date)
        entry.extra["runsheet"] = sheet.to_json()
        _write_document(put, formats, "runsheet", f"{pack.id}-kjoreplan", date,
                        lambda: _html().render_runsheet(sheet),
                        lambda: _docx().write_runsheet_docx(sheet, date))
        from temapakker.plan.participants import plan_answer_sheets, plan_program

        program = plan_program(sheet)
        _write_document(put, formats, "program", f"{pack.id}-program", date,
                        lambda: _html().render_program(program),
                        lambda: _docx().write_program_docx(program, date))
        answers = plan_answer_sheets(sheet)
        if answers is not None:
            _write_document(put, formats, "answers", f"{pack.id}-svarark", date,
                            lambda: _html().render_answer_sheets(answers),
                            lambda: _docx().write_answer_sheets_docx(answers, date))
    if pack.handout is not None:
        from temapakker.plan.handout import plan_handout

        handout = plan_handout(item, date)
        entry.extra["handout"] = handout.to_json()
        if "handout" not in reused:  # else its files are among those kept
            _write_document(put, formats, "handout", f"{pack.id}-forberedelse", date,
                            lambda: _html().render_handout(handout),
                            lambda: _docx().write_handout_docx(handout, date))
    if "site" in formats:
        from temapakker.labels import labels_for
        from temapakker.writers.slide_svg import render_slide_svg

        slide_label = labels_for(pack.meta.language)["slide"]
        for slide in deck.slides[:THUMBNAILS]:
            title = plain(slide.title)
            alt = f"{slide_label} {slide.number}: {title}"
            svg = render_slide_svg(slide, item.template, alt)
            put("thumbnail", "svg", f"thumbs/slide-{slide.number:02d}.svg", svg.encode(), alt)
    for file in kept:
        entry.files.append(file.entry)
        if file.source is not None:
            bundled.append((file.entry.path.removeprefix(f"{pack.id}/"),
                            FileData(file.source, MAX_OUTPUT)))
    if "zip" in formats and bundled:
        from temapakker.writers.site import render_bundle

        put_file("bundle", f"{pack.id}.zip",
                 lambda handle: render_bundle(handle, pack.id, bundled, date))
    return output


def _write_document(put: Callable[[str, str, str, bytes], None], formats: frozenset[str],
                    kind: str,
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
