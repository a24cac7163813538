"""Run sheet and handout as self-contained HTML (print CSS inlined). Only module with Jinja2."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from temapakker import GENERATOR
from temapakker.model import (
    CodeBlock,
    Columns,
    Image,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    plain,
)
from temapakker.plan.handout import HandoutPlan
from temapakker.plan.participants import AnswerSheetPlan, ProgramPlan, plan_program
from temapakker.plan.runsheet import RunSheetPlan

TEMPLATES = Path(__file__).resolve().parent.parent / "html"
_KINDS = {Paragraph: "paragraph", ListBlock: "list", Quote: "quote", CodeBlock: "code",
          Image: "image", Table: "table", Columns: "columns"}


def _block_kind(block: object) -> str:
    return _KINDS[type(block)]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    # Pack text only ever arrives as variables: autoescaped, and never parsed as a template.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )
    env.globals.update(block_kind=_block_kind, plain=plain, generator=GENERATOR)
    return env


@lru_cache(maxsize=4)
def stylesheet(name: str = "print.css") -> str:
    """A stylesheet from the templates folder, to inline (pages make no other requests)."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


def render_runsheet(plan: RunSheetPlan) -> str:
    """The run sheet as one HTML page."""
    template = environment().get_template("runsheet.html")
    return template.render(plan=plan, L=plan.labels, css=stylesheet(), created=plan.created,
                           program=plan_program(plan))


def render_handout(plan: HandoutPlan) -> str:
    """The handout as one HTML page."""
    template = environment().get_template("handout.html")
    return template.render(plan=plan, L=plan.labels, css=stylesheet(), created=plan.created)


def render_program(plan: ProgramPlan) -> str:
    """The participants' programme as one HTML page."""
    template = environment().get_template("program.html")
    return template.render(plan=plan, L=plan.labels, css=stylesheet(), created=plan.created)


def render_answer_sheets(plan: AnswerSheetPlan) -> str:
    """The groups' answer sheets, one printed page each."""
    template = environment().get_template("svarark.html")
    return template.render(plan=plan, L=plan.labels, css=stylesheet(), created=plan.created)
