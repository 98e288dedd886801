"""One error type for everything a content editor or translator can get wrong.

Every problem carries its place (file, line, column) and the field it concerns,
so the command line can print ``file:line:col: field: message`` and a hint, the
way compilers do, and an editor can jump straight to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A single located mistake in a catalogue, translation or content page."""

    file: str
    """Path of the file, as the user would type it (relative to the project)."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    column: int
    """1-based column number; 0 when unknown."""
    field: str
    """Dotted path of the field, e.g. ``factors[3].title``; empty for the file itself."""
    message: str
    """What is wrong, in plain words."""
    hint: str = ""
    """How to mend it."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.field + ': ' if self.field else ''}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class HandbookError(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)
