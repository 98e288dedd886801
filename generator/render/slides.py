"""Catalogue → the presenter slides of one language: one standalone reveal.js page.

The deck is drawn from the same catalogue as the pages: the triangle, one slide
per dimension with its barriers and enablers, the cycle, one slide per step
with its questions. Speaker notes carry the longer texts. reveal.js and its
notes plugin ship inside the site (``overrides/assets/reveal/``), so the deck
works from any host, from disk and from the offline zip.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from ..model import Catalogue, Localised
from . import environment
from .source import CITATION, DOI_URL
from .svg import render_triangle
from .text import inline, items
from .worksheet import footer_text

SLIDES_PATH = "slides/index.html"
"""Where the deck lives in each language's site (its assets are one folder up)."""


def render_slides(catalogue: Catalogue, version: str) -> str:
    """The whole deck as a standalone HTML page (not inside the site's layout: it fills the screen)."""

    def ui(key: str, **values: object) -> Markup:
        """An interface string, marked as English where it is not translated yet."""
        text = escape(catalogue.t(key, **values))
        if key in catalogue.fallback_strings:
            return Markup('<span lang="en" class="pt-fallback">{}</span>').format(text)
        return Markup(text)

    def untranslated(*things: Localised | str | Iterable[Localised | str]) -> bool:
        """Whether anything shown on a slide is still in English: model objects or interface keys, or lists of them."""
        for thing in things:
            if isinstance(thing, str):
                if thing in catalogue.fallback_strings:
                    return True
            elif isinstance(thing, Localised):
                if thing.fallback:
                    return True
            elif untranslated(*thing):
                return True
        return False

    return environment.get_template("slides.html").render(
        catalogue=catalogue,
        t=catalogue.t,
        ui=ui,
        inline=inline,
        items=items,
        untranslated=untranslated,
        svg=Markup(render_triangle(catalogue, {}, uid="pt-slides")),  # plain shapes: a click must not leave the deck
        citation=CITATION,
        doi=DOI_URL,
        footer=footer_text(catalogue, version),
        version=version,
    )


__all__ = ["SLIDES_PATH", "render_slides"]
