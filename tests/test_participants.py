"""What participants get on paper: the programme and the groups' answer sheets; answers:,
the print brand from the template theme, and Word files that LibreOffice lays out whole."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from temapakker.colour import contrast
from tests.conftest import run_cli
from tests.test_libreoffice import SOFFICE, needs_writer, to_pdf

REPO = Path(__file__).parents[1]
MakePack = Callable[..., Path]
WJ = "\u2060"  # the word joiner that keeps '9–12' on one line in Word


def visible(text: str) -> str:
    """Text as read on the page: word joiners gone, runs of white space one space."""
    return re.sub(r"\s+", " ", text.replace(WJ, "")).strip()


def html_text(page: Path) -> str:
    """An HTML page's text without its tags."""
    return visible(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


@pytest.fixture
def seminar(workdir: Path) -> Path:
    """The bundled seminar kit and its template, built in every format."""
    shutil.copytree(REPO / "packs" / "dialogseminar", workdir / "packs" / "dialogseminar")
    shutil.copytree(REPO / "templates", workdir / "templates")
    result = run_cli("build", "--strict")
    assert result.exit_code == 0, result.stderr
    return workdir / "build" / "dialogseminar"


def seminar_tasks() -> list[tuple[str, list[str]]]:
    """The two dialogue themes' questions, as kjoreplan.yaml has them."""
    data = yaml.safe_load((REPO / "packs" / "dialogseminar" / "kjoreplan.yaml")
                          .read_text(encoding="utf-8"))
    return [(b["title"], b["tasks"]) for b in data["blocks"] if b.get("kind") == "gruppearbeid"]


def test_seminar_answer_sheet_carries_the_questions_word_for_word(seminar: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    themes = seminar_tasks()
    assert [len(tasks) for _, tasks in themes] == [4, 2]
    pdf = PdfReader(seminar / "dialogseminar-svarark.pdf")
    assert len(pdf.pages) == 2  # one page per group task
    doc = Document(str(seminar / "dialogseminar-svarark.docx"))
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    assert numbered == [task for _, tasks in themes for task in tasks]
    html = html_text(seminar / "dialogseminar-svarark.html")
    for page, (title, tasks) in zip(pdf.pages, themes, strict=True):
        text = visible(page.extract_text())
        assert title in text
        for task in tasks:
            assert task in text and task in html
        for words in ("Møteleder og tidtaker", "Skriver", "En som holder gruppen på sporet",
                      "Prioriter 1–3 punkter", "Slik leverer dere svarene"):
            assert words in text
    second = visible(pdf.pages[1].extract_text())
    assert "Sendes til: anders.ronningen@kulturskoleradet.no" in second
    # lines to write on under each question, ruled as in the PDF
    paragraphs = doc.paragraphs
    ruled = [p._p.find(".//{*}pBdr/{*}between") is not None for p in paragraphs]
    for i, p in enumerate(paragraphs):
        if p.style.name == "List Number":
            assert ruled[i + 1] and ruled[i + 2], p.text
    assert sum(ruled) >= 2 * 6 + 3 * 2  # six questions, three priorities on each sheet
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [title for title, _ in themes]
    # the second sheet starts on a page of its own, without an empty page before it
    kickers = [p for p in doc.paragraphs if p.text.startswith("SVARARK")]
    assert [bool(p.paragraph_format.page_break_before) for p in kickers] == [False, True]


def test_seminar_programme_is_one_page_without_facilitator_notes(seminar: Path) -> None:
    from docx import Document
    from pypdf import PdfReader

    pdf = PdfReader(seminar / "dialogseminar-program.pdf")
    assert len(pdf.pages) == 1
    text = visible(pdf.pages[0].extract_text())
    assert pdf.trailer["/Root"]["/Lang"] == "nb"
    doc = Document(str(seminar / "dialogseminar-program.docx"))
    [table] = doc.tables
    rows = [[visible(c.text) for c in row.cells] for row in table.rows]
    assert rows[0] == ["Tid", "Aktivitet"]
    assert [r[0] for r in rows[1:]] == ["09:00–09:25", "09:25–09:45", "09:45–10:35",
                                        "10:35–10:45", "10:45–11:05", "11:05–11:50",
                                        "11:50–12:00"]
    # the title says it is group work, so no tag repeats it
    assert rows[3][1] == "Gruppearbeid 1: Lokal samhandling – hva, hvordan og hvorfor?"
    html = html_text(seminar / "dialogseminar-program.html")
    for title in ("På kulturskolefeltet: visjoner, oppgaver og mulighetsrom",
                  "Avslutning, handlingsark og evaluering", "09:00–12:00"):
        assert title in text and title in html
    # what only the facilitator needs stays on the run sheet
    for secret in ("Prosessleder", "Innleder", "Projektor", "Vis panelsamtalen", "Lysbilde"):
        assert secret not in text and secret not in html
        assert all(secret not in p.text for p in doc.paragraphs)
        assert all(secret not in c.text for row in table.rows for c in row.cells)


def test_programme_and_sheets_follow_the_language(copy_pack: Callable[[str], Path],
                                                  workdir: Path) -> None:
    root = copy_pack("session")
    meta = root / "pack.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("language: nb", "language: en"),
                    encoding="utf-8")
    assert run_cli("build", "--formats", "html").exit_code == 0
    folder = workdir / "build" / "session"
    program = html_text(folder / "session-program.html")
    assert "Programme" in program and "Time Activity" in program
    sheets = html_text(folder / "session-svarark.html")
    for words in ("Answer sheet", "Prioritise 1–3 points", "Send to: samling@kommune.no",
                  "Subject: «Svar fra gruppearbeidet»", "Roles in the group"):
        assert words in sheets
    assert 'lang="en"' in (folder / "session-svarark.html").read_text(encoding="utf-8")


def test_answers_from_the_sheet_and_the_block_are_merged(copy_pack: Callable[[str], Path],
                                                        workdir: Path) -> None:
    """The session sets to: and subject: for every group; its group work adds how:."""
    from docx import Document

    copy_pack("session")
    assert run_cli("build", "--formats", "html,docx").exit_code == 0
    folder = workdir / "build" / "session"
    html = (folder / "session-svarark.html").read_text(encoding="utf-8")
    assert '<a href="mailto:samling@kommune.no">samling@kommune.no</a>' in html
    assert "Skriveren noterer tre punkter som deles i plenum." in html
    doc = Document(str(folder / "session-svarark.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert "Sendes til: samling@kommune.no" in texts
    assert "Emnefelt: «Svar fra gruppearbeidet»" in texts
    assert "Skriveren noterer tre punkter som deles i plenum." in texts
    sheet = Document(str(folder / "session-kjoreplan.docx"))
    assert "Sendes til: samling@kommune.no" in [p.text for p in sheet.paragraphs]


def test_a_session_without_group_work_has_no_answer_sheet(make_pack: MakePack,
                                                          workdir: Path) -> None:
    root = make_pack("a", slides="## En {#en}\n\n- tekst\n")
    (root / "kjoreplan.yaml").write_text(
        'start: "10:00"\nminutes: 15\nblocks:\n  - title: Alt\n    minutes: 15\n'
        "    slides: title..en\n", encoding="utf-8")
    assert run_cli("build", "--formats", "html").exit_code == 0
    names = sorted(p.name for p in (workdir / "build" / "a").iterdir())
    assert names == ["a-kjoreplan.html", "a-program.html"]


def test_programme_tags_group_work_the_title_does_not_name(make_pack: MakePack,
                                                            workdir: Path) -> None:
    from docx import Document

    root = make_pack("a", slides="## En {#en}\n\n- tekst\n")
    (root / "kjoreplan.yaml").write_text(SHEET.format(head="", block="") + (
        "  - title: Pause\n    kind: pause\n    minutes: 5\n"), encoding="utf-8")
    assert run_cli("build", "--formats", "html,docx").exit_code == 0
    html = html_text(workdir / "build" / "a" / "a-program.html")
    assert html.endswith("09:00–09:10 Grupper Gruppearbeid 09:10–09:15 Pause")
    [table] = Document(str(workdir / "build" / "a" / "a-program.docx")).tables
    assert [visible(c.text) for c in table.columns[1].cells] == [
        "Aktivitet", "Grupper [Gruppearbeid]", "Pause"]


SHEET = 'start: "09:00"\nminutes: 10\n{head}blocks:\n  - title: Grupper\n    kind: ' \
        "gruppearbeid\n    minutes: 10\n    tasks: ['Hva nå?']\n{block}"


@pytest.mark.parametrize(("head", "block", "expected"), [
    ("", "    answers: 42\n", []),  # a number is text: «42»
    ("", "    answers: [a, b]\n",
     ["packs/a/kjoreplan.yaml:8:14: error[yaml-type]: 'answers' must be text, or the keys "
      "how:, to: and subject:"]),
    ("", "    answers:\n      to: post@\n",
     ["packs/a/kjoreplan.yaml:9:11: error[bad-recipient]: 'post@' is not an e-mail address"]),
    ("answers:\n  to: mailto:svar@kommune.no\n", "",
     ["packs/a/kjoreplan.yaml:4:7: error[bad-recipient]: write the recipient "
      "'mailto:svar@kommune.no' without 'mailto:'"]),
    ("answers:\n  to: www.kommune\n", "",
     ["packs/a/kjoreplan.yaml:4:7: error[bad-recipient]: 'www.kommune' is not a web address"]),
    ("answers:\n  subject: Svar\n", "",
     ["packs/a/kjoreplan.yaml:4:12: error[subject-without-recipient]: the answers have a "
      "subject line but no recipient"]),
    ("answers:\n  to: a@b.no\n  subject: " + "x" * 130 + "\n", "",
     ["packs/a/kjoreplan.yaml:5:12: error[bad-subject]: the subject line has 130 characters; "
      "at most 120 fit in a mail program"]),
    ("", "    answers:\n      til: a@b.no\n      subject: [Svar]\n",
     ["packs/a/kjoreplan.yaml:9:7: error[unknown-key]: unknown key 'til' under 'answers'",
      "packs/a/kjoreplan.yaml:10:16: error[yaml-type]: 'subject' must be text"]),
])
def test_bad_answers_are_located(make_pack: MakePack, workdir: Path, head: str, block: str,
                                 expected: list[str]) -> None:
    root = make_pack("a", slides="## En {#en}\n\n- tekst\n")
    (root / "kjoreplan.yaml").write_text(SHEET.format(head=head, block=block),
                                         encoding="utf-8")
    result = run_cli("build", "--formats", "html")
    errors = [line for line in result.stderr.splitlines() if "error[" in line]
    assert errors == expected
    assert result.exit_code == (1 if expected else 0)
    if expected:
        assert not (workdir / "build").exists()


def test_the_print_brand_is_the_template_theme(seminar: Path) -> None:
    """The seminar's template is maroon and rust: so is every printed page."""
    from docx import Document

    from temapakker.plan.brand import plan_brand
    from temapakker.template import load_template

    brand = plan_brand(load_template(REPO / "templates" / "fremtidens-kulturskole.pptx"))
    assert (brand.heading, brand.accent, brand.text) == ("6B1E36", "A5402A", "2A211E")
    assert brand.adjusted == ()
    for stem in ("kjoreplan", "program", "svarark", "forberedelse"):
        html = (seminar / f"dialogseminar-{stem}.html").read_text(encoding="utf-8")
        assert "--heading: #6B1E36; --accent: #A5402A; --shade: #F2E2DF" in html
        doc = Document(str(seminar / f"dialogseminar-{stem}.docx"))
        assert str(doc.styles["Heading 1"].font.color.rgb) == "6B1E36"
        assert doc.styles["Heading 1"].font.name == "Calibri"
        footer = doc.sections[0].footer.paragraphs[0]
        assert "Dialogseminar" in footer.text
        fields = footer._p.findall(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fldSimple")
        assert [f.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr")
                for f in fields] == ["PAGE", "NUMPAGES"]
        for table in doc.tables:
            fills = {c._tc.find(".//{*}shd").get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fill")
                for c in table.rows[0].cells}
            assert fills == {"F2E2DF"}
            assert table.rows[0]._tr.find(".//{*}tblHeader") is not None
    for ink in (brand.heading, brand.text, brand.muted):
        assert contrast(ink, brand.shade) >= 4.5


def test_a_light_theme_colour_is_darkened_until_it_reads() -> None:
    from temapakker.plan.brand import WHITE, plan_brand
    from temapakker.template import load_template
    from tests.templates import SHARED

    brand = plan_brand(load_template(SHARED / "pandoc-reference-deleted-layouts.pptx"))
    assert brand.adjusted == ("link colour #FBCA98 → #8A6F54 (contrast 1.5:1 on white)",)
    assert contrast(brand.link, WHITE) >= 4.5
    assert brand.heading_font == "Corbel"


def test_slide_ranges_are_kept_whole_in_html(seminar: Path) -> None:
    html = (seminar / "dialogseminar-kjoreplan.html").read_text(encoding="utf-8")
    assert 'Lysbilde <span class="nobr">13–15</span>' in html
    assert ".nobr { white-space: nowrap; }" in html


def pdf_words(pdf: Path) -> set[str]:
    """Every word pdftotext finds in a PDF."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return set(out.replace(WJ, "").split())


@needs_writer
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_libreoffice_lays_out_the_seminar_word_files_whole(seminar: Path,
                                                           workdir: Path) -> None:
    """Page counts as the PDFs have them, and no word of a table cell broken across lines."""
    from docx import Document
    from pypdf import PdfReader

    assert SOFFICE is not None
    stems = ("kjoreplan", "program", "svarark", "forberedelse")
    docx = [seminar / f"dialogseminar-{stem}.docx" for stem in stems]
    converted = to_pdf(workdir, *docx)
    pages = {stem: len(PdfReader(pdf).pages) for stem, pdf in zip(stems, converted,
                                                                      strict=True)}
    assert pages == {"kjoreplan": 5, "program": 1, "svarark": 2, "forberedelse": 2}
    for path, pdf in zip(docx, converted, strict=True):
        words = pdf_words(pdf)
        for table in Document(str(path)).tables:
            for row in table.rows:
                for cell in row.cells:
                    for word in cell.text.replace(WJ, "").split():
                        assert word in words, (path.name, word, cell.text)
    runsheet = pdf_words(converted[0])
    for whole in ("Min.", "Sum", "Lysbilder", "13–15", "22–25", "09:45–10:35", "Prosessleder"):
        assert whole in runsheet


def test_every_bundled_pack_prints_one_page_per_sheet(workdir: Path) -> None:
    """The programme fits one page, and each group task's answer sheet one page."""
    from pypdf import PdfReader

    shutil.copytree(REPO / "packs", workdir / "packs", dirs_exist_ok=True)
    shutil.copytree(REPO / "templates", workdir / "templates")
    result = run_cli("build", "--formats", "pdf")
    assert result.exit_code == 0, result.stderr
    packs = sorted(p.name for p in (workdir / "packs").iterdir() if (p / "pack.yaml").is_file())
    assert len(packs) == 4
    for pack in packs:
        data = yaml.safe_load((workdir / "packs" / pack / "kjoreplan.yaml")
                              .read_text(encoding="utf-8"))
        groups = sum(1 for b in data["blocks"] if b.get("kind") == "gruppearbeid")
        folder = workdir / "build" / pack
        assert len(PdfReader(folder / f"{pack}-program.pdf").pages) == 1, pack
        assert len(PdfReader(folder / f"{pack}-svarark.pdf").pages) == groups, pack


def test_template_check_says_which_colours_print_darker(workdir: Path) -> None:
    from tests.templates import SHARED

    result = run_cli("template", "check", str(SHARED / "pandoc-reference-deleted-layouts.pptx"))
    lines = result.stdout.splitlines()
    start = lines.index("printed material (run sheet, programme, answer sheets, handout):")
    assert lines[start + 1:start + 3] == [
        "  headings #455F51 in Corbel, text #000000 in Corbel, accent #41AEBD, "
        "header rows #E2F3F5, links #8A6F54",
        "  darkened to reach 4.5:1 on paper: link colour #FBCA98 → #8A6F54 (contrast 1.5:1 "
        "on white)",
    ]


def test_a_theme_font_name_cannot_break_out_of_the_style_sheet() -> None:
    import dataclasses

    from temapakker.plan.brand import plan_brand
    from temapakker.template import default_template_path, load_template

    template = dataclasses.replace(load_template(default_template_path()),
                                   fonts=('Evil"; }</style><script>x', ""),
                                   colors=(("dk2", "red;}"),))
    brand = plan_brand(template)
    assert brand.heading_font == "Evil stylescriptx"
    assert brand.heading == "0F3B5F"  # not a colour: the built-in theme's
    assert not set('<>{};"') & set(brand.heading_font)
