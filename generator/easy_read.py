"""Easy-read pages: which pages they are, the icons they may show, and what `handbook check` asks of them.

An easy-read page is a guide page in ``content/<language>/easy-read/``. A line
``<!-- handbook:icon notice -->`` puts one of the icons that ship with the site
(``overrides/assets/easy-read/<name>.svg``) beside the text; the readability of
each page is measured in the languages that have a limit (see ``readability``).
"""

from __future__ import annotations

import re

from .errors import Problem
from .readability import EASY_READ_FOLDER, is_easy_read, readability_problem

ICONS: tuple[str, ...] = (
    "act",
    "again",
    "ask",
    "contexts",
    "discourses",
    "meeting",
    "notice",
    "power",
    "research",
    "resources",
    "talk",
    "together",
    "triangle",
    "understand",
    "worksheet",
)
"""The icons in overrides/assets/easy-read/, by file name without .svg."""
ICON_MARKER = re.compile(r"^<!--\s*handbook:icon\s+(\S+)\s*-->\s*$", re.MULTILINE)
ICON_FOLDER = "assets/easy-read"
"""Where the icons are in the built site (and, below overrides/, in the sources)."""
EASY_READ_PAGES: tuple[str, ...] = tuple(
    f"{EASY_READ_FOLDER}{name}.md" for name in ("index", "three-parts", "notice-talk-act", "ask-for", "meeting")
)
"""The easy-read pages in reading order, for the navigation and the handout; others follow, sorted."""


def easy_read_problems(text: str, language: str, file: str) -> list[Problem]:
    """What `handbook check` finds wrong with one easy-read page: its readability, and icons that do not exist."""
    problems = []
    for match in ICON_MARKER.finditer(text):
        if match.group(1) not in ICONS:
            line = text.count("\n", 0, match.start()) + 1
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    "handbook:icon",
                    f"there is no icon '{match.group(1)}'",
                    f"use one of: {', '.join(ICONS)}",
                )
            )
    found = readability_problem(text, language, file)
    if found is not None:
        problems.append(found)
    return problems


__all__ = ["EASY_READ_PAGES", "ICONS", "ICON_MARKER", "easy_read_problems", "is_easy_read"]
