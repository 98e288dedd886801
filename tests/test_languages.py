"""Language facts from their sources: names from Babel, theme and search languages from mkdocs-material's own files."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import material
import pytest
from click.testing import CliRunner
from conftest import copy_project, once_per_run, preview_build, printout
from pypdf import PdfReader

from generator.cli import main
from generator.i18n import Language, language_name, language_support, search_languages, theme_languages
from generator.project import gather

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


def _add_and_build(folder: Path) -> dict[str, object]:
    """A copy of the handbook with nb, pt-BR and zh-TW added by `handbook locale add`, as a translator would.

    Each is built as `handbook serve` builds it, pages first: what is asserted on them is in the pages. Their
    PDFs, all in English until translated, would all be rendered from nothing (no cache can hold them): one of
    nb's is rendered, to show that a language just added prints too.
    """
    project = copy_project(folder / "handbook")
    previous = Path.cwd()
    os.chdir(project)
    try:
        added = {code: _invoke(["locale", "add", code]) for code in EXPECTED}
        checked = _invoke(["check"])
    finally:
        os.chdir(previous)
    for code in EXPECTED:
        preview_build(project, code, project / "site" / code)
    worksheet = printout(project, "nb", "downloads/worksheet-resources-nb-a4.pdf")
    return {"project": project, "added": added, "checked": checked, "worksheet": worksheet}


def _invoke(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.output


@pytest.fixture
def added(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, object]:
    return once_per_run(tmp_path_factory, worker_id, "languages-added", _add_and_build)


@pytest.mark.slow
def test_locale_add_and_build_nb_pt_br_zh_tw(added: dict[str, object]) -> None:
    project = added["project"]
    for code in EXPECTED:
        exit_code, output = added["added"][code]
        assert exit_code == 0, output
        assert f"({code}) is ready" in output and "note:" not in output
        assert (project / f"factors/locales/{code}/resources.yml").exists()
    for code, (_, _, search, placeholder) in EXPECTED.items():
        page = (project / f"site/{code}/model/resources.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in page
        assert f'placeholder="{placeholder}"' in page  # Material's own words, in its translation
        index = project / f"site/{code}/search/search_index.json"
        config = index.read_text(encoding="utf-8") if index.exists() else ""
        config += "".join(p.read_text(encoding="utf-8") for p in (project / f"site/{code}/search").glob("*.js"))
        assert re.search(rf'"lang":\s*\["{search}"\]', config), code
        assert all(other[0] in page for other in EXPECTED.values())  # the language switcher names each in itself


@pytest.mark.slow
def test_locale_add_scaffolds_a_language_that_builds_at_once(added: dict[str, object]) -> None:
    project = added["project"]
    stub = (project / "factors/locales/nb/resources.yml").read_text(encoding="utf-8")
    assert "understaffing.title:\n  en: " in stub and "  nb: ''" in stub
    catalogue = gather(project, only="nb").catalogues["nb"]
    assert all("title" in f.fallback for f in catalogue.factors)
    status, output = added["checked"]
    assert status == 0, output  # `handbook check` (and so `handbook build`) takes the new language as it is
    page = (project / "site/nb/model/resources.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in page
    assert 'lang="en" class="pt-fallback"' in page
    worksheet = PdfReader(io.BytesIO(added["worksheet"]))
    assert len(worksheet.pages) == 1 and worksheet.trailer["/Root"]["/Lang"] == "nb"
