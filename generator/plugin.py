"""The MkDocs plugin: a thin hand-off from MkDocs events to the generator.

``on_config`` gathers and validates the handbook, stages one language's docs
folder (guide pages + generated pages + PDFs) and points MkDocs at it. Every
event is safe to run again: ``mkdocs serve`` runs them on each edit.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .assemble import assemble_language
from .errors import HandbookError
from .project import Project, gather
from .render.worksheet import footer_text
from .stage import sync_folder

# Not under "mkdocs": while previewing, catalogue problems are shown, not counted as MkDocs warnings.
log = logging.getLogger("handbook")


class HandbookConfig(Config):
    language = c.Type(str, default="en")
    """Which language this build makes; ``handbook build`` sets it for each language."""
    staging = c.Type(str, default="build/docs")
    """Where the docs folders are staged, relative to mkdocs.yml."""
    cache = c.Type(str, default=".cache/pdf")
    """Where rendered PDFs are kept between builds."""


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False
    pdfs_rendered = 0
    """How many PDFs the last build had to render; the rest came from the cache."""
    project: Project | None = None
    """Set by ``handbook build``, which has already gathered and validated everything; else gathered here."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        code = self.config.language
        staging = root / self.config.staging / code
        try:
            project = self.project or gather(root, only=code)
            if code not in project.catalogues:
                raise PluginError(f"handbook: there is no language '{code}' (folders in content/ name the languages)")
            converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            docs = assemble_language(
                project, code, lambda text: converter.reset().convert(text), root / self.config.cache
            )
            self.pdfs_rendered = docs.pdfs_rendered
        except HandbookError as error:
            if not self.serving or not staging.exists():
                raise PluginError("handbook: the handbook has problems:\n" + error.report()) from None
            # Keep previewing the last good version, and say what to fix, in the terminal and on every page.
            for problem in error.problems:
                log.error(str(problem))
            config.extra["handbook_problems"] = [str(p) for p in error.problems]
            config.docs_dir = str(staging)
            return config
        sync_folder(staging, docs.files)
        language = project.language(code)
        catalogue = project.catalogues[code]
        config.docs_dir = str(staging)
        config.nav = docs.nav
        if config.site_url and language.prefix and not config.site_url.rstrip("/").endswith(language.code):
            config.site_url = config.site_url.rstrip("/") + "/" + language.prefix  # 404 page and sitemap per language
        config.site_name = catalogue.t("handbook_title")
        config.theme["language"] = language.theme_language
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None:
            search.config["lang"] = [language.search_language]
        config.extra["handbook"] = {
            "language": code,
            "version": project.version,
            "provenance": footer_text(catalogue, project.version),
        }
        config.extra["alternate"] = [
            {
                "name": other.name,
                "lang": other.code,
                "link": _relative_root(language.prefix, other.prefix),
            }
            for other in project.languages
        ]
        config.extra["handbook_problems"] = []
        return config

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        root = Path(config.config_file_path).resolve().parent
        for folder in ("factors", "content", "overrides"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server


def _relative_root(from_prefix: str, to_prefix: str) -> str:
    """From one language's root folder to another's, e.g. ``sv/`` → ``de/`` is ``../de/``."""
    return "../" * from_prefix.count("/") + to_prefix
