"""temapakker: compile Markdown theme packs into decks, run sheets and handouts."""

from __future__ import annotations

__version__ = "0.1.0"
GENERATOR = f"temapakker {__version__}"
