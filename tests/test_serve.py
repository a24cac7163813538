"""temapakker serve: the preview, rebuilding on change, and errors shown in the page."""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from temapakker import build as build_module
from temapakker import serve

TERMINAL: list[str] = []  # what the watcher printed, one entry per rebuild


@pytest.fixture
def server(make_pack: Callable[..., Path], workdir: Path) -> Iterator[tuple[str, serve.State,
                                                                          Path]]:
    root = make_pack("a", slides="## Første {#en}\n\n- punkt\n\n::: notes\n- et notat\n:::\n")
    options = build_module.Options(out=workdir / "build", formats=("pptx", "html", "site"))
    state = serve.State()
    TERMINAL.clear()
    TERMINAL.append(serve.rebuild(options, state))
    httpd = serve.make_server(options, state, 0)
    stop = threading.Event()
    threads = [threading.Thread(target=httpd.serve_forever, daemon=True),
               threading.Thread(target=serve.watch, args=(options, state, stop,
                                                          [workdir / "packs"],
                                                          TERMINAL.append), daemon=True)]
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


def change(state: serve.State, path: Path, text: str) -> None:
    """Write a file and wait until the watcher has rebuilt and printed its line."""
    generation, printed = state.generation, len(TERMINAL)
    path.write_text(text, encoding="utf-8")
    wait_for(state, generation)
    deadline = time.monotonic() + 5
    while len(TERMINAL) == printed and time.monotonic() < deadline:
        time.sleep(0.05)


def test_terminal_shows_one_line_per_rebuild_and_failures_do_not_stop_it(
        server: tuple[str, serve.State, Path]) -> None:
    base, state, root = server
    assert re.fullmatch(r"rebuilt a in \d+\.\d s", TERMINAL[0])

    change(state, root / "slides.md", "## Første {#en}\n\n- endret\n")
    assert re.fullmatch(r"rebuilt a in \d+\.\d s", TERMINAL[1])

    change(state, root / "slides.md", '## Feil {#en layout="Finnes ikke"}\n')
    assert TERMINAL[2].startswith(
        "packs/a/slides.md:1:14: error[unknown-layout]: the template has no layout named "
        "'Finnes ikke'\n")
    assert TERMINAL[2].endswith("\nrebuild failed: 1 error(s); nothing was written; the "
                                "preview shows the errors until they are fixed")
    page = fetch(f"{base}/_preview/a")
    assert "packs/a/slides.md:1:14: error[unknown-layout]" in page

    # A bug in a rebuild is reported, and the next change is built as usual.
    def broken(options: build_module.Options) -> build_module.Result:
        raise RuntimeError("oops")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "run", broken)
        change(state, root / "slides.md", "## Første {#en}\n\n- igjen\n")
    assert TERMINAL[3] == ("rebuild failed with an internal error (a bug): "
                           "RuntimeError: oops")
    assert "RuntimeError: oops" in fetch(f"{base}/_preview/a")

    change(state, root / "slides.md", "## Første {#en}\n\n- virker igjen\n")
    assert re.fullmatch(r"rebuilt a in \d+\.\d s", TERMINAL[4])
    page = fetch(f"{base}/_preview/a")
    assert "Byggingen feilet" not in page and "virker igjen" in page
    assert len(TERMINAL) == 5


def test_a_client_that_leaves_is_not_an_error(server: tuple[str, serve.State, Path],
                                              capfd: pytest.CaptureFixture[str]) -> None:
    base, state, _root = server
    port = int(base.rsplit(":", 1)[1])
    for _ in range(3):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(f"GET /_events?seen={state.generation} HTTP/1.1\r\n"
                       "Host: x\r\n\r\n".encode())
        time.sleep(0.1)
        # Close with a reset, as a browser tab that goes away does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    generation = state.generation
    with state.lock:  # a build finishes: the server answers the clients that left
        state.generation += 1
        state.lock.notify_all()
    time.sleep(0.5)
    assert fetch(f"{base}/_events?seen={generation}") == str(generation + 1)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err
