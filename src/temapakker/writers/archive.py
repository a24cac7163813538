"""Re-pack Office zip files so that two builds give identical bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile


def write_package(entries: list[tuple[str, bytes]], when: dt.datetime,
                  replace: dict[str, bytes] | None = None) -> bytes:
    """Zip entries in the given order with one fixed timestamp, replacing some by name."""
    replace = replace or {}
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, replace.get(name, data), compresslevel=6)
    return out.getvalue()

