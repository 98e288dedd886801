"""Worksheets, cards and the course pack → complete HTML documents to print, per paper size."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import Catalogue
from . import environment
from .markdown import PAPERS
from .source import CITATION, DOI_URL, LICENCE
from .svg import render_triangle
from .worksheet import WORKSHEETS, footer_text, render_cards, render_worksheet, worksheet_title

PAPER_CSS = {"a4": "A4", "letter": "letter"}
AUTHOR = "Power Triangle Handbook, after Ärleskog, Vackerberg & Andersson (2021)"


def printable_path(catalogue: Catalogue, key: str, paper: str) -> str:
    """Docs path of a PDF, with the language in its name so downloads never get mixed up."""
    return f"downloads/{key}-{catalogue.language}-{paper}.pdf"


def _document(catalogue: Catalogue, title: str, body: str, paper: str, version: str) -> str:
    return environment.get_template("printable.html").render(
        catalogue=catalogue,
        t=catalogue.t,
        title=f"{title} — {catalogue.t('handbook_title')}",
        author=AUTHOR,
        subject=catalogue.t("model_title"),
        keywords=", ".join(d.title for d in catalogue.dimensions),
        version=version,
        paper=paper,
        paper_css=PAPER_CSS[paper],
        footer_css=_css_string(footer_text(catalogue, version)),
        body=Markup(body),
    )


@dataclass(frozen=True)
class CoursePage:
    """A page of the facilitator guide or a session plan, already converted from Markdown."""

    title: str
    html: str
    lang: str | None = None
    """``en`` when the page is shown in English in a translated course pack, else None."""


@dataclass(frozen=True)
class PackPart:
    """One entry of the course pack's contents: an anchor, its title, and what it holds."""

    anchor: str
    kind: str
    """``guide`` (a page of the facilitator guide or a session plan), ``worksheet`` or ``cards``."""
    title: str
    html: Markup
    lang: str | None = None


def render_course_pack(
    catalogue: Catalogue, version: str, course_pages: list[CoursePage], worksheets: dict[str, str], cards: str
) -> str:
    """The course pack's body: a cover, the contents with page numbers, then every part on a page of its own."""
    parts = [
        PackPart(f"pack-guide-{n}", "guide", page.title, Markup(page.html), page.lang)
        for n, page in enumerate(course_pages, 1)
    ]
    parts += [
        PackPart(f"pack-worksheet-{key}", "worksheet", worksheet_title(catalogue, key), Markup(html))
        for key, html in worksheets.items()
    ]
    parts.append(PackPart("pack-cards", "cards", catalogue.t("cards_title"), Markup(cards)))
    return environment.get_template("course_pack.html").render(
        catalogue=catalogue,
        t=catalogue.t,
        version=version,
        svg=Markup(render_triangle(catalogue, {}, uid="pt-cover")),
        citation=CITATION,
        doi=DOI_URL,
        licence=LICENCE,
        parts=parts,
    )


@dataclass(frozen=True)
class Printable:
    """One PDF to make: what it is, its paper, where it goes, and its complete HTML document."""

    key: str
    """``worksheet-<name>``, ``factor-cards``, ``course-pack`` or ``easy-read``."""
    paper: str
    path: str
    html: str


def printable_documents(
    catalogue: Catalogue,
    version: str,
    course_pages: list[CoursePage] | None = None,
    easy_read_pages: list[tuple[str, str]] | None = None,
) -> list[Printable]:
    """Every printable of one language, in every paper size.

    ``course_pages`` are the facilitator guide and session plans; with them, a course pack is made.
    ``easy_read_pages`` are (title, HTML) of the easy-read pages; with them, the easy-read handout is made.
    """
    # Each body is rendered once; only the page size differs between papers.
    # Links inside a PDF lead nowhere: the diagram's regions are plain shapes there.
    worksheets = {key: render_worksheet(catalogue, key, {}, version) for key in WORKSHEETS}
    cards = render_cards(catalogue, version)
    bodies = [(f"worksheet-{key}", worksheet_title(catalogue, key), body) for key, body in worksheets.items()]
    bodies.append(("factor-cards", catalogue.t("cards_title"), cards))
    if course_pages:
        pack = render_course_pack(catalogue, version, course_pages, worksheets, cards)
        bodies.append(("course-pack", catalogue.t("downloads_course_pack"), pack))
    if easy_read_pages:
        handout = environment.get_template("easy_read_handout.html").render(
            catalogue=catalogue, t=catalogue.t, pages=[Markup(html) for _, html in easy_read_pages]
        )
        bodies.append(("easy-read", catalogue.t("easy_read_handout"), handout))
    return [
        Printable(key, paper, printable_path(catalogue, key, paper), _document(catalogue, title, body, paper, version))
        for paper in PAPERS
        for key, title, body in bodies
    ]


def _css_string(text: str) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return Markup(escaped)
