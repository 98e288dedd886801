"""One benchmark build in a process of its own; prints one line of JSON on stdout.

    python bench/cell.py ROOT [--placeholder-pdfs] [--profile FILE]

Builds every language of the project at ROOT into ROOT/site with ``build_site``
(the PDF cache is whatever HANDBOOK_PDF_CACHE names) and reports the build's
wall time and this process's peak resident memory, so each measurement has a
peak of its own.

``--placeholder-pdfs`` fills the PDF cache without WeasyPrint: every PDF that
is not cached yet is replaced by bytes of about the size a real one would have
(30 kB of fonts + 1.9 bytes per byte of HTML, compressing like a real PDF,
calibrated on the handbook's own PDFs). The cache keys are the real ones, so a
following build finds every PDF cached and runs exactly the code a warm build
runs. Used to prepare the scaling cells, whose card decks would take WeasyPrint
many minutes; PDF rendering itself is measured on the real handbook.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import logging
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PDF_FIXED_BYTES = 28_000
PDF_BYTES_PER_HTML_BYTE = 1.9
PDF_INCOMPRESSIBLE = 0.82


def placeholder_pdf(html: str) -> bytes:
    """Bytes standing in for the PDF of ``html``: realistic size and compressibility, deterministic."""
    size = int(PDF_FIXED_BYTES + PDF_BYTES_PER_HTML_BYTE * len(html.encode()))
    noise = random.Random(hashlib.sha256(html.encode()).digest()).randbytes(int(size * PDF_INCOMPRESSIBLE))
    head = b"%PDF-1.7\n% benchmark placeholder\n"
    return head + noise + b"\n" * max(0, size - len(head) - len(noise))


def use_placeholder_pdfs() -> None:
    import generator.assemble
    import generator.pdf

    generator.pdf._render = placeholder_pdf  # looked up at call time by render_pdfs
    generator.assemble.render_pdfs = functools.partial(generator.pdf.render_pdfs, workers=1)  # no process pool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--placeholder-pdfs", action="store_true")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the build here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)

    from generator.build import build_site

    if args.placeholder_pdfs:
        use_placeholder_pdfs()
    root = args.root.resolve()
    os.chdir(root)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    report = build_site(root, root / "site")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(args.profile))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {
        "seconds": seconds,
        "seconds_per_language": report.seconds_per_language,
        "process_seconds": time.perf_counter() - START,
        "cpu_seconds": cpu_seconds,  # this process only: a warm build renders no PDFs, so it uses no workers
        "process_cpu_seconds": usage.ru_utime + usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "languages": list(report.languages),
        "pages": report.pages,
        "diagrams": report.diagrams,
        "pdfs": report.pdfs,
        "pdfs_rendered": report.pdfs_rendered,
        "site_bytes": sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()),
    }
    print(json.dumps(result), flush=True)
    return 0


START = time.perf_counter()

if __name__ == "__main__":
    sys.exit(main())
