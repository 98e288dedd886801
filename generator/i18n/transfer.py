"""A language's translation files and guide pages ↔ exchange units, both ways (pure; used by `locale export` and `import`).

The keyed YAML in ``factors/locales/<code>/`` and the pages in ``content/<code>/``
stay the source; a PO or XLIFF file is a view of them for translators' tools
(the format itself lives in :mod:`generator.exchange`).

One unit per translatable text. Its context names the file, the stable id and
the field (``resources/understaffing/title``, ``interface/handbook_title``);
guide pages are exchanged **per page**, as two units, ``pages/<path>/title``
and ``pages/<path>/body``: a translated page is stored whole, with one
fingerprint of the English page it translates, and a translator is free to
merge, split or reorder paragraphs (which per-paragraph units would forbid).

Import changes only what the file changes (the new texts are computed here, written by
:mod:`generator.locale_exchange`): an entry whose translation and
review state are what export wrote is left exactly as it was, so export then
import with no edits leaves every file byte-identical. Everything is checked
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import HandbookError, Problem
from ..exchange import Exchange, Unit
from ..load import display_path, dump_yaml
from ..model import Catalogue
from .languages import SOURCE, languages_from
from .pages import fingerprint
from .scaffold import translation_header
from .translations import DRAFT, PLACEHOLDER, STATE, english_entries, length_limits, translation_mistake

if TYPE_CHECKING:  # the load phase imports this package: no import back at run time
    from ..sources import Sources

PAGES = "pages"
PROJECT = "Power Triangle Handbook"


def context_of(file: str, key: str) -> str:
    """``resources`` + ``understaffing.questions.reaction`` → ``resources/understaffing/questions.reaction``."""
    return f"{file}/{key}" if file == "interface" else f"{file}/{key.replace('.', '/', 1)}"


def _key_of(context: str) -> tuple[str, str]:
    file, _, rest = context.partition("/")
    return file, rest if file == "interface" else rest.replace("/", ".", 1)


def _joined(value: Any) -> str:
    """A text, or a list of texts one per line (how lists travel in PO and XLIFF)."""
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return "" if value is None else str(value)


def _split(text: str, like: Any) -> Any:
    return [line.strip() for line in text.splitlines() if line.strip()] if isinstance(like, list) else text


def _empty(value: Any) -> bool:
    return value in (None, "", [])


def _note(english: Any, limit: int | None, key: str = "") -> str:
    notes = []
    if key.endswith(".quotes"):
        notes.append("Optional: the paper's English words are always shown; your translation appears beneath them.")
    if isinstance(english, list):
        notes.append("One item per line.")
    if limit:
        notes.append(f"At most {limit} characters: it appears on cards and in the diagram.")
    placeholders = sorted(set(PLACEHOLDER.findall(_joined(english))))
    if placeholders:
        notes.append(f"Keep {', '.join(placeholders)} exactly as they are.")
    return " ".join(notes)


@dataclass(frozen=True)
class _Page:
    """A guide page as export sees it: the English, and the translation if there is one."""

    path: str
    title: str
    body: str
    """The English body, stripped."""
    file: Path
    """Where the translation lives (or will)."""
    translated: bool
    meta: dict[str, Any]
    """The translation's front matter."""
    translated_body: str

    @property
    def stale(self) -> bool:
        return self.translated and str(self.meta.get("translation_of", "")) != fingerprint(self.body)

    @property
    def draft(self) -> bool:
        return self.translated and self.meta.get("translation_state") == DRAFT


@dataclass(frozen=True)
class _Language:
    """Everything one language holds, as loaded, with the English it translates."""

    code: str
    entries: dict[str, dict[str, Any]]
    """File → key → current English."""
    files: dict[str, dict[str, Any]]
    """File → the translation file's data (key → {en, <code>, state?}); empty where there is no file."""
    limits: dict[str, int]
    pages: dict[str, _Page]
    locale_dir: Path


def _language(english: Catalogue, sources: Sources, code: str) -> _Language:
    documents = sources.translations.get(code, {})
    entries = english_entries(english)
    files = {
        name: documents[name].data if name in documents and isinstance(documents[name].data, dict) else {}
        for name in entries
    }
    pages: dict[str, _Page] = {}
    translated = sources.guides.get(code, {})
    for docs_path, page in sources.guides.get(SOURCE, {}).items():
        mine = translated.get(docs_path)
        pages[docs_path] = _Page(
            docs_path,
            str(page.meta.get("title", "")),
            page.body.strip(),
            sources.content_dir / code / docs_path,
            mine is not None,
            dict(mine.meta) if mine is not None else {},
            mine.body.strip() if mine is not None else "",
        )
    return _Language(code, entries, files, length_limits(english), pages, sources.factors_dir / "locales" / code)


def _entry_unit(language: _Language, file: str, key: str) -> Unit:
    english = language.entries[file][key]
    entry = language.files[file].get(key)
    entry = entry if isinstance(entry, dict) else {}
    translation = entry.get(language.code)
    note = _note(english, language.limits.get(key), key)
    if _empty(translation):
        return Unit(context_of(file, key), _joined(english), "", note=note)
    stale = entry.get(SOURCE) != english
    return Unit(
        context_of(file, key),
        _joined(english),
        _joined(translation),
        needs_review=stale or entry.get("state") == DRAFT,
        previous=_joined(entry.get(SOURCE)) if stale else None,
        note=note,
    )


PAGE_NOTE = "Markdown: keep #, *, links, tables and <!-- handbook:… --> lines as they are."
STALE_PAGE_NOTE = "The translation was made from an older version of this English page: compare the two."


def _page_units(page: _Page) -> tuple[Unit, Unit]:
    base = f"{PAGES}/{page.path}"
    if not page.translated:
        return Unit(f"{base}/title", page.title, ""), Unit(f"{base}/body", page.body, "", note=PAGE_NOTE)
    review = page.stale or page.draft
    note = PAGE_NOTE + (" " + STALE_PAGE_NOTE if page.stale else "")
    return (
        Unit(f"{base}/title", page.title, str(page.meta.get("title", "")), needs_review=review),
        Unit(f"{base}/body", page.body, page.translated_body, needs_review=review, note=note),
    )


def exchange_of(english: Catalogue, sources: Sources, code: str) -> Exchange:
    """Every translatable text of one language, with its translation and review state (pure)."""
    language = _language(english, sources, code)
    units = [_entry_unit(language, file, key) for file, keys in language.entries.items() for key in keys]
    for page in language.pages.values():
        units += _page_units(page)
    problems = [
        Problem(
            display_path(language.locale_dir / f"{_key_of(unit.context)[0]}.yml"),
            0,
            0,
            _key_of(unit.context)[1],
            "a list item spans several lines, which cannot travel one item per line",
            "write each item on one line",
        )
        for unit in units
        if any("\n" in item for item in _items(language, unit))
    ]
    if problems:
        raise HandbookError(problems)
    return Exchange(code, tuple(units))


def _items(language: _Language, unit: Unit) -> list[str]:
    """The list items behind a unit (empty for texts), to check none holds a line break."""
    if unit.context.startswith(f"{PAGES}/"):
        return []
    file, key = _key_of(unit.context)
    english = language.entries[file][key]
    if not isinstance(english, list):
        return []
    entry = language.files[file].get(key) or {}
    found = list(english)
    for name in (SOURCE, language.code):
        if isinstance(entry, dict) and isinstance(entry.get(name), list):
            found += [str(item) for item in entry[name]]
    return found


def _language_code(exchange: Exchange, known: list[str]) -> str | None:
    """The handbook's code for the file's language: ``pt_BR`` (as Weblate writes it) → ``pt-BR``."""
    wanted = exchange.language.replace("_", "-").lower()
    by_lower = {code.lower(): code for code in known}
    # Tools often add a region the handbook's code leaves out (nb_NO for nb); never the other way round.
    return by_lower.get(wanted) or by_lower.get(wanted.split("-")[0])


def import_plan(
    english: Catalogue,
    sources: Sources,
    exchange: Exchange,
    name: str,
    problems: list[Problem],
    expected: str | None = None,
) -> tuple[str | None, dict[Path, str]]:
    """The language an exchange file is for, and the new text of every file it changes (pure: nothing written).

    A file for a language the handbook does not have (or not ``expected``) is refused, located at its
    language header; so is each unit the handbook has no text for, or whose translation does not fit.
    """
    known = [lang.code for lang in languages_from(sources.language_folders, problems)[1:]]
    code = _language_code(exchange, known)
    if code is None or (expected is not None and code != expected):
        wanted = f"'{expected}'" if expected else "one of " + (", ".join(known) or "(none yet)")
        problems.append(
            Problem(
                name,
                exchange.language_line,
                1,
                "Language",
                f"the file is for '{exchange.language}', but the handbook expects {wanted}",
                "import the file meant for this language, or add the language first with `handbook locale add CODE`",
            )
        )
        return None, {}
    return code, plan_import(_language(english, sources, code), exchange, name, problems)


def plan_import(language: _Language, exchange: Exchange, name: str, problems: list[Problem]) -> dict[Path, str]:
    """The new text of every file the exchange file changes (nothing written here)."""
    files = {file: dict(data) for file, data in language.files.items()}
    page_units: dict[str, dict[str, Unit]] = {}
    for unit in exchange.units:
        if unit.context.startswith(f"{PAGES}/"):
            path, _, part = unit.context[len(PAGES) + 1 :].rpartition("/")
            if path in language.pages and part in ("title", "body"):
                page_units.setdefault(path, {})[part] = unit
                continue
        else:
            file, key = _key_of(unit.context)
            if key in language.entries.get(file, {}):
                _import_entry(language, files[file], file, key, unit, name, problems)
                continue
        problems.append(
            Problem(
                name,
                unit.line,
                1,
                unit.context,
                "the handbook has no text with this id",
                "the English entry was renamed or removed since this file was exported: export a fresh file",
            )
        )
    changes: dict[Path, str] = {}
    for file, data in files.items():
        if data != language.files[file]:
            changes[language.locale_dir / f"{file}.yml"] = translation_header(language.code, file) + dump_yaml(data)
    for path, units in page_units.items():
        text = _import_page(language.pages[path], units, name, problems)
        if text is not None:
            changes[language.pages[path].file] = text
    return changes


def _import_entry(
    language: _Language, data: dict[str, Any], file: str, key: str, unit: Unit, name: str, problems: list[Problem]
) -> None:
    english = language.entries[file][key]
    old = data.get(key)
    old = old if isinstance(old, dict) else {}
    exported = _entry_unit(language, file, key)
    if (unit.target, unit.needs_review) == (exported.target, exported.needs_review):
        return  # what export wrote: leave the entry exactly as it is
    if not unit.target.strip():
        return  # an empty entry never erases a translation
    translated = _split(unit.target, english)
    mistake = translation_mistake(english, translated, language.limits.get(key))
    if mistake is not None:
        problems.append(Problem(name, unit.line, 1, unit.context, *mistake))
        return
    if unit.needs_review and unit.previous is not None and unit.target == exported.target:
        # Still fuzzy with its previous English, translation untouched: it stays stale, as it was.
        entry: dict[str, Any] = {SOURCE: _split(unit.previous, english), language.code: translated}
        if old.get(STATE) == DRAFT:
            entry[STATE] = DRAFT
    else:
        # The translation now answers the English the translator saw; fuzzy means a draft.
        entry = {SOURCE: _split(unit.source, english), language.code: translated}
        if unit.needs_review:
            entry[STATE] = DRAFT
    data[key] = entry


def _import_page(page: _Page, units: dict[str, Unit], name: str, problems: list[Problem]) -> str | None:
    """The page's new text, or None when the exchange file leaves it as it is."""
    exported = dict(zip(("title", "body"), _page_units(page), strict=True))
    changed = {
        part: unit
        for part, unit in units.items()
        if (unit.target, unit.needs_review) != (exported[part].target, exported[part].needs_review)
        and unit.target.strip()
    }
    if not changed:
        return None
    title = units["title"].target.strip() if "title" in units else str(page.meta.get("title", ""))
    body = units["body"].target.strip() if "body" in units else page.translated_body
    if not title or not body:
        missing = "title" if not title else "body"
        where = units.get(missing) or next(iter(units.values()))
        problems.append(
            Problem(
                name,
                where.line,
                1,
                f"{PAGES}/{page.path}/{missing}",
                f"the page's {missing} is not translated, but its {'body' if missing == 'title' else 'title'} is",
                "translate both the title and the text of a page",
            )
        )
        return None
    if "body" in changed:
        source_print = fingerprint(units["body"].source)
        draft = units["body"].needs_review or ("title" in changed and units["title"].needs_review)
    else:
        source_print = str(page.meta.get("translation_of", fingerprint(page.body)))
        draft = page.draft or units["title"].needs_review
    meta = {
        key: value for key, value in page.meta.items() if key not in ("title", "translation_of", "translation_state")
    }
    front = dump_yaml(
        {"title": title, **meta, "translation_of": source_print, **({"translation_state": DRAFT} if draft else {})}
    )
    return f"---\n{front}---\n\n{body}\n"
