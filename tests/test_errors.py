"""Bad input: the exact message a user sees, the exit code, and nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image

from tests.conftest import run_cli

MakePack = Callable[..., Path]


def build_stderr(*args: str) -> tuple[int, str]:
    result = run_cli("build", *args)
    return result.exit_code, result.stderr


def test_missing_files(make_pack: MakePack) -> None:
    make_pack("a", yaml=None)
    make_pack("b", slides=None)
    code, err = build_stderr()
    assert code == 1
    assert err == (
        "packs/a/pack.yaml: error[missing-file]: pack.yaml is missing; it holds the pack's "
        "title and settings\n"
        "  hint: create pack.yaml in a/ (see docs/redaktorveiledning.md)\n"
        "packs/b/slides.md: error[missing-file]: slides.md is missing; it holds the slides\n"
        "  hint: create slides.md in b/ (see docs/redaktorveiledning.md)\n"
        "temapakker: 2 error(s); nothing was written\n"
    )


def test_invalid_yaml_names_its_line(make_pack: MakePack) -> None:
    make_pack("a", yaml='title: "Uten slutt\nsubtitle: x\n')
    code, err = build_stderr()
    assert code == 1
    assert err == (
        "packs/a/pack.yaml:1:8: error[invalid-yaml]: pack.yaml is not valid YAML: found "
        "unexpected end of stream while scanning a quoted scalar\n"
        '    title: "Uten slutt\n'
        "           ^\n"
        "  hint: check the indentation and quote text that contains ':' or '#'\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


def test_missing_title(make_pack: MakePack) -> None:
    make_pack("a", yaml="subtitle: Bare undertittel\n")
    code, err = build_stderr()
    assert code == 1
    assert err.startswith(
        "packs/a/pack.yaml:1:1: error[missing-title]: pack.yaml has no title\n"
        "    subtitle: Bare undertittel\n    ^\n"
        '  hint: add a line such as: title: "Pakke 1 – Hovedfunn og bakgrunn"\n'
    )


def test_unknown_layout_suggests_the_closest(make_pack: MakePack) -> None:
    make_pack("a", slides='## To {#to layout="Two Colums"}\n\n- a\n')
    code, err = build_stderr()
    assert code == 1
    assert err == (
        "packs/a/slides.md:1:12: error[unknown-layout]: the template has no layout named "
        "'Two Colums'\n"
        '    ## To {#to layout="Two Colums"}\n'
        "               ^^^^^^^^^^^^^^^^^^^\n"
        "  hint: did you mean 'Two Content'? layouts in the template: 'Title Slide', 'Title "
        "and Content', 'Section Header', 'Two Content', 'Comparison', 'Title Only', 'Blank', "
        "'Content with Caption', 'Picture with Caption'; standard names such as 'Title Only' "
        "work with any template\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


def test_pictures_missing_svg_fake_and_outside(make_pack: MakePack) -> None:
    root = make_pack("a", slides=(
        "## A\n\n![Borte](media/borte.png)\n\n"
        "## B\n\n![Vektor](media/tegning.svg)\n\n"
        "## C\n\n![Tekst](media/tekst.png)\n\n"
        "## D\n\n![Passord](../../../etc/passwd)\n"
    ))
    (root / "media").mkdir()
    (root / "media" / "tegning.svg").write_text("<svg/>")
    (root / "media" / "tekst.png").write_text("dette er tekst")
    code, err = build_stderr()
    assert code == 1
    lines = [line for line in err.splitlines() if "error[" in line]
    assert lines == [
        "packs/a/slides.md:3:1: error[missing-picture]: picture 'media/borte.png' does not exist",
        "packs/a/slides.md:7:1: error[unsupported-picture]: 'media/tegning.svg' is SVG, which "
        "not every program opening the deck can show",
        "packs/a/slides.md:11:1: error[bad-picture]: 'media/tekst.png' is not a picture "
        "PowerPoint can read",
        "packs/a/slides.md:15:1: error[outside-pack]: picture '../../../etc/passwd' lies outside "
        "the pack folder",
    ]
    assert err.endswith("temapakker: 4 error(s); nothing was written\n")


def test_symlink_out_of_the_pack_is_refused(make_pack: MakePack, workdir: Path) -> None:
    secret = workdir / "hemmelig.png"
    Image.new("RGB", (10, 10)).save(secret)
    root = make_pack("a", slides="## A\n\n![Lenke](media/lenke.png)\n")
    (root / "media").mkdir()
    (root / "media" / "lenke.png").symlink_to(secret)
    code, err = build_stderr()
    assert code == 1
    assert "packs/a/slides.md:3:1: error[outside-pack]: picture 'media/lenke.png' lies " \
        "outside the pack folder" in err


def test_not_utf8_names_the_line(make_pack: MakePack) -> None:
    make_pack("a", slides=b"## Fint\n\n- gammel \xe6 latin-1\n")
    code, err = build_stderr()
    assert code == 1
    assert err.splitlines()[0] == (
        "packs/a/slides.md:3:10: error[not-utf8]: the file is not UTF-8: byte 0xe6 cannot be "
        "decoded"
    )
    assert "  hint: save the file as UTF-8" in err


def test_duplicate_ids(make_pack: MakePack) -> None:
    make_pack("a", slides="## En {#x}\n\n## To {#x}\n")
    code, err = build_stderr()
    assert code == 1
    assert err.splitlines()[:3] == [
        "packs/a/slides.md:3:8: error[duplicate-id]: slide id 'x' is already used on line 1",
        "    ## To {#x}",
        "           ^^",
    ]


def test_control_characters_are_removed_with_a_warning(make_pack: MakePack,
                                                       workdir: Path) -> None:
    make_pack("a", yaml='title: "Tittel\x01"\n', slides="## Hei\x0b\n\n- tekst\x07her\n")
    code, err = build_stderr()
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "warning[" in line]
    assert warnings == [
        "packs/a/pack.yaml:1:15: warning[control-character]: removed control character U+0001, "
        "which slides cannot hold",
        "packs/a/slides.md:1:7: warning[control-character]: removed control character U+000B, "
        "which slides cannot hold",
        "packs/a/slides.md:3:8: warning[control-character]: removed control character U+0007, "
        "which slides cannot hold",
    ]
    from pptx import Presentation

    deck = Presentation(str(workdir / "build" / "a" / "a.pptx"))
    assert deck.core_properties.title == "Tittel"
    assert deck.slides[1].shapes.title.text == "Hei"


def test_failed_build_leaves_previous_outputs(make_pack: MakePack, workdir: Path) -> None:
    root = make_pack("a")
    assert run_cli("build").exit_code == 0
    deck = workdir / "build" / "a" / "a.pptx"
    manifest = workdir / "build" / "manifest.json"
    before = deck.read_bytes(), manifest.read_bytes()
    (root / "slides.md").write_text('## Ny {#n layout="Finnes ikke"}\n', encoding="utf-8")
    assert run_cli("build").exit_code == 1
    assert (deck.read_bytes(), manifest.read_bytes()) == before
    assert sorted(p.name for p in (workdir / "build" / "a").iterdir()) == [
        "a.pptx", "a.zip", "thumbs"]
    assert not list((workdir / "build").rglob("*.tmp"))


def test_one_bad_pack_stops_all(make_pack: MakePack, workdir: Path) -> None:
    make_pack("good")
    make_pack("bad", yaml="title: [\n")
    assert run_cli("build").exit_code == 1
    assert not (workdir / "build").exists()


def test_section_slide_with_a_picture_warns(make_pack: MakePack) -> None:
    root = make_pack("a", slides="# Del\n\n![Et bilde](media/bilde.png)\n")
    (root / "media").mkdir()
    Image.new("RGB", (40, 20)).save(root / "media" / "bilde.png")
    code, err = build_stderr()
    assert code == 0
    assert err.splitlines()[1] == (
        "packs/a/slides.md:3:1: warning[section-content]: a section slide shows text only; "
        "with a picture on it, this slide is laid out as a content slide"
    )


def test_every_problem_in_pack_yaml_is_reported(make_pack: MakePack) -> None:
    make_pack("a", yaml="subtitle: x\nlanguage: se\ndate: i morgen\n")
    code, err = build_stderr()
    assert code == 1
    assert [line for line in err.splitlines() if "error[" in line] == [
        "packs/a/pack.yaml:1:1: error[missing-title]: pack.yaml has no title",
        "packs/a/pack.yaml:2:11: error[unknown-language]: language 'se' is not supported",
        "packs/a/pack.yaml:3:7: error[invalid-date]: date 'i morgen' is not a date",
    ]


def test_range_caret_underlines_the_unknown_end(make_pack: MakePack) -> None:
    root = make_pack("a", slides="## Plan {#plan}\n\n- a\n")
    (root / "kjoreplan.yaml").write_text(
        'start: "09:00"\nminutes: 10\nblocks:\n  - title: Alt\n    minutes: 10\n'
        "    slides: title..plann\n", encoding="utf-8")
    code, err = build_stderr()
    assert code == 1
    assert err == (
        "packs/a/kjoreplan.yaml:6:20: error[unknown-slide]: the run sheet names slide 'plann', "
        "which does not exist\n"
        "        slides: title..plann\n"
        "                       ^^^^^\n"
        "  hint: known ids near it: plan\n"
        "packs/a/slides.md:1:1: warning[slide-not-covered]: slide 2 ('plan') is in no block "
        "of the run sheet\n"
        "    ## Plan {#plan}\n"
        "    ^\n"
        "  hint: add 'plan' to the slides of the block that shows it\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


def test_repeats_of_one_code_are_capped_per_file(make_pack: MakePack) -> None:
    slides = "".join(f"## S{n} {{#s{n} .x}}\n\n- a\n\n" for n in range(1, 9))
    make_pack("a", slides=slides)
    result = run_cli("check", "packs/a")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    firsts = [line for line in lines if line.startswith("packs/a/slides.md:")]
    assert firsts == [
        *(f"packs/a/slides.md:{4 * n - 3}:12: "
          "warning[unknown-attribute]: class '.x' has no effect on slides"
          for n in range(1, 6)),
        "packs/a/slides.md: warning[unknown-attribute]: and 3 more",
    ]
    assert result.stderr == "checked 1 pack(s): 0 error(s), 8 warning(s)\n"


def test_check_runs_plan_checks_in_a_pack_with_errors(make_pack: MakePack) -> None:
    long_word = "Kulturskole" * 12
    make_pack("a", slides=(
        '## A {#a layout="Two Colums"}\n\n- a\n\n'
        f"## B\n\n- {long_word}\n"))
    result = run_cli("check", "packs/a")
    assert result.exit_code == 1
    codes = [line.split("[", 1)[1].split("]", 1)[0] for line in result.stdout.splitlines()
             if line.startswith("packs/a/slides.md:")]
    assert codes == ["unknown-layout", "overflow"]
    assert result.stderr == "checked 1 pack(s): 1 error(s), 1 warning(s)\n"


def test_unclosed_code_fence_is_the_one_error(make_pack: MakePack) -> None:
    root = make_pack("a", slides="## A {#a}\n\n```\nkode\n\n## B {#b}\n\n- b\n")
    (root / "kjoreplan.yaml").write_text(
        'start: "09:00"\nminutes: 10\nblocks:\n  - title: Alt\n    minutes: 10\n'
        "    slides: a..b\n", encoding="utf-8")
    code, err = build_stderr()
    assert code == 1
    assert err == (
        "packs/a/slides.md:3:1: error[unclosed-fence]: the code block '```' is never closed; "
        "everything after it is read as code\n"
        "    ```\n"
        "    ^^^\n"
        "  hint: add a line '```' where the code ends\n"
        "temapakker: 1 error(s); nothing was written\n"
    )


def test_a_closed_code_fence_is_no_error(make_pack: MakePack) -> None:
    make_pack("a", slides="## A\n\n~~~~\nkode\n~~~~~\n\n## B\n\n> ```\n> x\n> ```\n\n"
              "- punkt\n\n  ```\n  y\n  ```\n")
    result = run_cli("check", "packs/a")
    assert result.exit_code == 0, result.stdout
