"""The handbook in a real browser: what a reader sees, clicks, prints and searches.

Debian's Chromium, driven by Playwright, looks at the site the ``built`` fixture
builds once per session, served from 127.0.0.1 by Python's own web server (and,
for the offline zip, opened straight from disk). One browser for the module;
tests that only look take turns in one shared tab (``Tabs``), tests that keep
something in the browser make their own profiles. Without Chromium (``apt-get
install chromium``) or axe-core (``npm ci``) these tests are skipped on a
workstation and fail in CI. The link check at the end needs no browser.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import os
import re
import shutil
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import heading_text

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}
SAMPLE_LANGUAGES = ("en", "de")
"""Where a check runs that no language changes: English, at the site's root, and German, in a language folder, its
pages mixing in English (marked) where a translation is missing, and with the longest words. Every language folder
is made from the same templates. What a language does change is checked in every language: its words, links and
search (the crawl, test_site, the search test) and how its worksheets fit on paper (the crawl, test_pdf)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
VIEWPORT = {"width": 1280, "height": 900}
DIMENSIONS = ("resources", "discourses", "contexts")
REGIONS = (*DIMENSIONS, "cycle")
STEPS = ("reaction", "interaction", "action")
OFFLINE_FOLDER = "power-triangle-handbook"


def px(mm: float) -> float:
    """CSS pixels (96 per inch) in a length of paper."""
    return mm / 25.4 * 96


# Paper at 96 dpi, less the print margins the stylesheets ask for (12 mm a side; 10 mm top + 14 mm bottom).
PAPER = {"A4": (px(210 - 24), px(297 - 24)), "Letter": (px(215.9 - 24), px(279.4 - 24))}
# A worksheet, printed from the browser, has no footer: 10 mm top and bottom (`@page pt-worksheet` in sheets.css).
SHEET_PAPER = {"A4": (px(210 - 24), px(297 - 20)), "Letter": (px(215.9 - 24), px(279.4 - 20))}


# --- What the tests need -----------------------------------------------------------------------------------


def _unavailable(ci_message: str, local_message: str) -> None:
    """Missing tools fail in CI (where .ci/run installs them) and skip, saying what to install, elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(ci_message, pytrace=False)
    pytest.skip(local_message)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        _unavailable(
            "Chromium is required in CI: .ci/run installs it with apt-get install chromium",
            "Chromium is not installed: run `apt-get install chromium` (Debian/Ubuntu) to run the browser tests",
        )
    return str(path)


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        _unavailable(
            "axe-core is required in CI: `npm ci` (run by `make test`) installs node_modules/axe-core",
            "axe-core is not installed: run `npm ci` in the project folder to run the accessibility tests",
        )
    return AXE


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(
            "Playwright is required in CI: install the test extras (pip install -e '.[test]')",
            "Playwright is not installed: run `pip install -e '.[test]'` to run the browser tests",
        )
    # Nothing reaches another host: every request but to 127.0.0.1 or localhost (which Chromium never sends
    # to a proxy) goes to a "proxy" at a port bound here and never listened on, so it is refused at once;
    # such requests are still seen (and fail). The browser does this itself, so no request waits on Python.
    with sync_playwright() as playwright, socket.socket() as nowhere:
        nowhere.bind(("127.0.0.1", 0))
        # With the back/forward cache a reader's browser has (Playwright turns it off): going back shows the
        # page as it was left, without loading it again.
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=[*CHROMIUM_ARGS, f"--proxy-server=http://127.0.0.1:{nowhere.getsockname()[1]}"],
            ignore_default_args=["--disable-back-forward-cache"],
        )
        try:
            yield launched
        finally:
            launched.close()


AXE_ADDRESS = "/__axe-core__/axe.min.js"
"""Where the test server hands out axe-core (not part of the site): a script the browser loads by address is
compiled once and cached, where one injected as text is parsed again on every page."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path: str) -> str:
        if urlsplit(path).path == AXE_ADDRESS:
            return str(AXE)
        return super().translate_path(path)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser hanging up mid-answer is not the site's fault; real problems show as failed requests


@pytest.fixture(scope="module")
def site(built: Any) -> Path:
    return Path(built.site)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site, on 127.0.0.1 at a free port, for as long as the module runs."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="handbook-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


SEARCH_ONLY_ON = """(paths => {
    // Material's search builds its whole index in a worker on every page load (about 0.35 s of CPU): only the
    // pages named here (null: every page) start it; elsewhere the worker is a stand-in that never answers.
    if (paths === null || paths.includes(location.pathname)) return;
    const Real = window.Worker;
    window.Worker = function (url, options) {
        if (!String(url).includes('/workers/search.')) return new Real(url, options);
        const idle = new EventTarget();
        idle.postMessage = () => {};
        idle.terminate = () => {};
        return idle;
    };
})(%s)"""
"""A script for every page of a context: the search starts on the given pages only."""


def search_only_on(context: Any, paths: list[str] | None) -> None:
    """Start Material's search only on pages at these paths (``[]``: none), in every page of ``context`` from now."""
    context.add_init_script(SEARCH_ONLY_ON % json.dumps(paths))


def new_context(browser: Any, *, search: bool, **options: Any) -> Any:
    """A new browser context (an empty profile) as the tests use it: a desktop window, no service workers, and
    Material's search started (``search``) or left out on every page."""
    ctx = browser.new_context(viewport=VIEWPORT, service_workers="block", **options)
    if not search:
        search_only_on(ctx, [])
    return ctx


@pytest.fixture
def context(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context; nothing ever reaches another host (the ``browser`` refuses it).

    The search starts only in tests marked ``search``: the others look at other things, and each page load
    would otherwise build the whole search index. The crawl starts it where it checks it.
    """
    ctx = new_context(browser, search=request.node.get_closest_marker("search") is not None)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture(scope="module")
def looking_contexts(browser: Any) -> Iterator[Any]:
    """``contexts(search)``: one browser context per module for tests that only look and keep nothing in the
    browser (a test that stores answers makes its own profiles), its files and compiled scripts cached."""
    made: dict[bool, Any] = {}

    def contexts(search: bool) -> Any:
        if search not in made:
            made[search] = new_context(browser, search=search)
        return made[search]

    yield contexts
    for ctx in made.values():
        ctx.close()


class Tabs:
    """Tabs of the module's shared contexts (``looking_contexts``), lent to tests that only look and taken back,
    made ready for the next, after each. A new tab starts a new renderer process: 16 pages loaded in new tabs
    took 17-18 CPU-s, the same pages loaded in one tab 8-10 CPU-s (measured side by side, twice)."""

    def __init__(self, contexts: Any) -> None:
        self._contexts = contexts
        self._idle: dict[bool, list[Any]] = {True: [], False: []}
        self._lent: list[tuple[bool, Any]] = []

    def lend(self, search: bool) -> Any:
        idle = self._idle[search]
        tab = idle.pop() if idle else self._contexts(search).new_page()
        self._lent.append((search, tab))
        return tab

    @contextlib.contextmanager
    def turn(self, request: pytest.FixtureRequest) -> Iterator[None]:
        """Around one test: every tab lent meanwhile is taken back after it, kept unless the test failed."""
        failed = request.session.testsfailed
        yield
        self.take_back(keep=request.session.testsfailed == failed)

    def take_back(self, *, keep: bool) -> None:
        """Ready every lent tab for the next test (back to the desktop window on screen, nothing watched, routed
        or loaded), or close it: after a failed test, or one that could not be readied. Tabs a test opened
        itself (a popup) are closed."""
        from playwright.sync_api import Error

        lent, self._lent = self._lent, []
        for search, tab in lent:
            try:
                if keep and not tab.is_closed():
                    for watch in tab.__dict__.pop("watches", []):
                        watch.stop()
                    tab.unroute_all()
                    tab.emulate_media(media="null")
                    tab.set_viewport_size(VIEWPORT)
                    tab.goto("about:blank")
                    self._idle[search].append(tab)
                    continue
            except Error:
                pass
            tab.close()
        for search in {search for search, _ in lent}:
            for tab in self._contexts(search).pages:
                if tab not in self._idle[search]:
                    tab.close()


@pytest.fixture(scope="module")
def looking_tabs(looking_contexts: Any) -> Tabs:
    return Tabs(looking_contexts)


@pytest.fixture
def page(looking_tabs: Tabs, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A tab of the module's context with the search started (tests marked ``search``) or not, loaded with
    nothing, in the desktop window, on screen; used again by the next test unless this one fails."""
    with looking_tabs.turn(request):
        yield looking_tabs.lend(request.node.get_closest_marker("search") is not None)


SEARCH_READY = """() => {
    const meta = document.querySelector('.md-search-result__meta');
    const config = document.getElementById('__config');
    if (!meta || !config) return true;  // no search on this page (the slides)
    return meta.textContent.trim() === JSON.parse(config.textContent).translations['search.result.placeholder'];
}"""
"""Whether Material's search has finished starting (its worker fetched the index and lunr's language files)."""


class Watch:
    """Everything one page asks for and complains about (since the last ``reset``)."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.pending: set[Any] = set()
        self._mine: set[Any] = set()
        self._page = page
        self._handlers = {
            "request": self._request,
            "requestfinished": lambda request: self.pending.discard(request),
            "requestfailed": self._failed,
            "response": self._response,
            "console": self._console,
            "pageerror": lambda error: self.errors.append(f"uncaught exception: {error}"),
        }
        for event, handler in self._handlers.items():
            page.on(event, handler)
        page.__dict__.setdefault("watches", []).append(self)  # stopped when a shared tab is taken back (Tabs)

    def stop(self) -> None:
        """Watch no more (the tab goes on to another test)."""
        for event, handler in self._handlers.items():
            self._page.remove_listener(event, handler)

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        self.pending.add(request)
        self._mine.add(request)

    def _failed(self, request: Any) -> None:
        self.pending.discard(request)
        if request in self._mine:  # not one the page before cut short by going on to this one
            self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request in self._mine:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _console(self, message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"{message.text}" + (f" [{where}]" if where else ""))

    def reset(self) -> None:
        self.requests.clear()
        self.failed.clear()
        self.errors.clear()
        self.pending.clear()
        self._mine.clear()

    def settle(self, page: Any, quiet_ms: int = 100, timeout_ms: int = 5000) -> None:
        """Wait until nothing has been loading for a moment (the page's scripts fetch after the load event)."""
        quiet = waited = 0
        while waited < timeout_ms and quiet < quiet_ms:
            page.wait_for_timeout(25)
            waited += 25
            quiet = quiet + 25 if not self.pending else 0

    def search_ready(self, page: Any, timeout_ms: int = 15_000) -> bool:
        """Wait until the search has started (what it loads comes after the page's load event), then settle."""
        from playwright.sync_api import TimeoutError as Timeout

        try:
            page.wait_for_function(SEARCH_READY, timeout=timeout_ms, polling=50)
        except Timeout:
            return False
        self.settle(page)
        return True

    def foreign(self, *, served: bool) -> list[str]:
        """What was asked for besides inline data and the handbook itself (on 127.0.0.1, or on disk)."""
        own = ("http", "https") if served else ("file",)
        out = set()
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme in own and (not served or parts.hostname in LOCAL_HOSTS):
                continue
            out.add(url)
        return sorted(out)


def _text_without_permalink(page: Any, selector: str) -> str:
    """An element's text as read, without MkDocs' hover-only ¶ permalink."""
    return page.locator(selector).first.evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); }"
    )


# --- 1. The home page --------------------------------------------------------------------------------------


def test_home_page_shows_the_triangle_in_the_handbook_font(page: Any, base_url: str) -> None:
    page.goto(base_url + "index.html")
    assert "Power Triangle" in page.title()

    triangle = page.locator("svg.pt-triangle").first
    triangle.wait_for(state="visible")
    box = triangle.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100, f"the triangle is drawn at {box}"

    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p') || document.body).fontFamily")
    first = family.split(",")[0].strip().strip("'\"")
    assert first == "Atkinson Hyperlegible", f"body text is set in {family}"
    loaded = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Atkinson Hyperlegible');
            return {check: document.fonts.check('16px "Atkinson Hyperlegible"'),
                    loaded: faces.filter(f => f.status === 'loaded').length,
                    states: faces.map(f => f.weight + ' ' + f.style + ' ' + f.status)};
        }"""
    )
    assert loaded["check"] and loaded["loaded"] > 0, f"Atkinson Hyperlegible is not loaded: {loaded['states']}"


# --- 2. Clicking the triangle ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", SAMPLE_LANGUAGES)
def test_clicking_a_corner_of_the_triangle_opens_its_page(page: Any, base_url: str, code: str) -> None:
    prefix = LANGUAGES[code]
    model = f"{base_url}{prefix}model/index.html"
    page.goto(model)
    for region in REGIONS:
        if page.url != model:  # back, as a reader goes back, to the model page as it was left
            page.go_back(wait_until="commit")
            page.wait_for_url(model, wait_until="commit", timeout=10_000)
        link = page.locator(f"svg.pt-triangle a[data-region={region}]").first
        label = link.get_attribute("aria-label") or ""
        assert label, f"{code}: the {region} region has no aria-label"
        link.click()
        # Arrived once the page is there: its heading is read without waiting for the rest of it to load.
        page.wait_for_url(f"{base_url}{prefix}model/{region}.html", wait_until="commit", timeout=10_000)
        heading = page.locator(".md-content h1").first
        heading.wait_for(state="visible")
        title = _text_without_permalink(page, ".md-content h1")
        assert title, f"{code}: model/{region}.html has an empty h1"
        if region in DIMENSIONS:
            assert title == label.split(":")[0].strip(), f"{code}: the region says {label!r}, the page is {title!r}"


# --- 3. The keyboard -----------------------------------------------------------------------------------------

_STROKES = """() => {
    const svg = document.querySelector('svg.pt-triangle');
    const out = {};
    for (const a of svg.querySelectorAll('a[data-region]')) {
        const shape = a.querySelector('.pt-shape, .pt-pill');
        out[a.dataset.region] = parseFloat(getComputedStyle(shape).strokeWidth);
    }
    return out;
}"""
_FOCUSED = """() => {
    const a = document.activeElement;
    if (!a || a.closest('svg.pt-triangle') !== document.querySelector('svg.pt-triangle')) return [null, null];
    const shape = a.querySelector('.pt-shape, .pt-pill');
    return [a.getAttribute('data-region'), shape ? parseFloat(getComputedStyle(shape).strokeWidth) : null];
}"""
"""The triangle's region that has the keyboard's focus, and the stroke width of its outline then."""


def test_keyboard_reaches_every_region_with_a_visible_focus_ring(page: Any, base_url: str) -> None:
    page.goto(base_url + "model/index.html")
    resting = page.evaluate(_STROKES)
    assert set(resting) == {*REGIONS, *STEPS}, f"the triangle's links are {sorted(resting)}"

    focused: dict[str, float] = {}
    for _ in range(200):
        page.keyboard.press("Tab")
        region, stroke = page.evaluate(_FOCUSED)
        if region and region not in focused:
            focused[region] = stroke
        if len(focused) == len(resting):
            break
    assert set(focused) == set(resting), f"Tab never reached {sorted(set(resting) - set(focused))}"
    no_ring = {r: (resting[r], focused[r]) for r in resting if not focused[r] > resting[r]}
    assert not no_ring, f"no visible focus ring (stroke-width resting, focused): {no_ring}"

    for _ in range(len(resting)):  # back to the resources region, by keyboard, and open it
        if page.evaluate(_FOCUSED)[0] == "resources":
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(_FOCUSED)[0] == "resources", "Shift+Tab never went back to the resources region"
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "model/resources.html", wait_until="commit", timeout=10_000)


# --- 4. Search ----------------------------------------------------------------------------------------------


def _first_factor(site: Path, prefix: str) -> tuple[str, str, str]:
    """The first factor on the discourses page of a language: its id, its title, and the title's longest word."""
    text = (site / prefix / "model" / "discourses.html").read_text(encoding="utf-8")
    match = re.search(r'<h4 id="([^"]+)">(.*?)</h4>', text, re.S)
    assert match, f"{prefix}model/discourses.html has no factor headings"
    title = heading_text(match.group(2))
    return match.group(1), title, max(re.findall(r"\w+", title), key=len)


def _search(page: Any, index_html: str, term: str) -> list[str]:
    """Open the search, wait until it is ready, type ``term``: the links of the results shown."""
    initialising = re.search(r'class="md-search-result__meta">\s*([^<]*?)\s*<', index_html)
    assert initialising, "the page has no search"
    box = page.locator(".md-search__input")
    if not box.is_visible():
        page.locator("label[for=__search]").filter(visible=True).first.click()
    box.click()  # opening the search is what loads its index when the site is opened from disk
    ready = page.evaluate(
        """async text => {
            const meta = document.querySelector('.md-search-result__meta');
            for (let waited = 0; waited < 15000; waited += 50) {
                if (meta.textContent.trim() !== text) return true;
                await new Promise(resolve => setTimeout(resolve, 50));
            }
            return false;
        }""",
        initialising.group(1),
    )
    assert ready, f"the search on {page.url} still says {initialising.group(1)!r} after 15 s"
    box.press_sequentially(term, delay=20)  # typed, as a reader does: the search answers keystrokes
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.search
@pytest.mark.parametrize("code", LANGUAGES)
def test_search_finds_a_factor(page: Any, base_url: str, site: Path, code: str) -> None:
    prefix = LANGUAGES[code]
    factor, title, word = _first_factor(site, prefix)
    page.goto(f"{base_url}{prefix}index.html")
    links = _search(page, (site / prefix / "index.html").read_text(encoding="utf-8"), word)
    wanted = f"{base_url}{prefix}model/discourses.html"
    hits = [link for link in links if link.split("?")[0].split("#")[0] == wanted and link.endswith(f"#{factor}")]
    assert hits, f"{code}: searching {word!r} (from {title!r}) shows no link to {wanted}#{factor}; it shows {links}"
    shown = page.locator(f'.md-search-result__item a[href$="#{factor}"]').first
    assert shown.is_visible(), f"{code}: the result for {title!r} is there but folded away"


# --- 5. Printing -------------------------------------------------------------------------------------------

PRINTED = {
    "home": "index.html",
    "dimension": "model/resources.html",
    "cycle": "model/cycle.html",
    "factors": "model/factors.html",
    "worksheet": "worksheets/cycle.html",
    "cards": "cards.html",
    "downloads": "downloads.html",
    "course": "course/session-90.html",
}


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    ("kind", "code"),
    [(kind, "en") for kind in PRINTED] + [(kind, "de") for kind in ("factors", "worksheet", "cards", "course")],
)
def test_printing_from_the_browser(page: Any, base_url: str, code: str, kind: str) -> None:
    width, height = PAPER["A4"]
    page.set_viewport_size({"width": round(width), "height": round(height)})  # lay out as on paper
    page.goto(f"{base_url}{LANGUAGES[code]}{PRINTED[kind]}")
    page.emulate_media(media="print")

    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer"):
        shown = [i for i, element in enumerate(page.locator(chrome).all()) if element.is_visible()]
        assert not shown, f"{chrome} is printed"

    shortest_page = min(h for _, h in PAPER.values())
    tall = page.locator("svg.pt-triangle").evaluate_all("svgs => svgs.map(s => s.getBoundingClientRect().height)")
    too_tall = [round(h) for h in tall if h >= shortest_page]
    assert not too_tall, f"triangles taller than a page ({shortest_page:.0f}px) would be cut: {too_tall}"

    # Printed in the handbook's fonts, not a wider stand-in: every face it declares loaded (a face the screen
    # layout did not use yet, such as a bold only print shows, would otherwise still be loading).
    if kind == "worksheet":
        in_handbook_font(page)
    else:
        page.evaluate(LOAD_EVERY_FACE)
    pdfs = {paper: page.pdf(format=paper) for paper in PAPER}
    for paper, data in pdfs.items():
        assert data.startswith(b"%PDF-"), f"printing on {paper} gave no PDF"

    if kind == "worksheet":
        counts = {paper: _pdf_pages(data) for paper, data in pdfs.items()}
        assert counts == {paper: 1 for paper in PAPER}, (
            f"the worksheet prints on {counts} pages, not one: " + _why_not_one_page(page)
        )


def _why_not_one_page(page: Any) -> str:
    found = page.evaluate(
        """() => {
            const sheet = document.querySelector('.pt-sheet');
            const before = [...document.querySelector('.md-content__inner').children]
                .filter(e => !e.contains(sheet) && e.checkVisibility() && e.innerText.trim())
                .map(e => e.tagName.toLowerCase() + ' "' + e.innerText.trim().replace(/\\s*¶$/, '').slice(0, 50) + '"');
            return {before, height: sheet.getBoundingClientRect().height,
                    breakBefore: getComputedStyle(sheet).breakBefore};
        }"""
    )
    reasons = []
    if found["before"]:
        reasons.append(f"printed before the sheet: {', '.join(found['before'])}")
    if found["breakBefore"] == "page":
        reasons.append("`.pt-sheet { break-before: page }` starts the sheet on a new page")
    for paper, (_, height) in PAPER.items():
        if found["height"] > height:
            reasons.append(f"the sheet is {found['height']:.0f}px tall, more than {paper}'s {height:.0f}px")
    return "; ".join(reasons) or "unknown"


# --- 6. Every page: only from this site, without errors, in its language, and (most) checked by axe ----------

AXE_PAGES = (
    "index.html",
    "background.html",
    "model/index.html",
    "model/discourses.html",
    "model/cycle.html",
    "model/factors.html",
    "worksheets/index.html",
    "worksheets/resources.html",
    "worksheets/together.html",
    "cards.html",
    "downloads.html",
    "references.html",
    "course/index.html",
    "course/session-90.html",
    *(f"easy-read/{name}.html" for name in ("index", "three-parts", "notice-talk-act", "ask-for", "meeting")),
)
"""Pages axe checks in English, as the crawl below loads them (every <details> opened first).

The builder with a plan (test_screen) and the slides (test_room) are checked where they are set up."""
AXE_SAMPLE = (
    "index.html",
    "model/discourses.html",
    "model/factors.html",
    "worksheets/resources.html",
    "easy-read/index.html",
    "course/session-90.html",
)
"""Pages axe checks in SAMPLE_LANGUAGES besides English: one of each kind, with English mixed in (marked) where a
translation is missing, and the language's longest words."""
AXE_RUN = """async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
        summary: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\\n').slice(0, 3).join(' '),
    }));
}"""


def axe_violations(page: Any, axe_script: Path) -> str:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, as a report ("" when there are none)."""
    parts = urlsplit(page.url)
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS and axe_script == AXE:
        page.add_script_tag(url=f"{parts.scheme}://{parts.netloc}{AXE_ADDRESS}")
    else:
        page.add_script_tag(path=str(axe_script))
    return "".join(
        f"- {v['id']} ({v['impact']}, {v['count']} elements): {v['help']} <{v['helpUrl']}>\n"
        f"    {v['summary']}\n" + "".join(f"    at {target}\n" for target in v["targets"])
        for v in page.evaluate(AXE_RUN)
    )


_LANGUAGE_SHOWN = """() => ({
    lang: document.documentElement.lang,
    alternates: document.querySelectorAll('link[rel=alternate][hreflang]').length,
    switcher: Object.fromEntries([...document.querySelectorAll('.md-select__link[hreflang]')]
        .map(a => [a.hreflang, a.href])),
})"""


def _language_in_text(text: str, url: str) -> dict[str, Any]:
    """What _LANGUAGE_SHOWN finds in a page, read from its HTML: for pages the crawl checks without loading them."""
    lang = re.search(r'<html lang="([^"]*)"', text)
    links = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)"[^>]*class="md-select__link"', text)
    return {
        "lang": lang.group(1) if lang else None,
        "alternates": len(re.findall(r'<link rel="alternate"[^>]* hreflang=', text)),
        "switcher": {code: urljoin(url, href) for href, code in links},
    }


def _runs_own_script(text: str) -> bool:
    """Whether a page (its HTML) runs a script of the handbook's own (worksheet answers, the session builder, the
    slides), fed with the language's words, besides the theme's."""
    return re.search(r'src="[^"]*assets/javascripts/[a-z-]+\.js"', text) is not None


LOAD_EVERY_FACE = "() => Promise.all([...document.fonts].map(face => face.load())).then(() => document.fonts.ready)"
"""Load every font face the page declares, used on screen yet or not (a bold only print shows)."""


def in_handbook_font(page: Any, selectors: tuple[str, ...] = (".pt-sheet-title", ".pt-sheet-lead")) -> None:
    """Make sure the page is drawn in the handbook's font, as a reader's browser draws it, before its layout is
    measured or printed. The font is `font-display: optional`: a page whose first paint comes before the font (a
    busy machine) keeps its fallback for good, and a wider fallback adds lines. Then the page is loaded again,
    the font now cached, as a reader's next visit would find it."""
    for _ in range(3):
        page.evaluate(LOAD_EVERY_FACE)
        if all("Atkinson" in family for family in _fonts_drawn(page, selectors)):
            return
        page.reload()
    raise AssertionError(f"{page.url} is drawn in {_fonts_drawn(page, selectors)}, not the handbook's font")


def _fonts_drawn(page: Any, selectors: tuple[str, ...]) -> list[str]:
    """The fonts the browser drew each element's own text in (Chromium's DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        families = []
        for selector in selectors:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"] if node else []
            families += [font["familyName"] for font in fonts] or [f"nothing for {selector}"]
        return families
    finally:
        cdp.detach()


def _printed_too_tall(page: Any) -> list[str]:
    """Where a worksheet, as the browser prints it, runs past one page of A4 or Letter (it is laid out at the
    paper's width, in print media, in the handbook's font). Worded for the crawl's report."""
    in_handbook_font(page)
    page.emulate_media(media="print")
    try:
        named = page.evaluate("() => getComputedStyle(document.body).page")
        found = [] if named == "pt-worksheet" else [f"the worksheet prints on `@page {named}`, not pt-worksheet's"]
        for paper, (width, height) in SHEET_PAPER.items():
            page.set_viewport_size({"width": round(width), "height": round(height)})
            bottom = page.evaluate("() => document.querySelector('.pt-sheet').getBoundingClientRect().bottom + scrollY")
            if bottom > height:
                found.append(f"the worksheet prints on two {paper} pages: {bottom - height:.0f}px too tall")
        return found
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(VIEWPORT)


def _pages_of(site: Path, code: str) -> list[str]:
    """Every HTML page of one language, as paths in the site."""
    others = tuple(prefix for other, prefix in LANGUAGES.items() if other != code and prefix)
    found = (p.relative_to(site).as_posix() for p in (site / LANGUAGES[code]).rglob("*.html"))
    return sorted(path for path in found if not path.startswith(others))


def _visit_each(context: Any, urls: list[str], look: Any, in_flight: int = 3) -> None:
    """Open every address, ``in_flight`` at a time in tabs of one context; ``look(page, watch, url)`` at each.

    A tab goes on to its next address once looked at, while the others load: the browser is never idle.
    """
    queue = list(reversed(urls))
    tabs = []
    for _ in range(min(in_flight, len(queue))):
        page = context.new_page()
        url = queue.pop()
        tabs.append((page, Watch(page), url))
        page.goto(url, wait_until="commit")
    while tabs:
        page, watch, url = tabs.pop(0)
        page.wait_for_load_state("load")
        look(page, watch, url)
        if queue:
            url = queue.pop()
            watch.reset()
            page.goto(url, wait_until="commit")
            tabs.append((page, watch, url))
        else:
            page.close()


@pytest.mark.slow
@pytest.mark.search
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_loads_only_from_this_site_without_errors(
    context: Any, base_url: str, site: Path, code: str
) -> None:
    """Every page of a language names its language and (but for 404 and the slides) switches to itself in every
    language. Loaded in the browser, a page asks for nothing from another host, fails no request and logs no error;
    every worksheet prints on one page of A4 and of Letter; the pages in AXE_PAGES (English) and AXE_SAMPLE (the
    other SAMPLE_LANGUAGES) pass axe. One load of each page serves all of it. The search starts, and is checked, on
    one page at each depth of folders (and 404): what it loads is found from the page's address relative to the
    language's root, the same for every page as deep.

    The browser loads every page of English. Of another language it loads the pages whose own scripts take its
    words (the worksheets, the builder, the slides), those the search starts on and those axe checks; its other
    pages run the theme's scripts alone, as the same pages in English do, and their language and switcher are read
    from their files (test_site follows every link and source in every page of every language)."""
    prefix = LANGUAGES[code]
    pages = _pages_of(site, code)
    searched = {min(p for p in pages if p.count("/") == depth) for depth in {p.count("/") for p in pages}}
    searched |= {path for path in pages if path.endswith("404.html")}
    search_only_on(context, sorted(f"/{path}" for path in searched))
    checked = AXE_PAGES if code == "en" else AXE_SAMPLE if code in SAMPLE_LANGUAGES else ()
    unloaded = {}  # path → HTML, of the pages the browser does not load
    for p in pages:
        if code != "en" and p not in searched and p.removeprefix(prefix) not in checked:
            text = (site / p).read_text(encoding="utf-8")
            if not _runs_own_script(text):
                unloaded[p] = text
    loaded = [p for p in pages if p not in unloaded]
    assert any(p.startswith(f"{prefix}worksheets/") for p in loaded) and any("builder" in p for p in loaded)
    assert len(pages) >= 21, f"{code}: only {len(pages)} pages"
    assert {prefix + path for path in (*AXE_PAGES, *AXE_SAMPLE)} <= set(pages), "a page axe should check is missing"
    axe = AXE if AXE.is_file() else None
    problems: dict[str, list[str]] = {}  # problem → pages
    axe_found: dict[str, str] = {}  # page → axe's report

    def language_problems(path: str, shown: dict[str, Any]) -> list[str]:
        found = []
        if shown["lang"] != code:
            found.append(f"<html lang={shown['lang']!r}>")
        if shown["alternates"]:  # absolute, so only with site_url (test_room builds such a site)
            found.append(f"{shown['alternates']} hreflang links in a site built without site_url")
        same = path.removeprefix(prefix)
        if same not in ("404.html", "slides/index.html"):
            for other, other_prefix in LANGUAGES.items():
                if shown["switcher"].get(other) != f"{base_url}{other_prefix}{same}":
                    found.append(f"the language switcher to {other} leaves the page")
        return found

    def look(page: Any, watch: Watch, url: str) -> None:
        path = url.removeprefix(base_url)
        found = []
        if path in searched:
            found += [] if watch.search_ready(page) else ["the search never says it is ready"]
        else:
            watch.settle(page)
        found += [f"asks another host for {url}" for url in watch.foreign(served=True)]
        found += [f"failed request: {failure}" for failure in watch.failed]
        found += [f"console error: {error}" for error in watch.errors]
        found += language_problems(path, page.evaluate(_LANGUAGE_SHOWN))
        same = path.removeprefix(prefix)
        if same.startswith("worksheets/") and same != "worksheets/index.html":
            found += _printed_too_tall(page)
        for problem in found:
            problems.setdefault(problem.replace(base_url, "/"), []).append(path)
        if axe and path.removeprefix(prefix) in checked:
            page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
            report = axe_violations(page, axe)
            if report:
                axe_found[path] = report

    _visit_each(context, [base_url + path for path in loaded], look)
    for path, text in sorted(unloaded.items()):
        for problem in language_problems(path, _language_in_text(text, base_url + path)):
            problems.setdefault(problem.replace(base_url, "/"), []).append(path)

    report = "\n".join(f"{p}\n    on {len(problems[p])} pages: {', '.join(problems[p][:3])}" for p in sorted(problems))
    report += "".join(f"\n{path}: axe finds\n{found}" for path, found in axe_found.items())
    assert not problems and not axe_found, (
        f"{len(problems)} problems, axe violations on {len(axe_found)} pages:\n{report}"
    )
    if axe is None:
        _unavailable(
            "axe-core is required in CI: `npm ci` (run by `make test`) installs node_modules/axe-core",
            "axe-core is not installed: every page loaded cleanly, but run `npm ci` to check them with axe too",
        )


# --- 7. The offline zip ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "power-triangle-handbook-offline.zip") as archive:
        archive.extractall(target)
    root = target / OFFLINE_FOLDER
    assert (root / "index.html").is_file(), f"the offline zip has no {OFFLINE_FOLDER}/index.html"
    return root


@pytest.mark.search
@pytest.mark.parametrize("code", SAMPLE_LANGUAGES)
def test_offline_copy_works_from_disk(page: Any, offline: Path, code: str) -> None:
    watch = Watch(page)
    home = offline / LANGUAGES[code] / "index.html"
    page.goto(home.as_uri())
    triangle = page.locator("svg.pt-triangle").first
    triangle.wait_for(state="visible")
    box = triangle.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100, f"the triangle is drawn at {box}"

    page.locator("svg.pt-triangle a[data-region=resources]").first.click()
    page.wait_for_url((offline / LANGUAGES[code] / "model" / "resources.html").as_uri(), timeout=10_000)
    page.locator(".md-content h1").first.wait_for(state="visible")

    factor, title, word = _first_factor(offline, LANGUAGES[code])
    page.goto(home.as_uri())  # loaded again, not restored by going back: the search must start from disk as new
    links = _search(page, home.read_text(encoding="utf-8"), word)
    discourses = (offline / LANGUAGES[code] / "model" / "discourses.html").as_uri()
    assert any(link.startswith(discourses) for link in links), f"searching {word!r} finds no factor: {links}"

    watch.settle(page)
    foreign = watch.foreign(served=False)
    assert not foreign, "opened from disk, the handbook still asks for:\n" + "\n".join(foreign)
