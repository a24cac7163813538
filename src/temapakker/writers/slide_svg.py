"""Draw a planned slide as SVG: thumbnails for the download page, with no LibreOffice.

The drawing follows the plan (layout boxes, texts, tables, pictures) and the template's
theme colours. Text is wrapped with an average character width, so it is a faithful sketch
of the slide, not a rendering engine.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

from temapakker.colour import luminance
from temapakker.plan.deck import (
    CARD_INSETS,
    CardsContent,
    ChartContent,
    FiguresContent,
    PictureContent,
    Region,
    SlidePlan,
    TableContent,
    TextContent,
    TimelineContent,
)
from temapakker.plan.text import TextPara, plain
from temapakker.template import Rect, Template

WIDTH = 1280  # drawing units across the slide
FONT = "Carlito, Calibri, 'Liberation Sans', Arial, sans-serif"
CHAR_WIDTH = 0.5  # of the font size, an average for Carlito
PT = WIDTH / (13.333 * 72)  # drawing units per point on a 13.333-inch-wide slide


def _wrap(text: str, width: float, size: float) -> list[str]:
    per_line = max(4, int(width / (size * CHAR_WIDTH)))
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}".strip()
            if len(candidate) <= per_line or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


class _Canvas:
    def __init__(self, template: Template) -> None:
        self.scale = WIDTH / template.width
        self.height = round(template.height * self.scale)
        self.parts: list[str] = []

    def box(self, r: Rect) -> tuple[float, float, float, float]:
        s = self.scale
        return r.left * s, r.top * s, r.width * s, r.height * s

    def text(self, paragraphs: tuple[TextPara, ...], r: Rect, size: float, color: str,
             bullets: bool, middle: bool = False, bold: bool = False) -> None:
        x, y, w, h = self.box(r)
        lines: list[tuple[float, str, float, bool, bool, str, bool]] = []
        counters: dict[int, int] = {}
        for para in paragraphs:
            font = (para.size * PT if para.size else size) * (0.85 if para.level else 1)
            indent = font * 1.1 * (para.level + (1 if bullets and para.bullet != "none" else 0))
            if para.bullet == "number":
                counters[para.level] = counters.get(para.level, para.start - 1) + 1
            else:
                counters.pop(para.level, None)
            for deeper in [level for level in counters if level > para.level]:
                del counters[deeper]
            marker = {"bullet": "•", "number": f"{counters.get(para.level)}."}.get(
                para.bullet, "") if bullets else ""
            right = para.align == "right"
            heavy = para.bold or bold or (bool(para.spans) and all(s.bold for s in para.spans))
            for line in _wrap(plain(para.spans), w - indent, font):
                lines.append((font, line, indent, heavy, para.italic, marker, right))
                marker = ""
        total = sum(line[0] * 1.25 for line in lines)
        cursor = y + (max(0.0, (h - total) / 2) if middle else 0.0)
        for font, line, indent, is_bold, italic, marker, right in lines:
            cursor += font * 1.25
            if cursor > y + h + font * 0.3:
                break
            attrs = (' font-weight="bold"' if is_bold else "") + \
                (' font-style="italic"' if italic else "")
            if marker:
                self.parts.append(f'<text x="{x + indent - font * 1.05:.1f}" y="{cursor:.1f}" '
                                  f'font-size="{font:.1f}" fill="#{color}">{escape(marker)}</text>')
            left = f'{x + w:.1f}" text-anchor="end' if right else f"{x + indent:.1f}"
            self.parts.append(f'<text x="{left}" y="{cursor:.1f}" font-size="{font:.1f}" '
                              f'fill="#{color}"{attrs}>{escape(line)}</text>')

    def table(self, content: TableContent, r: Rect, color: str, accent: str) -> None:
        x, y, w, _ = self.box(r)
        rows = (content.header, *content.rows) if content.header else content.rows
        row_h = content.size * PT * 2.2
        font = content.size * PT
        for i, row in enumerate(rows):
            top = y + i * row_h
            head = i == 0 and bool(content.header)
            fill = f"#{accent}" if head else ("#ffffff" if i % 2 else "#eef2f5")
            self.parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" '
                              f'height="{row_h:.1f}" fill="{fill}" stroke="#c9d1d9"/>')
            left = x
            for c, share in enumerate(content.widths):
                cell = plain(row[c]) if c < len(row) else ""
                limit = max(3, int(w * share / (font * CHAR_WIDTH)))
                shown = cell if len(cell) <= limit else cell[: limit - 1] + "…"
                ink = "#ffffff" if head else f"#{color}"
                self.parts.append(f'<text x="{left + font * 0.4:.1f}" y="{top + row_h * 0.65:.1f}" '
                                  f'font-size="{font:.1f}" fill="{ink}">{escape(shown)}</text>')
                left += w * share

    def picture(self, content: PictureContent, r: Rect) -> None:
        x, y, w, h = self.box(r)
        data = _thumbnail(content.path, int(w), int(h))
        self.parts.append(f'<image x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                          f'href="data:image/png;base64,{data}"/>')


def _thumbnail(path: Path, width: int, height: int) -> str:
    """A small PNG of a picture, embedded so the SVG needs no other file."""
    from PIL import Image

    with Image.open(path) as source:
        image = source.convert("RGB")
    image.thumbnail((max(width, 1), max(height, 1)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return base64.b64encode(out.getvalue()).decode("ascii")


def render_slide_svg(slide: SlidePlan, template: Template, label: str) -> str:
    """One slide as a standalone SVG document; ``label`` is its accessible name."""
    canvas = _Canvas(template)
    layout = template.by_key(slide.layout)
    background = (layout.background if layout else None) or template.color("lt1", "FFFFFF")
    dark = luminance(background) < 0.3
    title_color = template.color("lt1" if dark else "dk2", "000000")
    body_color = template.color("lt2" if dark else "dk1", "000000")
    accent = template.color("accent1", "1A6496")
    canvas.parts.append(f'<rect width="{WIDTH}" height="{canvas.height}" fill="#{background}"/>')
    title = layout.title if layout else None
    if title is not None and title.rect is not None and slide.title:
        size = 44 * PT if slide.kind in ("title", "section") else 36 * PT
        canvas.text((TextPara(slide.title),), title.rect, size, title_color, bullets=False,
                    middle=slide.kind in ("title", "section"))
    for region in slide.regions:
        _draw_region(canvas, region, body_color, accent, template)
    if slide.footer:
        at = f'y="{canvas.height - 12 * PT * 1.6:.1f}" font-size="{12 * PT:.1f}"'
        canvas.parts.append(f'<text x="{WIDTH * 0.045:.1f}" {at} fill="#{title_color}">'
                            f"{escape(slide.footer)}</text>")
        canvas.parts.append(f'<text x="{WIDTH * 0.955:.1f}" {at} text-anchor="end" '
                            f'fill="#{title_color}">{slide.number}</text>')
    body = "".join(canvas.parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {canvas.height}" '
            f'width="{WIDTH}" height="{canvas.height}" role="img" font-family="{FONT}">'
            f"<title>{escape(label)}</title>{body}</svg>\n")


def _resolve(colour: str, template: Template) -> str:
    """A colour as the plan names it (hex, or a scheme colour name) as hex."""
    if len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour):
        return colour
    return template.color(colour)


def _draw_region(canvas: _Canvas, region: Region, color: str, accent: str,
                 template: Template) -> None:
    content = region.content
    if isinstance(content, TextContent):
        own = region.placeholder is None
        size = (20 if own else 24) * PT
        canvas.text(content.paragraphs, region.rect, size, color, bullets=True,
                    middle=content.anchor == "middle")
    elif isinstance(content, TableContent):
        canvas.table(content, region.rect, color, accent)
    elif isinstance(content, PictureContent):
        canvas.picture(content, region.rect)
    elif isinstance(content, FiguresContent):
        for n, box in enumerate(content.boxes):
            canvas.text(content.paragraphs(n), box, content.label_size * PT, color,
                        bullets=False)
    elif isinstance(content, TimelineContent) and content.line is not None:
        x, y, w, _ = canvas.box(content.line)
        canvas.parts.append(f'<rect x="{x:.1f}" y="{y - 1:.1f}" width="{w:.1f}" height="2" '
                            f'fill="#{accent}"/>')
        for n, (marker, label) in enumerate(zip(content.markers, content.labels,
                                                strict=True)):
            mx, my, mw, _ = canvas.box(marker)
            canvas.parts.append(f'<circle cx="{mx + mw / 2:.1f}" cy="{my + mw / 2:.1f}" '
                                f'r="{mw / 2:.1f}" fill="#{accent}"/>')
            canvas.text(content.paragraphs(n), label, content.event_size * PT, color,
                        bullets=False, middle=content.above[n])
    elif isinstance(content, CardsContent):
        left, top, right, bottom = CARD_INSETS
        for n, box in enumerate(content.boxes):
            x, y, w, h = canvas.box(box)
            fill, ink = (_resolve(name, template) for name in (content.fills[n],
                                                                content.inks[n]))
            canvas.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                                f'height="{h:.1f}" rx="{min(w, h) * 0.1:.1f}" fill="#{fill}"/>')
            inner = Rect(box.left + left, box.top + top, box.width - left - right,
                         box.height - top - bottom)
            canvas.text(content.paragraphs(n), inner, content.size * PT, ink, bullets=False,
                        middle=True)
    elif isinstance(content, ChartContent):  # the thumbnail shows where the chart stands
        x, y, w, h = canvas.box(region.rect)
        canvas.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                            f'height="{h:.1f}" fill="#{accent}" fill-opacity="0.15"/>')
