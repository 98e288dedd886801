"""A validated project → every file of one language's docs folder, and its navigation.

Guide pages (translated, or English marked as such), generated model pages,
worksheets, cards, standalone diagrams and PDFs. PDFs come from the same
worksheet and card HTML the pages show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .easy_read import EASY_READ_PAGES, ICON_FOLDER, ICON_MARKER, ICONS, is_easy_read
from .errors import HandbookError, Problem
from .i18n import GuidePage
from .load import read_front_matter
from .model import Catalogue
from .pdf import PdfJob, cached_pdfs, render_pdfs
from .plans import session_plans
from .project import Project
from .render import relative_url
from .render.builder import PAGE as BUILDER_PAGE
from .render.builder import builder_data, render_builder_page
from .render.markdown import Download, diagram_hrefs, render_easy_read_icon, render_generated_pages
from .render.printable import CoursePage, Printable, printable_documents
from .render.slides import SLIDES_PATH, render_slides
from .render.svg import labels_fitted_once, layout_triangle, render_triangle
from .render.worksheet import WORKSHEETS

PAGE_LINK = re.compile(r'<a\b[^>]*?\shref="(?![a-zA-Z][a-zA-Z0-9+.-]*:|#)[^"]*"[^>]*>(.*?)</a>', re.DOTALL)
"""A link to another page of the handbook (a relative address): it leads nowhere from a PDF, which travels alone."""
DIAGRAM_MARKER = re.compile(r"^<!--\s*handbook:diagram\s+(model|resources|discourses|contexts)\s*-->\s*$", re.MULTILINE)
COURSE_PAGES = ("course/index.md", "course/session-90.md", "course/workshop-half-day.md")


@dataclass(frozen=True)
class LanguageDocs:
    """Everything MkDocs needs to build one language."""

    files: dict[str, str | bytes]
    """Docs path → content."""
    nav: list[Any]
    pdfs_rendered: int
    """How many PDFs had to be rendered (the rest came from the cache)."""
    pdfs_pending: tuple[PdfJob, ...] = ()
    """PDFs left to render later (previewing only): the pages say they are being made."""


@dataclass(frozen=True)
class Printed:
    """One language's printables and their PDFs, made before its pages (``handbook build`` does every language at once)."""

    printables: list[Printable]
    pdfs: dict[str, bytes]
    """Docs path → PDF, for every printable."""


def nav_for(catalogue: Catalogue, pages: set[str]) -> list[Any]:
    """The site's navigation, with section titles in the page's language."""
    t = catalogue.t

    def present(*paths: str) -> list[str]:
        return [p for p in paths if p in pages]

    easy_read = sorted((p for p in pages if is_easy_read(p)), key=_easy_read_order)
    sections = [
        (t("nav_easy_read"), easy_read),
        (
            t("nav_model"),
            present(
                "model/index.md",
                *(f"model/{d.id}.md" for d in catalogue.dimensions),
                "model/cycle.md",
                "model/factors.md",
            ),
        ),
        (
            t("nav_worksheets"),
            present("worksheets/index.md", *(f"worksheets/{k}.md" for k in WORKSHEETS), "cards.md", "downloads.md"),
        ),
        (t("nav_course"), present(*COURSE_PAGES, BUILDER_PAGE)),
    ]
    top = ["background.md", "using-the-model.md"]
    tail = ["references.md", "glossary.md", "translating.md"]
    nav: list[Any] = [{t("nav_home"): "index.md"}, *present(*top)]
    nav += [{title: paths} for title, paths in sections if paths]
    nav += present(*tail)
    # Pages nobody placed (e.g. a network's own page) still appear, at the end.
    listed = {"index.md", *top, *tail, *(p for _, paths in sections for p in paths)}
    nav += sorted(pages - listed)
    return nav


def _easy_read_order(path: str) -> tuple[int, str]:
    return (EASY_READ_PAGES.index(path) if path in EASY_READ_PAGES else len(EASY_READ_PAGES), path)


def prepare_guide_page(catalogue: Catalogue, page: GuidePage, icons: str | None = None) -> str:
    """Insert diagrams and icons where a page asks for them, the banner of an untranslated or stale page, the note of a draft.

    ``icons`` is where the icons are seen from the page; by default, from the page's place in the site.
    """
    folder = icons if icons is not None else relative_url(page.path, ICON_FOLDER)
    text = ICON_MARKER.sub(
        lambda m: render_easy_read_icon(f"{folder}/{m.group(1)}.svg") if m.group(1) in ICONS else m.group(0),
        page.text,
    )
    text = DIAGRAM_MARKER.sub(
        lambda m: (
            '<figure class="pt-figure">\n'
            + render_triangle(
                catalogue,
                diagram_hrefs(page.path),
                highlight=None if m.group(1) == "model" else m.group(1),
                uid=f"pt-page-{m.group(1)}",
            )
            + "\n</figure>"
        ),
        text,
    )
    banner = {"missing": "fallback_note", "stale": "stale_note"}.get(page.status)
    meta_end = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
    if banner:
        note = f'!!! warning "{catalogue.t(banner)}"\n\n'
        text = text[:meta_end] + "\n" + note + text[meta_end:]
    elif page.draft:
        # A draft says so discreetly, in the page's own language: a small note, not a warning.
        note = str(Markup('<p class="pt-note pt-note-draft">{}</p>\n\n').format(catalogue.t("draft_note")))
        text = text[:meta_end] + "\n" + note + text[meta_end:]
    return text


def check_diagram_labels(catalogue: Catalogue) -> None:
    """Every label must fit its shape: a translation too long for the triangle is an error, not an overflow."""
    # Highlighting a dimension changes colours only, so one layout checks every variant of the diagram.
    where = "factors" if catalogue.language == "en" else f"factors/locales/{catalogue.language}"
    hint = "shorten the text (or its translation) so that it fits inside the triangle"
    problems = [Problem(where, 0, 0, "", message, hint) for message in layout_triangle(catalogue, {}).problems]
    if problems:
        raise HandbookError(problems)


def course_html(project: Project, code: str, to_html: Callable[[str], str]) -> list[CoursePage]:
    pages = project.guides[code]
    result = []
    for path in COURSE_PAGES:
        if path in pages:
            meta, body = read_front_matter(prepare_guide_page(project.catalogues[code], pages[path]))
            english = pages[path].status == "missing"  # shown in English, already marked inside the page
            html = _unlinked(to_html(body))
            result.append(CoursePage(str(meta.get("title", path)), html, "en" if english else None))
    return result


def easy_read_html(project: Project, code: str, to_html: Callable[[str], str]) -> list[tuple[str, str]]:
    """(title, HTML) of each easy-read page, in reading order, for the handout."""
    pages = project.guides[code]
    result = []
    for path in sorted((p for p in pages if is_easy_read(p)), key=_easy_read_order):
        # A PDF is made from HTML whose base is the stylesheets folder: the icons sit beside it.
        text = prepare_guide_page(project.catalogues[code], pages[path], icons="../easy-read")
        meta, body = read_front_matter(text)
        result.append((str(meta.get("title", path)), _unlinked(to_html(body))))
    return result


def _unlinked(html: str) -> str:
    """The words of links to other handbook pages without the link: resolved beside the stylesheets a PDF is
    rendered with, they would lead to a file on the building machine (and name its folders in the PDF)."""
    return PAGE_LINK.sub(r"\1", html)


def printables_of(project: Project, code: str, to_html: Callable[[str], str]) -> list[Printable]:
    """Every printable of one language: worksheets, cards, the course pack and the easy-read handout."""
    catalogue = project.catalogues[code]
    course, easy_read = course_html(project, code, to_html), easy_read_html(project, code, to_html)
    return printable_documents(catalogue, project.version, course, easy_read)


def pdf_jobs(project: Project, code: str, to_html: Callable[[str], str]) -> list[PdfJob]:
    """The PDFs of one language, as jobs: the same documents assemble_language renders or takes from the cache."""
    return [PdfJob(p.path, p.html) for p in printables_of(project, code, to_html)]


@labels_fitted_once()
def print_languages(
    project: Project, codes: list[str], to_html: Callable[[str], str], cache_dir: Path, defer_pdfs: bool = False
) -> tuple[dict[str, Printed], int, list[PdfJob]]:
    """Each language's printables and PDFs, the PDFs from the cache where possible, in one pool for every language.

    Returns them by language, how many PDFs were rendered, and (with ``defer_pdfs``, previewing) the PDFs
    not in the cache, which are then left for later instead of rendered.
    """
    printables = {code: printables_of(project, code, to_html) for code in codes}
    jobs = [PdfJob(p.path, p.html) for code in codes for p in printables[code]]
    pending: list[PdfJob] = []
    if defer_pdfs:
        pdfs, pending = cached_pdfs(jobs, cache_dir)
        rendered = 0
    else:
        pdfs, rendered = render_pdfs(jobs, cache_dir)
    printed = {
        code: Printed(found, {p.path: pdfs[p.path] for p in found if p.path in pdfs})
        for code, found in printables.items()
    }
    return printed, rendered, pending


@labels_fitted_once()
def assemble_language(
    project: Project,
    code: str,
    to_html: Callable[[str], str],
    cache_dir: Path,
    defer_pdfs: bool = False,
    printed: Printed | None = None,
) -> LanguageDocs:
    """Every file of one language's docs folder, PDFs included.

    With ``defer_pdfs`` (previewing), PDFs not in the cache are not rendered: they are returned as
    pending, and the pages say that they are being made. ``printed``: the printables and PDFs made
    already (by ``handbook build``, for every language before the pages); otherwise they are made here.
    """
    catalogue = project.catalogues[code]
    check_diagram_labels(catalogue)
    files: dict[str, str | bytes] = {}
    for path, page in project.guides[code].items():
        files[path] = prepare_guide_page(catalogue, page)
    rendered, pending = 0, []
    if printed is None:
        made, rendered, pending = print_languages(project, [code], to_html, cache_dir, defer_pdfs)
        printed = made[code]
    printables, pdfs = printed.printables, printed.pdfs
    downloads = []
    for printable in printables:
        data = pdfs.get(printable.path)
        if data is not None:
            files[printable.path] = data
        size = None if data is None else max(1, round(len(data) / 1024))
        downloads.append(Download(printable.key, printable.paper, printable.path, size))
    files.update(render_generated_pages(catalogue, downloads, project.version))
    plans = session_plans(project.catalogues["en"], project.guides["en"], code, project.guides[code])
    if plans:
        english_pages = {p.path for p in project.guides[code].values() if p.status == "missing"}
        data = builder_data(catalogue, plans, english_pages, downloads, to_html)
        files[BUILDER_PAGE] = render_builder_page(catalogue, data)
    files[SLIDES_PATH] = render_slides(catalogue, project.version)  # a page of its own, outside the site's layout
    for highlight in (None, *(d.id for d in catalogue.dimensions)):
        name = highlight or "model"
        files[f"diagrams/{name}.svg"] = render_triangle(
            catalogue,
            diagram_hrefs(f"diagrams/{name}.svg"),
            highlight=highlight,
            uid=f"pt-file-{name}",
            standalone=True,
        )
    pages = {p for p in files if p.endswith(".md")}
    return LanguageDocs(files, nav_for(catalogue, pages), rendered, tuple(pending))


__all__ = ["LanguageDocs", "Printed", "assemble_language", "pdf_jobs", "print_languages"]
