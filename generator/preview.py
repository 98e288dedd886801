"""PDFs a preview still lacks → made after its pages, one at a time in a low-priority process, then announced.

``handbook serve`` must show an edit within seconds; a PDF takes longer. So while
previewing, the pages are built first, saying which PDFs are being made; those
PDFs are rendered here into the cache and the docs folder, and a file beside the
docs folder (which ``mkdocs serve`` watches) is rewritten: the rebuild that
follows finds them cached and links them.
"""

from __future__ import annotations

import logging
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from .pdf import PdfJob, render_into_cache
from .stage import write_files

log = logging.getLogger("handbook")


def ready_file(staging: Path) -> Path:
    """Rewritten when PDFs made after the pages are ready: beside the docs folder, not in it."""
    return staging.parent / f".{staging.name}-pdfs" / "ready"


def _lower_priority() -> None:
    os.nice(10)


class BackgroundPdfs:
    """One preview's PDF maker: from ``mkdocs serve``'s start to its end."""

    def __init__(self) -> None:
        # One worker at low priority: the rebuild after the next edit keeps a core, and wins the other.
        self._pool = ProcessPoolExecutor(max_workers=1, initializer=_lower_priority)
        self._lock = threading.RLock()  # a future cancelled under the lock runs its callback, which takes it too
        self._futures: dict[tuple[str, str], Future[bytes]] = {}

    def render_later(self, jobs: list[PdfJob], cache: Path, staging: Path) -> None:
        """Make ``jobs`` into ``cache`` and ``staging``, then announce them; PDFs an edit made obsolete are dropped."""
        with self._lock:
            wanted = {(job.path, job.html) for job in jobs}
            for key, future in list(self._futures.items()):
                if key not in wanted and (future.cancel() or future.done()):
                    del self._futures[key]
            batch: dict[str, Future[bytes]] = {}
            for job in jobs:
                key = (job.path, job.html)
                if key not in self._futures or self._futures[key].cancelled():
                    self._futures[key] = self._pool.submit(render_into_cache, job, cache)
                batch[job.path] = self._futures[key]
        remaining = [len(batch)]

        def one_done(_: Future[bytes]) -> None:
            with self._lock:
                remaining[0] -= 1
                if remaining[0]:
                    return
            self._announce(batch, staging)

        for future in batch.values():
            future.add_done_callback(one_done)

    def _announce(self, batch: dict[str, Future[bytes]], staging: Path) -> None:
        if any(future.cancelled() for future in batch.values()):
            return  # superseded by a later edit, whose own batch announces itself
        try:
            pdfs = {path: future.result() for path, future in batch.items()}
            write_files(staging, dict(pdfs))
            ready = ready_file(staging)
            ready.parent.mkdir(parents=True, exist_ok=True)
            ready.write_text(" ".join(sorted(pdfs)) + "\n", encoding="utf-8")
            log.info("handbook: %d PDFs ready", len(pdfs))
        except Exception as error:  # a callback's exception would only be logged by concurrent.futures, unexplained
            log.error("handbook: PDFs could not be made: %s", error)

    def close(self) -> None:
        """Drop PDFs not yet started and wait for the one being made (the process ends with it)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._futures.clear()
