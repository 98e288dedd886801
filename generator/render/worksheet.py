"""Catalogue → worksheet and card-deck HTML, the one source for the site and the PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..interface import SCRIPT_KEYS
from ..model import Catalogue, CycleStep, Dimension, Factor, Kind
from . import environment
from .svg import render_triangle

WORKSHEETS: tuple[str, ...] = ("resources", "discourses", "contexts", "cycle", "blank", "together")
"""Every worksheet, by key: one per dimension, a whole cycle, a blank triangle, a user and staff side by side."""

CARDS_PER_SHEET = 4
CARD_COLUMNS = 2


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    lines: int


@dataclass(frozen=True)
class Part:
    step: CycleStep
    questions: tuple[str, ...] = ()
    checklist: tuple[tuple[str, tuple[Factor, ...]], ...] = ()
    columns: tuple[Column, ...] = ()
    label: str = ""
    lines: int = 0
    plan: int = 0


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    lead: str
    svg: Markup
    parts: tuple[Part, ...] = field(default=())


def footer_text(catalogue: Catalogue, version: str) -> str:
    """Provenance printed on every sheet, so a page found in a drawer says where it came from."""
    return catalogue.t(
        "footer_line", title=catalogue.t("handbook_title"), version=version, language=catalogue.t("language_name")
    )


def script_strings(catalogue: Catalogue, script: str) -> dict[str, object]:
    """The interface strings a page's script shows (``answers_clear`` as ``clear``), and which are still English."""
    keys = SCRIPT_KEYS[script]
    short = len(script) + 1
    return {
        "text": {k[short:]: catalogue.t(k) for k in keys},
        "english": [k[short:] for k in keys if k in catalogue.fallback_strings],
    }


@dataclass(frozen=True)
class TogetherQuestion:
    """One question of the together sheet: a user-side question, and the factor and dimension it comes from."""

    dimension: Dimension
    factor: Factor
    text: str


def together_questions(catalogue: Catalogue) -> tuple[TogetherQuestion, ...]:
    """Two questions per dimension: the first user-side question of its first barrier and of its first enabler.

    Few enough that both people have room to write on one page; the factor cards carry every other question.
    """
    chosen = []
    for dimension in catalogue.dimensions:
        for kind in (Kind.barrier, Kind.enabler):
            # A network's own factor may have no user-side question: take the first factor that has one.
            factor = next((f for f in dimension.of_kind(kind) if f.user_questions), None)
            if factor is not None:
                chosen.append(TogetherQuestion(dimension, factor, factor.user_questions[0]))
    return tuple(chosen)


def worksheet_title(catalogue: Catalogue, key: str) -> str:
    if key == "together":
        return catalogue.t("worksheet_together_title")
    if key == "cycle":
        return catalogue.t("worksheet_cycle_title")
    if key == "blank":
        return catalogue.t("worksheet_blank_title")
    return catalogue.t("worksheet_for", dimension=catalogue.dimension(key).title)


def worksheet_lead(catalogue: Catalogue, key: str) -> str:
    """The text under a worksheet's title, on the sheet and in the list of worksheets."""
    if key == "together":
        return catalogue.t("worksheet_together_intro")
    if key == "blank":
        return catalogue.t("worksheet_blank_intro")
    if key == "cycle":
        return catalogue.cycle.short
    return catalogue.dimension(key).short


def build_sheet(catalogue: Catalogue, key: str, hrefs: dict[str, str]) -> Sheet:
    """The content of one worksheet: which questions, checklists and writing spaces."""
    reaction, interaction, action = catalogue.cycle.steps
    uid = f"ws-{key}"
    if key == "together":
        svg = Markup(render_triangle(catalogue, hrefs, uid=uid))
        return Sheet(key, worksheet_title(catalogue, key), worksheet_lead(catalogue, key), svg)
    if key == "blank":
        svg = Markup(render_triangle(catalogue, {}, uid=uid, blank=True))
        columns = tuple(Column(d.id, d.title, 4) for d in catalogue.dimensions)
        parts = (
            Part(reaction, questions=reaction.questions[:1], columns=columns),
            Part(interaction, questions=interaction.questions[:2], label=catalogue.t("worksheet_our_notes"), lines=3),
            Part(action, questions=action.questions[:1], plan=2),
        )
        return Sheet(key, worksheet_title(catalogue, key), worksheet_lead(catalogue, key), svg, parts)
    if key == "cycle":
        svg = Markup(render_triangle(catalogue, hrefs, uid=uid))
        columns = tuple(Column(d.id, d.title, 4) for d in catalogue.dimensions)
        parts = (
            Part(reaction, questions=reaction.questions[:2], columns=columns),
            Part(interaction, questions=interaction.questions[:3], label=catalogue.t("worksheet_our_notes"), lines=4),
            Part(action, questions=action.questions[:2], plan=3),
        )
        return Sheet(key, worksheet_title(catalogue, key), worksheet_lead(catalogue, key), svg, parts)
    dimension = catalogue.dimension(key)
    svg = Markup(render_triangle(catalogue, hrefs, highlight=key, uid=uid))
    checklist = tuple(
        (kind.value, dimension.of_kind(kind)) for kind in (Kind.barrier, Kind.enabler) if dimension.of_kind(kind)
    )
    parts = (
        Part(reaction, checklist=checklist, label=catalogue.t("worksheet_own_factors"), lines=2),
        Part(interaction, questions=dimension.guiding_questions[:3], label=catalogue.t("worksheet_our_notes"), lines=3),
        Part(action, questions=action.questions[:1], plan=3),
    )
    return Sheet(key, worksheet_title(catalogue, key), worksheet_lead(catalogue, key), svg, parts)


def render_worksheet(catalogue: Catalogue, key: str, hrefs: dict[str, str], version: str) -> str:
    """Catalogue → the HTML of one worksheet (an ``<article>``)."""
    sheet = build_sheet(catalogue, key, hrefs)
    template = "together.html" if key == "together" else "worksheet.html"
    return environment.get_template(template).render(
        sheet=sheet,
        catalogue=catalogue,
        t=catalogue.t,
        footer=footer_text(catalogue, version),
        questions=together_questions(catalogue) if key == "together" else (),
    )


def crop_marks(columns: int, rows: int, card_width: float, card_height: float) -> list[str]:
    """Inline styles of the short lines that show where to cut, outside the card grid."""
    marks: list[str] = []
    gap, length = 2, 7
    for i in range(columns + 1):
        x = i * card_width
        marks.append(f"left:{x}mm;top:-{gap + length}mm;width:0;height:{length}mm")
        marks.append(f"left:{x}mm;top:{rows * card_height + gap}mm;width:0;height:{length}mm")
    for j in range(rows + 1):
        y = j * card_height
        marks.append(f"top:{y}mm;left:-{gap + length}mm;height:0;width:{length}mm")
        marks.append(f"top:{y}mm;left:{columns * card_width + gap}mm;height:0;width:{length}mm")
    return marks


CARD_WIDTH_MM, CARD_HEIGHT_MM = 84, 118
"""Card size: the grid, the crop marks and the stylesheet all take it from here."""


def card_sheets(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Fronts and backs in printing order; each back mirrors its front so duplex (long edge) lines up."""
    factors = list(catalogue.factors)
    sheets: list[dict[str, Any]] = []
    for start in range(0, len(factors), CARDS_PER_SHEET):
        chunk: list[Factor | None] = list(factors[start : start + CARDS_PER_SHEET])
        chunk += [None] * (CARDS_PER_SHEET - len(chunk))
        number = start // CARDS_PER_SHEET + 1
        mirrored: list[Factor | None] = []
        for row in range(0, CARDS_PER_SHEET, CARD_COLUMNS):
            mirrored += list(reversed(chunk[row : row + CARD_COLUMNS]))
        sheets.append({"side": "front", "cards": chunk, "label": f"{catalogue.t('card_front')} {number}"})
        sheets.append({"side": "back", "cards": mirrored, "label": f"{catalogue.t('card_back')} {number}"})
    return sheets


def render_cards(catalogue: Catalogue, version: str) -> str:
    """Catalogue → the HTML of the printable card deck."""
    rows = CARDS_PER_SHEET // CARD_COLUMNS
    return environment.get_template("cards.html").render(
        catalogue=catalogue,
        t=catalogue.t,
        sheets=card_sheets(catalogue),
        marks=crop_marks(CARD_COLUMNS, rows, CARD_WIDTH_MM, CARD_HEIGHT_MM),
        footer=f"{catalogue.t('handbook_title')} · CC BY 4.0",
        card_width=CARD_WIDTH_MM,
        card_height=CARD_HEIGHT_MM,
    )
