"""Two builds of the same sources give identical bytes; dates come from the sources."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import run_cli


def test_two_builds_are_byte_identical(copy_pack: Callable[[str], Path], workdir: Path) -> None:
    copy_pack("sample")
    assert run_cli("build", "--out", "one").exit_code == 0
    assert run_cli("build", "--out", "two").exit_code == 0
    one = (workdir / "one" / "sample" / "sample.pptx").read_bytes()
    two = (workdir / "two" / "sample" / "sample.pptx").read_bytes()
    assert one == two
    with zipfile.ZipFile(workdir / "one" / "sample" / "sample.pptx") as zf:
        assert {info.date_time for info in zf.infolist()} == {(2021, 5, 3, 0, 0, 0)}


def test_source_date_epoch_without_a_date(make_pack: Callable[..., Path], workdir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    make_pack("a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1673740800")  # 2023-01-15
    assert run_cli("build").exit_code == 0
    core = Presentation(str(workdir / "build" / "a" / "a.pptx")).core_properties
    assert core.created.date().isoformat() == "2023-01-15"


def test_fixed_date_otherwise(make_pack: Callable[..., Path], workdir: Path) -> None:
    make_pack("a")
    assert run_cli("build").exit_code == 0
    core = Presentation(str(workdir / "build" / "a" / "a.pptx")).core_properties
    assert core.created.date().isoformat() == "2000-01-01"
