"""`handbook locale export` and `import`: read the handbook, convert at the edge, write back whole files.

The conversions are pure (:mod:`generator.i18n.transfer` maps a language to units
and units back to file texts; :mod:`generator.exchange` maps units to PO and
XLIFF); this module only reads and writes: the handbook through the load phase,
the exchange file, and the files an import changes, each written whole.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import HandbookError, Problem
from .exchange import Exchange, read_exchange
from .i18n import SOURCE
from .i18n.transfer import exchange_of, import_plan
from .load import display_path
from .project import project_from
from .sources import read_sources


def export_language(root: Path, code: str) -> Exchange:
    """Read and check the handbook at ``root``, then every text of one language as units; raise with every problem."""
    problems: list[Problem] = []
    sources = read_sources(root, problems, only=code)
    project = project_from(sources, problems, only=code)  # a handbook that does not check is not exported
    if code == SOURCE or code not in project.catalogues:
        known = ", ".join(c for c in project.catalogues if c != SOURCE) or "none yet"
        raise HandbookError(
            [Problem(code, 0, 0, "", f"the handbook has no language '{code}' to export", f"languages: {known}")]
        )
    return exchange_of(project.catalogues[SOURCE], sources, code)


@dataclass(frozen=True)
class ImportReport:
    language: str
    written: tuple[Path, ...]
    units: int

    def __str__(self) -> str:
        if not self.written:
            return f"{self.language}: {self.units} entries read; nothing changed."
        names = "\n".join(f"  wrote {display_path(p)}" for p in self.written)
        return f"{self.language}: {self.units} entries read; {len(self.written)} files changed:\n{names}"


def import_file(root: Path, path: Path, expected: str | None = None) -> ImportReport:
    """Read a PO or XLIFF file and write its translations back; every problem at once, nothing half-written."""
    problems: list[Problem] = []
    name = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HandbookError([Problem(name, 0, 0, "", f"cannot be read: {error.strerror}")]) from None
    exchange = read_exchange(data, name, problems)
    if exchange is None:
        raise HandbookError(problems)
    sources = read_sources(root, problems)
    project = project_from(sources, problems)  # import only into a handbook that checks
    code, changes = import_plan(project.catalogues[SOURCE], sources, exchange, name, problems, expected)
    if problems or code is None:
        raise HandbookError(problems)
    for target, text in changes.items():
        _write(target, text)
    return ImportReport(code, tuple(changes), len(exchange.units))


def _write(path: Path, text: str) -> None:
    """Write a file whole or not at all: a crash mid-write never leaves half a translation."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
