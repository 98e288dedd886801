"""Font files → text widths, so diagram labels are wrapped to fit their shapes.

The site, the diagrams and the PDFs all use Atkinson Hyperlegible, shipped in
``overrides/assets/fonts`` (no web font is fetched from elsewhere). Widths come
from the font's own advance widths, so a label that fits here fits on screen.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import repeat
from pathlib import Path

import pyphen
from fontTools.ttLib import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "overrides" / "assets" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILES = {
    False: ("atkinson-hyperlegible-latin-400-normal.woff", "atkinson-hyperlegible-latin-ext-400-normal.woff"),
    True: ("atkinson-hyperlegible-latin-700-normal.woff", "atkinson-hyperlegible-latin-ext-700-normal.woff"),
}
WIDE_FALLBACK = 1.0
"""Width, in em, assumed for characters the font lacks (emoji, CJK): wide on purpose, so labels never overflow."""


@lru_cache(maxsize=2)
def _advances(bold: bool) -> dict[str, float]:
    """Each character's advance width, in em."""
    widths: dict[str, float] = {}
    for name in reversed(FONT_FILES[bold]):
        font = TTFont(FONT_DIR / name)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        for code, glyph in font.getBestCmap().items():
            widths[chr(code)] = metrics[glyph][0] / units
    return widths


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in pixels at font ``size``."""
    return sum(map(_advances(bold).get, text, repeat(WIDE_FALLBACK, len(text)))) * size


@lru_cache(maxsize=16)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    """pyphen's hyphenation patterns for a language (``de``, ``pt-BR``…), or None where it has none."""
    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


def _breaks_anywhere(word: str) -> bool:
    """Chinese and Japanese break between any two characters, with no hyphen."""
    return all(unicodedata.east_asian_width(char) in ("W", "F") for char in word)


def word_breaks(word: str, language: str) -> Iterator[tuple[str, str]]:
    """Where ``word`` may be broken across lines, longest first line first: (first line, rest).

    Between syllables, from the language's hyphenation patterns, with a hyphen;
    after a hyphen already in the word; between CJK characters. Never at an
    arbitrary letter: a language without patterns does not break its words.
    """
    if _breaks_anywhere(word):
        for cut in range(len(word) - 1, 0, -1):
            yield word[:cut], word[cut:]
        return
    cuts: dict[int, str] = {}
    dictionary = _dictionary(language)
    if dictionary is not None:
        offset = 0
        for part in word.split("-"):
            # pyphen's positions are within each hyphen-separated part (it does not hyphenate across '-').
            for position in dictionary.positions(part):
                cuts[offset + position] = word[: offset + position] + "-"
            offset += len(part) + 1
            if offset < len(word):
                cuts[offset] = word[:offset]
    for cut in sorted(cuts, reverse=True):
        if 0 < cut < len(word):
            yield cuts[cut], word[cut:]


def wrap(
    text: str, size: float, bold: bool, limits: list[float], hyphenate: bool = True, language: str = "en"
) -> list[str] | None:
    """Break ``text`` into lines, line *i* at most ``limits[i]`` wide; None if it cannot fit.

    A word longer than its line is broken only as a last resort, and only
    between syllables of ``language`` (:func:`word_breaks`), so long compound
    words (German, Danish) fit a narrow shape and still read well.
    """
    words = [w for w in text.split(" ") if w]  # a no-break space keeps a number with its word
    lines: list[str] = []
    current = ""
    while words:
        if len(lines) >= len(limits):
            return None
        limit = limits[len(lines)]
        word = words[0]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= limit:
            current = candidate
            words.pop(0)
            continue
        if current:
            lines.append(current)
            current = ""
            continue
        # A single word wider than the line: break it at the last syllable that fits.
        if not hyphenate:
            return None
        fitting = next((b for b in word_breaks(word, language) if text_width(b[0], size, bold) <= limit), None)
        if fitting is None:
            return None
        lines.append(fitting[0])
        words[0] = fitting[1]
    if current:
        if len(lines) >= len(limits):
            return None
        lines.append(current)
    return lines
