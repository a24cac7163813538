"""Allow ``python -m temapakker``."""

from __future__ import annotations

from temapakker.launch import main

main()
