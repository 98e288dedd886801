"""Language codes → the languages of the site: their names, folders, and what the theme and search support."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from ..errors import Problem
from ..material_theme import material_search_language, search_languages, theme_languages

SOURCE = "en"
"""English is the source every translation is made from."""
CODE = re.compile(r"^[a-z]{2,3}(-([A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}|[a-z]{2,8}))?$")
"""A BCP 47 tag as folders name languages: ``sv``, ``nb``, ``pt-BR`` (region), ``zh-Hant`` (script), ``en-sg``."""


def _theme_language(code: str) -> str | None:
    by_lower = {name.lower(): name for name in theme_languages()}
    return by_lower.get(code.lower()) or by_lower.get(code.split("-")[0].lower())


def _search_language(code: str, theme: str | None) -> str | None:
    named = material_search_language(theme) if theme else None
    for candidate in (named, code.split("-")[0].lower()):
        if candidate and candidate in search_languages():
            return candidate
    return None


def language_support(code: str) -> list[str]:
    """What the theme and the search fall back on for ``code``, in words, for the commands to say; empty when none."""
    notes = []
    if _theme_language(code) is None:
        notes.append(
            f"mkdocs-material has no interface translation for '{code}': its own words (search box, "
            "navigation, 'Skip to content') stay in English; every page and worksheet is still in your language"
        )
    elif _theme_language(code) != code:
        notes.append(f"mkdocs-material's interface uses its '{_theme_language(code)}' translation for '{code}'")
    if _search_language(code, _theme_language(code)) is None:
        notes.append(f"the search has no word stemming for '{code}': it finds whole words, with English rules")
    return notes


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    name: str
    """Its name in itself, as the language switcher shows it."""

    @property
    def prefix(self) -> str:
        """Its folder in the built site: English at the root, the others below it."""
        return "" if self.code == SOURCE else f"{self.code}/"

    @property
    def base(self) -> str:
        return self.code.split("-")[0]

    @property
    def theme_language(self) -> str:
        """Material's interface translation: the code itself (``pt-BR``), else its base (``pt``), else English."""
        return _theme_language(self.code) or SOURCE

    @property
    def search_language(self) -> str:
        """The lunr stemmer: the one Material's translation names (nb → no), else the base code's, else English."""
        return _search_language(self.code, _theme_language(self.code)) or SOURCE


def language_name(code: str) -> str:
    try:
        locale = Locale.parse(code.replace("-", "_"))
        name = locale.get_display_name(locale) or code
    except (UnknownLocaleError, ValueError):
        name = code
    return name[:1].upper() + name[1:]


def languages_from(folders: Iterable[tuple[str, str]], problems: list[Problem]) -> list[Language]:
    """English, then every language a folder is named for, sorted; ``folders`` holds (name, path as shown)."""
    codes: set[str] = set()
    for name, shown in folders:
        if name == SOURCE:
            continue
        if not CODE.match(name):
            problems.append(
                Problem(
                    shown,
                    0,
                    0,
                    "",
                    f"'{name}' is not a language code",
                    "name the folder with a language code such as 'sv', 'de', 'nb' or 'pt-BR'",
                )
            )
            continue
        codes.add(name)
    return [Language(SOURCE, language_name(SOURCE))] + [Language(c, language_name(c)) for c in sorted(codes)]
