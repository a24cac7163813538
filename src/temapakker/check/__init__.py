"""Check stage: every problem in a read pack, as diagnostics; nothing is written."""

from __future__ import annotations

from temapakker.check.deck import (
    MAX_LIST_DEPTH,
    Checked,
    Picture,
    check_pack,
    is_statement,
    picture_side,
    walk_blocks,
)

__all__ = ["MAX_LIST_DEPTH", "Checked", "Picture", "check_pack", "is_statement", "picture_side",
           "walk_blocks"]
