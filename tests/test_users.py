"""The users' own way in: easy-read pages measured by `handbook check`, the user's side of every factor, and
the together worksheet, on screen, on paper and in every language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import heading_text
from markupsafe import escape
from pypdf import PdfReader

from generator.cli import main
from generator.project import gather
from generator.readability import measure, readability_problem

LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}
SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}
FOOTER_PT = 7.0
"""The provenance line at the foot of every printed page (sheets.css, @page)."""
EASY_READ = ("index", "three-parts", "notice-talk-act", "ask-for", "meeting")

EASY = """---
title: Easy
---

# Easy words

<!-- handbook:diagram model -->

This page is easy to read.
The words are short.
Each line says one thing.
"""
HARD_SENTENCE = (
    "Notwithstanding considerable organisational heterogeneity, co-productive improvement initiatives "
    "necessitate continuous institutional reconfiguration of asymmetrical professional relationships."
)
HARD = EASY + "\nIt is fine.\n" + HARD_SENTENCE + "\n"
SWEDISH_HARD = (
    "---\ntitle: Svår\n---\n\n# Svårt\n\nDet här är lätt.\n"
    "Samproduktionsinriktade förbättringsinitiativ förutsätter kontinuerlig organisatorisk omstrukturering "
    "av asymmetriska professionella maktförhållanden.\n"
)


def check(root: Path) -> Any:
    """`handbook check`, run from inside a project copy, as an editor would."""
    import os

    previous = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(previous)


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# --- 1. Readability ----------------------------------------------------------------------------------------


def test_readability_of_easy_text_passes_and_hard_text_fails_with_its_figure_and_longest_sentence() -> None:
    easy = measure(EASY, "en")
    assert easy is not None and easy.score >= 75, easy
    # Front matter, headings' marks and the diagram marker are not read as words.
    assert easy.words == 2 + 6 + 4 + 5, easy
    assert readability_problem(EASY, "en", "easy.md") is None

    problem = readability_problem(HARD, "en", "hard.md")
    assert problem is not None
    hard = measure(HARD, "en")
    assert hard is not None and hard.score < 75
    text = str(problem)
    assert text.startswith(f"hard.md:{line_of_text(HARD, HARD_SENTENCE)}:1: readability: Flesch reading ease is ")
    assert f"is {hard.score:g}; an easy-read page needs at least 75" in text
    assert HARD_SENTENCE in text  # the longest sentence, to shorten first

    sv = readability_problem(SWEDISH_HARD, "sv", "svår.md")
    assert sv is not None and "LIX is " in str(sv) and "at most 30" in str(sv)
    assert "Samproduktionsinriktade förbättringsinitiativ" in str(sv)
    # Languages without a limit are not measured.
    assert readability_problem(HARD, "de", "schwer.md") is None


def line_of_text(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_handbook_check_measures_every_easy_read_page_and_reports_a_hard_one(project: Path) -> None:
    passing = check(project)
    assert passing.exit_code == 0, passing.output
    for page in EASY_READ:
        assert re.search(rf"  en/easy-read/{page}\.md: Flesch reading ease \d", passing.output), passing.output
        assert re.search(rf"  sv/easy-read/{page}\.md: LIX \d", passing.output), passing.output

    english = project / "content" / "en" / "easy-read" / "meeting.md"
    english.write_text(english.read_text(encoding="utf-8") + f"\n{HARD_SENTENCE}\n{HARD_SENTENCE}\n", encoding="utf-8")
    swedish = project / "content" / "sv" / "easy-read" / "index.md"
    hard = SWEDISH_HARD.split("\n\n", 2)[2]
    swedish.write_text(swedish.read_text(encoding="utf-8") + "\n" + hard + hard, encoding="utf-8")
    result = check(project)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = line_of(english, HARD_SENTENCE)
    assert f"content/en/easy-read/meeting.md:{line}:1: readability: Flesch reading ease is " in result.output
    assert HARD_SENTENCE in result.output
    line = line_of(swedish, "Samproduktionsinriktade")
    assert f"content/sv/easy-read/index.md:{line}:1: readability: LIX is " in result.output
    assert "2 problems found." in result.output


# --- 2. The user's side of every factor --------------------------------------------------------------------


def test_a_factor_without_user_questions_is_a_located_error(project: Path) -> None:
    catalogue = project / "factors" / "resources.yml"
    text = catalogue.read_text(encoding="utf-8")
    block = (
        "    user_questions:\n      - Do staff have time to get to know you?\n      - Do you often meet new staff?\n"
    )
    assert block in text
    catalogue.write_text(text.replace(block, ""), encoding="utf-8")
    result = check(project)
    assert result.exit_code == 1
    line = line_of(catalogue, "id: understaffing")
    assert f"factors/resources.yml:{line}:5: factors[2].user_questions: this field is missing" in result.output
    assert "hint: add 1-3 plain questions from the user's or relative's side" in result.output
    assert "Traceback" not in result.output


def test_user_questions_follow_translation_fallback_and_stale_rules(project: Path) -> None:
    handbook = gather(project)
    english, swedish, german = (handbook.catalogues[c] for c in ("en", "sv", "de"))
    assert all(f.user_questions for f in english.factors)
    assert swedish.factor("understaffing").user_questions[0] == "Har personalen tid att lära känna dig?"
    assert "user_questions" not in swedish.factor("understaffing").fallback
    assert "user_questions" not in german.factor("understaffing").fallback  # German has them, as a draft
    assert "user_questions" in german.factor("understaffing").draft
    # A language without the entry shows the English questions, marked.
    german_file = project / "factors" / "locales" / "de" / "resources.yml"
    text = german_file.read_text(encoding="utf-8")
    without = re.sub(r"\nunderstaffing\.user_questions:\n(?:[ -].*\n)+", "\n", text, count=1)
    assert without != text
    german_file.write_text(without, encoding="utf-8")
    german = gather(project, only="de").catalogues["de"]
    assert "user_questions" in german.factor("understaffing").fallback
    assert german.factor("understaffing").user_questions[0] == "Do staff have time to get to know you?"

    catalogue = project / "factors" / "resources.yml"
    catalogue.write_text(
        catalogue.read_text(encoding="utf-8").replace(
            "- Do staff have time to get to know you?", "- Do staff have the time to get to know you?"
        ),
        encoding="utf-8",
    )
    swedish = gather(project, only="sv").catalogues["sv"]
    assert "user_questions" in swedish.factor("understaffing").stale


def test_the_user_side_shows_on_dimension_pages_and_cards_in_every_language(built) -> None:
    for code, prefix in LANGUAGES.items():
        catalogue = gather(built.root, only=code).catalogues[code]
        factor = catalogue.factor("understaffing")
        page = built.page(f"{prefix}model/resources.html")
        section = page[page.index('id="understaffing"') :]
        section = section[: section.index('class="pt-source"')]
        assert str(escape(catalogue.t("user_side"))) in section, code
        for question in factor.user_questions:
            assert str(escape(question)) in section, (code, question)
        if "user_questions" in factor.fallback:
            assert '<span lang="en" class="pt-fallback">Do staff have time to get to know you?' in section
        cards = built.page(f"{prefix}cards.html")
        front = cards[cards.index("pt-card-front pt-resources") :]
        assert 'class="pt-card-user"' in front[:3000], code


# --- 3. The together worksheet -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_together_worksheet_fits_one_page_on_a4_and_letter(built, code: str) -> None:
    catalogue = gather(built.root, only=code).catalogues[code]
    for paper, size in SIZES.items():
        reader = PdfReader(built.site / LANGUAGES[code] / "downloads" / f"worksheet-together-{code}-{paper}.pdf")
        assert len(reader.pages) == 1, (code, paper, len(reader.pages))
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.5)
        text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
        assert catalogue.t("together_user_answers")[:20] in text
        assert catalogue.t("together_staff_answers")[:20] in text
        for dimension in catalogue.dimensions:
            first = dimension.barriers[0].user_questions[0]
            assert re.sub(r"\s+", " ", first)[:20] in text, (code, paper, first)
        fields = reader.get_fields() or {}
        assert {"together-user-1", "together-staff-1", "together-agree", "together-what-0"} <= set(fields)
    page = built.page(f"{LANGUAGES[code]}worksheets/together.html")
    assert 'class="pt-sheet pt-sheet-together"' in page
    assert f"worksheet-together-{code}-a4.pdf" in page


# --- 4. Easy-read pages and printouts ----------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_easy_read_pages_and_handout_in_every_language(built, code: str) -> None:
    prefix = LANGUAGES[code]
    for name in EASY_READ:
        page = built.page(f"{prefix}easy-read/{name}.html")
        assert '<div class="pt-easy-read">' in page, (code, name)
        for icon in re.findall(r'<img src="([^"]+)" alt=""', page):
            assert (built.site / prefix / "easy-read" / icon).resolve().is_file(), (code, name, icon)
        # A page not yet translated is shown in English, marked; a translated one is not marked.
        translated = (built.root / "content" / code / "easy-read" / f"{name}.md").is_file()
        assert ('class="pt-fallback-page" lang="en"' in page) is (code != "en" and not translated), (code, name)
    three = built.page(f"{prefix}easy-read/three-parts.html")
    assert '<svg class="pt-triangle' in three or "pt-triangle" in three
    downloads = built.page(f"{prefix}downloads.html")
    for paper in SIZES:
        assert f"downloads/easy-read-{code}-{paper}.pdf" in downloads
        assert f"downloads/worksheet-together-{code}-{paper}.pdf" in downloads
        reader = PdfReader(built.site / prefix / "downloads" / f"easy-read-{code}-{paper}.pdf")
        assert len(reader.pages) >= len(EASY_READ)
        text = " ".join(p.extract_text() for p in reader.pages)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", built.page(f"{prefix}easy-read/index.html"), re.S)
        assert heading, f"{code}: easy-read/index.html has no h1"
        # In the language, or in English where the page is not translated yet.
        title = heading_text(heading.group(1))
        assert title and title in re.sub(r"\s+", " ", text), (code, title)


@pytest.mark.parametrize("code", ["en", "sv"])
def test_easy_read_handout_is_printed_in_large_type(built, code: str) -> None:
    """At least 14 pt: the size of (nearly) every character, read from the PDF's text operators.

    WeasyPrint writes sizes in CSS pixels under a 0.75 pt/px transformation; only the small
    provenance footer on each page is allowed to be smaller.
    """
    reader = PdfReader(built.site / LANGUAGES[code] / "downloads" / f"easy-read-{code}-a4.pdf")
    characters: dict[float, int] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        points = round(size * tm[0] * cm[0], 1)
        characters[points] = characters.get(points, 0) + len(text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    small = {points for points, count in characters.items() if points < 14 and count}
    assert small <= {FOOTER_PT}, f"text smaller than 14 pt besides the {FOOTER_PT} pt footer: {characters}"
    assert characters.get(14.0, 0) > 1000, characters  # the body text itself is set at 14 pt


# --- 5. In a browser ---------------------------------------------------------------------------------------

# The easy-read pages and the together sheet pass axe in every language: test_browser's crawl checks them
# (AXE_PAGES), in the same load that checks what they ask for; a second load here would only repeat it.
try:  # the shared browser helpers: one Chromium, one local server
    from test_browser import base_url, browser, chromium, looking_contexts, looking_tabs, page, site  # noqa: F401
except ImportError:  # pragma: no cover - collected alone from elsewhere
    pass


@pytest.mark.browser
@pytest.mark.parametrize("code", ["en", "sv"])
def test_easy_read_text_is_large_left_aligned_with_pictures_that_load(page: Any, base_url: str, code: str) -> None:
    page.goto(f"{base_url}{LANGUAGES[code]}easy-read/notice-talk-act.html")
    found = page.evaluate(
        """() => {
            const size = e => parseFloat(getComputedStyle(e).fontSize);
            const body = document.querySelector('article.md-typeset');
            const text = document.querySelector('.pt-easy-read .pt-er-row p');
            const icons = [...document.querySelectorAll('.pt-er-icon img')];
            return {ratio: size(text) / size(body), align: getComputedStyle(text).textAlign,
                    icons: icons.length, broken: icons.filter(i => !(i.complete && i.naturalWidth > 0)).length,
                    beside: icons.every(i => i.getBoundingClientRect().right <= text.getBoundingClientRect().left)};
        }"""
    )
    assert found["ratio"] >= 1.2, found
    assert found["align"] in ("left", "start"), found
    assert found["icons"] >= 4 and found["broken"] == 0, found
    assert found["beside"], found
