"""(b) Scaling: synthetic catalogues of 100/300/1000 factors × 1/2/4 languages, each build in a process of its own."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import BENCH, fmt_s, log, mb, median, table
from bench.synth import make_synthetic_project

LANGUAGE_COUNTS = (1, 2, 4)
FULL_SIZES = (100, 300, 1000)
QUICK_SIZES = (100, 300)


@dataclass
class Cell:
    factors: int
    languages: int
    first: dict[str, Any]
    warm: dict[str, Any]

    @property
    def per_unit_ms(self) -> float:
        """Warm-build CPU milliseconds per factor·language."""
        return self.warm["cpu_seconds"] / (self.factors * self.languages) * 1000


def run_cell(root: Path, cache: Path, *, placeholder: bool, profile: Path | None = None) -> dict[str, Any]:
    command = [sys.executable, str(BENCH / "cell.py"), str(root)]
    if placeholder:
        command.append("--placeholder-pdfs")
    if profile is not None:
        command += ["--profile", str(profile)]
    env = {**os.environ, "HANDBOOK_PDF_CACHE": str(cache), "PYTHONHASHSEED": "0"}
    env.pop("HANDBOOK_LANGUAGE", None)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(command)} printed no result:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def bench_scaling(
    work: Path,
    sizes: tuple[int, ...],
    real_pdfs: bool,
    cell_runs: int,
    profile_at: tuple[int, int] | None,
    profile_out: Path,
) -> tuple[list[Cell], dict[str, Any] | None]:
    cells: list[Cell] = []
    profiled = None
    for factors in sizes:
        for languages in LANGUAGE_COUNTS:
            folder = work / f"synthetic-{factors}x{languages}"
            cache = work / f"synthetic-{factors}x{languages}-pdf"
            make_synthetic_project(folder, factors, languages)
            first = run_cell(folder, cache, placeholder=not real_pdfs)
            runs = [run_cell(folder, cache, placeholder=False) for _ in range(cell_runs)]
            warm = dict(runs[-1])
            for key in ("seconds", "process_seconds", "cpu_seconds"):
                warm[key] = median([run[key] for run in runs])
            warm["max_rss_mb"] = max(run["max_rss_mb"] for run in runs)
            warm["pdfs_rendered"] = sum(run["pdfs_rendered"] for run in runs)
            warm["all_seconds"] = [run["seconds"] for run in runs]
            if warm["pdfs_rendered"]:
                log(f"(b) warning: the warm build of {factors}x{languages} rendered {warm['pdfs_rendered']} PDFs")
            cells.append(Cell(factors, languages, first, warm))
            log(
                f"(b) {factors} factors x {languages} languages: first {first['seconds']:.1f}s, "
                f"warm {warm['seconds']:.1f}s, peak {warm['max_rss_mb']:.0f} MB"
            )
            if profile_at == (factors, languages):
                profiled = run_cell(folder, cache, placeholder=False, profile=profile_out)
                log(f"(d) profiled {factors}x{languages}: {profiled['seconds']:.1f}s under cProfile")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
    return cells, profiled


def _per_language(seconds: dict[str, float]) -> str:
    english = seconds.get("en", 0.0)
    others = [v for k, v in seconds.items() if k != "en"]
    return f"{english:.2f}" + (f" / {statistics.mean(others):.2f}" if others else "")


def _by(cells: list[Cell]) -> dict[tuple[int, int], Cell]:
    return {(c.factors, c.languages): c for c in cells}


def _growth_table(cells: list[Cell], sizes: tuple[int, ...]) -> str:
    found = _by(cells)
    pairs = list(zip(sizes, sizes[1:], strict=False))
    header = ["languages"]
    header += [f"time {big}/{small} (factors ×{big / small:.3g}): wall (CPU)" for small, big in pairs]
    header += [f"marginal CPU ms per factor·language {small}→{big}" for small, big in pairs]
    rows = []
    for languages in LANGUAGE_COUNTS:
        row: list[Any] = [languages]
        for small, big in pairs:
            a, b = found.get((small, languages)), found.get((big, languages))
            row.append(_ratio(b, a) if a and b else "")
        for small, big in pairs:
            a, b = found.get((small, languages)), found.get((big, languages))
            row.append(f"{_marginal_ms(a, b):.1f}" if a and b else "")
        rows.append(row)
    by_size = []
    for size in sizes:
        one = found.get((size, 1))
        if not one:
            continue
        row = [size]
        for languages in LANGUAGE_COUNTS[1:]:
            other = found.get((size, languages))
            row.append(_ratio(other, one) if other else "")
        by_size.append(row)
    note = (
        "Growth in factors (warm builds). A ratio of whole-build times below the factor ratio means fixed "
        "costs (theme, guide pages, search, zip) still weigh; the *marginal* cost per added factor·language "
        "(difference of build times divided by the added factor·languages) stays flat when growth is linear "
        "and rises when it is not. Ratios are given for wall time and, in brackets, for CPU time, which other "
        "load on the machine disturbs much less (a warm build runs in one process)."
    )
    languages_note = "Growth in languages (relative to English only; linear would be 2 and 4), wall (CPU):"
    factors_part = note + "\n\n" + table(header, rows, "l" + "r" * (len(header) - 1)) + "\n\n" if pairs else ""
    return (
        factors_part
        + languages_note
        + "\n\n"
        + table(["factors", *(f"time {n} lang / 1 lang" for n in LANGUAGE_COUNTS[1:])], by_size)
    )


def _ratio(top: Cell, bottom: Cell) -> str:
    wall = top.warm["seconds"] / bottom.warm["seconds"]
    cpu = top.warm["cpu_seconds"] / bottom.warm["cpu_seconds"]
    return f"{wall:.2f} ({cpu:.2f})"


def _marginal_ms(small: Cell, big: Cell) -> float:
    added = (big.factors - small.factors) * small.languages
    return (big.warm["cpu_seconds"] - small.warm["cpu_seconds"]) / added * 1000


def _growth_sentence(cells: list[Cell], sizes: tuple[int, ...]) -> str:
    found = _by(cells)
    if len(sizes) < 2:
        return ""
    parts = []
    for languages in LANGUAGE_COUNTS:
        margins = []
        for small, big in zip(sizes, sizes[1:], strict=False):
            a, b = found.get((small, languages)), found.get((big, languages))
            if a and b:
                margins.append(_marginal_ms(a, b))
        if margins:
            parts.append(f"{languages} lang: " + " → ".join(f"{m:.1f}" for m in margins))
    return "marginal CPU ms per added factor·language between successive sizes: " + "; ".join(parts) + "."


def headline(cells: list[Cell], sizes: tuple[int, ...]) -> str:
    largest = max(cells, key=lambda c: (c.factors, c.languages))
    smallest = min(cells, key=lambda c: (c.factors, c.languages))
    return (
        f"- **Scaling (b):** warm builds range from {fmt_s(smallest.warm['seconds'])} s "
        f"({smallest.factors} factors × {smallest.languages} language) to {fmt_s(largest.warm['seconds'])} s "
        f"({largest.factors} factors × {largest.languages} languages, peak {largest.warm['max_rss_mb']:.0f} MB); "
        f"{_growth_sentence(cells, sizes)}"
    )


def section(cells: list[Cell], sizes: tuple[int, ...], real_pdfs: bool) -> str:
    out: list[str] = []
    add = out.append
    add("## (b) Scaling: factors × languages (warm PDF cache, one process per build)\n")
    add(
        "Synthetic catalogues (`bench/synth.py`): factors spread evenly over the three dimensions, alternating "
        "barrier/enabler and levels, each with a `related` link into another dimension and texts about as long "
        "as the real ones; extra languages (sv, de, da) scaffolded with `scaffold_language` and left "
        "untranslated, so every text falls back to English (the realistic worst case). Each cell is built twice "
        "with its own fresh PDF cache, each time in a new process; the table reports the **second** build "
        "(warm cache: the generator's and MkDocs' cost) — its `build_site` wall time and CPU time, the "
        "process's wall time including imports, and its peak RSS (`getrusage(RUSAGE_SELF).ru_maxrss`); "
        "with `--cell-runs` above 1, the median time and the highest peak of that many warm builds."
    )
    if real_pdfs:
        add("The first build rendered the PDFs with WeasyPrint (`--real-pdfs`).\n")
    else:
        add(
            " The first build fills the cache with placeholder PDFs instead of running WeasyPrint (the "
            "1000-factor card decks and course packs would take WeasyPrint many minutes per language; real "
            "PDF rendering is part c). Placeholders have the real cache keys and about the real size and "
            "compressibility (30 kB + 1.9 bytes per byte of HTML, calibrated on the real PDFs), so the second "
            "build runs exactly the warm-cache code path; `--real-pdfs` renders real ones instead.\n"
        )
    rows = []
    for cell in cells:
        w = cell.warm
        rows.append(
            [
                cell.factors,
                cell.languages,
                w["pages"],
                w["pdfs"],
                fmt_s(cell.first["seconds"]),
                fmt_s(w["seconds"]),
                fmt_s(w["cpu_seconds"]),
                fmt_s(w["process_seconds"]),
                f"{w['max_rss_mb']:.0f}",
                f"{cell.per_unit_ms:.1f}",
                _per_language(w["seconds_per_language"]),
                mb(w["site_bytes"]),
            ]
        )
    add(
        table(
            [
                "factors",
                "languages",
                "pages",
                "PDFs",
                "1st build s",
                "**warm build s**",
                "warm CPU s",
                "process s",
                "peak RSS MB",
                "CPU ms per factor·language",
                "s per language: en / others",
                "site MB",
            ],
            rows,
            "rrrrrrrrrrrr",
        )
    )
    add("")
    add(_growth_table(cells, sizes))
    add("")
    return "\n".join(out)
