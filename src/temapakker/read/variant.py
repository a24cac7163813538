"""Merge a variant onto its base: the stage between read and check.

A pack whose pack.yaml says ``extends: ../pakke-2-samfunnet`` holds only what differs
from that pack. This module reads the base (itself perhaps a variant), reads the variant's
own files, and returns an ordinary :class:`Pack`: every slide, block and section keeps the
position of the file it was written in, so check, plan and write never learn that variants
exist. The base's files are read inside the base's folder, as the base would read them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from temapakker.diagnostics import Pos, Sink, clip, close_matches, display_path
from temapakker.model import (
    TITLE_ID,
    Block,
    Handout,
    Pack,
    PackMeta,
    Placement,
    RunBlock,
    RunSheet,
    Slide,
    SlideRef,
)
from temapakker.read.files import pack_id
from temapakker.read.overlay import RunSheetPatch, read_patch
from temapakker.read.runsheet import RUNSHEET_FILE, read_runsheet
from temapakker.read.slides import read_slides
from temapakker.read.text import read_source
from temapakker.uptodate import PACK_FILE, SLIDES_FILE, is_pack_dir

T = TypeVar("T")
_META_FIELDS = {f.name for f in fields(PackMeta)} - {"positions", "extends", "remove"}


def read_variant(root: Path, meta: PackMeta, sink: Sink,
                 chain: tuple[Path, ...]) -> Pack | None:
    """The variant in ``root`` merged onto the pack its pack.yaml extends."""
    from temapakker.read.pack import read_pack

    base_root = _base_folder(root, meta, sink, chain)
    base = read_pack(base_root, sink, (*chain, root)) if base_root is not None else None
    slides_path = root / SLIDES_FILE
    title_notes: tuple[Block, ...] = ()
    own: tuple[Slide, ...] = ()
    sources = [root / PACK_FILE]
    if os.path.lexists(slides_path):
        sources.append(slides_path)
        text = read_source(slides_path, root, sink)
        if text is not None:
            title_notes, own = read_slides(slides_path, text, sink)
    runsheet_path = root / RUNSHEET_FILE
    patch: RunSheetPatch | None = None
    whole: RunSheet | None = None
    if os.path.lexists(runsheet_path):
        sources.append(runsheet_path)
        text = read_source(runsheet_path, root, sink)
        if text is not None and base is not None:
            if not os.path.lexists(base.root / RUNSHEET_FILE):
                # nothing to change: the variant's is the whole sheet
                whole = read_runsheet(text, runsheet_path, sink)
            else:  # read even when the base's could not be, so its own errors are shown
                patch = read_patch(text, runsheet_path, sink)
    handout = _own_handout(root, sink)
    if base is None or base_root is None:
        return None
    merged_meta = _merge_meta(base.meta, meta)
    slides, renamed, removed = merge_slides(base, own, meta.remove, sink)
    runsheet = whole or base.runsheet
    if runsheet is not None and whole is None:
        # The base's blocks follow the variant's slides; the variant's own name them as
        # they stand in the variant, and are checked as written.
        runsheet = _follow_slides(runsheet, base, renamed, removed)
        runsheet = merge_runsheet(runsheet, patch, sink)
    if runsheet is not None:
        runsheet = _session(runsheet, merged_meta, meta, patch)
    if merged_meta.template is not None and merged_meta.template != base.meta.template:
        sources.append(merged_meta.template)
    return Pack(pack_id(root), root, merged_meta, title_notes or base.title_notes,
                tuple(slides), (*sources, *base.sources), slides_path, runsheet,
                merge_handout(base.handout, handout, sink), (base_root, *base.bases),
                base.meta.title)


def _own_handout(root: Path, sink: Sink) -> Handout | None:
    """The variant's forberedelse.md; one with nothing in it (only comments, as
    'temapakker new --from' writes it) changes nothing, and says nothing."""
    from temapakker.read.pack import read_handout_file

    own = Sink()
    handout = read_handout_file(root, own)
    if handout is None and [d.code for d in own.items] == ["empty-handout"]:
        return None
    sink.items.extend(own.items)
    return handout


def _base_folder(root: Path, meta: PackMeta, sink: Sink,
                 chain: tuple[Path, ...]) -> Path | None:
    """The base's folder, when it is a pack folder that does not lead back to this one."""
    assert meta.extends is not None
    where = meta.positions.get("extends", Pos(root / PACK_FILE, 1, 1))
    try:
        written = meta.extends.relative_to(root).as_posix()  # as typed: '..' is kept
    except ValueError:
        written = str(meta.extends)
    span = len(written)
    try:
        real = Path(os.path.realpath(meta.extends, strict=True))
    except FileNotFoundError:
        near = sorted(p.name for p in root.parent.iterdir() if p.is_dir() and p != root
                      and is_pack_dir(p))
        sink.error("missing-base", f"the base pack '{written}' does not exist", where,
                   span=span, hint="extends: names the base pack's folder relative to "
                   "pack.yaml" + (f"; packs beside this one: {', '.join(near)}" if near else ""))
        return None
    except (OSError, RuntimeError) as exc:  # a loop of links, a name too long
        sink.error("missing-base", f"the base pack '{written}' cannot be opened: "
                   f"{getattr(exc, 'strerror', None) or exc}", where, span=span,
                   hint="extends: names the base pack's folder relative to pack.yaml")
        return None
    if not real.is_dir():
        sink.error("bad-base", f"the base pack '{written}' is a file, not a pack folder",
                   where, span=span, hint="extends: names the folder that holds the base's "
                   "pack.yaml and slides.md")
        return None
    if not is_pack_dir(real):
        sink.error("bad-base", f"'{written}' is not a pack folder: it has no pack.yaml or "
                   "slides.md", where, span=span,
                   hint="extends: names the folder that holds the base's pack.yaml")
        return None
    if real == root or real in chain:
        loop = [*(chain[chain.index(real):] if real in chain else ()), root, real]
        sink.error("extends-cycle", "the packs extend each other in a circle: "
                   + " → ".join(p.name for p in loop), where, span=span,
                   hint="a pack cannot be based on itself; remove extends: from one of them")
        return None
    return real


def _merge_meta(base: PackMeta, variant: PackMeta) -> PackMeta:
    """The base's pack.yaml with the keys the variant writes in their place."""
    given = {key for key in variant.positions if not key.endswith(":key")} & _META_FIELDS
    values = {key: getattr(variant, key) for key in given}
    if "date" in given and "revised" not in given:
        values["revised"] = None  # the variant is dated by its own date, not the base's revision
    return replace(base, **values, extends=None, remove=(),
                   positions={**base.positions, **variant.positions})


def _ids_hint(ids: list[str], wrong: str, where: str) -> str:
    near = close_matches(wrong, ids, n=1, cutoff=0.6)
    listed = ", ".join(ids[:40]) + (", …" if len(ids) > 40 else "")
    return (f"did you mean '{near[0]}'? " if near else "") + f"{where}: {listed}"


def merge_slides(base: Pack, own: tuple[Slide, ...], remove: tuple[tuple[str, Pos], ...],
                 sink: Sink) -> tuple[list[Slide], dict[str, str], set[str]]:
    """The base's slides with the variant's placed among them and the removed ones left out;
    also which base ids were replaced by another id, and which were removed."""
    base_ids = [TITLE_ID, *(s.id for s in base.slides)]
    where = f"slides of {display_path(base.slides_file)}"
    removed: set[str] = set()
    for ident, pos in remove:
        if ident == TITLE_ID:
            sink.error("remove-title", "the title slide cannot be removed", pos, span=len(ident),
                       hint="change its text with title: and subtitle: in pack.yaml")
        elif ident not in base_ids:
            sink.error("unknown-slide", f"pack.yaml removes slide '{clip(ident)}', which the "
                       "base pack does not have", pos, span=len(ident),
                       hint=_ids_hint(base_ids, ident, where))
        else:
            removed.add(ident)
    order: list[Slide | None] = [None, *(s for s in base.slides if s.id not in removed)]
    renamed = _place_all(order, own, _Places("slide", base_ids, where, removed),
                         lambda s: s.id if s is not None else TITLE_ID,
                         lambda s: s.place, _placed_slide, sink)
    return _unique_ids(order[1:], base, own, sink), renamed, removed


def _placed_slide(slide: Slide, place: Placement | None) -> Slide:
    """A variant slide as it stands in the deck: a replacement without an id of its own
    takes the id of the slide it replaces."""
    if place is not None and place.how == "replace" and not slide.id_explicit:
        return replace(slide, id=place.target, id_explicit=True, place=None)
    return replace(slide, place=None)


@dataclass(frozen=True)
class _Places:
    """What a variant's items may be placed by: the base's ids of one kind."""

    noun: str  # "slide", "section"
    ids: list[str]
    where: str  # for the hint: "slides of packs/x/slides.md"
    removed: set[str]


def _place_all(order: list[Any], own: Sequence[T], places: _Places,
               key: Callable[[Any], str], place_of: Callable[[T], Placement | None],
               placed: Callable[[T, Placement | None], T], sink: Sink) -> dict[str, str]:
    """Put the variant's items into ``order`` (the base's, changed in place) as each one's
    {after=…}, {before=…} or {replace=…} says; return the ids that replacements changed.

    An item without a place follows the one placed before it, or goes last. ``None`` in
    ``order`` is the title slide: only ``after`` may name it.
    """
    renamed: dict[str, str] = {}
    replaced: dict[str, Pos] = {}
    last: T | None = None  # the item placed last: one without a place follows it
    anchors: dict[str, T] = {}  # base id → the item placed last after it
    for item in own:
        place = place_of(item)
        if place is not None and not _can_place(place, places, replaced, sink):
            continue
        new = placed(item, place)
        if place is None:
            order.insert(order.index(last) + 1 if last is not None else len(order), new)
        elif place.how == "replace":
            replaced[place.target] = place.pos
            if key(new) != place.target:
                renamed[place.target] = key(new)
            order[next(i for i, x in enumerate(order) if key(x) == place.target)] = new
        else:
            anchor = anchors.get(place.target) if place.how == "after" else None
            index = order.index(anchor) + 1 if anchor is not None else \
                next(i for i, x in enumerate(order) if key(x) == place.target) + \
                (place.how == "after")
            order.insert(index, new)
            anchors[place.target] = new
        last = new
    return renamed


def _can_place(place: Placement, places: _Places, replaced: dict[str, Pos],
               sink: Sink) -> bool:
    """Whether a place names an item of the base that can stand there (else reported)."""
    span = len(place.how) + 1 + len(place.target)
    if place.target not in places.ids:
        sink.error(f"unknown-{places.noun}", f"'{place.how}={clip(place.target)}' names a "
                   f"{places.noun} the base pack does not have", place.pos, span=span,
                   hint=_ids_hint(places.ids, place.target, places.where))
    elif place.target in places.removed:
        sink.error(f"removed-{places.noun}", f"'{place.how}={place.target}' names a "
                   f"{places.noun} that pack.yaml removes", place.pos, span=span,
                   hint=f"place it by another {places.noun}, or write "
                   f"replace={place.target} and take it out of remove:")
    elif place.target == TITLE_ID and places.noun == "slide" and place.how != "after":
        sink.error("title-place", "the title slide is made from pack.yaml and is always "
                   "the first" + (": it cannot be replaced" if place.how == "replace"
                                  else ": no slide can go before it"), place.pos, span=span,
                   hint="change title: and subtitle: in pack.yaml, or write after=title "
                   "for a slide right after it")
    elif place.how == "replace" and place.target in replaced:
        sink.error("replaced-twice", f"{places.noun} '{place.target}' is already replaced on "
                   f"line {replaced[place.target].line}", place.pos, span=span,
                   hint="place the second one with after=… instead")
    else:
        return True
    return False


def _unique_ids(order: list[Slide | None], base: Pack, own: tuple[Slide, ...],
                sink: Sink) -> list[Slide]:
    """A variant slide may not take the id of a base slide still in the deck; one whose id
    was made from its title gets a suffix instead."""
    slides = [s for s in order if s is not None]
    own_positions = {s.pos for s in own}
    taken = {s.id: s for s in slides if s.pos not in own_positions}
    out = []
    for slide in slides:
        if slide.pos in own_positions and slide.id in taken and taken[slide.id] is not slide:
            first = taken[slide.id]
            if slide.id_explicit:
                sink.error("duplicate-id", f"slide id '{slide.id}' is already used by the base "
                           f"pack ({first.pos})", slide.pos, span=len(slide.id) + 1,
                           hint=f"give this slide its own id, or write replace={slide.id} "
                           "to put it in that slide's place")
            else:
                n = 1
                while f"{slide.id}-{n}" in taken:
                    n += 1
                slide = replace(slide, id=f"{slide.id}-{n}")
            taken[slide.id] = slide
        out.append(slide)
    return out


def merge_handout(base: Handout | None, own: Handout | None, sink: Sink) -> Handout | None:
    """The variant's own handout; or, when its sections carry places, the base's handout
    with them put in (its title and introduction, if it has them, replace the base's)."""
    if own is None or not any(section.place for section in own.sections):
        return own or base
    if base is None:
        first = next(section.place for section in own.sections if section.place)
        sink.error("unknown-section", "the base pack has no forberedelse.md to place "
                   "sections in", first.pos, span=len(first.how),
                   hint="write the whole handout, without after=, before= and replace=")
        return None
    ids = [section.id for section in base.sections]
    order = list(base.sections)
    places = _Places("section", ids, f"sections of {display_path(base.pos.file)}", set())
    _place_all(order, own.sections, places, lambda s: s.id, lambda s: s.place,
               lambda s, _place: replace(s, place=None), sink)
    return replace(base, title=own.title or base.title, intro=own.intro or base.intro,
                   sections=tuple(order), pos=own.pos if own.title else base.pos)


def merge_runsheet(sheet: RunSheet, patch: RunSheetPatch | None, sink: Sink) -> RunSheet:
    """The base's run sheet with the variant's changes, new blocks and removals."""
    if patch is None:
        return sheet
    ids = [b.id for b in sheet.blocks if b.id]
    where = f"blocks of {display_path(sheet.pos.file)}"

    def known(ident: str, pos: Pos, what: str) -> bool:
        if ident in ids:
            return True
        sink.error("unknown-block", f"{what} '{clip(ident)}', which the base's run sheet "
                   "does not have", pos, span=len(ident), hint=_ids_hint(ids, ident, where))
        return False

    removed = {ident for ident, pos in patch.remove
               if known(ident, pos, f"{RUNSHEET_FILE} removes block")}
    changes: dict[str, dict[str, object]] = {}
    for change in patch.changes:
        if known(change.id, change.pos, "the variant changes block"):
            if change.id in removed:
                sink.warning("removed-block", f"block '{change.id}' is changed and removed; it "
                             "is removed", change.pos, span=len(change.id))
            changes.setdefault(change.id, {}).update(change.values)
    blocks: list[RunBlock] = [replace(b, **changes.get(b.id, {}))  # type: ignore[arg-type]
                              for b in sheet.blocks if b.id not in removed]
    anchors: dict[str, RunBlock] = {}
    for new in patch.added:
        if not known(new.target, new.pos, f"'{new.how}' names block"):
            continue
        if new.target in removed:
            sink.error("removed-block", f"'{new.how}: {new.target}' names a block that "
                       "remove: takes out", new.pos, span=len(new.target),
                       hint="place the block by another block")
            continue
        anchor = anchors.get(new.target) if new.how == "after" else None
        if anchor is not None:
            index = blocks.index(anchor) + 1
        else:
            index = next(i for i, b in enumerate(blocks) if b.id == new.target) + \
                (new.how == "after")
        blocks.insert(index, new.block)
        if new.how == "after":
            anchors[new.target] = new.block
    roles = dict(sheet.roles)
    roles.update(patch.roles)
    return replace(sheet, **patch.sheet, roles=tuple(roles.items()), blocks=tuple(blocks))


def _follow_slides(sheet: RunSheet, base: Pack, renamed: dict[str, str],
                   removed: set[str]) -> RunSheet:
    """The run sheet's slide ids after the variant's replacements and removals: a replaced
    slide's new id, a range's end moved inwards past removed slides, a removed slide dropped."""
    if not renamed and not removed:
        return sheet
    order = [TITLE_ID, *(s.id for s in base.slides)]
    position = {ident: i for i, ident in enumerate(order)}

    def follow(ref: SlideRef) -> SlideRef | None:
        first, last = ref.first, ref.last
        if first in position and last in position and position[first] <= position[last]:
            inside = [i for i in order[position[first]: position[last] + 1] if i not in removed]
            if not inside:
                return None
            first, last = inside[0], inside[-1]
        elif first in removed:
            return None
        ends = renamed.get(first, first), renamed.get(last, last) if last else None
        return replace(ref, first=ends[0], last=ends[1])

    blocks = []
    for block in sheet.blocks:
        refs = tuple(r for r in (follow(ref) for ref in block.slides) if r is not None)
        blocks.append(replace(block, slides=refs) if refs != block.slides else block)
    return replace(sheet, blocks=tuple(blocks))


def _session(sheet: RunSheet, merged: PackMeta, variant: PackMeta,
             patch: RunSheetPatch | None) -> RunSheet:
    """A variant's date and place in pack.yaml are its session's, unless its run sheet says."""
    said = patch.sheet if patch is not None else {}
    if "date" in variant.positions and "date" not in said and merged.date is not None:
        sheet = replace(sheet, date=merged.date)
    if variant.place and "place" not in said:
        sheet = replace(sheet, place=variant.place)
    return sheet
