"""A language code → its translation files, created or brought up to date with the English (``handbook locale add``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import HandbookError, Problem
from ..load import Document, dump_yaml
from ..model import Catalogue
from .languages import CODE, SOURCE, language_name
from .translations import STATE, english_entries


def translation_files(english: Catalogue, code: str, existing: dict[str, Document]) -> dict[str, str]:
    """File name → the text of each translation file: every English entry present, translations kept.

    After the English changed, the new entries are added and everything already translated is
    kept (stale entries stay stale until reviewed).
    """
    name = language_name(code)
    texts: dict[str, str] = {}
    for file, entries in english_entries(english).items():
        document = existing.get(file)
        if document is not None and not isinstance(document.data, dict):
            raise HandbookError([Problem(document.file, 1, 1, "", "cannot be updated: it is not a list of entries")])
        old_entries: dict[str, Any] = document.data if document is not None else {}
        data: dict[str, Any] = {}
        for key, text in entries.items():
            old = old_entries.get(key)
            if isinstance(old, dict) and old.get(code) not in (None, "", []):
                data[key] = {SOURCE: old.get(SOURCE, text), code: old[code]}
                if STATE in old:
                    data[key][STATE] = old[STATE]  # a draft stays a draft until reviewed
            else:
                data[key] = {SOURCE: text, code: "" if isinstance(text, str) else []}
        texts[f"{file}.yml"] = translation_header(code, file, name) + dump_yaml(data)
    return texts


def translation_header(code: str, file: str, name: str | None = None) -> str:
    """The comment that opens a translation file and says how to fill it in."""
    name = name or language_name(code)
    return (
        "# yaml-language-server: $schema=../../schema/translation.schema.json\n"
        f"# {name} ({code}) translation of factors/{file}.yml\n"
        f"# For each entry, write the translation after `{code}:`. Leave `en:` as it is: it records\n"
        "# which English text you translated, so the handbook can tell when the English changes.\n"
        f"# An empty `{code}:` shows the English text, marked as not yet translated.\n"
        "# After changing a stale entry, copy the new English into `en:` too.\n"
        "# See the page 'For translators' in the handbook, and run `handbook locale status`.\n"
    )


def local_file(code: str) -> str:
    """The text of a new, empty ``local.yml``, explaining itself."""
    return (
        "# yaml-language-server: $schema=../../schema/local.schema.json\n"
        f"# Local adaptation for the {language_name(code)} handbook: factors this network adds, and factors that do\n"
        "# not apply here. Local factors are marked as local on every page, worksheet and card.\n"
        "# Example:\n"
        "# hide:\n#   - care-chain-collaboration\n"
        "# factors:\n#   - id: my-local-factor\n#     dimension: contexts\n#     kind: barrier\n"
        "#     title: …\n#     short: …\n#     description: …\n"
        "#     questions: {reaction: [ … ], interaction: [ … ], action: [ … ]}\n#     source: Local experience, <network>, <year>\n"
        "hide: []\nfactors: []\n"
    )


def scaffold_language(root: Path, code: str) -> list[Path]:
    """Create or update a language's translation files in the handbook at ``root``; return the files written."""
    from ..sources import read_sources
    from ..validate import build_catalogue

    if not CODE.match(code) or code == SOURCE:
        raise ValueError(
            f"'{code}' is not a language code to add: use a code such as 'sv', 'de', 'nb', 'pt-BR' or 'zh-TW'"
        )
    problems: list[Problem] = []
    sources = read_sources(root, problems, only=code)
    english = build_catalogue(sources.catalogues, problems)
    if problems or english is None:
        raise HandbookError(problems)
    folder = sources.factors_dir / "locales" / code
    folder.mkdir(parents=True, exist_ok=True)
    (sources.content_dir / code).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in translation_files(english, code, sources.translations.get(code, {})).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    local = folder / "local.yml"
    if not local.exists():
        local.write_text(local_file(code), encoding="utf-8")
        written.append(local)
    return written
