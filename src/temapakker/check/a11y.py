"""Accessibility checks on a planned deck (WCAG 2.1 AA, universell utforming).

Pictures without alt text are reported where pictures are checked; here: slide titles,
their uniqueness, the reading order of each slide's shapes, and the template's contrast.
"""

from __future__ import annotations

from pathlib import Path

from temapakker.colour import contrast, luminance
from temapakker.diagnostics import Pos, Sink
from temapakker.plan.deck import DeckPlan, SlidePlan, heading_colour, table_style
from temapakker.plan.text import plain
from temapakker.template import Rect, Template

MIN_CONTRAST = 4.5
SAMPLE_WIDTH = 160  # a background picture is measured at this width, in pixels
WORST_SHARE = 0.1  # the contrast the worst tenth of the text's background still has


def template_contrast(template: Template) -> list[tuple[str, str, str, float]]:
    """(what, text colour, background, ratio) for each text/background pair the deck uses."""
    light = template.color("lt1", "FFFFFF")
    pairs = [("body text", template.color("dk1", "000000"), light),
             ("titles", template.color("dk2", "000000"), light)]
    used = [*template.layouts, *(m.layout for m in template.roles if m.layout.builtin)]
    for layout in used:
        if layout.background and luminance(layout.background) < 0.3:
            pairs.append((f"text on '{layout.name}'", template.color("lt1", "FFFFFF"),
                          layout.background))
    return [(what, ink, paper, contrast(ink, paper)) for what, ink, paper in pairs]


def table_contrast(template: Template) -> list[tuple[str, str, str, float]]:
    """(what, text colour, fill, ratio) for the table style the deck's tables get."""
    return table_style(template).contrasts()


def check_template_contrast(template: Template, where: Pos, sink: Sink,
                            tables: bool = False) -> None:
    """Warn about each text/background pair below 4.5:1 (tables' only if the deck has any)."""
    pairs = template_contrast(template) + (table_contrast(template) if tables else [])
    for what, ink, paper, ratio in pairs:
        if ratio < MIN_CONTRAST:
            sink.warning("low-contrast", f"the template's {what} (#{ink} on #{paper}) has a "
                         f"contrast of {ratio:.1f}:1; at least {MIN_CONTRAST}:1 is needed",
                         where, hint="choose darker text or a lighter background in the "
                         "template's theme colours")


def check_background_contrast(plan: DeckPlan, template: Template, sink: Sink) -> None:
    """Warn where a slide's title or text stands on a background picture it does not stand
    out from: the contrast with the worst tenth of the picture under it below 4.5:1."""
    body = template.color("tx1", "000000")
    title = heading_colour(template) or "tx1"
    title = title if _is_hex(title) else template.color(title, body)
    for slide in plan.slides:
        if slide.background is None or not slide.background.is_file():
            continue
        pairs = [(what, ink, ratio) for what, ink, boxes in (
            ("title", title, _title_boxes(slide, template)),
            ("text", body, [r.rect for r in slide.regions])) if boxes
            for ratio in [picture_contrast(slide.background, ink, boxes, template)]]
        if not pairs:
            continue
        what, ink, ratio = min(pairs, key=lambda p: p[2])
        if ratio < MIN_CONTRAST:
            sink.warning("low-contrast", f"the {what} of slide {slide.number} (#{ink}) has a "
                         f"contrast of {ratio:.1f}:1 against the background picture under it; "
                         f"at least {MIN_CONTRAST}:1 is needed", slide.pos,
                         hint="darken or lighten the picture where the text stands, or "
                         "choose another picture")


def picture_contrast(path: Path, ink: str, boxes: list[Rect], template: Template) -> float:
    """The contrast of ``ink`` with the picture stretched over the slide, under ``boxes``:
    that of the worst tenth of its pixels there."""
    from PIL import Image

    with Image.open(path) as im:
        scale = SAMPLE_WIDTH / max(im.width, 1)
        small = im.convert("RGB").resize((SAMPLE_WIDTH, max(round(im.height * scale), 1)))
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4
              for c in range(256)]
    text = luminance(ink)
    ratios: list[float] = []
    for box in boxes:
        crop = small.crop((box.left * small.width // template.width,
                           box.top * small.height // template.height,
                           max(box.right * small.width // template.width, 1),
                           max(box.bottom * small.height // template.height, 1)))
        data = crop.tobytes()
        for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True):
            paper = 0.2126 * linear[r] + 0.7152 * linear[g] + 0.0722 * linear[b]
            light, dark = max(text, paper), min(text, paper)
            ratios.append((light + 0.05) / (dark + 0.05))
    if not ratios:
        return 21.0
    ratios.sort()
    return ratios[int(len(ratios) * WORST_SHARE)]


def _title_boxes(slide: SlidePlan, template: Template) -> list[Rect]:
    """Where the slide's title stands: its placeholder, else its text box."""
    if not slide.title:
        return []
    layout = template.by_key(slide.layout)
    placeholder = layout.title if layout is not None else None
    if placeholder is not None and placeholder.rect is not None:
        return [placeholder.rect]
    return [slide.title_box.rect] if slide.title_box is not None else []


def _is_hex(colour: str) -> bool:
    return len(colour) == 6 and all(c in "0123456789abcdefABCDEF" for c in colour)


def check_deck_accessibility(plan: DeckPlan, sink: Sink) -> None:
    """Every slide has a title, titles differ, and shapes are read in the order they are seen."""
    seen: dict[str, int] = {}
    for slide in plan.slides:
        title = plain(slide.title).strip()
        if not title:
            sink.warning("no-title", f"slide {slide.number} has no title; screen readers and "
                         "the slide list name slides by their titles", slide.pos,
                         hint="start the slide with '## Title' instead of '---'")
            continue
        key = title.casefold()
        if key in seen:
            sink.warning("same-title", f"slides {seen[key]} and {slide.number} have the same "
                         f"title '{title}'", slide.pos,
                         hint="make each title tell the slides apart, e.g. add '(2)' or a "
                         "word on what is new")
        else:
            seen[key] = slide.number
        boxes = [region.rect for region in slide.regions]
        reading = sorted(boxes, key=lambda r: (_column(r, boxes) // 100_000, r.top // 100_000))
        visual = sorted(boxes, key=lambda r: (r.top // 400_000, r.left // 100_000))
        if boxes != reading and boxes != visual:
            sink.warning("reading-order", f"the content of slide {slide.number} would be read "
                         "in another order than it is seen", slide.pos,
                         hint="choose a layout whose boxes run left to right")


def _column(box: Rect, boxes: list[Rect]) -> int:
    """Where the column a box stands in starts: a picture centred under a paragraph starts
    further right than the paragraph, but is read after it."""
    return min(b.left for b in boxes if b.left < box.right and box.left < b.right)
