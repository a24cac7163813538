"""'temapakker new --from BASE ID': a variant of a pack, with every feature in comments.

The examples name the base's real slide, block and section ids, so that removing the
comment marks gives a variant that builds.
"""

from __future__ import annotations

import os
from pathlib import Path

from temapakker.diagnostics import Sink, clip
from temapakker.errors import OutputError, UsageError
from temapakker.model import Pack


def new_variant(packs: Path, pack_id: str, base: str, title: str) -> list[Path]:
    """Write packs/<pack_id>/ as a variant of the pack ``base`` (an id in ``packs`` or a
    folder); refuses to overwrite anything."""
    from temapakker.read.pack import read_pack
    from temapakker.scaffold import check_new_id

    root = check_new_id(packs, pack_id)
    base_root = packs / base if (packs / base).is_dir() else Path(base)
    if not (base_root / "pack.yaml").is_file():
        raise UsageError(f"'{clip(base)}' is not a pack: give the id of a pack in {packs} "
                         "or the folder of one")
    pack = read_pack(base_root, Sink())
    if pack is None:
        raise UsageError(f"{base_root} cannot be read; run: temapakker check {base_root}")
    extends = Path(os.path.relpath(base_root.resolve(), packs.resolve() / pack_id)).as_posix()
    files = {"pack.yaml": _pack_yaml(pack, extends, title), "slides.md": _slides(pack)}
    if pack.runsheet is not None:
        files["kjoreplan.yaml"] = _runsheet(pack)
    if pack.handout is not None:
        files["forberedelse.md"] = _handout(pack)
    written = []
    try:
        root.mkdir(parents=True)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
            written.append(root / name)
    except OSError as exc:
        raise OutputError(f"cannot write {root}: {exc.strerror or exc}") from exc
    return written


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pack_yaml(pack: Pack, extends: str, title: str) -> str:
    last = pack.slides[-1].id if pack.slides else "slide-id"
    return f"""\
# En lokal utgave av «{pack.meta.title}».
# Bare det som er annerledes, står her; alt annet (lysbilder, talenotater, kjøreplan,
# forberedelse, bilder og mal) hentes fra grunnpakken hver gang pakken bygges.
# Se kapittel 11 i docs/redaktorveiledning.md. Fjern '# ' foran en linje for å bruke den.
extends: {extends}
title: {_quote(title)}
# subtitle: "For kulturskolene i regionen"
# date: 2027-03-11
# place: "Kulturhuset, Bergen"
# # date og place er samlingens dato og sted; de står i kjøreplanen.
# # remove tar bort lysbilder fra grunnpakken:
# remove: [{last}]
"""


def _slides(pack: Pack) -> str:
    ids = [s.id for s in pack.slides]
    replace = ids[1] if len(ids) > 1 else ids[0] if ids else "slide-id"
    # not the last: pack.yaml's example removes that one
    before = ids[-2] if len(ids) > 1 else "slide-id"
    return f"""\
<!--
Bare variantens egne lysbilder står her. Hvert lysbilde sier hvor det skal stå i
grunnpakken: {{after=id}}, {{before=id}} eller {{replace=id}}. Grunnpakkens id-er:
{", ".join(["title", *ids])}

## Velkommen til samlingen {{#velkommen after=title}}

- Hvem vi er, og hva vi skal gjøre i dag

::: notes
- Ønsk velkommen på vegne av regionen
:::

## Slik er det hos oss {{replace={replace}}}

- Regionens egne tall

## Før vi avslutter {{#lokalt before={before}}}

- Et lysbilde med egne id-er kan kjøreplanen vise til
-->
"""


def _runsheet(pack: Pack) -> str:
    assert pack.runsheet is not None
    ids = [b.id for b in pack.runsheet.blocks]
    first, last = ids[0], ids[-1]
    listed = "".join(f"#   {ident}\n" for ident in ids)
    return f"""\
# Bare endringene i grunnpakkens kjøreplan står her. Grunnpakkens blokker har id-er
# laget av titlene (eller id: i grunnpakken):
{listed}#
# start: "12:30"
# minutes: 90
# roles:
#   Prosessleder: Kari Nordmann
# blocks:
#   # endre en blokk: bare nøklene som står her
#   - id: {first}
#     minutes: 10
#     lead: Kari Nordmann
#     instruction: "Ønsk velkommen og presenter regionen."
#     optional: false
#   # en ny blokk, etter (after:) eller foran (before:) en av grunnpakkens
#   - title: Regionens egne tall
#     after: {first}
#     kind: presentasjon
#     minutes: 5
# # blokker som tas bort
# remove: [{last}]
"""


def _handout(pack: Pack) -> str:
    assert pack.handout is not None
    ids = [section.id for section in pack.handout.sections]
    after = ids[0] if ids else "section-id"
    return f"""\
<!--
Uten innhold brukes grunnpakkens forberedelsesark. Skriv et helt ark for å erstatte det,
eller avsnitt med plass, slik lysbildene har: {{after=id}}, {{before=id}}, {{replace=id}}.
Grunnpakkens avsnitt: {", ".join(ids)}

## Praktisk informasjon for samlingen {{after={after}}}

- Tid og sted, og hvem du kontakter
-->
"""
