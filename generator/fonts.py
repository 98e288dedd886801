"""Font files → text widths, so diagram labels are wrapped to fit their shapes.

The site, the diagrams and the PDFs all use Atkinson Hyperlegible, shipped in
``overrides/assets/fonts`` (no web font is fetched from elsewhere). Widths come
from the font's own advance widths, so a label that fits here fits on screen.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    widths: dict[int, float] = {}
    for name in reversed(FONT_FILES[bold]):
        font = TTFont(FONT_DIR / name)
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        for code, glyph in font.getBestCmap().items():
            widths[code] = metrics[glyph][0] / units
    return widths, WIDE_FALLBACK


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in pixels at font ``size``."""
    widths, fallback = _advances(bold)
    return sum(widths.get(ord(char), fallback) for char in text) * size


def wrap(text: str, size: float, bold: bool, limits: list[float], hyphenate: bool = True) -> list[str] | None:
    """Break ``text`` into lines, line *i* at most ``limits[i]`` wide; None if it cannot fit.

    A word longer than its line is split with a hyphen only as a last resort,
    so long compound words (German, Danish) still fit a narrow shape.
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
        # A single word wider than the line: split it.
        if not hyphenate:
            return None
        cut = len(word) - 1
        while cut > 1 and text_width(word[:cut] + "-", size, bold) > limit:
            cut -= 1
        if cut <= 1:
            return None
        lines.append(word[:cut] + "-")
        words[0] = word[cut:]
    if current:
        if len(lines) >= len(limits):
            return None
        lines.append(current)
    return lines
