"""'temapakker serve': build, serve on 127.0.0.1, preview every slide, rebuild on change.

It builds into its own folder (the CLI gives it a temporary one), never into the published
build/. The preview draws slides from the same deck plan as the deck (no LibreOffice), beside
their notes and the run sheet. A small script in the preview page (never in the built
pages) waits on /_events and reloads when a build finishes. When a build fails, the page
shows the diagnostics with their file:line.
"""

from __future__ import annotations

import html
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from temapakker import build as build_module
from temapakker.diagnostics import format_all
from temapakker.errors import PackError, StrictWarningsError, TemapakkerError

if TYPE_CHECKING:
    from temapakker.check import Checked

RELOAD_SCRIPT = """<script>
(function poll(seen) {
  fetch('/_events?seen=' + seen).then(r => r.text()).then(now => {
    if (now !== seen) { location.reload(); } else { poll(seen); }
  }).catch(() => setTimeout(() => poll(seen), 1000));
})('%s');
</script>"""
STYLE = """<style>
body { font-family: Carlito, Calibri, 'Liberation Sans', Arial, sans-serif; margin: 0;
       color: #1e2a36; background: #eef2f5; }
header { background: #0f3b5f; color: #fff; padding: 0.8rem 1.2rem; }
header a { color: #fff; }
main { padding: 1rem 1.2rem; max-width: 90rem; }
.slide { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem;
         background: #fff; border: 1px solid #c9d1d9; margin: 0 0 1rem; padding: 0.8rem; }
.slide svg { width: 100%; height: auto; border: 1px solid #c9d1d9; display: block; }
.slide h2 { font-size: 1rem; margin: 0 0 0.4rem; }
.where { color: #3d4a57; font-size: 0.85rem; }
pre.errors { background: #fff4f4; border: 2px solid #b00020; padding: 1rem; white-space: pre-wrap;
             font-size: 0.9rem; }
iframe { width: 100%; height: 40rem; border: 1px solid #c9d1d9; background: #fff; }
</style>"""


@dataclass
class State:
    """What the server shows: the latest build's plans, or its errors."""

    generation: int = 0
    errors: str = ""
    warnings: str = ""
    previews: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Each pack's preview with the fingerprint of the sources it was drawn from.
    drawn: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    lock: threading.Condition = field(default_factory=threading.Condition)


def rebuild(options: build_module.Options, state: State) -> str:
    """Build, then plan every pack again for the preview; record errors instead of raising.

    Returns what the terminal shows for this rebuild: one line, or the diagnostics as
    ``check`` prints them and a line that says the build failed.
    """
    started = time.monotonic()
    errors, warnings, previews, line = "", "", {}, ""
    try:
        result = build_module.run(replace(options, report=lambda message: None))
        warnings = format_all(result.diagnostics) if result.diagnostics else ""
        previews = _previews(options, result, state)
        line = _summary(result, time.monotonic() - started)
    except (PackError, StrictWarningsError) as error:
        found = format_all(error.diagnostics)
        errors = f"{found}\ntemapakker: {error}"
        line = f"{found}\nrebuild failed: {error}; the preview shows the errors until they " \
            "are fixed"
    except TemapakkerError as error:
        errors = f"temapakker: {error}"
        line = f"rebuild failed: {error}"
    record(state, errors, warnings, previews)
    return line


def record(state: State, errors: str, warnings: str = "",
           previews: dict[str, dict[str, Any]] | None = None) -> None:
    """Show a build's outcome: its previews, or its errors beside the last good previews."""
    with state.lock:
        state.errors, state.warnings = errors, warnings
        if not errors and previews is not None:
            state.previews = previews
        state.generation += 1
        state.lock.notify_all()


def _summary(result: build_module.Result, seconds: float) -> str:
    """'rebuilt pakke-1 in 0.4 s', with the warnings counted and packs removed."""
    took = f"{seconds:.1f} s"
    parts = [f"rebuilt {', '.join(p.id for p in result.packs)} in {took}" if result.packs
             else f"no pack changed ({took})"]
    if result.diagnostics:
        parts.append(f"{len(result.diagnostics)} warning(s), shown in the preview")
    parts.extend(f"removed pack '{pack_id}': its folder is gone" for pack_id in result.removed)
    return "; ".join(parts)


def _previews(options: build_module.Options, result: build_module.Result,
              state: State) -> dict[str, dict[str, Any]]:
    """Every pack's slides as pictures beside their notes, from the deck plan.

    The packs just built are drawn from their checked model; a pack the build found
    unchanged keeps the preview drawn from the same sources, and only a pack not drawn
    yet (the first build into a folder built before) is read and checked here.
    """
    from temapakker.read.files import pack_id
    from temapakker.uptodate import find_packs, read_manifest

    sources = {ident: str(pack.get("sources", "")) for ident, pack in
               read_manifest(options.out).items()}
    built = {item.pack.id: item for item in result.checked}
    previews, todo = {}, []
    for path in find_packs(options.packs):
        ident = pack_id(path)
        drawn = state.drawn.get(ident)
        if ident in built:
            state.drawn[ident] = (sources.get(ident, ""), _preview(built[ident]))
        elif drawn is None or not drawn[0] or drawn[0] != sources.get(ident):
            todo.append(path)
            continue
        previews[ident] = state.drawn[ident][1]
    if todo:
        for item in build_module.check_packs(todo)[0]:
            state.drawn[item.pack.id] = (sources.get(item.pack.id, ""), _preview(item))
            previews[item.pack.id] = state.drawn[item.pack.id][1]
    return previews


def _preview(item: Checked) -> dict[str, Any]:
    """One pack's slides as pictures beside their notes."""
    from temapakker.plan.deck import deck_of
    from temapakker.plan.text import plain
    from temapakker.writers.slide_svg import render_slide_svg

    plan = deck_of(item, build_module.build_date(item.pack.meta.material_date))
    slides = []
    for slide in plan.slides:
        title = plain(slide.title)
        slides.append({
            "number": slide.number, "id": slide.id, "title": title,
            "where": str(slide.pos),
            "svg": render_slide_svg(slide, item.template, f"{slide.number}: {title}"),
            "notes": [(p.level, p.bullet, plain(p.spans)) for p in slide.notes],
        })
    return {"title": item.pack.meta.title, "slides": slides,
            "runsheet": item.pack.runsheet is not None}


def _page(title: str, body: str, generation: int) -> bytes:
    return (f'<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>{STYLE}</head><body>"
            f'<header><a href="/_preview/">Forhåndsvisning</a> · <a href="/index.html">'
            f"Nedlastingssiden</a></header><main>{body}</main>"
            f"{RELOAD_SCRIPT % generation}</body></html>").encode()


def _notes_html(notes: list[tuple[int, str, str]]) -> str:
    if not notes:
        return '<p class="where">(ingen notater)</p>'
    items = "".join(f'<li style="margin-left:{level * 1.2}rem">{html.escape(text)}</li>'
                    for level, _bullet, text in notes)
    return f"<ul>{items}</ul>"


def render_preview(state: State, pack_id: str | None) -> bytes:
    """The preview index, or one pack's slides beside their notes and the run sheet."""
    with state.lock:
        errors, warnings = state.errors, state.warnings
        previews, generation = dict(state.previews), state.generation
    parts = []
    if errors:
        parts.append(f'<h1>Byggingen feilet</h1><pre class="errors">{html.escape(errors)}</pre>')
    if warnings:
        parts.append(f'<h2>Advarsler</h2><pre class="errors">{html.escape(warnings)}</pre>')
    if pack_id is None or pack_id not in previews:
        links = "".join(f'<li><a href="/_preview/{html.escape(quote(pid))}">'
                        f'{html.escape(p["title"])}'
                        f"</a> ({len(p['slides'])} lysbilder)</li>"
                        for pid, p in sorted(previews.items()))
        parts.append(f"<h1>Pakker</h1><ul>{links}</ul>")
        return _page("Forhåndsvisning", "".join(parts), generation)
    pack = previews[pack_id]
    parts.append(f"<h1>{html.escape(pack['title'])}</h1>")
    for slide in pack["slides"]:
        parts.append(
            f'<section class="slide" id="{html.escape(slide["id"])}"><div>{slide["svg"]}</div>'
            f'<div><h2>{slide["number"]}. {html.escape(slide["title"])}</h2>'
            f'<p class="where">#{html.escape(slide["id"])} · {html.escape(slide["where"])}</p>'
            f"{_notes_html(slide['notes'])}</div></section>")
    if pack["runsheet"]:
        page = html.escape(quote(f"/{pack_id}/{pack_id}-kjoreplan.html"))
        parts.append(f'<h2>Kjøreplan</h2><iframe title="Kjøreplan" src="{page}"></iframe>')
    return _page(pack["title"], "".join(parts), generation)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _local_host(header: str) -> bool:
    """Whether a request's Host header names this machine (with any port)."""
    try:
        host = urlsplit(f"//{header.strip()}").hostname
    except ValueError:  # a malformed port or bracket
        return False
    return host in LOCAL_HOSTS


def make_server(options: build_module.Options, state: State, port: int) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 for the preview and the folder it was built in."""
    out = str(options.out)

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=out, **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the terminal shows builds, not requests

        def parse_request(self) -> bool:
            # Every method passes here. Another site may point its own name at 127.0.0.1
            # (DNS rebinding) and read the preview from the browser: answer only to the
            # names of this machine.
            if not super().parse_request():
                return False
            if _local_host(self.headers.get("Host", "")):
                return True
            self.send_error(HTTPStatus.FORBIDDEN, "only http://127.0.0.1 or localhost")
            return False

        def do_GET(self) -> None:
            path = unquote(self.path.split("?")[0])
            if path in ("/", "/_preview", "/_preview/") or path.startswith("/_preview/"):
                pack = path.removeprefix("/_preview").strip("/") or None
                self._send(render_preview(state, pack), "text/html; charset=utf-8")
            elif path == "/_events":
                seen = self.path.partition("seen=")[2]
                with state.lock:
                    state.lock.wait_for(lambda: str(state.generation) != seen, timeout=25)
                    now = str(state.generation)
                self._send(now.encode(), "text/plain; charset=utf-8")
            else:
                super().do_GET()

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return _Server(("127.0.0.1", port), Handler)


class _Server(ThreadingHTTPServer):
    """Quiet about browsers that leave: a closed tab is not an error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser closed the connection (a reload, a tab closed)
        super().handle_error(request, client_address)


def base_folders(out: Path, roots: list[Path]) -> list[Path]:
    """The folders the variants among ``roots`` extend, as the last build recorded them,
    outside every root: a change in a base rebuilds its variants too."""
    from temapakker.read.files import pack_id
    from temapakker.uptodate import bases_of, read_manifest

    built = read_manifest(out)
    found: list[Path] = []
    for root in roots:
        entry = built.get(pack_id(root))
        for base in bases_of(entry, root) if entry else ():
            if base not in found and not any(base.is_relative_to(r) for r in roots):
                found.append(base)
    return found


def watch(options: build_module.Options, state: State, stop: threading.Event,
          roots: list[Path], say: Callable[[str], None] = lambda line: None) -> None:
    """Rebuild whenever a file under the packs or templates changes, until stop is set.

    A rebuild that fails, even with a bug, is shown and the watching goes on.
    """
    from watchfiles import watch as watch_files

    for _changes in watch_files(*roots, stop_event=stop, debounce=200, rust_timeout=500):
        try:
            line = rebuild(options, state)
        except Exception as exc:  # a bug: say so, and keep serving the last good preview
            detail = "".join(traceback.format_exception_only(exc)).strip()
            line = f"rebuild failed with an internal error (a bug): {detail}"
            record(state, f"temapakker: {line}")
        say(line)
