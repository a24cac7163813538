"""Accessibility checks: titles, unique titles, reading order, template contrast."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from temapakker.check.a11y import check_deck_accessibility, contrast
from temapakker.diagnostics import Pos, Sink
from temapakker.model import Span
from temapakker.plan.deck import DeckMeta, DeckPlan, Region, SlidePlan, TextContent
from temapakker.plan.text import TextPara
from temapakker.template import Rect, default_template_path
from tests.conftest import run_cli

MakePack = Callable[..., Path]


def test_contrast_formula() -> None:
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert round(contrast("777777", "FFFFFF"), 2) == 4.48


def test_untitled_and_repeated_titles(make_pack: MakePack) -> None:
    make_pack("a", slides="## Funn\n\n- a\n\n---\n\nuten tittel\n\n## funn\n\n- b\n")
    result = run_cli("check")
    assert [line for line in result.stdout.splitlines() if "warning[" in line] == [
        "packs/a/slides.md:5:1: warning[no-title]: slide 3 has no title; screen readers and "
        "the slide list name slides by their titles",
        "packs/a/slides.md:9:1: warning[same-title]: slides 2 and 4 have the same title "
        "'funn'",
    ]


def test_low_contrast_template(make_pack: MakePack, workdir: Path) -> None:
    with zipfile.ZipFile(default_template_path()) as src, \
            zipfile.ZipFile(workdir / "blek.pptx", "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                data = re.sub(rb'(<a:dk1><a:srgbClr val=")[0-9A-F]{6}', rb"\g<1>AAAAAA", data)
            dst.writestr(info, data)
    make_pack("a", yaml="title: A\ntemplate: ../../blek.pptx\n")
    result = run_cli("check")
    assert result.stdout.splitlines()[0] == (
        "packs/a/pack.yaml:2:1: warning[low-contrast]: the template's body text (#AAAAAA on "
        "#FFFFFF) has a contrast of 2.3:1; at least 4.5:1 is needed")


def test_reading_order_against_what_is_seen() -> None:
    where = Pos(Path("slides.md"), 3, 1)
    text = TextContent((TextPara((Span("x"),)),))
    right, left = Rect(6_000_000, 1_500_000, 5_000_000, 4_000_000), \
        Rect(500_000, 1_500_000, 5_000_000, 4_000_000)
    meta = DeckMeta("t", "", "", "", "", "nb-NO", dt.datetime(2021, 1, 1, tzinfo=dt.UTC))

    def deck(first: Rect, second: Rect) -> DeckPlan:
        slide = SlidePlan(2, "s", "content", "Two Content", (Span("T"),),
                          (Region(text, first, None, where), Region(text, second, None, where)),
                          (), None, where)
        return DeckPlan("p", Path("x.pptx"), meta, (slide,))

    sink = Sink()
    check_deck_accessibility(deck(left, right), sink)
    assert sink.items == []
    check_deck_accessibility(deck(right, left), sink)
    assert [d.code for d in sink.items] == ["reading-order"]
