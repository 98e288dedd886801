"""The handbook in a real browser: what a reader sees, clicks, prints and searches.

Debian's Chromium, driven by Playwright, looks at the site the ``built`` fixture
builds once per session, served from 127.0.0.1 by Python's own web server (and,
for the offline zip, opened straight from disk). One browser for the module, a
fresh context per test. Without Chromium (``apt-get install chromium``) or
axe-core (``npm ci``) these tests are skipped on a workstation and fail in CI.
The link check at the end needs no browser.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}
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
DIMENSIONS = ("resources", "discourses", "contexts")
REGIONS = (*DIMENSIONS, "cycle")
STEPS = ("reaction", "interaction", "action")
OFFLINE_FOLDER = "power-triangle-handbook"


def px(mm: float) -> float:
    """CSS pixels (96 per inch) in a length of paper."""
    return mm / 25.4 * 96


# Paper at 96 dpi, less the print margins the stylesheets ask for (12 mm a side; 10 mm top + 14 mm bottom).
PAPER = {"A4": (px(210 - 24), px(297 - 24)), "Letter": (px(215.9 - 24), px(279.4 - 24))}


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
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


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


FOREIGN = re.compile(r"^(https?|wss?)://(?!(127\.0\.0\.1|localhost)([:/]|$))", re.I)
"""Any address on another host (a pattern, so the browser sorts requests without asking Python each time)."""


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context; nothing ever reaches another host (such requests are still seen, then blocked)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    ctx.route(FOREIGN, lambda route: route.abort("blockedbyclient"))
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


class Watch:
    """Everything one page asks for and complains about."""

    def __init__(self, page: Any) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.pending: set[Any] = set()
        page.on("request", self._request)
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))

    def _request(self, request: Any) -> None:
        self.requests.append(request.url)
        self.pending.add(request)

    def _failed(self, request: Any) -> None:
        self.pending.discard(request)
        self.failed.append(f"{request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
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

    def settle(self, page: Any, quiet_ms: int = 100, timeout_ms: int = 5000) -> None:
        """Wait until nothing has been loading for a moment (the page's scripts fetch after the load event)."""
        quiet = waited = 0
        while waited < timeout_ms and quiet < quiet_ms:
            page.wait_for_timeout(25)
            waited += 25
            quiet = quiet + 25 if not self.pending else 0

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


@pytest.mark.parametrize("code", LANGUAGES)
def test_clicking_a_corner_of_the_triangle_opens_its_page(page: Any, base_url: str, code: str) -> None:
    prefix = LANGUAGES[code]
    for region in REGIONS:
        page.goto(f"{base_url}{prefix}model/index.html")
        link = page.locator(f"svg.pt-triangle a[data-region={region}]").first
        label = link.get_attribute("aria-label") or ""
        assert label, f"{code}: the {region} region has no aria-label"
        link.click()
        page.wait_for_url(f"{base_url}{prefix}model/{region}.html", timeout=10_000)
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
_FOCUSED_REGION = """() => {
    const a = document.activeElement;
    return a && a.closest('svg.pt-triangle') === document.querySelector('svg.pt-triangle')
        ? a.getAttribute('data-region') : null;
}"""


def _tab_to(page: Any, region: str, limit: int = 200) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED_REGION) == region:
            return
    pytest.fail(f"{limit} presses of Tab never reached the {region} region of the triangle")


def test_keyboard_reaches_every_region_with_a_visible_focus_ring(page: Any, base_url: str) -> None:
    page.goto(base_url + "model/index.html")
    resting = page.evaluate(_STROKES)
    assert set(resting) == {*REGIONS, *STEPS}, f"the triangle's links are {sorted(resting)}"

    focused: dict[str, float] = {}
    for _ in range(200):
        page.keyboard.press("Tab")
        region = page.evaluate(_FOCUSED_REGION)
        if region and region not in focused:
            focused[region] = page.evaluate(_STROKES)[region]
        if len(focused) == len(resting):
            break
    assert set(focused) == set(resting), f"Tab never reached {sorted(set(resting) - set(focused))}"
    no_ring = {r: (resting[r], focused[r]) for r in resting if not focused[r] > resting[r]}
    assert not no_ring, f"no visible focus ring (stroke-width resting, focused): {no_ring}"

    page.goto(base_url + "model/index.html")
    _tab_to(page, "resources")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "model/resources.html", timeout=10_000)


# --- 4. Languages ------------------------------------------------------------------------------------------


def _switch(page: Any, code: str) -> str:
    """Where the language switcher's link for ``code`` goes (the menu opens on hover, so read its href)."""
    link = page.locator(f".md-select__link[hreflang={code}]").first
    assert link.count() == 1, f"{page.url}: the language switcher has no link to {code}"
    return link.evaluate("a => a.href")


def test_language_switcher_keeps_the_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "model/contexts.html")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(_switch(page, "sv"))
    assert page.url == base_url + "sv/model/contexts.html"
    assert page.evaluate("document.documentElement.lang") == "sv"

    page.goto(base_url + "sv/worksheets/cycle.html")
    page.goto(_switch(page, "de"))
    assert page.url == base_url + "de/worksheets/cycle.html"
    assert page.evaluate("document.documentElement.lang") == "de"
    page.goto(_switch(page, "da"))
    assert page.url == base_url + "da/worksheets/cycle.html"
    assert page.evaluate("document.documentElement.lang") == "da"
    page.goto(_switch(page, "en"))
    assert page.url == base_url + "worksheets/cycle.html"
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", ["model/contexts.html", "worksheets/cycle.html"])
def test_every_page_names_its_language_and_its_translations(page: Any, base_url: str, code: str, path: str) -> None:
    page.goto(f"{base_url}{LANGUAGES[code]}{path}")
    assert page.evaluate("document.documentElement.lang") == code
    # hreflang links are absolute, so they exist only when site_url is set (test_room builds such a site).
    alternates = page.evaluate("[...document.querySelectorAll('link[rel=alternate][hreflang]')].length")
    assert alternates == 0, f"{alternates} hreflang links in a site built without site_url"
    for other, prefix in LANGUAGES.items():
        assert _switch(page, other) == f"{base_url}{prefix}{path}", f"the switcher to {other} leaves the page"


# --- 5. Search ---------------------------------------------------------------------------------------------


def _first_factor(site: Path, prefix: str) -> tuple[str, str, str]:
    """The first factor on the discourses page of a language: its id, its title, and the title's longest word."""
    text = (site / prefix / "model" / "discourses.html").read_text(encoding="utf-8")
    match = re.search(r'<h4 id="([^"]+)">(.*?)</h4>', text, re.S)
    assert match, f"{prefix}model/discourses.html has no factor headings"
    title = re.sub(r'<a class="headerlink".*?</a>', "", match.group(2), flags=re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", title)).strip()
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


# --- 6. Printing -------------------------------------------------------------------------------------------

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


@pytest.mark.parametrize("code", ["en", "sv"])
@pytest.mark.parametrize("kind", PRINTED)
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


# --- 7. Accessibility --------------------------------------------------------------------------------------

AXE_PAGES = [
    "index.html",
    "background.html",
    "model/index.html",
    "model/discourses.html",
    "model/cycle.html",
    "model/factors.html",
    "worksheets/index.html",
    "worksheets/resources.html",
    "cards.html",
    "downloads.html",
    "references.html",
    "course/index.html",
    "course/session-90.html",
]
AXE_RUN = """async () => {
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
        summary: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\\n').slice(0, 3).join(' '),
    }));
}"""


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_accessibility_violations(page: Any, base_url: str, axe_script: Path, code: str, path: str) -> None:
    page.goto(f"{base_url}{LANGUAGES[code]}{path}")
    page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(AXE_RUN)
    report = "".join(
        f"- {v['id']} ({v['impact']}, {v['count']} elements): {v['help']} <{v['helpUrl']}>\n"
        f"    {v['summary']}\n" + "".join(f"    at {target}\n" for target in v["targets"])
        for v in violations
    )
    if violations:
        pytest.fail(f"{LANGUAGES[code]}{path}: axe finds\n{report}", pytrace=False)


# --- 8. Privacy and errors ---------------------------------------------------------------------------------


def test_every_page_loads_only_from_this_site_without_errors(page: Any, base_url: str, site: Path) -> None:
    watch = Watch(page)
    problems: dict[str, list[str]] = {}  # problem → pages
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 4 * 21
    for path in pages:
        watch.reset()
        page.goto(base_url + path)
        watch.settle(page)
        found = [f"asks another host for {url}" for url in watch.foreign(served=True)]
        found += [f"failed request: {failure}" for failure in watch.failed]
        found += [f"console error: {error}" for error in watch.errors]
        for problem in found:
            problems.setdefault(problem.replace(base_url, "/"), []).append(path)

    report = "\n".join(f"{p}\n    on {len(problems[p])} pages: {', '.join(problems[p][:3])}" for p in sorted(problems))
    assert not problems, f"{len(problems)} problems:\n{report}"


# --- 9. The offline zip ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "power-triangle-handbook-offline.zip") as archive:
        archive.extractall(target)
    root = target / OFFLINE_FOLDER
    assert (root / "index.html").is_file(), f"the offline zip has no {OFFLINE_FOLDER}/index.html"
    return root


@pytest.mark.parametrize("code", LANGUAGES)
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
    page.goto(home.as_uri())
    links = _search(page, home.read_text(encoding="utf-8"), word)
    discourses = (offline / LANGUAGES[code] / "model" / "discourses.html").as_uri()
    assert any(link.startswith(discourses) for link in links), f"searching {word!r} finds no factor: {links}"

    watch.settle(page)
    foreign = watch.foreign(served=False)
    assert not foreign, "opened from disk, the handbook still asks for:\n" + "\n".join(foreign)
