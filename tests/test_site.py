"""The real handbook, built from a clean copy: what a reader finds in site/."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.validate import load_english

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}


class Parsed(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.html_lang = ""
        self.alternates: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "html":
            self.html_lang = values.get("lang", "")
        if tag == "link" and values.get("rel") == "alternate" and "hreflang" in values:
            self.alternates[values["hreflang"]] = values["href"]
        for name in ("href", "src"):
            if name in values:
                self.links.append((tag, name, values[name]))


def test_build_report_counts(built) -> None:
    report = built.report
    assert report.languages == ("en", "da", "de", "sv")
    assert report.pages >= 4 * 21
    assert report.pdfs == 4 * 18  # 6 worksheets, cards, course pack, easy-read handout; A4 and Letter
    assert report.diagrams >= 4 * 11


def test_every_factor_has_its_section_in_every_language(built) -> None:
    english = load_english(built.root / "factors")
    for prefix in LANGUAGES.values():
        index = Parsed(built.page(f"{prefix}model/factors.html"))
        for factor in english.factors:
            page = built.page(f"{prefix}model/{factor.dimension}.html")
            assert f'id="{factor.id}"' in page, (prefix, factor.id)
            assert any(link.endswith(f"{factor.dimension}.html#{factor.id}") for _, _, link in index.links), (
                prefix,
                factor.id,
            )


def test_factor_section_shows_questions_related_and_source(built) -> None:
    page = built.page("model/resources.html")
    section = page[page.index('id="understaffing"') :]
    section = section[: section.index('class="pt-factor ', 10) if 'class="pt-factor ' in section[10:] else len(section)]
    english = load_english(built.root / "factors")
    factor = english.factor("understaffing")
    for question in factor.questions.reaction + factor.questions.interaction + factor.questions.action:
        assert question.replace("'", "&#39;") in section or question in section
    for other in english.related_to(factor):
        assert f"{other.dimension}.html#{other.id}" in section
    assert "Ärleskog, Vackerberg &amp; Andersson (2021)" in section


def test_every_svg_parses_and_has_a_text_alternative(built) -> None:
    count = 0
    for html in built.site.rglob("*.html"):
        for svg in re.findall(r"<svg class=\"pt-triangle\".*?</svg>", html.read_text(encoding="utf-8"), re.S):
            root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
            ns = "{http://www.w3.org/2000/svg}"
            assert root.find(f"{ns}title").text.strip()
            assert root.find(f"{ns}desc").text.strip()
            for link in root.iter(f"{ns}a"):
                assert link.get("aria-label")
            count += 1
    assert count >= 44
    for svg_file in built.site.rglob("diagrams/*.svg"):
        ET.parse(svg_file)


def test_dimension_corners_link_to_dimension_pages(built) -> None:
    page = built.page("model/index.html")
    for dimension in ("resources", "discourses", "contexts"):
        assert re.search(rf'<a href="(\.\./model/)?{dimension}.html"[^>]*data-region="{dimension}"', page)
    home = built.page("index.html")
    assert re.search(r'<a href="model/resources.html"[^>]*data-region="resources"', home)


def test_nothing_is_loaded_from_another_host(built) -> None:
    allowed_links = ("https://doi.org/10.1057/s41599-021-00790-1", "https://creativecommons.org/licenses/by/4.0/")
    for path in built.site.rglob("*.html"):
        page = Parsed(path.read_text(encoding="utf-8"))
        for tag, attribute, link in page.links:
            if link.startswith(("http:", "https:", "//")):
                assert tag == "a" and attribute == "href" and link.startswith(allowed_links), (path, tag, link)
    for css in built.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\((['\"]?)(https?:)?//", text), css
        assert "@import" not in text or "fonts.googleapis" not in text


def test_language_attributes_and_alternates(built) -> None:
    for code, prefix in LANGUAGES.items():
        text = built.page(f"{prefix}model/cycle.html")
        page = Parsed(text)
        assert page.html_lang == code
        # hreflang links must be absolute: without site_url there are none (test_room builds one with it)...
        assert page.alternates == {}, (code, page.alternates)
        # ...and the language switcher keeps the reader on the same page.
        switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"[^>]*class="md-select__link"', text))
        assert len(switcher) == len(LANGUAGES)
        for href, other in switcher.items():
            target = (built.site / prefix / "model" / href).resolve()
            assert target == (built.site / LANGUAGES[other] / "model" / "cycle.html").resolve(), (code, other, href)


def test_search_index_per_language_with_its_stemming(built) -> None:
    for code, prefix in LANGUAGES.items():
        index = (built.site / prefix / "search" / "search_index.js").read_text(encoding="utf-8")
        assert f'"lang":["{code}"]' in index.replace(" ", ""), code


def test_every_english_page_has_its_counterpart_in_every_language(built) -> None:
    english = {
        p.relative_to(built.site).as_posix()
        for p in built.site.glob("**/*.html")
        if p.relative_to(built.site).parts[0] not in ("sv", "de", "da")
    }
    for prefix in ("sv/", "de/", "da/"):
        other = {p.relative_to(built.site / prefix).as_posix() for p in (built.site / prefix).glob("**/*.html")}
        assert english == other, prefix


def test_swedish_is_complete(built) -> None:
    for path in (built.site / "sv").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "pt-fallback" not in text, path
        assert "pt-note-stale" not in text, path


def test_material_interface_in_each_language(built) -> None:
    assert 'placeholder="Sök"' in built.page("sv/index.html")
    assert 'placeholder="Suche"' in built.page("de/index.html")
    assert 'placeholder="Søg"' in built.page("da/index.html")


def test_worksheet_pages_link_their_pdfs(built) -> None:
    for code, prefix in LANGUAGES.items():
        page = built.page(f"{prefix}worksheets/resources.html")
        for paper in ("a4", "letter"):
            href = f"../downloads/worksheet-resources-{code}-{paper}.pdf"
            assert href in page
            assert (built.site / prefix / "downloads" / f"worksheet-resources-{code}-{paper}.pdf").exists()
        downloads = built.page(f"{prefix}downloads.html")
        assert f"downloads/course-pack-{code}-a4.pdf" in downloads
        assert f"downloads/factor-cards-{code}-letter.pdf" in downloads


def test_offline_zip_holds_every_language(built) -> None:
    import zipfile

    with zipfile.ZipFile(built.site / "power-triangle-handbook-offline.zip") as archive:
        names = set(archive.namelist())
    for prefix in LANGUAGES.values():
        assert f"power-triangle-handbook/{prefix}index.html" in names
        assert f"power-triangle-handbook/{prefix}search/search_index.js" in names


def test_front_matter_never_leaks_into_a_page(built) -> None:
    for path in built.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<p>title:|<h2[^>]*>title:", text), path
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        assert heading or path.name == "404.html", path


LINKED_HOSTS = {"doi.org", "creativecommons.org"}
"""Other sites a page may link to (a plain <a href>, never anything the browser loads by itself)."""


class _Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[tuple[str, str, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.anchors.add(value)
            if name in ("href", "src", "xlink:href") and value is not None:
                self.links.append((tag, name, value.strip()))


def _resolve(page: str, path: str) -> str | None:
    """Where a link's path goes, from the site's root; None when a relative link climbs out of the site."""
    if path.startswith("/"):
        return posixpath.normpath(path).lstrip("/")  # from the site's root, as a web server reads it
    parts: list[str] = []
    for segment in [*page.split("/")[:-1], *path.split("/")]:
        if segment == "..":
            if not parts:
                return None
            parts.pop()
        elif segment not in ("", "."):
            parts.append(segment)
    return "/".join(parts)


def test_every_link_leads_somewhere(built) -> None:
    """Every href and src in every page, SVG links and anchors included, leads to a file and id of the site."""
    site = built.site
    parsed: dict[str, _Links] = {}

    def parse(path: str) -> _Links:
        if path not in parsed:
            parsed[path] = _Links((site / path).read_text(encoding="utf-8"))
        return parsed[path]

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 4 * 21
    broken: list[str] = []
    foreign: list[str] = []
    for page in pages:
        for tag, attribute, value in parse(page).links:
            where = f"{page}: <{tag} {attribute}={value!r}>"
            parts = urlsplit(value)
            if parts.scheme in ("mailto", "data"):
                continue
            if parts.scheme or parts.netloc:
                link = tag == "a" and attribute == "href"
                if not (link and parts.scheme == "https" and parts.hostname in LINKED_HOSTS):
                    foreign.append(where)
                continue
            target = page if not parts.path else _resolve(page, unquote(parts.path))
            if target is None:
                broken.append(f"{where} climbs out of the site")
                continue
            if target == "" or (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if not (site / target).is_file():
                broken.append(f"{where} → {target} does not exist")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html") and fragment not in parse(target).anchors:
                broken.append(f"{where} → {target} has no id {fragment!r}")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)
    allowed = ", ".join(sorted(LINKED_HOSTS))
    assert not foreign, f"addresses on other hosts (only <a href> to {allowed}):\n" + "\n".join(foreign)
