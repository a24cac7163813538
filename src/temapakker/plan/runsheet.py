"""Plan the run sheet: clock times, running totals, slide numbers and group cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from temapakker.check import Checked
from temapakker.labels import labels_for
from temapakker.plan.brand import Brand, plan_brand
from temapakker.plan.deck import format_date


@dataclass(frozen=True)
class GroupCard:
    """A card to print and hand to each group."""

    title: str
    time: str
    minutes: int
    tasks: tuple[str, ...]
    grouping: str
    roles: tuple[str, ...]
    answers: str  # how the group hands in its answers
    send_to: str = ""  # the recipient: an e-mail address, a web address or a name
    subject: str = ""  # the subject line to write
    intro: str = ""  # read to the groups before they start


@dataclass(frozen=True)
class RunRow:
    """One block as printed."""

    number: int
    title: str
    kind: str
    kind_label: str
    start: str
    end: str
    minutes: int
    running: int
    slides: tuple[int, ...]
    slides_text: str
    lead: str
    materials: tuple[str, ...]
    instruction: str
    optional: bool
    card: GroupCard | None
    slide_ranges: tuple[str, ...] = ()  # '3–5', '9': each printed without a line break


@dataclass(frozen=True)
class RunSheetPlan:
    """Everything the run sheet writers print."""

    pack_id: str
    pack_title: str
    title: str
    language: str
    labels: dict[str, str]
    created: str  # the build date, ISO
    date: str
    place: str
    version: str
    roles: tuple[tuple[str, str], ...]
    start: str
    end: str
    planned_minutes: int
    total_minutes: int
    rows: tuple[RunRow, ...]
    checklist: tuple[tuple[str, tuple[str, ...]], ...]
    brand: Brand

    @property
    def cards(self) -> tuple[GroupCard, ...]:
        """The group cards, in order."""
        return tuple(row.card for row in self.rows if row.card is not None)

    def to_json(self) -> dict[str, object]:
        """The resolved data kept in manifest.json."""
        return {
            "start": self.start, "planned_minutes": self.planned_minutes,
            "total_minutes": self.total_minutes,
            "blocks": [{"title": r.title, "kind": r.kind, "start": r.start, "end": r.end,
                        "minutes": r.minutes, "slides": list(r.slides), "lead": r.lead,
                        "optional": r.optional} for r in self.rows],
        }


def clock(minutes: int) -> str:
    """Minutes after midnight as HH:MM (past midnight wraps)."""
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def slide_ranges(numbers: tuple[int, ...]) -> tuple[str, ...]:
    """('4–7', '9') from (4, 5, 6, 7, 9)."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return tuple(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def slides_text(numbers: tuple[int, ...], label: str) -> str:
    """'Lysbilde 4–7, 9' from (4, 5, 6, 7, 9); '' for none."""
    if not numbers:
        return ""
    return f"{label} {', '.join(slide_ranges(numbers))}"


def plan_runsheet(checked: Checked, build_date: dt.date) -> RunSheetPlan:
    """Resolve times and slide numbers; the checks have passed."""
    pack = checked.pack
    sheet = pack.runsheet
    assert sheet is not None
    labels = labels_for(pack.meta.language)
    rows: list[RunRow] = []
    elapsed = 0
    for number, (block, slides) in enumerate(
            zip(sheet.blocks, checked.runsheet_slides, strict=True), start=1):
        start, end = sheet.start + elapsed, sheet.start + elapsed + block.minutes
        elapsed += block.minutes
        card = None
        if block.group is not None:
            answers = block.group.answers.merged(sheet.answers) if block.group.answers \
                else sheet.answers
            card = GroupCard(block.title, f"{clock(start)}–{clock(end)}", block.minutes,
                             block.group.tasks, block.group.grouping, block.group.roles,
                             answers.how if answers else "", answers.to if answers else "",
                             answers.subject if answers else "", block.group.intro)
        rows.append(RunRow(
            number, block.title, block.kind, labels.get(block.kind, block.kind), clock(start),
            clock(end), block.minutes, elapsed, slides, slides_text(slides, labels["slide"]),
            block.lead, block.materials, block.instruction, block.optional, card,
            slide_ranges(slides),
        ))
    needed: dict[str, list[str]] = {}
    for row in rows:
        for material in row.materials:
            needed.setdefault(material, []).append(row.title)
    # The session's own date only: the pack's date is when the material was published.
    date = sheet.date
    return RunSheetPlan(
        pack_id=pack.id, pack_title=pack.meta.title, title=sheet.title or pack.meta.title,
        language=pack.meta.language, labels=labels, created=build_date.isoformat(),
        date=format_date(date, pack.meta.language) if date else "",
        place=sheet.place,
        # Without a version of its own, the sheet carries the date of the material it is for.
        version=sheet.version or format_date(build_date, pack.meta.language),
        roles=sheet.roles, start=clock(sheet.start), end=clock(sheet.start + elapsed),
        planned_minutes=sheet.planned_minutes, total_minutes=elapsed, rows=tuple(rows),
        checklist=tuple((m, tuple(dict.fromkeys(t))) for m, t in needed.items()),
        brand=plan_brand(checked.template),
    )
