"""Check the run sheet against the deck: slide ids, ranges, coverage and the total time."""

from __future__ import annotations

from temapakker.diagnostics import Pos, Sink, close_matches
from temapakker.model import Pack, RunBlock, RunSheet, SlideRef


def check_runsheet(pack: Pack, sheet: RunSheet, sink: Sink) -> list[tuple[int, ...]]:
    """The slide numbers each block covers; unknown ids and reversed ranges are errors."""
    numbers = pack.slide_numbers()
    covered: list[tuple[int, ...]] = [_resolve(block, numbers, sink) for block in sheet.blocks]

    owner: dict[int, RunBlock] = {}
    id_of = {number: slide_id for slide_id, number in numbers.items()}
    for block, slides in zip(sheet.blocks, covered, strict=True):
        # One warning per pair of blocks, however many slides they share: a run sheet
        # whose blocks all cover the same range must not give blocks × slides warnings.
        shared: dict[int, list[int]] = {}
        for number in slides:
            first = owner.setdefault(number, block)
            if first is not block:
                shared.setdefault(id(first), []).append(number)
        for numbers_shared in shared.values():
            number = numbers_shared[0]
            more = f" and {len(numbers_shared) - 1} more are" if len(numbers_shared) > 1 \
                else " is"
            sink.warning("slide-twice", f"slide {number} ('{id_of[number]}'){more} in two "
                         f"blocks: '{owner[number].title}' and '{block.title}'",
                         block.slides[0].pos if block.slides else block.pos,
                         hint="give each slide to one block")
    unique_ids = len(numbers) == len(pack.slides) + 1  # else duplicate ids are reported
    for slide in pack.slides if unique_ids else ():
        number = numbers[slide.id]
        if slide.kind == "content" and number not in owner:
            sink.warning("slide-not-covered", f"slide {number} ('{slide.id}') is in no block of "
                         "the run sheet", slide.pos,
                         hint=f"add '{slide.id}' to the slides of the block that shows it")

    total = sum(block.minutes for block in sheet.blocks)
    if total != sheet.planned_minutes and sheet.planned_minutes > 0:
        sink.warning("time-mismatch", f"the blocks add up to {total} minutes, but the session "
                     f"is planned for {sheet.planned_minutes}", sheet.planned_pos,
                     hint="adjust the blocks' minutes or the planned 'minutes'")
    return covered


def _last_pos(ref: SlideRef) -> Pos:
    """Where the second id of 'first..last' stands."""
    return Pos(ref.pos.file, ref.pos.line, ref.pos.col + len(ref.first) + 2)


def _resolve(block: RunBlock, numbers: dict[str, int], sink: Sink) -> tuple[int, ...]:
    out: list[int] = []
    for ref in block.slides:
        ends = []
        for slide_id, at in ((ref.first, ref.pos), (ref.last, _last_pos(ref))):
            if slide_id is None:
                continue
            if slide_id not in numbers:
                near = close_matches(slide_id, list(numbers), n=3, cutoff=0.5)
                sink.error("unknown-slide", f"the run sheet names slide '{slide_id}', which "
                           "does not exist", at, span=len(slide_id),
                           hint=("known ids near it: " + ", ".join(near)) if near else
                           "give the slide an id in slides.md: ## Title {#" + slide_id + "}")
            else:
                ends.append(numbers[slide_id])
        if len(ends) != (1 if ref.last is None else 2):
            continue
        first, last = ends[0], ends[-1]
        if last < first:
            sink.error("reversed-range", f"the range '{ref.first}..{ref.last}' ends before it "
                       f"starts (slide {first} to slide {last})", ref.pos,
                       span=len(ref.first) + 2 + len(ref.last or ""),
                       hint=f"write it as '{ref.last}..{ref.first}'")
            continue
        out.extend(range(first, last + 1))
    return tuple(dict.fromkeys(out))
