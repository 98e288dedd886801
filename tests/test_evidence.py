"""Evidence a reader can check: each factor's basis and quotations, verified against the paper; the glossary's terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import HandbookError
from generator.evidence import Paper, check_quote, find_sections
from generator.project import gather
from generator.render.markdown import render_dimension_page
from generator.sources import PAPER_FILE

ROOT = Path(__file__).resolve().parent.parent
PAPER = Paper(PAPER_FILE, (ROOT / PAPER_FILE).read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def check_output(folder: Path, chdir) -> str:
    """`handbook check` run from the project folder, as an editor would: its output, after it failed."""
    chdir(folder)
    result = CliRunner().invoke(main, ["check", "factors"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def problems(root: Path, only: str | None = None) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        gather(root, only=only)
    return [str(p) for p in caught.value.problems]


# --- The paper and the quotation matcher -------------------------------------------------------------------------


def test_the_paper_ships_unchanged_with_its_licence() -> None:
    seed = Path("/work/shared/seed/000_f59fdc9e5db35c1d.txt")
    if seed.exists():
        assert (ROOT / PAPER_FILE).read_bytes() == seed.read_bytes()
    readme = (ROOT / "sources" / "README.md").read_text(encoding="utf-8")
    for needed in ("10.1057/s41599-021-00790-1", "CC BY 4.0", "Table 1", "Fig. 1", "Fig. 2", "Vackerberg"):
        assert needed in readme


def test_sections_are_the_papers_headings() -> None:
    titles = [s.title for s in PAPER.sections]
    assert titles[0] == "Background" and titles[-1] == "Conclusions"
    for heading in ("Theoretical power perspective", "Setting", "Participants", "Results", "Discussion"):
        assert heading in titles
    # Captions, figure placeholders and sentences are not headings.
    assert not any(t.startswith(("Fig.", "Table", "figure", "Used with", "Created by")) for t in titles)
    assert [s.title for s in find_sections("Results\n\nThe coaches said so.\n\nDiscussion\n\nWe agree.")] == [
        "Results",
        "Discussion",
    ]


@pytest.mark.parametrize(
    "quotation",
    [
        "the coaches often described a work situation characterized by understaffing",  # as in the paper
        "The Coaches OFTEN described a work situation characterized by UNDERSTAFFING",  # case
        "the coaches often described a work\n      situation   characterized by understaffing",  # line breaks
        "caregivers' attitudes and fear of losing power",  # ' for ’
        "power-related \"barriers\" and 'enablers'",  # " and ' for “ ” (the paper: “barriers” and “enablers”)
        "power–related “barriers” and “enablers”",  # – for -
        "users are active co—producers of health and welfare services",  # — for -
        "co-production was considered particularly problematic … the users were dependent on others",  # …
        "co-production was considered particularly problematic ... alternative resources",  # ...
        "… the coaches often described a work situation",  # a leading ellipsis
    ],
)
def test_quotation_matches_despite_case_quotes_dashes_and_line_breaks(quotation: str) -> None:
    section = "Background" if "co—producers" in quotation or "losing power" in quotation else "Results"
    assert check_quote(PAPER, quotation, section) is None


@pytest.mark.parametrize(
    "quotation",
    [
        "the coaches often described a work situation characterised by understaffing",  # one changed word
        "the coaches rarely described a work situation characterized by understaffing",
        "the coaches often described a work situ",  # ends in the middle of a word
        "oaches often described a work situation",  # starts in the middle of a word
        "the users were dependent on others … co-production was considered particularly problematic",  # wrong order
        "the coaches often described a work situation characterized by understaffing understaffing",
    ],
)
def test_a_near_miss_is_not_a_quotation(quotation: str) -> None:
    mistake = check_quote(PAPER, quotation, "Results")
    assert mistake is not None and mistake[0] == "text", mistake


def test_the_hint_shows_the_closest_passage_and_the_word_that_differs() -> None:
    field, message, hint = check_quote(
        PAPER, "the coaches often described a work situation characterised by understaffing", "Results"
    )
    assert field == "text" and "not word for word in sources/arleskog-2021.txt" in message
    assert "the closest passage (Results) reads: “the coaches often described a work situation characterized" in hint
    assert "the paper has 'characterized' where the quotation has 'characterised'" in hint


def test_the_section_must_be_where_the_quotation_is() -> None:
    quotation = "the coaches often described a work situation characterized by understaffing"
    assert check_quote(PAPER, quotation, "results") is None  # a heading's case does not matter
    field, message, hint = check_quote(PAPER, quotation, "Discussion")
    assert (field, message, hint) == (
        "section",
        "the quotation is found under 'Results', not 'Discussion'",
        "write section: Results",
    )
    field, message, hint = check_quote(PAPER, quotation, "Findings")
    assert field == "section" and "no section 'Findings'" in message and "'Results'" in hint
    # A phrase the paper uses in several sections counts in each of them.
    assert check_quote(PAPER, "users with complex care needs", "Participants") is None
    assert check_quote(PAPER, "users with complex care needs", "Discussion") is None
    # Fragments joined by an ellipsis must all lie in the named section.
    joined = "the coaches often described a work situation … successful co-production in quality improvement"
    assert check_quote(PAPER, joined, "Results") is not None


# --- Located errors in the catalogues ----------------------------------------------------------------------------


def test_an_unverifiable_quotation_is_located_with_the_closest_passage(small_factors: Path, chdir) -> None:
    path = small_factors / "resources.yml"
    edit(path, "characterized by understaffing", "characterised by understaffing")
    line = line_of(path, "characterised by understaffing")
    output = check_output(small_factors.parent, chdir)
    assert (
        f"factors/resources.yml:{line}:15: factors[0].quotes[0].text: "
        "this quotation is not word for word in sources/arleskog-2021.txt" in output
    )
    assert "hint: the closest passage (Results) reads: “the coaches often described a work situation characterized" in (
        output
    )


def test_a_quotation_under_the_wrong_section_is_located(small_factors: Path, chdir) -> None:
    path = small_factors / "contexts.yml"
    edit(path, "        section: Discussion", "        section: Results")
    line = line_of(path, "        section: Results")
    output = check_output(small_factors.parent, chdir)
    assert (
        f"factors/contexts.yml:{line}:18: factors[0].quotes[0].section: the quotation is found under 'Discussion'"
        in (output)
    )


def test_an_unknown_basis_is_located_with_the_allowed_values(small_factors: Path, chdir) -> None:
    path = small_factors / "discourses.yml"
    edit(path, "    basis: interviews", "    basis: interview")
    line = line_of(path, "basis: interview")
    output = check_output(small_factors.parent, chdir)
    assert f"factors/discourses.yml:{line}:12: factors[0].basis: 'interview' is not allowed here" in output
    assert "hint: use one of: 'interviews', 'discussion', 'setting' or 'handbook'" in output


def test_a_missing_basis_and_missing_quotations_are_located(small_factors: Path, chdir) -> None:
    path = small_factors / "resources.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index('    basis: interviews\n    quotes:\n      - text: "the users were')
    end = text.index("    source:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    line = line_of(path, "- id: alternative-resources")
    output = check_output(small_factors.parent, chdir)
    assert f"factors/resources.yml:{line}:5: factors[1].basis: this field is missing" in output
    assert f"factors/resources.yml:{line}:5: factors[1].quotes: this field is missing" in output
    assert "section: Results" in output  # the hint shows how to write one


def test_an_empty_list_of_quotations_is_refused(small_factors: Path, chdir) -> None:
    path = small_factors / "contexts.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    quotes:\n")
    end = text.index("    source:", start)
    path.write_text(text[:start] + "    quotes: []\n" + text[end:], encoding="utf-8")
    line = line_of(path, "quotes: []")
    output = check_output(small_factors.parent, chdir)
    assert f"factors/contexts.yml:{line}:13: factors[0].quotes: needs at least one word-for-word quotation" in output


def test_every_mistake_is_reported_at_once(small_factors: Path, chdir) -> None:
    edit(small_factors / "resources.yml", "characterized by understaffing", "characterised by understaffing")
    edit(small_factors / "discourses.yml", "    basis: interviews", "    basis: coaches")
    edit(small_factors / "glossary.yml", "The reflection model.", "The reflection model.\n  - id: x\n    term: y")
    edit(
        small_factors / "contexts.yml", "    short: The organisation", "    short: The power triangle in co-production"
    )
    output = check_output(small_factors.parent, chdir)
    assert "4 problems found." in output, output


# --- The glossary ------------------------------------------------------------------------------------------------


def test_an_avoided_term_in_a_catalogue_is_located_with_the_preferred_term(small_factors: Path, chdir) -> None:
    path = small_factors / "resources.yml"
    edit(
        path,
        "    description: Too few staff means",
        "    description: In the Power Triangle\n      in co-production, too few staff means",
    )
    output = check_output(small_factors.parent, chdir)
    line = line_of(path, "In the Power Triangle")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("Power") + 1
    assert (
        f"factors/resources.yml:{line}:{column}: factors[0].description: "
        "'Power Triangle in co-production' is a variant the glossary says to avoid\n"
        "    hint: write 'power triangle of co-production'" in output
    )
    assert "1 problem found." in output


def test_quotations_and_the_glossary_itself_are_not_flagged(small_factors: Path, chdir) -> None:
    # The paper itself says "the power triangle in co-production": a quotation keeps the paper's words.
    edit(
        small_factors / "resources.yml",
        '"the coaches often described a work situation characterized by understaffing"',
        '"We therefore hope that the power triangle in co-production can contribute"',
    )
    edit(small_factors / "resources.yml", "        section: Results", "        section: Discussion")
    edit(
        small_factors / "resources.yml",
        "    short: Too few staff.",
        "    short: The paper also says “power triangle in co-production”.",
    )
    chdir(small_factors.parent)
    result = CliRunner().invoke(main, ["check", "factors"])
    assert result.exit_code == 0, result.output


def test_avoided_terms_in_guide_pages_and_translations(project: Path, chdir) -> None:
    chdir(project)
    page = project / "content" / "en" / "background.md"
    text = page.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    extra = (
        "\nThe power triangle in co-production is flagged here.\n\n"
        "> “the power triangle in co-production”, as the paper puts it, is not.\n\n"
        "Nor is “the power triangle in co-production” in quotation marks, or `power triangle in co-production`.\n\n"
        "```yaml\ntitle: power triangle in co-production\n```\n\n"
        "<!-- power triangle in co-production -->\n"
    )
    page.write_text(head + "\n---\n" + extra + body, encoding="utf-8")
    flagged_line = line_of(page, "is flagged here")
    sv = project / "factors" / "locales" / "sv" / "resources.yml"
    edit(sv, "  sv: Underbemanning och hög personalomsättning", "  sv: Maktens triangel i samproduktion")
    sv_line = line_of(sv, "sv: Maktens triangel i samproduktion")
    en_recorded = project / "factors" / "locales" / "sv" / "discourses.yml"
    # The English an entry records is not Swedish text, whatever it says.
    edit(en_recorded, "  en: ", "  en: Maktens triangel i samproduktion ")
    found = problems(project)
    assert f"content/en/background.md:{flagged_line}:5: 'power triangle in co-production' is a variant" in found[0]
    assert "hint: write 'power triangle of co-production'" in found[0]
    # Only the page's own prose and the Swedish translation: not the quotations, code, comments or recorded English.
    assert [p.split(":")[0] for p in found] == ["content/en/background.md", "factors/locales/sv/resources.yml"]
    assert found[1].startswith(
        f"factors/locales/sv/resources.yml:{sv_line}:7: understaffing.title.sv: "
        "'Maktens triangel i samproduktion' is a variant the glossary says to avoid\n"
        "    hint: write 'samproduktionens maktriangel'"
    )


# --- Rendering, in two languages, from the built site ------------------------------------------------------------


def _factor_section(html: str, factor_id: str) -> str:
    start = html.index(f'id="{factor_id}"')
    return html[start : html.index('class="pt-questions"', start)]


def test_basis_and_quotation_on_the_dimension_page(built) -> None:
    en = _factor_section(built.page("model/resources.html"), "understaffing")
    assert "From the coaches&#39; interviews (Results)" in en
    assert re.search(
        r'<blockquote class="pt-quote">\s*<p>“[^<”]*the coaches often described a work situation characterized by understaffing',
        en,
    )
    assert "— <cite>Ärleskog et al. 2021</cite>, Results</p>" in en
    sv = _factor_section(built.page("sv/model/resources.html"), "understaffing")
    assert "Från intervjuerna med coacherna (Results)" in sv
    assert re.search(r'<blockquote class="pt-quote">\s*<p lang="en">“[^<”]*the coaches often described', sv)
    assert '— <cite>Ärleskog m.fl. 2021</cite>, <span lang="en">Results</span></p>' in sv
    contexts = _factor_section(built.page("model/contexts.html"), "care-chain-collaboration")
    assert "From the study&#39;s setting" in contexts and "Setting</p>" in contexts


def test_each_dimension_page_counts_its_factors_by_basis(built) -> None:
    from generator.validate import load_english

    catalogue = load_english(built.root / "factors")
    for dimension in catalogue.dimensions:
        html = built.page(f"model/{dimension.id}.html")
        count = re.search(r'<p class="pt-basis-count">(\d+) factors: ([^<]*)\.</p>', html)
        assert count and int(count.group(1)) == len(dimension.factors)
        parts = dict((w, int(n)) for n, w in re.findall(r"(\d+) (?:from the|added by) (\w+)", count.group(2)))
        expected = {}
        for factor in dimension.factors:
            word = {"interviews": "interviews", "discussion": "Discussion", "setting": "setting", "handbook": "this"}
            expected[word[factor.basis.value]] = expected.get(word[factor.basis.value], 0) + 1
        assert parts == expected
        sv = built.page(f"sv/model/{dimension.id}.html")
        assert re.search(rf'<p class="pt-basis-count">{len(dimension.factors)} faktorer: ', sv)


def test_basis_on_cards_and_in_the_list_of_all_factors(built) -> None:
    from generator.validate import load_english

    factors = len(load_english(built.root / "factors").factors)
    for prefix, words in (
        ("", "From the coaches&#39; interviews (Results)"),
        ("sv/", "Från intervjuerna med coacherna"),
    ):
        cards = built.page(f"{prefix}cards.html")
        assert cards.count('<p class="pt-card-basis">') == factors
        assert words in cards
        index = built.page(f"{prefix}model/factors.html")
        cell = r"</td>\s*<td>([^<]*)"
        row = re.search(r'href="resources.html#understaffing">[^<]*</a>' + cell * 3 + "</td>", index)
        assert row and words.split(" (")[0] in row.group(3)


def test_glossary_page_per_language(built) -> None:
    en = built.page("glossary.html")
    assert '<dt id="model-name">power triangle of co-production</dt>' in en
    assert "<s>power triangle in co-production</s>" in en
    sv = built.page("sv/glossary.html")
    assert '<dt id="model-name">samproduktionens maktriangel</dt>' in sv and "Undvik" in sv
    de = built.page("de/glossary.html")
    assert '<dt id="model-name">Machtdreieck der Koproduktion</dt>' in de and "pt-note-fallback" not in de
    assert 'href="glossary.html"' in built.page("references.html")  # in the navigation


def test_a_language_without_a_glossary_shows_the_english_terms_marked(project: Path, chdir) -> None:
    from generator.render.markdown import render_generated_pages

    chdir(project)
    (project / "factors" / "locales" / "de" / "glossary.yml").unlink()
    catalogue = gather(project, only="de").catalogues["de"]
    page = render_generated_pages(catalogue, [], "test")["glossary.md"]
    assert '<dt id="model-name" lang="en">power triangle of co-production</dt>' in page
    assert '<p class="pt-note pt-note-fallback">' in page


def test_a_translated_quotation_follows_the_english(project: Path, chdir) -> None:
    chdir(project)
    sv = project / "factors" / "locales" / "sv" / "resources.yml"
    # The Swedish catalogue translates the quotations; mark one so that it can be told apart on the page.
    edit(
        sv,
        "  sv:\n  - När det gäller enhetens resurser",
        "  sv:\n  - TESTÖVERSÄTTNING – När det gäller enhetens resurser",
    )
    catalogue = gather(project, only="sv").catalogues["sv"]
    html = render_dimension_page(catalogue, catalogue.dimension("resources"))
    section = html[html.index("{ #understaffing }") :]
    assert re.search(
        r'<p lang="en">“[^<]*the coaches often described a work situation characterized by understaffing[^<]*”</p>\n'
        r'<p class="pt-quote-translation"><span class="pt-quote-label">Översättning:</span> “TESTÖVERSÄTTNING – ',
        section,
    )
    # One translation per English quotation.
    edit(sv, "  sv:\n  - TESTÖVERSÄTTNING", "  sv:\n  - en till\n  - TESTÖVERSÄTTNING")
    line = line_of(sv, "  - en till")
    assert any(
        p.startswith(f"factors/locales/sv/resources.yml:{line}:3: understaffing.quotes.sv: has ")
        for p in problems(project, only="sv")
    )
