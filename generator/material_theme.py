"""The installed mkdocs-material → the languages its interface and its search support, read from its own files.

Material ships one translation of its interface per language
(``templates/partials/languages/<code>.html``, which also names the search
stemmer to use) and one lunr stemmer per search language
(``templates/assets/javascripts/lunr/min/lunr.<code>.min.js``). Reading them,
rather than copying their names into a table, keeps the handbook right when
Material adds a language.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import material

MATERIAL = Path(material.__file__).resolve().parent / "templates"
"""The installed mkdocs-material: its own files say which languages its interface and search support."""


@lru_cache(maxsize=1)
def theme_languages() -> frozenset[str]:
    """Languages mkdocs-material's own interface is translated into: its ``partials/languages/*.html``."""
    return frozenset(path.stem for path in (MATERIAL / "partials" / "languages").glob("*.html"))


@lru_cache(maxsize=1)
def search_languages() -> frozenset[str]:
    """Languages the search has stemming for: the lunr languages Material ships (``lunr.<code>.min.js``)."""
    folder = MATERIAL / "assets" / "javascripts" / "lunr" / "min"
    found = {path.name.split(".")[1] for path in folder.glob("lunr.*.min.js")}
    return frozenset(found - {"multi", "stemmer"}) | {"en"}


@lru_cache(maxsize=64)
def material_search_language(theme_language: str) -> str | None:
    """The search language Material's own translation file names (``search.config.lang``), e.g. nb → no."""
    text = (MATERIAL / "partials" / "languages" / f"{theme_language}.html").read_text(encoding="utf-8")
    match = re.search(r'"search\.config\.lang":\s*"([^"]+)"', text)
    return match.group(1) if match else None
