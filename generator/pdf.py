"""Printable HTML documents → PDF bytes, cached by content; the only module that imports WeasyPrint.

A PDF is rendered again only when its HTML, the stylesheets, the fonts or
WeasyPrint itself changed, so ``handbook serve`` stays quick; misses render in
parallel. The same input gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import HandbookError, Problem

ASSETS = Path(__file__).resolve().parent.parent / "overrides" / "assets"
STYLESHEETS = (ASSETS / "stylesheets" / "fonts.css", ASSETS / "stylesheets" / "sheets.css")
OPTIONS = {"pdf_forms": True, "pdf_tags": True}
"""How every PDF is written: fillable, and tagged so screen readers can follow it."""
DEFAULT_EPOCH = "315532800"
"""1980-01-01, the time stamped into embedded fonts when SOURCE_DATE_EPOCH is not set."""


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it goes (docs path) and the complete HTML document."""

    path: str
    html: str


def _fingerprint() -> str:
    # The installed version, without importing WeasyPrint: a build whose PDFs are all cached never pays for it.
    # The epoch too: it is stamped into the embedded fonts, so PDFs made under another SOURCE_DATE_EPOCH differ.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    digest = hashlib.sha256(f"{metadata.version('weasyprint')} {sorted(OPTIONS.items())} {epoch}".encode())
    # The easy-read icons are drawn into the handout from their files: a changed icon is a changed PDF.
    for file in sorted([*STYLESHEETS, *(ASSETS / "fonts").glob("*.woff"), *(ASSETS / "easy-read").glob("*.svg")]):
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _render(html: str) -> bytes:
    # fontTools stamps the fonts WeasyPrint converts and subsets with the current time unless
    # SOURCE_DATE_EPOCH is set: a fixed default keeps the same HTML giving the same bytes, build after build.
    had_epoch = "SOURCE_DATE_EPOCH" in os.environ
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    try:
        return _write_pdf(html)
    finally:
        if not had_epoch:
            del os.environ["SOURCE_DATE_EPOCH"]  # MkDocs dates the sitemap from it: leave the build's clock alone


def _write_pdf(html: str) -> bytes:
    # Imported here so worker processes, and only they, pay for WeasyPrint.
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fonts = FontConfiguration()  # the same one for stylesheets and layout, or @font-face is ignored
    document = weasyprint.HTML(string=html, base_url=str(ASSETS / "stylesheets") + "/")
    stylesheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in STYLESHEETS]
    identifier = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest().encode()
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_identifier=identifier, **OPTIONS)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process in the terminal's group: the build that started the workers handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def cached_pdfs(
    jobs: list[PdfJob], cache_dir: Path, fingerprint: str | None = None
) -> tuple[dict[str, bytes], list[PdfJob]]:
    """The PDFs already in the cache, by path, and the jobs that still have to be rendered."""
    fingerprint = fingerprint or _fingerprint()
    found: dict[str, bytes] = {}
    missing: list[PdfJob] = []
    for job in jobs:
        cached = cache_dir / f"{_cache_key(fingerprint, job)}.pdf"
        if cached.exists():
            found[job.path] = cached.read_bytes()
        else:
            missing.append(job)
    return found, missing


def _cache_key(fingerprint: str, job: PdfJob) -> str:
    return hashlib.sha256((fingerprint + job.html).encode()).hexdigest()


def render_into_cache(job: PdfJob, cache_dir: Path) -> bytes:
    """Render one job and keep it in the cache (previewing makes PDFs one by one, in the background)."""
    data = _render(job.html)
    _store(cache_dir, _cache_key(_fingerprint(), job), data)
    return data


def _store(cache_dir: Path, key: str, data: bytes) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f"{key}.tmp{os.getpid()}"
    temporary.write_bytes(data)
    temporary.replace(cache_dir / f"{key}.pdf")


def render_pdfs(jobs: list[PdfJob], cache_dir: Path, workers: int | None = None) -> tuple[dict[str, bytes], int]:
    """Render every job, from the cache where possible; return the PDFs by path and how many were rendered."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = _fingerprint()
    keys = {job.path: _cache_key(fingerprint, job) for job in jobs}
    results, missing = cached_pdfs(jobs, cache_dir, fingerprint)
    if missing:
        workers = workers or min(len(missing), os.cpu_count() or 1)
        try:
            if workers > 1:
                # Leaving the block ends the workers: on Ctrl-C, the build stops at once, not after the PDFs being
                # made (a course pack takes seconds), and nothing half-made is kept (PDFs are cached below, whole).
                with multiprocessing.Pool(workers, initializer=_ignore_interrupts) as pool:
                    rendered = pool.map(_render, [job.html for job in missing], chunksize=1)
            else:
                rendered = [_render(job.html) for job in missing]
        except Exception as error:  # WeasyPrint failures must not reach an editor as a traceback
            raise HandbookError(
                [
                    Problem(
                        "(PDF)",
                        0,
                        0,
                        "",
                        f"a PDF could not be made: {error}",
                        "check that Pango is installed (see README)",
                    )
                ]
            ) from error
        for job, data in zip(missing, rendered, strict=False):
            results[job.path] = data
            _store(cache_dir, keys[job.path], data)
    return results, len(missing)
