"""Read a pack folder: pack.yaml and slides.md."""

from __future__ import annotations

from pathlib import Path

from temapakker.diagnostics import Pos, Sink
from temapakker.model import Pack
from temapakker.read.handout import HANDOUT_FILE, read_handout
from temapakker.read.meta import read_meta
from temapakker.read.runsheet import RUNSHEET_FILE, read_runsheet
from temapakker.read.slides import read_slides
from temapakker.read.text import read_source

PACK_FILE = "pack.yaml"
SLIDES_FILE = "slides.md"


def read_pack(root: Path, sink: Sink) -> Pack | None:
    """Read one pack into the model; None when it cannot be read (the sink says why)."""
    root = root.resolve()
    meta_path, slides_path = root / PACK_FILE, root / SLIDES_FILE
    for path, what in ((meta_path, "the pack's title and settings"),
                       (slides_path, "the slides")):
        if not path.is_file():
            sink.error("missing-file", f"{path.name} is missing; it holds {what}", Pos(path),
                       hint=f"create {path.name} in {root.name}/ "
                       "(see docs/redaktorveiledning.md)")
    meta_text = read_source(meta_path, sink) if meta_path.is_file() else None
    slides_text = read_source(slides_path, sink) if slides_path.is_file() else None
    meta = read_meta(meta_text, meta_path, sink) if meta_text is not None else None
    if slides_text is None:
        return None
    title_notes, slides = read_slides(slides_path, slides_text, sink)
    sources = [meta_path, slides_path]
    runsheet = None
    runsheet_path = root / RUNSHEET_FILE
    if runsheet_path.is_file():
        sources.append(runsheet_path)
        text = read_source(runsheet_path, sink)
        runsheet = read_runsheet(text, runsheet_path, sink) if text is not None else None
    handout = None
    handout_path = root / HANDOUT_FILE
    if handout_path.is_file():
        sources.append(handout_path)
        text = read_source(handout_path, sink)
        handout = read_handout(text, handout_path, sink) if text is not None else None
    if meta is None:
        return None
    if meta.template is not None:
        sources.append(meta.template)
    return Pack(root.name, root, meta, title_notes, slides, tuple(sources), slides_path,
                runsheet, handout)
