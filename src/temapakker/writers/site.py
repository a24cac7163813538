"""The download page (build/index.html) and the per-pack bundles. Pack text is data only."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING, Any, BinaryIO

from temapakker.labels import labels_for
from temapakker.writers.html import environment, stylesheet

if TYPE_CHECKING:
    from temapakker.writers.ooxml import FileData

# What each file is for, in the order the page offers them: (group label, document kinds).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("for_presentation", ("deck",)),
    ("for_facilitator_files", ("runsheet",)),
    ("for_participants", ("program", "answers", "handout")),
)
NAMES = {"deck": "deck_file", "runsheet": "runsheet_file", "program": "get_program",
         "answers": "get_answers", "handout": "handout_file"}
FORMATS = ("pptx", "pdf", "docx", "html")  # a document's formats, in the order offered
SHOWN = {"pptx": "PPTX", "pdf": "PDF", "docx": "Word", "html": "HTML", "zip": "ZIP"}


def format_size(size: int, decimal: str) -> str:
    """'2,1 MB', '120 kB' or '900 B', in the language's decimal sign."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", decimal)
    if size >= 1000:
        return f"{round(size / 1000)} kB"
    return f"{size} B"


def _link(f: dict[str, Any], text: str, labels: dict[str, str]) -> dict[str, Any]:
    size = format_size(f["bytes"], labels["decimal"])
    shown = f"{SHOWN[f['format']]}, {size}"
    return {"href": f["path"], "text": f"{text} ({shown})" if text else shown,
            "label": f"{text} ({shown})" if text else "", "kind": f["kind"],
            "download": f["format"] != "html"}


def _groups(pack: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The pack's documents grouped by what they are for, each with a link per format;
    empty groups left out."""
    files = {(f["kind"], f["format"]): f for f in pack["files"]}
    groups = []
    for label, kinds in GROUPS:
        documents = []
        for kind in kinds:
            name = labels[NAMES[kind]]
            links = []
            for fmt in FORMATS:
                f = files.get((kind, fmt))
                if f is not None:
                    link = _link(f, "", labels)
                    # Read out of context (a screen reader's list of links), a link says what
                    # it opens: «Kjøreplan (PDF, 38 kB)».
                    link["label"] = f"{name} ({link['text']})"
                    if fmt == "html":
                        link["text"] = f"{labels['in_browser']} ({link['text']})"
                        link["label"] = f"{name}, {link['text']}"
                    links.append(link)
            if links:
                documents.append({"name": name, "links": links})
        if documents:
            groups.append({"label": labels[label], "documents": documents})
    return groups


def _primary(pack: dict[str, Any], labels: dict[str, str]) -> dict[str, Any] | None:
    """«Last ned alt»: the bundle, offered first."""
    bundle = next((f for f in pack["files"] if f["kind"] == "bundle"), None)
    return _link(bundle, labels["get_all"], labels) if bundle is not None else None


def _brand_style(pack: dict[str, Any]) -> str:
    """The pack's template colours for its part of the page (checked hex values only)."""
    from temapakker.plan.brand import Brand

    brand = pack.get("brand") or {}
    default = Brand()
    values = {key: str(brand.get(key, getattr(default, key)))
              for key in ("heading", "accent", "shade", "link")}
    if not all(re.fullmatch(r"[0-9A-Fa-f]{6}", v) for v in values.values()):
        values = {key: getattr(default, key) for key in values}
    style = "; ".join(f"--pack-{key}: #{value}" for key, value in values.items())
    font = str(brand.get("heading_font", ""))
    if re.fullmatch(r"[\w .'-]{1,64}", font):
        style += f'; --pack-font: "{font}", Carlito, Calibri, "Liberation Sans", Arial, sans-serif'
    return style


def _updated(pack: dict[str, Any]) -> str:
    """The pack's date as people write it, '' when pack.yaml gives none."""
    from temapakker.plan.deck import format_date

    try:
        return format_date(dt.date.fromisoformat(str(pack.get("date", ""))), pack["language"])
    except ValueError:
        return ""


def render_site(manifest: dict[str, Any], date: dt.date) -> bytes:
    """build/index.html from the merged manifest: every pack, its thumbnails and files."""
    packs = sorted(manifest["packs"], key=lambda p: (p.get("order", 0), p["id"]))
    language = Counter(p.get("language", "nb") for p in packs).most_common(1)[0][0] \
        if packs else "nb"
    labels = labels_for(language)
    shown = []
    defaults = {"subtitle": "", "description": "", "audience": [], "based_on_pack": "",
                "language": "nb",
                "slides": 0, "files": []}
    for pack in packs:
        pack = {**defaults, **pack}  # packs kept from an older manifest may lack keys
        pack_labels = labels_for(pack["language"])
        shown.append({
            "pack": pack,
            "labels": pack_labels,
            "primary": _primary(pack, pack_labels),
            "groups": _groups(pack, pack_labels),
            "style": _brand_style(pack),
            "updated": _updated(pack),
            "thumbs": [f for f in pack["files"] if f["kind"] == "thumbnail"],
            "minutes": (pack.get("runsheet") or {}).get("total_minutes"),
        })
    template = environment().get_template("index.html")
    page = template.render(language=language, L=labels, packs=shown, css=stylesheet("site.css"),
                           generator=manifest["generator"], created=date.isoformat())
    return page.encode("utf-8")


def render_bundle(target: BinaryIO, pack_id: str, files: list[tuple[str, bytes | FileData]],
                  date: dt.date) -> None:
    """Write one zip of a pack's files under a folder named after the pack, with fixed dates;
    files on disk are copied in pieces."""
    from temapakker.writers.ooxml import write_zip_to

    write_zip_to(target, [(f"{pack_id}/{name}", data) for name, data in files], date)
