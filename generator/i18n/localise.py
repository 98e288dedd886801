"""The English model and the loaded files → one language's catalogue and guide pages, English where untranslated (pure)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..load import display_path
from ..model import Catalogue
from .languages import SOURCE, Language
from .local import apply_local, read_local
from .pages import GuidePage, localise_pages
from .translations import apply_translations, translations_of

if TYPE_CHECKING:  # the load phase imports this package: no import back at run time
    from ..sources import Sources


def language_pages(language: Language, sources: Sources, problems: list[Problem]) -> dict[str, GuidePage]:
    """One language's guide pages from the loaded files, English where untranslated (the build and status share it)."""
    return localise_pages(
        language,
        sources.guides.get(SOURCE, {}),
        sources.guides.get(language.code, {}),
        display_path(sources.content_dir / SOURCE),
        problems,
        sources.unreadable_guides.get(SOURCE, set()),
    )


def localise(
    english: Catalogue | None, language: Language, sources: Sources, problems: list[Problem]
) -> tuple[Catalogue | None, dict[str, GuidePage]]:
    """The catalogue and guide pages of one language, English where untranslated; ``None`` without an English model."""
    pages = language_pages(language, sources, problems)
    if english is None:
        return None, pages
    if language.code == SOURCE:
        return english, pages
    translations = translations_of(english, language.code, sources.translations.get(language.code, {}), problems)
    catalogue = apply_translations(english, language, translations)
    local = read_local(sources.local.get(language.code), english, problems)
    return apply_local(catalogue, local), pages
