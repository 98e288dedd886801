"""Renderers: pure functions from the model to strings (Markdown, SVG, HTML)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).resolve().parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every template emits HTML, SVG or Markdown with raw HTML
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def relative_url(from_page: str, to_page: str) -> str:
    """URL of ``to_page`` as seen from ``from_page`` (both docs paths, ``.md`` or not).

    The site is built with ``use_directory_urls: false`` so that it also works
    opened from disk; ``model/resources.md`` is served as ``model/resources.html``.
    """
    anchor = ""
    if "#" in to_page:
        to_page, anchor = to_page.split("#", 1)
        anchor = "#" + anchor
    target = to_page[:-3] + ".html" if to_page.endswith(".md") else to_page
    depth = from_page.count("/")
    return "../" * depth + target + anchor
