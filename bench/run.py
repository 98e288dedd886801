"""Benchmark of the handbook build; writes bench/results.md and prints it.

    .venv/bin/python bench/run.py            # full run (about 5-8 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # 2 repeats, 100 and 300 factors only

Everything happens in copies of the project in a temporary folder (the
project itself, its site/, build/ and .cache/ are not touched or used):

(a) Generator overhead: the full English handbook (``build_site`` on a copy
    holding English only, PDF cache warm) against a plain ``mkdocs build`` of
    the very Markdown, PDFs and SVGs the handbook stages, run alternately in
    one process; medians and the median of the per-pair ratios.
(b) Scaling: synthetic catalogues of 100/300/1000 factors × 1/2/4 languages,
    each build in a subprocess of its own (wall time and peak memory), the
    second of two builds with the same PDF cache.
(c) PDF rendering: the English printables rendered with ``render_pdfs`` from
    an empty cache and again from the filled cache, alternately.
(d) A cProfile of one warm full English build (and of one larger synthetic
    build): top functions and time per stage.

Timings on a shared machine are noisy: compare the ratios, which are measured
side by side in one run, rather than absolute seconds between runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.synth import copy_project, make_synthetic_project  # noqa: E402

LANGUAGE_COUNTS = (1, 2, 4)
FULL_SIZES = (100, 300, 1000)
QUICK_SIZES = (100, 300)


# ----------------------------------------------------------------------------- helpers


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    return timed_cpu(action)[::2]


def timed_cpu(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, this process's CPU seconds, and the result."""
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - started, time.process_time() - cpu_started, result


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.2f}"


def mb(size: float) -> str:
    return f"{size / 1e6:.1f}"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class chdir:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.previous = Path.cwd()
        os.chdir(self.path)

    def __exit__(self, *exc: object) -> None:
        os.chdir(self.previous)


def table(header: list[str], rows: list[list[Any]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- machine


def machine_info() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    versions = []
    from importlib import metadata

    for name in ("mkdocs", "mkdocs-material", "weasyprint", "pydantic", "PyYAML", "Markdown", "Jinja2"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return [
        ("Date", dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("Platform", platform.platform()),
        ("CPU", cpu),
        ("Cores", f"{os.cpu_count()} logical, {usable} usable by this process"),
        ("Memory", memory),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("Packages", ", ".join(versions) + f" (libyaml available: {yaml.__with_libyaml__})"),
        ("Handbook source", _source_revision()),
    ]


def _source_revision() -> str:
    """The checked-out commit, read from .git without running git."""
    head = ROOT / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
        if ref.startswith("ref: "):
            name = ref[5:]
            target = ROOT / ".git" / name
            if target.exists():
                return f"{name.rsplit('/', 1)[-1]} @ {target.read_text().strip()[:12]}"
            packed = ROOT / ".git" / "packed-refs"
            if packed.exists():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + name):
                        return f"{name.rsplit('/', 1)[-1]} @ {line[:12]}"
            return name
        return ref[:12]
    except OSError:
        return "unknown (no .git)"


# ----------------------------------------------------------------------------- (c) PDFs


@dataclass
class PdfResult:
    count: int
    total_bytes: int
    html_bytes: int
    kinds: dict[str, tuple[int, int]]
    cold: list[float] = field(default_factory=list)
    cached: list[float] = field(default_factory=list)
    workers: int = 1


def english_printables(root: Path) -> list[Any]:
    """The English PDF jobs exactly as the plugin makes them (same HTML, so the same cache keys)."""
    import markdown
    from mkdocs.config import load_config

    from generator.assemble import course_html
    from generator.pdf import PdfJob
    from generator.project import gather
    from generator.render.printable import printable_documents

    config = load_config(str(root / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    project = gather(root, only="en")
    pages = course_html(project, "en", lambda text: converter.reset().convert(text))
    documents = printable_documents(project.catalogues["en"], project.version, pages)
    return [PdfJob(p.path, p.html) for p in documents]


def bench_pdfs(root: Path, work: Path, repeat: int) -> tuple[PdfResult, Path]:
    import weasyprint  # noqa: F401  imported once up front, so no round pays for the import

    from generator.pdf import render_pdfs

    jobs = english_printables(root)
    result = None
    keep = None
    for round_ in range(repeat):
        cache = work / f"pdf-cache-{round_}"
        seconds, (pdfs, rendered) = timed(lambda cache=cache: render_pdfs(jobs, cache))
        if rendered != len(jobs):
            raise RuntimeError(f"cold PDF round rendered {rendered} of {len(jobs)}")
        again, (pdfs2, rendered2) = timed(lambda cache=cache: render_pdfs(jobs, cache))
        if rendered2 != 0 or pdfs2 != pdfs:
            raise RuntimeError("the second render_pdfs call did not come from the cache")
        if result is None:
            kinds: dict[str, tuple[int, int]] = {}
            for path, data in pdfs.items():
                name = path.rsplit("/", 1)[-1]
                kind = "worksheets" if name.startswith("worksheet-") else name.split("-en-")[0]
                count, size = kinds.get(kind, (0, 0))
                kinds[kind] = (count + 1, size + len(data))
            result = PdfResult(len(pdfs), sum(map(len, pdfs.values())), sum(len(j.html.encode()) for j in jobs), kinds)
            result.workers = min(len(jobs), os.cpu_count() or 1)
            keep = cache
        else:
            shutil.rmtree(cache, ignore_errors=True)
        result.cold.append(seconds)
        result.cached.append(again)
        log(f"(c) round {round_ + 1}/{repeat}: cold {seconds:.2f}s, cached {again * 1000:.1f}ms")
    assert result is not None and keep is not None
    return result, keep


# ----------------------------------------------------------------------------- (a) overhead


class _EnvLoader(yaml.SafeLoader):
    pass


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    values = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [None]
    return values[-1]


_EnvLoader.add_constructor("!ENV", _env_tag)


def plain_config(root: Path, docs: Path, site: Path) -> Path:
    """A plain mkdocs.yml for the staged English pages: same theme and Markdown, no handbook plugin."""
    source = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    theme = dict(source["theme"])
    theme["custom_dir"] = str((root / theme.get("custom_dir", "overrides")).resolve())
    config: dict[str, Any] = {
        key: source[key] for key in ("site_name", "site_description", "site_author", "copyright") if key in source
    }
    config.update(
        {
            "docs_dir": str(docs),
            "site_dir": str(site),
            "use_directory_urls": False,
            "strict": source.get("strict", False),
            "theme": theme,
            "extra_css": source.get("extra_css", []),
            "plugins": ["search", "offline"],
            "markdown_extensions": source.get("markdown_extensions", []),
            "extra": {
                "generator": source.get("extra", {}).get("generator", False),
                "polyfills": source.get("extra", {}).get("polyfills", []),
            },
        }
    )
    if "validation" in source:
        config["validation"] = source["validation"]
    folder = root / "plain"
    folder.mkdir(exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@dataclass
class OverheadResult:
    handbook: list[float] = field(default_factory=list)
    plain: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    handbook_cpu: list[float] = field(default_factory=list)
    plain_cpu: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)
    first: Any = None
    pages_handbook: int = 0
    pages_plain: int = 0
    staged_files: int = 0


def bench_overhead(root: Path, cache: Path, repeat: int) -> OverheadResult:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.build import build_site

    os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
    result = OverheadResult()
    site = root / "site"
    with chdir(root):
        _, result.first = timed(lambda: build_site(root, site))  # stages build/docs/en; PDFs from (c)'s cache
        docs = root / "build" / "docs" / "en"
        result.staged_files = sum(1 for p in docs.rglob("*") if p.is_file())
        plain_yml = plain_config(root, docs, root / "plain-site")

        def handbook() -> tuple[float, float]:
            seconds, cpu, report = timed_cpu(lambda: build_site(root, site))
            if report.pdfs_rendered:
                log(f"(a) warning: a warm build rendered {report.pdfs_rendered} PDFs")
            result.pages_handbook = report.pages
            return seconds, cpu

        def plain() -> tuple[float, float]:
            return timed_cpu(lambda: mkdocs_build(load_config(str(plain_yml))))[:2]

        plain()  # once untimed, like the handbook's first build: caches, imports
        for index in range(repeat):
            if index % 2 == 0:  # alternate which goes first, so drift hits both alike
                h, h_cpu = handbook()
                p, p_cpu = plain()
            else:
                p, p_cpu = plain()
                h, h_cpu = handbook()
            result.handbook.append(h)
            result.plain.append(p)
            result.ratios.append(h / p)
            result.handbook_cpu.append(h_cpu)
            result.plain_cpu.append(p_cpu)
            result.cpu_ratios.append(h_cpu / p_cpu)
            log(f"(a) pair {index + 1}/{repeat}: handbook {h:.2f}s, plain mkdocs {p:.2f}s, ratio {h / p:.2f}")
        result.pages_plain = sum(1 for p in (root / "plain-site").rglob("*.html") if p.name != "404.html")
    return result


# ----------------------------------------------------------------------------- (b) scaling


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


# ----------------------------------------------------------------------------- (d) profile


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


# ----------------------------------------------------------------------------- report


def report(
    args: argparse.Namespace,
    started: float,
    pdf: PdfResult,
    overhead: OverheadResult,
    cells: list[Cell],
    sizes: tuple[int, ...],
    profile_seconds: float,
    profile_file: Path,
    scaled_profile: dict[str, Any] | None,
    scaled_profile_file: Path,
    scaled_at: tuple[int, int] | None,
    imports: dict[str, float],
) -> str:
    out: list[str] = []
    add = out.append
    mode = "quick" if args.quick else "full"
    add("# Handbook build benchmark\n")
    add(
        f"Written by `bench/run.py` ({mode} run, {args.repeat} repeats, sizes {', '.join(map(str, sizes))}; "
        f"took {(time.perf_counter() - started) / 60:.1f} min). Rerun with `make bench` "
        "(or `.venv/bin/python bench/run.py --quick` for a fast check). Times are wall-clock seconds; "
        "the machine may be shared, so read the **ratios**, which are measured side by side in this run.\n"
    )
    add("## Machine\n")
    add(table(["", ""], [[k, v] for k, v in machine_info()], "ll"))
    add("")

    # Headlines
    o_ratio = median(overhead.ratios)
    pdf_ratio = median([c / w for c, w in zip(pdf.cold, pdf.cached, strict=True)])
    add("## Headlines\n")
    lines = [
        f"- **Generator overhead (a):** a warm full English handbook build takes **{o_ratio:.2f}×** the time of a "
        f"plain `mkdocs build` of the same pre-rendered pages (median of {len(overhead.ratios)} alternating pairs; "
        f"medians {fmt_s(median(overhead.handbook))} s vs {fmt_s(median(overhead.plain))} s; "
        f"CPU-time ratio {median(overhead.cpu_ratios):.2f}).",
        f"- **PDF cache (c):** rendering the {pdf.count} English PDFs from an empty cache takes "
        f"{fmt_s(median(pdf.cold))} s; from the cache {median(pdf.cached) * 1000:.1f} ms "
        f"— **{pdf_ratio:,.0f}×** faster.",
    ]
    if cells:
        largest = max(cells, key=lambda c: (c.factors, c.languages))
        smallest = min(cells, key=lambda c: (c.factors, c.languages))
        lines.append(
            f"- **Scaling (b):** warm builds range from {fmt_s(smallest.warm['seconds'])} s "
            f"({smallest.factors} factors × {smallest.languages} language) to {fmt_s(largest.warm['seconds'])} s "
            f"({largest.factors} factors × {largest.languages} languages, peak {largest.warm['max_rss_mb']:.0f} MB); "
            f"{_growth_sentence(cells, sizes)}"
        )
    if scaled_profile is not None and scaled_at is not None:
        lines.append(f"- **Slowest stage (d):** {_slowest_sentence(scaled_profile_file, scaled_at)}")
    add("\n".join(lines) + "\n")

    # (a)
    add("## (a) Generator overhead: handbook build vs plain MkDocs\n")
    add(
        "Both build the English handbook from a copy of the project holding English only. *Handbook* is "
        "`build_site()` (validate catalogues, render pages/SVGs/printables, PDFs from a warm cache, stage the "
        "docs folder, MkDocs with the handbook plugin, offline zip). *Plain* is `mkdocs build` of the staged "
        "folder `build/docs/en` (the same pre-rendered Markdown, PDFs and SVGs) with the same theme, "
        "overrides, Markdown extensions, CSS, search and offline plugins, no nav and no handbook plugin. "
        "They run alternately in one process (which goes first alternates), after one untimed build of each.\n"
    )

    def timing_row(label: str, wall: list[float], cpu: list[float], pages: int) -> list[object]:
        return [label, fmt_s(median(wall)), fmt_s(min(wall)), fmt_s(max(wall)), fmt_s(median(cpu)), pages]

    rows = [
        timing_row(
            "Handbook (`build_site`, warm PDF cache)", overhead.handbook, overhead.handbook_cpu, overhead.pages_handbook
        ),
        timing_row(
            "Plain `mkdocs build` of the staged pages", overhead.plain, overhead.plain_cpu, overhead.pages_plain
        ),
    ]
    add(table(["Build", "median s", "min s", "max s", "median CPU s", "HTML pages"], rows, "lrrrrr"))
    add("")
    add(
        f"Median of per-pair ratios handbook/plain: **{o_ratio:.2f}** "
        f"(pairs: {', '.join(f'{r:.2f}' for r in overhead.ratios)}); of CPU time: "
        f"**{median(overhead.cpu_ratios):.2f}** (less disturbed by other load on the machine). "
        f"Generator overhead per build ≈ {fmt_s(median(overhead.handbook) - median(overhead.plain))} s. "
        f"Staged docs folder: {overhead.staged_files} files. First (untimed) handbook build: "
        f"{overhead.first.pdfs_rendered} of {overhead.first.pdfs} PDFs rendered (the cache came from part c).\n"
    )

    # (b)
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
    if args.real_pdfs:
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

    # (c)
    add("## (c) PDF rendering: the real English printables, cold vs cached\n")
    add(
        f"`render_pdfs()` on every English printable exactly as the build makes them (five worksheets, the card "
        f"deck and the course pack, each in A4 and US Letter): first with an empty cache folder (WeasyPrint, "
        f"{pdf.workers} worker processes on this machine), then again with the same folder (all from the cache). "
        f"Rounds alternate cold/cached, each cold round with a fresh folder.\n"
    )
    rows = [
        ["Cold (empty cache)", fmt_s(median(pdf.cold)), fmt_s(min(pdf.cold)), fmt_s(max(pdf.cold))],
        ["Cached (second call)", f"{median(pdf.cached):.4f}", f"{min(pdf.cached):.4f}", f"{max(pdf.cached):.4f}"],
    ]
    add(table(["render_pdfs", "median s", "min s", "max s"], rows, "lrrr"))
    add("")
    add(
        f"Median of per-round ratios cold/cached: **{pdf_ratio:,.0f}×**. "
        f"{pdf.count} PDFs, {mb(pdf.total_bytes)} MB in all, from {mb(pdf.html_bytes)} MB of HTML; "
        f"cold rendering costs {median(pdf.cold) / pdf.count:.2f} s per PDF (wall, in parallel).\n"
    )
    add(
        table(
            ["Printable", "PDFs", "MB"],
            [[kind, count, mb(size)] for kind, (count, size) in sorted(pdf.kinds.items())],
            "lrr",
        )
    )
    add("")

    # (d)
    add("## (d) Profile of one warm full English build\n")
    add(
        f"cProfile of `build_site()` on the English copy with a warm PDF cache: {fmt_s(profile_seconds)} s under "
        f"the profiler (about {fmt_s(median(overhead.handbook))} s without). Seconds are inflated by the "
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
    return "\n".join(out).rstrip() + "\n"


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


# ----------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the handbook build; writes bench/results.md.")
    parser.add_argument("--repeat", type=int, default=None, help="alternating pairs in (a) (default 5, --quick 2)")
    parser.add_argument("--quick", action="store_true", help="2 repeats, 100 and 300 factors only")
    parser.add_argument(
        "--sizes", type=lambda s: tuple(int(x) for x in s.split(",")), help="factor counts for (b), e.g. 100,300"
    )
    parser.add_argument(
        "--real-pdfs", action="store_true", help="(b): fill each cell's PDF cache with WeasyPrint (slow)"
    )
    parser.add_argument(
        "--cell-runs", type=int, default=1, help="(b): warm builds per cell, median reported (default 1)"
    )
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()
    args.repeat = args.repeat or (2 if args.quick else 5)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    if args.repeat < 1 or args.cell_runs < 1 or not sizes or min(sizes) < 3:
        parser.error("--repeat and --cell-runs must be at least 1, and every size at least 3")
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.pop("HANDBOOK_LANGUAGE", None)

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    try:
        log(f"working in {work}")
        english = copy_project(work / "english", languages=("en",))

        log(f"(c) PDF rendering, {min(args.repeat, 3)} cold/cached rounds")
        pdf, warm_cache = bench_pdfs(english, work, min(args.repeat, 3))

        log(f"(a) generator overhead, {args.repeat} alternating pairs")
        overhead = bench_overhead(english, warm_cache, args.repeat)

        log("(d) profile of one warm English build")
        profile_file = work / "english.prof"
        profile_seconds = profile_build(english, warm_cache, profile_file)

        scaled_at = (sizes[1] if len(sizes) > 1 else sizes[0], 2)
        scaled_profile_file = work / "scaled.prof"
        log(f"(b) scaling: {', '.join(map(str, sizes))} factors × {', '.join(map(str, LANGUAGE_COUNTS))} languages")
        cells, scaled_profile = bench_scaling(
            work, sizes, args.real_pdfs, args.cell_runs, scaled_at, scaled_profile_file
        )

        imports = {m: import_cost(m) for m in ("weasyprint", "generator.build")}

        text = report(
            args, started, pdf, overhead, cells, sizes, profile_seconds, profile_file,
            scaled_profile, scaled_profile_file, scaled_at, imports,
        )  # fmt: skip
        args.output.write_text(text, encoding="utf-8")
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


if __name__ == "__main__":
    sys.exit(main())
