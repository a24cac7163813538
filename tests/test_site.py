"""The download page and the bundles: files, links, escaping, and a real browser."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from temapakker.writers.site import format_size
from tests.conftest import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture
def site(copy_pack: Callable[[str], Path], workdir: Path) -> Path:
    copy_pack("sample")
    copy_pack("session")
    result = run_cli("build", "--formats", "pptx,html,docx,site,zip")
    assert result.exit_code == 0, result.stderr
    return workdir / "build"


def test_page_bundles_and_manifest(site: Path) -> None:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["site"]["path"] == "index.html"
    session = next(p for p in manifest["packs"] if p["id"] == "session")
    [bundle] = [f for f in session["files"] if f["kind"] == "bundle"]
    assert (bundle["format"], bundle["path"]) == ("zip", "session/session.zip")
    with zipfile.ZipFile(site / bundle["path"]) as zf:
        assert sorted(zf.namelist()) == [
            "session/session-forberedelse.docx", "session/session-forberedelse.html",
            "session/session-kjoreplan.docx", "session/session-kjoreplan.html",
            "session/session-program.docx", "session/session-program.html",
            "session/session-svarark.docx", "session/session-svarark.html",
            "session/session.pptx",
        ]
    thumbs = [f for f in session["files"] if f["kind"] == "thumbnail"]
    assert [t["alt"] for t in thumbs] == [
        "Lysbilde 1: Samling om kulturskolen", "Lysbilde 2: Program", "Lysbilde 3: Bakgrunn",
    ]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nb">' in page
    article = page[page.index('<article lang="nb" aria-labelledby="pack-session"'):]
    article = article[:article.index("</article>")]
    # The primary action comes first, then the files by what they are for, with their sizes.
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', article)
    assert re.fullmatch(r"Last ned alt \(ZIP, \d+ kB\)", links[0][1])
    assert links[0][0] == "session/session.zip"
    headings = re.findall(r"<h3 [^>]*>([^<]+)</h3>", article)
    assert headings == ["Presentasjon", "Til tilrettelegger", "Til deltakere"]
    labels = re.findall(r'aria-label="([^"]+)"', article)
    assert [re.sub(r", \d+ kB", "", label) for label in labels] == [
        "PowerPoint-presentasjon (PPTX)", "Kjøreplan (Word)", "Kjøreplan, nettleser (HTML)",
        "Program for deltakerne (Word)", "Program for deltakerne, nettleser (HTML)",
        "Svarark for gruppene (Word)", "Svarark for gruppene, nettleser (HTML)",
        "Forberedelsesmateriale (Word)", "Forberedelsesmateriale, nettleser (HTML)",
    ]
    # The pack's date (pack.yaml), not the session's; the version is the run sheet's.
    assert "<dt>Oppdatert:</dt><dd>3. mai 2021</dd>" in article
    assert "<dt>Versjon:</dt><dd>2.1</dd>" in article
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page


def test_sizes_in_the_page_language() -> None:
    assert format_size(2_140_000, ",") == "2,1 MB"
    assert format_size(2_140_000, ".") == "2.1 MB"
    assert format_size(120_400, ",") == "120 kB"
    assert format_size(900, ",") == "900 B"


def test_pack_text_is_escaped(make_pack: Callable[..., Path], workdir: Path) -> None:
    make_pack("a", yaml='title: "A <b>fet</b>"\n'
              'description: "<script>alert(1)</script> {{ 7*7 }}"\n')
    assert run_cli("build", "--formats", "site").exit_code == 0
    page = (workdir / "build" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in page
    assert "A &lt;b&gt;fet&lt;/b&gt;" in page
    assert "<script" not in page
    svg = (workdir / "build" / "a" / "thumbs" / "slide-01.svg").read_text(encoding="utf-8")
    assert "A &lt;b&gt;fet&lt;/b&gt;" in svg


def test_pack_order(make_pack: Callable[..., Path], workdir: Path) -> None:
    make_pack("a-siste", yaml="title: Siste\norder: 2\n")
    make_pack("b-forste", yaml="title: Første\norder: 1\n")
    assert run_cli("build", "--formats", "site").exit_code == 0
    page = (workdir / "build" / "index.html").read_text(encoding="utf-8")
    assert page.index("Første") < page.index("Siste")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_page_in_a_real_browser(site: Path, tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, width in (("desktop", 1280), ("phone", 390)):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto((site / "index.html").as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / f"{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000
            if name == "phone":  # nothing wider than the screen
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                continue
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            local = [h for h in hrefs if not h.endswith("#innhold")]
            # sample: deck, bundle; session: deck, 4 x (html, docx), bundle
            assert len(local) == 12
            for href in local:
                assert href.startswith("file://"), href
                assert Path(href.removeprefix("file://")).is_file(), href
            images = page.eval_on_selector_all(
                "img", "els => els.map(e => [e.alt, e.naturalWidth, e.getAttribute('src')])")
            assert len(images) == 6
            for alt, natural_width, src in images:
                assert alt.startswith("Lysbilde "), src
                assert natural_width > 0, src
            results = Axe().run(page)
            serious = [v for v in results.response["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert serious == [], json.dumps(serious, indent=1)[:2000]
        browser.close()
    outside = [url for url in requests if not url.startswith(("file://", "data:"))]
    assert outside == []
