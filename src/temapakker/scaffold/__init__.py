"""'temapakker new': a pack that builds at once and shows every feature in comments."""

from __future__ import annotations

import io
import re
from importlib import resources
from pathlib import Path

from temapakker.diagnostics import clip
from temapakker.errors import OutputError, UsageError

FILES = ("pack.yaml", "slides.md", "kjoreplan.yaml", "forberedelse.md")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = 64  # the outputs add a suffix, and file systems allow 255 bytes a name


def _picture() -> bytes:
    """A small picture for the example slide, drawn here so the pack needs no download."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), (14, 77, 100))
    draw = ImageDraw.Draw(image)
    for i in range(7):
        x = 120 + i * 150
        draw.ellipse((x, 250 + (i % 2) * 90, x + 110, 360 + (i % 2) * 90), fill=(240, 180, 60))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def check_new_id(packs: Path, pack_id: str) -> Path:
    """The folder of a new pack; refuses an id that cannot be one, or is taken."""
    if not _ID.match(pack_id) or len(pack_id) > MAX_ID:
        raise UsageError(f"'{clip(pack_id)}' cannot be a pack id: use lower-case letters, digits "
                         f"and hyphens, at most {MAX_ID} characters, e.g. pakke-4-eksempel")
    root = packs / pack_id
    if root.exists():
        raise UsageError(f"{root} already exists; choose another id or remove the folder")
    return root


def new_pack(packs: Path, pack_id: str, title: str) -> list[Path]:
    """Write packs/<pack_id>/ from the example files; refuses to overwrite anything."""
    root = check_new_id(packs, pack_id)
    written = []
    try:
        (root / "media").mkdir(parents=True)
        for name in FILES:
            text = (resources.files(__package__) / name).read_text(encoding="utf-8")
            target = root / name
            target.write_text(text.replace("{{TITLE}}", title), encoding="utf-8")
            written.append(target)
        picture = root / "media" / "eksempel.png"
        picture.write_bytes(_picture())
        written.append(picture)
    except OSError as exc:
        raise OutputError(f"cannot write {root}: {exc.strerror or exc}") from exc
    return written
