"""Benchmark of the handbook build; writes bench/results.md and prints it.

    .venv/bin/python bench/run.py            # full run (about 10 minutes on 2 idle cores)
    .venv/bin/python bench/run.py --quick    # fewer repeats, 100 and 300 factors only

Everything happens in copies of the project in a temporary folder (the
project itself, its site/, build/ and .cache/ are not touched or used). One
module per benchmark, each with ``bench_…`` (measure), ``headline`` and ``section``:

(a) ``overhead``  warm English build vs a plain ``mkdocs build`` of the same pages
(b) ``scaling``   synthetic catalogues, factors × languages, one process per build
(c) ``pdfs``      the English PDFs from an empty cache vs from the cache
(d) ``profiling`` cProfile of a warm build, time per stage
(e) ``floor``     a cold every-language build vs WeasyPrint alone on the same documents
(f) ``serve``     ``handbook serve``: from saving an edit to the served page showing it

Timings on a shared machine are noisy: compare the ratios, which are measured
side by side in one run, rather than absolute seconds between runs.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH.parent) not in sys.path:
    sys.path.insert(0, str(BENCH.parent))

from bench import floor, overhead, pdfs, profiling, scaling, serve  # noqa: E402
from bench.common import log, machine_info, median, table  # noqa: E402
from bench.synth import copy_project  # noqa: E402

ALL_LANGUAGES = ("en", "sv", "de", "da")


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the handbook build; writes bench/results.md.")
    parser.add_argument("--repeat", type=int, default=None, help="alternating pairs in (a) (default 5, --quick 2)")
    parser.add_argument("--quick", action="store_true", help="2 repeats, 100 and 300 factors only")
    parser.add_argument(
        "--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), help="factor counts for (b), e.g. 100,300"
    )
    parser.add_argument("--real-pdfs", action="store_true", help="(b): fill each cell's PDF cache with WeasyPrint")
    parser.add_argument("--cell-runs", type=int, default=1, help="(b): warm builds per cell, median reported")
    parser.add_argument("--floor-repeat", type=int, default=None, help="pairs in (e) (default 3, --quick 1)")
    parser.add_argument(
        "--serve-repeat", type=int, default=None, help="timed edits of each kind in (f) (default 4, --quick 2)"
    )
    parser.add_argument("--only", help="run only these benchmarks, e.g. a,e (the report holds only those)")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()
    args.repeat = args.repeat or (2 if args.quick else 5)
    args.floor_repeat = args.floor_repeat or (1 if args.quick else 3)
    args.serve_repeat = args.serve_repeat or (2 if args.quick else 4)
    sizes = args.sizes or (scaling.QUICK_SIZES if args.quick else scaling.FULL_SIZES)
    wanted = set((args.only or "a,b,c,d,e,f").split(","))
    if args.repeat < 1 or args.cell_runs < 1 or not sizes or min(sizes) < 3:
        parser.error("--repeat and --cell-runs must be at least 1, and every size at least 3")
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.pop("HANDBOOK_LANGUAGE", None)

    started = time.perf_counter()
    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    headlines: dict[str, str] = {}
    sections: dict[str, str] = {}
    unprofiled = float("nan")
    try:
        log(f"working in {work}")
        english = copy_project(work / "english", languages=("en",))
        pdf, warm_cache = None, work / "pdf-cache-0"
        if wanted & {"a", "c", "d"}:  # (c) also fills the warm cache (a) and (d) build from
            rounds = min(args.repeat, 3) if "c" in wanted else 1
            log(f"(c) PDF rendering, {rounds} cold/cached rounds")
            pdf, warm_cache = pdfs.bench_pdfs(english, work, rounds)
        if "a" in wanted:
            log(f"(a) generator overhead, {args.repeat} alternating pairs")
            result = overhead.bench_overhead(english, warm_cache, args.repeat)
            headlines["a"], sections["a"] = overhead.headline(result), overhead.section(result)
            unprofiled = median(result.handbook)
        if "e" in wanted:
            log(f"(e) cold build against WeasyPrint alone, {args.floor_repeat} alternating pairs")
            full = copy_project(work / "full", languages=ALL_LANGUAGES)
            result_e = floor.bench_floor(full, work, args.floor_repeat)
            headlines["e"], sections["e"] = floor.headline(result_e), floor.section(result_e)
            shutil.rmtree(full, ignore_errors=True)
        if "f" in wanted:
            log(f"(f) live preview, {args.serve_repeat} timed edits of each kind")
            preview = copy_project(work / "serve", languages=("en",))
            preview_cache = work / "serve-pdf-cache"
            seed = warm_cache if warm_cache.is_dir() else BENCH.parent / ".cache" / "pdf"  # from (c), or `make site`'s
            if seed.is_dir():
                shutil.copytree(seed, preview_cache)
            result_f = serve.bench_serve(preview, preview_cache, args.serve_repeat)
            headlines["f"], sections["f"] = serve.headline(result_f), serve.section(result_f)
        scaled_profile = None
        if "b" in wanted or "d" in wanted:
            scaled_at = (sizes[1] if len(sizes) > 1 else sizes[0], 2)
            scaled_profile_file = work / "scaled.prof"
            log(f"(b) scaling: {', '.join(map(str, sizes))} factors × 1, 2, 4 languages")
            cells, scaled_profile = scaling.bench_scaling(
                work, sizes, args.real_pdfs, args.cell_runs, scaled_at if "d" in wanted else None, scaled_profile_file
            )
            if "b" in wanted:
                headlines["b"] = scaling.headline(cells, sizes)
                sections["b"] = scaling.section(cells, sizes, args.real_pdfs)
        if pdf is not None and "c" in wanted:
            headlines["c"], sections["c"] = pdfs.headline(pdf), pdfs.section(pdf)
        if "d" in wanted:
            log("(d) profile of one warm English build")
            profile_file = work / "english.prof"
            profile_seconds = profiling.profile_build(english, warm_cache, profile_file)
            imports = {m: profiling.import_cost(m) for m in ("weasyprint", "generator.build")}
            if scaled_profile is not None:
                headlines["d"] = profiling.headline(scaled_profile_file, scaled_at)
            sections["d"] = profiling.section(
                profile_seconds, unprofiled, profile_file, scaled_profile, scaled_profile_file, scaled_at, imports
            )
        mode = "quick" if args.quick else "full"
        text = "\n".join(
            [
                "# Handbook build benchmark\n",
                f"Written by `bench/run.py` ({mode} run, {args.repeat} repeats, sizes {', '.join(map(str, sizes))}; "
                f"took {(time.perf_counter() - started) / 60:.1f} min). Rerun with `make bench` "
                "(or `.venv/bin/python bench/run.py --quick` for a fast check). Times are wall-clock seconds; "
                "the machine may be shared, so read the **ratios**, which are measured side by side in this run.\n",
                "## Machine\n",
                table(["", ""], [[k, v] for k, v in [*machine_info(), _load_row(load_at_start)]], "ll"),
                "",
                "## Headlines\n",
                "\n".join(headlines[key] for key in sorted(headlines)) + "\n",
                *(sections[key] for key in sorted(sections)),
            ]
        )
        args.output.write_text(text.rstrip() + "\n", encoding="utf-8")
        print(text)
        log(f"wrote {args.output}")
        return 0
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _load_row(at_start: tuple[float, float, float]) -> tuple[str, str]:
    """The machine may be shared: how busy it was, by the 1-, 5- and 15-minute load averages."""
    at_end = os.getloadavg()
    return (
        "Load average",
        f"{' / '.join(f'{x:.1f}' for x in at_start)} at the start, "
        f"{' / '.join(f'{x:.1f}' for x in at_end)} at the end (1, 5, 15 min)",
    )


if __name__ == "__main__":
    sys.exit(main())
