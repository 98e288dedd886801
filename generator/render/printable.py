"""Worksheets, cards and the course pack → complete HTML documents to print, per paper size."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model import Catalogue
from . import environment
from .markdown import PAPERS
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
    course_pages: list[tuple[str, str]] | None = None,
    easy_read_pages: list[tuple[str, str]] | None = None,
) -> list[Printable]:
    """Every printable of one language, in every paper size.

    ``course_pages`` are (title, HTML) of the facilitator guide and session
    plans, already converted from Markdown; with them, a course pack is made.
    ``easy_read_pages`` likewise make the easy-read handout.
    """
    # Each body is rendered once; only the page size differs between papers.
    # Links inside a PDF lead nowhere: the diagram's regions are plain shapes there.
    worksheets = {key: render_worksheet(catalogue, key, {}, version) for key in WORKSHEETS}
    cards = render_cards(catalogue, version)
    bodies = [(f"worksheet-{key}", worksheet_title(catalogue, key), body) for key, body in worksheets.items()]
    bodies.append(("factor-cards", catalogue.t("cards_title"), cards))
    if course_pages:
        parts = [f'<section class="pt-course-page">{html}</section>' for _, html in course_pages]
        bodies.append(
            ("course-pack", catalogue.t("downloads_course_pack"), "\n".join([*parts, *worksheets.values(), cards]))
        )
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
