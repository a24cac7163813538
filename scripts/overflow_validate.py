"""Check the overflow measurements (check/overflow.py) against LibreOffice's rendering.

Builds a pack of test slides in a temporary folder (short text, full boxes, clear overflow,
very long words, long tables, columns, level-2 bullets, titles, quotes, code), plans and
writes the deck with the default template (or ``--template``), renders it with LibreOffice,
and reads where the text really ends on each page (``pdftotext -bbox-layout`` gives every
word's box in points). Each box of the plan is compared with what LibreOffice drew inside
it, under the same rule the check uses (text past the box's edge by more than a quarter of a
line, or a word broken because it is longer than a line), and the lines of text counted in
both. Prints one row a case and the agreement rate.

One difference is known and kept: LibreOffice (7.4) sets the lines inside table cells 1.0
font size apart, PowerPoint 1.2 as everywhere else. The check follows PowerPoint, so tables
whose cells wrap onto several lines come out taller here than in LibreOffice.

Run from the repository root::

    python scripts/overflow_validate.py [--keep FOLDER] [--template PPTX]

With a template in Arial (/work/shared/templates/lo-Vivid.pptx), LibreOffice sets it in
Liberation Sans, which has Arial's metrics (fonts-liberation2).

Needs LibreOffice (soffice) and poppler-utils (pdftotext). Exits with 1 below 90 % agreement.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from temapakker.check import check_pack
from temapakker.check.overflow import (
    CM,
    PT,
    SLACK,
    Measure,
    measure_deck,
    table_padding,
)
from temapakker.diagnostics import Sink
from temapakker.plan.deck import DeckPlan, TableContent, TextContent
from temapakker.plan.text import plain
from temapakker.read.pack import read_pack
from temapakker.template import Template
from temapakker.writers.pptx_deck import write_deck

# pdftotext's word boxes run from the font's ascent to its descent, 1.3 sizes tall for
# Carlito; LibreOffice's line box (1.2 sizes) starts 0.05 sizes above the word box and ends
# 0.15 sizes above its bottom (measured on single-spaced 24 pt text). Liberation Sans's
# word box is 1.15 sizes tall, as is LibreOffice's line box around it (measured on 18 pt).
GEOMETRY = {"carlito": (1.3, 0.05, 0.15), "liberation": (1.15, 0.0, 0.0)}
BOX, ABOVE, BELOW = GEOMETRY["carlito"]
BULLETS = set("•–-·")

LOREM = ("Kulturskolen er en del av kommunens tjenester for barn og unge, og den samarbeider med "
         "skole, SFO og barnehage om å gi alle barn et kunstfaglig tilbud der de bor. ")
WORDS = LOREM.split()


def words(n: int, start: int = 0) -> str:
    """n words of running Norwegian text."""
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def bullets(n: int, length: int = 5, indent: str = "") -> str:
    return "\n".join(f"{indent}- {words(length, i * 3)}" for i in range(n))


def columns(*bodies: str) -> str:
    inner = "\n".join(f"::: column\n{body}\n:::" for body in bodies)
    return f":::: columns\n{inner}\n::::"


def table(rows: int, cols: int = 3, cell: int = 2) -> str:
    head = "| " + " | ".join(f"Kolonne {c + 1}" for c in range(cols)) + " |"
    rule = "|" + "---|" * cols
    body = ["| " + " | ".join(words(cell, r + c) for c in range(cols)) + " |" for r in range(rows)]
    return "\n".join([head, rule, *body])


LONG = "Kulturskoleutviklingsprosjektsamarbeidsavtaleforhandlingsmøtereferatgodkjennings" \
    "prosedyrebeskrivelsesdokumentet"  # 110 letters: longer than any line
MEDIUM = "Kulturskolesamarbeidsavtaleforhandlingene"  # 41 letters: fits a full-width line only
CODE = "\n".join(f"linje_{i} = beregn(verdi_{i}, faktor={i})" for i in range(8))

# id, title, body (Markdown); '#' titles make section slides.
CASES: list[tuple[str, str, str]] = [
    ("short", "## Kort tekst", bullets(3, 3)),
    ("six-bullets", "## Seks punkter", bullets(6, 6)),
    ("eight-bullets", "## Åtte punkter", bullets(8, 5)),
    ("nine-bullets", "## Ni punkter (fullt)", bullets(9, 5)),
    ("ten-bullets", "## Ti punkter", bullets(10, 5)),
    ("fourteen-bullets", "## Fjorten punkter", bullets(14, 5)),
    ("wrapping-fits", "## Lange punkter som får plass", bullets(4, 28)),
    ("wrapping-full", "## Lange punkter, nesten fullt", bullets(5, 30)),
    ("wrapping-over", "## Lange punkter som renner over", bullets(6, 34)),
    ("paragraph-fits", "## Et avsnitt", words(80)),
    ("paragraphs-over", "## Tre lange avsnitt", "\n\n".join(words(70, i) for i in range(3))),
    ("level-two-fits", "## To nivåer",
     "\n".join(f"- {words(4, i)}\n{bullets(2, 5, '    ')}" for i in range(3))),
    ("level-two-over", "## To nivåer, for mye",
     "\n".join(f"- {words(6, i)}\n{bullets(3, 8, '    ')}" for i in range(4))),
    ("numbered-fits", "## Nummerert", "\n".join(f"{i + 1}. {words(6, i)}" for i in range(7))),
    ("numbered-over", "## Nummerert, for mye",
     "\n".join(f"{i + 1}. {words(12, i)}" for i in range(11))),
    ("heading-bullets", "## Overskrift og punkter", "### Hva vi vet\n\n" + bullets(6, 7)),
    ("bold-text", "## Fet tekst", "\n".join(f"- **{words(9, i)}**" for i in range(7))),
    ("long-word", "## Et svært langt ord", f"- {LONG}\n- {words(5)}"),
    ("medium-word", "## Et langt ord som får plass", f"- {MEDIUM}\n- {words(5)}"),
    ("url", "## En lang adresse",
     "- https://www.kulturskoleradet.no/rammeplan/fremtidens-kulturskole-rapport-2021"),
    ("two-columns-fit", "## To kolonner", columns(bullets(4, 4), bullets(4, 4))),
    ("two-columns-full", "## To kolonner, fulle", columns(bullets(8, 4), bullets(6, 6))),
    ("two-columns-over", "## To kolonner, den ene for lang", columns(bullets(12, 6), bullets(3))),
    ("two-columns-word", "## To kolonner, langt ord", columns(f"- {MEDIUM}", bullets(3, 3))),
    ("three-columns-fit", "## Tre kolonner",
     columns(bullets(3, 3), bullets(3, 3), bullets(3, 3))),
    ("three-columns-over", "## Tre kolonner, for mye",
     columns(bullets(8, 9), bullets(3, 3), bullets(3, 3))),
    ("table-5", "## Tabell, fem rader", table(5)),
    ("table-11", "## Tabell, elleve rader", table(11)),
    ("table-16", "## Tabell, seksten rader", table(16, 4)),
    ("table-24", "## Tabell, tjuefire rader", table(24, 4)),
    ("table-wrapping", "## Tabell med lange celler", table(6, 3, 14)),
    ("table-word", "## Tabell med langt ord",
     table(3, 5) + f"\n| {LONG} | a | b | c | d |"),
    ("title-two-lines", "## En lang tittel som går over to linjer fordi den ikke får plass på "
     "én linje", bullets(2, 3)),
    ("title-three-lines", "## En svært lang tittel som går over tre linjer fordi den er skrevet "
     "som en hel setning med mange ord og enda flere ord på slutten av setningen",
     bullets(2, 3)),
    ("section-fits", "# Seksjon med kort tekst", words(12)),
    ("section-over", "# Seksjon med mye tekst", words(90)),
    ("quote-fits", "## Sitat", "> Kultur gir mening og bygger fellesskap.\n>\n> — Ola Nordmann"),
    ("quote-over", "## Langt sitat", f"> {words(150)}\n>\n> — Ola Nordmann"),
    ("code-fits", "## Kode", f"```\n{CODE}\n```"),
    ("code-over", "## Mye kode", f"```\n{CODE}\n{CODE}\n```"),
    ("text-and-picture", "## Tekst og bilde", bullets(9, 6) + "\n\n![Et bilde](bilde.png)"),
    ("hard-breaks", "## Linjeskift", "\\\n".join(words(6, i) for i in range(12))),
    # Running text of growing length around the point where a twelfth line no longer fits:
    # here whether a line wraps depends on every word's width.
    *[(f"fill-{n}", f"## Fullt avsnitt, {n} ord", words(n, n)) for n in range(160, 208, 4)],
    *[(f"column-fill-{n}", f"## Full kolonne, {n} ord", columns(words(n, n), words(10)))
      for n in range(70, 102, 4)],
    # Tables whose cells wrap onto more and more lines.
    *[(f"table-fill-{n}", f"## Tabell, {n} ord i cellene", table(9, 3, n))
      for n in range(4, 12)],
]


@dataclass
class Word:
    text: str
    x0: float  # EMU
    y0: float
    x1: float
    y1: float

    @property
    def size(self) -> float:
        """The font size, in EMU."""
        return (self.y1 - self.y0) / BOX

    @property
    def line_top(self) -> float:
        return self.y0 - ABOVE * self.size

    @property
    def line_bottom(self) -> float:
        return self.y1 - BELOW * self.size


@dataclass
class Row:
    case: str
    part: str  # the box shown: 'title', 'text' or 'table'
    ours: float  # cm past the edge (negative: room left), largest over the slide's boxes
    ours_wide: bool
    theirs: float
    theirs_wide: bool
    ours_over: bool
    theirs_over: bool
    clipped: bool  # the text runs off the page, so LibreOffice's figure is cut short
    line: float  # cm
    ours_lines: int = 0  # lines of text in the box shown (0: a table)
    theirs_lines: int = 0

    @property
    def agree(self) -> bool:
        return self.ours_over == self.theirs_over

    @property
    def same_height(self) -> bool | None:
        """Both put the text's end within a quarter of a line of each other."""
        return None if self.clipped else abs(self.ours - self.theirs) <= SLACK * self.line


def write_pack(root: Path, template: Path | None = None) -> None:
    from PIL import Image

    root.mkdir(parents=True)
    own = f"template: {template.resolve()}\n" if template else ""
    (root / "pack.yaml").write_text(f"title: Overflow\nlanguage: nb\n{own}", encoding="utf-8")
    Image.new("RGB", (400, 300), (40, 90, 160)).save(root / "bilde.png")
    parts = [f"{title} {{#{ident}}}\n\n{body}\n" for ident, title, body in CASES]
    (root / "slides.md").write_text("\n".join(parts), encoding="utf-8")


def plan(root: Path) -> tuple[DeckPlan, Template]:
    from temapakker.plan.deck import plan_deck

    sink = Sink()
    pack = read_pack(root, sink)
    checked = check_pack(pack, sink) if pack is not None else None
    if checked is None or sink.errors:
        sys.exit("the test pack does not check: " + "; ".join(d.message for d in sink.items))
    deck = plan_deck(checked, dt.date(2021, 1, 1))
    # No footers: the footer sits just under the body box, where overflowing text goes.
    slides = tuple(dataclasses.replace(s, footer=None) for s in deck.slides)
    return dataclasses.replace(deck, slides=slides), checked.template


def render(pptx: Path) -> list[list[Word]]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        sys.exit("needs LibreOffice (soffice) and poppler-utils (pdftotext)")
    profile = pptx.parent / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(pptx.parent), str(pptx)],
                   check=True, capture_output=True, timeout=300)
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pptx.with_suffix(".pdf")), "-"],
                           check=True, capture_output=True).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(xhtml).iterfind(".//h:page", ns):
        found = []
        for w in page.iterfind(".//h:word", ns):
            x0, y0, x1, y1 = (float(w.get(k, "0")) * PT for k in ("xMin", "yMin", "xMax", "yMax"))
            found.append(Word(unicodedata.normalize("NFKC", w.text or ""), x0, y0, x1, y1))
        pages.append(found)
    return pages


def assign(page: list[Word], measures: list[Measure]) -> dict[int, list[Word]]:
    """Each word to the box it belongs to: horizontally inside, vertically nearest."""
    found: dict[int, list[Word]] = {i: [] for i in range(len(measures))}
    for word in page:
        if set(word.text) <= BULLETS or re.fullmatch(r"\d+\.", word.text):
            continue  # bullets and list numbers: other fonts, other boxes
        cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        best, distance = None, float("inf")
        for i, m in enumerate(measures):
            if not m.rect.left - PT <= cx <= m.rect.right + PT:
                continue
            d = max(m.rect.top - cy, cy - m.rect.bottom, 0)
            if d < distance:
                best, distance = i, d
        if best is not None:
            found[best].append(word)
    return found


def their_lines(words: list[Word]) -> int:
    """The lines LibreOffice set: words whose tops lie within half a size of each other
    share one."""
    tops: list[float] = []
    for w in sorted(words, key=lambda w: w.y0):
        if not tops or w.y0 - tops[-1] > w.size / 2:
            tops.append(w.y0)
    return len(tops)


def their_needed(m: Measure, words: list[Word], spacing: float) -> float:
    """How tall LibreOffice's text is, measured the way Measure.needed is."""
    if not words:
        return 0.0
    inset = 45720
    top = min(w.line_top for w in words) + (1 - spacing) * 1.2 * min(w.size for w in words)
    bottom = max(w.line_bottom for w in words)
    if m.part == "table":  # rows end their padding below the last line's text
        return bottom + table_padding(_table_of(m)) - m.rect.top
    if m.anchor == "b":  # the text ends a bottom inset above the edge; insets are equal
        return m.rect.bottom - top
    if m.anchor == "ctr":
        return bottom - top + inset
    return bottom - m.rect.top


def _table_of(m: Measure) -> TableContent:
    return next(r.content for r in m.slide.regions
                if isinstance(r.content, TableContent) and r.rect == m.rect)


def broken(m: Measure, words: list[Word]) -> bool:
    """LibreOffice broke a word of the box inside: only pieces of it were drawn."""
    tokens = {w.text for w in words}
    for word in source_words(m):
        if word not in tokens and any(len(t) > 2 and t != word and word.startswith(t)
                                      for t in tokens):
            return True
    return False


def source_words(m: Measure) -> Iterable[str]:
    """The words of a box that LibreOffice has no reason to break (no hyphens or slashes)."""
    slide = m.slide
    texts: list[str] = []
    if m.part == "title":
        texts.append(plain(slide.title))
    for region in slide.regions:
        if region.rect != m.rect:
            continue
        if isinstance(region.content, TextContent) and m.part == "text":
            texts.extend(plain(p.spans) for p in region.content.paragraphs)
        elif isinstance(region.content, TableContent) and m.part == "table":
            rows = (region.content.header, *region.content.rows)
            texts.extend(plain(cell) for row in rows for cell in row)
    for text in texts:
        for word in text.split():
            if len(word) > 1 and not re.search(r"[-–—/]", word):
                yield unicodedata.normalize("NFKC", word)


def compare(deck: DeckPlan, template: Template, pages: list[list[Word]]) -> list[Row]:
    measures = measure_deck(deck, template)
    rows = []
    for slide in deck.slides[1:]:
        ours = [m for m in measures if m.slide is slide]
        page = pages[slide.number - 1]
        owned = assign(page, ours)
        layout = template.by_key(slide.layout)
        title_spacing = layout.title.style.level(0).spacing \
            if layout and layout.title and layout.title.style else 1.0
        worst_ours, worst_theirs, part = -1e12, -1e12, ""
        ours_over = theirs_over = ours_wide = theirs_wide = False
        for i, m in enumerate(ours):
            spacing = title_spacing if m.part == "title" else 1.0
            excess = their_needed(m, owned[i], spacing) - m.rect.height
            cut = broken(m, owned[i])
            # show the fullest box by our measure; the title only when it runs over
            key = m.excess if m.part != "title" or m.overflows else m.excess - 1e11
            if key > worst_ours or not part:
                worst_ours, worst_theirs, part = key, excess, m.part
                shown, shown_words = m, owned[i]
            ours_over |= m.overflows or bool(m.wide)
            ours_wide |= bool(m.wide)
            theirs_wide |= cut
            theirs_over |= excess > SLACK * m.line or cut
        clipped = shown.rect.top + shown.needed > template.height  # below the page
        counted = shown.part != "table"
        rows.append(Row(slide.id, part, shown.excess / CM, ours_wide, worst_theirs / CM,
                        theirs_wide, ours_over, theirs_over, clipped, shown.line / CM,
                        shown.lines if counted else 0,
                        their_lines(shown_words) if counted else 0))
    return rows


def report(rows: list[Row]) -> float:
    def verdict(over: bool, wide: bool, cm: float) -> str:
        what = "wide word" if wide else "overflow" if over else "fits"
        return f"{what:9} {cm:+6.2f} cm"

    print(f"{'case':22} | {'box':5} | {'ours':18} | {'LibreOffice':18} | agree? | height | "
          "lines")
    print("-" * 23 + "|-------|" + "-" * 20 + "|" + "-" * 20 + "|--------|--------|------")
    for r in rows:
        height = {None: "cut", True: "same", False: "DIFF"}[r.same_height]
        lines = f"{r.ours_lines}/{r.theirs_lines}" if r.ours_lines else "-"
        print(f"{r.case:22} | {r.part:5} | {verdict(r.ours_over, r.ours_wide, r.ours)} | "
              f"{verdict(r.theirs_over, r.theirs_wide, r.theirs)} | "
              f"{'yes' if r.agree else 'NO':6} | {height:6} | {lines}")
    rate = sum(r.agree for r in rows) / len(rows)
    compared = [r for r in rows if r.same_height is not None]
    print(f"\n{sum(r.agree for r in rows)} of {len(rows)} cases agree: {rate:.0%} "
          f"({sum(r.theirs_over for r in rows)} overflow in LibreOffice, "
          f"{sum(r.ours_over for r in rows)} by our measure)")
    print(f"text ends within a quarter line of LibreOffice's in "
          f"{sum(bool(r.same_height) for r in compared)} of {len(compared)} cases whose text "
          "stays on the page")
    counted = [r for r in rows if r.ours_lines and not r.clipped]
    print(f"lines (ours/LibreOffice's, in the box shown): the same in "
          f"{sum(r.ours_lines == r.theirs_lines for r in counted)} of {len(counted)}, fewer by "
          f"our count in {sum(r.ours_lines < r.theirs_lines for r in counted)}, more in "
          f"{sum(r.ours_lines > r.theirs_lines for r in counted)}")
    print("cm: how far the text of the box shown runs past its edge (negative: room left); "
          "LibreOffice's figure stops at the page's edge, as words below it are not drawn")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--template", type=Path, help="build on this .pptx template")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
        root = work / "overflow"
        write_pack(root, args.template)
        deck, template = plan(root)
        global BOX, ABOVE, BELOW
        BOX, ABOVE, BELOW = GEOMETRY["carlito" if "calibri" in template.fonts[1].casefold()
                                     else "liberation"]
        pptx = work / "overflow.pptx"
        with pptx.open("wb") as handle:
            write_deck(deck, handle)
        pages = render(pptx)
        if len(pages) != len(deck.slides):
            sys.exit(f"LibreOffice drew {len(pages)} pages for {len(deck.slides)} slides")
        rate = report(compare(deck, template, pages))
    sys.exit(0 if rate >= 0.9 else 1)


if __name__ == "__main__":
    main()
