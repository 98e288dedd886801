"""Languages as translators and readers meet them: scaffolding, status, stale and fallback marking, local additions."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import blank_translation
from conftest import replace_once as replace

from generator.cli import main
from generator.errors import HandbookError
from generator.i18n import scaffold_language, translation_status
from generator.project import gather

ROOT = Path(__file__).resolve().parent.parent


def test_status_counts_what_is_translated_missing_and_stale(project: Path) -> None:
    rows, _ = translation_status(project)
    before = {(r.language, Path(r.file).name): r for r in rows}
    blank_translation(project / "factors/locales/sv/resources.yml", "understaffing.title")
    replace(project / "factors/discourses.yml", "title: Lack of faith", "title: Lack of belief")
    rows, stale = translation_status(project)
    after = {(r.language, Path(r.file).name): r for r in rows}
    resources, discourses = after[("sv", "resources.yml")], after[("sv", "discourses.yml")]
    assert resources.total == before[("sv", "resources.yml")].total
    assert resources.missing == before[("sv", "resources.yml")].missing + 1
    assert resources.translated == before[("sv", "resources.yml")].translated - 1
    assert discourses.stale == before[("sv", "discourses.yml")].stale + 1
    assert any(
        e.language == "sv" and e.key.endswith(".title") and e.current.startswith("Lack of belief") for e in stale
    )


def test_locale_status_command_prints_a_table(project: Path, chdir) -> None:
    chdir(project)
    assert CliRunner().invoke(main, ["locale", "add", "nb"]).exit_code == 0
    result = CliRunner().invoke(main, ["locale", "status"])
    assert result.exit_code == 0, result.output
    # A language just added: everything missing, nothing translated or reviewed, in every file and in all.
    # lang file total done reviewed stale missing done% reviewed%
    assert re.search(r"nb\s+factors/locales/nb/discourses.yml\s+(\d+)\s+0\s+0\s+0\s+\1\s+0%\s+0%", result.output), (
        result.output
    )
    assert re.search(r"nb\s+all\s+(\d+)\s+0\s+0\s+0\s+\1\s+0%\s+0%", result.output), result.output


def test_locale_add_again_keeps_translations_made_in_the_meantime(project: Path, chdir) -> None:
    # Adding a language and building it at once: test_languages.test_locale_add_scaffolds_a_language_that_builds_at_once.
    chdir(project)
    assert CliRunner().invoke(main, ["locale", "add", "nb"]).exit_code == 0
    replace(
        project / "factors/locales/nb/resources.yml",
        "understaffing.title:\n  en: Understaffing and high turnover\n  nb: ''",
        "understaffing.title:\n  en: Understaffing and high turnover\n  nb: Underbemanning",
    )
    scaffold_language(project, "nb")
    assert "nb: Underbemanning" in (project / "factors/locales/nb/resources.yml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_changed_or_missing_translations_are_marked_on_the_page(edited_swedish: dict[str, object], chdir) -> None:
    # The project (conftest's edited_swedish): English changed under the Swedish understaffing title and above
    # a heading of the background page; care-chain-collaboration's Swedish title blanked; content/sv/references.md
    # deleted. Its other edits are to other entries and pages.
    project = edited_swedish["project"]
    rows, stale = translation_status(project)
    sv = {Path(r.file).name: r for r in rows if r.language == "sv"}
    assert sv["resources.yml"].stale == 1
    entry = next(e for e in stale if e.language == "sv" and e.key == "understaffing.title")
    assert entry.recorded == "Understaffing and high turnover" and entry.current == "Understaffing, turnover and gaps"
    chdir(project)
    output = CliRunner().invoke(main, ["locale", "status", "--stale"]).output
    assert "understaffing.title is stale" in output and "+ English now:     Understaffing, turnover and gaps" in output
    page = (project / "site/sv/model/resources.html").read_text(encoding="utf-8")
    section = page[page.index('id="understaffing"') :][:3000]
    assert "pt-note-stale" in section
    background = (project / "site/sv/background.html").read_text(encoding="utf-8")
    assert "admonition warning" in background
    # Untranslated text shows in English, marked and with lang="en"; the other pages carry no such mark.
    contexts = (project / "site/sv/model/contexts.html").read_text(encoding="utf-8")
    english_title = gather(project, only="en").catalogues["en"].factor("care-chain-collaboration").title
    assert re.search(rf'<[^>]+lang="en" class="pt-fallback"[^>]*>{re.escape(english_title)}<', contexts)
    assert "pt-note-fallback" in contexts
    assert "pt-note-fallback" not in (project / "site/sv/model/discourses.html").read_text(encoding="utf-8")
    references = (project / "site/sv/references.html").read_text(encoding="utf-8")
    assert 'class="pt-fallback-page" lang="en"' in references and "admonition warning" in references
    assert "pt-fallback-page" not in background


@pytest.mark.slow
def test_local_additions_are_marked_and_hidden_factors_gone(edited_swedish: dict[str, object]) -> None:
    # The project (conftest's edited_swedish) has factors/locales/sv/local.yml: a barrier of its own,
    # hierarchy-in-the-team, added to the contexts, and another, care-across-several-organisations, hidden.
    project = edited_swedish["project"]
    catalogue = gather(project, only="sv").catalogues["sv"]
    added = catalogue.factor("hierarchy-in-the-team")
    assert added.local and added.dimension == "contexts"
    assert "care-across-several-organisations" not in {f.id for f in catalogue.factors}
    page = (project / "site/sv/model/contexts.html").read_text(encoding="utf-8")
    assert 'id="hierarchy-in-the-team"' in page and "pt-badge-local" in page and "pt-note-local" in page
    assert 'id="care-across-several-organisations"' not in page
    cards = (project / "site/sv/cards.html").read_text(encoding="utf-8")
    assert "Hierarki i arbetslaget" in cards and "pt-badge-local" in cards
    from pypdf import PdfReader

    deck = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(edited_swedish["deck"])).pages))
    assert "Hierarki i arbetslaget" in deck
    assert "Vård och omsorg från flera vårdgivarorganisationer" not in deck  # the hidden one's card is gone too


def test_broken_translations_are_located(project: Path, chdir) -> None:
    path = project / "factors/locales/sv/resources.yml"
    replace(path, "understaffing.title:\n  en:", "understaffing.titel:\n  en:")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(alternative-resources\.title:\n  en: [^\n]*\n  sv: )[^\n]*", r"\g<1>" + "x" * 70, text)
    path.write_text(text, encoding="utf-8")
    interface = project / "factors/locales/sv/interface.yml"
    interface.write_text(
        re.sub(
            r"(count_barriers_enablers:\n  en: [^\n]*\n  sv: [^\n]*)\{barriers\}",
            r"\1{hinder}",
            interface.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    (project / "factors/locales/de/cycle.yml").write_text("reaction.title: [unclosed\n", encoding="utf-8")
    chdir(project)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert re.search(
        r"factors/locales/sv/resources.yml:\d+:1: understaffing.titel: no English text has this key", result.output
    )
    assert re.search(
        r"factors/locales/sv/resources.yml:\d+:\d+: alternative-resources.title.sv: is 70 characters long; at most 60 fit",
        result.output,
    )
    assert re.search(
        r"factors/locales/sv/interface.yml:\d+:\d+: count_barriers_enablers.sv: the words in \{braces\} differ",
        result.output,
    )
    assert re.search(r"factors/locales/de/cycle.yml:\d+:\d+: YAML syntax error", result.output)


def test_guide_page_without_english_counterpart_is_reported(project: Path) -> None:
    (project / "content/sv/extra.md").write_text("# Extra\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        gather(project)
    assert any("extra.md" in p.file and "no English counterpart" in p.message for p in caught.value.problems)


def test_local_file_mistakes_are_located(project: Path) -> None:
    (project / "factors/locales/da/local.yml").write_text("hide:\n  - no-such-factor\nfactors: []\n", encoding="utf-8")
    with pytest.raises(HandbookError) as caught:
        gather(project)
    assert any(
        p.file.endswith("factors/locales/da/local.yml")
        and p.line == 2
        and "no factor has the id 'no-such-factor'" in p.message
        for p in caught.value.problems
    ), caught.value.report()
