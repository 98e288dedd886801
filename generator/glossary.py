"""A language's glossary + its texts → every use of a variant the glossary says to avoid, located.

Checked: the language's catalogue entries (English: ``factors/*.yml``; other
languages: the translations in ``factors/locales/<code>/*.yml`` and its
``local.yml``) and its own guide pages. Not checked: the glossary itself (it
names the variants), quotations (a quotation is the paper's words, or a
translation of them), the English an entry records under ``en:``, YAML comments,
and in guide pages the front matter's keys, fenced and inline code, HTML
comments, link targets and block quotes.

A variant matches case-insensitively, as whole words, across line breaks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import Problem
from .load import Document, dotted
from .model import GlossaryFile, Term
from .validate import check_with

_QUOTE_OPEN = '"“”„«»'
_QUOTE_CLOSE = '"“”»«'
QUOTED = re.compile(f"[{_QUOTE_OPEN}][^{_QUOTE_OPEN}\\n]*(?:\\n[^{_QUOTE_OPEN}\\n]+)*?[{_QUOTE_CLOSE}]")
"""A quoted span (“…”, ”…”, "…", «…»), possibly over lines of one paragraph."""
FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)[^`].*?\1", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)\n]*\)")
BLOCK_QUOTE = re.compile(r"^ {0,3}>[^\n]*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
FRONT_KEY = re.compile(r"^[ \t]*(?:- )?[A-Za-z_][\w-]*:", re.MULTILINE)
COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*$", re.MULTILINE)
NOT_LINE_BREAK = re.compile(r"[^\n]")
ASCII_LOOKALIKES = (("İ", "i"), ("ı", "i"), ("ſ", "s"), ("\u212a", "k"))
"""The only characters beyond ASCII that a case-insensitive pattern matches to ASCII letters (Python's ``re``):
İ and ı to i, ſ to s, the Kelvin sign to k (tests/test_quick_checks.py derives them again)."""


def folded(text: str) -> str:
    """Text in lower case, each run of whitespace one space, and the letters a case-insensitive pattern matches
    to ASCII ones made ASCII: what :meth:`Variant.may_occur` looks in."""
    if not text.isascii():
        for letter, ascii_letter in ASCII_LOOKALIKES:
            text = text.replace(letter, ascii_letter)
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Variant:
    """A variant to avoid, with the preferred term to say instead."""

    pattern: re.Pattern[str]
    text: str
    preferred: str
    phrase: str | None = None
    """The variant in lower case, one space between words, when it is all ASCII (else None)."""

    def may_occur(self, folded_text: str) -> bool:
        """False when the pattern cannot match the text ``folded_text`` was made from (:func:`folded`).

        A quick test before the pattern: where the pattern matches ASCII words, the folded text holds them
        in lower case, one space apart. The only characters ``re`` matches case-insensitively to an ASCII
        letter are that letter in either case and ASCII_LOOKALIKES, which ``folded`` turns into it, and
        ``\\s`` is what ``str.split`` splits at.
        """
        return self.phrase is None or self.phrase in folded_text


def variants(terms: Iterable[Term]) -> list[Variant]:
    """Compile each term's avoided variants: case-insensitive, whole words, any whitespace between words."""
    found = []
    for term in terms:
        for variant in term.avoid:
            words = r"\s+".join(re.escape(w) for w in variant.split())
            pattern = re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)
            phrase = " ".join(variant.lower().split()) if variant.isascii() else None
            found.append(Variant(pattern, variant, term.term, phrase))
    return found


def _blank(text: str, start: int, end: int) -> str:
    """Text with [start, end) replaced by spaces, line breaks kept, so offsets and lines stay put."""
    return text[:start] + NOT_LINE_BREAK.sub(" ", text[start:end]) + text[end:]


def _blank_all(text: str, pattern: re.Pattern[str]) -> str:
    """Text with every match of ``pattern`` blanked as :func:`_blank` does, in one pass."""
    return pattern.sub(lambda match: NOT_LINE_BREAK.sub(" ", match.group()), text)


def mask_page(text: str) -> str:
    """A guide page with everything that is not the page's own prose blanked out."""
    front = FRONT_MATTER.match(text)
    if front:
        head = _blank_all(front.group(0), FRONT_KEY)
        head = _blank(head, 0, 4)
        text = head + text[front.end() :]
    for pattern in (FENCE, HTML_COMMENT, INLINE_CODE, LINK_TARGET, BLOCK_QUOTE, QUOTED):
        text = _blank_all(text, pattern)
    return text


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def find_in_page(file: str, text: str, avoid: list[Variant]) -> list[Problem]:
    """Avoided variants in a guide page's prose."""
    masked = mask_page(text)
    key = folded(masked)
    problems = []
    for variant in avoid:
        if not variant.may_occur(key):
            continue
        for match in variant.pattern.finditer(masked):
            line, column = _line_column(text, match.start())
            problems.append(_problem(file, line, column, "", match.group(), variant))
    return problems


def _problem(file: str, line: int, column: int, field: str, found: str, variant: Variant) -> Problem:
    found = " ".join(found.split())
    return Problem(
        file, line, column, field, f"'{found}' is a variant the glossary says to avoid", f"write '{variant.preferred}'"
    )


def _strings(data: object, path: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def _offsets(document: Document) -> tuple[list[int], list[int]]:
    """Offset of each line's start, and the sorted offsets of everything located in the file."""
    starts = [0]
    for line in document.text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    located = sorted({_offset(starts, p) for p in document.positions.values()})
    return starts, located


def _offset(starts: list[int], position: tuple[int, int]) -> int:
    line, column = position
    return starts[line - 1] + column - 1 if 0 < line < len(starts) else starts[-1]


def find_in_document(
    document: Document, avoid: list[Variant], checked: Callable[[tuple[str | int, ...]], bool]
) -> list[Problem]:
    """Avoided variants in the text values of a YAML file that ``checked(path)`` selects, located exactly."""
    problems: list[Problem] = []
    if not document.text or not avoid:
        return problems
    starts, located = _offsets(document)
    for path, value in _strings(document.data):
        if not checked(path) or path not in document.positions:
            continue
        key = folded(value)
        present = [variant for variant in avoid if variant.may_occur(key) and variant.pattern.search(value)]
        if not present:
            continue
        # A value's source runs from where it starts to where the next located key or value starts.
        begin = _offset(starts, document.positions[path])
        after = bisect_right(located, begin)
        end = located[after] if after < len(located) else len(document.text)
        source = _blank_all(document.text[begin:end], COMMENT_LINE)
        if source[:1] in "\"'":  # the YAML quotes around a quoted value are not a quotation
            source = " " + source[1:]
            closing = max(source.rfind('"'), source.rfind("'"))
            if closing > 0:
                source = source[:closing] + " " + source[closing + 1 :]
        source = _blank_all(source, QUOTED)
        for variant in present:
            for match in variant.pattern.finditer(source):
                line, column = _line_column(document.text, begin + match.start())
                problems.append(_problem(document.file, line, column, dotted(path), match.group(), variant))
    return problems


def in_catalogue(path: tuple[str | int, ...]) -> bool:
    """A catalogue's or ``local.yml``'s own texts: everything but quotations and ids."""
    return "quotes" not in path and path[-1:] not in (("id",), ("related",)) and "related" not in path


def in_translation(code: str) -> Callable[[tuple[str | int, ...]], bool]:
    """A translation file's translations (not the English they record, not translated quotations)."""

    def checked(path: tuple[str | int, ...]) -> bool:
        return len(path) >= 2 and path[1] == code and not str(path[0]).endswith(".quotes")

    return checked


def read_terms(
    document: Document, english: tuple[Term, ...] | None, problems: list[Problem]
) -> tuple[Term, ...] | None:
    """A glossary file's terms; ids unique and, in a translation (``english`` given), the English glossary's ids."""
    parsed = check_with(GlossaryFile, document, problems)
    if parsed is None:
        return None
    known = {term.id for term in english or ()}
    seen: set[str] = set()
    for index, term in enumerate(parsed.terms):
        if term.id in seen:
            problems.append(document.problem(("terms", index, "id"), f"the id '{term.id}' appears twice", "keep one"))
        elif english is not None and term.id not in known:
            problems.append(
                document.problem(
                    ("terms", index, "id"),
                    f"the English glossary has no term '{term.id}'",
                    f"use the ids of the English glossary: {', '.join(sorted(known))}",
                )
            )
        seen.add(term.id)
    return parsed.terms


def check_terms(
    terms: tuple[Term, ...],
    catalogue_texts: Iterable[Document],
    translation_texts: Iterable[Document],
    code: str,
    pages: Iterable[tuple[str, str]],
) -> list[Problem]:
    """Every avoided variant of a language's glossary in its catalogue texts, translations and guide pages (file, text)."""
    avoid = variants(terms)
    if not avoid:
        return []
    problems: list[Problem] = []
    for document in catalogue_texts:
        problems.extend(find_in_document(document, avoid, in_catalogue))
    for document in translation_texts:
        problems.extend(find_in_document(document, avoid, in_translation(code)))
    for file, text in pages:
        problems.extend(find_in_page(file, text, avoid))
    return problems
