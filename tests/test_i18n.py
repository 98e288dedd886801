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


def test_status_of_the_real_handbook() -> None:
    rows, stale = translation_status(ROOT)
    by = {(r.language, Path(r.file).name): r for r in rows}
    for name in ("resources.yml", "discourses.yml", "contexts.yml", "cycle.yml", "interface.yml"):
        assert by[("sv", name)].missing == 0 and by[("sv", name)].stale == 0
    # German resources are all translated but the user-side questions (issue 11), which show in English, marked.
    resources = sum(
        1 for line in (ROOT / "factors" / "resources.yml").read_text().splitlines() if line.startswith("  - id:")
    )
    assert by[("de", "resources.yml")].missing == resources
    assert by[("de", "discourses.yml")].translated == 0
    discourses = sum(
        1 for line in (ROOT / "factors" / "discourses.yml").read_text().splitlines() if line.startswith("  - id:")
    )
    assert by[("da", "discourses.yml")].missing == discourses  # all but the user-side questions
    assert by[("da", "contexts.yml")].translated == 0
    assert not [e for e in stale if e.recorded is not None]  # nothing stale; untranslated pages are listed separately


def test_locale_status_command_prints_a_table(chdir) -> None:
    chdir(ROOT)
    result = CliRunner().invoke(main, ["locale", "status"])
    assert result.exit_code == 0, result.output
    assert re.search(r"sv\s+all\s+\d+\s+\d+\s+0\s+0\s+100%", result.output), result.output
    assert re.search(r"de\s+factors/locales/de/discourses.yml\s+\d+\s+0\s+0\s+\d+\s+0%", result.output)


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


def test_changed_english_marks_translations_stale_and_shows_it(project: Path, chdir) -> None:
    replace(
        project / "factors/resources.yml",
        "title: Understaffing and high turnover",
        "title: Understaffing, turnover and gaps",
    )
    replace(project / "content/en/background.md", "## ", "## A new heading\n\nNew text.\n\n## ")
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
