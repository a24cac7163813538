"""Fixture packs are copied to a temporary folder and built there, as a user would."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from temapakker.cli import cli

PACKS = Path(__file__).parent / "packs"


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory,
               monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (cache.py), so tests neither fill the user's cache
    nor find what an earlier test left there."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("TEMAPAKKER_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder with packs/ in it; messages name paths relative to it."""
    (tmp_path / "packs").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


@pytest.fixture
def copy_pack(workdir: Path) -> Callable[[str], Path]:
    """Copy tests/packs/<name> into the working folder's packs/."""
    def copy(name: str) -> Path:
        target = workdir / "packs" / name
        shutil.copytree(PACKS / name, target)
        return target
    return copy


def run_cli(*args: str) -> Result:
    """Run the command line in-process and return its result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def make_pack(workdir: Path) -> Callable[..., Path]:
    """Write a pack from strings: make_pack('x', yaml='title: X', slides='## A')."""
    def make(name: str, yaml: str | bytes | None = "title: Test\n",
             slides: str | bytes | None = "## Slide\n\n- text\n") -> Path:
        root = workdir / "packs" / name
        root.mkdir(parents=True)
        for filename, content in (("pack.yaml", yaml), ("slides.md", slides)):
            if content is None:
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / filename).write_bytes(data)
        return root
    return make


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]
                              ) -> Generator[None, Any, None]:
    """Under TEMAPAKKER_CI (set by .ci/run, which installs every program), a skip fails."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("TEMAPAKKER_CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where everything is installed: {reason}"
