"""Everything the build needs, gathered and validated before anything is written.

Loads the English catalogues, every language's translations and guide pages,
and reports every problem in all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import HandbookError, Problem
from .i18n import GuidePage, Language, discover_languages, localise
from .model import Catalogue
from .validate import load_english


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


def gather(root: Path, only: str | None = None) -> Project:
    """Load and validate the whole handbook (or one language of it); raise with every problem."""
    factors_dir = root / "factors"
    content_dir = root / "content"
    problems: list[Problem] = []
    try:
        english = load_english(factors_dir)
    except HandbookError as error:
        problems.extend(error.problems)
        english = None
    languages = discover_languages(content_dir, factors_dir, problems)
    catalogues: dict[str, Catalogue] = {}
    guides: dict[str, dict[str, GuidePage]] = {}
    for language in languages:
        if only is not None and language.code not in (only, "en"):
            continue
        catalogue, pages = localise(english, language, factors_dir, content_dir, problems)
        if catalogue is not None:
            catalogues[language.code] = catalogue
        guides[language.code] = pages
    if problems:
        raise HandbookError(problems)
    return Project(root, tuple(languages), catalogues, guides, handbook_version())


def check_project(factors_dir: Path) -> str:
    """Validate catalogues and translations; a one-line summary when all is well."""
    root = factors_dir.resolve().parent
    project = gather(root)
    english = project.catalogues["en"]
    names = ", ".join(lang.code for lang in project.languages)
    return (
        f"{factors_dir}: {len(english.factors)} factors in {len(english.dimensions)} dimensions, "
        f"{len(project.languages)} languages ({names}): no problems found."
    )
