"""Read what the planner needs from a .pptx template without importing python-pptx.

Layout names, placeholder types and their boxes (inherited from the master where a layout
leaves them out), how each placeholder sets its text (sizes, spacing and indents per outline
level, insets, autofit), and the slide size. Parsing the XML directly keeps check and plan
free of the heavy writer libraries.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree as ET

from temapakker.read.files import (
    MAX_TEMPLATE,
    UnsafeFile,
    check_zip_members,
    digest_file,
    regular_file,
)

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = f"{{{NS['r']}}}id"

TITLE_TYPES = ("title", "ctrTitle")
SCHEME_ALIASES = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}
CONTENT_TYPES = ("body", "obj", "pic", "tbl", "chart", "clipArt", "dgm", "media")
MASTER_KIND = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}  # layout → master type
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # a:bodyPr lIns, tIns, rIns, bIns in EMU
LEVELS = 9
SLIDE_SIDE = (914400, 51206400)  # 1 to 56 inches, in EMU


class TemplateError(Exception):
    """The file is not a usable .pptx template."""


@dataclass(frozen=True)
class Rect:
    """A box in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """The right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """The bottom edge."""
        return self.top + self.height


@dataclass(frozen=True)
class LevelStyle:
    """How one outline level sets its paragraphs (a:lvlNpPr), once inheritance is resolved."""

    size: float = 18.0  # points (a:defRPr sz)
    spacing: float = 1.0  # line spacing as a share of single spacing (a:lnSpc/a:spcPct)
    spacing_pts: float = 0.0  # exact line spacing in points (a:lnSpc/a:spcPts); 0: use spacing
    before: float = 0.0  # points before the paragraph (a:spcBef/a:spcPts)
    before_lines: float = 0.0  # space before in lines (a:spcBef/a:spcPct)
    margin: int = 0  # marL, EMU
    indent: int = 0  # first-line indent (negative: hanging), EMU
    bold: bool = False
    bullet: bool = False  # the level draws a bullet (a:buChar or a:buAutoNum)
    bullet_char: str = ""  # a:buChar's character
    bullet_font: str = ""  # a:buFont's typeface
    # Colours as the template names them: a scheme colour ('accent1', 'tx1') or hex; the
    # writer writes scheme colours back as scheme colours, so a restyled theme reaches them.
    bullet_color: str = ""  # a:buClr
    color: str = ""  # a:defRPr's solid fill
    # a:defRPr's a:latin typeface, theme references (+mn-lt, +mj-lt) resolved; where no
    # layer names one, the theme's font for the role (major for titles, minor otherwise)
    font: str = ""


@dataclass(frozen=True)
class TextStyle:
    """How a text box sets text: a style per outline level, insets in EMU, and autofit."""

    levels: tuple[LevelStyle, ...] = (LevelStyle(),)
    insets: tuple[int, int, int, int] = DEFAULT_INSETS  # left, top, right, bottom
    autofit: str = "none"  # 'none', 'shrink' (a:normAutofit) or 'grow' (a:spAutoFit)
    anchor: str = "t"  # where the text sits: 't', 'ctr' or 'b' (a:bodyPr anchor)

    def level(self, n: int) -> LevelStyle:
        """The style of outline level n (0-based); deeper levels use the last one."""
        return self.levels[max(0, min(n, len(self.levels) - 1))]


@dataclass(frozen=True)
class Placeholder:
    """A placeholder of a layout: its type, idx, box and (for layouts) its text style.

    ``has_idx`` is False where the file leaves idx out (LibreOffice does), so several
    placeholders may share idx 0; ``sz`` is PowerPoint's size hint ('half', 'quarter').
    """

    type: str
    idx: int
    rect: Rect | None
    name: str
    style: TextStyle | None = None
    sz: str = ""
    orient: str = ""
    has_idx: bool = True


@dataclass(frozen=True)
class Layout:
    """A slide layout; ``background`` is a hex colour when it sets one.

    ``key`` names it uniquely: its part name in the template, or 'builtin:<role>' for a
    layout of the built-in theme that is copied into the deck (``xml``) because the
    template has none of that role. ``type`` is the file's own type attribute, if any.
    """

    name: str
    placeholders: tuple[Placeholder, ...]
    background: str | None = None
    key: str = ""
    type: str = ""
    master: str = ""
    xml: bytes | None = None

    def by_type(self, *types: str) -> list[Placeholder]:
        """Placeholders of the given types, left to right then top to bottom."""
        found = [p for p in self.placeholders if p.type in types]
        return sorted(found, key=lambda p: (p.rect.left, p.rect.top) if p.rect else (0, 0))

    @property
    def title(self) -> Placeholder | None:
        """The title placeholder, if any."""
        found = self.by_type(*TITLE_TYPES)
        return found[0] if found else None

    @property
    def content(self) -> list[Placeholder]:
        """Placeholders that hold body content."""
        return self.by_type(*CONTENT_TYPES)

    @property
    def builtin(self) -> bool:
        """The layout comes from the built-in theme, not from the template."""
        return self.xml is not None

    def ambiguous(self) -> list[Placeholder]:
        """Placeholders that share type and idx with another, so a slide cannot tell them
        apart by inheritance (LibreOffice writes body placeholders without idx)."""
        keys = [(MASTER_KIND.get(p.type, p.type), p.idx) for p in self.placeholders]
        return [p for p, k in zip(self.placeholders, keys, strict=True) if keys.count(k) > 1]


@dataclass(frozen=True)
class Master:
    """What a slide master gives its layouts: title and body boxes and styles, footers."""

    part: str
    title: Placeholder | None
    body: Placeholder | None


@dataclass(frozen=True)
class RoleMatch:
    """The layout that plays a role, and how it was found: 'name', 'type', 'localized
    name', 'placeholders' or 'built-in'."""

    role: str
    layout: Layout
    how: str


@dataclass(frozen=True)
class Template:
    """What the planner needs to know of a template."""

    path: Path
    width: int
    height: int
    layouts: tuple[Layout, ...]
    colors: tuple[tuple[str, str], ...] = ()  # theme colour scheme: (dk1, 1E2A36), …
    text_style: TextStyle = TextStyle()  # text boxes and table cells: the default text style
    roles: tuple[RoleMatch, ...] = ()
    masters: tuple[Master, ...] = ()
    notes: str = "ok"  # the notes master: 'ok', 'missing' (none at all) or 'no-body'

    color_map: tuple[tuple[str, str], ...] = tuple(SCHEME_ALIASES.items())  # p:clrMap
    fonts: tuple[str, str] = ("", "")  # the theme's major (headings) and minor (body) latin font

    def color(self, name: str, default: str = "000000") -> str:
        """A theme colour by scheme name (dk1, lt1, dk2, lt2, accent1 …) or by the name text
        uses (tx1, bg1, tx2, bg2), which the master's colour map points at a scheme colour
        (a dark template maps tx1 to lt1)."""
        name = dict(self.color_map).get(name, name)
        return dict(self.colors).get(name, default)

    def layout(self, name: str) -> Layout | None:
        """The template's layout with exactly this name, or None."""
        for layout in self.layouts:
            if layout.name == name:
                return layout
        return None

    def by_key(self, key: str) -> Layout | None:
        """A layout by its key, built-in ones included."""
        for layout in (*self.layouts, *(m.layout for m in self.roles)):
            if layout.key == key:
                return layout
        return None

    def role(self, role: str) -> RoleMatch:
        """The layout that plays a role (see temapakker.layouts.ROLES)."""
        for match in self.roles:
            if match.role == role:
                return match
        raise KeyError(role)

    @property
    def names(self) -> list[str]:
        """Every layout name, in the template's order."""
        return [layout.name for layout in self.layouts]

    def body_area(self) -> Rect:
        """The box where body content goes: the content layout's body, else the master's."""
        for role in ("content", "two"):
            boxes = [p.rect for p in self.role(role).layout.content if p.rect]
            if boxes:
                return _union(boxes)
        for master in self.masters:
            if master.body is not None and master.body.rect is not None:
                return master.body.rect
        margin = self.width // 20
        top = self.height // 4
        return Rect(margin, top, self.width - 2 * margin, self.height - top - self.height // 8)

    @property
    def body_size(self) -> float:
        """The size of first-level body text in the content layout, in points."""
        styled = [p for p in self.role("content").layout.content if p.style and p.rect]
        if styled:  # the biggest box: not a caption or a strip of small print beside it
            biggest = max(styled, key=lambda p: p.rect.width * p.rect.height if p.rect else 0)
            return biggest.style.level(0).size if biggest.style else 18.0
        master = self.masters[0].body if self.masters else None
        if master is not None and master.style is not None:
            return master.style.level(0).size
        return 18.0 * self.height / 6858000

    def title_box(self) -> tuple[Rect, float]:
        """Where a title goes on a layout without a title placeholder, and its size."""
        title = self.role("title-only").layout.title
        if title is not None and title.rect is not None and title.style is not None:
            return title.rect, title.style.level(0).size
        return (Rect(self.width // 20, self.height // 20, self.width - self.width // 10,
                     self.height // 7), 32.0 * self.height / 6858000)


def default_template_path() -> Path:
    """The theme shipped inside the package (found by path: importlib.resources would cost
    every build a few milliseconds of imports, and the deck writer needs a real file)."""
    return Path(__file__).parent / "data" / "default.pptx"


def _union(rects: list[Rect]) -> Rect:
    left, top = min(r.left for r in rects), min(r.top for r in rects)
    right, bottom = max(r.right for r in rects), max(r.bottom for r in rects)
    return Rect(left, top, right - left, bottom - top)


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    root = ET.fromstring(zf.read(rels_name))
    return {
        rel.get("Id", ""): posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        for rel in root.findall("rel:Relationship", NS)
        if rel.get("TargetMode") != "External"
    }


# One layer of text properties, as a template part states them: per level (0-8, -1 for
# a:defPPr) the attributes it sets; and the a:bodyPr attributes with the autofit element.
_Levels = dict[int, dict[str, object]]


@dataclass(frozen=True)
class _Body:
    """One part's text properties for a placeholder or text style: levels, body, autofit."""

    levels: _Levels
    body: dict[str, str]
    autofit: str | None


def _percent(value: str) -> float:
    """An ST_TextSpacingPercent: thousandths of a percent, or '90%' in strict files."""
    return float(value[:-1]) / 100 if value.endswith("%") else int(value) / 100000


def _level_props(ppr: ET.Element) -> dict[str, object]:
    props: dict[str, object] = {}
    for attr, key in (("marL", "margin"), ("indent", "indent")):
        if ppr.get(attr) is not None:
            props[key] = int(ppr.get(attr, "0"))
    for tag, pct, pts in (("a:lnSpc", "spacing", "spacing_pts"),
                          ("a:spcBef", "before_lines", "before")):
        found = ppr.find(tag, NS)
        if found is None:
            continue
        pct_el, pts_el = found.find("a:spcPct", NS), found.find("a:spcPts", NS)
        if pct_el is not None:
            props[pct] = _percent(pct_el.get("val", "100000"))
            props[pts] = 0.0
        elif pts_el is not None:
            props[pts] = int(pts_el.get("val", "0")) / 100
            props[pct] = 1.0 if tag == "a:lnSpc" else 0.0
    if ppr.find("a:buNone", NS) is not None:
        props["bullet"] = False
    elif ppr.find("a:buChar", NS) is not None or ppr.find("a:buAutoNum", NS) is not None:
        props["bullet"] = True
    char = ppr.find("a:buChar", NS)
    if char is not None and char.get("char"):
        props["bullet_char"] = char.get("char", "")
    font = ppr.find("a:buFont", NS)
    if font is not None and font.get("typeface"):
        props["bullet_font"] = font.get("typeface", "")
    bullet_color = _colour_ref(ppr.find("a:buClr", NS))
    if bullet_color:
        props["bullet_color"] = bullet_color
    rpr = ppr.find("a:defRPr", NS)
    if rpr is not None:
        color = _colour_ref(rpr.find("a:solidFill", NS))
        if color:
            props["color"] = color
        if rpr.get("sz") is not None:
            props["size"] = int(rpr.get("sz", "1800")) / 100
        if rpr.get("b") is not None:
            props["bold"] = rpr.get("b") in ("1", "true")
        latin = rpr.find("a:latin", NS)
        if latin is not None and latin.get("typeface"):
            props["font"] = latin.get("typeface", "")  # maybe '+mn-lt': _style resolves it
    return props


def _colour_ref(parent: ET.Element | None) -> str:
    """The colour an element holds: a scheme colour's name or an sRGB hex value ('' for
    none; shades and tints of it are not kept)."""
    if parent is None:
        return ""
    scheme = parent.find("a:schemeClr", NS)
    if scheme is not None:
        return scheme.get("val", "")
    srgb = parent.find("a:srgbClr", NS)
    return srgb.get("val", "").upper() if srgb is not None else ""


def _levels(style: ET.Element | None) -> _Levels:
    """The levels a list style (a:lstStyle, p:titleStyle, …) sets."""
    if style is None:
        return {}
    levels: _Levels = {}
    default = style.find("a:defPPr", NS)
    if default is not None:
        levels[-1] = _level_props(default)
    for n in range(LEVELS):
        ppr = style.find(f"a:lvl{n + 1}pPr", NS)
        if ppr is not None:
            levels[n] = _level_props(ppr)
    return levels


def _body(sp: ET.Element) -> _Body:
    body_pr = sp.find("p:txBody/a:bodyPr", NS)
    autofit = None
    if body_pr is not None:
        for tag, name in (("a:normAutofit", "shrink"), ("a:spAutoFit", "grow"),
                          ("a:noAutofit", "none")):
            if body_pr.find(tag, NS) is not None:
                autofit = name
    return _Body(_levels(sp.find("p:txBody/a:lstStyle", NS)),
                 dict(body_pr.attrib) if body_pr is not None else {}, autofit)


def _style(layers: list[_Body], fonts: tuple[str, str] = ("", ""),
           title: bool = False) -> TextStyle:
    """A text style from layers of inheritance, the most general first; ``fonts`` are the
    theme's major and minor latin typefaces, which a level names as +mj-lt and +mn-lt and a
    level naming none uses (a title the major, other text the minor, as PowerPoint does)."""
    major, minor = fonts
    levels = []
    for n in range(LEVELS):
        merged: dict[str, object] = {}
        for layer in layers:
            merged.update(layer.levels.get(-1, {}))
            merged.update(layer.levels.get(n, {}))
        face = str(merged.get("font", ""))
        merged["font"] = {"+mj-lt": major, "+mn-lt": minor, "": major if title else minor}.get(
            face, face)
        levels.append(LevelStyle(**merged))  # type: ignore[arg-type]
    body: dict[str, str] = {}
    autofit = "none"
    for layer in layers:
        body.update(layer.body)
        autofit = layer.autofit or autofit
    insets = tuple(int(body.get(attr, default)) for attr, default in
                   zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS, strict=True))
    return TextStyle(tuple(levels), (insets[0], insets[1], insets[2], insets[3]), autofit,
                     body.get("anchor", "t"))


def _placeholder_bodies(root: ET.Element) -> list[tuple[Placeholder, _Body]]:
    found = []
    for sp in root.iterfind("p:cSld/p:spTree/p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is None:
            continue
        name_el = sp.find("p:nvSpPr/p:cNvPr", NS)
        off = sp.find("p:spPr/a:xfrm/a:off", NS)
        ext = sp.find("p:spPr/a:xfrm/a:ext", NS)
        rect = None
        if off is not None and ext is not None:
            rect = Rect(int(off.get("x", 0)), int(off.get("y", 0)),
                        int(ext.get("cx", 0)), int(ext.get("cy", 0)))
        found.append((Placeholder(ph.get("type", "obj"), int(ph.get("idx", 0)), rect,
                                  name_el.get("name", "") if name_el is not None else "",
                                  sz=ph.get("sz", ""), orient=ph.get("orient", ""),
                                  has_idx=ph.get("idx") is not None),
                      _body(sp)))
    return found


def _theme_colors(zf: zipfile.ZipFile, master_part: str) -> tuple[tuple[str, str], ...]:
    for target in _rels(zf, master_part).values():
        if "/theme/" in target:
            scheme = ET.fromstring(zf.read(target)).find(".//a:clrScheme", NS)
            if scheme is None:
                return ()
            colors = []
            for entry in scheme:
                name = entry.tag.split("}")[1]
                srgb = entry.find("a:srgbClr", NS)
                system = entry.find("a:sysClr", NS)
                value = srgb.get("val") if srgb is not None else \
                    system.get("lastClr") if system is not None else None
                if value:
                    colors.append((name, value.upper()))
            return tuple(colors)
    return ()


def _theme_fonts(zf: zipfile.ZipFile, master_part: str) -> tuple[str, str]:
    """The theme's major and minor latin typefaces ('' where the theme names none)."""
    for target in _rels(zf, master_part).values():
        if "/theme/" in target:
            scheme = ET.fromstring(zf.read(target)).find(".//a:fontScheme", NS)
            if scheme is None:
                return ("", "")
            faces = [scheme.find(f"a:{kind}/a:latin", NS) for kind in ("majorFont", "minorFont")]
            major, minor = (f.get("typeface", "") if f is not None else "" for f in faces)
            return (major, minor)
    return ("", "")


def _color_map(master: ET.Element) -> dict[str, str]:
    """The master's p:clrMap: which scheme colour bg1, tx1, bg2 and tx2 stand for."""
    found = master.find("p:clrMap", NS)
    mapped = dict(found.attrib) if found is not None else {}
    return {alias: mapped.get(alias, target) for alias, target in SCHEME_ALIASES.items()}


def _palette(colors: tuple[tuple[str, str], ...], color_map: dict[str, str]) -> dict[str, str]:
    """Theme colours by every name a part may use for them, aliases resolved."""
    palette = dict(colors)
    palette.update({alias: palette[target] for alias, target in color_map.items()
                    if target in palette})
    return palette


def _background(root: ET.Element, colors: dict[str, str]) -> str | None:
    fill = root.find("p:cSld/p:bg/p:bgPr/a:solidFill", NS)
    if fill is None:
        return None
    srgb = fill.find("a:srgbClr", NS)
    if srgb is not None:
        return srgb.get("val", "").upper() or None
    scheme = fill.find("a:schemeClr", NS)
    if scheme is not None:
        return colors.get(scheme.get("val", ""))
    return None


def _inherit(ph: Placeholder, master: list[Placeholder]) -> Placeholder:
    if ph.rect is not None:
        return ph
    kind = MASTER_KIND.get(ph.type, ph.type)
    for m in master:
        if m.type == kind and m.rect is not None:
            return replace(ph, rect=m.rect)
    return ph


def _styled(ph: Placeholder, body: _Body, master: list[tuple[Placeholder, _Body]],
            tx_styles: dict[str, _Body], fonts: tuple[str, str]) -> Placeholder:
    """The placeholder with its text style: master text styles, master placeholder, layout."""
    kind = MASTER_KIND.get(ph.type, ph.type)
    base = tx_styles["title" if kind == "title" else "body"]
    on_master = next((b for m, b in master if m.type == kind), None)
    layers = [base, on_master, body] if on_master is not None else [base, body]
    return replace(ph, style=_style(layers, fonts, kind == "title"))


def _tx_styles(master: ET.Element) -> dict[str, _Body]:
    styles = master.find("p:txStyles", NS)
    found = {}
    for key, tag in (("title", "p:titleStyle"), ("body", "p:bodyStyle"), ("other", "p:otherStyle")):
        found[key] = _Body(_levels(styles.find(tag, NS) if styles is not None else None), {},
                           None)
    return found


@dataclass(frozen=True)
class _MasterContext:
    """A master as its layouts inherit from it."""

    part: str
    bodies: list[tuple[Placeholder, _Body]]
    tx_styles: dict[str, _Body]
    background: str | None
    palette: dict[str, str]  # theme colours by scheme name and alias (tx1, bg1, …)
    fonts: tuple[str, str] = ("", "")  # its theme's major and minor latin typefaces

    def read_layout(self, root: ET.Element, key: str, xml: bytes | None = None) -> Layout:
        """A layout part's placeholders, with boxes and styles resolved through the master."""
        csld = root.find("p:cSld", NS)
        name = csld.get("name", "") if csld is not None else ""
        phs = [ph for ph, _ in self.bodies]
        placeholders = tuple(_inherit(_styled(p, body, self.bodies, self.tx_styles,
                                              self.fonts), phs)
                             for p, body in _placeholder_bodies(root))
        return Layout(name, placeholders, _background(root, self.palette) or self.background, key,
                      root.get("type", ""), self.part, xml)

    def master(self) -> Master:
        """The master's title and body placeholders with their styles."""
        found: dict[str, Placeholder] = {}
        for ph, body in self.bodies:
            if ph.type in ("title", "body") and ph.type not in found:
                found[ph.type] = replace(ph, style=_style(
                    [self.tx_styles["title" if ph.type == "title" else "body"], body],
                    self.fonts, ph.type == "title"))
        return Master(self.part, found.get("title"), found.get("body"))


def _notes_state(zf: zipfile.ZipFile, pres_rels: dict[str, str]) -> str:
    for target in pres_rels.values():
        if "/notesMasters/" in target:
            root = ET.fromstring(zf.read(target))
            for ph in root.iterfind("p:cSld/p:spTree/p:sp/p:nvSpPr/p:nvPr/p:ph", NS):
                if ph.get("type") == "body":
                    return "ok"
            return "no-body"
    return "missing"


@lru_cache(maxsize=16)
def _load(path: Path, sha256: str) -> Template:
    """The template at path, whose bytes have this digest: from the cache between runs
    when these bytes were read before by this version of temapakker (``cache.py``)."""
    from temapakker import cache

    key = cache.key_of(str(path), sha256)
    found = cache.load("template", key, Template)
    if isinstance(found, Template):
        return found
    template = _read(path)
    cache.store("template", key, template)
    return template


def _read(path: Path) -> Template:
    from temapakker.layouts import assign_roles, builtin_layout_xml

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(f"not a PowerPoint file ({exc})") from exc
    with zf:
        try:
            check_zip_members(zf)
        except UnsafeFile as exc:
            raise TemplateError(str(exc)) from exc
        try:
            pres = ET.fromstring(zf.read("ppt/presentation.xml"))
        except KeyError as exc:
            raise TemplateError("not a PowerPoint file (no ppt/presentation.xml)") from exc
        width, height = _slide_size(pres)
        pres_rels = _rels(zf, "ppt/presentation.xml")
        layouts: list[Layout] = []
        masters: list[_MasterContext] = []
        colors: tuple[tuple[str, str], ...] = ()
        fonts = ("", "")
        color_map: dict[str, str] = {}
        default_text = _Body(_levels(pres.find("p:defaultTextStyle", NS)), {}, None)
        text_style: TextStyle | None = None
        for master_id in pres.iterfind("p:sldMasterIdLst/p:sldMasterId", NS):
            master_part = pres_rels.get(master_id.get(R_ID, ""), "")
            root = ET.fromstring(zf.read(master_part))
            tx_styles = _tx_styles(root)
            own_fonts = _theme_fonts(zf, master_part)
            # text boxes and table cells: the other text style, in the theme's minor font
            # unless it names another (a table style's cells use the minor font too)
            text_style = text_style or _style([tx_styles["other"], default_text], own_fonts)
            colors = colors or _theme_colors(zf, master_part)
            fonts = fonts if any(fonts) else own_fonts
            color_map = color_map or _color_map(root)
            palette = _palette(colors, _color_map(root))
            context = _MasterContext(master_part, _placeholder_bodies(root), tx_styles,
                                     _background(root, palette), palette, own_fonts)
            masters.append(context)
            master_rels = _rels(zf, master_part)
            for layout_id in root.iterfind("p:sldLayoutIdLst/p:sldLayoutId", NS):
                layout_part = master_rels.get(layout_id.get(R_ID, ""), "")
                layouts.append(context.read_layout(ET.fromstring(zf.read(layout_part)),
                                                   layout_part))
        notes = _notes_state(zf, pres_rels)
    if not layouts:
        raise TemplateError("the template has no slide layouts")
    found = assign_roles(layouts, width, height)
    roles = []
    content = found["content"] or found["title"]
    home = next((m for m in masters if content and m.part == content.layout.master), masters[0])
    for role, match in found.items():
        if match is None:
            xml = builtin_layout_xml(role, width, height, home.master(), home.palette)
            layout = home.read_layout(ET.fromstring(xml), f"builtin:{role}", xml)
            match = RoleMatch(role, layout, "built-in")
        roles.append(match)
    return Template(path, width, height, tuple(layouts), colors,
                    text_style or _style([default_text], fonts), tuple(roles),
                    tuple(m.master() for m in masters), notes, tuple(color_map.items()),
                    fonts)


def _slide_size(pres: ET.Element) -> tuple[int, int]:
    """The slide size in EMU; PowerPoint's own limits are 1 to 56 inches a side."""
    size = pres.find("p:sldSz", NS)
    width = int(size.get("cx", 12192000)) if size is not None else 12192000
    height = int(size.get("cy", 6858000)) if size is not None else 6858000
    if not all(SLIDE_SIDE[0] <= side <= SLIDE_SIDE[1] for side in (width, height)):
        raise TemplateError(f"its slide size {width} × {height} EMU is not one PowerPoint "
                            "can show (1 to 56 inches a side)")
    return width, height


def load_template(path: Path) -> Template:
    """Read a template's layouts; raises TemplateError when it is not a usable .pptx."""
    try:
        real = regular_file(path, None, MAX_TEMPLATE)
        sha256 = digest_file(real, MAX_TEMPLATE)
    except FileNotFoundError as exc:
        raise TemplateError(f"cannot open it ({exc.strerror})") from exc
    except UnsafeFile as exc:
        raise TemplateError(str(exc)) from exc
    try:
        return _load(path, sha256)
    except (KeyError, ET.ParseError, ValueError) as exc:
        raise TemplateError(f"the file is damaged ({exc})") from exc
