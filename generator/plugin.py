"""The MkDocs plugin: a thin hand-off from MkDocs events to the generator.

``on_config`` gathers and validates the handbook, stages one language's docs
folder (guide pages + generated pages + PDFs) and points MkDocs at it. Every
event is safe to run again: ``mkdocs serve`` runs them on each edit.

MkDocs keeps one instance of a plugin with ``on_startup`` for every build in a
process, so nothing here outlives a build: ``on_startup`` and ``on_shutdown``
bracket each one and leave the plugin as new.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from watchdog.observers.polling import PollingObserver

from .assemble import Printed, assemble_language
from .conversions import MARKDOWN_CACHE, markdown_converter
from .errors import HandbookError
from .pdf import PdfJob
from .preview import BackgroundPdfs, ready_file
from .project import Project, gather
from .render.worksheet import footer_text
from .sitemaps import folder_sitemaps, hreflang_roots
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
    serving: bool
    """True between ``on_startup`` and ``on_shutdown`` of ``mkdocs serve``: PDFs are then made after the pages."""
    pdfs_rendered: int
    """How many PDFs the last build had to render; the rest came from the cache."""
    pdfs_pending: int
    """How many PDFs the last build left to the background (previewing only)."""
    project: Project | None
    """Set by ``handbook build``, which has already gathered and validated everything; else gathered here."""
    printed: Printed | None
    """Set by ``handbook build`` with ``project``: this language's printables and PDFs, made before the pages."""

    def __init__(self) -> None:
        super().__init__()
        self._pdfs: BackgroundPdfs | None = None
        self._reset()

    def _reset(self) -> None:
        self.serving = False
        self.pdfs_rendered = 0
        self.pdfs_pending = 0
        self.project = None
        self.printed = None
        self._later: tuple[list[PdfJob], Path, Path] | None = None
        """PDFs this build leaves for afterwards, with the cache and docs folder they go to."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self._reset()
        self.serving = command == "serve"
        if self.serving:
            self._pdfs = BackgroundPdfs()

    def on_shutdown(self) -> None:
        if self._pdfs is not None:
            self._pdfs.close()
            self._pdfs = None
        self._reset()

    # Early: the search plugin's on_config reads the language this sets (theme language, search language).
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        code = self.config.language
        site_root = config.site_url  # where the whole handbook is published, before a language is added
        staging = root / self.config.staging / code
        cache = root / self.config.cache
        self.pdfs_rendered = self.pdfs_pending = 0
        defer = self._pdfs is not None  # previewing: the pages first, the PDFs after them
        try:
            # A project handed over for another folder is not this build's (the plugin outlives builds).
            handed = self.project if self.project is not None and self.project.root == root else None
            project = handed or gather(root, code)
            if code not in project.catalogues:
                raise PluginError(f"handbook: there is no language '{code}' (folders in content/ name the languages)")
            to_html = markdown_converter(config.markdown_extensions, config.mdx_configs, root / MARKDOWN_CACHE)
            docs = assemble_language(
                project,
                code,
                to_html,
                cache,
                defer_pdfs=defer,
                printed=self.printed if handed is not None else None,
            )
            self.pdfs_rendered = docs.pdfs_rendered
            self.pdfs_pending = len(docs.pdfs_pending)
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
        self._later = (list(docs.pdfs_pending), cache, staging)
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
            "hreflang": hreflang_roots(project.languages, site_root),
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

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if config.site_url and (site / "sitemap.xml").is_file():
            sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
            for folder, text in folder_sitemaps(sitemap, config.site_url).items():
                (site / folder / "sitemap.xml").write_text(text, encoding="utf-8")
        # Only now, with the pages written: making PDFs meanwhile would slow down the pages on two cores.
        if self._pdfs is not None and self._later is not None and self._later[0]:
            self._pdfs.render_later(*self._later)
        self._later = None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        root = Path(config.config_file_path).resolve().parent
        # The docs folder is ours, rewritten from the folders below on every build: watching it too would
        # make each edit rebuild twice. PDFs made after the pages announce themselves in a file of their own.
        staging = Path(config.docs_dir)
        server.unwatch(str(staging))
        _poll_often(server)
        for folder in ("factors", "content", "overrides"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        ready = ready_file(staging)
        ready.parent.mkdir(parents=True, exist_ok=True)
        ready.touch()
        server.watch(str(ready.parent))
        return server


POLL_SECONDS = 0.1
"""How often a preview looks for edits. MkDocs looks every half second: an edit then waits a quarter of a
second on average before its rebuild starts. A look is a stat of each file watched (a few hundred)."""


def _poll_often(server: LiveReloadServer) -> None:
    """Give the server an observer that polls every POLL_SECONDS, watching what the one it had watched."""
    watched: list[tuple[str, bool, int]] = []
    for path, recursive in sorted({(e.watch.path, e.watch.is_recursive) for e in server.observer.emitters}):
        times = 0
        while True:  # as often as it was asked to watch it, so that as many unwatch calls still match
            try:
                server.unwatch(path)
            except KeyError:
                break
            times += 1
        watched.append((path, recursive, times))
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, recursive, times in watched:
        for _ in range(times):
            server.watch(path, recursive=recursive)


class _CompiledTemplates(BytecodeCache):
    """The theme's templates, compiled, for every build in the process: the languages of one `handbook build`, the
    rebuilds of one preview (MkDocs would compile them again for each).

    Jinja2 checks each entry against its template's source, so an edited template is compiled again; MkDocs sets
    up every theme environment alike, so what one compiled is what another would.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


COMPILED_TEMPLATES = _CompiledTemplates()


def _relative_root(from_prefix: str, to_prefix: str) -> str:
    """From one language's root folder to another's, e.g. ``sv/`` → ``de/`` is ``../de/``."""
    return "../" * from_prefix.count("/") + to_prefix
