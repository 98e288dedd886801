"""The handbook in a training room: presenter slides, the course pack's cover and contents, and Lighthouse.

Slides and Lighthouse run in Debian's Chromium (the fixtures of test_browser:
the session's ``built`` site served from 127.0.0.1, nothing let out to another
host); the course pack is read with pypdf.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from test_browser import (  # noqa: F401 - fixtures, used by name
    AXE,
    LANGUAGES,
    OFFLINE_FOLDER,
    SAMPLE_LANGUAGES,
    Watch,
    _unavailable,
    axe_script,
    axe_violations,
    base_url,
    browser,
    chromium,
    looking_contexts,
    looking_tabs,
    page,
    site,
)
from test_pdf import page_texts, poppler, words

from generator.load import read_front_matter
from generator.project import gather
from generator.render.slides import SLIDES_PATH
from generator.render.source import DOI_URL

ROOT = Path(__file__).resolve().parent.parent
PAPERS = ("a4", "letter")
SLIDE_IDS = (
    "title",
    "why",
    "triangle",
    "resources",
    "discourses",
    "contexts",
    "cycle",
    "reaction",
    "interaction",
    "action",
    "source",
)
REVEAL_FILES = {
    "reveal.js": "dist/reveal.js",
    "reveal.css": "dist/reveal.css",
    "plugin/notes.js": "dist/plugin/notes.js",
}


@functools.cache
def _gathered(root: Path, code: str) -> Any:
    """The built handbook's sources in one language, gathered once for the tests that read them (never changed)."""
    return gather(root, only=code)


# --- The course pack: cover, contents, page numbers (no browser) -------------------------------------------


def _contents(catalogue: Any, project: Any, code: str) -> list[tuple[str, str]]:
    """(anchor, title) of every part the pack's contents must list, in order."""
    parts = []
    for n, path in enumerate(("course/index.md", "course/session-90.md", "course/workshop-half-day.md"), 1):
        meta, _ = read_front_matter(project.guides[code][path].text)
        parts.append((f"pack-guide-{n}", str(meta["title"])))
    for key in ("resources", "discourses", "contexts"):
        parts.append((f"pack-worksheet-{key}", catalogue.t("worksheet_for", dimension=catalogue.dimension(key).title)))
    parts.append(("pack-worksheet-cycle", catalogue.t("worksheet_cycle_title")))
    parts.append(("pack-worksheet-blank", catalogue.t("worksheet_blank_title")))
    parts.append(("pack-cards", catalogue.t("cards_title")))
    return parts


def _destinations(path: Path) -> dict[str, int]:
    """The PDF's named destinations (a bookmark per part) and the page each is on, as pdfinfo lists them."""
    found = re.findall(r'^ *(\d+) \[.*\] "(.*)"$', poppler("pdfinfo", "-dests", str(path)), re.M)
    assert found, f"{path.name} has no named destinations"
    return {name: int(page) for page, name in found}


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("code", LANGUAGES)
def test_course_pack_opens_with_a_cover_and_contents_whose_page_numbers_are_right(
    built: Any, code: str, paper: str
) -> None:
    project = _gathered(built.root, code)
    catalogue = project.catalogues[code]
    path = built.site / LANGUAGES[code] / "downloads" / f"course-pack-{code}-{paper}.pdf"
    pages = [words(page) for page in page_texts(path)]

    cover = pages[0]
    for what in (catalogue.t("model_title"), catalogue.t("handbook_title"), catalogue.t("language_name")):
        assert words(what) in cover, f"{code}/{paper}: the cover lacks {what!r}: {cover[:300]!r}"
    assert re.search(rf"{re.escape(catalogue.t('course_pack_version'))}\s*{re.escape(project.version)}", cover)
    assert "Ärleskog" in cover and DOI_URL in cover.replace(" ", ""), f"{code}/{paper}: no source on the cover"
    for dimension in catalogue.dimensions:  # the triangle, whose labels are text
        assert words(dimension.title) in cover, f"{code}/{paper}: no triangle on the cover"

    listing = pages[1]
    assert listing.startswith(catalogue.t("course_pack_contents")), f"{code}/{paper}: page 2 is not the contents"
    destinations = _destinations(path)
    last = 2
    for anchor, title in _contents(catalogue, project, code):
        found = re.search(re.escape(words(title)) + r"[\s.]*?(\d+)(?!\d)", listing)
        assert found, f"{code}/{paper}: the contents do not list {title!r}: {listing!r}"
        number = int(found.group(1))
        assert number == destinations[anchor], (
            f"{code}/{paper}: {title!r} is listed on page {number}, starts on {destinations[anchor]}"
        )
        assert number > last, f"{code}/{paper}: {title!r} on page {number} comes before the part above it"
        last = number
        start = pages[number - 1]
        if anchor == "pack-cards":
            first_card = words(catalogue.factors[0].title)
            assert first_card in start and first_card not in pages[number - 2], f"{code}/{paper}: cards start elsewhere"
        else:
            assert words(title) in start, f"{code}/{paper}: page {number} does not start {title!r}: {start[:200]!r}"


# --- The slides as built (no browser) ----------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_slides_hold_the_model_and_speaker_notes_and_load_only_their_own_files(built: Any, code: str) -> None:
    catalogue = _gathered(built.root, code).catalogues[code]
    deck = built.site / LANGUAGES[code] / SLIDES_PATH
    html = deck.read_text(encoding="utf-8")
    sections = re.findall(r'<section id="([a-z-]+)"(.*?)</section>', html, re.S)
    assert tuple(s for s, _ in sections) == SLIDE_IDS
    for slide, body in sections:
        notes = re.search(r'<aside class="notes">(.*?)</aside>', body, re.S)
        assert notes and re.sub(r"<[^>]+>|\s", "", notes.group(1)), f"{code}: slide {slide!r} has no speaker notes"
    by_id = dict(sections)
    assert 'class="pt-triangle"' in by_id["triangle"]
    for dimension in catalogue.dimensions:
        shown = re.sub(r"<[^>]+>", "", by_id[dimension.id])
        for factor in dimension.factors:
            assert factor.title.replace("'", "&#39;") in shown, f"{code}: {factor.title!r} is missing"
    for step in catalogue.cycle.steps:
        for question in step.questions:
            assert question.replace("'", "&#39;").replace('"', "&#34;") in by_id[step.id]
    assert DOI_URL in by_id["source"]
    for asset in re.findall(r'(?:src|href)="([^"#?]+)"', html):
        if asset.startswith("https://doi.org/"):
            continue
        assert "://" not in asset, f"{code}: the deck loads {asset} from elsewhere"
        assert (deck.parent / asset).resolve().exists(), f"{code}: the deck refers to {asset}, which is not in the site"
    # Untranslated interface words fall back to English, marked as such.
    if code == "en" or not catalogue.fallback_strings & {"slides_why_title"}:
        assert '<section id="why">\n<h2>' + catalogue.t("slides_why_title") in html
    else:
        assert '<h2><span lang="en" class="pt-fallback">Why power matters</span></h2>' in html


def test_the_slides_ship_the_pinned_reveal_js_with_its_licence() -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["reveal.js"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), f"reveal.js is not pinned to one version: {pinned}"
    vendored = ROOT / "overrides" / "assets" / "reveal"
    assert (
        "MIT" in (vendored / "LICENSE").read_text()
        or "Permission is hereby granted" in (vendored / "LICENSE").read_text()
    )
    installed = ROOT / "node_modules" / "reveal.js"
    if not installed.is_dir():
        pytest.skip("npm ci has not run: cannot compare the shipped reveal.js with the pinned package")
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    for shipped, original in REVEAL_FILES.items():
        assert (vendored / shipped).read_bytes() == (installed / original).read_bytes(), (
            f"{shipped} differs from reveal.js {pinned}"
        )


# --- The slides in a browser --------------------------------------------------------------------------------


def _open_deck(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.Reveal && window.Reveal.isReady()", timeout=30_000)


def _wait_still(page: Any) -> None:
    """Until the fonts are in and no transition or one-off animation is under way (so axe sees what stays).

    A repeating animation (reveal.js bounces its "next" arrow 50 times) is not waited for.
    """
    page.wait_for_function(
        """() => document.fonts.status === 'loaded' && document.getAnimations().every(a =>
            a.playState !== 'running' || a.effect.getComputedTiming().iterations > 1)""",
        timeout=15_000,
    )


def _current(page: Any) -> str:
    return page.evaluate("() => Reveal.getCurrentSlide().id")


@pytest.mark.browser
@pytest.mark.parametrize("code", SAMPLE_LANGUAGES)
def test_slides_pass_axe_move_by_keyboard_and_stay_on_this_site(page: Any, base_url: str, code: str) -> None:
    watch = Watch(page)
    _open_deck(page, f"{base_url}{LANGUAGES[code]}{SLIDES_PATH}")
    assert _current(page) == "title"
    if AXE.is_file():  # the screen view, with reveal.js's controls (the print view is checked below)
        _wait_still(page)
        report = axe_violations(page, AXE)
        assert not report, f"{code} slides: axe finds\n{report}"
    seen = [_current(page)]
    for _ in SLIDE_IDS[1:]:
        page.keyboard.press("ArrowRight")
        page.wait_for_function("before => Reveal.getCurrentSlide().id !== before", arg=seen[-1], timeout=30_000)
        seen.append(_current(page))
        assert page.locator("section.present h1, section.present h2").first.is_visible()
    assert tuple(seen) == SLIDE_IDS
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'action'", timeout=30_000)
    page.keyboard.press("Home")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'title'", timeout=30_000)
    notes = page.evaluate("() => Reveal.getSlides().map(s => (Reveal.getSlideNotes(s) || '').trim().length)")
    assert all(notes), f"{code}: slides without speaker notes: {notes}"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'why'", timeout=30_000)
    page.wait_for_function("() => location.hash === '#/why'", timeout=15_000)  # the slide is in the address...
    page.reload()  # ...so a reload or a bookmark stays on it
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    assert _current(page) == "why"
    watch.failed[:] = [f for f in watch.failed if "ERR_ABORTED" not in f]  # what the reload itself cut short
    watch.settle(page)
    assert not watch.foreign(served=True), watch.foreign(served=True)
    assert not watch.failed and not watch.errors, watch.failed + watch.errors
    if not AXE.is_file():
        _unavailable(
            "axe-core is required in CI: `npm ci` (run by `make test`) installs node_modules/axe-core",
            "axe-core is not installed: the slides work, but run `npm ci` to check them with axe too",
        )


@pytest.mark.browser
def test_speaker_notes_open_from_the_offline_copy(page: Any, site: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(site / "power-triangle-handbook-offline.zip") as archive:
        archive.extractall(tmp_path)
    deck = tmp_path / OFFLINE_FOLDER / "sv" / SLIDES_PATH
    watch = Watch(page)
    _open_deck(page, deck.as_uri())
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getCurrentSlide().id === 'why'")
    expected = words(page.evaluate("() => Reveal.getSlideNotes()") or "")
    expected = re.sub(r"<[^>]+>", "", expected)[:40]
    with page.context.expect_page(timeout=10_000) as opened:
        page.keyboard.press("s")
    speaker = opened.value
    popup = Watch(speaker)
    speaker.wait_for_function(
        "text => (document.querySelector('.speaker-controls-notes') || {}).textContent?.includes(text)",
        arg=expected,
        timeout=15_000,
    )
    popup.settle(speaker)
    watch.settle(page)
    foreign = watch.foreign(served=False) + popup.foreign(served=False)
    assert not foreign, f"the slides ask for {foreign}"


@pytest.mark.browser
@pytest.mark.parametrize("code", SAMPLE_LANGUAGES)
def test_slides_print_as_handouts_that_pass_axe(page: Any, base_url: str, code: str) -> None:
    """The print view shows every slide and its notes at once: one slide a page with its notes, for axe too."""
    import io

    _open_deck(page, f"{base_url}{LANGUAGES[code]}{SLIDES_PATH}?print-pdf")
    page.wait_for_selector("html[data-handouts-ready]", state="attached", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('.pdf-page').length > 0", timeout=30_000)
    if code == "en":
        page.evaluate("() => document.fonts.ready")
        reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
        assert len(reader.pages) == len(SLIDE_IDS)
        second = words(reader.pages[1].extract_text() or "")
        assert "Why power matters" in second and "ongoing reflection" in second  # the slide, then its notes
    if not AXE.is_file():
        _unavailable(
            "axe-core is required in CI: `npm ci` (run by `make test`) installs node_modules/axe-core",
            "axe-core is not installed: the handouts print, but run `npm ci` to check them with axe too",
        )
    _wait_still(page)
    report = axe_violations(page, AXE)
    assert not report, f"{code} slides?print-pdf: axe finds\n{report}"


# --- Links for search engines -----------------------------------------------------------------------------

HREFLANG = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


def test_without_site_url_no_page_has_a_relative_hreflang_link(built: Any) -> None:
    for prefix in LANGUAGES.values():
        for path in ("index.html", "model/resources.html", "worksheets/resources.html"):
            text = built.page(prefix + path)
            assert not re.findall(r"<link[^>]*hreflang", text), f"{prefix}{path} has hreflang links without site_url"
            assert 'role="dialog" aria-label="' in text, f"{prefix}{path}: the search dialog has no name"


@pytest.mark.slow
def test_with_site_url_each_page_links_the_same_page_in_every_language(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import build_copy

    root = "https://handbook.example/power-triangle/"
    monkeypatch.setenv("HANDBOOK_SITE_URL", root)
    build_copy(project, only=["en", "sv"])
    site = project / "site"
    for prefix, path in (("", "index.html"), ("sv/", "model/resources.html"), ("", "worksheets/cycle.html")):
        text = (site / prefix / path).read_text(encoding="utf-8")
        links = dict(HREFLANG.findall(text))
        expected = {code: f"{root}{other}{path}" for code, other in LANGUAGES.items()}
        assert links == {**expected, "x-default": f"{root}{path}"}, f"{prefix}{path}: {links}"
        assert f'<link rel="canonical" href="{root}{prefix}{path}">' in text
        # The theme's script fetches the sitemap.xml beside every rel=alternate link: each one is there.
        for code in ("en", "sv"):
            folder = site / LANGUAGES[code] / Path(path).parent
            sitemap = (folder / "sitemap.xml").read_text(encoding="utf-8")
            assert f"<loc>{expected[code]}</loc>" in sitemap, f"{folder}/sitemap.xml does not list {path}"


# --- Lighthouse ------------------------------------------------------------------------------------------------


def _lighthouse_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench_lighthouse", ROOT / "bench" / "lighthouse.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.mark.browser
@pytest.mark.slow
def test_lighthouse_accessibility_and_seo_are_full_and_nothing_shifts(chromium: str, base_url: str, site: Path) -> None:
    """On the home page, the page every reader opens first (the crawl runs axe on every kind of page; `make
    lighthouse` scores the key pages of every language)."""
    path = "index.html"
    lighthouse = _lighthouse_module()
    if not lighthouse.LIGHTHOUSE.is_file():
        pytest.skip("lighthouse is not installed: run `npm ci`")
    report = lighthouse.run_lighthouse(
        base_url + path, ("accessibility", "seo"), audits=(lighthouse.LAYOUT_SHIFT,), screenshot=False
    )
    result = lighthouse.measurement(report, site, base_url, "en", path, path)
    assert result.scores == {"accessibility": 100, "seo": 100}, f"{path}: {result.scores}, failing {result.failing}"
    assert result.layout_shift is not None and result.layout_shift < 0.1, f"{path}: layout shift {result.layout_shift}"
