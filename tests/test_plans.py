"""The session builder's templates: the fixed plan pages' timetables, fitted to every length and focus."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from generator.errors import HandbookError
from generator.model import DIMENSION_IDS
from generator.plans import LENGTHS, PLAN_PAGES, fit, focus_keys, session_plans
from generator.project import gather

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_plans() -> dict[str, Any]:
    project = gather(ROOT)
    return session_plans(project.catalogues["en"], project.guides["en"], "en", project.guides["en"])


def test_every_length_and_focus_adds_up_exactly(real_plans: dict[str, Any]) -> None:
    for (length, key), focus in product(LENGTHS.items(), focus_keys()):
        slots = fit(real_plans[key], length, focus)
        start = 0
        for slot in slots:
            assert slot.start == start and slot.minutes > 0 and slot.minutes % 5 == 0, (length, focus, slots)
            start += slot.minutes
        assert start == length, f"{length} minutes on {sorted(focus)} adds up to {start}"
        used = [i for slot in slots for i in slot.blocks]
        steps = [real_plans[key].blocks[i].kind for i in used]
        assert [s for s in steps if s in ("reaction", "interaction", "action")] == ["reaction", "interaction", "action"]
        dimensions = {real_plans[key].blocks[i].dimension for i in used} - {None}
        assert dimensions == set(focus), f"{length} minutes on {sorted(focus)} covers {dimensions}"


def test_the_fixed_plans_are_the_builders_templates(real_plans: dict[str, Any]) -> None:
    """Ninety minutes on all three dimensions is the 90-minute page's timetable, row for row."""
    page = (ROOT / "content/en" / PLAN_PAGES["session-90"]).read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+):(\d\d) \| (\d+) \|", page, re.M)
    expected = [(int(h) * 60 + int(m), int(n)) for h, m, n in rows]
    slots = fit(real_plans["session-90"], 90, frozenset(DIMENSION_IDS))
    assert [(s.start, s.minutes) for s in slots] == expected


def test_a_translated_timetable_that_differs_is_a_located_error(project: Path) -> None:
    page = project / "content/sv/course/session-90.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| 0:10 | 10 |", "| 0:10 | 15 |", 1), encoding="utf-8")
    loaded = gather(project)
    with pytest.raises(HandbookError) as raised:
        session_plans(loaded.catalogues["en"], loaded.guides["en"], "sv", loaded.guides["sv"])
    report = raised.value.report()
    line = text[: text.index("| 0:10 | 10 |")].count("\n") + 1
    assert f"content/sv/course/session-90.md:{line + 1}:3: timetable row 3: starts at 0:20, but" in report, report
    assert "content/sv/course/session-90.md:" in report and "differ from the English page" in report, report


def test_each_script_shows_each_string_it_is_given() -> None:
    """The strings a page hands its script are the ones the script shows: none missing, none unused."""
    from generator.interface import SCRIPT_KEYS

    scripts = {"answers": "worksheet-answers.js", "builder": "session-builder.js"}
    for name, keys in SCRIPT_KEYS.items():
        code = (ROOT / "overrides/assets/javascripts" / scripts[name]).read_text(encoding="utf-8")
        named = set(re.findall(r'(?:say|sayEl\("\w+",|make\("\w+",)\s*"(\w+)"', code))
        quoted = set(re.findall(r'"(\w+)"', code))
        given = {k[len(name) + 1 :] for k in keys}
        assert named <= given, f"{scripts[name]} shows strings the page does not give it: {sorted(named - given)}"
        assert given <= quoted, f"{scripts[name]} never shows {sorted(given - quoted)}"


def test_handbook_check_reports_a_timetable_that_does_not_add_up(project: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    page = project / "content/en/course/workshop-half-day.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("| 1:50 | 20 |", "| 1:55 | 20 |", 1), encoding="utf-8")
    line = text[: text.index("| 1:50 | 20 |")].count("\n") + 1
    result = CliRunner().invoke(main, ["check", str(project / "factors")])
    assert result.exit_code != 0
    assert f"content/en/course/workshop-half-day.md:{line}:3: timetable row 8: starts at 1:55" in result.output
    assert "Traceback" not in result.output
