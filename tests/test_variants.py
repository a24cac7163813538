"""Variants (``extends:``): a pack holding only what differs from another pack.

The fixture ``samling-vestland`` is Pakke 2 as a region runs it: its own title, date and
place, a welcome slide after the title, a replaced slide, removed slides and a removed
block, a new block, changed minutes and a changed lead, starting at 12:30.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from tests.conftest import PACKS, run_cli

REPO = Path(__file__).parent.parent
CASES = Path(__file__).parent / "cases"  # the exact stderr of the error cases
VARIANT = "samling-vestland"


@pytest.fixture
def vestland(workdir: Path) -> Path:
    """The bundled Pakke 2 (with its template) and the Vestland variant beside it."""
    shutil.copytree(REPO / "packs" / "pakke-2-samfunnet", workdir / "packs" / "pakke-2-samfunnet")
    shutil.copytree(REPO / "templates", workdir / "templates")
    shutil.copytree(PACKS / VARIANT, workdir / "packs" / VARIANT)
    return workdir / "packs" / VARIANT


def _build(*args: str) -> Any:
    result = run_cli("build", "--formats", "pptx,html,docx", *args)
    assert result.exit_code == 0, result.stderr
    return result


def _manifest_pack(ident: str) -> dict[str, Any]:
    manifest = json.loads(Path("build/manifest.json").read_text(encoding="utf-8"))
    return next(p for p in manifest["packs"] if p["id"] == ident)


def _deck(ident: str) -> Any:
    return Presentation(f"build/{ident}/{ident}.pptx")


def _titles(deck: Any) -> list[str]:
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]


def _notes(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text)


def test_variant_deck_places_its_slides_in_the_base(vestland: Path) -> None:
    _build(f"packs/{VARIANT}")
    base = _titles(Presentation(_base_deck()))
    titles = _titles(_deck(VARIANT))
    assert titles[0] == "Kulturskolen i samfunnet – samling i Vestland"
    # after=title: the welcome slide is second, before the base's agenda
    assert titles[1:3] == ["Velkommen til Vestland", "Dagens plan"]
    # replace=hos-oss: in the replaced slide's place, between its neighbours in the base
    at = titles.index("Slik er det i Vestland")
    assert titles[at - 1] == base[base.index("Slik er det hos oss") - 1]
    assert "Slik er det hos oss" not in titles
    # after=refleksjon-1
    assert titles[titles.index("Refleksjon: samarbeid hos oss") + 1] == "Vestland i tall"
    # remove: [meld-st-18, pause]
    assert "Meld. St. 18 (2020–2021)" not in titles and "Pause" not in titles
    # the base's slides, with two removed, one replaced and two added
    assert len(titles) == len(base) - 2 + 2
    deck = _deck(VARIANT)
    assert _notes(deck.slides[0]) == "Ønsk velkommen på vegne av regionen"
    assert "Presenter regionens kontaktpersoner" in _notes(deck.slides[1])
    # a base slide keeps its notes as the base wrote them
    assert _notes(deck.slides[2]) == _notes(Presentation(_base_deck()).slides[1])


def _base_deck() -> Path:
    """The base built on its own, for comparison, in a folder of its own."""
    out = Path("base-build")
    if not out.is_dir():
        result = run_cli("build", "--formats", "pptx", "--out", str(out),
                         "packs/pakke-2-samfunnet")
        assert result.exit_code == 0, result.stderr
    return out / "pakke-2-samfunnet" / "pakke-2-samfunnet.pptx"


def test_variant_run_sheet_follows_its_slides_and_changes(vestland: Path) -> None:
    _build(f"packs/{VARIANT}")
    sheet = _manifest_pack(VARIANT)["runsheet"]
    titles = _titles(_deck(VARIANT))
    rows = [(b["title"], b["start"], b["end"], b["minutes"], b["lead"]) for b in sheet["blocks"]]
    assert rows == [
        ("Velkommen og dagens plan", "12:30", "12:35", 5, "Prosessleder"),
        ("Kulturskolen som utviklingsaktør", "12:35", "12:55", 20, "Prosessleder"),
        ("Refleksjon: samarbeid hos oss", "12:55", "13:10", 15, "Tidtaker"),
        ("Vestland i tall", "13:10", "13:15", 5, "Prosessleder"),
        ("Kulturskolen som lokalt ressurssenter", "13:15", "13:30", 15, "Prosessleder"),
        ("Eksempler fra pilotkommunene", "13:30", "13:37", 7, "Prosessleder"),
        ("Gruppearbeid: kulturskolen som døråpner", "13:37", "13:52", 15,
         "Ola Nordmann, kulturskolen i Sunnfjord"),
        ("Oppsummering, handlingsark og evaluering", "13:52", "14:00", 8, "Prosessleder"),
    ]
    assert (sheet["planned_minutes"], sheet["total_minutes"]) == (90, 90)
    numbers = {b["title"]: b["slides"] for b in sheet["blocks"]}
    # title..plan now holds the welcome slide too; numbers are the variant deck's
    assert numbers["Velkommen og dagens plan"] == [1, 2, 3]
    assert titles[numbers["Vestland i tall"][0] - 1] == "Vestland i tall"
    assert titles[numbers["Kulturskolen som utviklingsaktør"][-1] - 1] == \
        "Slik er det i Vestland"
    # the range ressurssenter-del..lk20 closes over the removed meld-st-18
    assert [titles[n - 1] for n in numbers["Kulturskolen som lokalt ressurssenter"]] == [
        "Kulturskolen som lokalt ressurssenter", "Et lokalt ressurssenter",
        "Rammeplanen for kulturskolen", "Meldingen om kulturskolen lokalt",
        "LK20: tre tverrfaglige temaer"]
    html = Path(f"build/{VARIANT}/{VARIANT}-kjoreplan.html").read_text(encoding="utf-8")
    # pack.yaml's date and place are the session's; roles changed by name
    assert "Scandic Flesland Airport, Bergen" in html
    assert "11. mars 2027" in html
    assert "Kari Nordmann" in html
    assert "Vis filmen fra Sunnfjord." in html


def test_variant_inherits_the_handout(vestland: Path) -> None:
    _build(f"packs/{VARIANT}")
    html = Path(f"build/{VARIANT}/{VARIANT}-forberedelse.html").read_text(encoding="utf-8")
    sections = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    # after=anbefalt-lesning adds a section; replace=praktisk-informasjon replaces one
    assert sections == ["Formål", "Anbefalt lesning", "Vestland i tall", "Refleksjonsspørsmål",
                        "Etter samlingen: handlingsark", "Praktisk informasjon"]
    assert "Forberedelse: Kulturskolen i samfunnet" in html  # the base's title
    assert "kl. 12.30–14.00 på Scandic Flesland" in html
    assert "Dato, sted og påmelding får du fra arrangøren." not in html
    # an own forberedelse.md replaces the base's
    (vestland / "forberedelse.md").write_text(
        "# Før samlingen i Vestland\n\n## Refleksjonsspørsmål\n\n1. Hva gjør dere nå?\n",
        encoding="utf-8")
    _build(f"packs/{VARIANT}")
    html = Path(f"build/{VARIANT}/{VARIANT}-forberedelse.html").read_text(encoding="utf-8")
    assert "Før samlingen i Vestland" in html
    assert "Forberedelse: Kulturskolen i samfunnet" not in html


def test_a_change_in_the_base_rebuilds_the_variant(vestland: Path) -> None:
    first = _build(f"packs/{VARIANT}")
    assert "samling-vestland: 26 slides" in first.stderr
    assert not Path("build/pakke-2-samfunnet").exists()  # the base is no output of its own
    again = _build(f"packs/{VARIANT}")
    assert again.stderr == "nothing to do: 1 pack(s) unchanged in build\n"
    slides = vestland.parent / "pakke-2-samfunnet" / "slides.md"
    slides.write_text(slides.read_text(encoding="utf-8").replace(
        "## Dagens plan {#plan}", "## Program for dagen {#plan}"), encoding="utf-8")
    third = _build(f"packs/{VARIANT}")
    assert "samling-vestland: 26 slides" in third.stderr
    assert _titles(_deck(VARIANT))[2] == "Program for dagen"
    assert not Path("build/pakke-2-samfunnet").exists()


def test_base_and_variant_built_together_report_base_problems_once(
        vestland: Path) -> None:
    slides = vestland.parent / "pakke-2-samfunnet" / "slides.md"
    slides.write_text(slides.read_text(encoding="utf-8") + "\n## Ekstra {.rar}\n\n- x\n",
                      encoding="utf-8")
    result = run_cli("check", "packs/pakke-2-samfunnet", f"packs/{VARIANT}")
    assert result.stdout.count("class '.rar' has no effect") == 1, result.stdout
    assert result.exit_code == 0


@pytest.fixture
def base(make_pack: Callable[..., Path]) -> Path:
    root = make_pack("grunn", "title: Grunn\n",
                     "## Innledning {#intro}\n\n- a\n\n## Funn {#funn}\n\n- b\n\n"
                     "## Slutt {#slutt}\n\n- c\n")
    (root / "kjoreplan.yaml").write_text(
        'start: "09:00"\nminutes: 30\nblocks:\n  - title: Innledning\n    minutes: 10\n'
        "    slides: title..intro\n  - title: Funn\n    id: funn\n    minutes: 10\n"
        "    slides: funn..slutt\n  - title: Pause\n    kind: pause\n    minutes: 10\n",
        encoding="utf-8")
    return root


def test_unknown_ids_are_located_with_the_bases_ids(
        base: Path, make_pack: Callable[..., Path]) -> None:
    root = make_pack("lokal", "extends: ../grunn\nremove: [funnn]\n",
                     "## Velkommen {after=intro2}\n\n- hei\n\n## Ny {before=title}\n\n- x\n")
    (root / "kjoreplan.yaml").write_text(
        "blocks:\n  - id: fun\n    minutes: 5\n  - title: Ny\n    after: pausen\n"
        "    minutes: 5\nremove: [innledningen]\n", encoding="utf-8")
    result = run_cli("build", "packs/lokal")
    assert result.exit_code == 1
    assert not Path("build").exists()
    assert result.stderr == (CASES / "variant-unknown-ids.txt").read_text(encoding="utf-8")


def test_cycles_and_bad_bases_are_errors(make_pack: Callable[..., Path]) -> None:
    make_pack("a", "extends: ../b\n", None)
    make_pack("b", "extends: ../a\n", None)
    make_pack("c", "title: C\nextends: ../c/slides.md\n")
    make_pack("d", "title: D\nextends: ../finnes-ikke\n")
    result = run_cli("build", "packs/a", "packs/c", "packs/d")
    assert result.exit_code == 1
    assert result.stderr == (CASES / "variant-bad-bases.txt").read_text(encoding="utf-8")


def test_a_variant_of_a_variant(base: Path, make_pack: Callable[..., Path]) -> None:
    make_pack("lokal", "extends: ../grunn\ntitle: Lokal\nremove: [slutt]\n",
              "## Velkommen {after=title}\n\n- hei\n")
    make_pack("skole", "extends: ../lokal\ntitle: Skole\n",
              "## Vår skole {#var-skole replace=funn}\n\n- her\n")
    result = run_cli("build", "--formats", "pptx,html", "packs/skole")
    assert result.exit_code == 0, result.stderr
    assert _titles(_deck("skole")) == ["Skole", "Velkommen", "Innledning", "Vår skole"]
    blocks = _manifest_pack("skole")["runsheet"]["blocks"]
    # funn..slutt: slutt removed in lokal, funn replaced by var-skole in skole
    assert [b["slides"] for b in blocks] == [[1, 2, 3], [4], []]
    assert _manifest_pack("skole")["bases"] == ["../lokal", "../grunn"]


def test_placement_in_a_pack_without_a_base_warns(make_pack: Callable[..., Path]) -> None:
    make_pack("x", "title: X\n", "## A {after=b}\n\n- a\n")
    result = run_cli("check", "packs/x")
    assert result.exit_code == 0
    assert result.stdout == """\
packs/x/slides.md:1:7: warning[not-a-variant]: 'after=b' has no effect: this pack extends no other
    ## A {after=b}
          ^^^^^
  hint: add extends: ../<base pack> to pack.yaml, or remove it
"""


def test_pictures_resolve_in_the_folder_of_the_file_naming_them(
        make_pack: Callable[..., Path]) -> None:
    picture = PACKS / "sample" / "media" / "kulturskole.png"
    base_root = make_pack("grunn", "title: Grunn\n",
                          "## Bilde {#bilde}\n\n![Sirkler](media/sirkler.png)\n")
    (base_root / "media").mkdir()
    shutil.copy(picture, base_root / "media" / "sirkler.png")
    root = make_pack("lokal", "extends: ../grunn\n",
                     "## Vårt bilde {after=bilde}\n\n![Våre sirkler](media/vare.png)\n")
    (root / "media").mkdir()
    shutil.copy(picture, root / "media" / "vare.png")
    result = run_cli("build", "--formats", "pptx", "packs/lokal")
    assert result.exit_code == 0, result.stderr
    deck = _deck("lokal")
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 2
    # the variant cannot reach into its base's folder by a path of its own
    (root / "slides.md").write_text("## Lånt {after=bilde}\n\n![Lånt](../grunn/media/"
                                    "sirkler.png)\n", encoding="utf-8")
    result = run_cli("build", "--formats", "pptx", "packs/lokal")
    assert result.exit_code == 1
    assert "packs/lokal/slides.md:3:1: error[outside-pack]: picture " \
        "'../grunn/media/sirkler.png' lies outside the pack folder" in result.stderr


def test_the_variants_run_sheet_names_slides_as_they_stand_in_the_variant(
        base: Path, make_pack: Callable[..., Path]) -> None:
    root = make_pack("lokal", "extends: ../grunn\nremove: [slutt]\n", None)
    (root / "kjoreplan.yaml").write_text("blocks:\n  - id: funn\n    slides: [funn, slutt]\n",
                                         encoding="utf-8")
    result = run_cli("build", "packs/lokal")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "packs/lokal/kjoreplan.yaml:3:20: error[unknown-slide]: the run sheet names slide "
        "'slutt', which does not exist\n")


def test_the_download_page_says_what_a_variant_is_based_on(vestland: Path) -> None:
    result = run_cli("build", "--formats", "pptx,site", f"packs/{VARIANT}",
                     "packs/pakke-2-samfunnet")
    assert result.exit_code == 0, result.stderr
    page = Path("build/index.html").read_text(encoding="utf-8")
    variant = page[page.index(f'id="pack-{VARIANT}"'):]
    variant = variant[:variant.index("</article>")]
    assert "<dt>Lokal utgave av:</dt><dd>Pakke 2 – Kulturskolen i samfunnet</dd>" in variant
    base = page[page.index('id="pack-pakke-2-samfunnet"'):]
    assert "Lokal utgave av" not in base[:base.index("</article>")]
    assert _manifest_pack(VARIANT)["based_on_pack"] == "Pakke 2 – Kulturskolen i samfunnet"


def test_new_from_scaffolds_a_variant_whose_examples_build(vestland: Path) -> None:
    result = run_cli("new", "--from", "pakke-2-samfunnet", "samling-ny")
    assert result.exit_code == 0, result.stderr
    root = vestland.parent / "samling-ny"
    assert sorted(p.name for p in root.iterdir()) == [
        "forberedelse.md", "kjoreplan.yaml", "pack.yaml", "slides.md"]
    assert "extends: ../pakke-2-samfunnet\n" in (root / "pack.yaml").read_text(encoding="utf-8")
    # as written, with every example in comments, it builds as the base with its own title
    built = run_cli("build", "--strict", "--formats", "pptx,html", "packs/samling-ny")
    assert built.exit_code == 0, built.stderr
    assert _titles(_deck("samling-ny"))[1:] == _titles(Presentation(_base_deck()))[1:]
    # with the comment marks taken away, every example names ids the base has
    key = re.compile(r"^# ( *(?:- )?[a-z_]+:.*)$")
    for name in ("pack.yaml", "kjoreplan.yaml"):
        lines = (root / name).read_text(encoding="utf-8").splitlines()
        (root / name).write_text("\n".join(m.group(1) if (m := key.match(line)) else line
                                           for line in lines) + "\n", encoding="utf-8")
    for name in ("slides.md", "forberedelse.md"):
        text = (root / name).read_text(encoding="utf-8")
        (root / name).write_text(text[text.index("\n## "):].replace("-->", ""),
                                 encoding="utf-8")
    built = run_cli("build", "--formats", "pptx,html", "packs/samling-ny")
    assert built.exit_code == 0, built.stderr
    titles = _titles(_deck("samling-ny"))
    assert titles[1] == "Velkommen til samlingen"
    assert "Slik er det hos oss" in titles and "Før vi avslutter" in titles
    assert "Kilder (forts.)" not in titles  # remove: [the base's last slide]
    blocks = _manifest_pack("samling-ny")["runsheet"]["blocks"]
    assert [b["title"] for b in blocks][:2] == ["Velkommen og dagens plan",
                                                 "Regionens egne tall"]
    assert blocks[0]["lead"] == "Kari Nordmann"


def test_bases_from_a_tampered_manifest_are_not_walked(vestland: Path) -> None:
    _build(f"packs/{VARIANT}")
    manifest_path = Path("build/manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["packs"][0]["bases"] == ["../pakke-2-samfunnet"]
    manifest["packs"][0]["bases"] = ["/"]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    # '/' is no pack folder: the recorded fingerprint no longer matches, so the variant is
    # built again, from its real base
    again = _build(f"packs/{VARIANT}")
    assert "samling-vestland: 26 slides" in again.stderr
    assert json.loads(manifest_path.read_text(encoding="utf-8"))["packs"][0]["bases"] == \
        ["../pakke-2-samfunnet"]


def test_serve_watches_the_base_of_a_variant_it_previews(vestland: Path) -> None:
    from temapakker.serve import base_folders

    _build(f"packs/{VARIANT}")
    base = (vestland.parent / "pakke-2-samfunnet").resolve()
    assert base_folders(Path("build"), [vestland.resolve()]) == [base]
    # a base that is itself previewed is watched already
    assert base_folders(Path("build"), [vestland.resolve(), base]) == []
