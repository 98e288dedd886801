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
import signal
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as NotYet
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from pathlib import Path

from .pdf import PdfJob, render_into_cache
from .stage import write_files

log = logging.getLogger("handbook")


def ready_file(staging: Path) -> Path:
    """Rewritten when PDFs made after the pages are ready: beside the docs folder, not in it."""
    return staging.parent / f".{staging.name}-pdfs" / "ready"


def _background_worker() -> None:
    os.nice(10)
    # Ctrl-C reaches the whole terminal's process group: the preview handles it and then ends this process, which
    # must not stop half-way by itself. SIGTERM keeps its default (end at once) even where the preview turns its own
    # SIGTERM into a Ctrl-C, and the worker inherited that handler.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class BackgroundPdfs:
    """One preview's PDF maker: from ``mkdocs serve``'s start to its end."""

    def __init__(self) -> None:
        # One worker at low priority: the rebuild after the next edit keeps a core, and wins the other.
        self._pool = ProcessPoolExecutor(max_workers=1, initializer=_background_worker)
        # The worker's first task names it, so that stopping can end it mid-PDF (a course pack takes a while).
        self._worker: Future[int] = self._pool.submit(os.getpid)
        self._lock = threading.RLock()  # a future cancelled under the lock runs its callback, which takes it too
        self._futures: dict[tuple[str, str], Future[bytes]] = {}
        self._caches: set[Path] = set()
        self._closing = False

    def render_later(self, jobs: list[PdfJob], cache: Path, staging: Path) -> None:
        """Make ``jobs`` into ``cache`` and ``staging``, then announce them; PDFs an edit made obsolete are dropped."""
        with self._lock:
            self._caches.add(cache)
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
        if self._closing or any(future.cancelled() for future in batch.values()):
            return  # stopped, or superseded by a later edit, whose own batch announces itself
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
        """Stop at once: drop the PDFs not yet started and end the one being made.

        A PDF ended half-way was never announced or cached (the cache takes whole files only), so the next
        preview simply makes it again.
        """
        with self._lock:
            self._closing = True
            for future in self._futures.values():
                future.cancel()  # those not yet started (shutdown's own cancelling would not wait below)
        pid = None
        with suppress(CancelledError, NotYet, BrokenProcessPool):
            pid = self._worker.result(timeout=10)  # cancelled if the worker never started: nothing to end
        if pid is not None:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            self._futures.clear()
            if pid is not None:
                for cache in self._caches:  # the file a PDF ended half-way was being written to
                    for partial in cache.glob(f"*.tmp{pid}"):
                        partial.unlink(missing_ok=True)
