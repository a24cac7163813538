"""Accessibility checks on a planned deck (WCAG 2.1 AA, universell utforming).

Pictures without alt text are reported where pictures are checked; here: slide titles,
their uniqueness, the reading order of each slide's shapes, and the template's contrast.
"""

from __future__ import annotations

from temapakker.colour import contrast, luminance
from temapakker.diagnostics import Pos, Sink
from temapakker.plan.deck import DeckPlan, table_style
from temapakker.plan.text import plain
from temapakker.template import Rect, Template

MIN_CONTRAST = 4.5


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
