"""Generate the foreign slide-template fixtures in tests/templates/ and check them."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pptx
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER as PH
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

from temapakker.writers import ooxml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_PPTX = ROOT / "src" / "temapakker" / "data" / "default.pptx"
PPTX_DEFAULT = Path(pptx.__file__).resolve().parent / "templates" / "default.pptx"

ZIP_DATE = dt.date(2000, 1, 1)
MAX_FIXTURE_BYTES = 200_000

Parts = dict[str, bytes]

# the deck writer's names, and the two app.xml needs
NS = {
    **ooxml.NS,
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}
RT_MASTER = ooxml.RT_SLIDE_MASTER
RT_LAYOUT = ooxml.RT_SLIDE_LAYOUT
RT_THEME = ooxml.RT_THEME
RT_NOTES_MASTER = ooxml.RT_NOTES_MASTER
CT_DOC = "application/vnd.openxmlformats-officedocument."
CT_PRESENTATION = CT_DOC + "presentationml.presentation.main+xml"
CT_TEMPLATE = CT_DOC + "presentationml.template.main+xml"
CT_MASTER = CT_DOC + "presentationml.slideMaster+xml"
CT_THEME = CT_DOC + "theme+xml"


def q(tag: str) -> str:
    """Clark name for a prefixed tag such as 'p:cSld'."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


# --------------------------------------------------------------------------------------------
# package plumbing


def read_zip(source: Path | bytes) -> Parts:
    """All parts of a package, in zip order."""
    data = source.read_bytes() if isinstance(source, Path) else source
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(parts: Parts) -> bytes:
    """Zip the parts with the deck writer's fixed dates; [Content_Types].xml first."""
    names = sorted(parts, key=lambda n: n != "[Content_Types].xml")
    return ooxml.write_zip([(name, parts[name]) for name in names], ZIP_DATE)


def xml(parts: Parts, name: str) -> etree._Element:
    """Parse one XML part."""
    return etree.fromstring(parts[name])


def put(parts: Parts, name: str, root: etree._Element) -> None:
    """Serialise an XML part back into the package."""
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_of(part: str) -> str:
    """Name of the relationships part belonging to a part."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def source_of(rels: str) -> str:
    """Name of the part a relationships part belongs to ('' for the package)."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]).lstrip("/")


def resolve(source: str, target: str) -> str:
    """Part name a relationship target points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    """Relationship target from one part to another."""
    return posixpath.relpath(part, posixpath.dirname(source) or ".")


def rels(parts: Parts, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (relationship type, target part) for a part's internal relationships."""
    name = rels_of(part)
    if name not in parts:
        return {}
    found = {}
    for rel in xml(parts, name).iter(q("pr:Relationship")):
        if rel.get("TargetMode") != "External":
            found[rel.get("Id", "")] = (rel.get("Type", ""), resolve(part, rel.get("Target", "")))
    return found


def masters(parts: Parts) -> list[str]:
    """Slide master parts in presentation.xml order."""
    by_id = rels(parts, "ppt/presentation.xml")
    pres = xml(parts, "ppt/presentation.xml")
    return [by_id[m.get(q("r:id"), "")][1] for m in pres.iter(q("p:sldMasterId"))]


def master_layouts(parts: Parts, master: str) -> list[str]:
    """Layout parts of a master, in its sldLayoutIdLst order."""
    by_id = rels(parts, master)
    root = xml(parts, master)
    return [by_id[lay.get(q("r:id"), "")][1] for lay in root.iter(q("p:sldLayoutId"))]


def all_layouts(parts: Parts) -> Iterator[str]:
    """Every layout part of every master."""
    for master in masters(parts):
        yield from master_layouts(parts, master)


def layout_name(parts: Parts, layout: str) -> str:
    """The name of a layout (p:cSld/@name)."""
    return xml(parts, layout).find(q("p:cSld")).get("name", "")


# --------------------------------------------------------------------------------------------
# localisation: what PowerPoint in another UI language writes into a new file


@dataclass(frozen=True)
class Locale:
    """Names and prompt texts a localised PowerPoint gives a new presentation."""

    lang: str
    layouts: dict[str, str]
    shapes: dict[str, str] = field(default_factory=dict)
    prompts: dict[str, str] = field(default_factory=dict)


NB = Locale(
    lang="nb-NO",
    layouts={
        "Title Slide": "Tittellysbilde",
        "Title and Content": "Tittel og innhold",
        "Section Header": "Inndelingsoverskrift",
        "Two Content": "To innholdsdeler",
        "Comparison": "Sammenligning",
        "Title Only": "Bare tittel",
        "Blank": "Tomt",
        "Content with Caption": "Innhold med bildetekst",
        "Picture with Caption": "Bilde med bildetekst",
    },
    shapes={
        "Title Placeholder": "Plassholder for tittel",
        "Text Placeholder": "Plassholder for tekst",
        "Date Placeholder": "Plassholder for dato",
        "Footer Placeholder": "Plassholder for bunntekst",
        "Slide Number Placeholder": "Plassholder for lysbildenummer",
        "Title": "Tittel",
        "Subtitle": "Undertittel",
        "Content Placeholder": "Plassholder for innhold",
        "Picture Placeholder": "Plassholder for bilde",
    },
    prompts={
        "Click to edit Master title style": "Klikk for å redigere tittelstil",
        "Click to edit Master subtitle style": "Klikk for å redigere undertittelstil i malen",
        "Click to edit Master text styles": "Klikk for å redigere tekststiler i malen",
        "Second level": "Andre nivå",
        "Third level": "Tredje nivå",
        "Fourth level": "Fjerde nivå",
        "Fifth level": "Femte nivå",
    },
)

FR = Locale(
    lang="fr-FR",
    layouts={
        "Title Slide": "Diapositive de titre",
        "Title and Content": "Titre et contenu",
        "Section Header": "En-tête de section",
        "Two Content": "Deux contenus",
        "Comparison": "Comparaison",
        "Title Only": "Titre seul",
        "Blank": "Vide",
        "Content with Caption": "Contenu avec légende",
        "Picture with Caption": "Image avec légende",
        "Title and Vertical Text": "Titre et texte vertical",
        "Vertical Title and Text": "Titre vertical et texte",
    },
    shapes={
        "Title Placeholder": "Espace réservé du titre",
        "Text Placeholder": "Espace réservé du texte",
        "Date Placeholder": "Espace réservé de la date",
        "Footer Placeholder": "Espace réservé du pied de page",
        "Slide Number Placeholder": "Espace réservé du numéro de diapositive",
        "Title": "Titre",
        "Subtitle": "Sous-titre",
        "Content Placeholder": "Espace réservé du contenu",
        "Picture Placeholder": "Espace réservé pour une image",
        "Vertical Text Placeholder": "Espace réservé du texte vertical",
        "Vertical Title": "Titre vertical",
    },
    prompts={
        "Click to edit Master title style": "Modifiez le style du titre",
        "Click to edit Master subtitle style": "Modifiez le style des sous-titres du masque",
        "Click to edit Master text styles": "Modifiez les styles du texte du masque",
        "Second level": "Deuxième niveau",
        "Third level": "Troisième niveau",
        "Fourth level": "Quatrième niveau",
        "Fifth level": "Cinquième niveau",
    },
)


def localise(parts: Parts, locale: Locale) -> None:
    """Rename layouts and placeholder shapes, translate prompts and set the language tag."""
    for part in [*masters(parts), *all_layouts(parts)]:
        root = xml(parts, part)
        csld = root.find(q("p:cSld"))
        if root.tag == q("p:sldLayout"):
            csld.set("name", locale.layouts[csld.get("name", "")])
        for pr in root.iter(q("p:cNvPr")):
            match = re.fullmatch(r"(.+) (\d+)", pr.get("name", ""))
            if match and match[1] in locale.shapes:
                pr.set("name", f"{locale.shapes[match[1]]} {match[2]}")
        for t in root.iter(q("a:t")):
            t.text = locale.prompts.get(t.text or "", t.text)
        for el in root.iter():
            if isinstance(el.tag, str) and el.get("lang"):
                el.set("lang", locale.lang)
        put(parts, part, root)
    pres = xml(parts, "ppt/presentation.xml")
    for el in pres.iter(q("a:defRPr")):
        if el.get("lang"):
            el.set("lang", locale.lang)
    put(parts, "ppt/presentation.xml", pres)


# --------------------------------------------------------------------------------------------
# the fixtures


def nb_powerpoint() -> Parts:
    """default.pptx as Norwegian (bokmål) PowerPoint saves it."""
    parts = read_zip(DEFAULT_PPTX)
    localise(parts, NB)
    return parts


CUSTOM_FIRST = ("Blank", "Two Content")


def custom_untyped() -> Parts:
    """Corporate names, no layout types, and the title layout no longer first."""
    parts = read_zip(DEFAULT_PPTX)
    (master,) = masters(parts)
    root = xml(parts, master)
    by_id = rels(parts, master)
    id_list = root.find(q("p:sldLayoutIdLst"))
    entries = list(id_list)
    first = [
        e for want in CUSTOM_FIRST for e in entries
        if layout_name(parts, by_id[e.get(q("r:id"), "")][1]) == want
    ]
    id_list[:] = first + [e for e in entries if e not in first]
    put(parts, master, root)
    layouts = sorted(master_layouts(parts, master), key=lambda p: int(re.sub(r"\D", "", p)))
    for letter, layout in zip("ABCDEFGHI", layouts, strict=True):
        lay = xml(parts, layout)
        lay.find(q("p:cSld")).set("name", f"Profil {letter}")
        lay.attrib.pop("type", None)
        put(parts, layout, lay)
    return parts


def no_notes_body() -> Parts:
    """default.pptx whose notes master has lost its body (notes text) placeholder."""
    parts = read_zip(DEFAULT_PPTX)
    name = "ppt/notesMasters/notesMaster1.xml"
    root = xml(parts, name)
    for ph in root.findall(".//p:sp/p:nvSpPr/p:nvPr/p:ph[@type='body']", NS):
        sp = ph.getparent().getparent().getparent()
        sp.getparent().remove(sp)
    put(parts, name, root)
    return parts


FIELD_ID = re.compile(rb'<a:fld id="\{[0-9A-Fa-f-]{36}\}"')


def _fixed_field_ids(parts: Parts) -> None:
    """Replace LibreOffice's random field GUIDs by ones derived from part name and position."""
    for name, data in parts.items():
        pieces = FIELD_ID.split(data)
        for n in range(1, len(pieces)):
            guid = uuid.uuid5(uuid.NAMESPACE_URL, f"temapakker:{name}#{n}")
            pieces[n] = b'<a:fld id="{' + str(guid).upper().encode() + b'}"' + pieces[n]
        parts[name] = b"".join(pieces)


def soffice() -> str | None:
    """Path to LibreOffice's soffice, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_soffice(args: list[str], workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run soffice headless with a private user profile below workdir."""
    exe = soffice()
    assert exe is not None
    profile = (workdir / "lo-profile").as_uri()
    cmd = [exe, f"-env:UserInstallation={profile}", "--headless", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)


def lo_saved() -> Parts | None:
    """default.pptx opened and saved as .pptx by LibreOffice Impress (None: no soffice)."""
    if soffice() is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        src = work / "in" / "lo-input.pptx"
        shutil.copyfile(DEFAULT_PPTX, src)
        done = run_soffice(["--convert-to", "pptx", "--outdir", str(work / "out"), str(src)], work)
        result = work / "out" / "lo-input.pptx"
        if not result.exists():
            raise RuntimeError(f"LibreOffice wrote nothing:\n{done.stdout}\n{done.stderr}")
        parts = read_zip(result)
    _fixed_field_ids(parts)
    return parts


SCALED = {
    q("a:off"): ("x", "y"),
    q("a:ext"): ("cx", "cy"),
    q("a:chOff"): ("x", "y"),
    q("a:chExt"): ("cx", "cy"),
}
RUN_PROPS = {q("a:defRPr"), q("a:rPr"), q("a:endParaRPr")}
MAX_FONT_SIZE = 400_000  # ST_TextFontSize, hundredths of a point
MAX_SPACING = 158_400  # ST_TextSpacingPoint


def _double(root: etree._Element) -> None:
    """Double geometry, font sizes, indents and paragraph spacing below an element."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in SCALED.get(el.tag, ()):
            if attr in el.attrib:
                el.set(attr, str(2 * int(el.get(attr, "0"))))
        if el.tag in RUN_PROPS and "sz" in el.attrib:
            el.set("sz", str(min(2 * int(el.get("sz", "0")), MAX_FONT_SIZE)))
        if el.tag.startswith(f"{{{NS['a']}}}"):
            for attr in ("marL", "indent"):
                if attr in el.attrib:
                    el.set(attr, str(2 * int(el.get(attr, "0"))))
        if el.tag == q("a:spcPts"):
            el.set("val", str(min(2 * int(el.get("val", "0")), MAX_SPACING)))


def double_size() -> Parts:
    """default.pptx scaled to twice the slide size, text and geometry with it."""
    parts = read_zip(DEFAULT_PPTX)
    pres = xml(parts, "ppt/presentation.xml")
    size = pres.find(q("p:sldSz"))
    for attr in ("cx", "cy"):
        size.set(attr, str(2 * int(size.get(attr, "0"))))
    _double(pres.find(q("p:defaultTextStyle")))
    put(parts, "ppt/presentation.xml", pres)
    for part in [*masters(parts), *all_layouts(parts)]:
        root = xml(parts, part)
        _double(root)
        put(parts, part, root)
    return parts


def pptx_default_potx() -> Parts:
    """python-pptx's default template saved as a PowerPoint template (.potx)."""
    parts = read_zip(PPTX_DEFAULT)
    types = xml(parts, "[Content_Types].xml")
    for override in types.iter(q("ct:Override")):
        if override.get("ContentType") == CT_PRESENTATION:
            override.set("ContentType", CT_TEMPLATE)
    put(parts, "[Content_Types].xml", types)
    return parts


def _add_rel(parts: Parts, part: str, rel_type: str, target: str) -> str:
    """Add a relationship from part to target; returns its new rId."""
    name = rels_of(part)
    if name in parts:
        root = xml(parts, name)
    else:
        root = etree.Element(q("pr:Relationships"), nsmap={None: NS["pr"]})
    used = {r.get("Id") for r in root}
    rid = next(f"rId{n}" for n in range(1, 10_000) if f"rId{n}" not in used)
    etree.SubElement(root, q("pr:Relationship"), Id=rid, Type=rel_type,
                     Target=relative(part, target))
    put(parts, name, root)
    return rid


def _add_override(parts: Parts, part: str, content_type: str) -> None:
    """Declare the content type of a new part."""
    types = xml(parts, "[Content_Types].xml")
    etree.SubElement(types, q("ct:Override"), PartName="/" + part, ContentType=content_type)
    put(parts, "[Content_Types].xml", types)


def _add_theme_title(parts: Parts, title: str) -> None:
    """Count one more theme in docProps/app.xml, as PowerPoint does."""
    name = "docProps/app.xml"
    app = xml(parts, name)
    pairs = app.find("ep:HeadingPairs/vt:vector", NS)
    titles = app.find("ep:TitlesOfParts/vt:vector", NS)
    if pairs is None or titles is None:
        return
    variants = list(pairs)
    offset = 0
    for head, count in zip(variants[::2], variants[1::2], strict=True):
        n = count.find("vt:i4", NS)
        offset += int(n.text or "0")
        if head.findtext("vt:lpstr", namespaces=NS) == "Theme":
            n.text = str(int(n.text or "0") + 1)
            entry = etree.Element(q("vt:lpstr"))
            entry.text = title
            titles.insert(offset, entry)
            titles.set("size", str(len(titles)))
            put(parts, name, app)
            return


COVER_NAME = "Forside"


def two_masters() -> Parts:
    """A cover master with one layout, and a content master with the Norwegian layouts."""
    parts = read_zip(DEFAULT_PPTX)
    localise(parts, NB)
    first = "ppt/slideMasters/slideMaster1.xml"
    second = "ppt/slideMasters/slideMaster2.xml"
    theme1 = next(t for kind, t in rels(parts, first).values() if kind == RT_THEME)
    theme2 = "ppt/theme/theme3.xml"  # theme2.xml belongs to the notes master
    layouts = master_layouts(parts, first)
    cover, content = layouts[0], layouts[1:]
    ids = [int(e.get("id", "0")) for p in ["ppt/presentation.xml", first]
           for e in xml(parts, p).iter(q("p:sldMasterId"), q("p:sldLayoutId"))]
    next_id = iter(range(max(ids) + 1, 2**32))

    # the theme of the second master: a copy of the first one's, under its own name
    theme = xml(parts, theme1)
    theme.set("name", theme.get("name", "") + " – innhold")
    put(parts, theme2, theme)
    _add_override(parts, theme2, CT_THEME)
    _add_theme_title(parts, theme.get("name", ""))

    # the second master: a copy of the first, listing the content layouts
    master = xml(parts, first)
    for created in master.iter("{http://schemas.microsoft.com/office/powerpoint/2010/main}"
                               "creationId"):
        created.set("val", str(int(created.get("val", "0")) + 1))
    id_list = master.find(q("p:sldLayoutIdLst"))
    id_list[:] = []
    master_id = next(next_id)
    for layout in content:
        rid = _add_rel(parts, second, RT_LAYOUT, layout)
        etree.SubElement(id_list, q("p:sldLayoutId"), {"id": str(next(next_id)), q("r:id"): rid})
    _add_rel(parts, second, RT_THEME, theme2)
    put(parts, second, master)
    _add_override(parts, second, CT_MASTER)

    # the first master keeps only the cover layout
    root = xml(parts, first)
    by_id = rels(parts, first)
    id_list = root.find(q("p:sldLayoutIdLst"))
    for entry in list(id_list):
        if by_id[entry.get(q("r:id"), "")][1] != cover:
            id_list.remove(entry)
    put(parts, first, root)
    first_rels = xml(parts, rels_of(first))
    for rel in list(first_rels):
        if rel.get("Type") == RT_LAYOUT and resolve(first, rel.get("Target", "")) != cover:
            first_rels.remove(rel)
    put(parts, rels_of(first), first_rels)

    # each content layout now belongs to the second master
    for layout in content:
        lay_rels = xml(parts, rels_of(layout))
        for rel in lay_rels:
            if rel.get("Type") == RT_MASTER:
                rel.set("Target", relative(layout, second))
        put(parts, rels_of(layout), lay_rels)
    lay = xml(parts, cover)
    lay.find(q("p:cSld")).set("name", COVER_NAME)
    put(parts, cover, lay)

    # presentation.xml lists the new master after the first
    rid = _add_rel(parts, "ppt/presentation.xml", RT_MASTER, second)
    pres = xml(parts, "ppt/presentation.xml")
    etree.SubElement(pres.find(q("p:sldMasterIdLst")), q("p:sldMasterId"),
                     {"id": str(master_id), q("r:id"): rid})
    put(parts, "ppt/presentation.xml", pres)
    return parts


def fr_no_notes_master() -> Parts:
    """python-pptx's default template as French PowerPoint names it; no notes master."""
    parts = read_zip(PPTX_DEFAULT)
    localise(parts, FR)
    return parts


FIXTURES: dict[str, Callable[[], Parts | None]] = {
    "nb-powerpoint.pptx": nb_powerpoint,
    "custom-untyped.pptx": custom_untyped,
    "no-notes-body.pptx": no_notes_body,
    "lo-saved.pptx": lo_saved,
    "double-size.pptx": double_size,
    "pptx-default.potx": pptx_default_potx,
    "two-masters.pptx": two_masters,
    "fr-no-notes-master.pptx": fr_no_notes_master,
}


def build(skip_lo: bool) -> None:
    """Write every fixture next to this script."""
    for name, make in FIXTURES.items():
        if make is lo_saved and skip_lo:
            print(f"{name}: LibreOffice step skipped (--skip-lo); file left as it is")
            continue
        parts = make()
        if parts is None:
            print(f"{name}: soffice not found, LibreOffice step skipped; file left as it is")
            continue
        (HERE / name).write_bytes(zip_bytes(parts))
        print(f"{name}: written")


# --------------------------------------------------------------------------------------------
# checks


def integrity(parts: Parts) -> list[str]:
    """Package problems: missing parts, dangling relationships, bad master/layout lists."""
    problems = []
    types = xml(parts, "[Content_Types].xml")
    defaults = {d.get("Extension", "").lower() for d in types.iter(q("ct:Default"))}
    overrides = {o.get("PartName", "").lstrip("/") for o in types.iter(q("ct:Override"))}
    problems += [f"override without part: {p}" for p in sorted(overrides - parts.keys())]
    for name in parts:
        ext = name.rsplit(".", 1)[-1].lower()
        if name != "[Content_Types].xml" and name not in overrides and ext not in defaults:
            problems.append(f"no content type: {name}")
        if not name.endswith(".rels"):
            continue
        source = source_of(name)
        if source and source not in parts:
            problems.append(f"relationships of a missing part: {name}")
        for rel in xml(parts, name).iter(q("pr:Relationship")):
            target = resolve(source, rel.get("Target", ""))
            if rel.get("TargetMode") != "External" and target not in parts:
                problems.append(f"{name}: {rel.get('Id')} -> missing {target}")
    ids: list[str] = []
    owner: dict[str, str] = {}
    pres = xml(parts, "ppt/presentation.xml")
    ids += [m.get("id", "") for m in pres.iter(q("p:sldMasterId"))]
    for master in masters(parts):
        ids += [e.get("id", "") for e in xml(parts, master).iter(q("p:sldLayoutId"))]
        for layout in master_layouts(parts, master):
            if layout in owner:
                problems.append(f"{layout} listed by {owner[layout]} and {master}")
            owner[layout] = master
            back = [t for kind, t in rels(parts, layout).values() if kind == RT_MASTER]
            if back != [master]:
                problems.append(f"{layout} points to master {back}, listed by {master}")
    if len(ids) != len(set(ids)):
        problems.append(f"duplicate master/layout ids: {sorted(ids)}")
    if any(not i.isdigit() or int(i) < 2**31 for i in ids):
        problems.append(f"master/layout id below 2147483648: {sorted(ids)}")
    orphans = sorted(p for p in parts if re.fullmatch(r"ppt/slideLayouts/[^/]+\.xml", p)
                     and p not in owner)
    problems += [f"layout not in any master: {p}" for p in orphans]
    return problems


def openable(data: bytes) -> bytes:
    """The package python-pptx will open: a .potx gets the presentation content type."""
    parts = read_zip(data)
    types = parts["[Content_Types].xml"]
    if CT_TEMPLATE.encode() not in types:
        return data
    parts["[Content_Types].xml"] = types.replace(CT_TEMPLATE.encode(), CT_PRESENTATION.encode())
    return zip_bytes(parts)


def _content_layout(prs: PresentationT) -> SlideLayout:
    """First layout (any master) with a title and exactly one body/object placeholder."""
    candidates = [lay for m in prs.slide_masters for lay in m.slide_layouts]
    for lay in candidates:
        kinds = [ph.placeholder_format.type for ph in lay.placeholders]
        body = [k for k in kinds if k in (PH.BODY, PH.OBJECT)]
        if PH.TITLE in kinds and len(body) == 1:
            return lay
    return candidates[0]


@dataclass
class Report:
    """What the checks found for one fixture."""

    name: str
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def add(self, line: str, ok: bool = True) -> None:
        """Record a line; a failing line marks the fixture failed."""
        self.lines.append(line if ok else f"FAIL {line}")
        self.ok = self.ok and ok


def check(name: str, copies: Path) -> Report:
    """Open, list, write to and integrity-check one fixture; saves a one-slide copy."""
    report = Report(name)
    path = HERE / name
    data = path.read_bytes()
    report.add(f"file size {len(data):,} bytes", len(data) <= MAX_FIXTURE_BYTES)
    problems = integrity(read_zip(data))
    report.add("package integrity: " + ("ok" if not problems else "; ".join(problems)),
               not problems)
    try:
        pptx.Presentation(io.BytesIO(data))
        report.add("python-pptx opens the file as it is")
    except ValueError as exc:
        expected = name.endswith(".potx")
        why = str(exc).split("' is ", 1)[-1]
        report.add(f"python-pptx refuses the file as it is: {why}", expected)
    prs = pptx.Presentation(io.BytesIO(openable(data)))
    before = len(prs.slides)
    w, h = prs.slide_width, prs.slide_height
    report.add(f"slide size {w} x {h} EMU ({w / 914400:.2f} x {h / 914400:.2f} in, "
               f"ratio {w / h:.3f}); slides in file: {len(prs.slides)}")
    for n, master in enumerate(prs.slide_masters, 1):
        listed = ", ".join(f"{lay.name} [{lay._element.get('type', '-')}]"
                           for lay in master.slide_layouts)
        report.add(f"master {n}: {listed}")
    notes = [p for r in prs.part.rels.values() if r.reltype == RT_NOTES_MASTER
             for p in [r.target_part]]
    if notes:
        body = notes[0]._element.find(".//p:ph[@type='body']", NS) is not None
        report.add(f"notes master: yes (body placeholder: {'yes' if body else 'no'})")
    else:
        report.add("notes master: no")
    layout = _content_layout(prs)
    slide = prs.slides.add_slide(layout)
    for ph in slide.placeholders:
        ph.text_frame.text = "Tittel" if ph.placeholder_format.idx == 0 else "Innhold"
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:
        frame.text = "Notat"
    out = io.BytesIO()
    prs.save(out)
    again = pptx.Presentation(io.BytesIO(out.getvalue()))
    report.add(f"writable: added a slide on layout '{layout.name}', saved and reopened "
               f"({len(again.slides)} slide(s) now); notes text frame on the new slide: "
               f"{'yes' if frame is not None else 'no'}", len(again.slides) == before + 1)
    copy = copies / f"{path.stem}-1slide.pptx"
    copy.write_bytes(out.getvalue())
    return report


def pdf_check(reports: dict[str, Report], copies: Path) -> None:
    """Convert every fixture and its one-slide copy to PDF with LibreOffice."""
    if soffice() is None:
        for report in reports.values():
            report.add("pdf: soffice not found, skipped")
        return
    out = copies / "pdf"
    sources = [HERE / n for n in reports] + [copies / f"{Path(n).stem}-1slide.pptx"
                                              for n in reports]
    done = run_soffice(["--convert-to", "pdf", "--outdir", str(out), *map(str, sources)], copies)
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is a test dependency
        PdfReader = None
    for name, report in reports.items():
        stem = Path(name).stem
        found = []
        for pdf in (out / f"{stem}.pdf", out / f"{stem}-1slide.pdf"):
            if not pdf.exists():
                found.append(f"{pdf.name} missing")
                continue
            pages = len(PdfReader(pdf).pages) if PdfReader else "?"
            found.append(f"{pdf.name} {pages} page(s)")
        ok = f"{stem}-1slide.pdf missing" not in found and f"{stem}.pdf missing" not in found
        report.add(f"LibreOffice to PDF (exit {done.returncode}): " + ", ".join(found), ok)


# LibreOffice's own output is kept as it is, warts included
AUDIT_MAY_FAIL = {"lo-saved.pptx"}


def audit(reports: dict[str, Report], copies: Path) -> None:
    """Validate the fixtures and their one-slide copies with openxml-audit, if installed."""
    try:
        import openxml_audit  # noqa: F401
    except ImportError:
        return
    folder = copies / "audit"
    folder.mkdir()
    for name in reports:
        shutil.copyfile(HERE / name, folder / name)
        copy = f"{Path(name).stem}-1slide.pptx"
        shutil.copyfile(copies / copy, folder / copy)
    done = subprocess.run([sys.executable, "-m", "openxml_audit", "-o", "json", "-m", "5",
                           "-r", str(folder)], capture_output=True, text=True, timeout=600,
                          check=False)
    found = json.loads(done.stdout)
    results = {Path(r["file"]).name: r for r in (found if isinstance(found, list) else [found])}
    for name, report in reports.items():
        copy = f"{Path(name).stem}-1slide.pptx"
        for label, file in (("fixture", name), ("one-slide copy", copy)):
            result = results.get(file)
            if result is None:
                report.add(f"openxml-audit ({label}): no result", False)
                continue
            errors = "; ".join(str(e.get("description", e))[:140] for e in result["errors"][:3])
            report.add(f"openxml-audit ({label}): {result['error_count']} error(s) {errors}",
                       result["error_count"] == 0 or name in AUDIT_MAY_FAIL)


def verify(pdf: bool) -> bool:
    """Run every check on every fixture on disk and print a summary."""
    with tempfile.TemporaryDirectory() as tmp:
        copies = Path(tmp)
        reports = {n: check(n, copies) for n in FIXTURES if (HERE / n).exists()}
        if pdf:
            pdf_check(reports, copies)
        audit(reports, copies)
    for report in reports.values():
        print(f"\n{report.name}: {'ok' if report.ok else 'FAILED'}")
        for line in report.lines:
            print(f"  {line}")
    missing = [n for n in FIXTURES if n not in reports]
    for name in missing:
        print(f"\n{name}: FAILED, not on disk")
    return all(r.ok for r in reports.values()) and not missing


def main(argv: list[str] | None = None) -> int:
    """Build the fixtures, then check them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-build", action="store_true", help="only check the files on disk")
    parser.add_argument("--skip-lo", action="store_true",
                        help="leave lo-saved.pptx as it is (LibreOffice output varies by version)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF check")
    args = parser.parse_args(argv)
    if not args.no_build:
        build(args.skip_lo)
    return 0 if verify(pdf=not args.no_pdf) else 1


if __name__ == "__main__":
    sys.exit(main())
