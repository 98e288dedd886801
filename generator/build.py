"""The whole handbook, every language, built beside the last good site and swapped in at the end.

MkDocs runs once per language (English at the root, the others in their own
folder). A failed build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .errors import HandbookError, Problem
from .project import Project, gather

OFFLINE_ZIP = "power-triangle-handbook-offline.zip"


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
    """Build every language (or those in ``only``) into ``site_dir``; raise HandbookError and keep the old site on failure."""
    started = time.monotonic()
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
    site_dir = site_dir.resolve()
    work = site_dir.with_name(f".{site_dir.name}.building")
    shutil.rmtree(work, ignore_errors=True)
    timings: dict[str, float] = {}
    rendered = 0
    try:
        for language in project.languages:
            if only and language.code not in only:
                continue
            begun = time.monotonic()
            rendered += _build_language(project, config_file, language.code, work / language.prefix)
            timings[language.code] = time.monotonic() - begun
        write_offline_zip(work, work / OFFLINE_ZIP)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    pages, diagrams, pdfs = _count(work)
    _swap(work, site_dir)
    return BuildReport(tuple(timings), pages, diagrams, pdfs, rendered, time.monotonic() - started, timings)


def _build_language(project: Project, config_file: Path, code: str, site_dir: Path) -> int:
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        # As `mkdocs build` does: plugins that outlive one build (ours does) start and end with it.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            plugin = config.plugins["handbook"]
            plugin.config.language = code
            plugin.project = project  # gathered once for every language
            mkdocs_build(config)
            rendered = plugin.pdfs_rendered
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as error:
        message = str(error).strip() or "MkDocs stopped"
        raise HandbookError(
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
        ) from None
    return rendered


def write_offline_zip(site: Path, target: Path) -> None:
    """The whole site in one zip for a room without network; byte-identical for the same site."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path != target:
                info = zipfile.ZipInfo(f"power-triangle-handbook/{path.relative_to(site).as_posix()}", stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def _count(site: Path) -> tuple[int, int, int]:
    pages = diagrams = 0
    for html in site.rglob("*.html"):
        if html.name == "404.html":
            continue
        pages += 1
        diagrams += html.read_text(encoding="utf-8").count('class="pt-triangle"')
    return pages, diagrams, len(list(site.rglob("*.pdf")))


def _swap(new: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


logging.getLogger("weasyprint").setLevel(logging.ERROR)
