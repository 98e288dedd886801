"""Catalogue → SVG triangle: the whole model, or one dimension highlighted.

Geometry and text fitting live here; markup lives in ``templates/triangle.svg``.
Every label is wrapped with the real advance widths of the site's font so it
stays inside its shape in any language; :func:`layout_triangle` exposes the
measured layout so tests can prove it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..fonts import FONT_FAMILY, text_width, wrap
from ..model import Catalogue
from . import environment

WIDTH, HEIGHT = 720, 652
SIDE = 440.0
CENTRE_X = WIDTH / 2
APEX_Y = 80.0
TRIANGLE_HEIGHT = SIDE * math.sqrt(3) / 2
CENTROID_Y = APEX_Y + TRIANGLE_HEIGHT * 2 / 3
CYCLE_RADIUS = 292.0
PADDING = 10.0
LINE_GAP = 1.2
TITLE_SIZES = (28, 26, 24, 22, 20, 18, 16, 14)
DETAIL_SIZES = (16, 15, 14, 13, 12)
PILL_MAX_WIDTH = 210.0
PILL_SIZE = 18
CORNERS = {"resources": 0, "discourses": 1, "contexts": 2}
"""Which corner each dimension takes: top, bottom right, bottom left (clockwise, like the cycle)."""
STEP_ANGLES = {"reaction": -30.0, "interaction": 90.0, "action": 210.0}


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float
    """Baseline."""
    size: float
    bold: bool
    available: float
    """Width of the shape at this line's narrowest point, less padding."""

    @property
    def width(self) -> float:
        return text_width(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Region:
    key: str
    href: str
    label: str
    points: tuple[tuple[float, float], ...]
    lines: tuple[Line, ...]
    highlighted: bool
    dimmed: bool
    css: str


@dataclass(frozen=True)
class Pill:
    key: str
    href: str
    label: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Layout:
    uid: str
    title: str
    desc: str
    regions: tuple[Region, ...]
    pills: tuple[Pill, ...]
    arcs: tuple[str, ...]
    arrows: tuple[str, ...]
    width: int = WIDTH
    height: int = HEIGHT
    font_family: str = FONT_FAMILY
    problems: tuple[str, ...] = field(default=())


_FITTED: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("fitted_labels", default=None)
Fitted = TypeVar("Fitted")


@contextmanager
def labels_fitted_once() -> Iterator[None]:
    """Inside, each label is fitted to its shape once: a build draws a language's triangle many times (pages,
    worksheets, PDFs), with other links, highlights and ids but the same labels. Nothing outlives the block;
    a block inside another (a preview's pages making their printables) keeps the outer one's fits."""
    outer = _FITTED.get()
    token = _FITTED.set(outer if outer is not None else {})
    try:
        yield
    finally:
        _FITTED.reset(token)


def _once(key: tuple[Any, ...], fit: Callable[..., Fitted], *args: Any) -> Fitted:
    """``fit(*args)``, or what it gave before for the same ``key`` (what decides it), inside labels_fitted_once."""
    fitted = _FITTED.get()
    if fitted is None:
        return fit(*args)
    if key not in fitted:
        fitted[key] = fit(*args)
    return fitted[key]  # type: ignore[no-any-return]


def _glue_numbers(text: str) -> str:
    return re.sub(r"(\d+) ", "\\1\u00a0", text)


def _vertices() -> tuple[tuple[float, float], ...]:
    apex = (CENTRE_X, APEX_Y)
    right = (CENTRE_X + SIDE / 2, APEX_Y + TRIANGLE_HEIGHT)
    left = (CENTRE_X - SIDE / 2, APEX_Y + TRIANGLE_HEIGHT)
    return apex, right, left


def _mid(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


Paragraph = tuple[str, tuple[int, ...], bool]
"""A label's paragraph: its text, the font sizes to try (largest first), and whether it is bold."""
MAX_LINES = 6


def _fit_block(
    texts: list[Paragraph],
    top: float,
    bottom: float,
    centre_x: float,
    width_at: Callable[[float], float],
    anchor_bottom: bool,
    language: str,
) -> tuple[Line, ...] | None:
    """Lay out paragraphs inside a shape whose width varies with y; None if they cannot fit."""
    # Whole words at any size first; split a word with a hyphen only if nothing else fits.
    for hyphenate in (False, True):
        for shrink in range(max(len(sizes) for _, sizes, _ in texts)):
            sizes = [candidates[min(shrink, len(candidates) - 1)] for _, candidates, _ in texts]
            lines = _try_layout(texts, sizes, top, bottom, centre_x, width_at, anchor_bottom, hyphenate, language)
            if lines is not None:
                return lines
    return None


def _try_layout(
    texts: list[Paragraph],
    sizes: list[int],
    top: float,
    bottom: float,
    centre_x: float,
    width_at: Callable[[float], float],
    anchor_bottom: bool,
    hyphenate: bool,
    language: str,
) -> tuple[Line, ...] | None:
    """One attempt at fixed sizes: wrap, place, re-wrap at each line's real width until stable."""
    widest = max(width_at(top), width_at(bottom)) - 2 * PADDING
    wrapped: list[list[str]] = []
    for (text, _, bold), size in zip(texts, sizes, strict=True):
        result = wrap(text, size, bold, [widest] * MAX_LINES, hyphenate, language)
        if result is None:
            return None
        wrapped.append(result)
    for _ in range(4):
        block = sum(size * LINE_GAP * len(w) for w, size in zip(wrapped, sizes, strict=True))
        start = bottom - block if anchor_bottom else top
        if start < top - 0.5 or start + block > bottom + 0.5:
            return None
        # The room each line would have where it sits: the narrower of its top and bottom edge.
        limits: list[list[float]] = []
        y = start
        for w, size in zip(wrapped, sizes, strict=True):
            step = size * LINE_GAP
            limits.append(
                [min(width_at(y + i * step), width_at(y + (i + 1) * step)) - 2 * PADDING for i in range(MAX_LINES)]
            )
            y += step * len(w)
        rewrapped = []
        for (text, _, bold), size, room in zip(texts, sizes, limits, strict=True):
            result = wrap(text, size, bold, room, hyphenate, language)
            if result is None:
                return None
            rewrapped.append(result)
        if rewrapped == wrapped:
            break
        wrapped = rewrapped
    else:
        return None
    lines: list[Line] = []
    y = start
    for w, size, room, (_, _, bold) in zip(wrapped, sizes, limits, texts, strict=True):
        for index, text in enumerate(w):
            lines.append(Line(text, centre_x, round(y + size * 0.95, 2), size, bold, room[index]))
            y += size * LINE_GAP
    if any(line.width > line.available + 0.01 for line in lines):
        return None
    return tuple(lines)


def layout_triangle(
    catalogue: Catalogue,
    hrefs: dict[str, str],
    highlight: str | None = None,
    uid: str = "pt",
    blank: bool = False,
) -> Layout:
    """Compute every shape and label of the triangle diagram.

    ``hrefs`` maps ``resources``, ``discourses``, ``contexts``, ``cycle`` and each
    step id to the URL a region links to (relative to the page that shows it).
    ``blank`` leaves out counts, for a team's own triangle.
    """
    apex, right, left = _vertices()
    m_ab, m_bc, m_ca = _mid(apex, right), _mid(right, left), _mid(left, apex)
    corner_shapes = [(apex, m_ab, m_ca), (m_ab, right, m_bc), (m_ca, m_bc, left)]
    half_height = TRIANGLE_HEIGHT / 2
    problems: list[str] = []
    regions: list[Region] = []
    for dimension in catalogue.dimensions:
        shape = corner_shapes[CORNERS[dimension.id]]
        top_y = min(p[1] for p in shape)
        bottom_y = top_y + half_height
        centre_x = sum(p[0] for p in shape) / 3

        def width_at(y: float, top_y: float = top_y) -> float:
            return max(0.0, (y - top_y) / half_height * SIDE / 2)

        count = catalogue.t(
            "count_barriers_enablers", barriers=len(dimension.barriers), enablers=len(dimension.enablers)
        )
        texts = [(dimension.title, TITLE_SIZES, True)]
        if not blank:
            texts.append((_glue_numbers(count), DETAIL_SIZES, False))
        top, bottom, language = top_y + half_height * 0.12, bottom_y - PADDING, catalogue.language
        lines = _once(
            ("corner", tuple(texts), top_y, top, bottom, centre_x, language),
            _fit_block,
            *(texts, top, bottom, centre_x, width_at, True, language),
        )
        if lines is None:
            problems.append(f"the label '{dimension.title}' does not fit its corner of the triangle")
            lines = ()
        regions.append(
            Region(
                key=dimension.id,
                href=hrefs.get(dimension.id, ""),
                label=catalogue.t("diagram_region_label", dimension=dimension.title, summary=count),
                points=shape,
                lines=lines,
                highlighted=highlight == dimension.id,
                dimmed=highlight is not None and highlight != dimension.id,
                css=f"pt-{dimension.id}",
            )
        )
    # The centre triangle points down: widest at its top edge.
    centre_top = m_ca[1]

    def centre_width(y: float) -> float:
        return max(0.0, (centre_top + half_height - y) / half_height * SIDE / 2)

    centre_text = catalogue.t("co_production")
    lines = _once(
        ("centre", centre_text, centre_top, catalogue.language),
        _fit_block,
        *([(centre_text, (18, 17, 16, 15, 14), True)], centre_top + PADDING, centre_top + half_height * 0.62),
        *(CENTRE_X, centre_width, False, catalogue.language),
    )
    if lines is None:
        problems.append(f"the label '{centre_text}' does not fit the centre of the triangle")
        lines = ()
    regions.append(
        Region(
            key="cycle",
            href=hrefs.get("cycle", ""),
            label=catalogue.t("diagram_centre_label"),
            points=(m_ca, m_ab, m_bc),
            lines=lines,
            highlighted=False,
            dimmed=highlight is not None,
            css="pt-centre",
        )
    )
    pills, arcs, arrows = _cycle(catalogue, hrefs, problems)
    dimensions = ", ".join(d.title for d in catalogue.dimensions)
    steps = " → ".join(s.title for s in catalogue.cycle.steps)
    title = catalogue.t("diagram_model_title")
    desc = catalogue.t("diagram_model_desc", dimensions=dimensions, steps=steps)
    if highlight is not None:
        dimension = catalogue.dimension(highlight)
        title = f"{catalogue.t('diagram_model_title')}: {dimension.title}"
        desc = catalogue.t("diagram_dimension_desc", dimension=dimension.title, summary=dimension.short) + " " + desc
    return Layout(uid, title, desc, tuple(regions), pills, arcs, arrows, problems=tuple(problems))


def _wrap_pill(text: str, language: str) -> tuple[list[str] | None, int]:
    """A step's label in its pill: the lines at the largest size that fits (None if none does), and the size."""
    inner = PILL_MAX_WIDTH - 2 * PADDING - 8
    wrapped = None
    size = PILL_SIZE
    for size in (PILL_SIZE, 17, 16, 15, 14):
        wrapped = wrap(text, size, True, [inner, inner], language=language)
        if wrapped is not None:
            break
    return wrapped, size


def _cycle(
    catalogue: Catalogue, hrefs: dict[str, str], problems: list[str]
) -> tuple[tuple[Pill, ...], tuple[str, ...], tuple[str, ...]]:
    pills: list[Pill] = []
    half_angles: dict[str, float] = {}
    for number, step in enumerate(catalogue.cycle.steps, start=1):
        angle = math.radians(STEP_ANGLES[step.id])
        x = CENTRE_X + CYCLE_RADIUS * math.cos(angle)
        y = CENTROID_Y + CYCLE_RADIUS * math.sin(angle)
        text = f"{number}\u00a0{step.title}"
        wrapped, size = _once(("pill", text, catalogue.language), _wrap_pill, text, catalogue.language)
        if wrapped is None:
            problems.append(f"the step '{step.title}' does not fit its label")
            wrapped = [text]
        width = min(PILL_MAX_WIDTH, max(text_width(t, size, True) for t in wrapped) + 2 * PADDING + 8)
        height = len(wrapped) * size * LINE_GAP + 14
        x = min(max(x, width / 2 + 2), WIDTH - width / 2 - 2)
        top = y - height / 2
        lines = tuple(
            Line(t, x, round(top + 7 + i * size * LINE_GAP + size * 0.95, 2), size, True, width - 2 * PADDING)
            for i, t in enumerate(wrapped)
        )
        pills.append(
            Pill(
                step.id,
                hrefs.get(step.id, hrefs.get("cycle", "")),
                catalogue.t("diagram_step_label", number=number, step=step.title),
                x,
                top,
                width,
                height,
                lines,
            )
        )
        half_angles[step.id] = math.degrees(math.asin(min(1.0, (width / 2 + 12) / CYCLE_RADIUS)))
    arcs: list[str] = []
    arrows: list[str] = []
    ids = [s.id for s in catalogue.cycle.steps]
    for index, step_id in enumerate(ids):
        following = ids[(index + 1) % len(ids)]
        start = STEP_ANGLES[step_id] + half_angles[step_id]
        end = STEP_ANGLES[following] + (360 if index == len(ids) - 1 else 0) - half_angles[following]
        a0, a1 = math.radians(start), math.radians(end)
        x0, y0 = CENTRE_X + CYCLE_RADIUS * math.cos(a0), CENTROID_Y + CYCLE_RADIUS * math.sin(a0)
        x1, y1 = CENTRE_X + CYCLE_RADIUS * math.cos(a1), CENTROID_Y + CYCLE_RADIUS * math.sin(a1)
        large = 1 if (end - start) > 180 else 0
        arcs.append(f"M {x0:.1f} {y0:.1f} A {CYCLE_RADIUS} {CYCLE_RADIUS} 0 {large} 1 {x1:.1f} {y1:.1f}")
        # Arrowhead pointing along the clockwise tangent at the arc's end.
        tx, ty = -math.sin(a1), math.cos(a1)
        nx, ny = math.cos(a1), math.sin(a1)
        tip = (x1 + tx * 4, y1 + ty * 4)
        base = (x1 - tx * 12, y1 - ty * 12)
        points = [tip, (base[0] + nx * 7, base[1] + ny * 7), (base[0] - nx * 7, base[1] - ny * 7)]
        arrows.append(" ".join(f"{px:.1f},{py:.1f}" for px, py in points))
    return tuple(pills), tuple(arcs), tuple(arrows)


def render_triangle(
    catalogue: Catalogue,
    hrefs: dict[str, str],
    highlight: str | None = None,
    uid: str = "pt",
    standalone: bool = False,
    blank: bool = False,
) -> str:
    """Catalogue → SVG markup of the triangle (inline, or a standalone file)."""
    layout = layout_triangle(catalogue, hrefs, highlight, uid, blank)
    markup = environment.get_template("triangle.svg").render(
        layout=layout, standalone=standalone, lang=catalogue.language
    )
    return markup.strip() + ("\n" if standalone else "")
