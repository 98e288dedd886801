"""What every benchmark shares: timing, medians, Markdown tables, the machine it ran on."""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


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
    """The checked-out commit, read from .git without running git (also in a worktree, whose .git is a file)."""
    git = ROOT / ".git"
    try:
        common = git
        if git.is_file():  # a worktree: "gitdir: <folder>", whose commondir leads to the shared refs
            git = Path(git.read_text().split(":", 1)[1].strip())
            common = (git / (git / "commondir").read_text().strip()) if (git / "commondir").exists() else git
        ref = (git / "HEAD").read_text().strip()
        if ref.startswith("ref: "):
            name = ref[5:]
            target = common / name
            if target.exists():
                return f"{name.rsplit('/', 1)[-1]} @ {target.read_text().strip()[:12]}"
            packed = common / "packed-refs"
            if packed.exists():
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + name):
                        return f"{name.rsplit('/', 1)[-1]} @ {line[:12]}"
            return name
        return ref[:12]
    except OSError:
        return "unknown (no .git)"
