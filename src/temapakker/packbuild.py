"""Plan and write one pack's outputs, in memory; safe to run in a worker process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from temapakker.check import Checked
from temapakker.manifest import FileEntry, PackEntry
from temapakker.model import plain

THUMBNAILS = 3  # slides shown per pack on the download page
BUNDLED = ("deck", "runsheet", "handout", "program", "answers")  # the kinds of file the zip holds


@dataclass
class PackOutput:
    """A pack's manifest entry and its files: (path relative to the output folder, bytes)."""

    entry: PackEntry
    files: list[tuple[str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class KeptFile:
    """A file of an earlier build that this build does not make again, but keeps."""

    entry: FileEntry
    data: bytes = b""  # read only for files that go into the zip


def build_pack(item: Checked, formats: frozenset[str], date: dt.date,
               kept: tuple[KeptFile, ...] = ()) -> PackOutput:
    """Every output of one checked pack; nothing is written to disk here.

    ``kept`` are files of formats not built now; they stay in the entry and the zip.
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
    if pack.base_title:
        entry.extra["based_on_pack"] = pack.base_title
    from temapakker.plan.brand import plan_brand

    entry.extra["brand"] = plan_brand(item.template).to_json()
    output = PackOutput(entry)
    bundled: list[tuple[str, bytes]] = []

    def put(kind: str, fmt: str, name: str, data: bytes, alt: str = "") -> None:
        path = f"{pack.id}/{name}"
        output.files.append((path, data))
        entry.files.append(FileEntry.of(kind, fmt, path, data, alt))
        if kind in BUNDLED:
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
        if file.entry.kind in BUNDLED:
            bundled.append((file.entry.path.removeprefix(f"{pack.id}/"), file.data))
    if "zip" in formats and bundled:
        from temapakker.writers.site import render_bundle

        put("bundle", "zip", f"{pack.id}.zip", render_bundle(pack.id, bundled, date))
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
