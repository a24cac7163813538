"""Read a pack folder: pack.yaml and slides.md."""

from __future__ import annotations

import os
from pathlib import Path

from temapakker.diagnostics import Pos, Sink
from temapakker.model import Handout, Pack, PackMeta, Slide
from temapakker.read.files import pack_id
from temapakker.read.handout import HANDOUT_FILE, read_handout
from temapakker.read.meta import read_meta
from temapakker.read.runsheet import RUNSHEET_FILE, read_runsheet
from temapakker.read.slides import read_slides
from temapakker.read.text import read_source

PACK_FILE = "pack.yaml"
SLIDES_FILE = "slides.md"
def read_pack(root: Path, sink: Sink, _chain: tuple[Path, ...] = ()) -> Pack | None:
    """Read one pack into the model; None when it cannot be read (the sink says why).

    A variant (``extends:`` in pack.yaml) comes back merged onto its base: an ordinary Pack.
    """
    root = root.resolve()
    meta_path, slides_path = root / PACK_FILE, root / SLIDES_FILE
    if not os.path.lexists(meta_path):
        _missing(meta_path, "the pack's title and settings", root, sink)
    meta_text = _read_if_there(meta_path, root, sink)
    meta = read_meta(meta_text, meta_path, sink) if meta_text is not None else None
    if meta is not None and meta.extends is not None:
        from temapakker.read.variant import read_variant

        return read_variant(root, meta, sink, _chain)
    if not os.path.lexists(slides_path):
        _missing(slides_path, "the slides", root, sink)
    slides_text = _read_if_there(slides_path, root, sink)
    if slides_text is None:
        return None
    title_notes, slides = read_slides(slides_path, slides_text, sink)
    sources = [meta_path, slides_path]
    runsheet = None
    runsheet_path = root / RUNSHEET_FILE
    if os.path.lexists(runsheet_path):
        sources.append(runsheet_path)
        text = read_source(runsheet_path, root, sink)
        runsheet = read_runsheet(text, runsheet_path, sink) if text is not None else None
    handout = read_handout_file(root, sink)
    if os.path.lexists(root / HANDOUT_FILE):
        sources.append(root / HANDOUT_FILE)
    if meta is None:
        return None
    _no_base(meta, slides, handout, sink)
    if meta.template is not None:
        sources.append(meta.template)
    return Pack(pack_id(root), root, meta, title_notes, slides, tuple(sources), slides_path,
                runsheet, handout)


def read_handout_file(root: Path, sink: Sink) -> Handout | None:
    """The pack's forberedelse.md, when it has one."""
    handout_path = root / HANDOUT_FILE
    if not os.path.lexists(handout_path):
        return None
    text = read_source(handout_path, root, sink)
    return read_handout(text, handout_path, sink) if text is not None else None


def _missing(path: Path, what: str, root: Path, sink: Sink) -> None:
    sink.error("missing-file", f"{path.name} is missing; it holds {what}", Pos(path),
               hint=f"create {path.name} in {root.name}/ (see docs/redaktorveiledning.md)")


def _no_base(meta: PackMeta, slides: tuple[Slide, ...], handout: Handout | None,
             sink: Sink) -> None:
    """What only a variant understands has no effect in a pack that extends none."""
    hint = "add extends: ../<base pack> to pack.yaml, or remove it"
    for ident, pos in meta.remove[:1]:
        sink.warning("not-a-variant", "'remove' has no effect: this pack extends no other",
                     pos, hint=hint, span=len(ident))
    sections = handout.sections if handout is not None else ()
    for place in [s.place for s in slides] + [s.place for s in sections]:
        if place is not None:
            sink.warning("not-a-variant", f"'{place.how}={place.target}' has no effect: this "
                         "pack extends no other", place.pos, hint=hint, span=len(place.how))


def _read_if_there(path: Path, root: Path, sink: Sink) -> str | None:
    # A name that is there (even as a broken link or a pipe) is read, so that what is wrong
    # with it is reported; one that is not there was reported as missing above.
    return read_source(path, root, sink) if os.path.lexists(path) else None
