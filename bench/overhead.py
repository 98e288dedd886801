"""(a) Generator overhead: a warm English handbook build against a plain ``mkdocs build`` of the same pages, alternately."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.common import chdir, fmt_s, log, median, table, timed, timed_cpu


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
    from generator.plugin import COMPILED_TEMPLATES

    os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
    result = OverheadResult()
    site = root / "site"
    with chdir(root):
        _, result.first = timed(lambda: build_site(root, site))  # stages build/docs/en; PDFs from (c)'s cache
        docs = root / "build" / "docs" / "en"
        result.staged_files = sum(1 for p in docs.rglob("*") if p.is_file())
        plain_yml = plain_config(root, docs, root / "plain-site")

        def handbook() -> tuple[float, float]:
            # Both compile the theme's templates, as a build in a new process does: the handbook keeps them for
            # the next build in its process (a preview's rebuilds), plain MkDocs does not.
            COMPILED_TEMPLATES.clear()
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


def headline(overhead: OverheadResult) -> str:
    return (
        f"- **Generator overhead (a):** a warm full English handbook build takes **{median(overhead.ratios):.2f}×** "
        f"the time of a plain `mkdocs build` of the same pre-rendered pages (median of {len(overhead.ratios)} "
        f"alternating pairs; medians {fmt_s(median(overhead.handbook))} s vs {fmt_s(median(overhead.plain))} s; "
        f"CPU-time ratio {median(overhead.cpu_ratios):.2f})."
    )


def section(overhead: OverheadResult) -> str:
    out: list[str] = []
    add = out.append
    o_ratio = median(overhead.ratios)
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
    return "\n".join(out)
