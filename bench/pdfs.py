"""(c) PDF rendering: the real English printables rendered from an empty cache, then from the filled cache."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import fmt_s, log, mb, median, table, timed

TITLE = "PDF rendering, cold vs cached"


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


def ratio(pdf: PdfResult) -> float:
    return median([c / w for c, w in zip(pdf.cold, pdf.cached, strict=True)])


def headline(pdf: PdfResult) -> str:
    return (
        f"- **PDF cache (c):** rendering the {pdf.count} English PDFs from an empty cache takes "
        f"{fmt_s(median(pdf.cold))} s; from the cache {median(pdf.cached) * 1000:.1f} ms "
        f"— **{ratio(pdf):,.0f}×** faster."
    )


def section(pdf: PdfResult) -> str:
    out: list[str] = []
    add = out.append
    pdf_ratio = ratio(pdf)
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
    return "\n".join(out)
