"""The paper's text + every factor's quotations → the quotations that are not the paper's words, located.

A quotation counts as word for word when it occurs in the paper with the same
words in the same order. What does not count: letter case, the style of quote
marks (’ ' “ ” ", single or double), the style of dashes (– — -) and how the text is broken into
lines. An ellipsis (… or ...) joins fragments that occur in this order within
one section. Each fragment must start and end on a word boundary of the paper,
so a quotation cannot begin or end in the middle of a word.

The quotation must also lie in the section it names. Sections are the paper's
own headings, derived from the text: a paragraph of one short line that starts
with a capital letter and does not end like a sentence ("Results",
"Discussion", "Setting" …).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from .errors import Problem
from .load import Document
from .model import Catalogue

_SINGLE_QUOTES = "'‘’‚‛′`´"
_DOUBLE_QUOTES = '"“”„‟″«»'
_DASHES = "-‐‑‒–—―−"
ELLIPSIS = re.compile(r"…|\.\.\.")
_HEADING_WORDS = 8


def _fold(char: str) -> str:
    """One character as the matcher sees it (may be empty or longer for a few letters)."""
    if char in _SINGLE_QUOTES or char in _DOUBLE_QUOTES:
        return "'"  # one style for all: a quotation inside a quotation swaps “ ” for ‘ ’
    if char in _DASHES:
        return "-"
    if char.isspace():
        return " "
    return char.lower()


def normalise(text: str) -> tuple[str, list[int]]:
    """Text as the matcher compares it, and for each of its characters the offset it came from."""
    table = {ord(char): _fold(char) for char in set(text)}
    if any(len(folded) != 1 for folded in table.values()):
        return _normalise_each(text)  # a letter whose lower case is longer: offsets shift, one by one then
    folded = text.translate(table)  # one character for one: a space exactly where the text has whitespace
    out: list[str] = []
    origin: list[int] = []
    kept = 0
    for run in _EXTRA_SPACES.finditer(folded):
        start, end = run.span()
        # A run of whitespace inside the text counts as one space, its first; none at either end.
        keep_to = start if start == 0 or end == len(folded) else start + 1
        out.append(folded[kept:keep_to])
        origin.extend(range(kept, keep_to))
        kept = end
    out.append(folded[kept:])
    origin.extend(range(kept, len(folded)))
    return "".join(out), origin


_EXTRA_SPACES = re.compile("^ +| +$| {2,}")
"""Spaces that :func:`normalise` drops or merges: at either end, and runs of more than one."""


def _normalise_each(text: str) -> tuple[str, list[int]]:
    """:func:`normalise`, character by character."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char)
        if folded == " " and (not out or out[-1] == " "):
            continue  # runs of whitespace and line breaks count as one space
        for piece in folded:
            out.append(piece)
            origin.append(index)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def fragments(quotation: str) -> list[str]:
    """The parts of a quotation an ellipsis joins, normalised; empty parts (a leading '…') dropped."""
    parts = (normalise(part)[0].strip(" ") for part in ELLIPSIS.split(quotation))
    return [p for p in parts if p]


@dataclass(frozen=True)
class Section:
    """A part of the paper under one heading."""

    title: str
    start: int
    """Offset of the heading in the paper's text."""
    end: int
    """Offset where the next heading starts (or the end of the text)."""


def _is_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return (
        "\n" not in paragraph.strip()
        and 0 < len(words) <= _HEADING_WORDS
        and paragraph.strip()[0].isupper()
        and paragraph.strip()[-1] not in ".:;?!,"
    )


def find_sections(text: str) -> tuple[Section, ...]:
    """The paper's headings, in order, each with the span of text it heads."""
    starts: list[tuple[str, int]] = []
    for match in re.finditer(r"(?:^|\n\s*\n)([^\n]+)(?=\n\s*\n|\s*$)", text):
        line = match.group(1)
        if _is_heading(line):
            starts.append((line.strip(), match.start(1)))
    return tuple(
        Section(title, start, starts[i + 1][1] if i + 1 < len(starts) else len(text))
        for i, (title, start) in enumerate(starts)
    )


@dataclass(frozen=True)
class Paper:
    """The paper's full text as shipped in the repository."""

    file: str
    """Path as shown to the user."""
    text: str

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return find_sections(self.text)

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        return normalise(self.text)

    def section_at(self, offset: int) -> Section | None:
        """The section holding a character of the text."""
        return next((s for s in self.sections if s.start <= offset < s.end), None)

    def section(self, title: str) -> Section | None:
        """A section by its heading (case aside)."""
        return next((s for s in self.sections if s.title.casefold() == title.strip().casefold()), None)

    def find(self, quotation: str, within: Section | None = None) -> tuple[int, int] | None:
        """Where the quotation occurs (first and last offset + 1 in the text), or None.

        With ``within``, only an occurrence wholly inside that section counts.
        """
        normal, origin = self._normalised
        parts = fragments(quotation)
        if not parts:
            return None
        low, high = 0, len(normal)
        if within is not None:
            low, high = bisect_left(origin, within.start), bisect_left(origin, within.end)
        first = _find_in_order(normal, parts, low, high)
        if first is None:
            return None
        begin, end = first
        return origin[begin], origin[end - 1] + 1

    def closest(self, quotation: str) -> tuple[str, str]:
        """The passage of the paper most like the quotation, as many words long, and the first word that differs."""
        words = list(re.finditer(r"\S+", self.text))
        wanted = normalise(" ".join(ELLIPSIS.split(quotation)))[0].split()
        if not wanted or not words:
            return "", ""
        keys = [normalise(w.group())[0] for w in words]
        size = min(len(wanted), len(words))
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        best, ties = -1.0, [0]
        for start in range(len(words) - size + 1):
            matcher.set_seq1(keys[start : start + size])
            if matcher.real_quick_ratio() < best or matcher.quick_ratio() < best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, ties = ratio, [start]
            elif ratio == best:
                ties.append(start)
        # Equally many words in common: the window whose letters are closest wins (it is aligned with the quotation).
        joined = " ".join(wanted)
        start = max(ties, key=lambda i: difflib.SequenceMatcher(None, " ".join(keys[i : i + size]), joined).ratio())
        passage = self.text[words[start].start() : words[start + size - 1].end()]
        matcher.set_seq1(keys[start : start + size])
        difference = ""
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                ours = " ".join(w.group() for w in words[start + i1 : start + i2]) or "nothing"
                theirs = " ".join(wanted[j1:j2]) or "nothing"
                difference = f"the paper has '{ours}' where the quotation has '{theirs}'"
                break
        return passage, difference


def _find_in_order(normal: str, parts: list[str], low: int, high: int) -> tuple[int, int] | None:
    """The first place where every fragment occurs, in order, on word boundaries, inside [low, high)."""

    def at_boundary(begin: int, end: int) -> bool:
        before = normal[begin - 1] if begin > 0 else " "
        after = normal[end] if end < len(normal) else " "
        return not (before.isalnum() and normal[begin].isalnum()) and not (
            after.isalnum() and normal[end - 1].isalnum()
        )

    def search(index: int, start: int) -> tuple[int, int] | None:
        part = parts[index]
        position = normal.find(part, start, high)
        while position != -1:
            end = position + len(part)
            if at_boundary(position, end):
                if index + 1 == len(parts):
                    return position, end
                rest = search(index + 1, end)
                if rest is not None:
                    return position, rest[1]
            position = normal.find(part, position + 1, high)
        return None

    return search(0, low)


def check_quote(paper: Paper, text: str, section: str) -> tuple[str, str, str] | None:
    """What is wrong with one quotation, as (field, message, hint); None when the paper has it there."""
    named = paper.section(section)
    if named is None:
        headings = ", ".join(s.title for s in paper.sections)
        found = paper.find(text)
        where = paper.section_at(found[0]) if found else None
        hint = f"it is found under '{where.title}'" if where else f"the paper's headings are: {headings}"
        return "section", f"the paper has no section '{section}'", hint
    if paper.find(text, within=named) is not None:
        return None
    found = paper.find(text)
    if found is not None:
        where = paper.section_at(found[0])
        title = where.title if where else "no section"
        return "section", f"the quotation is found under '{title}', not '{named.title}'", f"write section: {title}"
    closest, difference = paper.closest(text)
    where = paper.section_at(paper.text.find(closest)) if closest else None
    hint = f"the closest passage ({where.title if where else 'paper'}) reads: “{closest}”" if closest else ""
    if difference:
        hint += f"; {difference}"
    return "text", f"this quotation is not word for word in {paper.file}", hint


def verify_quotes(document: Document, paper: Paper) -> list[Problem]:
    """Every quotation of a validated catalogue or ``local.yml`` file, checked against the paper, located."""
    problems: list[Problem] = []
    data = document.data if isinstance(document.data, dict) else {}
    factors = data.get("factors")
    for index, factor in enumerate(factors if isinstance(factors, list) else ()):
        quotes = factor.get("quotes") if isinstance(factor, dict) else None
        for number, quote in enumerate(quotes if isinstance(quotes, list) else ()):
            if not isinstance(quote, dict) or not all(isinstance(quote.get(k), str) for k in ("text", "section")):
                continue  # its shape is reported by validation
            mistake = check_quote(paper, quote["text"], quote["section"])
            if mistake is not None:
                field, message, hint = mistake
                problems.append(document.problem(("factors", index, "quotes", number, field), message, hint))
    return problems


def check_quote_translations(catalogue: Catalogue, document: Document, code: str) -> list[Problem]:
    """A translation file's ``<id>.quotes``: one translated text per English quotation, in the same order."""
    problems = []
    if not isinstance(document.data, dict):
        return problems
    by_id = {f.id: f for f in catalogue.factors}
    for key, entry in document.data.items():
        if not key.endswith(".quotes") or not isinstance(entry, dict):
            continue
        factor = by_id.get(key.removesuffix(".quotes"))
        translated = entry.get(code)
        if factor is None or not isinstance(translated, list) or not translated:
            continue
        if len(translated) != len(factor.quotes):
            problems.append(
                document.problem(
                    (key, code),
                    f"has {len(translated)} quotations; the English has {len(factor.quotes)}",
                    "translate each English quotation once, in the same order",
                )
            )
    return problems
