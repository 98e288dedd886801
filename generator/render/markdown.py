"""Catalogue → the Markdown of every generated page of one language."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup

from ..model import Basis, Catalogue, Dimension, Factor, Kind, Level, Localised, Quote
from . import environment, relative_url
from .svg import render_triangle
from .text import block, inline, items
from .worksheet import (
    WORKSHEETS,
    render_cards,
    render_worksheet,
    script_strings,
    worksheet_lead,
    worksheet_title,
)

PAPERS: tuple[str, ...] = ("a4", "letter")
"""Every printable comes in these paper sizes."""
LEVEL_ORDER = [Level.user, Level.unit, Level.organisation, None]


@dataclass(frozen=True)
class Download:
    """A PDF the site links to: where it lives in the docs folder and how big it is."""

    key: str
    """``worksheet-resources``, ``factor-cards`` or ``course-pack``."""
    paper: str
    path: str
    size_kb: int | None
    """None while the PDF is still being made (previewing only)."""


def diagram_hrefs(from_page: str) -> dict[str, str]:
    """Where each region of the triangle links, relative to the page that shows it."""
    hrefs = {d: relative_url(from_page, f"model/{d}.md") for d in ("resources", "discourses", "contexts")}
    hrefs["cycle"] = relative_url(from_page, "model/cycle.md")
    for step in ("reaction", "interaction", "action"):
        hrefs[step] = relative_url(from_page, f"model/cycle.md#{step}")
    return hrefs


def diagram(catalogue: Catalogue, page: str, highlight: str | None = None, uid: str = "pt") -> Markup:
    return Markup(render_triangle(catalogue, diagram_hrefs(page), highlight=highlight, uid=uid))


def quotations(factor: Factor) -> list[tuple[Quote, str]]:
    """Each quotation with its translation in the page's language ('' where there is none)."""
    translations = list(factor.translated_quotes)
    return [(q, translations[i] if i < len(translations) else "") for i, q in enumerate(factor.quotes)]


def is_draft(*items: Localised) -> bool:
    """Whether any text shown comes from a draft translation: the page then says so, in its own language."""
    return any(item.draft for item in items)


def render_easy_read_icon(src: str) -> str:
    """An icon beside easy-read text; decorative (empty alt), since the text beside it says the same."""
    return environment.get_template("easy_read_icon.html").render(src=src).strip()


def _render(template: str, catalogue: Catalogue, **context: object) -> str:
    return environment.get_template(template).render(
        catalogue=catalogue,
        t=catalogue.t,
        inline=inline,
        block=block,
        items=items,
        related=catalogue.related_to,
        quotations=quotations,
        **context,
    )


def _sections(catalogue: Catalogue, dimension: Dimension) -> list[tuple[str, list[tuple[str, list[Factor]]]]]:
    """Barriers, then enablers; within each, factors grouped by level where the dimension has levels."""
    has_levels = any(f.level for f in dimension.factors)
    sections = []
    for kind in (Kind.barrier, Kind.enabler):
        factors = sorted(dimension.of_kind(kind), key=lambda f: LEVEL_ORDER.index(f.level))
        if not factors:
            continue
        if has_levels:
            groups = [
                (catalogue.t(f"level_{level.value}" if level else "level_none"), list(members))
                for level, members in groupby(factors, key=lambda f: f.level)
            ]
        else:
            groups = [("", factors)]
        sections.append((kind.value, groups))
    return sections


def basis_summary(catalogue: Catalogue, dimension: Dimension) -> str:
    """How many of a dimension's factors rest on what, e.g. "6 factors: 4 from the interviews, 2 from the Discussion"."""
    count = len(dimension.factors)
    factors = catalogue.t("factor_count_one") if count == 1 else catalogue.t("factor_count", count=count)
    parts = [
        catalogue.t(f"basis_count_{basis.value}", count=n)
        for basis in Basis
        if (n := sum(1 for f in dimension.factors if f.basis == basis))
    ]
    if local := sum(1 for f in dimension.factors if f.local):
        parts.append(catalogue.t("basis_count_local", count=local))
    return catalogue.t("basis_summary", factors=factors, parts=", ".join(parts))


def render_dimension_page(catalogue: Catalogue, dimension: Dimension) -> str:
    page = f"model/{dimension.id}.md"
    return _render(
        "dimension.md",
        catalogue,
        dimension=dimension,
        basis_summary=basis_summary(catalogue, dimension),
        svg=diagram(catalogue, page, dimension.id, uid=f"pt-{dimension.id}"),
        sections=_sections(catalogue, dimension),
        worksheet=f"../worksheets/{dimension.id}.md",
        draft=is_draft(dimension, *dimension.factors),
    )


def render_generated_pages(catalogue: Catalogue, downloads: list[Download], version: str) -> dict[str, str]:
    """Every generated page of one language, by docs path."""
    cycle = (catalogue.cycle, *catalogue.cycle.steps)
    pages: dict[str, str] = {
        "model/index.md": _render(
            "model_index.md",
            catalogue,
            svg=diagram(catalogue, "model/index.md"),
            draft=is_draft(*catalogue.dimensions, *cycle),
        ),
        "model/cycle.md": _render(
            "cycle.md", catalogue, svg=diagram(catalogue, "model/cycle.md", uid="pt-cycle"), draft=is_draft(*cycle)
        ),
        "model/factors.md": _render(
            "factors_index.md", catalogue, draft=is_draft(*catalogue.dimensions, *catalogue.factors)
        ),
        "glossary.md": _render("glossary.md", catalogue),
    }
    for dimension in catalogue.dimensions:
        pages[f"model/{dimension.id}.md"] = render_dimension_page(catalogue, dimension)

    def papers(page: str, key: str) -> list[dict[str, object]]:
        return [
            {"label": catalogue.t(f"paper_{d.paper}"), "href": relative_url(page, d.path), "size": d.size_kb}
            for d in _of(downloads, key)
        ]

    for key in WORKSHEETS:
        page = f"worksheets/{key}.md"
        pages[page] = _render(
            "worksheet_page.md",
            catalogue,
            title=worksheet_title(catalogue, key),
            html=Markup(render_worksheet(catalogue, key, diagram_hrefs(page), version)),
            papers=papers(page, f"worksheet-{key}"),
            key=key,
            version=version,
            strings=script_strings(catalogue, "answers"),
        )
    pages["worksheets/index.md"] = _render(
        "worksheets_index.md",
        catalogue,
        sheets=[
            {"key": k, "title": worksheet_title(catalogue, k), "lead": worksheet_lead(catalogue, k)} for k in WORKSHEETS
        ],
    )
    pages["cards.md"] = _render(
        "cards_page.md",
        catalogue,
        html=Markup(render_cards(catalogue, version)),
        papers=papers("cards.md", "factor-cards"),
    )
    rows = []
    for key, title in [
        *((f"worksheet-{k}", worksheet_title(catalogue, k)) for k in WORKSHEETS),
        ("factor-cards", catalogue.t("cards_title")),
        ("course-pack", catalogue.t("downloads_course_pack")),
        ("easy-read", catalogue.t("easy_read_handout")),
    ]:
        files = [{"href": d.path, "size": d.size_kb} for d in _of(downloads, key)]
        if files:
            rows.append({"title": title, "files": files})
    pages["downloads.md"] = _render(
        "downloads.md",
        catalogue,
        rows=rows,
        paper_names=[catalogue.t(f"paper_{p}") for p in PAPERS],
        slides=relative_url("downloads.md", "slides/index.html"),
    )
    return pages


def _of(downloads: list[Download], key: str) -> list[Download]:
    return sorted((d for d in downloads if d.key == key), key=lambda d: PAPERS.index(d.paper))
