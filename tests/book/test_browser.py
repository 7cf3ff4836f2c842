"""The built site, opened page by page in headless Chromium.

The quick-mode site (the ``quick_site`` fixture) is served on 127.0.0.1 and every html page is
opened in Debian's Chromium, driven by Playwright. A page fails on:

- a JavaScript error: an uncaught exception, or a console message of type ``error``;
- a missing image: an ``img`` that did not decode, or a failed same-origin request;
- a broken internal link: an ``a[href]`` on the same origin whose file is not in the site, or
  whose ``#fragment`` names no ``id`` in the target page;
- any request that leaves 127.0.0.1: the site must work offline, so such requests are blocked
  and reported.

A full-page screenshot of every page in the table of contents goes to
``_build/quick/screenshots/<page>.png``, the build artefact to look at.

Chromium comes from Debian (``apt-get install chromium``; ``.ci/run`` installs it). Without it
the test is skipped on a developer's machine and fails on CI (where ``CI`` is set).
"""

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
import yaml
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from .conftest import QUICK_OUT, REPO

CHROMIUM = Path(os.environ.get("AEBOOK_CHROMIUM", "/usr/bin/chromium"))
INSTALL_HINT = (
    "The browser test drives Debian's Chromium: `sudo apt-get install --no-install-recommends "
    "chromium` (or point AEBOOK_CHROMIUM at another Chromium binary)."
)
SCREENSHOTS = QUICK_OUT / "screenshots"
# Sphinx's own folders (static assets, page sources, images) hold no pages of the book.
NOT_PAGES = {"_static", "_sources", "_images", "_sphinx_design_static"}

# A stalled browser must fail the test with a stack dump, not hold CI until its own limit. The
# limit covers the fixtures too, so it leaves room for the quick build when this file runs alone.
pytestmark = pytest.mark.timeout(1200, method="thread")


# --- serving and driving -------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would drown pytest's output
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` over http on 127.0.0.1, on a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def require_chromium(path: Path) -> None:
    """Skip (on a developer's machine) or fail (on CI, where ``CI`` is set) without Chromium."""
    if not path.is_file():
        message = f"Chromium not found at {path}. {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium under Playwright; never downloads a browser of its own."""
    require_chromium(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield chromium
        chromium.close()


# --- checking --------------------------------------------------------------------------------


class _Ids(HTMLParser):
    """Collect every ``id`` (and the older ``a name``) in a page: the anchors a link can target."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def _target_file(root: Path, url_path: str) -> Path:
    """The file that a same-origin URL path points at (a folder means its index.html)."""
    path = root / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def link_problem(root: Path, base: str, href: str) -> str | None:
    """Why a same-origin link is broken, or None when its file and its anchor exist."""
    url, fragment = urldefrag(href)
    target = _target_file(root, urlsplit(url).path)
    rel = url.removeprefix(base) or "/"
    if not target.is_file():
        return f"broken link to {rel}: no such file in the site"
    if fragment and target.suffix == ".html" and unquote(fragment) not in _anchors(target):
        return f"broken anchor {rel}#{fragment}: no id {unquote(fragment)!r} in that page"
    return None


# <meta http-equiv="refresh" content="0; url=...">, as jupyter-book writes for a missing root.
_REFRESH = re.compile(
    r"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]+content=[\"']?\d+\s*;\s*url=(?P<url>[^\"'>]+)",
    re.IGNORECASE,
)
# Runs in the page: make lazy images load now, then wait for every image to settle.
_SETTLE_IMAGES = """async () => {
  const imgs = Array.from(document.images);
  imgs.forEach((img) => { img.loading = "eager"; });
  const settled = Promise.all(imgs.map((img) => img.decode().catch(() => null)));
  // evaluate() has no timeout of its own: never wait more than 10 s for images.
  await Promise.race([settled, new Promise((done) => setTimeout(done, 10000))]);
}"""
# An image that failed to load or decode has no natural width.
_BROKEN_IMAGES = """() => Array.from(document.images)
  .filter((img) => !img.complete || img.naturalWidth === 0)
  .map((img) => img.currentSrc || img.src || img.outerHTML.slice(0, 120))"""
_LINKS = "els => els.map((a) => a.href)"


def check_page(page, root: Path, base: str, rel: str, screenshot: Path | None) -> list[str]:
    """Open one page and list everything wrong with it (an empty list when it is sound).

    Parameters
    ----------
    page : playwright.sync_api.Page
        A fresh page of a browser context whose requests are confined to ``base``.
    root : pathlib.Path
        The folder being served.
    base : str
        The server's base URL, ending in ``/``.
    rel : str
        The page's path below ``root``, e.g. ``book/01-basic-autoencoder.html``.
    screenshot : pathlib.Path or None
        Where to save a full-page screenshot, if anywhere.

    Returns
    -------
    list of str
        One line per problem, each prefixed with ``rel``.
    """
    problems: list[str] = []
    failed_urls: set[str] = set()
    console_errors: list[tuple[str, str]] = []

    def note(message: str) -> None:
        problems.append(f"{rel}: {message}")

    def short(url: str) -> str:
        return url.removeprefix(base)

    def on_console(msg) -> None:
        if msg.type == "error":
            console_errors.append((msg.text, msg.location.get("url") or ""))

    def on_request_failed(request) -> None:
        failed_urls.add(request.url)
        # A request that leaves the site was blocked, and reported, by check_site.
        if "ERR_BLOCKED_BY_CLIENT" not in (request.failure or ""):
            note(f"request failed: {short(request.url)} ({request.failure})")

    def on_response(response) -> None:
        if response.status >= 400:
            failed_urls.add(response.url)
            note(f"missing resource: {short(response.url)} (HTTP {response.status})")

    page.on("pageerror", lambda error: note(f"JavaScript error: {error}"))
    page.on("console", on_console)
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)

    redirect = _REFRESH.search((root / rel).read_text(encoding="utf-8", errors="replace"))
    if redirect:
        # A redirect page (jupyter-book writes one for the root): it must reach a page of the
        # site, which is checked in its own right.
        target = urljoin(base + rel, redirect["url"].strip("'\" "))
        problem = link_problem(root, base, target) if target.startswith(base) else None
        if problem:
            note(f"redirect: {problem}")
        else:
            page.goto(base + rel, wait_until="commit")
            page.wait_for_url(target, wait_until="commit")  # the target is checked on its own
            page.wait_for_load_state("load")  # let it finish before the page is closed
        return problems

    page.goto(base + rel, wait_until="load")
    page.evaluate(_SETTLE_IMAGES)
    page.wait_for_load_state("networkidle")
    for text, url in console_errors:
        # Chromium logs each failed request once more as "Failed to load resource"; the failure
        # is already reported above, with its URL.
        if not (text.startswith("Failed to load resource") and url in failed_urls):
            note(f"console error: {text} (at {short(url) or 'inline script'})")
    for src in page.evaluate(_BROKEN_IMAGES):
        note(f"missing image: {short(src)}")
    for href in sorted(set(page.eval_on_selector_all("a[href]", _LINKS))):
        if href.startswith(base):
            problem = link_problem(root, base, href)
            if problem:
                note(problem)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True, animations="disabled")
    return problems


def _confine_to(base: str, blocked: list[str]):
    """A route handler that lets requests to ``base`` through and blocks, and notes, the rest."""

    def confine(route):
        try:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort("blockedbyclient")
        except PlaywrightError:
            # The page closed while this request waited (a redirect page's target still
            # loading, say); an exception here would stall Playwright's dispatcher.
            pass

    return confine


def check_site(
    browser, root: Path, pages: list[str], *, screenshots: dict[str, Path] | None = None
) -> list[str]:
    """Open every page of a site and list all the problems found.

    Every page opens as on a reader's first visit: local storage is cleared before its scripts
    run, so that what one page stores cannot hide another page's error. Requests that leave the
    local server are blocked and reported, since the site has to work offline. ``screenshots``
    maps a page to the PNG file to save for it.
    """
    screenshots = screenshots or {}
    problems: list[str] = []
    blocked: list[str] = []
    with serve(root) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # (about:blank has no storage to clear, hence the try.)
        context.add_init_script("try { localStorage.clear(); sessionStorage.clear(); } catch {}")
        context.route("**/*", _confine_to(base, blocked))
        try:
            for rel in pages:
                page = context.new_page()
                problems += check_page(page, root, base, rel, screenshots.get(rel))
                page.close()
                problems += [f"{rel}: request leaves the site (blocked): {url}" for url in blocked]
                blocked.clear()
        finally:
            context.close()
    return problems


def site_pages(html: Path) -> list[str]:
    """Every html page of a built site, as paths relative to ``html``."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not NOT_PAGES.intersection(p.relative_to(html).parts)
    )


def toc_pages() -> list[str]:
    """The pages of the table of contents (``_toc.yml``), in reading order, as html paths."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return [f"{file}.html" for file in files]


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s) found in the browser:\n" + "\n".join(problems)


# --- the built site --------------------------------------------------------------------------


def test_every_page_opens_without_errors(quick_site, browser):
    pages = site_pages(quick_site)
    toc = toc_pages()
    assert set(toc) <= set(pages), f"toc pages missing from the site: {set(toc) - set(pages)}"
    shots = {rel: SCREENSHOTS / f"{Path(rel).stem}.png" for rel in toc}
    for shot in shots.values():
        shot.unlink(missing_ok=True)

    problems = check_site(browser, quick_site, pages, screenshots=shots)

    assert not problems, _report(problems)
    for rel, shot in shots.items():
        assert shot.is_file(), f"no screenshot of {rel}"
        with Image.open(shot) as image:
            width, height = image.size
            colours = image.convert("L").getcolors(maxcolors=1 << 16)
        assert width >= 1280 and height >= 900, f"{shot.name} is only {width}x{height}"
        assert colours is None or len(colours) > 16, f"{shot.name} looks blank"


# --- the checker itself can fail ----------------------------------------------------------------

_GOOD = """<!doctype html><html><head><title>ok</title></head><body>
<h1 id="top">Fine</h1><img src="dot.png" alt="a dot"><a href="#top">top</a>
<a href="other.html#section">other</a><a href="https://example.org/">outside</a>
</body></html>"""
_BAD = """<!doctype html><html><head><title>bad</title></head><body>
<h1 id="section">Broken</h1>
<img src="_images/missing.png" alt="not there">
<a href="gone.html">a page that does not exist</a>
<a href="index.html#nowhere">an anchor that does not exist</a>
<script>undefinedFunction();</script>
</body></html>"""


def _tiny_site(root: Path) -> None:
    Image.new("RGB", (4, 4), "red").save(root / "dot.png")
    (root / "index.html").write_text(_GOOD, encoding="utf-8")
    (root / "other.html").write_text(_BAD, encoding="utf-8")
    # Redirect pages, as jupyter-book writes for the root: one that works, one that does not.
    refresh = '<meta http-equiv="Refresh" content="0; url={}" />'
    (root / "go.html").write_text(refresh.format("index.html"), encoding="utf-8")
    (root / "lost.html").write_text(refresh.format("nowhere.html"), encoding="utf-8")


def test_checker_reports_every_kind_of_problem(tmp_path, browser):
    _tiny_site(tmp_path)
    problems = check_site(browser, tmp_path, site_pages(tmp_path))
    text = "\n".join(problems)

    assert not [p for p in problems if p.startswith(("index.html", "go.html"))], text
    assert "other.html: missing image: " in text and "_images/missing.png" in text, text
    assert "other.html: broken link to gone.html" in text, text
    assert "other.html: broken anchor index.html#nowhere" in text, text
    assert "other.html: JavaScript error: " in text and "undefinedFunction" in text, text
    assert "lost.html: redirect: broken link to nowhere.html" in text, text


def test_checker_blocks_requests_that_leave_the_site(tmp_path, browser):
    (tmp_path / "index.html").write_text(
        '<!doctype html><script src="https://cdn.example.org/lib.js"></script>', encoding="utf-8"
    )
    problems = check_site(browser, tmp_path, ["index.html"])
    blocked = "index.html: request leaves the site (blocked): https://cdn.example.org/lib.js"
    assert blocked in problems, problems


def test_missing_chromium_fails_on_ci_and_skips_elsewhere(tmp_path, monkeypatch):
    absent = tmp_path / "no-chromium"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install"):
        require_chromium(absent)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install"):
        require_chromium(absent)


def test_site_pages_skips_sphinx_folders(tmp_path):
    for rel in ("index.html", "book/a.html", "_static/x.html", "_sources/y.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>")
    assert site_pages(tmp_path) == ["book/a.html", "index.html"]
