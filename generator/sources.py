"""The handbook's folder → every file it has, read once into located documents (the load phase).

Everything after this works on :class:`Sources` and never opens a file: validation,
localisation, status and rendering are functions over what was read here.

To add a kind of file: give :class:`Sources` a field for it, write one ``_read_<kind>``
function that fills it (YAML through :func:`~generator.load.load_yaml`, pages through
:func:`read_page`, so every problem is located), and call it from :func:`read_sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Problem
from .i18n.languages import CODE, SOURCE
from .load import Document, display_path, load_yaml, parse_front_matter, read_text
from .model import DIMENSION_IDS

CATALOGUE_FILES: tuple[str, ...] = (*DIMENSION_IDS, "cycle", "interface")
"""The files in ``factors/``, without ``.yml``; each language translates each of them in ``factors/locales/<code>/``."""
GLOSSARY_FILE = "glossary.yml"
"""``factors/glossary.yml`` (English) and ``factors/locales/<code>/glossary.yml``: a language's own terminology."""
PAPER_FILE = "sources/arleskog-2021.txt"
"""The paper's full text, relative to the handbook's folder: every quotation is checked against it."""
LOCAL_FILE = "local.yml"
"""``factors/locales/<code>/local.yml``: a network's own factors, and the factors it hides."""


@dataclass(frozen=True)
class PageSource:
    """A hand-written Markdown page as read from disk, its front matter already parsed."""

    file: str
    """Path as shown to the user."""
    path: str
    """Docs path inside its language's folder, e.g. ``course/index.md``."""
    text: str
    """The whole file, front matter included."""
    meta: dict[str, Any]
    """The front matter (empty when the page has none)."""
    body: str
    """The Markdown after the front matter."""


@dataclass
class Sources:
    """Every file of one handbook, read and parsed, by kind; nothing here is validated yet."""

    root: Path
    factors_dir: Path
    content_dir: Path
    language_folders: list[tuple[str, str]] = field(default_factory=list)
    """(folder name, path as shown) of every folder in ``content/`` and ``factors/locales/``: the languages."""
    catalogues: dict[str, Document] = field(default_factory=dict)
    """The English catalogue files by name (see CATALOGUE_FILES); a missing or unreadable one is absent."""
    translations: dict[str, dict[str, Document]] = field(default_factory=dict)
    """Language code → catalogue file name → its translation file, for the files that exist."""
    local: dict[str, Document] = field(default_factory=dict)
    """Language code → its ``local.yml``, where there is one."""
    guides: dict[str, dict[str, PageSource]] = field(default_factory=dict)
    """Language code → docs path → guide page, for the pages that exist in ``content/<code>/``."""
    unreadable_guides: dict[str, set[str]] = field(default_factory=dict)
    """Language code → docs paths of pages that exist but could not be read (their problems are recorded)."""
    glossaries: dict[str, Document] = field(default_factory=dict)
    """Language code → its glossary file, where there is one (English must have one)."""
    paper: tuple[str, str] | None = None
    """(path as shown, text) of the paper; None when it is missing or unreadable (the problem is recorded)."""

    def codes(self) -> list[str]:
        """The languages whose files were read, English first."""
        return [SOURCE, *sorted({name for name, _ in self.language_folders if name != SOURCE and CODE.match(name)})]


def read_sources(
    root: Path, problems: list[Problem], *, factors_dir: Path | None = None, only: str | None = None
) -> Sources:
    """Read the handbook at ``root`` (English and every language, or English and ``only``), recording every problem."""
    factors_dir = factors_dir if factors_dir is not None else root / "factors"
    sources = Sources(root, factors_dir, root / "content")
    sources.language_folders = _language_folders(sources)
    sources.catalogues = read_catalogues(factors_dir, problems)
    sources.paper = _read_paper(root / PAPER_FILE, problems)
    _read_glossary(sources, SOURCE, problems)
    _read_guides(sources, SOURCE, problems)
    for code in sources.codes()[1:]:
        if only is not None and code != only:
            continue
        _read_translations(sources, code, problems)
        _read_glossary(sources, code, problems)
        _read_guides(sources, code, problems)
    return sources


def _read_paper(path: Path, problems: list[Problem]) -> tuple[str, str] | None:
    if not path.exists():
        problems.append(
            Problem(
                display_path(path),
                0,
                0,
                "",
                "the paper's text is missing",
                "the handbook ships the full text of Ärleskog, Vackerberg & Andersson (2021) here, unchanged (CC BY 4.0)",
            )
        )
        return None
    shown = display_path(path)
    text = read_text(path, problems, shown)
    return (shown, text) if text is not None else None


def _read_glossary(sources: Sources, code: str, problems: list[Problem]) -> None:
    folder = sources.factors_dir if code == SOURCE else sources.factors_dir / "locales" / code
    path = folder / GLOSSARY_FILE
    if not path.exists():
        if code == SOURCE:
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    0,
                    "",
                    "file is missing",
                    "the English glossary gives the preferred term for each key concept",
                )
            )
        return
    document = load_yaml(path, problems)
    if document is not None:
        sources.glossaries[code] = document


def _language_folders(sources: Sources) -> list[tuple[str, str]]:
    found = []
    for parent in (sources.content_dir, sources.factors_dir / "locales"):
        if parent.is_dir():
            found += [
                (folder.name, display_path(folder))
                for folder in sorted(parent.iterdir())
                if folder.is_dir() and not folder.name.startswith(".")
            ]
    return found


def read_catalogues(factors_dir: Path, problems: list[Problem]) -> dict[str, Document]:
    """The English catalogue files; a missing one is a problem."""
    documents: dict[str, Document] = {}
    for name in CATALOGUE_FILES:
        path = factors_dir / f"{name}.yml"
        if not path.exists():
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    0,
                    "",
                    "file is missing",
                    f"every handbook needs {name}.yml in {display_path(factors_dir)}",
                )
            )
            continue
        document = load_yaml(path, problems)
        if document is not None:
            documents[name] = document
    return documents


def _read_translations(sources: Sources, code: str, problems: list[Problem]) -> None:
    folder = sources.factors_dir / "locales" / code
    found: dict[str, Document] = {}
    for name in CATALOGUE_FILES:
        path = folder / f"{name}.yml"
        if path.exists():
            document = load_yaml(path, problems)
            if document is not None:
                found[name] = document
    sources.translations[code] = found
    if (folder / LOCAL_FILE).exists():
        document = load_yaml(folder / LOCAL_FILE, problems)
        if document is not None:
            sources.local[code] = document


def _read_guides(sources: Sources, code: str, problems: list[Problem]) -> None:
    folder = sources.content_dir / code
    pages: dict[str, PageSource] = {}
    unreadable: set[str] = set()
    if folder.is_dir():
        for path in sorted(folder.rglob("*.md")):
            docs_path = path.relative_to(folder).as_posix()
            page = read_page(path, docs_path, problems)
            if page is None:
                unreadable.add(docs_path)
            else:
                pages[docs_path] = page
    sources.guides[code] = pages
    sources.unreadable_guides[code] = unreadable


def read_page(path: Path, docs_path: str, problems: list[Problem]) -> PageSource | None:
    """One Markdown page with its front matter; None after recording why it cannot be used."""
    shown = display_path(path)
    text = read_text(path, problems, shown)
    if text is None:
        return None
    split = parse_front_matter(text, shown, problems)
    if split is None:
        return None
    meta, body = split
    return PageSource(shown, docs_path, text, meta, body)
