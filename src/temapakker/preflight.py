"""Template preflight: each layout and the role it plays, how it was found, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from temapakker.check.a11y import MIN_CONTRAST, table_contrast, template_contrast
from temapakker.check.deck import USED_ROLES
from temapakker.layouts import ROLES, WORDS
from temapakker.template import CONTENT_TYPES, TITLE_TYPES, Template, load_template

PH_WORDS = {"title": "title", "ctrTitle": "title", "subTitle": "subtitle", "body": "text",
            "obj": "content", "pic": "picture", "tbl": "table", "chart": "chart",
            "dt": "date", "ftr": "footer", "sldNum": "slide number", "hdr": "header",
            "dgm": "diagram", "media": "media", "clipArt": "clip art"}
# What a layout needs to play each role as the planner uses it.
NEEDS: dict[str, tuple[str, int]] = {
    "title": ("title", 1), "content": ("content", 1), "section": ("title", 1),
    "two": ("content", 2), "comparison": ("content", 2), "title-only": ("title", 1),
    "picture": ("content", 1), "blank": ("", 0),
}
HOW = {"name": "by name", "type": "by type", "localized name": "by localized name",
       "placeholders": "by its placeholders"}


@dataclass
class Report:
    """The preflight's findings, ready to print: errors make `template check` fail."""

    template: Template
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as text."""
        t = self.template
        shape = "16:9" if abs(t.width / t.height - 16 / 9) < 0.01 else \
            "4:3" if abs(t.width / t.height - 4 / 3) < 0.01 else "custom"
        masters = f", {len(t.masters)} masters" if len(t.masters) > 1 else ""
        out = [f"template {t.path.name}: {shape}, {t.width} x {t.height} EMU, "
               f"{len(t.layouts)} layout(s){masters}", "", "layouts found:"]
        width = max(len(layout.name.replace("\n", " ")) for layout in t.layouts) + 2
        for layout in t.layouts:
            roles = [WORDS[m.role] for m in t.roles if m.layout.key == layout.key]
            parts = ", ".join(PH_WORDS.get(p.type, p.type) for p in layout.placeholders)
            role = f"  [{', '.join(roles)}]" if roles else ""
            out.append(f"  {layout.name.replace(chr(10), ' '):<{width}}"
                       f"{parts or '(no placeholders)'}{role}")
        out += ["", "roles:"]
        for match in t.roles:
            if match.how == "built-in":
                used = "missing: the built-in layout is used" + \
                    ("" if match.role in USED_ROLES else " (only when a slide names it)")
            else:
                used = f"'{match.layout.name.replace(chr(10), ' ')}', {HOW[match.how]}"
            out.append(f"  {WORDS[match.role]:<22}{used}")
        notes = {"ok": "has a place for notes text",
                 "missing": "none; the built-in one is added",
                 "no-body": "no place for notes text; the built-in one's is added"}[t.notes]
        out += ["", f"notes master: {notes}", ""]
        out += [*self.print_lines(), ""]
        out += [f"errors: {len(self.errors) or 'none'}"] + [f"  - {e}" for e in self.errors]
        out += [f"warnings: {len(self.warnings) or 'none'}"]
        out += [f"  - {w}" for w in self.warnings]
        return out


    def print_lines(self) -> list[str]:
        """The brand printed material takes from this template, and any colour darkened."""
        from temapakker.plan.brand import plan_brand

        brand = plan_brand(self.template)
        out = ["printed material (run sheet, programme, answer sheets, handout):",
               f"  headings #{brand.heading} in {brand.heading_font}, text #{brand.text} in "
               f"{brand.body_font}, accent #{brand.accent}, header rows #{brand.shade}, "
               f"links #{brand.link}"]
        out += [f"  darkened to reach 4.5:1 on paper: {note}" for note in brand.adjusted]
        return out


def preflight(path: Path) -> Report:
    """Inspect a template; raises TemplateError when it cannot be used at all."""
    template = load_template(path)
    report = Report(template)
    for role in ROLES:
        match = template.role(role)
        layout = match.layout
        if match.how == "built-in":
            if role in USED_ROLES:
                report.errors.append(f"no layout for {WORDS[role]}: the built-in theme's is "
                                     "used with the template's master; add one or rename "
                                     "the one that should play this role")
            continue
        need, count = NEEDS[role]
        content = [p for p in layout.content if p.orient != "vert"]
        if need == "content" and len(content) < count:
            report.warnings.append(f"'{layout.name}' ({WORDS[role]}) has {len(content)} "
                                   f"content placeholder(s); it needs {count}, so content is "
                                   "placed in text boxes")
        if need == "title" and not layout.by_type(*TITLE_TYPES):
            report.warnings.append(f"'{layout.name}' ({WORDS[role]}) has no title placeholder")
        if role in USED_ROLES and layout.ambiguous():
            report.warnings.append(f"'{layout.name}' has placeholders without their own idx "
                                   "(as LibreOffice saves them); temapakker places them by "
                                   "position, but PowerPoint may move them when the slide is "
                                   "reset")
    if template.notes == "no-body":
        report.warnings.append("the notes master has no place for notes text; the built-in "
                               "one's is added so speaker notes are kept")
    if abs(template.width / template.height - 16 / 9) >= 0.01:
        report.warnings.append("the slides are not 16:9 (widescreen), the shape most "
                               "projectors and screens have")
    for role in ("content", "two", "title-only"):
        match = template.role(role)
        if match.how == "built-in":
            continue
        kinds = {p.type for p in match.layout.placeholders}
        for kind, what in (("ftr", "footer"), ("sldNum", "slide number")):
            if kind not in kinds:
                report.warnings.append(f"'{match.layout.name}' ({WORDS[role]}) has no {what} "
                                       f"placeholder, so its slides show no {what}")
        if any(p.rect is None for p in match.layout.placeholders if p.type in CONTENT_TYPES):
            report.warnings.append(f"'{match.layout.name}' has a content placeholder without "
                                   "a position")
    for what, ink, paper, ratio in (*template_contrast(template), *table_contrast(template)):
        if ratio < MIN_CONTRAST:
            report.warnings.append(f"{what}: #{ink} on #{paper} has contrast {ratio:.1f}:1, "
                                   f"below {MIN_CONTRAST}:1")
    return report
