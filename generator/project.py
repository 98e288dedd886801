"""The handbook's folder → a validated project: every language's catalogue and guide pages, or every problem at once.

Reads everything first (:func:`~generator.sources.read_sources`, the only step
that touches the disk), then validates and localises what was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .easy_read import easy_read_problems, is_easy_read
from .errors import HandbookError, Problem
from .evidence import Paper, check_quote_translations, verify_quotes
from .glossary import check_terms, read_terms
from .i18n import SOURCE, GuidePage, Language, languages_from, localise
from .load import Document
from .model import DIMENSION_IDS, Catalogue, Term
from .plans import session_plans
from .readability import measure
from .sources import PAPER_FILE, Sources, read_sources
from .validate import build_catalogue


@dataclass(frozen=True)
class Project:
    """A validated handbook: every language's catalogue and guide pages."""

    root: Path
    languages: tuple[Language, ...]
    """English first, then the others, as found in ``content/``."""
    catalogues: dict[str, Catalogue]
    guides: dict[str, dict[str, GuidePage]]
    """Language code → docs path → page (translated, or English marked as fallback)."""
    version: str

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def handbook_version() -> str:
    try:
        return metadata.version("power-triangle-handbook")
    except metadata.PackageNotFoundError:
        return "dev"


def gather(root: Path, only: str | None = None, factors_dir: Path | None = None) -> Project:
    """Load and validate the whole handbook (or English and one language of it); raise with every problem."""
    problems: list[Problem] = []
    sources = read_sources(root, problems, factors_dir=factors_dir, only=only)
    return project_from(sources, problems, only)


def project_from(sources: Sources, problems: list[Problem], only: str | None = None) -> Project:
    """Validate and localise what was read; raise with every problem (``problems`` holds those found reading)."""
    english = build_catalogue(sources.catalogues, problems)
    languages = languages_from(sources.language_folders, problems)
    catalogues: dict[str, Catalogue] = {}
    guides: dict[str, dict[str, GuidePage]] = {}
    english_terms = _terms(sources, SOURCE, None, problems)
    for language in languages:
        if only is not None and language.code not in (only, "en"):
            continue
        code = language.code
        catalogue, pages = localise(english, language, sources, problems)
        terms = english_terms if code == SOURCE else _terms(sources, code, english_terms or (), problems)
        problems.extend(_avoided_terms(sources, code, terms or ()))
        if catalogue is not None:
            shown = terms if terms is not None else english_terms or ()
            catalogues[code] = catalogue.model_copy(update={"glossary": shown, "glossary_fallback": terms is None})
            for document in sources.translations.get(code, {}).values() if code != SOURCE else ():
                problems.extend(check_quote_translations(catalogue, document, code))
        guides[code] = pages
        problems += [  # an untranslated page is the English one, measured once, as English
            problem
            for page in pages.values()
            if is_easy_read(page.path) and page.status != "missing"
            for problem in easy_read_problems(page.text, code, sources.guides[code][page.path].file)
        ]
    if sources.paper is not None:
        paper = Paper(*sources.paper)
        quoted = [sources.catalogues[n] for n in DIMENSION_IDS if n in sources.catalogues]
        for document in [*quoted, *sources.local.values()]:
            problems.extend(verify_quotes(document, paper))
    if problems:
        raise HandbookError(problems)
    return Project(sources.root, tuple(languages), catalogues, guides, handbook_version())


def _terms(
    sources: Sources, code: str, english: tuple[Term, ...] | None, problems: list[Problem]
) -> tuple[Term, ...] | None:
    """A language's own glossary terms; None when it has none (or it is unusable: its problems are recorded)."""
    document = sources.glossaries.get(code)
    return read_terms(document, english, problems) if document is not None else None


def _avoided_terms(sources: Sources, code: str, terms: tuple[Term, ...]) -> list[Problem]:
    """The language's own texts: its catalogue (English) or its translations and local file, and its guide pages."""
    if code == SOURCE:
        own: list[Document] = list(sources.catalogues.values())
        translated: list[Document] = []
    else:
        own = [sources.local[code]] if code in sources.local else []
        translated = list(sources.translations.get(code, {}).values())
    pages = [(page.file, page.text) for page in sources.guides.get(code, {}).values()]
    return check_terms(terms, own, translated, code, pages)


def check_project(factors_dir: Path) -> str:
    """Validate the catalogues in ``factors_dir``, their translations and the guide pages beside it; a one-line summary when all is well."""
    root = factors_dir.resolve().parent
    project = gather(root, factors_dir=factors_dir)
    english = project.catalogues["en"]
    problems: list[Problem] = []
    for code in project.catalogues:  # the session plans' timetables, which the builder reads
        try:
            session_plans(english, project.guides["en"], code, project.guides[code])
        except HandbookError as error:
            problems += [p for p in error.problems if p not in problems]
    if problems:
        raise HandbookError(problems)
    names = ", ".join(lang.code for lang in project.languages)
    quotes = sum(len(f.quotes) for f in english.factors)
    summary = (
        f"{factors_dir}: {len(english.factors)} factors in {len(english.dimensions)} dimensions, "
        f"{quotes} quotations verified against {PAPER_FILE}, "
        f"{len(project.languages)} languages ({names}): no problems found."
    )
    figures = [
        f"  {code}/{page.path}: {found.formula} {found.score:g}"
        for code, pages in project.guides.items()
        for page in pages.values()
        if is_easy_read(page.path) and page.status != "missing"
        if (found := measure(page.text, code)) is not None
    ]
    return "\n".join([summary, "Easy-read pages:", *figures]) if figures else summary
