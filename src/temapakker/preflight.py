"""Template preflight: what a .pptx offers, what temapakker will use, and what falls back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from temapakker.check.a11y import MIN_CONTRAST, template_contrast
from temapakker.template import (
    CONTENT_TYPES,
    STANDARD_LAYOUTS,
    TITLE_TYPES,
    Template,
    load_template,
)

PH_WORDS = {"title": "title", "ctrTitle": "title", "subTitle": "subtitle", "body": "text",
            "obj": "content", "pic": "picture", "tbl": "table", "chart": "chart",
            "dt": "date", "ftr": "footer", "sldNum": "slide number", "hdr": "header",
            "dgm": "diagram", "media": "media", "clipArt": "clip art"}
# What each of our layouts needs to do its job.
NEEDS: dict[str, tuple[str, int]] = {
    "Title Slide": ("title", 1), "Title and Content": ("content", 1),
    "Section Header": ("title", 1), "Two Content": ("content", 2), "Comparison": ("content", 2),
    "Title Only": ("title", 1), "Picture with Caption": ("content", 1), "Blank": ("", 0),
}


@dataclass
class Report:
    """The preflight's findings, ready to print."""

    template: Template
    layouts: list[tuple[str, list[str]]] = field(default_factory=list)
    mapping: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as text."""
        t = self.template
        shape = "16:9" if abs(t.width / t.height - 16 / 9) < 0.01 else \
            "4:3" if abs(t.width / t.height - 4 / 3) < 0.01 else "custom"
        out = [f"template {t.path.name}: {shape}, {t.width} x {t.height} EMU, "
               f"{len(t.layouts)} layout(s)", "", "layouts found:"]
        width = max(len(name) for name, _ in self.layouts) + 2
        out += [f"  {name:<{width}}{', '.join(parts) or '(no placeholders)'}"
                for name, parts in self.layouts]
        out += ["", "temapakker uses:"]
        out += [f"  {ours:<22}{used}" for ours, used in self.mapping]
        out += ["", f"problems: {len(self.problems) or 'none'}"]
        out += [f"  - {problem}" for problem in self.problems]
        return out


def preflight(path: Path) -> Report:
    """Inspect a template; raises TemplateError when it cannot be used at all."""
    template = load_template(path)
    report = Report(template)
    for layout in template.layouts:
        words = [PH_WORDS.get(p.type, p.type) for p in layout.placeholders]
        report.layouts.append((layout.name, words))
    for name in STANDARD_LAYOUTS:
        found, fallback = template.resolve(name)
        if fallback is None:
            report.mapping.append((name, f"'{found.name}'"))
        else:
            report.mapping.append((name, f"missing: '{fallback}' is used instead"))
            report.problems.append(f"no layout named '{name}'; slides that need it use "
                                   f"'{fallback}'")
        need, count = NEEDS[name]
        if fallback is None and need == "content" and len(found.content) < count:
            report.problems.append(f"'{name}' has {len(found.content)} content placeholder(s); "
                                   f"it needs {count}, so its content is placed in text boxes")
        if fallback is None and need == "title" and not found.by_type(*TITLE_TYPES):
            report.problems.append(f"'{name}' has no title placeholder")
    if abs(template.width / template.height - 16 / 9) >= 0.01:
        report.problems.append("the slides are not 16:9 (widescreen), the shape most "
                               "projectors and screens have")
    for name in ("Title and Content", "Two Content", "Title Only"):
        used = template.layout(name)
        if used is None:
            continue
        kinds = {p.type for p in used.placeholders}
        for kind, what in (("ftr", "footer"), ("sldNum", "slide number")):
            if kind not in kinds:
                report.problems.append(f"'{name}' has no {what} placeholder, so its slides "
                                       f"show no {what}")
        if any(p.rect is None for p in used.placeholders if p.type in CONTENT_TYPES):
            report.problems.append(f"'{name}' has a content placeholder without a position")
    for what, ink, paper, ratio in template_contrast(template):
        if ratio < MIN_CONTRAST:
            report.problems.append(f"{what}: #{ink} on #{paper} has contrast {ratio:.1f}:1, "
                                   f"below {MIN_CONTRAST}:1")
    return report
