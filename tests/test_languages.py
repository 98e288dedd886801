"""Language facts from their sources: names from Babel, theme and search languages from mkdocs-material's own files."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from click.testing import CliRunner
from conftest import build_copy

from generator.cli import main
from generator.i18n import Language, language_name, language_support, search_languages, theme_languages

MATERIAL = Path(material.__file__).resolve().parent / "templates"
# code → (name in itself, Material's interface translation, search language, Material's search placeholder)
EXPECTED = {
    "nb": ("Norsk bokmål", "nb", "no", "Søk"),
    "pt-BR": ("Português (Brasil)", "pt-BR", "pt", "Buscar"),
    "zh-TW": ("中文 (繁體, 台灣)", "zh-TW", "zh", "搜尋"),
}


def test_the_lists_are_material_s_own_files() -> None:
    assert theme_languages() == {p.stem for p in (MATERIAL / "partials/languages").glob("*.html")}
    assert {"nb", "pt-BR", "zh-TW", "sv", "de", "da"} <= theme_languages()
    lunr = {p.name.split(".")[1] for p in (MATERIAL / "assets/javascripts/lunr/min").glob("lunr.*.min.js")}
    assert search_languages() == (lunr - {"multi", "stemmer"}) | {"en"}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_language_facts(code: str) -> None:
    name, theme, search, _ = EXPECTED[code]
    language = Language(code, language_name(code))
    assert (language.name, language.theme_language, language.search_language) == (name, theme, search)
    assert language_support(code) == []


def test_a_language_material_does_not_know_falls_back_with_a_message(project: Path, chdir) -> None:
    chdir(project)
    result = CliRunner().invoke(main, ["locale", "add", "se"])
    assert result.exit_code == 0, result.output
    assert "Davvisámegiella (se) is ready" in result.output
    assert "note: mkdocs-material has no interface translation for 'se'" in result.output
    assert "note: the search has no word stemming for 'se'" in result.output
    language = Language("se", language_name("se"))
    assert (language.theme_language, language.search_language) == ("en", "en")


@pytest.mark.slow
def test_locale_add_and_build_nb_pt_br_zh_tw(project: Path, chdir) -> None:
    chdir(project)
    for code in EXPECTED:
        result = CliRunner().invoke(main, ["locale", "add", code])
        assert result.exit_code == 0, result.output
        assert f"({code}) is ready" in result.output and "note:" not in result.output
        assert (project / f"factors/locales/{code}/resources.yml").exists()
    build_copy(project, only=list(EXPECTED))
    for code, (_, _, search, placeholder) in EXPECTED.items():
        page = (project / f"site/{code}/model/resources.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in page
        assert f'placeholder="{placeholder}"' in page  # Material's own words, in its translation
        index = project / f"site/{code}/search/search_index.json"
        config = index.read_text(encoding="utf-8") if index.exists() else ""
        config += "".join(p.read_text(encoding="utf-8") for p in (project / f"site/{code}/search").glob("*.js"))
        assert re.search(rf'"lang":\s*\["{search}"\]', config), code
        assert all(other[0] in page for other in EXPECTED.values())  # the language switcher names each in itself
