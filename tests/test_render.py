"""Renderers are pure: golden files for a small catalogue, labels that fit, SVG that always parses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.fonts import text_width
from generator.project import gather
from generator.render.markdown import render_generated_pages
from generator.render.svg import layout_triangle, render_triangle
from generator.render.worksheet import render_cards, render_worksheet
from generator.validate import load_english

ROOT = Path(__file__).resolve().parent.parent
HREFS = {"resources": "r.html", "discourses": "d.html", "contexts": "c.html", "cycle": "cy.html"}


@pytest.fixture
def small(small_factors: Path):
    return load_english(small_factors)


def test_generated_pages_match_golden(small, golden) -> None:
    pages = render_generated_pages(small, [], "1.0.0")
    for path in ("model/index.md", "model/resources.md", "model/cycle.md", "model/factors.md", "worksheets/cycle.md"):
        golden(path.replace("/", "__"), pages[path])


def test_svg_matches_golden(small, golden) -> None:
    golden("triangle.svg", render_triangle(small, HREFS, standalone=True))
    golden("triangle-discourses.svg", render_triangle(small, HREFS, highlight="discourses", standalone=True))


def test_text_is_escaped_everywhere(small) -> None:
    pages = render_generated_pages(small, [], "1.0.0")
    assert "help a user &lt;take part&gt; &amp; speak" in pages["model/resources.md"]
    assert "<take part>" not in pages["model/resources.md"]


def test_worksheet_and_cards_html(small) -> None:
    sheet = render_worksheet(small, "resources", HREFS, "1.0.0")
    assert 'name="resources-understaffing"' in sheet and 'type="checkbox"' in sheet
    assert "<textarea" in sheet and 'lang="en"' in sheet
    cards = render_cards(small, "1.0.0")
    assert cards.count('class="pt-card pt-card-front') == 4
    assert cards.count('class="pt-card pt-card-back') == 4


def assert_fits(layout) -> None:
    assert not layout.problems, layout.problems
    for region in layout.regions:
        assert region.lines, region.key
        for line in region.lines:
            assert line.width <= line.available + 0.01, (region.key, line.text, line.width, line.available)
    for pill in layout.pills:
        for line in pill.lines:
            assert text_width(line.text, line.size, True) <= pill.width, (pill.key, line.text)


@pytest.mark.parametrize("code", ["en", "sv", "de", "da"])
def test_labels_fit_their_shapes_in_every_language(code: str) -> None:
    catalogue = gather(ROOT, only=code).catalogues[code]
    for highlight in (None, "resources", "discourses", "contexts"):
        assert_fits(layout_triangle(catalogue, HREFS, highlight))


def test_long_compound_words_still_fit(small) -> None:
    long = small.model_copy(
        update={
            "language": "de",
            "dimensions": tuple(
                d.model_copy(update={"title": title})
                for d, title in zip(
                    small.dimensions,
                    [
                        "Ressourcenverfügbarkeitseinschätzung",
                        "Diskursanalysegrundlagen",
                        "Kontextabhängigkeitsverhältnisse",
                    ],
                    strict=False,
                )
            ),
            "strings": {
                **small.strings,
                "co_production": "Koproduktionsverbesserungsarbeit",
                "count_barriers_enablers": "{barriers} Hindernisfaktoren · {enablers} Ermöglichungsfaktoren",
            },
        }
    )
    layout = layout_triangle(long, HREFS)
    assert_fits(layout)
    assert any(line.text.endswith("-") for region in layout.regions for line in region.lines)


text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(list("<>&\"' \u202e\u05d0\u0627😀")),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=text_strategy, step=text_strategy, centre=text_strategy)
def test_svg_always_parses_whatever_the_text(small, title: str, step: str, centre: str) -> None:
    odd = small.model_copy(
        update={
            "dimensions": tuple(d.model_copy(update={"title": title}) for d in small.dimensions),
            "cycle": small.cycle.model_copy(
                update={"steps": tuple(s.model_copy(update={"title": step}) for s in small.cycle.steps)}
            ),
            "strings": {**small.strings, "co_production": centre},
        }
    )
    svg = render_triangle(odd, HREFS, standalone=True)
    root = ET.fromstring(svg)
    # What is drawn, not the <title>/<desc> a screen reader gets (those hold the same words).
    drawn = "".join(text for element in root.iter() if element.tag.endswith("}text") for text in element.itertext())
    layout = layout_triangle(odd, HREFS)
    for label in (title, step, centre):  # the strategy never gives blank text
        # A label that cannot fit (one long word with no syllable to break at) is not drawn: it is
        # reported, and the build refuses it (check_diagram_labels); every other label is drawn.
        unfit = any(f"'{label}'" in problem or f"'{label.strip()}'" in problem for problem in layout.problems)
        assert unfit or label.strip()[:1] in drawn, label
    for region in layout.regions:
        for line in region.lines:
            assert line.width <= line.available + 0.01
