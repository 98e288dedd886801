"""Catalogue + session plans → the session builder page, with its data embedded as JSON.

The page's script only chooses among plans computed here (every length and
choice of dimensions) and fills in the chosen factors' questions: the timings
and their arithmetic live in Python, where they are tested. The data sits in a
``<script type="application/json">`` block because a page opened from disk
cannot fetch a file beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from ..model import STEP_IDS, Catalogue, Factor
from ..plans import LENGTHS, Plan, fit, focus_keys
from . import environment, relative_url
from .markdown import PAPERS, Download
from .worksheet import WORKSHEETS, script_strings, worksheet_title

PAGE = "course/builder.md"
MD_LINK = re.compile(r'href="([^":#]+)\.md(#[^"]*)?"')


def _cell_html(markdown: str, to_html: Callable[[str], str]) -> str:
    """One timetable cell as inline HTML, its links pointing at the built pages (``.md`` → ``.html``)."""
    html = to_html(markdown).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return MD_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)


def _factor(factor: Factor) -> dict[str, Any]:
    user_questions = tuple(getattr(factor, "user_questions", None) or ())  # a newer catalogue field; may be absent
    english = {f for f in factor.fallback if f == "title" or f.startswith(("questions", "user_questions"))}
    return {
        "id": factor.id,
        "dimension": factor.dimension,
        "kind": factor.kind.value,
        "title": factor.title,
        "questions": {step: list(getattr(factor.questions, step)) for step in STEP_IDS},
        "userQuestions": list(user_questions),
        "english": sorted(english),
    }


def builder_data(
    catalogue: Catalogue,
    plans: dict[str, Plan],
    english_pages: set[str],
    downloads: list[Download],
    to_html: Callable[[str], str],
) -> dict[str, Any]:
    """Everything the builder page's script needs, as plain JSON-ready data."""
    templates = {
        key: {
            "title": plan.title,
            "href": relative_url(PAGE, plan.path),
            "english": plan.path in english_pages,
            "header": list(plan.header),
            "blocks": [
                {
                    "kind": block.kind,
                    "dimension": block.dimension,
                    "cells": [_cell_html(cell, to_html) for cell in block.cells],
                    "worksheets": list(block.worksheets),
                }
                for block in plan.blocks
            ],
        }
        for key, plan in plans.items()
    }
    timings = {
        str(length): {
            "+".join(sorted(focus)): [[s.start, s.minutes, list(s.blocks)] for s in fit(plans[key], length, focus)]
            for focus in focus_keys()
        }
        for length, key in LENGTHS.items()
    }

    def pdfs(key: str) -> list[dict[str, str]]:
        found = sorted((d for d in downloads if d.key == key), key=lambda d: PAPERS.index(d.paper))
        return [{"label": catalogue.t(f"paper_{d.paper}"), "href": relative_url(PAGE, d.path)} for d in found]

    return {
        "language": catalogue.language,
        "templateFor": {str(length): key for length, key in LENGTHS.items()},
        "templates": templates,
        "timings": timings,
        "dimensions": [{"id": d.id, "title": d.title, "english": "title" in d.fallback} for d in catalogue.dimensions],
        "factors": [_factor(f) for f in catalogue.factors],
        "worksheets": [
            {
                "key": k,
                "title": worksheet_title(catalogue, k),
                "href": relative_url(PAGE, f"worksheets/{k}.md"),
                "pdfs": pdfs(f"worksheet-{k}"),
            }
            for k in WORKSHEETS
        ],
        "cards": {
            "title": catalogue.t("builder_cards"),
            "href": relative_url(PAGE, "cards.md"),
            "pdfs": pdfs("factor-cards"),
        },
        "guide": relative_url(PAGE, "course/index.md"),
        "strings": script_strings(catalogue, "builder"),
    }


def render_builder_page(catalogue: Catalogue, data: dict[str, Any]) -> str:
    """The builder page: its form (shown by the script), the fixed plans without JavaScript, and its data."""
    return environment.get_template("builder.md").render(
        catalogue=catalogue,
        t=catalogue.t,
        lang=lambda key: Markup(' lang="en"') if key in catalogue.fallback_strings else "",
        data=data,
        lengths=list(LENGTHS),
        plans=[(t["title"], t["href"]) for t in data["templates"].values()],
    )


__all__ = ["PAGE", "builder_data", "render_builder_page"]
