"""The English model and the loaded translations → how far each language is translated, and every stale entry (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HandbookError, Problem
from ..load import display_path
from ..model import Catalogue
from .languages import SOURCE, Language, languages_from
from .localise import language_pages
from .translations import QUOTES, english_entries, translation_path, translations_of

if TYPE_CHECKING:  # the load phase imports this package: no import back at run time
    from ..sources import Sources


@dataclass(frozen=True)
class StatusRow:
    """How far one file of one language is translated."""

    language: str
    file: str
    total: int
    translated: int
    """Translated from the English as it is now (drafts included)."""
    stale: int
    missing: int
    reviewed: int = 0
    """Translated from the current English and not marked draft."""


@dataclass(frozen=True)
class StaleEntry:
    language: str
    file: str
    key: str
    recorded: Any
    """The English the translation was made from."""
    current: Any
    """The English as it is now."""


def status_of(
    english: Catalogue, sources: Sources, languages: list[Language], problems: list[Problem]
) -> tuple[list[StatusRow], list[StaleEntry]]:
    """Per language and file: how much is translated, missing and stale; and every stale entry.

    Untranslated guide pages are listed among the entries too (recorded: None), with the
    fingerprint their ``translation_of`` must carry.
    """
    source = english_entries(english)
    rows: list[StatusRow] = []
    stale_entries: list[StaleEntry] = []
    for language in languages:
        if language.code == SOURCE:
            continue
        documents = sources.translations.get(language.code, {})
        for name, translations in translations_of(english, language.code, documents, problems).items():
            entries = source[name]
            shown = display_path(translation_path(sources.factors_dir, language.code, name))
            done = len(translations.texts)
            # An untranslated quotation is not missing: the English is shown, as the paper's words.
            total = len(entries) - sum(1 for k in entries if k.endswith(f".{QUOTES}") and k not in translations.texts)
            rows.append(
                StatusRow(
                    language.code,
                    shown,
                    total,
                    done - len(translations.stale),
                    len(translations.stale),
                    total - done,
                    done - len(translations.stale | translations.draft),
                )
            )
            stale_entries += [
                StaleEntry(language.code, shown, key, translations.recorded[key], entries[key])
                for key in sorted(translations.stale)
            ]
        pages = language_pages(language, sources, problems)
        counts = {
            status: sum(1 for p in pages.values() if p.status == status)
            for status in ("translated", "stale", "missing")
        }
        folder = sources.content_dir / language.code
        rows.append(
            StatusRow(
                language.code,
                display_path(folder) + "/ (pages)",
                len(pages),
                counts["translated"],
                counts["stale"],
                counts["missing"],
                sum(1 for p in pages.values() if p.status == "translated" and not p.draft),
            )
        )
        stale_entries += [
            StaleEntry(
                language.code,
                display_path(folder / p.path),
                "translation_of",
                "(older English page)" if p.status == "stale" else None,
                p.source_fingerprint,
            )
            for status in ("stale", "missing")
            for p in pages.values()
            if p.status == status
        ]
    return rows, stale_entries


def translation_status(root: Path) -> tuple[list[StatusRow], list[StaleEntry]]:
    """:func:`status_of` the handbook at ``root``, read from disk; raise with every problem found."""
    from ..sources import read_sources
    from ..validate import build_catalogue

    problems: list[Problem] = []
    sources = read_sources(root, problems)
    english = build_catalogue(sources.catalogues, problems)
    if english is None:
        raise HandbookError(problems)
    rows, stale = status_of(english, sources, languages_from(sources.language_folders, problems), problems)
    if problems:
        raise HandbookError(problems)
    return rows, stale
