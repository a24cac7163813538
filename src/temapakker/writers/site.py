"""The download page (build/index.html) and the per-pack bundles. Pack text is data only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from temapakker.labels import labels_for
from temapakker.writers.html import environment, stylesheet

LINKS = {  # (kind, format) → (label key, format shown)
    ("deck", "pptx"): ("get_deck", "PPTX"),
    ("runsheet", "pdf"): ("get_runsheet", "PDF"),
    ("runsheet", "docx"): ("get_runsheet", "Word"),
    ("runsheet", "html"): ("open_runsheet", "HTML"),
    ("handout", "pdf"): ("get_handout", "PDF"),
    ("handout", "docx"): ("get_handout", "Word"),
    ("handout", "html"): ("open_handout", "HTML"),
    ("bundle", "zip"): ("get_bundle", "ZIP"),
}
ORDER = list(LINKS)


def format_size(size: int, decimal: str) -> str:
    """'2,1 MB', '120 kB' or '900 B', in the language's decimal sign."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", decimal)
    if size >= 1000:
        return f"{round(size / 1000)} kB"
    return f"{size} B"


def _links(pack: dict[str, Any], labels: dict[str, str]) -> list[dict[str, str]]:
    files = [f for f in pack["files"] if (f["kind"], f["format"]) in LINKS]
    files.sort(key=lambda f: ORDER.index((f["kind"], f["format"])))
    links = []
    for f in files:
        key, shown = LINKS[(f["kind"], f["format"])]
        size = format_size(f["bytes"], labels["decimal"])
        links.append({"href": f["path"], "text": f"{labels[key]} ({shown}, {size})",
                      "kind": f["kind"], "download": f["format"] != "html"})
    return links


def render_site(manifest: dict[str, Any], date: dt.date) -> bytes:
    """build/index.html from the merged manifest: every pack, its thumbnails and files."""
    packs = sorted(manifest["packs"], key=lambda p: (p.get("order", 0), p["id"]))
    language = Counter(p.get("language", "nb") for p in packs).most_common(1)[0][0] \
        if packs else "nb"
    labels = labels_for(language)
    shown = []
    defaults = {"subtitle": "", "description": "", "audience": [], "language": "nb",
                "slides": 0, "files": []}
    for pack in packs:
        pack = {**defaults, **pack}  # packs kept from an older manifest may lack keys
        pack_labels = labels_for(pack["language"])
        shown.append({
            "pack": pack,
            "labels": pack_labels,
            "links": _links(pack, pack_labels),
            "thumbs": [f for f in pack["files"] if f["kind"] == "thumbnail"],
            "minutes": (pack.get("runsheet") or {}).get("total_minutes"),
        })
    template = environment().get_template("index.html")
    page = template.render(language=language, L=labels, packs=shown, css=stylesheet("site.css"),
                           generator=manifest["generator"], created=date.isoformat())
    return page.encode("utf-8")


def render_bundle(pack_id: str, files: list[tuple[str, bytes]], date: dt.date) -> bytes:
    """One zip of a pack's files under a folder named after the pack, with fixed dates."""
    from temapakker.writers.ooxml import write_zip

    return write_zip([(f"{pack_id}/{name}", data) for name, data in files], date)
