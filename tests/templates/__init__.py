"""Foreign templates: real ones from public projects (shared/) and fixtures made like users'."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
# Copies of ../shared/templates (see shared/SOURCES.txt for where each comes from)
SHARED = HERE / "shared"
FOREIGN = sorted([*SHARED.glob("*.pptx"), *HERE.glob("*.pptx"), *HERE.glob("*.potx")])
