"""Worksheets on screen and the session builder, as a trainer and a coach use them in a real browser.

Answers typed into a worksheet stay in that browser (and a fresh profile sees none),
travel only in a file the reader saves and opens (checked first), and print on one
page. Every plan the builder can make adds up to its length, and its address brings
it back (the timing arithmetic itself is tested without a browser in test_plans.py).
"""

# ruff: noqa: F811 - the browser fixtures of test_browser.py are imported, then named as test arguments
from __future__ import annotations

import io
import json
import re
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from test_browser import (  # noqa: F401 - fixtures are used by name
    LANGUAGES,
    SAMPLE_LANGUAGES,
    Tabs,
    Watch,
    axe_script,
    axe_violations,
    base_url,
    browser,
    chromium,
    looking_contexts,
    looking_tabs,
    new_context,
    offline,
    site,
)

from generator.plans import LENGTHS, focus_keys

pytestmark = pytest.mark.browser

SHEET = "worksheets/resources.html"
STORAGE = "power-triangle-handbook:worksheet:resources"
FOCUS_CHOICES = [(), *(tuple(sorted(f)) for f in focus_keys())]


# --- Worksheets in the browser ---------------------------------------------------------------------------------


@pytest.fixture
def fresh(browser: Any) -> Any:
    """A new, empty browser profile each time it is called; every one is closed at the end. Material's search
    does not start (no test here searches; each page load would otherwise build the whole index)."""
    made: list[Any] = []

    def new(**options: Any) -> Any:
        context = new_context(browser, search=False, **options)
        made.append(context)
        page = context.new_page()
        page.watch = Watch(page)
        return page

    yield new
    for context in made:
        context.close()


@pytest.fixture
def tab(looking_tabs: Tabs, request: pytest.FixtureRequest) -> Any:
    """A tab each time it is called, lent from the module's shared browser context (Tabs): for the session builder,
    which keeps nothing in the browser (its choices live in the address)."""

    def lend() -> Any:
        page = looking_tabs.lend(False)
        page.watch = Watch(page)
        return page

    with looking_tabs.turn(request):
        yield lend


def _fill(page: Any) -> dict[str, Any]:
    """Tick the first barrier, write in two places: what was entered, by field name."""
    box = page.locator(".pt-sheet input[type=checkbox]").first
    box.check()
    page.locator("input[name=resources-team]").fill("Team Esther, ward 4")
    page.locator("textarea[name=resources-interaction-notes]").fill("Staffing and attitudes feed each other.")
    return {
        box.get_attribute("name"): True,
        "resources-team": "Team Esther, ward 4",
        "resources-interaction-notes": "Staffing and attitudes feed each other.",
    }


def _answers(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('.pt-sheet [name]')]
            .filter(f => f.type === 'checkbox' ? f.checked : f.value)
            .map(f => [f.name, f.type === 'checkbox' ? true : f.value]))"""
    )


def _no_foreign(page: Any) -> None:
    page.watch.settle(page)
    assert not page.watch.foreign(served=True), page.watch.foreign(served=True)
    assert not page.watch.errors, page.watch.errors


def test_answers_survive_a_reload_and_a_fresh_profile_sees_none(fresh: Any, base_url: str) -> None:
    page = fresh()
    page.goto(base_url + SHEET)
    note = page.locator(".pt-answers-privacy")
    assert note.is_visible() and "never sent" in note.inner_text()
    entered = _fill(page)
    page.reload()
    assert _answers(page) == entered
    _no_foreign(page)

    other = fresh()
    other.goto(base_url + SHEET)
    assert _answers(other) == {}
    assert other.evaluate(f"localStorage.getItem({STORAGE!r})") is None


def test_named_sessions_keep_their_own_answers(fresh: Any, base_url: str) -> None:
    page = fresh()
    page.goto(base_url + SHEET)
    first = _fill(page)
    page.get_by_label("New session, for example team and date").fill("Team B, 3 March")
    page.get_by_role("button", name="Start the new session").click()
    assert _answers(page) == {}
    assert "Team B, 3 March" in page.locator(".pt-answers-status").inner_text()
    page.locator("textarea[name=resources-interaction-notes]").fill("Only team B wrote this.")
    page.reload()
    assert _answers(page) == {"resources-interaction-notes": "Only team B wrote this."}
    page.get_by_label("Session", exact=True).select_option("My answers")
    assert _answers(page) == first
    page.reload()
    assert _answers(page) == first, "the session shown last is the one shown after a reload"


def test_clearing_asks_first(fresh: Any, base_url: str) -> None:
    page = fresh()
    page.goto(base_url + SHEET)
    entered = _fill(page)
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Clear answers").click()
    assert asked and "My answers" in asked[0]
    assert _answers(page) == entered, "saying no to the question cleared the answers"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear answers").click()
    assert _answers(page) == {}
    page.reload()
    assert _answers(page) == {}


def test_answers_saved_to_a_file_come_back_in_a_fresh_profile(fresh: Any, base_url: str, tmp_path: Path) -> None:
    page = fresh(accept_downloads=True)
    page.goto(base_url + SHEET)
    entered = _fill(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Save answers to a file").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    version = page.locator("meta[name=generator-handbook]").get_attribute("content")
    assert version and data["handbookVersion"] == version
    assert (data["worksheet"], data["language"], data["session"]) == ("resources", "en", "My answers")
    assert data["answers"] == entered

    other = fresh()
    other.goto(base_url + SHEET)
    with other.expect_file_chooser() as chooser:
        other.get_by_role("button", name="Open answers from a file").click()
    chooser.value.set_files(str(saved))
    other.locator(".pt-answers-status").filter(has_text=saved.name).wait_for()
    assert _answers(other) == entered
    other.reload()
    assert _answers(other) == entered, "opened answers are kept in the new browser"
    _no_foreign(other)


DAMAGED = {
    "not-json.json": "{ this is not JSON",
    "other-format.json": json.dumps({"format": "something-else", "answers": {}}),
    "wrong-types.json": json.dumps(
        {
            "format": "power-triangle-worksheet-answers",
            "formatVersion": 1,
            "worksheet": "resources",
            "session": "X",
            "answers": {"resources-team": ["a", "list"]},
        }
    ),
    "ticked-text.json": json.dumps(
        {
            "format": "power-triangle-worksheet-answers",
            "formatVersion": 1,
            "worksheet": "resources",
            "session": "X",
            "answers": {"resources-team": True},
        }
    ),
}


def test_a_wrong_or_damaged_file_is_refused_and_changes_nothing(fresh: Any, base_url: str, tmp_path: Path) -> None:
    page = fresh()
    page.goto(base_url + SHEET)
    entered = _fill(page)
    stored = page.evaluate(f"localStorage.getItem({STORAGE!r})")
    other_sheet = {
        "format": "power-triangle-worksheet-answers",
        "formatVersion": 1,
        "worksheet": "cycle",
        "session": "Team C",
        "answers": {"cycle-team": "C"},
    }
    files = {**DAMAGED, "cycle-answers.json": json.dumps(other_sheet)}
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.locator(".pt-answers input[type=file]").set_input_files(str(path))
        message = page.locator(".pt-answers-status").filter(has_text=name)
        message.wait_for()
        said = message.inner_text()
        assert "Nothing was changed" in said, f"{name}: {said}"
        if name == "cycle-answers.json":
            assert "another worksheet (cycle)" in said
        assert _answers(page) == entered, f"{name} changed the answers on screen"
        assert page.evaluate(f"localStorage.getItem({STORAGE!r})") == stored, f"{name} changed the saved answers"
        assert page.locator("#pt-answers-session option").all_inner_texts() == ["My answers"]


def _pdf_pages(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("sheet", ["resources", "cycle"])
def test_printing_with_answers_fits_one_page(fresh: Any, base_url: str, sheet: str) -> None:
    page = fresh()
    page.goto(f"{base_url}{LANGUAGES['sv']}worksheets/{sheet}.html")
    words = "Vi ser att brist på personal gör det svårt att lära känna brukarna."
    page.locator("textarea").first.fill(words)  # typed, as a coach would; the rest filled at once
    page.evaluate(
        """words => document.querySelectorAll('.pt-sheet [name]').forEach(field => {
            if (field.type === 'checkbox') field.checked = true; else field.value = words;
            field.dispatchEvent(new Event('input', {bubbles: true}));
        })""",
        words,
    )
    page.reload()  # what is printed is what was kept
    page.emulate_media(media="print")
    assert not page.locator(".pt-answers").is_visible(), "the answer controls are printed"
    for paper in ("A4", "Letter"):
        pages, text = _pdf_pages(page.pdf(format=paper))
        assert pages == 1, f"{sheet} with answers prints on {pages} pages of {paper}"
        assert "brist på personal" in text, f"{sheet} printed on {paper} without the answers"


def test_without_javascript_the_sheet_prints_blank(fresh: Any, base_url: str) -> None:
    page = fresh(java_script_enabled=False)
    page.goto(base_url + SHEET)
    assert page.locator(".pt-answers").count() == 0, "controls shown where they cannot work"
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        assert _pdf_pages(page.pdf(format=paper))[0] == 1


def test_answers_are_kept_when_the_offline_copy_is_opened_from_disk(fresh: Any, offline: Path) -> None:
    page = fresh()
    url = (offline / SHEET).as_uri()
    page.goto(url)
    entered = _fill(page)
    page.goto(url)
    assert _answers(page) == entered
    page.watch.settle(page)
    assert not page.watch.foreign(served=False)


# --- The session builder in the browser ------------------------------------------------------------------------

READ_PLAN = """() => ({
    rows: [...document.querySelectorAll('.pt-builder-table tbody tr')].map(r =>
        [+r.dataset.start, +r.dataset.minutes, r.cells[0].textContent, r.dataset.step || '']),
    text: document.querySelector('.pt-builder-output').innerText,
    address: document.querySelector('.pt-builder-address').href,
    form: [...document.querySelectorAll('.pt-builder-form input:checked')].map(i => i.name + '=' + i.value),
})"""


CHOOSE = """([length, room, focus]) => {
    const form = document.querySelector('.pt-builder-form');
    for (const input of form.querySelectorAll('input')) {
        input.checked = input.name === 'length' ? input.value === String(length)
            : input.name === 'room' ? input.value === room : focus.includes(input.value);
    }
    form.dispatchEvent(new Event('change', {bubbles: true}));
}"""


def _choose(page: Any, length: int, room: str, focus: tuple[str, ...]) -> None:
    """Set the whole form at once, as the trainer's clicks would, then let the page hear of it."""
    page.evaluate(CHOOSE, [length, room, list(focus)])


@pytest.mark.slow
def test_every_builder_choice_adds_up_and_its_address_brings_it_back(tab: Any, base_url: str) -> None:
    page = tab()
    page.goto(base_url + "course/builder.html")
    page.get_by_label("180 minutes").check()  # once by hand, as a trainer would
    page.get_by_label("Staff with users or relatives").check()
    assert page.evaluate(READ_PLAN)["address"].endswith("#length=180&room=users&focus=")
    factor = page.locator("input[name=factor]").first.get_attribute("value")
    choices = [*product(LENGTHS, ("staff", "users"), FOCUS_CHOICES), (45, "users", (factor,))]
    restored = tab()
    for length, room, focus in choices:
        _choose(page, length, room, focus)
        plan = page.evaluate(READ_PLAN)
        rows = plan["rows"]
        assert rows[0][0] == 0
        for (start, minutes, shown, _), following in zip(rows, [*rows[1:], None], strict=True):
            assert shown == f"{start // 60}:{start % 60:02d}"
            assert start + minutes == (following[0] if following else length), (length, room, focus, rows)
        assert sum(r[1] for r in rows) == length
        assert [r[3] for r in rows if r[3]] == ["reaction", "interaction", "action"]
        restored.goto(plan["address"])
        again = restored.evaluate(READ_PLAN)
        assert again == plan, f"the address of {length}/{room}/{focus} brings back another plan"
    _no_foreign(page)
    _no_foreign(restored)


def test_the_builder_asks_the_chosen_factors_questions(tab: Any, base_url: str, site: Path) -> None:
    data = json.loads(
        re.search(
            r'<script type="application/json" id="pt-builder-data">(.*?)</script>',
            (site / "course/builder.html").read_text(encoding="utf-8"),
            re.S,
        ).group(1)
    )
    contexts = [f for f in data["factors"] if f["dimension"] == "contexts"]
    first_barrier = next(f for f in contexts if f["kind"] == "barrier")
    factor = contexts[-1]  # not one the whole dimension would bring in
    page = tab()
    page.goto(f"{base_url}course/builder.html#length=180&room=staff&focus={factor['id']}")
    for step in ("reaction", "interaction", "action"):
        cell = page.locator(f".pt-builder-table tr[data-step={step}] td").last.inner_text()
        for question in factor["questions"][step]:
            assert question in cell, f"{step} lacks {question!r}"
        assert first_barrier["questions"][step][0] not in cell, f"{step} asks about a factor nobody chose"
    materials = page.locator(".pt-builder-materials").inner_text()
    assert "contexts" in page.locator(".pt-builder-materials a").evaluate_all("a => a.map(x => x.href).join(' ')")
    assert "resources.html" not in page.locator(".pt-builder-materials a").evaluate_all(
        "a => a.map(x => x.href).join(' ')"
    ), materials
    page.locator("input[name=room][value=users]").check()
    with_users = [f for f in data["factors"] if f["userQuestions"]]
    if with_users:
        asked = with_users[0]
        page.goto(f"{base_url}course/builder.html#length=90&room=users&focus={asked['id']}")
        cell = page.locator(".pt-builder-table tr[data-step=interaction] td").last.inner_text()
        assert asked["userQuestions"][0] in cell


def test_the_builder_prints_on_as_few_pages_as_it_can(tab: Any, base_url: str) -> None:
    page = tab()
    page.goto(f"{base_url}course/builder.html#length=90&room=staff&focus=resources")
    page.emulate_media(media="print")
    assert not page.locator(".pt-builder-form").is_visible()
    for paper in ("A4", "Letter"):
        pages, text = _pdf_pages(page.pdf(format=paper))
        assert pages <= 2, f"a 90-minute plan prints on {pages} pages of {paper}"
        assert "1:25" in text


def test_the_builder_form_is_laid_out_before_its_script_runs(tab: Any, base_url: str) -> None:
    # What the first paint shows, whenever the script comes: the form (not the list for readers without
    # scripts) and room for the plan, so nothing below moves when the plan is drawn (layout shift).
    page = tab()
    page.route("**/session-builder.js", lambda route: route.abort())
    page.goto(f"{base_url}course/builder.html")
    assert page.locator(".pt-builder-form").is_visible()
    assert not page.locator(".pt-builder-nojs").is_visible()
    room = page.locator(".pt-builder-output").bounding_box()
    assert room is not None and room["height"] >= 300, room


def test_the_builder_works_from_disk(tab: Any, offline: Path) -> None:
    page = tab()
    url = (offline / "sv/course/builder.html").as_uri() + "#length=45&room=users&focus=discourses"
    page.goto(url)
    rows = page.evaluate(READ_PLAN)["rows"]
    assert sum(r[1] for r in rows) == 45
    page.watch.settle(page)
    assert not page.watch.foreign(served=False)
    crashed = [e for e in page.watch.errors if e.startswith("uncaught exception")]
    assert not crashed, crashed  # (Material's own look for a sitemap.xml fails on file://, harmlessly)


@pytest.mark.parametrize("code", SAMPLE_LANGUAGES)
def test_no_accessibility_violations_on_the_builder_with_a_plan(
    tab: Any, base_url: str, axe_script: Path, code: str
) -> None:
    # The worksheet's answer controls (SHEET) are checked by test_browser's crawl, every <details> opened.
    page = tab()
    page.goto(f"{base_url}{LANGUAGES[code]}course/builder.html#length=90&room=users&focus=resources")
    page.locator(".pt-builder-plan").first.wait_for()
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    report = axe_violations(page, axe_script)
    assert not report, f"{code} builder: axe finds\n{report}"
    assert page.locator("html").get_attribute("lang") == code
