"""(e) A cold build against its floor: every language with every PDF from an empty cache, against WeasyPrint alone.

The floor is WeasyPrint rendering the very documents the build makes (the same HTML, stylesheets, fonts and
options), spread over as many worker processes as the build uses, and nothing else: no catalogues, no MkDocs,
no cache. The two alternate in one run, so the ratio is measured side by side.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import chdir, fmt_s, log, median, table, timed

LIMIT = 1.5
"""The issue's bound: a cold build may take at most this many times WeasyPrint's own time."""


@dataclass
class FloorResult:
    documents: int = 0
    workers: int = 1
    build: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    pdfs: int = 0


def all_printables(root: Path) -> list[str]:
    """The HTML of every PDF the build makes, every language, exactly as the plugin makes it."""
    import markdown
    from mkdocs.config import load_config

    from generator.assemble import pdf_jobs
    from generator.project import gather

    config = load_config(str(root / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    project = gather(root)
    # The build's own list of PDFs, so the floor always renders exactly what a cold build renders.
    return [
        job.html
        for language in project.languages
        for job in pdf_jobs(project, language.code, lambda text: converter.reset().convert(text))
    ]


def weasyprint_only(html: str) -> int:
    """WeasyPrint's own work for one document: HTML and stylesheets in, PDF bytes out."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from generator.pdf import ASSETS, OPTIONS, STYLESHEETS

    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=str(ASSETS / "stylesheets") + "/")
    stylesheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in STYLESHEETS]
    return len(document.write_pdf(stylesheets=stylesheets, font_config=fonts, **OPTIONS))


def render_floor(documents: list[str], workers: int) -> None:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        sizes = list(pool.map(weasyprint_only, documents))
    assert all(sizes)


def bench_floor(root: Path, work: Path, repeat: int) -> FloorResult:
    from generator.build import build_site

    documents = all_printables(root)
    workers = min(len(documents), os.cpu_count() or 1)
    result = FloorResult(documents=len(documents), workers=workers)
    with chdir(root):
        for index in range(repeat):
            cache = work / f"floor-cache-{index}"
            os.environ["HANDBOOK_PDF_CACHE"] = str(cache)

            def cold(cache: Path = cache) -> None:
                report = build_site(root, root / "site")
                if report.pdfs_rendered != len(documents):
                    raise RuntimeError(f"the cold build rendered {report.pdfs_rendered} of {len(documents)} PDFs")
                result.pdfs = report.pdfs

            def floor() -> None:
                render_floor(documents, workers)

            if index % 2 == 0:  # alternate which goes first, so drift hits both alike
                b, _ = timed(cold)
                f, _ = timed(floor)
            else:
                f, _ = timed(floor)
                b, _ = timed(cold)
            shutil.rmtree(cache, ignore_errors=True)
            result.build.append(b)
            result.floor.append(f)
            result.ratios.append(b / f)
            log(f"(e) pair {index + 1}/{repeat}: cold build {b:.1f}s, WeasyPrint alone {f:.1f}s, ratio {b / f:.2f}")
    return result


def headline(result: FloorResult) -> str:
    ratio = median(result.ratios)
    verdict = "within" if ratio <= LIMIT else "above"
    return (
        f"- **Cold build against its floor (e):** every language with all {result.pdfs} PDFs from an empty cache "
        f"takes **{ratio:.2f}×** WeasyPrint's own time for the same {result.documents} documents ({verdict} the "
        f"{LIMIT}× bound; medians {fmt_s(median(result.build))} s vs {fmt_s(median(result.floor))} s)."
    )


def section(result: FloorResult) -> str:
    rows: list[list[Any]] = [
        ["Cold `build_site`, every language, empty PDF cache", fmt_s(median(result.build)), fmt_s(min(result.build))],
        [
            f"WeasyPrint alone, the same {result.documents} documents",
            fmt_s(median(result.floor)),
            fmt_s(min(result.floor)),
        ],
    ]
    return "\n".join(
        [
            "## (e) Cold build against its floor: WeasyPrint's own time\n",
            "*Cold* builds the whole handbook (every language) with a new, empty PDF cache, so every PDF is "
            "rendered. *WeasyPrint alone* renders the same HTML documents with the same stylesheets, fonts and "
            f"options over the same number of worker processes ({result.workers}), and does nothing else. They "
            "alternate in one process; which goes first alternates.\n",
            table(["", "median s", "min s"], rows, "lrr"),
            "",
            f"Median of per-pair ratios cold build / WeasyPrint alone: **{median(result.ratios):.2f}** "
            f"(pairs: {', '.join(f'{r:.2f}' for r in result.ratios)}; bound {LIMIT}).\n",
        ]
    )
