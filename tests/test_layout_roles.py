"""Layout roles on templates nobody here made: each way of finding a layout, and the repairs."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from temapakker.layouts import find_layout, normal, shape_role
from temapakker.plan.deck import table_style
from temapakker.template import default_template_path, load_template
from tests.conftest import run_cli
from tests.templates import FOREIGN, HERE, SHARED

REPO = Path(__file__).parents[1]
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def roles(path: Path) -> dict[str, tuple[str, str]]:
    """role → (layout name, how it was found)."""
    return {m.role: (m.layout.name, m.how) for m in load_template(path).roles}


def test_standard_names_are_found_by_name() -> None:
    found = roles(default_template_path())
    assert found["content"] == ("Title and Content", "name")
    assert {how for _, how in found.values()} == {"name"}


def test_german_powerpoint_layouts_are_found_by_type() -> None:
    found = roles(SHARED / "poi-bug63290-de.pptx")
    assert found["title"] == ("Titelfolie", "type")
    assert found["content"] == ("Titel und Inhalt", "type")
    assert found["section"] == ("Abschnitts-\nüberschrift", "type")
    assert found["two"] == ("Zwei Inhalte", "type")
    assert found["title-only"] == ("Nur Titel", "type")


def test_swedish_layouts_without_types_are_found_by_localized_name() -> None:
    found = roles(SHARED / "poi-bug60715-sv.pptx")
    assert found["title"] == ("Rubrikbild", "localized name")
    assert found["content"] == ("Rubrik och innehåll", "localized name")
    assert found["two"] == ("Två innehållsdelar", "localized name")
    assert found["title-only"] == ("Endast rubrik", "localized name")
    # no section header among them: the built-in one, not the title-only layout
    assert found["section"] == ("Section Header", "built-in")


def test_custom_names_without_types_are_found_by_their_placeholders() -> None:
    """The corporate fixture lists its blank layout first; nothing lands on it by accident."""
    found = roles(HERE / "custom-untyped.pptx")
    assert {role: name for role, (name, _) in found.items()} == {
        "title": "Profil A", "content": "Profil B", "section": "Profil C", "two": "Profil D",
        "comparison": "Profil E", "title-only": "Profil F", "picture": "Profil I",
        "blank": "Profil G",
    }
    assert {how for _, how in found.values()} == {"placeholders"}


def test_libreoffice_names_and_types() -> None:
    found = roles(SHARED / "lo-Vivid.pptx")
    assert found["title"] == ("Title Slide", "name")
    assert found["content"] == ("Title, Content", "type")
    assert found["two"] == ("Title, 2 Content", "type")
    # LibreOffice types its six-content layout 'blank': the type alone is not trusted
    assert found["blank"] == ("Blank Slide", "type")


def test_a_template_with_only_a_title_layout_borrows_the_built_in_ones() -> None:
    found = roles(SHARED / "pandoc-reference-deleted-layouts.pptx")
    assert found["title"] == ("Title Slide", "name")
    for role in ("content", "section", "two", "title-only", "blank"):
        assert found[role][1] == "built-in", role


def test_names_match_without_case_spaces_or_hyphens() -> None:
    assert normal("Abschnitts-\nüberschrift") == normal("Abschnittsüberschrift")
    template = load_template(SHARED / "poi-bug63290-de.pptx")
    for name, expected in (("nur titel", "Nur Titel"), ("Title Only", "Nur Titel"),
                           ("Bare tittel", "Nur Titel"), ("TITLE AND CONTENT",
                                                          "Titel und Inhalt")):
        match = find_layout(template, name)
        assert match is not None and match.layout.name == expected, name
    assert find_layout(template, "Tre kolonner") is None


def test_shape_role_reads_placeholders() -> None:
    template = load_template(default_template_path())
    width, height = template.width, template.height
    by_name = {layout.name: shape_role(layout, width, height) for layout in template.layouts}
    assert by_name["Title Slide"] == "title"
    assert by_name["Title and Content"] == "content"
    assert by_name["Section Header"] == "section"
    assert by_name["Two Content"] == "two"
    assert by_name["Title Only"] == "title-only"
    assert by_name["Blank"] == "blank"


# -- decks built on foreign templates ---------------------------------------------------------

def use_template(root: Path, template: Path) -> None:
    text = (root / "pack.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^template:.*\n", "", text, flags=re.M) + f"template: {template}\n"
    (root / "pack.yaml").write_text(text, encoding="utf-8")


def slides_with_notes(root: Path) -> int:
    """Slides whose Markdown has a notes block (the title slide's come from pack notes)."""
    text = (root / "slides.md").read_text(encoding="utf-8")
    return sum("::: notes" in part for part in re.split(r"(?m)^#{1,2} ", text)[1:])


def overlaps(a: object, b: object) -> bool:
    ox = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)  # type: ignore[attr-defined]
    oy = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)  # type: ignore[attr-defined]
    return bool(ox > 0 and oy > 0)


@pytest.mark.parametrize("template", FOREIGN, ids=lambda p: p.name)
@pytest.mark.parametrize("pack", ["sample", "pakke-1-hovedfunn"])
def test_foreign_template_builds_a_sound_deck(template: Path, pack: str, workdir: Path) -> None:
    source = REPO / "tests" / "packs" / pack if pack == "sample" else REPO / "packs" / pack
    root = workdir / "packs" / pack
    shutil.copytree(source, root)
    use_template(root, template)
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0, result.stderr
    deck = Presentation(str(workdir / "build" / pack / f"{pack}.pptx"))
    width, height = deck.slide_width, deck.slide_height
    noted = 0
    for number, slide in enumerate(deck.slides, 1):
        shapes = list(slide.shapes)
        title = slide.shapes.title or shapes[0]
        assert title.has_text_frame and title.text_frame.text.strip(), number
        for shape in shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width + 1, (number, shape.name)
            assert shape.top + shape.height <= height + 1, (number, shape.name)
            footer = shape.is_placeholder and shape.placeholder_format.type in (13, 15, 16)
            if shape.shape_id != title.shape_id and not footer:
                assert not overlaps(title, shape), (number, shape.name)
            if shape.is_placeholder and shape.has_text_frame and not footer:
                assert shape.text_frame.text.strip(), (number, shape.name, "left empty")
        notes = slide.notes_slide.notes_text_frame if slide.has_notes_slide else None
        noted += bool(notes is not None and notes.text.strip())
    assert noted >= slides_with_notes(root)
    # the last slide (content) is not on the cover's layout
    cover = deck.slides[0].slide_layout.part.partname
    assert deck.slides[-1].slide_layout.part.partname != cover


def test_explicit_title_only_on_a_german_template(copy_pack: Callable[[str], Path],
                                                 workdir: Path) -> None:
    root = copy_pack("sample")
    use_template(root, SHARED / "poi-bug63290-de.pptx")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    deck = Presentation(str(workdir / "build" / "sample" / "sample.pptx"))
    chosen = [s for s in deck.slides if s.shapes.title and s.shapes.title.text == "Valgt oppsett"]
    assert [s.slide_layout.name for s in chosen] == ["Nur Titel"]


def test_built_in_layouts_join_the_templates_master(make_pack: Callable[..., Path],
                                                    workdir: Path) -> None:
    template = SHARED / "pandoc-reference-deleted-layouts.pptx"
    make_pack("a", yaml=f"title: A\ntemplate: {template}\n",
              slides="# Del\n\n## Side\n\n- punkt\n\n## To\n\n:::: columns\n::: column\n- a\n"
                     ":::\n::: column\n- b\n:::\n::::\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0
    assert "warning[missing-layout]: the template has no layout for title and content, " \
        "section header, two content or title only; the built-in theme's is used with the " \
        "template's master" in result.stderr
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    assert [s.slide_layout.name for s in deck.slides] == [
        "Title Slide", "Section Header", "Title and Content", "Two Content"]
    [master] = deck.slide_masters
    # only the built-in layouts the deck uses are added
    assert sorted(layout.name for layout in master.slide_layouts) == [
        "Section Header", "Title Slide", "Title and Content", "Two Content"]
    ids = [int(el.get("id")) for el in deck.part._element.iter(f"{P}sldMasterId")]
    ids += [int(el.get("id")) for el in master._element.iter(f"{P}sldLayoutId")]
    assert len(set(ids)) == len(ids) and min(ids) >= 2**31
    two = deck.slides[3]
    left, right = sorted((s for s in two.placeholders if s.placeholder_format.idx in (1, 2)),
                         key=lambda s: s.left)
    assert left.left + left.width <= right.left
    assert [left.text_frame.text, right.text_frame.text] == ["a", "b"]


def test_notes_master_without_a_body_gets_one(make_pack: Callable[..., Path],
                                              workdir: Path) -> None:
    make_pack("a", yaml=f"title: A\ntemplate: {HERE / 'no-notes-body.pptx'}\n",
              slides="## Side\n\n- punkt\n\n::: notes\n- husk dette\n:::\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0
    assert "warning[notes-master]: the template's notes master has no place for notes text" \
        in result.stderr
    with zipfile.ZipFile(workdir / "build" / "a" / "a.pptx") as zf:
        notes = zf.read("ppt/notesSlides/notesSlide1.xml").decode("utf-8")
        master = zf.read("ppt/notesMasters/notesMaster1.xml").decode("utf-8")
    assert "husk dette" in notes and 'type="body"' in notes
    assert 'type="body"' in master
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    assert deck.slides[1].notes_slide.notes_text_frame.text == "husk dette"


def test_placeholders_without_idx_are_each_filled(make_pack: Callable[..., Path],
                                                  workdir: Path) -> None:
    """LibreOffice saves content placeholders as <p:ph/>: both columns keep their text."""
    make_pack("a", yaml=f"title: A\ntemplate: {SHARED / 'lo-Vivid.pptx'}\n",
              slides="## To\n\n:::: columns\n::: column\n- venstre\n:::\n::: column\n- høyre\n"
                     ":::\n::::\n")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    slide = deck.slides[1]
    assert slide.slide_layout.name == "Title, 2 Content"
    bodies = [s for s in slide.placeholders if s.placeholder_format.type not in (1, 13, 15, 16)]
    assert sorted(s.text_frame.text for s in bodies) == ["høyre", "venstre"]
    # each carries its own box, so nothing depends on matching by idx
    boxes = [s._element.spPr.find(f"{A}xfrm") for s in bodies]
    assert all(box is not None for box in boxes)
    assert bodies[0].left != bodies[1].left


def test_footer_takes_the_masters_text_style(make_pack: Callable[..., Path],
                                            workdir: Path) -> None:
    """A layout footer with no text style of its own is drawn serif and black by LibreOffice:
    the slide's footer gets the master's style."""
    bare = workdir / "bare-footer.pptx"
    with zipfile.ZipFile(default_template_path()) as src, zipfile.ZipFile(bare, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("ppt/slideLayouts/slideLayout"):
                root = etree.fromstring(data)
                for sp in root.iter(f"{P}sp"):
                    ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
                    if ph is not None and ph.get("type") == "ftr":
                        style = sp.find(f"{P}txBody/{A}lstStyle")
                        for child in list(style):
                            style.remove(child)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    make_pack("a", yaml=f"title: A\ntemplate: {bare}\nfooter: Bunntekst\n")
    assert run_cli("build", "--formats", "pptx").exit_code == 0
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    [footer] = [s for s in deck.slides[1].placeholders if s.placeholder_format.type == 15]
    assert footer.text_frame.text == "Bunntekst"
    master_footer = next(s for s in deck.slide_master.placeholders
                         if s.placeholder_format.type == 15)
    ours = footer._element.find(f"{P}txBody/{A}lstStyle")
    theirs = master_footer._element.find(f"{P}txBody/{A}lstStyle")
    for style in (ours, theirs):  # the deck writer sets the pack's language everywhere
        for props in style.iter(f"{A}defRPr"):
            props.attrib.pop("lang", None)
    assert len(theirs) and etree.tostring(ours, method="c14n", exclusive=True) == \
        etree.tostring(theirs, method="c14n", exclusive=True)


def pale_accent(source: Path, target: Path, colours: dict[str, str]) -> None:
    """A copy of a template with some theme colours replaced."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                text = data.decode("utf-8")
                for name, value in colours.items():
                    text = re.sub(rf'(<a:{name}><a:srgbClr val=")[0-9A-Fa-f]{{6}}',
                                  rf"\g<1>{value}", text)
                data = text.encode("utf-8")
            dst.writestr(info, data)


def test_tables_avoid_an_accent_too_pale_for_white_text(make_pack: Callable[..., Path],
                                                        workdir: Path) -> None:
    pale = workdir / "blek.pptx"
    pale_accent(default_template_path(), pale, {"accent1": "FFF2A0"})
    style = table_style(load_template(pale))
    assert style.colour != "accent1"
    assert min(ratio for *_, ratio in style.contrasts()) >= 4.5
    make_pack("a", yaml=f"title: A\ntemplate: {pale}\n",
              slides="## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    result = run_cli("build", "--formats", "pptx")
    assert result.exit_code == 0 and "low-contrast" not in result.stderr
    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    [table] = [s for s in deck.slides[1].shapes if s.has_table]
    assert table._element.find(f".//{A}tableStyleId").text == style.id


def test_table_contrast_is_reported_when_no_style_reads(make_pack: Callable[..., Path],
                                                        workdir: Path) -> None:
    pale = workdir / "blek.pptx"
    pale_accent(default_template_path(), pale, {
        **{f"accent{n}": "FFF2A0" for n in range(1, 7)}, "dk1": "C8C8C8"})
    make_pack("a", yaml=f"title: A\ntemplate: {pale}\n",
              slides="## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    result = run_cli("build", "--formats", "pptx")
    assert "warning[low-contrast]: the template's table header (#FFFFFF on #FFF2A0) has a " \
        "contrast of 1.1:1" in result.stderr


def test_computed_boxes_scale_with_the_slide(copy_pack: Callable[[str], Path],
                                            workdir: Path) -> None:
    """Three columns are text boxes: on a double-size slide their text is twice as big."""
    sizes = {}
    for name, template in (("plain", default_template_path()),
                           ("double", HERE / "double-size.pptx")):
        root = copy_pack("sample")
        use_template(root, template)
        assert run_cli("build", "--formats", "pptx", "--out", name).exit_code == 0
        deck = Presentation(str(workdir / name / "sample" / "sample.pptx"))
        three = next(s for s in deck.slides if s.shapes.title.text == "Tre kolonner")
        boxes = [s for s in three.shapes if not s.is_placeholder]
        assert len(boxes) == 3
        # the size is the template's body size, in the box's list style
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        sizes[name] = {int(b.text_frame._txBody.find(f"{a}lstStyle/{a}lvl1pPr/{a}defRPr")
                           .get("sz")) for b in boxes}
        assert {r.font.size for b in boxes for p in b.text_frame.paragraphs
                for r in p.runs} == {None}
        shutil.rmtree(root)
    assert len(sizes["plain"]) == 1 and len(sizes["double"]) == 1
    assert sizes["double"].pop() / sizes["plain"].pop() == pytest.approx(2, rel=0.05)
