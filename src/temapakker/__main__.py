"""Allow ``python -m temapakker``."""

from __future__ import annotations

from temapakker.cli import main

main()
