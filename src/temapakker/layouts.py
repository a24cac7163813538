"""Layout roles: which layout of a template plays each part the planner needs, and how we know.

A role is found, in order, by the standard English name (exactly, then ignoring case and
spaces), by the layout's ``type`` attribute, by a known localized name (PowerPoint in
Norwegian, Swedish, Danish, German, French and others, LibreOffice, Google Slides), and for
templates with neither by the placeholders a layout holds. A role the template lacks is
played by the built-in theme's layout, fitted to the template's master and slide size.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable
from xml.etree import ElementTree as ET

from temapakker.colour import contrast
from temapakker.diagnostics import close_matches
from temapakker.template import (
    CONTENT_TYPES,
    NS,
    TITLE_TYPES,
    Layout,
    Master,
    Placeholder,
    Rect,
    RoleMatch,
    Template,
    default_template_path,
    load_template,
)

for _prefix in ("a", "p", "r"):
    ET.register_namespace(_prefix, NS[_prefix])

ROLES = ("title", "content", "section", "two", "comparison", "title-only", "picture", "blank")
STANDARD = {
    "title": "Title Slide", "content": "Title and Content", "section": "Section Header",
    "two": "Two Content", "comparison": "Comparison", "title-only": "Title Only",
    "picture": "Picture with Caption", "blank": "Blank",
}
# What each role is, in the words `template check` and the error hints use.
WORDS = {
    "title": "title slide", "content": "title and content", "section": "section header",
    "two": "two content", "comparison": "comparison", "title-only": "title only",
    "picture": "picture with caption", "blank": "blank",
}
TYPES = {
    "title": ("title",), "content": ("obj", "tx"), "section": ("secHead",),
    "two": ("twoObj", "twoColTx"), "comparison": ("twoTxTwoObj",),
    "title-only": ("titleOnly",), "picture": ("picTx",), "blank": ("blank",),
}
# Layout names as PowerPoint writes them in nb, nn, sv, da, de, fr, es, nl, fi and en, as
# LibreOffice exports them, and as Google Slides and Keynote name theirs.
LOCALIZED: dict[str, tuple[str, ...]] = {
    "title": (
        "Tittellysbilde", "Tittellysbilete", "Rubrikbild", "Titelslide", "Titelfolie",
        "Diapositive de titre", "Diapositiva de título", "Titeldia", "Otsikkodia",
        "Title slide", "Title & Subtitle", "Title - Center",
    ),
    "content": (
        "Tittel og innhold", "Tittel og innhald", "Rubrik och innehåll", "Titel og indhold",
        "Titel und Inhalt", "Titre et contenu", "Título y objetos", "Titel en object",
        "Otsikko ja sisältö", "Title, Content", "Title and body", "Title & Bullets",
    ),
    "section": (
        "Inndelingsoverskrift", "Bolkoverskrift", "Avsnittsrubrik",
        "Afsnitsoverskrift", "Abschnittsüberschrift", "En-tête de section",
        "Encabezado de sección", "Sectiekop", "Osan ylätunniste", "Section header",
        "Section title", "Section",
    ),
    "two": (
        "To innholdsdeler", "To innhaldsdelar", "Två innehållsdelar", "To indholdsobjekter",
        "Zwei Inhalte", "Deux contenus", "Dos objetos", "Twee objecten",
        "Kaksi sisältökohdetta", "Title, 2 Content", "Title and two columns",
    ),
    "comparison": (
        "Sammenligning", "Samanlikning", "Jämförelse", "Vergleich", "Comparaison",
        "Comparación", "Vergelijking", "Vertailu",
    ),
    "title-only": (
        "Bare tittel", "Berre tittel", "Endast rubrik", "Kun titel", "Nur Titel",
        "Titre seul", "Solo el título", "Alleen titel", "Vain otsikko", "Title only",
    ),
    "picture": (
        "Bilde med bildetekst", "Bilete med bilettekst", "Bild med bildtext",
        "Billede med billedtekst", "Bild mit Überschrift", "Image avec légende",
        "Imagen con título", "Afbeelding met bijschrift", "Kuva ja kuvateksti",
        "Title, Bullets & Photo",
    ),
    "blank": (
        "Tomt", "Tom", "Tomt lysbilde", "Leer", "Vide", "En blanco", "Leeg", "Tyhjä",
        "Blank Slide",
    ),
}
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
# A content placeholder smaller than this share of the slide's area, or of its height, is a
# label or a strip (a subheading line, a footnote), not a place for a slide's body.
MAIN_SHARE = 0.06
MAIN_HEIGHT = 0.12
MIN_CONTRAST = 4.5


def normal(name: str) -> str:
    """A layout name without case, spaces, hyphens or soft hyphens, for matching."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-\u00ad_")


_KNOWN: dict[str, str] = {}
for _role in ROLES:
    for _name in (STANDARD[_role], *LOCALIZED[_role]):
        _KNOWN.setdefault(normal(_name), _role)


def role_of_name(name: str) -> str | None:
    """The role a standard or localized layout name stands for, if it is one we know."""
    return _KNOWN.get(normal(name))


# -- what a layout holds ---------------------------------------------------------------------

def _main(layout: Layout, width: int, height: int) -> list[Placeholder]:
    """Content placeholders big enough to hold a slide's body (not captions or labels)."""
    area = width * height
    return [p for p in layout.content if p.orient != "vert"
            and (p.rect is None or (p.rect.width * p.rect.height >= MAIN_SHARE * area
                                    and p.rect.height >= MAIN_HEIGHT * height))]


def _has_title(layout: Layout) -> bool:
    return any(p.orient != "vert" for p in layout.by_type(*TITLE_TYPES))


def shape_role(layout: Layout, width: int, height: int) -> str | None:
    """The role a layout's placeholders suggest, for layouts with no type and no known name."""
    main = _main(layout, width, height)
    subtitle = layout.by_type("subTitle")
    if not _has_title(layout):
        return "blank" if not main and not subtitle else None
    if not main:
        centred = any(p.type == "ctrTitle" for p in layout.placeholders)
        return "title" if subtitle or centred else "title-only"
    if any(p.type == "pic" for p in main):
        return "picture"
    if len(main) == 1:
        box = main[0].rect
        return "section" if box is not None and box.height < 0.3 * height else "content"
    if len(main) == 2:
        left, right = sorted(main, key=lambda p: p.rect.left if p.rect else 0)
        if not (left.rect and right.rect and left.rect.right <= right.rect.left + width // 50):
            return None
        labels = sorted((p for p in layout.content if p not in main and p.rect),
                        key=lambda p: p.rect.left if p.rect else 0)
        headed = len(labels) == 2 and all(
            label.rect and body.rect and abs(label.rect.left - body.rect.left) < width // 50
            and label.rect.bottom <= body.rect.top + height // 50
            for label, body in zip(labels, (left, right), strict=True))
        return "comparison" if headed else "two"
    return "comparison" if len(main) == 4 else None


def _suits(role: str, layout: Layout, width: int, height: int) -> bool:
    """A layout typed for a role also has what the role needs (LibreOffice types its
    six-content layout 'blank', and its title slide 'tx')."""
    main = len(_main(layout, width, height))
    title = _has_title(layout)
    return {
        "title": title, "section": title, "content": title and main >= 1,
        "two": title and main >= 2, "comparison": title and main >= 2,
        "title-only": title and main == 0, "picture": title and main >= 1,
        "blank": not title and main == 0,
    }[role]


def assign_roles(layouts: Iterable[Layout], width: int,
                 height: int) -> dict[str, RoleMatch | None]:
    """For each role, the template's layout that plays it and how it was found, or None."""
    layouts = list(layouts)
    found: dict[str, RoleMatch | None] = {}
    for role in ROLES:
        standard = STANDARD[role]
        localized = {normal(n) for n in LOCALIZED[role]}
        finders = (
            ("name", lambda lay, s=standard: lay.name == s),
            ("name", lambda lay, s=standard: normal(lay.name) == normal(s)),
            ("type", lambda lay, r=role: lay.type in TYPES[r] and _suits(r, lay, width, height)),
            ("localized name", lambda lay, names=localized: normal(lay.name) in names),
            ("placeholders", lambda lay, r=role: lay.type in ("", "cust")
             and shape_role(lay, width, height) == r),
        )
        found[role] = next((RoleMatch(role, lay, how) for how, test in finders
                            for lay in layouts if test(lay)), None)
    return found


# -- explicit layout names -------------------------------------------------------------------

def find_layout(template: Template, name: str) -> RoleMatch | None:
    """The layout an editor means by ``{layout="…"}``: the template's own name (exactly, then
    ignoring case and spaces), or a standard or localized name, through its role."""
    for test in (lambda lay: lay.name == name, lambda lay: normal(lay.name) == normal(name)):
        for layout in template.layouts:
            if test(layout):
                return RoleMatch(role_played(template, layout) or "", layout, "name")
    role = role_of_name(name)
    return template.role(role) if role else None


def role_played(template: Template, layout: Layout) -> str | None:
    """The first role this layout plays in the template, if any."""
    return next((m.role for m in template.roles if m.layout.key == layout.key), None)


def suggest_layout(template: Template, name: str, role: str) -> str:
    """The template's layout name an unknown name most likely means; else the one for role."""
    choices = {normal(lay.name): lay.name for lay in template.layouts}
    for known, known_role in _KNOWN.items():
        choices.setdefault(known, template.role(known_role).layout.name)
    close = close_matches(normal(name), list(choices), n=1, cutoff=0.6)
    return choices[close[0]] if close else template.role(role).layout.name


def describe_layouts(template: Template) -> str:
    """The template's layouts with the roles they play where their names do not say it:
    "'Tittel og innhold' (title and content), …"."""
    parts = []
    for layout in template.layouts:
        roles = [WORDS[m.role] for m in template.roles
                 if m.layout.key == layout.key and layout.name != STANDARD[m.role]]
        parts.append(f"'{layout.name}'" + (f" ({', '.join(roles)})" if roles else ""))
    return ", ".join(parts)


# -- the built-in theme's layouts, fitted to another template --------------------------------

def builtin_layout_xml(role: str, width: int, height: int, master: Master,
                       palette: dict[str, str]) -> bytes:
    """The built-in theme's layout for a role, as XML for a template that lacks one.

    Footers and titles without a box of their own inherit the template master's; body boxes
    are mapped from the built-in master's body area onto the template master's, so they keep
    clear of the template's bands and logos; everything else is scaled to the slide size.
    """
    ours = load_template(default_template_path())
    layout = ours.role(role).layout
    with zipfile.ZipFile(ours.path) as zf:
        root = ET.fromstring(zf.read(layout.key))
    sx, sy = width / ours.width, height / ours.height
    source = ours.masters[0].body.rect if ours.masters[0].body else None
    target = master.body.rect if master.body is not None else None
    if source is None:
        source = ours.body_area()
    if target is None:
        target = _scaled(source, sx, sy)
    csld = root.find("p:cSld", NS)
    if csld is not None:
        csld.set("name", STANDARD[role])
    tree = root.find("p:cSld/p:spTree", NS)
    for shape in list(tree) if tree is not None else []:
        ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        kind = ph.get("type", "obj") if ph is not None else None
        sp_pr = shape.find("p:spPr", NS)
        xfrm = sp_pr.find("a:xfrm", NS) if sp_pr is not None else None
        if kind in FOOTER_TYPES:
            # the template's own footers: position and text style from its master
            if sp_pr is not None and xfrm is not None:
                sp_pr.remove(xfrm)
            style = shape.find("p:txBody/a:lstStyle", NS)
            if style is not None:
                style.clear()
            continue
        if xfrm is None:
            continue
        rect = _rect(xfrm)
        if kind in CONTENT_TYPES and role not in ("title", "section"):
            rect = _mapped(rect, source, target)
        else:
            rect = _scaled(rect, sx, sy)
        _set_rect(xfrm, _inside(rect, width, height))
    _keep_readable(root, palette)
    for props in root.iter(f"{{{NS['a']}}}defRPr"):
        if props.get("sz"):
            props.set("sz", str(max(100, min(400000, round(int(props.get("sz", "1800")) * sy)))))
    return bytes(ET.tostring(root, encoding="UTF-8", xml_declaration=True))


def _keep_readable(root: ET.Element, palette: dict[str, str]) -> None:
    """The built-in section header is light text on the theme's second dark colour; where
    the template's colours make that unreadable, drop the background and the text colours,
    so the layout shows the master's own background and text."""
    fill = root.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr", NS)
    if fill is None:
        return
    paper = palette.get(fill.get("val", ""))
    inks = {palette.get(el.get("val", "")) for el in
            root.iterfind(".//a:defRPr/a:solidFill/a:schemeClr", NS)}
    if paper is None or all(ink is None or contrast(ink, paper) >= MIN_CONTRAST
                            for ink in inks):
        return
    csld = root.find("p:cSld", NS)
    bg = root.find("p:cSld/p:bg", NS)
    if csld is not None and bg is not None:
        csld.remove(bg)
    for props in root.iter(f"{{{NS['a']}}}defRPr"):
        for solid in props.findall("a:solidFill", NS):
            props.remove(solid)


def _rect(xfrm: ET.Element) -> Rect:
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    return Rect(int(off.get("x", 0)) if off is not None else 0,
                int(off.get("y", 0)) if off is not None else 0,
                int(ext.get("cx", 0)) if ext is not None else 0,
                int(ext.get("cy", 0)) if ext is not None else 0)


def _set_rect(xfrm: ET.Element, rect: Rect) -> None:
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is not None:
        off.set("x", str(rect.left))
        off.set("y", str(rect.top))
    if ext is not None:
        ext.set("cx", str(rect.width))
        ext.set("cy", str(rect.height))


def _scaled(rect: Rect, sx: float, sy: float) -> Rect:
    return Rect(round(rect.left * sx), round(rect.top * sy), round(rect.width * sx),
                round(rect.height * sy))


def _mapped(rect: Rect, source: Rect, target: Rect) -> Rect:
    """A box placed in ``target`` where it stood in ``source``."""
    fx, fy = target.width / source.width, target.height / source.height
    return Rect(round(target.left + (rect.left - source.left) * fx),
                round(target.top + (rect.top - source.top) * fy),
                round(rect.width * fx), round(rect.height * fy))


def _inside(rect: Rect, width: int, height: int) -> Rect:
    left, top = max(0, min(rect.left, width)), max(0, min(rect.top, height))
    return Rect(left, top, min(rect.width, width - left), min(rect.height, height - top))
