"""An Office Open XML package in memory: parts, content types and relationships.

Parts that are not changed keep their bytes; parsed parts are serialised once on save.
The zip is written in one pass with fixed timestamps, so equal input gives equal bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from temapakker.read.files import check_zip_members, copy_bounded

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE = _RT + "slide"
RT_SLIDE_LAYOUT = _RT + "slideLayout"
RT_SLIDE_MASTER = _RT + "slideMaster"
RT_NOTES_SLIDE = _RT + "notesSlide"
RT_NOTES_MASTER = _RT + "notesMaster"
RT_THEME = _RT + "theme"
RT_IMAGE = _RT + "image"
RT_HYPERLINK = _RT + "hyperlink"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_EXTENDED = _RT + "extended-properties"
RT_VIEW_PROPS = _RT + "viewProps"
RT_PRES_PROPS = _RT + "presProps"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_CT = "application/vnd.openxmlformats-officedocument.presentationml."
CT_PRESENTATION = _CT + "presentation.main+xml"
CT_SLIDE = _CT + "slide+xml"
CT_SLIDE_LAYOUT = _CT + "slideLayout+xml"
CT_NOTES_SLIDE = _CT + "notesSlide+xml"
CT_NOTES_MASTER = _CT + "notesMaster+xml"
CT_VIEW_PROPS = _CT + "viewProps+xml"
CT_PRES_PROPS = _CT + "presProps+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"
CT_EXTENDED = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
# What a picture is, from its first bytes: its name may have no extension or a wrong one.
_MAGIC = ((b"\x89PNG", "png"), (b"\xff\xd8", "jpeg"), (b"GIF8", "gif"), (b"BM", "bmp"),
          (b"II*\0", "tiff"), (b"MM\0*", "tiff"))


def image_extension(data: bytes) -> str:
    """The extension that names a picture's format in the package (png, jpeg, …)."""
    return next((ext for magic, ext in _MAGIC if data.startswith(magic)), "png")


IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
               "bmp": "image/bmp", "tiff": "image/tiff", "tif": "image/tiff"}

_QN: dict[str, str] = {}


def qn(tag: str) -> str:
    """'a:p' → '{namespace}p', cached."""
    found = _QN.get(tag)
    if found is None:
        prefix, local = tag.split(":")
        found = _QN[tag] = f"{{{NS[prefix]}}}{local}"
    return found


def rels_name(part: str) -> str:
    """The name of a part's relationships part: ppt/slides/_rels/slide1.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


@dataclass
class Rel:
    """One relationship of a part."""

    id: str
    type: str
    target: str  # a part name for internal targets, the address for external ones
    external: bool = False


class Rels:
    """The relationships of one part, in insertion order, with ids rId1, rId2, …"""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: dict[str, Rel] = {}
        self._next = 1

    def add(self, rel_type: str, target: str, external: bool = False) -> str:
        """Add a relationship and return its new id."""
        while f"rId{self._next}" in self.items:
            self._next += 1
        r_id = f"rId{self._next}"
        self.items[r_id] = Rel(r_id, rel_type, target, external)
        return r_id

    def of_type(self, rel_type: str) -> list[Rel]:
        """Relationships of a type, in order."""
        return [rel for rel in self.items.values() if rel.type == rel_type]

    def to_xml(self) -> bytes:
        root = etree.Element(qn("pr:Relationships"), nsmap={None: NS["pr"]})  # type: ignore[dict-item]
        folder = posixpath.dirname(self.source)
        for rel in self.items.values():
            el = etree.SubElement(root, qn("pr:Relationship"), Id=rel.id, Type=rel.type)
            if rel.external:
                el.set("Target", rel.target)
                el.set("TargetMode", "External")
            else:
                el.set("Target", posixpath.relpath(rel.target, folder or "."))
        return serialise(root)


@dataclass(frozen=True)
class FileData:
    """A zip entry copied from a file in pieces, never read whole into memory.

    ``path`` has passed :func:`~temapakker.read.files.regular_file`; it is opened again,
    as a regular file of at most ``limit`` bytes, only when the zip is written.
    """

    path: Path
    limit: int


# Formats that are compressed already: deflating them again costs time and saves nothing.
STORED = frozenset({"png", "jpg", "jpeg", "gif", "pptx", "docx", "zip"})


def write_zip(entries: Iterable[tuple[str, bytes | FileData]], when: dt.date) -> bytes:
    """A zip of the entries in order, each stamped with one date, so equal input gives
    equal bytes."""
    out = io.BytesIO()
    write_zip_to(out, entries, when)
    return out.getvalue()


def write_zip_to(target: BinaryIO, entries: Iterable[tuple[str, bytes | FileData]],
                 when: dt.date) -> None:
    """Write the zip of :func:`write_zip` to a file, copying file entries in pieces."""
    # A zip can hold the years 1980 to 2107 only; the true date is in the files themselves.
    stamp = (min(max(when.year, 1980), 2107), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            stored = name.rsplit(".", 1)[-1].lower() in STORED
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, bytes):
                zf.writestr(info, data, compresslevel=None if stored else 6)
                continue
            info.file_size = data.path.stat().st_size  # decides whether ZIP64 is needed
            with zf.open(info, "w") as entry:
                copy_bounded(data.path, data.limit, entry.write)


def serialise(root: Any) -> bytes:
    """An XML part as Office writes it."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


class Package:
    """A zip package: raw parts, parsed parts, relationships and content types."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip_members(zf)  # checked when the template was read; a cheap second look
            self.raw: dict[str, bytes] = {
                name: zf.read(name) for name in zf.namelist() if not name.endswith("/")
            }
        self.parsed: dict[str, Any] = {}
        self.files: dict[str, FileData] = {}  # parts copied from a file on save
        self.rels_cache: dict[str, Rels] = {}
        types = etree.fromstring(self.raw.pop("[Content_Types].xml"))
        self.defaults = {str(el.get("Extension", "")).lower(): str(el.get("ContentType", ""))
                         for el in types.iterfind(qn("ct:Default"))}
        self.overrides = {str(el.get("PartName", "")).lstrip("/"): str(el.get("ContentType", ""))
                          for el in types.iterfind(qn("ct:Override"))}

    # -- parts -------------------------------------------------------------
    def xml(self, part: str) -> Any:
        """A part parsed for editing; it is serialised again on save."""
        if part not in self.parsed:
            self.parsed[part] = etree.fromstring(self.raw[part])
        return self.parsed[part]

    def add_xml(self, part: str, root: Any, content_type: str) -> None:
        """Add a new XML part."""
        self.parsed[part] = root
        self.raw[part] = b""
        self.overrides[part] = content_type

    def freeze(self, part: str) -> None:
        """Serialise a finished XML part now, so its tree can be freed."""
        root = self.parsed.pop(part, None)
        if root is not None:
            self.raw[part] = serialise(root)

    def add_blob(self, part: str, data: bytes) -> None:
        """Add a binary part whose content type follows from its extension."""
        self.raw[part] = data
        ext = part.rsplit(".", 1)[-1].lower()
        self.defaults.setdefault(ext, IMAGE_TYPES.get(ext, "application/octet-stream"))

    def add_file(self, part: str, data: FileData) -> None:
        """Add a binary part that is copied from its file when the package is saved."""
        self.add_blob(part, b"")
        self.files[part] = data

    def remove(self, part: str) -> None:
        """Drop a part and its relationships."""
        self.raw.pop(part, None)
        self.files.pop(part, None)
        self.parsed.pop(part, None)
        self.overrides.pop(part, None)
        self.rels_cache.pop(part, None)
        self.raw.pop(rels_name(part), None)

    def rels(self, part: str) -> Rels:
        """The relationships of a part ('' for the package's own)."""
        if part not in self.rels_cache:
            rels = Rels(part)
            name = "_rels/.rels" if part == "" else rels_name(part)
            data = self.raw.pop(name, None)
            if data:
                folder = posixpath.dirname(part)
                for el in etree.fromstring(data).iterfind(qn("pr:Relationship")):
                    external = el.get("TargetMode") == "External"
                    target = el.get("Target", "")
                    if not external:
                        target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                    rels.items[el.get("Id", "")] = Rel(el.get("Id", ""), el.get("Type", ""),
                                                       target, external)
            self.rels_cache[part] = rels
        return self.rels_cache[part]

    def next_name(self, template: str, start: int = 1) -> tuple[str, int]:
        """The first free part name like 'ppt/slides/slide%d.xml', with its number."""
        n = start
        while template % n in self.raw:
            n += 1
        return template % n, n

    # -- saving ------------------------------------------------------------
    def save(self, when: dt.datetime) -> bytes:
        """The package as zip bytes, every entry stamped with one date."""
        out = io.BytesIO()
        self.save_to(out, when)
        return out.getvalue()

    def save_to(self, target: BinaryIO, when: dt.datetime) -> None:
        """Write the package as a zip to a file; file parts are copied in pieces."""
        write_zip_to(target, self._entries(), when)

    def _entries(self) -> Iterator[tuple[str, bytes | FileData]]:
        # A generator: each XML part is serialised just before it is written.
        yield "[Content_Types].xml", self._content_types()
        if "" in self.rels_cache:
            yield "_rels/.rels", self.rels_cache[""].to_xml()
        for name, data in self.raw.items():
            if name in self.parsed:
                data = serialise(self.parsed[name])
            yield name, self.files.get(name, data)
            rels = self.rels_cache.get(name)
            if rels is not None and rels.items:
                yield rels_name(name), rels.to_xml()

    def _content_types(self) -> bytes:
        root = etree.Element(qn("ct:Types"), nsmap={None: NS["ct"]})  # type: ignore[dict-item]
        defaults = dict(self.defaults)
        defaults.setdefault("rels", CT_RELS)
        defaults.setdefault("xml", "application/xml")
        for ext in sorted(defaults):
            etree.SubElement(root, qn("ct:Default"), Extension=ext, ContentType=defaults[ext])
        for part in sorted(self.overrides):
            if part in self.raw:
                etree.SubElement(root, qn("ct:Override"), PartName="/" + part,
                                 ContentType=self.overrides[part])
        return serialise(root)
