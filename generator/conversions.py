"""Markdown → HTML for the printables and the session builder, kept by content for the next build.

Every build converts the same course pages, easy-read pages and timetable cells
to make the PDFs' documents (which it needs to find the PDFs in their cache) and
the builder's data. A conversion depends only on the text, the extensions and
their settings, and the versions of the packages that implement them, so the
HTML is kept under the SHA-256 of all of these, as a PDF is kept under its HTML.
Extensions from other packages, or settings that are not plain data, are not
cached: such texts are converted every time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown

MARKDOWN_CACHE = ".cache/markdown"
"""In the project folder: converted texts, by content."""
PURE_EXTENSIONS = {
    **dict.fromkeys(
        (
            "abbr",
            "admonition",
            "attr_list",
            "def_list",
            "fenced_code",
            "footnotes",
            "md_in_html",
            "sane_lists",
            "tables",
            "toc",
        ),
        "Markdown",
    ),
    **dict.fromkeys(("pymdownx.details", "pymdownx.tabbed", "pymdownx.mark", "pymdownx.caret"), "pymdown-extensions"),
}
"""Extensions whose output depends on nothing but the text, their settings and their package's version (not,
e.g., ``pymdownx.snippets``, which reads files, or ``codehilite``, which depends on Pygments and so does
``fenced_code`` beside it), by the package
that provides them. With any other extension, texts are converted every time."""


def markdown_converter(extensions: list[Any], configs: dict[str, Any], cache_dir: Path | None) -> Callable[[str], str]:
    """A function converting Markdown to HTML with these extensions, each text as if alone in a document."""
    made: list[markdown.Markdown] = []  # made at the first text that is not in the cache

    def convert(text: str) -> str:
        if not made:
            made.append(markdown.Markdown(extensions=extensions, extension_configs=configs))
        return made[0].reset().convert(text)

    key = _settings_key(extensions, configs)
    if cache_dir is None or key is None:
        return convert
    folder = cache_dir / key[:16]  # one folder per settings and versions

    def cached(text: str) -> str:
        path = folder / f"{hashlib.sha256((key + text).encode()).hexdigest()}.html"
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            pass
        html = convert(text)
        folder.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.tmp{os.getpid()}")
        temporary.write_bytes(html.encode("utf-8"))
        temporary.replace(path)
        return html

    return cached


def _settings_key(extensions: list[Any], configs: dict[str, Any]) -> str | None:
    """What, besides the text, decides a conversion; None when that cannot be said for sure."""
    if not all(isinstance(name, str) and _provider(name) == PURE_EXTENSIONS.get(name) for name in extensions):
        return None
    try:
        settings = json.dumps([extensions, configs], sort_keys=True)
    except (TypeError, ValueError):  # e.g. a function as a setting
        return None
    versions = [f"{name} {metadata.version(name)}" for name in sorted(set(PURE_EXTENSIONS.values()))]
    return hashlib.sha256("\n".join([settings, *versions, sys.version]).encode()).hexdigest()


def _provider(name: str) -> str | None:
    """The package whose extension Markdown loads for ``name`` (a short name is found among entry points)."""
    found = [point for point in markdown.util.get_installed_extensions() if point.name == name]
    if found:
        return found[0].dist.name if found[0].dist is not None else None
    return "pymdown-extensions" if name.startswith("pymdownx.") else None
