"""Languages, translations, fallback and translation status.

English is the source. Each other language has, next to nothing but text:

* ``content/<code>/…``: translated guide pages; a page's front matter records
  ``translation_of:``, the fingerprint of the English page it translates;
* ``factors/locales/<code>/<file>.yml``: per catalogue file, entries keyed by
  stable ids, each holding the English text it was made from (``en:``) beside
  the translation — so a changed English text makes the entry *stale*, and the
  translator sees exactly what changed;
* ``factors/locales/<code>/local.yml``: the network's own factors, and ids of
  factors to hide, marked as local wherever they appear.

Anything missing falls back to English, marked as such on the page.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from pydantic import Field

from .errors import Problem
from .load import Document, display_path, load_yaml, read_front_matter, read_text
from .model import Catalogue, DimensionId, Entry, Factor, FactorEntry, Id
from .validate import check_with

SOURCE = "en"
CODE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TRANSLATABLE_FACTOR = (
    "title",
    "short",
    "description",
    "questions.reaction",
    "questions.interaction",
    "questions.action",
    "source",
)
TRANSLATABLE_DIMENSION = ("title", "short", "meaning", "guiding_questions", "source")
TRANSLATABLE_CYCLE = ("title", "short", "description", "source")
TRANSLATABLE_STEP = ("title", "short", "description", "questions", "source")
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


def discover_languages(content_dir: Path, factors_dir: Path, problems: list[Problem]) -> list[Language]:
    """English, then every language with a folder in ``content/`` or ``factors/locales/``, sorted."""
    codes: set[str] = set()
    for parent in (content_dir, factors_dir / "locales"):
        if not parent.is_dir():
            continue
        for folder in parent.iterdir():
            if not folder.is_dir() or folder.name.startswith(".") or folder.name == SOURCE:
                continue
            if not CODE.match(folder.name):
                problems.append(
                    Problem(
                        display_path(folder),
                        0,
                        0,
                        "",
                        f"'{folder.name}' is not a language code",
                        "name the folder with a lowercase code such as 'sv', 'de' or 'en-sg'",
                    )
                )
                continue
            codes.add(folder.name)
    return [Language(SOURCE, language_name(SOURCE))] + [Language(c, language_name(c)) for c in sorted(codes)]


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of an English text: what a translation records as its source."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:12]


@dataclass(frozen=True)
class GuidePage:
    """A hand-written guide page in one language."""

    path: str
    """Docs path, e.g. ``course/index.md``."""
    text: str
    """Markdown with front matter, ready for MkDocs (English fallbacks already marked)."""
    status: str
    """``translated``, ``stale``, ``missing`` (shown in English) or ``source``."""
    source_fingerprint: str
    """Fingerprint of the English page, which ``translation_of`` must match."""


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


class LocalFactor(FactorEntry):
    """A factor a country's network adds: a normal factor plus the dimension it belongs to."""

    dimension: DimensionId


class LocalFile(Entry):
    """``factors/locales/<code>/local.yml``: local additions and hidden factors."""

    hide: tuple[Id, ...] = Field(
        default=(), description="Ids of factors that do not apply in this country's care system."
    )
    factors: tuple[LocalFactor, ...] = Field(default=(), description="Factors this network adds, marked as local.")


@dataclass
class Translations:
    """A language's translated entries, with their status, for one catalogue file."""

    texts: dict[str, Any] = field(default_factory=dict)
    stale: set[str] = field(default_factory=set)
    recorded: dict[str, Any] = field(default_factory=dict)
    """The English each stale entry was translated from, to show what changed."""


def length_limits(catalogue: Catalogue) -> dict[str, int]:
    """The same length limits as the English texts: cards and diagrams have the same room in every language."""
    from .model import CycleInfo, DimensionEntry, FactorEntry, StepEntry

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


def _translation_mistake(expected: Any, translated: Any, limit: int | None) -> tuple[str, str] | None:
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
        if not isinstance(entry, dict) or set(entry) - {SOURCE, code}:
            problems.append(
                Problem(
                    document.file,
                    line,
                    column,
                    key,
                    f"an entry holds exactly two keys, '{SOURCE}' (the English it translates) and '{code}' (the translation)",
                    f"write it as:\n      {SOURCE}: <English text>\n      {code}: <translation>",
                )
            )
            continue
        english, translated = entry.get(SOURCE), entry.get(code)
        if translated in (None, "", []):
            continue  # not yet translated: falls back to English
        expected = source[key]
        mistake = _translation_mistake(expected, translated, (limits or {}).get(key))
        if mistake is not None:
            problems.append(document.problem((key, code), *mistake))
            continue
        result.texts[key] = [t.strip() for t in translated] if isinstance(translated, list) else translated.strip()
        if english != expected:
            result.recorded[key] = english
            result.stale.add(key)
    return result


def translation_path(factors_dir: Path, code: str, name: str) -> Path:
    return factors_dir / "locales" / code / f"{name}.yml"


def load_translations(
    english: Catalogue, code: str, factors_dir: Path, problems: list[Problem]
) -> dict[str, Translations]:
    """Every translation file of one language, checked against the English: file name → entries."""
    limits = length_limits(english)
    translations: dict[str, Translations] = {}
    for name, entries in english_entries(english).items():
        path = translation_path(factors_dir, code, name)
        document = load_yaml(path, problems) if path.exists() else None
        translations[name] = (
            read_translations(document, code, entries, problems, limits) if document is not None else Translations()
        )
    return translations


def localise(
    english: Catalogue | None, language: Language, factors_dir: Path, content_dir: Path, problems: list[Problem]
) -> tuple[Catalogue | None, dict[str, GuidePage]]:
    """The catalogue and guide pages of one language, English where untranslated."""
    pages = localise_pages(language, content_dir, problems)
    if english is None:
        return None, pages
    if language.code == SOURCE:
        strings = {**english.strings}
        return english.model_copy(update={"strings": strings}), pages
    folder = factors_dir / "locales" / language.code
    translations = load_translations(english, language.code, factors_dir, problems)
    local = LocalFile()
    local_path = folder / "local.yml"
    local_document = None
    if local_path.exists():
        local_document = load_yaml(local_path, problems)
        if local_document is not None:
            local = check_with(LocalFile, local_document, problems) or LocalFile()
    catalogue = apply_translations(english, language, translations, local, local_document, problems)
    return catalogue, pages


def _translate(item: Any, names: tuple[str, ...], prefix: str, translations: Translations) -> dict[str, Any]:
    update: dict[str, Any] = {}
    fallback, stale = set(), set()
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
        if "." in name:
            outer, inner = name.split(".")
            nested.setdefault(outer, {})[inner] = value
        else:
            update[name] = value
    for outer, values in nested.items():
        update[outer] = getattr(item, outer).model_copy(update=values)
    update["fallback"] = frozenset(fallback)
    update["stale"] = frozenset(stale)
    return update


def _check_local(local: LocalFile, document: Document, known: set[str]) -> list[Problem]:
    """Pass 2 for ``local.yml``: the ids it hides exist; the ids it adds are new; its links lead somewhere."""
    problems = [
        document.problem(
            ("hide", index), f"no factor has the id '{hidden}'", "use the id of a factor in the English catalogues"
        )
        for index, hidden in enumerate(local.hide)
        if hidden not in known
    ]
    added_ids = {f.id for f in local.factors}
    for index, added in enumerate(local.factors):
        if added.id in known:
            problems.append(
                document.problem(
                    ("factors", index, "id"), f"the id '{added.id}' is already used", "choose an id no other factor has"
                )
            )
        problems += [
            document.problem(
                ("factors", index, "related", position),
                f"no factor has the id '{target}'",
                "use the id of a factor in another dimension",
            )
            for position, target in enumerate(added.related)
            if target not in known | added_ids
        ]
    return problems


def apply_translations(
    english: Catalogue,
    language: Language,
    translations: dict[str, Translations],
    local: LocalFile,
    local_document: Document | None,
    problems: list[Problem],
) -> Catalogue:
    known = {f.id for f in english.factors}
    if local_document is not None:
        problems.extend(_check_local(local, local_document, known))
    dimensions = []
    for dimension in english.dimensions:
        factors = [
            factor.model_copy(update=_translate(factor, TRANSLATABLE_FACTOR, factor.id, translations[dimension.id]))
            for factor in dimension.factors
            if factor.id not in local.hide
        ]
        factors += [
            Factor(**added.model_dump(exclude={"dimension"}), dimension=dimension.id, local=True)
            for added in local.factors
            if added.dimension == dimension.id
        ]
        update = _translate(dimension, TRANSLATABLE_DIMENSION, dimension.id, translations[dimension.id])
        dimensions.append(dimension.model_copy(update={**update, "factors": tuple(factors)}))
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


FALLBACK_BANNER = '!!! warning "{title}"\n    {note}\n\n'


def localise_pages(language: Language, content_dir: Path, problems: list[Problem]) -> dict[str, GuidePage]:
    """Guide pages of one language: translated where a translation exists, else English marked as such."""
    english_dir = content_dir / SOURCE
    pages: dict[str, GuidePage] = {}
    if not english_dir.is_dir():
        return pages
    for path in sorted(english_dir.rglob("*.md")):
        docs_path = path.relative_to(english_dir).as_posix()
        english_text = read_text(path, problems)
        if english_text is None:
            continue
        meta, body = read_front_matter(english_text)
        source_print = fingerprint(body)
        if language.code == SOURCE:
            pages[docs_path] = GuidePage(docs_path, english_text, "source", source_print)
            continue
        translated = content_dir / language.code / docs_path
        if translated.exists():
            text = read_text(translated, problems)
            if text is None:
                continue
            translated_meta, _ = read_front_matter(text)
            recorded = str(translated_meta.get("translation_of", ""))
            status = "translated" if recorded == source_print else "stale"
            pages[docs_path] = GuidePage(docs_path, text, status, source_print)
        else:
            pages[docs_path] = GuidePage(docs_path, _fallback_page(meta, body), "missing", source_print)
    if language.code != SOURCE and (content_dir / language.code).is_dir():
        for path in sorted((content_dir / language.code).rglob("*.md")):
            docs_path = path.relative_to(content_dir / language.code).as_posix()
            if docs_path not in pages:
                problems.append(
                    Problem(
                        display_path(path),
                        0,
                        0,
                        "",
                        "has no English counterpart",
                        f"every page translates a page in {display_path(english_dir)}: rename or remove it",
                    )
                )
    return pages


def _fallback_page(meta: dict[str, Any], body: str) -> str:
    # The banner's text is filled in per language by the plugin (it knows the interface strings).
    title = str(meta.get("title", ""))
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nhandbook_fallback: true\n---\n"
    return front + '<div class="pt-fallback-page" lang="en" markdown>\n\n' + body.strip() + "\n\n</div>\n"


@dataclass(frozen=True)
class StatusRow:
    """How far one file of one language is translated."""

    language: str
    file: str
    total: int
    translated: int
    stale: int
    missing: int


@dataclass(frozen=True)
class StaleEntry:
    language: str
    file: str
    key: str
    recorded: Any
    """The English the translation was made from."""
    current: Any
    """The English as it is now."""


def translation_status(root: Path) -> tuple[list[StatusRow], list[StaleEntry]]:
    """Per language and file: how much is translated, missing and stale; and every stale entry.

    Untranslated guide pages are listed among the entries too (recorded: None), with the
    fingerprint their ``translation_of`` must carry.
    """
    from .validate import load_english

    factors_dir, content_dir = root / "factors", root / "content"
    problems: list[Problem] = []
    english = load_english(factors_dir)
    source = english_entries(english)
    rows: list[StatusRow] = []
    stale_entries: list[StaleEntry] = []
    for language in discover_languages(content_dir, factors_dir, problems)[1:]:
        for name, translations in load_translations(english, language.code, factors_dir, problems).items():
            entries = source[name]
            path = translation_path(factors_dir, language.code, name)
            done = len(translations.texts)
            rows.append(
                StatusRow(
                    language.code,
                    display_path(path),
                    len(entries),
                    done - len(translations.stale),
                    len(translations.stale),
                    len(entries) - done,
                )
            )
            stale_entries += [
                StaleEntry(language.code, display_path(path), key, translations.recorded[key], entries[key])
                for key in sorted(translations.stale)
            ]
        pages = localise_pages(language, content_dir, problems)
        counts = {
            status: sum(1 for p in pages.values() if p.status == status)
            for status in ("translated", "stale", "missing")
        }
        rows.append(
            StatusRow(
                language.code,
                display_path(content_dir / language.code) + "/ (pages)",
                len(pages),
                counts["translated"],
                counts["stale"],
                counts["missing"],
            )
        )
        stale_entries += [
            StaleEntry(
                language.code,
                display_path(content_dir / language.code / p.path),
                "translation_of",
                "(older English page)",
                p.source_fingerprint,
            )
            for p in pages.values()
            if p.status == "stale"
        ]
        stale_entries += [
            StaleEntry(
                language.code,
                display_path(content_dir / language.code / p.path),
                "translation_of",
                None,
                p.source_fingerprint,
            )
            for p in pages.values()
            if p.status == "missing"
        ]
    if problems:
        from .errors import HandbookError

        raise HandbookError(problems)
    return rows, stale_entries


def scaffold_language(root: Path, code: str) -> list[Path]:
    """Create or update a language's translation files: every English entry present, translations kept.

    Running it again after the English changed adds the new entries and keeps
    everything already translated (stale entries stay stale until reviewed).
    """
    from .load import dump_yaml
    from .validate import load_english

    if not CODE.match(code) or code == SOURCE:
        raise ValueError(f"'{code}' is not a language code to add: use a lowercase code such as 'sv', 'de' or 'en-sg'")
    factors_dir = root / "factors"
    english = load_english(factors_dir)
    folder = factors_dir / "locales" / code
    folder.mkdir(parents=True, exist_ok=True)
    (root / "content" / code).mkdir(parents=True, exist_ok=True)
    name = language_name(code)
    written: list[Path] = []
    for file, entries in english_entries(english).items():
        path = folder / f"{file}.yml"
        existing: dict[str, Any] = {}
        if path.exists():
            problems: list[Problem] = []
            document = load_yaml(path, problems)
            if document is None or not isinstance(document.data, dict):
                from .errors import HandbookError

                raise HandbookError(
                    problems
                    or [Problem(display_path(path), 1, 1, "", "cannot be updated: it is not a list of entries")]
                )
            existing = document.data
        data: dict[str, Any] = {}
        for key, text in entries.items():
            old = existing.get(key)
            if isinstance(old, dict) and old.get(code) not in (None, "", []):
                data[key] = {SOURCE: old.get(SOURCE, text), code: old[code]}
            else:
                data[key] = {SOURCE: text, code: "" if isinstance(text, str) else []}
        header = (
            "# yaml-language-server: $schema=../../schema/translation.schema.json\n"
            f"# {name} ({code}) translation of factors/{file}.yml\n"
            f"# For each entry, write the translation after `{code}:`. Leave `en:` as it is: it records\n"
            "# which English text you translated, so the handbook can tell when the English changes.\n"
            f"# An empty `{code}:` shows the English text, marked as not yet translated.\n"
            "# After changing a stale entry, copy the new English into `en:` too.\n"
            "# See the page 'For translators' in the handbook, and run `handbook locale status`.\n"
        )
        text = header + dump_yaml(data)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    local = folder / "local.yml"
    if not local.exists():
        local.write_text(
            "# yaml-language-server: $schema=../../schema/local.schema.json\n"
            f"# Local adaptation for the {name} handbook: factors this network adds, and factors that do\n"
            "# not apply here. Local factors are marked as local on every page, worksheet and card.\n"
            "# Example:\n"
            "# hide:\n#   - care-chain-collaboration\n"
            "# factors:\n#   - id: my-local-factor\n#     dimension: contexts\n#     kind: barrier\n"
            "#     title: …\n#     short: …\n#     description: …\n"
            "#     questions: {reaction: [ … ], interaction: [ … ], action: [ … ]}\n#     source: Local experience, <network>, <year>\n"
            "hide: []\nfactors: []\n",
            encoding="utf-8",
        )
        written.append(local)
    return written
