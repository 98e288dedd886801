"""Worksheets, cards and the course pack → complete HTML documents to print, per paper size."""

from __future__ import annotations

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


def printable_documents(
    catalogue: Catalogue, version: str, course_pages: list[tuple[str, str]] | None = None
) -> dict[str, str]:
    """Every printable of one language: docs path → HTML document.

    ``course_pages`` are (title, HTML) of the facilitator guide and session
    plans, already converted from Markdown; with them, a course pack is made.
    """
    documents: dict[str, str] = {}
    for paper in PAPERS:
        for key in WORKSHEETS:
            # Links inside a PDF lead nowhere: the diagram's regions are plain shapes there.
            body = render_worksheet(catalogue, key, {}, version)
            documents[printable_path(catalogue, f"worksheet-{key}", paper)] = _document(
                catalogue, worksheet_title(catalogue, key), body, paper, version
            )
        cards = render_cards(catalogue, version)
        documents[printable_path(catalogue, "factor-cards", paper)] = _document(
            catalogue, catalogue.t("cards_title"), cards, paper, version
        )
        if course_pages:
            parts = [f'<section class="pt-course-page">{html}</section>' for _, html in course_pages]
            parts += [render_worksheet(catalogue, key, {}, version) for key in WORKSHEETS]
            parts.append(cards)
            documents[printable_path(catalogue, "course-pack", paper)] = _document(
                catalogue, catalogue.t("downloads_course_pack"), "\n".join(parts), paper, version
            )
    return documents


def _css_string(text: str) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", " ")
    return Markup(escaped)
