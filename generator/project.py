"""The handbook's folder → a validated project: every language's catalogue and guide pages, or every problem at once.

Reads everything first (:func:`~generator.sources.read_sources`, the only step
that touches the disk), then validates and localises what was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import HandbookError, Problem
from .i18n import GuidePage, Language, languages_from, localise
from .model import Catalogue
from .sources import Sources, read_sources
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
    for language in languages:
        if only is not None and language.code not in (only, "en"):
            continue
        catalogue, pages = localise(english, language, sources, problems)
        if catalogue is not None:
            catalogues[language.code] = catalogue
        guides[language.code] = pages
    if problems:
        raise HandbookError(problems)
    return Project(sources.root, tuple(languages), catalogues, guides, handbook_version())


def check_project(factors_dir: Path) -> str:
    """Validate the catalogues in ``factors_dir``, their translations and the guide pages beside it; a one-line summary when all is well."""
    root = factors_dir.resolve().parent
    project = gather(root, factors_dir=factors_dir)
    english = project.catalogues["en"]
    names = ", ".join(lang.code for lang in project.languages)
    return (
        f"{factors_dir}: {len(english.factors)} factors in {len(english.dimensions)} dimensions, "
        f"{len(project.languages)} languages ({names}): no problems found."
    )
