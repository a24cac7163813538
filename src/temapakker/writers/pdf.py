"""PDF from the same HTML, through WeasyPrint (an optional extra), tagged as PDF/UA."""

from __future__ import annotations

import importlib.util

PDF_EXTRA_HINT = "pip install 'temapakker[pdf]'"


def pdf_available() -> bool:
    """Whether WeasyPrint can be imported, without importing it."""
    return importlib.util.find_spec("weasyprint") is not None


def write_pdf(html: str) -> bytes:
    """Render self-contained HTML to a tagged PDF."""
    from weasyprint import HTML

    data: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return data
