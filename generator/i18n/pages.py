"""Guide pages as read → one language's guide pages: translated where a translation exists, else English marked (pure).

A translated page records in its front matter ``translation_of:``, the fingerprint
of the English page it translates; when the English changes, the page is *stale*.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from .languages import SOURCE, Language
from .translations import DRAFT

if TYPE_CHECKING:  # the load phase imports this package: no import back at run time
    from ..sources import PageSource


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
    draft: bool = False
    """The translation is a draft waiting for review (``translation_state: draft``)."""


FALLBACK_BANNER = '!!! warning "{title}"\n    {note}\n\n'


def localise_pages(
    language: Language,
    english: dict[str, PageSource],
    translated: dict[str, PageSource],
    english_folder: str,
    problems: list[Problem],
    unreadable: Collection[str] = (),
) -> dict[str, GuidePage]:
    """Guide pages of one language: translated where a translation exists, else English marked as such.

    ``english_folder`` is the English pages' folder as shown to the user, for the hint on a page without one;
    ``unreadable`` the English pages that exist but could not be read (their problem is already reported).
    """
    pages: dict[str, GuidePage] = {}
    for docs_path, source in english.items():
        source_print = fingerprint(source.body)
        if language.code == SOURCE:
            pages[docs_path] = GuidePage(docs_path, source.text, "source", source_print)
        elif docs_path in translated:
            page = translated[docs_path]
            status = "translated" if str(page.meta.get("translation_of", "")) == source_print else "stale"
            draft = page.meta.get("translation_state") == DRAFT
            if "translation_state" in page.meta and not draft:
                problems.append(_state_problem(page))
            pages[docs_path] = GuidePage(docs_path, page.text, status, source_print, draft)
        else:
            pages[docs_path] = GuidePage(docs_path, _fallback_page(source.meta, source.body), "missing", source_print)
    if language.code != SOURCE:
        problems += [
            Problem(
                page.file,
                0,
                0,
                "",
                "has no English counterpart",
                f"every page translates a page in {english_folder}: rename or remove it",
            )
            for docs_path, page in translated.items()
            if docs_path not in english and docs_path not in unreadable
        ]
    return pages


def _state_problem(page: PageSource) -> Problem:
    line = next((n for n, text in enumerate(page.text.splitlines(), 1) if text.startswith("translation_state:")), 1)
    return Problem(
        page.file,
        line,
        1,
        "translation_state",
        f"'{page.meta['translation_state']}' is not a review state",
        f"write 'translation_state: {DRAFT}' while the page waits for review; delete the line once it is reviewed",
    )


def _fallback_page(meta: dict[str, Any], body: str) -> str:
    # The banner's text is filled in per language by the plugin (it knows the interface strings).
    title = str(meta.get("title", ""))
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nhandbook_fallback: true\n---\n"
    return front + '<div class="pt-fallback-page" lang="en" markdown>\n\n' + body.strip() + "\n\n</div>\n"
