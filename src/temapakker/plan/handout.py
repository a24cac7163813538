"""Plan the preparation handout: its title, sections and counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temapakker.check import Checked
from temapakker.labels import labels_for
from temapakker.model import Block, HandoutSection, Inline, Span
from temapakker.plan.brand import Brand, plan_brand
from temapakker.plan.deck import format_date
from temapakker.read.handout import count_items


@dataclass(frozen=True)
class HandoutPlan:
    """Everything the handout writers print."""

    pack_id: str
    pack_title: str
    title: Inline
    language: str
    labels: dict[str, str]
    created: str  # the build date, ISO
    date: str
    intro: tuple[Block, ...]
    sections: tuple[HandoutSection, ...]
    questions: int
    references: int
    brand: Brand

    def to_json(self) -> dict[str, object]:
        """The counts kept in manifest.json."""
        return {"questions": self.questions, "references": self.references}


def plan_handout(checked: Checked, build_date: dt.date) -> HandoutPlan:
    """The handout as printed; its title defaults to the label and the pack's title."""
    pack = checked.pack
    handout = pack.handout
    assert handout is not None
    labels = labels_for(pack.meta.language)
    title = handout.title or (Span(f"{labels['handout']}: {pack.meta.title}"),)
    return HandoutPlan(
        pack_id=pack.id, pack_title=pack.meta.title, title=title,
        language=pack.meta.language, labels=labels, created=build_date.isoformat(),
        # The session's date from the run sheet, else none: the material's date printed
        # there would read as the date of the session.
        date=format_date(pack.runsheet.date, pack.meta.language)
        if pack.runsheet and pack.runsheet.date else "",
        intro=handout.intro, sections=handout.sections,
        questions=sum(count_items(s) for s in handout.sections if s.role == "questions"),
        references=sum(count_items(s) for s in handout.sections if s.role == "reading"),
        brand=plan_brand(checked.template),
    )
