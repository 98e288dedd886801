"""Translation files → checked translated texts → the English model with those texts in place (pure).

Each entry of ``factors/locales/<code>/<file>.yml`` holds the English it was made
from (``en:``) beside the translation, so a changed English text makes the entry
*stale*; an entry without a translation falls back to English, marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import Document
from ..model import Catalogue, CycleInfo, DimensionEntry, FactorEntry, StepEntry
from .languages import SOURCE, Language

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
STATE, DRAFT = "state", "draft"
"""A translation entry marked ``state: draft`` (and a page ``translation_state: draft``) waits for review."""
TRANSLATABLE_FACTOR = (
    "title",
    "short",
    "description",
    "questions.reaction",
    "questions.interaction",
    "questions.action",
    "user_questions",
    "source",
)
QUOTES = "quotes"
"""``<id>.quotes``: translations of a factor's quotations, shown beneath the English; optional, never a fallback."""
TRANSLATABLE_DIMENSION = ("title", "short", "meaning", "guiding_questions", "source")
TRANSLATABLE_CYCLE = ("title", "short", "description", "source")
TRANSLATABLE_STEP = ("title", "short", "description", "questions", "source")


def english_entries(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """Every translatable text of the English model: file → key → text (or list of texts)."""
    entries: dict[str, dict[str, Any]] = {}
    for dimension in catalogue.dimensions:
        found: dict[str, Any] = {}
        for name in TRANSLATABLE_DIMENSION:
            found[f"{dimension.id}.{name}"] = _get(dimension, name)
        for factor in dimension.factors:
            for name in TRANSLATABLE_FACTOR:
                found[f"{factor.id}.{name}"] = _get(factor, name)
            found[f"{factor.id}.{QUOTES}"] = [quote.text for quote in factor.quotes]
        entries[dimension.id] = found
    cycle: dict[str, Any] = {f"cycle.{n}": _get(catalogue.cycle, n) for n in TRANSLATABLE_CYCLE}
    for step in catalogue.cycle.steps:
        for name in TRANSLATABLE_STEP:
            cycle[f"{step.id}.{name}"] = _get(step, name)
    entries["cycle"] = cycle
    entries["interface"] = dict(catalogue.strings)
    return entries


def _get(item: Any, name: str) -> Any:
    for part in name.split("."):
        item = getattr(item, part)
    return list(item) if isinstance(item, tuple) else item


@dataclass
class Translations:
    """A language's translated entries, with their status, for one catalogue file."""

    texts: dict[str, Any] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)
    recorded: dict[str, Any] = field(default_factory=dict)
    """The English each stale entry was translated from, to show what changed."""
    draft: set[str] = field(default_factory=set)
    """Entries marked ``state: draft``: a machine translation or first pass, not yet reviewed."""


def length_limits(catalogue: Catalogue) -> dict[str, int]:
    """The same length limits as the English texts: cards and diagrams have the same room in every language."""

    def limit(model: Any, name: str) -> int | None:
        for rule in model.model_fields[name].metadata:
            if getattr(rule, "max_length", None):
                return int(rule.max_length)
        return None

    limits: dict[str, int] = {}
    owners: list[tuple[str, Any]] = [("cycle", CycleInfo)]
    owners += [(d.id, DimensionEntry) for d in catalogue.dimensions]
    owners += [(f.id, FactorEntry) for f in catalogue.factors]
    owners += [(s.id, StepEntry) for s in catalogue.cycle.steps]
    for owner, model in owners:
        for name in ("title", "short"):
            found = limit(model, name)
            if found:
                limits[f"{owner}.{name}"] = found
    return limits


def translation_mistake(expected: Any, translated: Any, limit: int | None) -> tuple[str, str] | None:
    """What is wrong with one translated value, as (message, hint); None when it is fine."""
    if isinstance(expected, list):
        if not isinstance(translated, list) or not all(isinstance(t, str) and t.strip() for t in translated):
            return "should be a list of texts", "each item on its own line starting with '- '"
        return None
    if not isinstance(translated, str):
        return "should be a text", "put the text in quotes if it looks like a number or yes/no"
    if set(PLACEHOLDER.findall(translated)) != set(PLACEHOLDER.findall(expected)):
        wanted = ", ".join(sorted(set(PLACEHOLDER.findall(expected)))) or "none"
        return "the words in {braces} differ from the English", f"keep exactly these, untranslated: {wanted}"
    if limit is not None and len(translated.strip()) > limit:
        return (
            f"is {len(translated.strip())} characters long; at most {limit} fit",
            "shorten it: it appears on cards and in the diagram",
        )
    return None


def read_translations(
    document: Document, code: str, source: dict[str, Any], problems: list[Problem], limits: dict[str, int] | None = None
) -> Translations:
    """Check one translation file against the English entries it translates."""
    result = Translations()
    data = document.data
    if data is None:
        return result
    if not isinstance(data, dict):
        problems.append(
            Problem(
                document.file,
                1,
                1,
                "",
                "should be a list of entries keyed by id",
                "see `handbook locale add` for the layout",
            )
        )
        return result
    for key, entry in data.items():
        line, column = document.position((key, "__key__"))
        if key not in source:
            problems.append(
                Problem(
                    document.file,
                    line,
                    column,
                    key,
                    "no English text has this key",
                    "the English entry was renamed or removed: delete this entry, or run `handbook locale add` again to add new keys",
                )
            )
            continue
        if not isinstance(entry, dict) or set(entry) - {SOURCE, code, STATE}:
            problems.append(
                Problem(
                    document.file,
                    line,
                    column,
                    key,
                    f"an entry holds two keys, '{SOURCE}' (the English it translates) and '{code}' (the translation), and may be marked '{STATE}: {DRAFT}'",
                    f"write it as:\n      {SOURCE}: <English text>\n      {code}: <translation>\n      {STATE}: {DRAFT}    # only while it waits for review",
                )
            )
            continue
        english, translated = entry.get(SOURCE), entry.get(code)
        if STATE in entry and entry[STATE] != DRAFT:
            problems.append(
                document.problem(
                    (key, STATE),
                    f"'{entry[STATE]}' is not a review state",
                    f"write '{STATE}: {DRAFT}' while the translation waits for review; delete the line once it is reviewed",
                )
            )
            continue
        if translated in (None, "", []):
            continue  # not yet translated: falls back to English
        expected = source[key]
        mistake = translation_mistake(expected, translated, (limits or {}).get(key))
        if mistake is not None:
            problems.append(document.problem((key, code), *mistake))
            continue
        result.texts[key] = [t.strip() for t in translated] if isinstance(translated, list) else translated.strip()
        if english != expected:
            result.recorded[key] = english
            result.stale.add(key)
        if entry.get(STATE) == DRAFT:
            result.draft.add(key)
    return result


def translation_path(factors_dir: Path, code: str, name: str) -> Path:
    """Where a language's translation of a catalogue file lives."""
    return factors_dir / "locales" / code / f"{name}.yml"


def translations_of(
    english: Catalogue, code: str, documents: dict[str, Document], problems: list[Problem]
) -> dict[str, Translations]:
    """Every translation file of one language, checked against the English: file name → entries."""
    limits = length_limits(english)
    return {
        name: read_translations(documents[name], code, entries, problems, limits)
        if name in documents
        else Translations()
        for name, entries in english_entries(english).items()
    }


def _translate(item: Any, names: tuple[str, ...], prefix: str, translations: Translations) -> dict[str, Any]:
    update: dict[str, Any] = {}
    fallback, stale, draft = set(), set(), set()
    nested: dict[str, Any] = {}
    for name in names:
        key = f"{prefix}.{name}"
        if key not in translations.texts:
            fallback.add(name)
            continue
        value = translations.texts[key]
        value = tuple(value) if isinstance(value, list) else value
        if key in translations.stale:
            stale.add(name)
        if key in translations.draft:
            draft.add(name)
        if "." in name:
            outer, inner = name.split(".")
            nested.setdefault(outer, {})[inner] = value
        else:
            update[name] = value
    for outer, values in nested.items():
        update[outer] = getattr(item, outer).model_copy(update=values)
    update["fallback"] = frozenset(fallback)
    update["stale"] = frozenset(stale)
    update["draft"] = frozenset(draft)
    return update


def apply_translations(english: Catalogue, language: Language, translations: dict[str, Translations]) -> Catalogue:
    """The English model with every translated text in place; the rest marked as shown in English."""
    dimensions = []
    for dimension in english.dimensions:
        texts = translations[dimension.id]
        factors = tuple(
            factor.model_copy(
                update={
                    **_translate(factor, TRANSLATABLE_FACTOR, factor.id, texts),
                    "translated_quotes": tuple(texts.texts.get(f"{factor.id}.{QUOTES}", ())),
                }
            )
            for factor in dimension.factors
        )
        update = _translate(dimension, TRANSLATABLE_DIMENSION, dimension.id, texts)
        dimensions.append(dimension.model_copy(update={**update, "factors": factors}))
    steps = tuple(
        step.model_copy(update=_translate(step, TRANSLATABLE_STEP, step.id, translations["cycle"]))
        for step in english.cycle.steps
    )
    cycle_update = _translate(english.cycle, TRANSLATABLE_CYCLE, "cycle", translations["cycle"])
    cycle = english.cycle.model_copy(update={**cycle_update, "steps": steps})
    strings = {**english.strings, **translations["interface"].texts}
    if "language_name" not in translations["interface"].texts:
        strings["language_name"] = language.name
    return Catalogue(
        language=language.code,
        dimensions=tuple(dimensions),
        cycle=cycle,
        strings=strings,
        fallback_strings=frozenset(set(english.strings) - set(translations["interface"].texts)),
    )


__all__ = [
    "TRANSLATABLE_CYCLE",
    "TRANSLATABLE_DIMENSION",
    "TRANSLATABLE_FACTOR",
    "TRANSLATABLE_STEP",
    "Translations",
    "apply_translations",
    "english_entries",
    "length_limits",
    "read_translations",
    "translation_path",
    "translations_of",
]
