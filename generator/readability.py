"""Easy-read page → how easy it is to read: Flesch reading ease (English), LIX (Swedish).

Pure functions over a page's text. The formulas are the standard ones, counted
here rather than with textstat, whose recent releases fetch NLTK data at run
time (an offline build must never do that); syllables come from pyphen's
hyphenation patterns, which ship with it.

* Flesch reading ease = 206.835 − 1.015 × words/sentences − 84.6 × syllables/words
  (higher is easier; 70–80 is "fairly easy", plain English aims at 60+).
* LIX = words/sentences + 100 × long words/words, a long word having more than
  six letters (lower is easier; under 30 is "very easy", children's books).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .errors import Problem

EASY_READ_FOLDER = "easy-read/"
"""Guide pages in this folder are easy-read pages: measured here, and set in large type."""


@dataclass(frozen=True)
class Limit:
    formula: str
    """The formula's name, as the report gives it."""
    minimum: float | None = None
    maximum: float | None = None

    def passes(self, score: float) -> bool:
        if self.minimum is not None and score < self.minimum:
            return False
        return self.maximum is None or score <= self.maximum

    def describe(self) -> str:
        return f"at least {self.minimum:g}" if self.minimum is not None else f"at most {self.maximum:g}"


LIMITS: dict[str, Limit] = {
    "en": Limit("Flesch reading ease", minimum=75),
    "sv": Limit("LIX", maximum=30),
}
"""The readability an easy-read page must reach, by language; other languages are not measured."""


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    """1-based line of the file where the sentence starts."""
    words: int


@dataclass(frozen=True)
class Readability:
    """The figures of one page."""

    formula: str
    score: float
    words: int
    sentences: int
    syllables: int
    long_words: int
    longest: tuple[Sentence, ...]
    """The longest sentences, longest first: the first place to look when a page reads too hard."""


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTES = re.compile(r"\{\s*[:.#][^}]*\}|\{\s*\w+[^}]*=[^}]*\}")
_CODE = re.compile(r"`[^`]*`")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?=\w)|(?<=\w)_(?!\w))")
_BLOCK_START = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|!!!\s*\w+\s*|\?\?\?\+?\s*\w+\s*)")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


def _blank_out(pattern: re.Pattern[str], text: str) -> str:
    """Remove matches but keep their line breaks, so line numbers still point into the file."""
    return pattern.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def plain_blocks(markdown: str) -> list[tuple[int, str]]:
    """A page's readable text as (line, text) blocks: paragraphs, headings, list items, table cells.

    Front matter, HTML comments (such as diagram markers), tags, images, link
    targets, attribute lists and emphasis marks are stripped. A heading, a list
    item or a table cell ends its sentence even without a full stop.
    """
    text = _blank_out(_FRONT_MATTER, markdown.replace("\r\n", "\n"))
    text = _blank_out(_COMMENT, text)
    text = _blank_out(_TAG, text)
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0

    def close() -> None:
        if current:
            blocks.append((start, "\n".join(current)))  # line breaks kept: each sentence knows its line
            current.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = _IMAGE.sub(" ", raw)
        line = _LINK.sub(r"\1", line)
        line = _ATTRIBUTES.sub(" ", line)
        line = _CODE.sub(" ", line)
        line = _EMPHASIS.sub("", line)
        if not line.strip() or re.fullmatch(r"\s*([-*_=|:]\s*){3,}", line):
            close()
            continue
        if "|" in line.strip()[1:-1] or line.strip().startswith("|"):
            close()
            blocks += [(number, cell.strip()) for cell in line.split("|") if cell.strip()]
            continue
        starts_block = _BLOCK_START.match(line)
        if starts_block:
            close()
            line = line[starts_block.end() :]
            line = line.strip().strip('"')
        if not current:
            start = number
        current.append(line.strip())
        if starts_block and raw.lstrip().startswith("#"):
            close()
    close()
    return [(line, text) for line, text in blocks if _WORD.search(text)]


def sentences(markdown: str) -> list[Sentence]:
    """Every sentence of a page, with the line it starts on."""
    found: list[Sentence] = []
    for line, block in plain_blocks(markdown):
        begin = 0
        ends = [m.span() for m in _SENTENCE_END.finditer(block)] + [(len(block), len(block))]
        for end, after in ends:
            part = block[begin:end]
            count = len(_WORD.findall(part))
            if count:
                starts_at = begin + len(part) - len(part.lstrip())
                found.append(Sentence(" ".join(part.split()), line + block.count("\n", 0, starts_at), count))
            begin = after
    return found


@cache
def _dictionary(language: str):  # type: ignore[no-untyped-def]
    import pyphen

    # left/right = 1: every syllable break counts, also next to the word's first or last letter.
    return pyphen.Pyphen(lang=language, left=1, right=1)


def syllables(word: str, language: str) -> int:
    """Syllables of one word, from the language's hyphenation patterns."""
    return len(_dictionary(language).positions(word.lower())) + 1


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def lix(words: int, sentences: int, long_words: int) -> float:
    return words / sentences + 100 * long_words / words


def measure(markdown: str, language: str) -> Readability | None:
    """The readability of a page in its language, or None when the language has no limit or the page no words."""
    limit = LIMITS.get(language.split("-")[0])
    found = sentences(markdown)
    words = [w for s in found for w in _WORD.findall(s.text)]
    if limit is None or not words:
        return None
    syllable_count = sum(syllables(w, language) for w in words)
    long_words = sum(1 for w in words if len(w.replace("-", "").replace("'", "").replace("’", "")) > 6)
    if limit.formula == "LIX":
        score = lix(len(words), len(found), long_words)
    else:
        score = flesch_reading_ease(len(words), len(found), syllable_count)
    # Longest in letters, not words: a short sentence of long words reads hard too (LIX counts them).
    longest = tuple(sorted(found, key=lambda s: (-len(s.text), s.line))[:3])
    return Readability(limit.formula, round(score, 1), len(words), len(found), syllable_count, long_words, longest)


def readability_problem(markdown: str, language: str, file: str) -> Problem | None:
    """A located problem when an easy-read page reads harder than its language's limit allows."""
    figures = measure(markdown, language)
    if figures is None:
        return None
    limit = LIMITS[language.split("-")[0]]
    if limit.passes(figures.score):
        return None
    worst = figures.longest[0]
    examples = "; ".join(f'line {s.line} ({s.words} words): "{s.text}"' for s in figures.longest)
    return Problem(
        file,
        worst.line,
        1,
        "readability",
        f"{figures.formula} is {figures.score:g}; an easy-read page needs {limit.describe()} "
        f"({figures.words} words in {figures.sentences} sentences)",
        f"split the longest sentences, one idea each, and use shorter everyday words. Longest: {examples}",
    )


def is_easy_read(docs_path: str) -> bool:
    return docs_path.startswith(EASY_READ_FOLDER)


__all__ = ["LIMITS", "Readability", "is_easy_read", "measure", "readability_problem", "sentences"]
