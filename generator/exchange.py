"""Translation units ↔ gettext PO and XLIFF 1.2 files, the formats translators' tools open.

This is the only module that imports translate-toolkit (Weblate's own library
for these formats: its escaping, line wrapping, fuzzy flags and previous
msgids are what Weblate, Poedit and OmegaT expect). Like ``load.py`` for YAML,
it turns every parse error into a located :class:`~generator.errors.Problem`;
nothing past it knows how a PO or XLIFF file is spelt.

How the handbook's states map onto the formats:

============  =======================================  ==========================================
unit          PO                                        XLIFF 1.2 ``<target state>``
============  =======================================  ==========================================
missing       ``msgstr ""``                             no ``<target>``
reviewed      translated, not fuzzy                     ``translated`` (``approved="yes"``)
draft         ``#, fuzzy``                              ``needs-review-translation``
stale         ``#, fuzzy`` + ``#| msgid "<old English>"``  ``needs-review-translation`` + ``<alt-trans>``
                                                        holding the old English as its source
============  =======================================  ==========================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from translate.storage import po, xliff
from translate.storage.poparser import PoParseError

from .errors import Problem

FORMATS = ("po", "xliff")
PREVIOUS = "previous-english"
"""The ``origin`` of the ``<alt-trans>`` that records, in XLIFF, the English a stale translation was made from."""


@dataclass(frozen=True)
class Unit:
    """One translatable text of one language, as a translator's tool sees it."""

    context: str
    """Stable id and field, e.g. ``resources/understaffing/title`` (PO msgctxt, XLIFF unit id)."""
    source: str
    """The English text (msgid)."""
    target: str
    """The translation; empty when not yet translated (msgstr)."""
    needs_review: bool = False
    """PO fuzzy, XLIFF ``needs-review-translation``: a draft, or a translation of older English."""
    previous: str | None = None
    """The English the translation was made from, when that is not ``source`` (PO ``#| msgid``)."""
    note: str = ""
    """Guidance for the translator (PO ``#.``, XLIFF ``<note from="developer">``)."""
    line: int = 0
    """Where the unit starts in the file it was read from (0 when written here)."""


@dataclass(frozen=True)
class Exchange:
    """A whole exchange file: one language, many units."""

    language: str
    units: tuple[Unit, ...]
    language_line: int = 1
    """Where the file names its language (PO header, XLIFF ``<file>``), for messages."""


XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"


class _Unit12(xliff.xliffunit):  # type: ignore[misc]
    namespace = XLIFF_12


class _Xliff12(xliff.xlifffile):  # type: ignore[misc]
    """translate-toolkit's XLIFF store, declaring version 1.2 (its default skeleton says 1.1)."""

    UnitClass = _Unit12
    namespace = "urn:oasis:names:tc:xliff:document:1.2"
    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""


def write_po(exchange: Exchange, project: str) -> bytes:
    """Units → a PO file (UTF-8). Deterministic: no creation date, so exporting twice gives the same bytes."""
    store = po.pofile()
    store.updateheader(
        add=True,
        Project_Id_Version=project,
        Language=exchange.language,
        MIME_Version="1.0",
        Content_Type="text/plain; charset=UTF-8",
        Content_Transfer_Encoding="8bit",
        X_Generator="handbook locale export",
    )
    header = store.header()
    header.target = "".join(
        line + "\n"
        for line in header.target.splitlines()
        if not line.startswith(("POT-Creation-Date", "PO-Revision-Date", "Last-Translator", "Language-Team"))
        and not line.startswith("Report-Msgid-Bugs-To")
    )
    for unit in exchange.units:
        entry = store.addsourceunit(unit.source)
        entry.setcontext(unit.context)
        if unit.note:
            entry.addnote(unit.note, origin="developer")
        entry.target = unit.target
        if unit.target and unit.needs_review:
            entry.markfuzzy(True)
            if unit.previous is not None:
                entry.prev_source = unit.previous
    return bytes(store)


def write_xliff(exchange: Exchange, project: str) -> bytes:
    """Units → an XLIFF 1.2 file, one ``<trans-unit>`` per unit, its id the unit's context."""
    store = _Xliff12(sourcelanguage="en", targetlanguage=exchange.language)
    for unit in exchange.units:
        # The first unit renames the skeleton's <file original="NoName"> to the project.
        entry = store.addsourceunit(unit.source, filename=project, createifmissing=True)
        entry.setid(unit.context)
        if unit.note:
            entry.addnote(unit.note, origin="developer")
        if unit.target:
            entry.settarget(unit.target)
            if unit.needs_review:
                entry.set_state_n(entry.S_NEEDS_REVIEW)
                entry.markapproved(False)
                if unit.previous is not None:
                    entry.addalttrans(unit.target, origin=PREVIOUS, sourcetxt=unit.previous)
            else:
                entry.set_state_n(entry.S_TRANSLATED)
                entry.markapproved(True)
    return bytes(store)


def write_exchange(exchange: Exchange, file_format: str, project: str) -> bytes:
    if file_format == "po":
        return write_po(exchange, project)
    if file_format == "xliff":
        return write_xliff(exchange, project)
    raise ValueError(f"unknown format '{file_format}': use one of {', '.join(FORMATS)}")


def read_exchange(data: bytes, name: str, problems: list[Problem]) -> Exchange | None:
    """A PO or XLIFF file → units; on any problem, record it (located) and return None."""
    found = len(problems)
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    exchange = _read_xliff(data, name, problems) if stripped.startswith(b"<") else _read_po(data, name, problems)
    if exchange is None or len(problems) > found:
        return None
    seen: dict[str, int] = {}
    for unit in exchange.units:
        if not unit.context:
            problems.append(
                Problem(
                    name,
                    unit.line,
                    1,
                    "msgctxt",
                    "this entry has no context (msgctxt / id), so the handbook cannot tell which text it translates",
                    "export a fresh file with `handbook locale export` and translate in that",
                )
            )
        elif unit.context in seen:
            problems.append(
                Problem(
                    name,
                    unit.line,
                    1,
                    unit.context,
                    f"this entry appears twice (first on line {seen[unit.context]})",
                    "keep one of them",
                )
            )
        else:
            seen[unit.context] = unit.line
    if not exchange.language:
        problems.append(
            Problem(
                name,
                1,
                1,
                "Language",
                "the file does not say which language it is in",
                "set the language in your tool's catalogue properties (PO header 'Language:', XLIFF target-language)",
            )
        )
    return None if len(problems) > found else exchange


def _po_line(error: Exception) -> int:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else 0


def _read_po(data: bytes, name: str, problems: list[Problem]) -> Exchange | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, 1, "", "is not valid UTF-8", "save the file as UTF-8"))
        return None
    try:
        store = po.pofile(data)
    except (PoParseError, ValueError) as error:
        problems.append(
            Problem(
                name,
                _po_line(error),
                1,
                "",
                f"is not a valid PO file: {error}",
                "open it in a PO editor (Poedit, Weblate) to see the broken entry, or export a fresh file",
            )
        )
        return None
    units = []
    for entry in store.units:
        if entry.isheader() or entry.isobsolete():
            continue
        line = int(entry.line_number or 0)
        if entry.hasplural():
            problems.append(Problem(name, line, 1, entry.getcontext(), "plural forms are not used in the handbook"))
            continue
        previous = entry.prev_source if entry.isfuzzy() and entry.has_previous() else None
        units.append(
            Unit(
                context=entry.getcontext(),
                source=str(entry.source),
                target=str(entry.target or ""),
                needs_review=entry.isfuzzy(),
                previous=str(previous) if previous is not None else None,
                note=entry.getnotes("developer"),
                line=line,
            )
        )
    language = str(store.gettargetlanguage() or "")
    text = data.decode("utf-8")
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith('"Language:')), 1)
    return Exchange(language, tuple(units), line)


def _read_xliff(data: bytes, name: str, problems: list[Problem]) -> Exchange | None:
    try:
        store = _Xliff12(data)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        problems.append(
            Problem(
                name,
                line,
                column + 1,
                "",
                f"is not well-formed XML: {error.msg}",
                "open it in an XLIFF editor to see the broken element, or export a fresh file",
            )
        )
        return None
    except (ValueError, StopIteration) as error:
        problems.append(Problem(name, 1, 1, "", f"is not an XLIFF 1.2 file: {error}", "export it as XLIFF 1.2"))
        return None
    languages = {
        node.get("target-language", "") for node in store.document.getroot().iterchildren(store.namespaced("file"))
    }
    if len(languages) > 1:
        problems.append(
            Problem(name, 1, 1, "target-language", "the file mixes languages: " + ", ".join(sorted(languages)))
        )
        return None
    units = []
    for entry in store.units:
        line = int(entry.xmlelement.sourceline or 0)
        target = str(entry.target or "")
        needs_review = bool(target) and not entry.isapproved() and entry.get_state_n() < entry.S_TRANSLATED
        previous = next(
            (str(alt.source) for alt in entry.getalttrans(PREVIOUS) if alt.source is not None),
            None,
        )
        units.append(
            Unit(
                context=str(entry.xmlelement.get("id") or ""),
                source=str(entry.source),
                target=target,
                needs_review=needs_review,
                previous=previous if needs_review else None,
                note=entry.getnotes("developer"),
                line=line,
            )
        )
    first = next(store.document.getroot().iterchildren(store.namespaced("file")), None)
    line = first.sourceline if first is not None and first.sourceline else 1
    return Exchange(next(iter(languages), ""), tuple(units), line)
