"""Plan and write one pack's outputs; safe to run in a worker process.

Small files are returned as bytes; the deck and the pack's zip, which carry its pictures,
are written straight into files the build reserved beside their targets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from temapakker.check import Checked
from temapakker.fingerprint import tool_digest
from temapakker.manifest import FileEntry, PackEntry
from temapakker.model import plain
from temapakker.output import write_error
from temapakker.read.files import MAX_TEMPLATE, UnsafeFile, digest_file, regular_file
from temapakker.writers.ooxml import FileData

THUMBNAILS = 3  # slides shown per pack on the download page
BUNDLED = ("deck", "runsheet", "handout", "program", "answers")  # the kinds of file the zip holds
MAX_OUTPUT = 1 << 40  # our own files, copied into the zip: no practical cap
RANK = {"html": 0, "pdf": 1, "docx": 2}  # a printed document's files, in the order made


@dataclass
class PackOutput:
    """A pack's manifest entry and its files: (path relative to the output folder, its
    bytes, or the reserved file it was written to)."""

    entry: PackEntry
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)
    current: list[str] = field(default_factory=list)  # files of the last build, still current


@dataclass(frozen=True)
class Earlier:
    """The last build's output folder, and the plan each of its printed documents was made
    from (by its key; files listed as stale left out)."""

    out: Path
    made_from: dict[str, str] = field(default_factory=dict)


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
               earlier: Earlier | None = None) -> PackOutput:
    """Every output of one checked pack, as bytes or in ``reserved`` files (by the paths
    of :func:`written_to_file`); nothing else is written to disk here.

    ``kept`` are files of formats not built now; they stay in the entry and the zip. A
    printed document whose plan is the one ``earlier`` made it from is not made again:
    the file on disk stays, in the entry and the zip.
    """
    from temapakker.plan.deck import deck_of

    pack = item.pack
    deck = deck_of(item, date)
    entry = PackEntry(pack.id, pack.meta.title, pack.meta.language, len(deck.slides))
    entry.extra.update(subtitle=pack.meta.subtitle, description=pack.meta.description,
                       audience=list(pack.meta.audience), order=pack.meta.order,
                       date=pack.meta.material_date.isoformat()
                       if pack.meta.material_date else "",
                       version=pack.runsheet.version if pack.runsheet else "")
    if pack.base_title:
        entry.extra["based_on_pack"] = pack.base_title
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

    made_from: dict[str, str] = {}

    def document(kind: str, stem: str, plan: object, page: Callable[[], str],
                 docx: Callable[[], bytes]) -> None:
        key = plan_key(plan, item.template.path, date)
        again = set(formats)
        first_file, first_bundled = len(entry.files), len(bundled)
        for fmt in ("html", "pdf", "docx"):
            path = f"{pack.id}/{stem}.{fmt}"
            if earlier is None or earlier.made_from.get(path) != key:
                if fmt in formats:
                    made_from[path] = key
                continue
            made_from[path] = key
            if fmt not in formats:  # kept as a file of another format: still current
                output.current.append(path)
                continue
            try:
                real = regular_file(earlier.out / path, earlier.out, MAX_OUTPUT)
                found = FileEntry.of_file(kind, fmt, path, digest_file(real, MAX_OUTPUT),
                                          real.stat().st_size)
            except (OSError, UnsafeFile):
                continue  # gone since: made again
            again.discard(fmt)
            output.current.append(path)
            entry.files.append(found)
            bundled.append((path.removeprefix(f"{pack.id}/"), FileData(real, MAX_OUTPUT)))
        _write_document(put, frozenset(again), kind, stem, date, page, docx)
        # In the order a build that makes them all gives, reused or not.
        entry.files[first_file:] = sorted(entry.files[first_file:],
                                          key=lambda file: RANK[file.format])
        bundled[first_bundled:] = sorted(bundled[first_bundled:],
                                         key=lambda item: RANK[item[0].rsplit(".", 1)[-1]])

    if "pptx" in formats:
        from temapakker.writers.pptx_deck import write_deck

        put_file("deck", f"{pack.id}.pptx", lambda handle: write_deck(deck, handle))
    if pack.runsheet is not None:
        from temapakker.plan.runsheet import plan_runsheet

        sheet = plan_runsheet(item, date)
        entry.extra["runsheet"] = sheet.to_json()
        document("runsheet", f"{pack.id}-kjoreplan", sheet,
                 lambda: _html().render_runsheet(sheet),
                 lambda: _docx().write_runsheet_docx(sheet, date))
        from temapakker.plan.participants import plan_answer_sheets, plan_program

        program = plan_program(sheet)
        document("program", f"{pack.id}-program", program,
                 lambda: _html().render_program(program),
                 lambda: _docx().write_program_docx(program, date))
        answers = plan_answer_sheets(sheet)
        if answers is not None:
            document("answers", f"{pack.id}-svarark", answers,
                     lambda: _html().render_answer_sheets(answers),
                     lambda: _docx().write_answer_sheets_docx(answers, date))
    if pack.handout is not None:
        from temapakker.plan.handout import plan_handout

        handout = plan_handout(item, date)
        entry.extra["handout"] = handout.to_json()
        document("handout", f"{pack.id}-forberedelse", handout,
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
    if made_from:
        entry.extra["made_from"] = made_from
    if "zip" in formats and bundled:
        from temapakker.writers.site import render_bundle

        put_file("bundle", f"{pack.id}.zip",
                 lambda handle: render_bundle(handle, pack.id, bundled, date))
    return output


def plan_key(plan: object, template: Path, date: dt.date) -> str:
    """What a printed document is made from: its plan (pure data, whose repr shows all of
    it), the template, the date, and the code that writes it: temapakker's files and the
    versions of the libraries it writes with."""
    digest = hashlib.sha256()
    for part in (tool_digest(), _writer_versions(), date.isoformat(),
                 digest_file(regular_file(template, None, MAX_TEMPLATE), MAX_TEMPLATE),
                 repr(plan)):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _writer_versions() -> str:
    from importlib import metadata

    versions = []
    for name in ("jinja2", "python-docx", "weasyprint", "pydyf", "lxml"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} -")
    return ", ".join(versions)


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
