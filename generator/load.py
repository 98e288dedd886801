"""YAML files → plain mappings that remember where each value came from.

This is the only module that imports PyYAML. It refuses what a hand-edited
catalogue should never contain (tabs used for indentation, anchors and aliases,
duplicate keys, bytes that are not UTF-8) and turns every YAML error into a
located :class:`~generator.errors.Problem`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed YAML file: its data, and the position of every value in it."""

    file: str
    """Path as shown to the user."""
    data: Any
    """Plain Python data: dicts, lists, str, int, float, bool, None."""
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    """(line, column), 1-based, of each value and each key, by path from the root."""
    text: str = ""
    """The file's text, for checks that look at how a value is written (e.g. the glossary's)."""

    def position(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path_, message: str, hint: str = "", field: str | None = None) -> Problem:
        """A problem located at ``path`` in this file, named by its dotted path unless ``field`` is given."""
        line, column = self.position(path)
        return Problem(self.file, line, column, dotted(path) if field is None else field, message, hint)


def display_path(path: Path) -> str:
    """A path relative to the working folder when possible, as an editor types it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, problems: list[Problem], name: str | None = None) -> str | None:
    """The file's text, or None after recording why it cannot be read (``name``: the path as shown, if known)."""
    name = name if name is not None else display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(name, 0, 0, "", f"cannot be read: {error.strerror}"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(
                name,
                line,
                column,
                "",
                f"is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
                "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
            )
        )
        return None


def load_yaml(path: Path, problems: list[Problem]) -> Document | None:
    """Parse one YAML file; on any problem, record it and return None."""
    name = display_path(path)
    text = read_text(path, problems, name)
    if text is None:
        return None
    return parse_yaml(text, name, problems)


def parse_yaml(text: str, name: str, problems: list[Problem]) -> Document | None:
    """Parse YAML text named ``name``; record problems instead of raising."""
    found = len(problems)
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(
                    name,
                    number,
                    indent.index("\t") + 1,
                    "",
                    "a tab is used for indentation",
                    "YAML indents with spaces only: replace the tab with two spaces",
                )
            )
    if len(problems) > found:
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(filter(None, [error.context, error.problem]))
        problems.append(Problem(name, line, column, "", f"YAML syntax error: {message}", _syntax_hint(message)))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 0, 0, "", f"YAML error: {error}"))
        return None
    document = Document(name, None, text=text)
    if node is None:
        document.data = None
        return document
    document.data = _Converter(document, problems).convert(node, ())
    if len(problems) > found:
        return None
    return document


def _syntax_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "a text containing ': ' must be put in quotes, or written as a folded block (>-) on the next lines"
    if "could not find expected ':'" in message or "expected <block end>" in message:
        return "check the indentation of this line and the one before: items at the same level line up exactly"
    if "flow sequence" in message or "flow mapping" in message:
        return "inside [ ] a text with ? , : [ ] or { } must be put in quotes; or write each item on its own line starting with '- '"
    if "found character" in message and "cannot start any token" in message:
        return "put the text in quotes"
    return "compare this line with a correct entry above it: indentation, '- ' for list items, 'key: value'"


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where installed (16× faster on large catalogues); same nodes and marks."""


def _at(document: Document, node: yaml.Node, field: str, message: str, hint: str) -> Problem:
    """A problem located at the start of a YAML node."""
    return Problem(document.file, node.start_mark.line + 1, node.start_mark.column + 1, field, message, hint)


class _Converter:
    """One document's nodes → plain data, refusing aliases and duplicate keys; made anew for every document."""

    def __init__(self, document: Document, problems: list[Problem]) -> None:
        self.document = document
        self.problems = problems
        self.seen: set[int] = set()
        # PyYAML's constructor remembers every node it has built: one per document, dropped with it.
        self.constructor = yaml.constructor.SafeConstructor()

    def _refuse_alias(self, node: yaml.Node, path: Path_) -> bool:
        # An alias is the same node met twice. Refusing it here, before expanding it, defuses alias bombs.
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return False
        # The node carries the anchor's place; the alias is where its key is (or its list, for an item).
        key = path + ("__key__",)
        line, column = self.document.positions[key] if key in self.document.positions else self.document.position(path)
        self.problems.append(
            Problem(
                self.document.file,
                line,
                column,
                _dotted(path),
                "anchors and aliases (& and *) are not allowed",
                "write the text out in full; if you meant a literal & or *, put the text in quotes",
            )
        )
        return True

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        document = self.document
        if self._refuse_alias(node, path):
            return None
        document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (index,)) for index, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node)
        except yaml.constructor.ConstructorError as error:
            self.problems.append(
                _at(document, node, _dotted(path), f"cannot be read: {error.problem}", "put the value in quotes")
            )
            return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[Any, Any]:
        document = self.document
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if id(key_node) in self.seen:
                self.problems.append(
                    _at(
                        document,
                        value_node,
                        _dotted(path),
                        "anchors and aliases (& and *) are not allowed",
                        "write the key out in full",
                    )
                )
                continue
            self.seen.add(id(key_node))
            key = self.constructor.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.problems.append(
                    _at(
                        document,
                        key_node,
                        _dotted(path),
                        "a key must be a plain word",
                        "write keys as plain words followed by ':'",
                    )
                )
                continue
            key = str(key)
            if key in result:
                self.problems.append(
                    _at(
                        document,
                        key_node,
                        _dotted(path + (key,)),
                        "this key appears twice in the same entry",
                        "keep one of them: the second would silently replace the first",
                    )
                )
                continue
            document.positions[path + (key, "__key__")] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, path + (key,))
        return result


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def dotted(path: Path_) -> str:
    """``('factors', 3, 'title')`` → ``factors[3].title``, as shown in messages."""
    return _dotted(tuple(p for p in path if p != "__key__"))


def parse_front_matter(text: str, name: str, problems: list[Problem]) -> tuple[dict[str, Any], str] | None:
    """Split a Markdown page named ``name`` into its front matter and body; record located problems, return None.

    Front matter is YAML between a first line ``---`` and the next line ``---``, read with the same
    rules as the catalogues (and with the file's own line numbers).
    """
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        problems.append(
            Problem(
                name,
                1,
                1,
                "",
                "the front matter that starts on line 1 has no closing '---' line",
                "end the front matter with a line holding only '---', then the page's text",
            )
        )
        return None
    document = parse_yaml(text[: end + 1], name, problems)  # the opening '---' starts the YAML document
    if document is None:
        return None
    if document.data is None:
        return {}, text[end + 5 :]
    if not isinstance(document.data, dict):
        problems.append(
            Problem(
                name,
                2,
                1,
                "",
                "the front matter should be 'key: value' lines",
                "write e.g. 'title: About this handbook' between the two '---' lines",
            )
        )
        return None
    return document.data, text[end + 5 :]


def read_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown page into its YAML front matter (safe-loaded) and body."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            try:
                meta = yaml.safe_load(text[4:end]) or {}
            except yaml.YAMLError:
                meta = {}
            if isinstance(meta, dict):
                return meta, text[end + 5 :]
    return {}, text


class _BlockDumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _represent_text)


def dump_yaml(data: Any) -> str:
    """Data → YAML a person can edit: keys in order, multi-line texts as blocks, UTF-8 as is."""
    return yaml.dump(
        data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
