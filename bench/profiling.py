"""(d) Where a warm build spends its time: cProfile of one English build (and of a larger synthetic one)."""

from __future__ import annotations

import gc
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, chdir, fmt_s, log, table


def profile_build(root: Path, cache: Path, out: Path) -> float:
    import cProfile

    from generator.build import build_site

    os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
    profiler = cProfile.Profile()
    with chdir(root):
        gc.collect()
        started = time.perf_counter()
        profiler.enable()
        report = build_site(root, root / "site")
        profiler.disable()
        seconds = time.perf_counter() - started
    if report.pdfs_rendered:
        log(f"(d) warning: the profiled build rendered {report.pdfs_rendered} PDFs")
    profiler.dump_stats(str(out))
    return seconds


def _module_name(filename: str) -> str:
    if filename == "~":
        return "{built-in}"
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/dist-packages/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        root = str(ROOT).replace("\\", "/") + "/"
        if path.startswith(root):
            path = path[len(root) :]
        elif "/lib/python" in path:
            path = path.split("/lib/python", 1)[1].split("/", 1)[-1]
    if path.endswith(".py"):
        path = path[:-3]
    if path.endswith("/__init__"):
        path = path[: -len("/__init__")]
    return path.replace("/", ".")


def _label(key: tuple[str, int, str]) -> str:
    filename, _, name = key
    return name if filename == "~" else f"{_module_name(filename)}:{name}"


def top_functions(stats_file: Path, sort: str, count: int = 10) -> list[list[Any]]:
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats  # type: ignore[attr-defined]
    index = 3 if sort == "cumulative" else 2
    ranked = sorted(entries.items(), key=lambda item: item[1][index], reverse=True)
    rows = []
    for key, (primitive, total, tottime, cumtime, _) in ranked[:count]:
        calls = f"{total}" if total == primitive else f"{total}/{primitive}"
        rows.append([f"`{_label(key)}`", calls, f"{cumtime:.3f}", f"{tottime:.3f}"])
    return rows


STAGES = (
    # (label, short name for the headline or "" for an enclosing stage, module, function); nested stages start with …
    (
        "Validate and localise catalogues (`generator.project:gather`, all calls)",
        "validating and localising the catalogues (`gather`)",
        "generator.project",
        "gather",
    ),
    (
        "… of which parsing YAML (`generator.load:parse_yaml`)",
        "parsing YAML (`parse_yaml`)",
        "generator.load",
        "parse_yaml",
    ),
    (
        "Assemble a language: pages, SVG, printables (`generator.assemble:assemble_language`)",
        "assembling the pages (`assemble_language`)",
        "generator.assemble",
        "assemble_language",
    ),
    (
        "… of which PDFs from the cache (`generator.pdf:render_pdfs`)",
        "PDFs from the cache (`render_pdfs`)",
        "generator.pdf",
        "render_pdfs",
    ),
    (
        "Stage the docs folder (`generator.stage:sync_folder`)",
        "staging (`sync_folder`)",
        "generator.stage",
        "sync_folder",
    ),
    ("MkDocs build, whole (`mkdocs.commands.build:build`, includes the plugin)", "", "mkdocs.commands.build", "build"),
    (
        "… Markdown → HTML (`mkdocs.commands.build:_populate_page`)",
        "Markdown → HTML",
        "mkdocs.commands.build",
        "_populate_page",
    ),
    (
        "… theme templates (`mkdocs.commands.build:_build_page`)",
        "theme templates",
        "mkdocs.commands.build",
        "_build_page",
    ),
    (
        "… search index (`material.plugins.search.plugin:on_page_context`)",
        "the search index",
        "material.plugins.search.plugin",
        "on_page_context",
    ),
    (
        "Offline zip (`generator.build:write_offline_zip`)",
        "the offline zip (`write_offline_zip`)",
        "generator.build",
        "write_offline_zip",
    ),
    ("Count pages and PDFs (`generator.build:_count`)", "counting pages (`_count`)", "generator.build", "_count"),
)


def stage_rows(stats_file: Path, short: bool = False) -> list[list[Any]]:
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats  # type: ignore[attr-defined]
    total = max((v[3] for k, v in entries.items() if k[2] == "build_site"), default=0.0)
    rows = []
    for label, short_name, module, name in STAGES:
        found = [v for k, v in entries.items() if k[2] == name and _module_name(k[0]) == module]
        if not found:
            continue
        calls = sum(v[1] for v in found)
        cumtime = sum(v[3] for v in found)
        share = f"{cumtime / total * 100:.0f} %" if total else ""
        rows.append([short_name if short else label, calls, f"{cumtime:.3f}", share, label.startswith("…")])
    return rows if short else [row[:4] for row in rows]


def import_cost(module: str, repeat: int = 3) -> float:
    """Seconds a fresh interpreter spends importing ``module`` (best of ``repeat``)."""
    code = f"import time; s = time.perf_counter(); import {module}; print(time.perf_counter() - s)"
    best = float("inf")
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        best = min(best, float(done.stdout.strip().splitlines()[-1]))
    return best


def _slowest_sentence(stats_file: Path, at: tuple[int, int]) -> str:
    rows = [r for r in stage_rows(stats_file, short=True) if r[0]]
    top = [r for r in rows if not r[4]]
    nested = [r for r in rows if r[4]]
    if not top:
        return "see (d)."
    best = max(top, key=lambda r: float(r[2]))
    text = f"in the {at[0]}-factor × {at[1]}-language build, {best[0]} takes {best[3]} of the profiled build"
    text += f" ({best[1]} calls)"
    if nested:
        sub = max(nested, key=lambda r: float(r[2]))
        text += f"; the largest nested stage is {sub[0]}, {sub[3]}"
    return text + " (see d)."


def headline(scaled_profile_file: Path, scaled_at: tuple[int, int]) -> str:
    return f"- **Slowest stage (d):** {_slowest_sentence(scaled_profile_file, scaled_at)}"


def section(
    profile_seconds: float,
    unprofiled_seconds: float,
    profile_file: Path,
    scaled_profile: dict[str, Any] | None,
    scaled_profile_file: Path,
    scaled_at: tuple[int, int] | None,
    imports: dict[str, float],
) -> str:
    out: list[str] = []
    add = out.append
    add("## (d) Profile of one warm full English build\n")
    add(
        f"cProfile of `build_site()` on the English copy with a warm PDF cache: {fmt_s(profile_seconds)} s under "
        f"the profiler (about {fmt_s(unprofiled_seconds)} s without). Seconds are inflated by the "
        "profiler, most for code making many small Python calls.\n"
    )
    add("Top 10 functions by cumulative time:\n")
    add(table(["function", "calls", "cumulative s", "own s"], top_functions(profile_file, "cumulative"), "lrrr"))
    add("")
    add("Top 10 functions by own time:\n")
    add(table(["function", "calls", "cumulative s", "own s"], top_functions(profile_file, "tottime"), "lrrr"))
    add("")
    add("Time by stage (cumulative; nested stages marked …):\n")
    add(table(["stage", "calls", "s", "share of build"], stage_rows(profile_file), "lrrr"))
    add("")
    if scaled_profile is not None and scaled_at is not None:
        factors, languages = scaled_at
        add(f"### Profile of a larger build: {factors} synthetic factors × {languages} languages (warm)\n")
        add(
            f"The same build as in (b), in its own process under cProfile: {fmt_s(scaled_profile['seconds'])} s "
            f"under the profiler.\n"
        )
        add(table(["stage", "calls", "s", "share of build"], stage_rows(scaled_profile_file), "lrrr"))
        add("")
        add("Top 10 functions by cumulative time:\n")
        add(
            table(
                ["function", "calls", "cumulative s", "own s"], top_functions(scaled_profile_file, "cumulative"), "lrrr"
            )
        )
        add("")
    if imports:
        add("Import cost in a fresh interpreter (best of 3), which every `handbook build` process pays:\n")
        add(table(["import", "s"], [[f"`{m}`", f"{s:.3f}"] for m, s in imports.items()], "lr"))
        add("")
    return "\n".join(out)
