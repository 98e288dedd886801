"""Languages as translators and readers meet them: scaffolding, status, stale and fallback marking, local additions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_copy

from generator.cli import main
from generator.errors import HandbookError
from generator.i18n import scaffold_language, translation_status
from generator.project import gather

ROOT = Path(__file__).resolve().parent.parent


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def blank_translation(path: Path, key: str) -> None:
    """Empty one entry's translation, as a translator who has not reached it yet would leave it."""
    text = path.read_text(encoding="utf-8")
    code = path.parent.name
    updated = re.sub(rf"(\n{re.escape(key)}:\n  en: [^\n]*\n  {code}: )[^\n]*", r"\g<1>''", text, count=1)
    assert updated != text, (path, key)
    path.write_text(updated, encoding="utf-8")


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


@pytest.mark.slow
def test_locale_add_scaffolds_a_language_that_builds_at_once(project: Path, chdir) -> None:
    chdir(project)
    result = CliRunner().invoke(main, ["locale", "add", "nb"])
    assert result.exit_code == 0, result.output
    stub = (project / "factors/locales/nb/resources.yml").read_text(encoding="utf-8")
    assert "understaffing.title:\n  en: " in stub and "  nb: ''" in stub
    catalogue = gather(project, only="nb").catalogues["nb"]
    assert all("title" in f.fallback for f in catalogue.factors)
    report = build_copy(project, only=["nb"])
    assert report.languages == ("nb",)
    page = (project / "site/nb/model/resources.html").read_text(encoding="utf-8")
    assert '<html lang="nb"' in page
    assert 'lang="en" class="pt-fallback"' in page
    assert (project / "site/nb/downloads/worksheet-resources-nb-a4.pdf").exists()
    # Running it again keeps translations made in the meantime.
    replace(
        project / "factors/locales/nb/resources.yml",
        "understaffing.title:\n  en: Understaffing and high turnover\n  nb: ''",
        "understaffing.title:\n  en: Understaffing and high turnover\n  nb: Underbemanning",
    )
    scaffold_language(project, "nb")
    assert "nb: Underbemanning" in (project / "factors/locales/nb/resources.yml").read_text(encoding="utf-8")


def test_changed_or_missing_translations_are_marked_on_the_page(project: Path, chdir) -> None:
    replace(
        project / "factors/resources.yml",
        "title: Understaffing and high turnover",
        "title: Understaffing, turnover and gaps",
    )
    replace(project / "content/en/background.md", "## ", "## A new heading\n\nNew text.\n\n## ")
    # Not yet translated: one factor's title, and a whole guide page.
    blank_translation(project / "factors/locales/sv/contexts.yml", "care-chain-collaboration.title")
    (project / "content/sv/references.md").unlink()
    rows, stale = translation_status(project)
    sv = {Path(r.file).name: r for r in rows if r.language == "sv"}
    assert sv["resources.yml"].stale == 1
    entry = next(e for e in stale if e.language == "sv" and e.key == "understaffing.title")
    assert entry.recorded == "Understaffing and high turnover" and entry.current == "Understaffing, turnover and gaps"
    chdir(project)
    output = CliRunner().invoke(main, ["locale", "status", "--stale"]).output
    assert "understaffing.title is stale" in output and "+ English now:     Understaffing, turnover and gaps" in output
    build_copy(project, only=["sv"])
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


def test_local_additions_are_marked_and_hidden_factors_gone(project: Path) -> None:
    (project / "factors/locales/sv/local.yml").write_text(
        """hide:
  - care-chain-collaboration
factors:
  - id: hierarchy-in-the-team
    dimension: contexts
    kind: barrier
    level: unit
    title: Hierarki i arbetslaget
    short: En tydlig hierarki gör att brukare och personal tvekar att säga emot.
    description: Ett lokalt exempel.
    questions:
      reaction: ["Var märks hierarkin?"]
      interaction: ["Hur påverkar den resurserna?"]
      action: ["Vad kan vi ändra?"]
    related: [understaffing]
    source: Lokalt tillägg, exempel
""",
        encoding="utf-8",
    )
    catalogue = gather(project, only="sv").catalogues["sv"]
    added = catalogue.factor("hierarchy-in-the-team")
    assert added.local and added.dimension == "contexts"
    assert "care-chain-collaboration" not in {f.id for f in catalogue.factors}
    build_copy(project, only=["sv"])
    page = (project / "site/sv/model/contexts.html").read_text(encoding="utf-8")
    assert 'id="hierarchy-in-the-team"' in page and "pt-badge-local" in page and "pt-note-local" in page
    assert 'id="care-chain-collaboration"' not in page
    cards = (project / "site/sv/cards.html").read_text(encoding="utf-8")
    assert "Hierarki i arbetslaget" in cards and "pt-badge-local" in cards
    from pypdf import PdfReader

    deck = " ".join(p.extract_text() for p in PdfReader(project / "site/sv/downloads/factor-cards-sv-a4.pdf").pages)
    assert "Hierarki i arbetslaget" in deck


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
