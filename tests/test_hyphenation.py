"""Diagram labels break long words between syllables of their own language, never at any letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.fonts import text_width, word_breaks, wrap
from generator.render.svg import layout_triangle
from generator.validate import load_english

HREFS = {"resources": "r.html", "discourses": "d.html", "contexts": "c.html", "cycle": "cy.html"}

# Syllable boundaries as a German dictionary gives them (Duden), written out by hand so the
# test does not merely repeat what pyphen says.
SYLLABLES = {
    "Ressourcenverfügbarkeitseinschätzung": "Res-sour-cen-ver-füg-bar-keits-ein-schät-zung",
    "Verhältnisse": "Ver-hält-nis-se",
    "Machtverhältnisse": "Macht-ver-hält-nis-se",
    "Kontextabhängigkeitsverhältnisse": "Kon-text-ab-hän-gig-keits-ver-hält-nis-se",
}


def allowed_cuts(hyphenated: str) -> set[int]:
    cuts, position = set(), 0
    for part in hyphenated.split("-")[:-1]:
        position += len(part)
        cuts.add(position)
    return cuts


def cuts_made(lines: list[str]) -> list[int]:
    """Where a wrapped word was cut, as positions in the unbroken word."""
    cuts, position = [], 0
    for line in lines[:-1]:
        assert line.endswith("-"), lines
        position += len(line) - 1
        cuts.append(position)
    return cuts


@pytest.mark.parametrize("word", sorted(SYLLABLES))
def test_long_german_words_break_only_between_syllables(word: str) -> None:
    allowed = allowed_cuts(SYLLABLES[word])
    tried = 0
    for width in range(60, int(text_width(word, 20, True)) + 1, 7):
        lines = wrap(word, 20, True, [float(width)] * 8, True, "de")
        if lines is None:
            continue
        tried += 1
        assert "".join(line.removesuffix("-") for line in lines) == word
        assert set(cuts_made(lines)) <= allowed, (width, lines)
        assert all(text_width(line, 20, True) <= width for line in lines)
    assert tried > 3


def test_the_examples_from_the_issue_are_cut_at_syllables() -> None:
    # Before: 'verhäl-/tnisse' and 'Ressourcenverfügba-/rkeitseinschätzung'.
    # Each line is a little wider than the syllable break needs: cutting at any letter would take more.
    width = text_width("Machtverhältnis", 20, True)
    assert wrap("Machtverhältnisse", 20, True, [width] * 3, True, "de") == ["Machtverhält-", "nisse"]
    width = text_width("Ressourcenverfügbark", 20, True)
    lines = wrap("Ressourcenverfügbarkeitseinschätzung", 20, True, [width] * 3, True, "de")
    assert lines == ["Ressourcenverfügbar-", "keitseinschätzung"]


def test_a_hyphen_in_the_word_is_a_break_without_a_second_hyphen() -> None:
    assert ("Nutzer-", "Beteiligung") in list(word_breaks("Nutzer-Beteiligung", "de"))
    width = text_width("Nutzer-", 20, True) + 1
    assert wrap("Nutzer-Beteiligung", 20, True, [width, 400], True, "de") == ["Nutzer-", "Beteiligung"]


def test_each_language_uses_its_own_patterns() -> None:
    # Danish, Swedish and Norwegian patterns; Chinese breaks between characters with no hyphen.
    assert ("magt", "forhold") in [(a.removesuffix("-"), b) for a, b in word_breaks("magtforhold", "da")]
    assert ("sam", "produktion") in [(a.removesuffix("-"), b) for a, b in word_breaks("samproduktion", "sv")]
    assert list(word_breaks("samarbeid", "nb"))
    assert ("共同", "生產") in list(word_breaks("共同生產", "zh-TW"))
    # A language with no patterns does not cut words at arbitrary letters.
    assert list(word_breaks("Ressourcen", "xx")) == []


def test_the_triangle_breaks_german_titles_at_syllables(tmp_path: Path) -> None:
    english = load_english(Path(__file__).resolve().parent / "fixtures" / "small")
    titles = ["Ressourcenverfügbarkeitseinschätzung", "Machtverhältnisse", "Kontextabhängigkeitsverhältnisse"]
    german = english.model_copy(
        update={
            "language": "de",
            "dimensions": tuple(
                d.model_copy(update={"title": t}) for d, t in zip(english.dimensions, titles, strict=True)
            ),
        }
    )
    layout = layout_triangle(german, HREFS)
    assert not layout.problems
    broken = 0
    for region, title in zip(layout.regions, titles, strict=False):
        lines = [line.text for line in region.lines if line.bold]
        assert "".join(line.removesuffix("-") for line in lines) == title
        broken += len(lines) > 1
        assert set(cuts_made(lines)) <= allowed_cuts(SYLLABLES[title]), lines
    assert broken
