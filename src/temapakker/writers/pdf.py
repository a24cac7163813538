"""PDF from the same HTML, through WeasyPrint (an optional extra), tagged as PDF/UA."""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import os

PDF_EXTRA_HINT = "pip install 'temapakker[pdf]'"
PANGO_HINT = "on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0"


def pdf_missing() -> str:
    """Why PDFs cannot be made here, or '' when they can."""
    if importlib.util.find_spec("weasyprint") is None:
        return f"WeasyPrint is not installed ({PDF_EXTRA_HINT})"
    try:
        import weasyprint  # noqa: F401  (loads Pango; fails when it is missing)
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot start ({str(exc).splitlines()[0]}); {PANGO_HINT}"
    return ""


def write_pdf(html: str, when: dt.date) -> bytes:
    """Render self-contained HTML to a tagged PDF, identical for identical input."""
    from weasyprint import HTML

    # fontTools, which WeasyPrint uses to subset fonts, logs about old timestamps in
    # the fonts' own tables; that says nothing about the document.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # fontTools stamps each subset font with the current time unless SOURCE_DATE_EPOCH is
    # set; the build date keeps two builds byte-identical.
    epoch = int(dt.datetime.combine(when, dt.time(), tzinfo=dt.UTC).timestamp())
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        data: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return data
