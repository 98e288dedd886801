"""Language codes → the languages of the site: their names, folders, and what the theme and search support."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from ..errors import Problem

SOURCE = "en"
"""English is the source every translation is made from."""
CODE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
THEME_LANGUAGES = {
    "af",
    "ar",
    "az",
    "be",
    "bg",
    "bn",
    "ca",
    "cs",
    "cy",
    "da",
    "de",
    "el",
    "en",
    "eo",
    "es",
    "et",
    "eu",
    "fa",
    "fi",
    "fr",
    "gl",
    "he",
    "hi",
    "hr",
    "hu",
    "hy",
    "id",
    "is",
    "it",
    "ja",
    "ka",
    "kn",
    "ko",
    "lb",
    "lt",
    "lv",
    "mk",
    "mn",
    "ms",
    "my",
    "nb",
    "nl",
    "nn",
    "pl",
    "pt",
    "ro",
    "ru",
    "sa",
    "sh",
    "si",
    "sk",
    "sl",
    "sq",
    "sr",
    "sv",
    "ta",
    "te",
    "th",
    "tl",
    "tr",
    "uk",
    "ur",
    "uz",
    "vi",
    "zh",
}
"""Languages mkdocs-material's own interface is translated into."""
SEARCH_LANGUAGES = {
    "ar",
    "da",
    "de",
    "du",
    "el",
    "en",
    "es",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "hy",
    "it",
    "ja",
    "kn",
    "ko",
    "nl",
    "no",
    "pt",
    "ro",
    "ru",
    "sa",
    "sv",
    "ta",
    "te",
    "th",
    "tr",
    "vi",
    "zh",
}
"""Languages the search has stemming for."""


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
        return self.base if self.base in THEME_LANGUAGES else SOURCE

    @property
    def search_language(self) -> str:
        return self.base if self.base in SEARCH_LANGUAGES else SOURCE


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
                    "name the folder with a lowercase code such as 'sv', 'de' or 'en-sg'",
                )
            )
            continue
        codes.add(name)
    return [Language(SOURCE, language_name(SOURCE))] + [Language(c, language_name(c)) for c in sorted(codes)]
