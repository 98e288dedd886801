"""Session plan pages → timed blocks, and blocks → a plan of any length: the session builder's templates.

The 90-minute session and the half-day workshop are guide pages whose timetable
a trainer reads and a translator translates. They stay the only place their
timings are written: the builder reads each timetable from the page, and the
English page says what each row is (a dimension, a step of the cycle) so that a
translation only has to keep its rows and minutes in step with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import HandbookError, Problem
from .i18n import GuidePage
from .model import DIMENSION_IDS, STEP_IDS, Catalogue

PLAN_PAGES: dict[str, str] = {"session-90": "course/session-90.md", "half-day": "course/workshop-half-day.md"}
"""The fixed plans the builder starts from, by key."""
LENGTHS: dict[int, str] = {45: "session-90", 90: "session-90", 180: "half-day"}
"""Each length the builder offers, and the plan it is made from (45 minutes is the 90-minute session, shortened)."""
UNIT = 5
"""Every block lasts a whole number of these minutes."""

ROW = re.compile(r"^\|\s*(\d+):(\d\d)\s*\|\s*(\d+)\s*\|(.*)\|\s*$")
HEADER = re.compile(r"^\|(.*)\|\s*$")
LINK = re.compile(r"\]\(\.\./(?:model|worksheets)/([a-z]+)\.md")
WORKSHEET_LINK = re.compile(r"\]\(\.\./worksheets/([a-z]+)\.md")
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Block:
    """One row of a timetable."""

    start: int
    """Minutes from the beginning, as the page gives it."""
    minutes: int
    cells: tuple[str, str, str]
    """What happens, materials, what the facilitator says and asks: Markdown, as on the page."""
    line: int
    """Where the row is in the page (1-based)."""
    kind: str = "other"
    """``dimension``, a step of the cycle (``reaction``, ``interaction``, ``action``) or ``other``."""
    dimension: str | None = None
    worksheets: tuple[str, ...] = ()
    """The worksheets the row links to, by key."""


@dataclass(frozen=True)
class Plan:
    """A fixed session plan, as read from its page."""

    key: str
    path: str
    title: str
    header: tuple[str, ...]
    """The timetable's column headings, in the page's language."""
    blocks: tuple[Block, ...]

    @property
    def length(self) -> int:
        return sum(b.minutes for b in self.blocks)


@dataclass(frozen=True)
class Slot:
    """A stretch of a built plan: one or more template blocks run together."""

    start: int
    minutes: int
    blocks: tuple[int, ...]
    """Indices into the template's blocks."""


def read_timetable(key: str, page: GuidePage, file: str, problems: list[Problem]) -> Plan | None:
    """The timetable of a plan page: rows that start at 0:00 and follow on, minute for minute."""
    lines = page.text.split("\n")
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), key)
    blocks: list[Block] = []
    header: tuple[str, ...] = ()
    for number, line in enumerate(lines, start=1):
        row = ROW.match(line)
        if row is None:
            if blocks:
                break  # the timetable is one table; the rest of the page is notes
            continue
        if not blocks and number >= 3 and HEADER.match(lines[number - 3]):  # its headings, above the --- row
            header = tuple(c.strip() for c in lines[number - 3].strip().strip("|").split("|"))
        hours, minutes, length, rest = row.groups()
        cells = tuple(c.strip() for c in rest.split(" | "))
        start = int(hours) * 60 + int(minutes)
        expected = sum(b.minutes for b in blocks)
        where = f"timetable row {len(blocks) + 1}"
        if len(cells) != 3:
            problems.append(Problem(file, number, 1, where, f"has {len(cells) + 2} columns, not 5", _HINT))
            continue
        if start != expected:
            problems.append(
                Problem(
                    file,
                    number,
                    3,
                    where,
                    f"starts at {_clock(start)}, but the rows before it end at {_clock(expected)}",
                    "each row starts when the one before it ends",
                )
            )
        if int(length) == 0 or int(length) % UNIT:
            problems.append(Problem(file, number, 1, where, f"lasts {length} minutes", f"use a multiple of {UNIT}"))
        blocks.append(Block(expected, int(length), (cells[0], cells[1], cells[2]), number))
    if not blocks or len(header) != 5:
        problems.append(Problem(file, 0, 0, "", "no timetable found", _HINT))
        return None
    return Plan(key, page.path, title, header, tuple(blocks))


_HINT = "the timetable is a table with the columns: start (h:mm) | minutes | what happens | materials | says and asks"


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def classify(plan: Plan, english: Catalogue, file: str, problems: list[Problem]) -> Plan:
    """Say what each row of the English plan is: a dimension (by the page it links to) or a step (by its title)."""
    steps = {s.id: re.compile(rf"\b{re.escape(s.title)}\b", re.I) for s in english.cycle.steps}
    blocks = []
    found: dict[str, int] = {}
    for block in plan.blocks:
        what, materials, _ = block.cells
        title = BOLD.search(what)
        step = next((s for s in STEP_IDS if title and steps[s].search(title.group(1))), None)
        dimensions = {d for d in LINK.findall(what + materials) if d in DIMENSION_IDS}
        kind, dimension = "other", None
        if step:
            kind = step
        elif len(dimensions) == 1:
            kind, dimension = "dimension", dimensions.pop()
        found[kind] = found.get(kind, 0) + 1
        sheets = tuple(dict.fromkeys(WORKSHEET_LINK.findall(what + materials)))
        blocks.append(Block(block.start, block.minutes, block.cells, block.line, kind, dimension, sheets))
    for step in STEP_IDS:
        if found.get(step) != 1:
            problems.append(
                Problem(
                    file,
                    0,
                    0,
                    "timetable",
                    f"{found.get(step, 0)} rows are the step '{step}', not one",
                    f"name the step in exactly one row's bold title, e.g. **{english.step(step).title}.**",
                )
            )
    return Plan(plan.key, plan.path, plan.title, plan.header, tuple(blocks))


def align(translated: Plan, english: Plan, file: str, problems: list[Problem]) -> Plan:
    """A translated plan takes the English rows' kinds; its rows and minutes must match the English page."""
    if [b.minutes for b in translated.blocks] != [b.minutes for b in english.blocks]:
        problems.append(
            Problem(
                file,
                translated.blocks[0].line,
                1,
                "timetable",
                "its rows or minutes differ from the English page's timetable",
                f"keep the same rows with the same minutes as content/en/{english.path}",
            )
        )
        return english
    blocks = tuple(
        Block(t.start, t.minutes, t.cells, t.line, e.kind, e.dimension, e.worksheets)
        for t, e in zip(translated.blocks, english.blocks, strict=True)
    )
    return Plan(translated.key, translated.path, translated.title, translated.header, blocks)


def fit(plan: Plan, length: int, focus: frozenset[str]) -> tuple[Slot, ...]:
    """The template's blocks fitted to ``length`` minutes, for the chosen dimensions (none chosen: all three).

    Blocks on dimensions not chosen are left out. When a short session has too many
    blocks, neighbours are run together (dimensions first, the smallest next; a
    step of the cycle always keeps a slot of its own). Minutes are then shared in
    proportion to the template's, in whole units, and always add up to ``length``.
    """
    chosen = focus or frozenset(DIMENSION_IDS)
    groups = [[i] for i, b in enumerate(plan.blocks) if b.kind != "dimension" or b.dimension in chosen]
    units = length // UNIT
    most = max(len(STEP_IDS) + 1, units * 2 // 3)

    def minutes(group: list[int]) -> int:
        return sum(plan.blocks[i].minutes for i in group)

    def alone(group: list[int]) -> bool:
        return any(plan.blocks[i].kind in STEP_IDS for i in group)

    def dimensions(group: list[int]) -> bool:
        return all(plan.blocks[i].kind == "dimension" for i in group)

    while len(groups) > most:
        pairs = [
            (not (dimensions(a) and dimensions(b)), minutes(a) + minutes(b), n)
            for n, (a, b) in enumerate(zip(groups, groups[1:], strict=False))
            if not alone(a) and not alone(b)
        ]
        if not pairs:
            break
        n = min(pairs)[2]
        groups[n : n + 2] = [groups[n] + groups[n + 1]]
    total = sum(minutes(g) for g in groups)
    ideal = [minutes(g) * units / total for g in groups]
    shares = [max(1, int(x)) for x in ideal]
    # Hand out what is left by the largest remainder; the steps of the cycle first when it is a tie.
    order = sorted(range(len(groups)), key=lambda n: (-(ideal[n] - shares[n]), not alone(groups[n]), n))
    left = units - sum(shares)
    for n in (order * units)[: max(0, left)]:
        shares[n] += 1
    while sum(shares) > units:  # more blocks at one unit than there are units: take from the longest
        shares[max(range(len(shares)), key=lambda n: (shares[n], -n))] -= 1
    slots, start = [], 0
    for group, share in zip(groups, shares, strict=True):
        slots.append(Slot(start, share * UNIT, tuple(group)))
        start += share * UNIT
    return tuple(slots)


def focus_keys() -> list[frozenset[str]]:
    """Every choice of dimensions the builder can make; the empty choice means all three."""
    return [frozenset(d for n, d in enumerate(DIMENSION_IDS) if mask >> n & 1) for mask in range(1, 8)]


__all__ = [
    "LENGTHS",
    "PLAN_PAGES",
    "Block",
    "Plan",
    "Slot",
    "align",
    "classify",
    "fit",
    "focus_keys",
    "read_timetable",
    "session_plans",
]


def session_plans(
    english: Catalogue, english_pages: dict[str, GuidePage], code: str, pages: dict[str, GuidePage]
) -> dict[str, Plan]:
    """One language's fixed plans, as the builder's templates; none when a plan page is missing.

    Raises with every problem found: a timetable that does not add up, a step of
    the cycle no row names, a translation whose rows differ from the English.
    """
    if any(path not in english_pages or path not in pages for path in PLAN_PAGES.values()):
        return {}
    problems: list[Problem] = []
    plans: dict[str, Plan] = {}
    for key, path in PLAN_PAGES.items():
        source = f"content/en/{path}"
        plan = read_timetable(key, english_pages[path], source, problems)
        if plan is None:
            continue
        plan = classify(plan, english, source, problems)
        page = pages[path]
        if code != "en" and page.status != "missing":
            file = f"content/{code}/{path}"
            translated = read_timetable(key, page, file, problems)
            plan = align(translated, plan, file, problems) if translated else plan
        plans[key] = plan
    if problems:
        raise HandbookError(problems)
    return plans
