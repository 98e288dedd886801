"""The whole handbook, every language, built beside the last good site and swapped in at the end.

MkDocs runs once per language (English at the root, the others in their own
folder). A build owns the project while it runs: it holds a lock, so a second
build stops at once instead of mixing its files with the first's. It stages in
a folder of its own next to ``site/`` and swaps it in at the end, putting the
previous site back if the swap fails half-way. A failed or interrupted build
(a mistake, a full disk, Ctrl-C) leaves the previous ``site/`` untouched and
no staging folder behind.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .archive import Entry, write_zip
from .assemble import Printed, print_languages
from .conversions import MARKDOWN_CACHE, markdown_converter
from .errors import HandbookError, Problem
from .project import Project, gather

OFFLINE_ZIP = "power-triangle-handbook-offline.zip"
COMPRESSED = frozenset({".pdf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".gz"})
ZIP_CACHE = ".cache/zip"
"""In the project folder: the offline zip's deflated files, by content, for the next build (see ``archive``)."""
LOCK_FILE = ".handbook-build.lock"
"""In the project folder: one build at a time per project (the docs staging folders are per project)."""


class BuildError(Exception):
    """A build stopped by its surroundings (another build, a folder, the disk): one line that names the path."""


def _os_error(error: OSError, fallback: Path) -> BuildError:
    path = error.filename or fallback
    reason = error.strerror or str(error)
    return BuildError(f"{path}: {reason}; the previous site is unchanged")


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the project's build lock, or stop at once: two builds at a time would mix their files."""
    path = root / LOCK_FILE
    try:
        lock = FileLock(path, timeout=0)
        lock.acquire()
    except Timeout:
        raise BuildError(
            f"{path}: another build is running in this folder; wait for it to finish, then build again"
        ) from None
    except OSError as error:
        raise _os_error(error, path) from None
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class BuildReport:
    languages: tuple[str, ...]
    pages: int
    diagrams: int
    pdfs: int
    pdfs_rendered: int
    seconds: float
    seconds_per_language: dict[str, float]

    def __str__(self) -> str:
        per = ", ".join(f"{code} {secs:.1f}s" for code, secs in self.seconds_per_language.items())
        return (
            f"Built {len(self.languages)} languages ({', '.join(self.languages)}) in {self.seconds:.1f}s [{per}]: "
            f"{self.pages} pages, {self.diagrams} inline diagrams, {self.pdfs} PDFs "
            f"({self.pdfs_rendered} rendered, {self.pdfs - self.pdfs_rendered} from cache)."
        )


def build_site(
    root: Path, site_dir: Path, config_file: Path | None = None, only: list[str] | None = None
) -> BuildReport:
    """Build every language (or those in ``only``) into ``site_dir``.

    Raises HandbookError for mistakes in the handbook and BuildError for trouble around it (another build
    running, a folder that cannot be written, a full disk); either way, and on Ctrl-C, the old site stays.
    """
    started = time.monotonic()
    site_dir = Path(os.path.abspath(site_dir))
    with build_lock(root):
        project = gather(root)  # every problem in every language, before anything is written
        unknown = sorted(set(only or ()) - {lang.code for lang in project.languages})
        if unknown:
            raise HandbookError(
                [
                    Problem(
                        "content",
                        0,
                        0,
                        "",
                        f"no language '{code}'",
                        "languages are the folders in content/ and factors/locales/",
                    )
                    for code in unknown
                ]
            )
        config_file = config_file or root / "mkdocs.yml"
        timings: dict[str, float] = {}
        rendered = 0
        work = _staging_folder(site_dir)
        codes = [language.code for language in project.languages if not only or language.code in only]
        prefixes = {language.code: language.prefix for language in project.languages}
        try:
            first = _load_config(config_file, work / prefixes[codes[0]])  # for the PDFs, then for its own build
            printed, rendered = _print_every_language(project, first, codes)
            for code in codes:
                begun = time.monotonic()
                config = first if code == codes[0] else _load_config(config_file, work / prefixes[code], code)
                rendered += _build_language(project, config, code, printed[code])
                timings[code] = time.monotonic() - begun
            pages, diagrams, pdfs = write_offline_zip(work, work / OFFLINE_ZIP, root / ZIP_CACHE)
            _swap(work, site_dir)
        except OSError as error:
            raise _os_error(error, site_dir) from None
        finally:
            shutil.rmtree(work, ignore_errors=True)  # gone already after a successful swap
    return BuildReport(tuple(timings), pages, diagrams, pdfs, rendered, time.monotonic() - started, timings)


def _staging_folder(site_dir: Path) -> Path:
    """A new, empty folder beside ``site_dir`` (same file system, so the swap is a rename), unique to this build."""
    for path in (site_dir, *site_dir.parents):
        if path.exists() and not path.is_dir():
            raise BuildError(
                f"{path}: is a file, not a folder, so {site_dir} cannot be a folder; remove it or choose another --site-dir"
            )
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _os_error(error, site_dir.parent) from None
    try:
        return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", suffix=".building", dir=site_dir.parent))
    except OSError as error:
        raise BuildError(f"{site_dir.parent}: cannot write here ({error.strerror or error})") from None


def _load_config(config_file: Path, site_dir: Path, code: str | None = None) -> MkDocsConfig:
    """``mkdocs.yml`` for the build of one language into ``site_dir``; a mistake in it is the handbook's problem."""
    try:
        return load_config(str(config_file), site_dir=str(site_dir))
    except (Abort, ConfigurationError) as error:
        raise _mkdocs_problem(config_file, code, error) from None


def _mkdocs_problem(config_file: Path, code: str | None, error: Exception) -> HandbookError:
    message = str(error).strip() or "MkDocs stopped"
    if code is None:  # before any language is built
        return HandbookError([Problem(str(config_file.name), 0, 0, "", message, "")])
    return HandbookError(
        [
            Problem(
                str(config_file.name),
                0,
                0,
                "",
                f"building '{code}' failed: {message}",
                "read the warnings printed above; strict mode turns every warning into a failure",
            )
        ]
    )


def _print_every_language(project: Project, config: MkDocsConfig, codes: list[str]) -> tuple[dict[str, Printed], int]:
    """Every language's printables, and their PDFs rendered into the cache in one pool, before the pages are built.

    One pool per language would leave a core idle at the end of each language while the other finishes its
    long course pack; with one pool that happens once. The language builds are handed their PDFs.
    """
    # The same converter the plugin makes (it runs first, before other plugins change the config), so the
    # documents, and their cache keys, are the ones a build without them (``mkdocs serve``) asks for.
    root = Path(config.config_file_path).parent
    to_html = markdown_converter(config.markdown_extensions, config.mdx_configs, root / MARKDOWN_CACHE)
    printed, rendered, _ = print_languages(project, codes, to_html, root / config.plugins["handbook"].config.cache)
    return printed, rendered


def _build_language(project: Project, config: MkDocsConfig, code: str, printed: Printed) -> int:
    config_file = Path(config.config_file_path)
    try:
        # As `mkdocs build` does: plugins that outlive one build (ours does) start and end with it.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            plugin = config.plugins["handbook"]
            plugin.config.language = code
            plugin.project = project  # gathered once for every language
            plugin.printed = printed  # and the printables made once, with the PDFs
            mkdocs_build(config)
            rendered = plugin.pdfs_rendered
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as error:
        raise _mkdocs_problem(config_file, code, error) from None
    return rendered


def write_offline_zip(site: Path, target: Path, cache_dir: Path | None = None) -> tuple[int, int, int]:
    """The whole site in one zip for a room without network; byte-identical for the same site.

    Returns the pages, inline diagrams and PDFs it holds, counted while each file is read for the zip anyway.
    ``cache_dir`` keeps deflated contents for the next build (see ``archive``).
    """
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    pages = diagrams = pdfs = 0
    entries = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path != target:
            data = path.read_bytes()
            # PDFs, fonts and images are compressed already: deflating them again costs time and saves nothing.
            entries.append(
                Entry(
                    f"power-triangle-handbook/{path.relative_to(site).as_posix()}", data, path.suffix not in COMPRESSED
                )
            )
            if path.suffix == ".html" and path.name != "404.html":
                pages += 1
                diagrams += data.count(b'class="pt-triangle"')
            pdfs += path.suffix == ".pdf"
    write_zip(target, entries, stamp, 0o644 << 16, cache_dir)
    return pages, diagrams, pdfs


def _swap(new: Path, site_dir: Path) -> None:
    """Put ``new`` where ``site_dir`` is; if that fails half-way, put the previous site back."""
    old: Path | None = None
    if site_dir.exists():
        # An empty folder of our own, which the rename replaces: no name another build could be using.
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.", suffix=".old", dir=site_dir.parent))
        try:
            os.rename(site_dir, old)
        except OSError:
            old.rmdir()
            raise
    try:
        os.rename(new, site_dir)
    except BaseException:
        if old is not None:
            os.rename(old, site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


logging.getLogger("weasyprint").setLevel(logging.ERROR)
