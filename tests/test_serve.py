"""temapakker serve: the preview, rebuilding on change, and errors shown in the page."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from temapakker import build as build_module
from temapakker import serve


@pytest.fixture
def server(make_pack: Callable[..., Path], workdir: Path) -> Iterator[tuple[str, serve.State,
                                                                          Path]]:
    root = make_pack("a", slides="## Første {#en}\n\n- punkt\n\n::: notes\n- et notat\n:::\n")
    options = build_module.Options(out=workdir / "build", formats=("pptx", "html", "site"))
    state = serve.State()
    serve.rebuild(options, state)
    httpd = serve.make_server(options, state, 0)
    stop = threading.Event()
    threads = [threading.Thread(target=httpd.serve_forever, daemon=True),
               threading.Thread(target=serve.watch, args=(options, state, stop,
                                                          [workdir / "packs"]), daemon=True)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # let the watcher start before files change
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state, root
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(state: serve.State, generation: int) -> None:
    with state.lock:
        assert state.lock.wait_for(lambda: state.generation > generation, timeout=15)


def test_preview_rebuilds_and_shows_errors(server: tuple[str, serve.State, Path]) -> None:
    base, state, root = server
    page = fetch(f"{base}/_preview/a")
    assert page.count("<svg") == 2  # the title slide and 'Første'
    assert "et notat" in page and "packs/a/slides.md:1:1" in page
    assert "Byggingen feilet" not in page
    assert fetch(f"{base}/index.html").startswith("<!DOCTYPE html>")

    generation = state.generation
    (root / "slides.md").write_text("## Første {#en}\n\n- punkt\n\n## Andre {#to}\n\n- mer\n",
                                    encoding="utf-8")
    wait_for(state, generation)
    page = fetch(f"{base}/_preview/a")
    assert page.count("<svg") == 3 and "Andre" in page

    generation = state.generation
    (root / "slides.md").write_text('## Feil {#en layout="Finnes ikke"}\n', encoding="utf-8")
    wait_for(state, generation)
    page = fetch(f"{base}/_preview/a")
    assert "Byggingen feilet" in page
    assert "packs/a/slides.md:1:14: error[unknown-layout]" in page
    assert page.count("<svg") == 3  # the last good preview stays beside the errors


def test_events_wait_for_the_next_build(server: tuple[str, serve.State, Path]) -> None:
    base, state, _root = server
    now = str(state.generation)
    started = time.monotonic()
    answer: list[str] = []
    thread = threading.Thread(target=lambda: answer.append(fetch(f"{base}/_events?seen={now}")))
    thread.start()
    time.sleep(0.3)
    assert not answer  # still waiting
    with state.lock:
        state.generation += 1
        state.lock.notify_all()
    thread.join(timeout=5)
    assert answer == [str(int(now) + 1)]
    assert time.monotonic() - started < 5
