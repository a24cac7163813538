"""The run sheet and the handout: times, slide numbers, formats, labels and bad input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from temapakker.plan.runsheet import clock, slides_text
from tests.conftest import PACKS, run_cli

MakePack = Callable[..., Path]


def text_of(page: Path) -> str:
    """An HTML page's source with its inline tags removed (spans that keep ranges whole)."""
    return re.sub(r"</?span[^>]*>", "", page.read_text(encoding="utf-8"))


def manifest(workdir: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((workdir / "build" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def session(copy_pack: Callable[[str], Path]) -> Path:
    return copy_pack("session")


def test_times_totals_and_slide_numbers(session: Path, workdir: Path) -> None:
    result = run_cli("build", "--formats", "html")
    assert result.exit_code == 0, result.stderr
    [pack] = manifest(workdir)["packs"]
    sheet = pack["runsheet"]
    assert (sheet["start"], sheet["planned_minutes"], sheet["total_minutes"]) == ("09:00", 90, 90)
    rows = [(b["start"], b["end"], b["minutes"], b["slides"], b["kind"], b["optional"])
            for b in sheet["blocks"]]
    assert rows == [
        ("09:00", "09:10", 10, [1, 2], "presentasjon", False),
        ("09:10", "09:30", 20, [3, 4, 5], "presentasjon", False),
        ("09:30", "09:45", 15, [6], "refleksjon", False),
        ("09:45", "09:55", 10, [], "pause", True),
        ("09:55", "10:20", 25, [7], "gruppearbeid", False),
        ("10:20", "10:30", 10, [8], "plenum", False),
    ]
    assert pack["handout"] == {"questions": 3, "references": 3}
    kinds = sorted((f["kind"], f["format"], f["path"]) for f in pack["files"])
    assert kinds == [("answers", "html", "session/session-svarark.html"),
                     ("handout", "html", "session/session-forberedelse.html"),
                     ("program", "html", "session/session-program.html"),
                     ("runsheet", "html", "session/session-kjoreplan.html")]


def test_inserting_a_slide_renumbers_the_run_sheet(session: Path, workdir: Path) -> None:
    assert run_cli("build", "--formats", "html").exit_code == 0
    before = [b["slides"] for b in manifest(workdir)["packs"][0]["runsheet"]["blocks"]]
    slides = session / "slides.md"
    text = slides.read_text(encoding="utf-8")
    text = text.replace("## Funn {#funn}", "## Ny {#ny}\n\n- innskutt\n\n## Funn {#funn}")
    slides.write_text(text, encoding="utf-8")
    result = run_cli("build", "--formats", "html")
    assert result.exit_code == 0, result.stderr
    after = [b["slides"] for b in manifest(workdir)["packs"][0]["runsheet"]["blocks"]]
    assert after[0] == before[0]
    assert after[1] == [3, 4, 5, 6]  # the range bakgrunn..funn now takes the new slide in
    for old, new in zip(before[2:], after[2:], strict=True):
        assert new == [n + 1 for n in old]
    html = text_of(workdir / "build" / "session" / "session-kjoreplan.html")
    assert "Lysbilde 3–6" in html and "Lysbilde 9" in html


def test_clock_and_slide_text() -> None:
    assert clock(9 * 60) == "09:00"
    assert clock(23 * 60 + 50 + 20) == "00:10"
    assert slides_text((4, 5, 6, 7, 9, 11, 12), "Lysbilde") == "Lysbilde 4–7, 9, 11–12"
    assert slides_text((), "Lysbilde") == ""


def test_every_format(session: Path, workdir: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    folder = workdir / "build" / "session"
    doc = Document(str(folder / "session-kjoreplan.docx"))
    roles, table = doc.tables[:2]
    assert [c.text for c in roles.columns[0].cells] == ["Roller", "Prosessleder", "Tidtaker",
                                                        "Skriver"]
    assert [c.text for c in table.rows[0].cells] == ["Tid", "Min.", "Sum", "Aktivitet",
                                                     "Lysbilder", "Ansvar"]
    assert len(table.rows) == 7
    assert [c.text.replace("\u2060", "") for c in table.rows[2].cells][:3] == \
        ["09:10–09:30", "20", "30"]
    # Word joiners keep a range on one line; they are not seen.
    assert table.rows[2].cells[4].text == "Lysbilde 3\u2060–\u20605"
    assert "Gruppearbeid" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    lang = doc.styles.element.find(".//{*}docDefaults//{*}lang")
    assert lang.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") \
        == "nb-NO"
    assert doc.core_properties.title == "Kjøreplan: Regional samling"

    handout = Document(str(folder / "session-forberedelse.docx"))
    numbered = [p.text for p in handout.paragraphs if p.style.name == "List Number"]
    assert numbered == ["Hvilken rolle har kulturskolen i kommunen i dag?",
                        "Hvem samarbeider kulturskolen med?", "Hva vil vi oppnå med samlingen?"]

    pdf = PdfReader(folder / "session-kjoreplan.pdf")
    assert len(pdf.pages) == 3  # the sheet, the participants' programme, one group card
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged, for screen readers (PDF/UA)
    assert root["/Lang"] == "nb"
    assert "/StructTreeRoot" in root
    first = pdf.pages[0].extract_text()
    assert "Kjøreplan" in first and "Lysbilde 3–5" in first
    assert "Hva fungerer godt hos oss?" in pdf.pages[2].extract_text()
    assert len(PdfReader(folder / "session-forberedelse.pdf").pages) == 1


def test_outputs_are_byte_identical(session: Path, workdir: Path) -> None:
    assert run_cli("build", "--out", "one").exit_code == 0
    assert run_cli("build", "--out", "two").exit_code == 0
    one = sorted(p.relative_to(workdir / "one") for p in (workdir / "one").rglob("*")
                 if p.is_file())
    # deck, 4 x (html, docx, pdf), bundle, 3 thumbnails, page, manifest
    assert len(one) == 19
    for path in one:
        assert (workdir / "one" / path).read_bytes() == (workdir / "two" / path).read_bytes(), \
            path


@pytest.mark.parametrize(("language", "words"), [
    ("nn", ["Køyreplan", "Lysbilete 3–5", "Korleis svarar vi?", 'lang="nn"']),
    ("en", ["Run sheet", "Slide 3–5", "How do we answer?", 'lang="en"']),
])
def test_labels_follow_the_language(session: Path, workdir: Path, language: str,
                                    words: list[str]) -> None:
    meta = session / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("language: nb",
                                                             f"language: {language}"),
                    encoding="utf-8")
    assert run_cli("build", "--formats", "html").exit_code == 0
    html = text_of(workdir / "build" / "session" / "session-kjoreplan.html")
    for word in words:
        assert word in html


def test_pack_text_is_data_never_template(session: Path, workdir: Path) -> None:
    sheet = session / "kjoreplan.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace(
        'title: "Regional samling"', 'title: "{{ 7*7 }} <script>alert(1)</script>"'),
        encoding="utf-8")
    handout = session / "forberedelse.md"
    handout.write_text(handout.read_text(encoding="utf-8") +
                       "\nMer {{ 7*7 }} og <script>alert(2)</script> her.\n", encoding="utf-8")
    assert run_cli("build", "--formats", "html,docx").exit_code == 0
    folder = workdir / "build" / "session"
    for name in ("session-kjoreplan.html", "session-forberedelse.html"):
        html = (folder / name).read_text(encoding="utf-8")
        assert "<script" not in html
        assert "{{ 7*7 }}" in html
        assert "49" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in \
        (folder / "session-kjoreplan.html").read_text(encoding="utf-8")
    from docx import Document

    doc = Document(str(folder / "session-kjoreplan.docx"))
    assert any(p.text == "{{ 7*7 }} <script>alert(1)</script>" for p in doc.paragraphs)


def test_pack_without_run_sheet_or_handout_still_builds(make_pack: MakePack,
                                                        workdir: Path) -> None:
    make_pack("a")
    assert run_cli("build").exit_code == 0
    [pack] = manifest(workdir)["packs"]
    assert "runsheet" not in pack and "handout" not in pack
    assert {f["kind"] for f in pack["files"]} == {"deck", "thumbnail", "bundle"}


def test_pdf_is_skipped_without_weasyprint(session: Path, workdir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("temapakker.writers.pdf.pdf_missing",
                        lambda: "WeasyPrint is not installed (pip install 'temapakker[pdf]')")
    result = run_cli("build")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "PDF skipped: WeasyPrint is not installed (pip install 'temapakker[pdf]')")
    assert not list((workdir / "build" / "session").glob("*.pdf"))
    asked = run_cli("build", "--formats", "pdf")
    assert asked.exit_code == 2
    assert asked.stderr == ("temapakker: cannot make PDF: WeasyPrint is not installed "
                            "(pip install 'temapakker[pdf]')\n")


# -- bad input ---------------------------------------------------------------------------

SLIDES = "## En {#en}\n\n- a\n\n## To {#to}\n\n- b\n\n## Tre {#tre}\n\n- c\n"


def sheet(blocks: str, head: str = 'start: "09:00"\nminutes: 30\n') -> str:
    return head + "blocks:\n" + blocks


def errors_of(make_pack: MakePack, runsheet: str) -> tuple[int, list[str]]:
    root = make_pack("a", slides=SLIDES)
    (root / "kjoreplan.yaml").write_text(runsheet, encoding="utf-8")
    result = run_cli("build", "--formats", "html")
    lines = [line for line in result.stderr.splitlines() if "error[" in line]
    return result.exit_code, lines


def test_unknown_slide_id_names_nearby_ids(make_pack: MakePack) -> None:
    root = make_pack("a", slides=SLIDES)
    (root / "kjoreplan.yaml").write_text(sheet(
        "  - title: Alt\n    minutes: 30\n    slides: [title, en..to, tri]\n"), encoding="utf-8")
    result = run_cli("build", "--formats", "html")
    assert result.exit_code == 1
    assert result.stderr == (
        "packs/a/kjoreplan.yaml:6:29: error[unknown-slide]: the run sheet names slide 'tri', "
        "which does not exist\n"
        "        slides: [title, en..to, tri]\n"
        "                                ^^^\n"
        "  hint: known ids near it: tre, title\n"
        "packs/a/slides.md:9:1: warning[slide-not-covered]: slide 4 ('tre') is in no block of "
        "the run sheet\n"
        "    ## Tre {#tre}\n"
        "    ^\n"
        "  hint: add 'tre' to the slides of the block that shows it\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


@pytest.mark.parametrize(("minutes", "shown"), [("tjue", "tjue"), ("0", "0"), ("2.5", "2.5"),
                                                ("-5", "-5")])
def test_minutes_must_be_a_positive_whole_number(make_pack: MakePack, minutes: str,
                                                 shown: str) -> None:
    code, lines = errors_of(make_pack, sheet(f"  - title: Alt\n    minutes: {minutes}\n"))
    assert code == 1
    assert lines == [f"packs/a/kjoreplan.yaml:5:14: error[bad-minutes]: 'minutes' must be a "
                     f"positive whole number of minutes, not '{shown}'"]


@pytest.mark.parametrize("start", ['"9.75"', '"25:00"', "kl. 9", '"9"'])
def test_malformed_start_time(make_pack: MakePack, start: str) -> None:
    code, lines = errors_of(make_pack, sheet("  - title: Alt\n    minutes: 30\n",
                                             head=f"start: {start}\nminutes: 30\n"))
    assert code == 1
    raw = start.strip('"')
    assert lines == [f"packs/a/kjoreplan.yaml:1:8: error[bad-time]: start time '{raw}' is not "
                     "a time of day"]


def test_range_that_ends_before_it_starts(make_pack: MakePack) -> None:
    code, lines = errors_of(make_pack, sheet(
        "  - title: Alt\n    minutes: 30\n    slides: tre..en\n"))
    assert code == 1
    assert lines == ["packs/a/kjoreplan.yaml:6:13: error[reversed-range]: the range 'tre..en' "
                     "ends before it starts (slide 4 to slide 2)"]


def test_empty_block_list(make_pack: MakePack) -> None:
    code, lines = errors_of(make_pack, 'start: "09:00"\nminutes: 30\nblocks: []\n')
    assert code == 1
    assert lines == ["packs/a/kjoreplan.yaml:3:9: error[no-blocks]: the run sheet has no blocks"]


def test_bad_run_sheet_leaves_previous_outputs(session: Path, workdir: Path) -> None:
    assert run_cli("build", "--formats", "html").exit_code == 0
    folder = workdir / "build" / "session"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    target = session / "kjoreplan.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("slides: refleksjon",
                                                                 "slides: refleks"),
                      encoding="utf-8")
    assert run_cli("build", "--formats", "html").exit_code == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_coverage_and_time_warnings(make_pack: MakePack) -> None:
    root = make_pack("a", slides=SLIDES)
    (root / "kjoreplan.yaml").write_text(sheet(
        "  - title: Først\n    minutes: 10\n    slides: en..to\n"
        "  - title: Så\n    minutes: 15\n    slides: to\n"), encoding="utf-8")
    result = run_cli("build", "--formats", "html")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning[" in line]
    assert warnings == [
        "packs/a/kjoreplan.yaml:2:10: warning[time-mismatch]: the blocks add up to 25 minutes, "
        "but the session is planned for 30",
        "packs/a/kjoreplan.yaml:9:13: warning[slide-twice]: slide 3 ('to') is in two blocks: "
        "'Først' and 'Så'",
        "packs/a/slides.md:9:1: warning[slide-not-covered]: slide 4 ('tre') is in no block of "
        "the run sheet",
    ]
    assert run_cli("build", "--formats", "html", "--strict").exit_code == 3


def test_fixture_is_untouched() -> None:
    """The copies above are edited; the fixture in the repository is not."""
    text = (PACKS / "session" / "kjoreplan.yaml").read_text(encoding="utf-8")
    assert 'title: "Regional samling"' in text


def test_group_card_carries_the_introduction(session: Path, workdir: Path) -> None:
    from docx import Document

    sheet = session / "kjoreplan.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert "    tasks:\n" in text
    sheet.write_text(text.replace(
        "    tasks:\n", '    intro: "Meldingen peker på skole og SFO som samarbeidspartnere."\n'
        "    tasks:\n", 1), encoding="utf-8")
    result = run_cli("build", "--formats", "html,docx")
    assert result.exit_code == 0, result.stderr
    html = (workdir / "build" / "session" / "session-kjoreplan.html").read_text("utf-8")
    card = html[html.index('<section class="card">'):]
    assert "<h3>Innledning</h3>\n<p>Meldingen peker på skole og SFO som samarbeidspartnere.</p>" \
        in card
    assert card.index("Innledning") < card.index("Oppgaver")
    doc = Document(str(workdir / "build" / "session" / "session-kjoreplan.docx"))
    lines = [p.text for p in doc.paragraphs]
    start = lines.index("Innledning")
    assert lines[start + 1] == "Meldingen peker på skole og SFO som samarbeidspartnere."
