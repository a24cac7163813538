"""Plan what participants get on paper: the programme and the groups' answer sheets.

Both come from the planned run sheet, so times and titles are the facilitator's own; neither
carries the facilitator's instructions, leads or materials.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from temapakker.plan.brand import Brand
from temapakker.plan.runsheet import GroupCard, RunSheetPlan

SHOWN_KINDS = ("gruppearbeid", "refleksjon", "pause")  # kinds named in the programme
# A4 less the print margins and the footer, and what the answer sheet's fixed parts take up,
# in millimetres: enough to share the rest of the page between the questions.
PAGE_MM = 270
HEADER_MM = 34
ROLE_MM = 8.5
PRIORITY_MM = 44
QUESTION_LINE_MM = 5.6
QUESTION_CHARS = 88  # characters per line of a question at 11 pt on A4
MIN_SPACE_MM = 15
LINE_MM = 7.5
MAX_SPACE_MM = 70


@dataclass(frozen=True)
class ProgramRow:
    """One block as participants see it: when, what, and what kind when it matters."""

    time: str
    title: str
    kind: str
    kind_label: str  # '' for presentations and plenary, which need no tag


@dataclass(frozen=True)
class ProgramPlan:
    """The participants' programme: one page."""

    pack_id: str
    pack_title: str
    title: str
    language: str
    labels: dict[str, str]
    created: str
    date: str
    place: str
    start: str
    end: str
    rows: tuple[ProgramRow, ...]
    brand: Brand


@dataclass(frozen=True)
class AnswerSheet:
    """One group task's answer sheet: a page for the group's scribe."""

    card: GroupCard
    space_mm: int  # writing space under each question

    @property
    def lines(self) -> int:
        """Ruled lines in that space, one every LINE_MM."""
        return max(1, round(self.space_mm / LINE_MM))


@dataclass(frozen=True)
class AnswerSheetPlan:
    """Every group task's answer sheet, one page each."""

    pack_id: str
    pack_title: str
    title: str
    language: str
    labels: dict[str, str]
    created: str
    date: str
    sheets: tuple[AnswerSheet, ...]
    brand: Brand


def plan_program(sheet: RunSheetPlan) -> ProgramPlan:
    """The programme: title, date, place, and each block's clock time and title."""
    rows = tuple(
        ProgramRow(f"{row.start}–{row.end}", row.title, row.kind,
                   # no tag where the title says it already («Pause», «Gruppearbeid 1: …»)
                   row.kind_label if row.kind in SHOWN_KINDS
                   and row.kind_label.lower() not in row.title.lower() else "")
        for row in sheet.rows)
    return ProgramPlan(
        pack_id=sheet.pack_id, pack_title=sheet.pack_title, title=sheet.title,
        language=sheet.language, labels=sheet.labels, created=sheet.created, date=sheet.date,
        place=sheet.place, start=sheet.start, end=sheet.end, rows=rows, brand=sheet.brand)


def writing_space(card: GroupCard) -> int:
    """Millimetres to leave under each question so that the sheet fills one page."""
    if not card.tasks:
        return 0
    fixed = HEADER_MM + PRIORITY_MM + ROLE_MM * (len(card.roles) + 2 if card.roles else 0)
    if card.answers or card.send_to:
        text = len(card.answers) + len(card.send_to) + len(card.subject)
        fixed += 10 + QUESTION_LINE_MM * (math.ceil(text / QUESTION_CHARS) + 2)
    asked = sum(QUESTION_LINE_MM * math.ceil(len(task) / QUESTION_CHARS) + 3
                for task in card.tasks)
    share = (PAGE_MM - fixed - asked) / len(card.tasks)
    return int(max(MIN_SPACE_MM, min(MAX_SPACE_MM, share)))


def plan_answer_sheets(sheet: RunSheetPlan) -> AnswerSheetPlan | None:
    """An answer sheet per group task; None when the session has no group work."""
    cards = sheet.cards
    if not cards:
        return None
    return AnswerSheetPlan(
        pack_id=sheet.pack_id, pack_title=sheet.pack_title, title=sheet.title,
        language=sheet.language, labels=sheet.labels, created=sheet.created, date=sheet.date,
        sheets=tuple(AnswerSheet(card, writing_space(card)) for card in cards),
        brand=sheet.brand)
