"""Translators' tools: export to PO and XLIFF, import back, review state, refusals."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import edit_po
from translate.storage import po, xliff

from generator.cli import main
from generator.exchange import read_exchange, write_exchange
from generator.i18n import translation_status
from generator.i18n.transfer import PROJECT
from generator.locale_exchange import export_language

EXTENSIONS = {"po": "po", "xliff": "xlf"}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file the import may write, by path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("factors", "content")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def export(code: str, file_format: str, target: Path) -> Path:
    code_, output = run("locale", "export", code, "--format", file_format, "--output", str(target))
    assert code_ == 0, output
    return target


def po_unit(path: Path, context: str):
    return next(u for u in po.pofile(path.read_bytes()).units if u.getcontext() == context)


def test_export_then_import_leaves_every_file_byte_identical(project: Path, chdir) -> None:
    chdir(project)
    before = snapshot(project)
    for code in ("sv", "de", "da"):
        exported = export_language(project, code)
        for file_format, extension in EXTENSIONS.items():
            path = export(code, file_format, project / f"{code}.{extension}")
            # The file says exactly what the handbook holds: every text, translation and state read back.
            problems: list = []
            back = read_exchange(path.read_bytes(), path.name, problems)
            assert not problems and back is not None
            assert back.language == code
            assert [replace(u, line=0) for u in back.units] == list(exported.units)
            status, output = run("locale", "import", str(path))
            assert status == 0, output
            assert "nothing changed" in output
    assert snapshot(project) == before


def test_exported_units_are_the_handbook_texts(project: Path) -> None:
    exchange = export_language(project, "sv")
    units = {u.context: u for u in exchange.units}
    title = units["resources/understaffing/title"]
    assert (title.source, title.target, title.needs_review) == (
        "Understaffing and high turnover",
        "Underbemanning och hög personalomsättning",
        False,
    )
    questions = units["resources/understaffing/questions.reaction"]
    assert "\n" in questions.source or questions.source.endswith("?")
    assert units["interface/handbook_title"].target == "Handbok om maktriangeln"
    assert units["pages/background.md/title"].target == "Bakgrund"
    assert units["pages/background.md/body"].target.startswith("# Bakgrund")
    german = {u.context: u for u in export_language(project, "de").units}
    assert german["pages/easy-read/index.md/body"].target == ""  # missing (easy-read falls back in German): empty
    # Every format carries the same units: XLIFF read back by translate-toolkit.
    store = xliff.xlifffile(write_exchange(exchange, "xliff", PROJECT))
    assert store.document.getroot().get("version") == "1.2"
    assert [u.xmlelement.get("id") for u in store.units] == [u.context for u in exchange.units]
    assert [str(u.target or "") for u in store.units] == [u.target for u in exchange.units]


def test_an_english_edit_makes_the_entry_fuzzy_with_its_previous_english(project: Path, chdir) -> None:
    resources = project / "factors/resources.yml"
    resources.write_text(
        resources.read_text(encoding="utf-8").replace(
            "title: Understaffing and high turnover", "title: Understaffing, turnover and gaps"
        ),
        encoding="utf-8",
    )
    chdir(project)
    path = export("sv", "po", project / "sv.po")
    text = path.read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Understaffing and high turnover"\nmsgctxt "resources/understaffing/title"\n'
        'msgid "Understaffing, turnover and gaps"\nmsgstr "Underbemanning och hög personalomsättning"\n'
    ) in text
    unit = po_unit(path, "resources/understaffing/title")
    assert unit.isfuzzy() and unit.prev_source == "Understaffing and high turnover"
    assert not po_unit(path, "resources/understaffing/short").isfuzzy()
    store = xliff.xlifffile(export("sv", "xliff", project / "sv.xlf").read_bytes())
    unit = next(u for u in store.units if u.xmlelement.get("id") == "resources/understaffing/title")
    assert unit.xmlelement.find(unit.namespaced("target")).get("state") == "needs-review-translation"
    assert [a.source for a in unit.getalttrans()] == ["Understaffing and high turnover"]
    # Imported untouched, the entry stays stale (its English is the old one); reviewed, it is current.
    before = snapshot(project)
    assert run("locale", "import", str(path))[0] == 0
    assert snapshot(project) == before
    edit_po(
        path, {"resources/understaffing/title": {"target": "Underbemanning, omsättning och luckor", "fuzzy": False}}
    )
    assert run("locale", "import", str(path))[0] == 0
    text = (project / "factors/locales/sv/resources.yml").read_text(encoding="utf-8")
    assert (
        "understaffing.title:\n  en: Understaffing, turnover and gaps\n  sv: Underbemanning, omsättning och luckor\n"
        in text
    )
    rows, _ = translation_status(project)
    assert next(r for r in rows if r.language == "sv" and r.file.endswith("resources.yml")).stale == 0


def test_review_state_travels_both_ways(project: Path, chdir) -> None:
    chdir(project)
    path = export("sv", "po", project / "sv.po")
    edit_po(
        path,
        {
            "resources/understaffing/short": {"fuzzy": True},
            "pages/references.md/body": {"fuzzy": True},
            "pages/references.md/title": {"fuzzy": True},
        },
    )
    status, output = run("locale", "import", str(path))
    assert status == 0, output
    yaml = (project / "factors/locales/sv/resources.yml").read_text(encoding="utf-8")
    assert re.search(r"understaffing\.short:\n  en: [^\n]+\n  sv: [^\n]+\n  state: draft\n", yaml)
    assert "translation_state: draft\n" in (project / "content/sv/references.md").read_text(encoding="utf-8")
    rows, _ = translation_status(project)
    row = next(r for r in rows if r.language == "sv" and r.file.endswith("resources.yml"))
    assert (row.translated, row.reviewed, row.stale) == (row.total, row.total - 1, 0)
    # A draft exports fuzzy with no previous English (it is not stale), and needs-review in XLIFF.
    again = export("sv", "po", project / "again.po")
    unit = po_unit(again, "resources/understaffing/short")
    assert unit.isfuzzy() and not unit.prev_source
    store = xliff.xlifffile(export("sv", "xliff", project / "sv.xlf").read_bytes())
    states = {u.xmlelement.get("id"): u.xmlelement.find(u.namespaced("target")).get("state") for u in store.units}
    assert states["resources/understaffing/short"] == "needs-review-translation"
    assert states["resources/understaffing/title"] == "translated"
    # Reviewed in the tool (fuzzy cleared): the mark goes.
    edit_po(again, {"resources/understaffing/short": {"fuzzy": False}})
    assert run("locale", "import", str(again))[0] == 0
    assert "state: draft" not in (project / "factors/locales/sv/resources.yml").read_text(encoding="utf-8")


def test_an_edit_changes_only_its_own_entry(project: Path, chdir) -> None:
    chdir(project)
    path = export("sv", "xliff", project / "sv.xlf")
    store = xliff.xlifffile(path.read_bytes())
    for unit in store.units:
        if unit.xmlelement.get("id") == "discourses/discourses/title":
            unit.settarget("Diskurser (ny)")
        if unit.xmlelement.get("id") == "discourses/discourses/guiding_questions":
            unit.settarget(str(unit.target) + "\nEn fråga till?")
    path.write_bytes(bytes(store))
    before = snapshot(project)
    status, output = run("locale", "import", str(path))
    assert status == 0, output
    after = snapshot(project)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["factors/locales/sv/discourses.yml"]
    old, new = before[changed[0]].decode().splitlines(), after[changed[0]].decode().splitlines()
    added = new.index("  - En fråga till?")
    assert new[:added] + new[added + 1 :] == [
        ("  sv: Diskurser (ny)" if line == "  sv: Diskurser" else line) for line in old
    ]
    assert new[added - 1].startswith("  - ")  # one more item at the end of the Swedish list


def test_a_file_for_another_language_is_refused_and_changes_nothing(project: Path, chdir) -> None:
    chdir(project)
    path = export("sv", "po", project / "sv.po")
    edit_po(path, {"resources/understaffing/title": {"target": "Changed"}})
    text = path.read_text(encoding="utf-8")
    before = snapshot(project)
    french = project / "fr.po"
    french.write_text(text.replace('"Language: sv\\n"', '"Language: fr\\n"'), encoding="utf-8")
    status, output = run("locale", "import", str(french))
    assert status == 1 and "Traceback" not in output
    line = text.splitlines().index('"Language: sv\\n"') + 1
    assert re.search(
        rf"fr\.po:{line}:1: Language: the file is for 'fr', but the handbook expects one of da, de, sv", output
    )
    status, output = run("locale", "import", str(path), "--lang", "de")
    assert status == 1 and "the file is for 'sv', but the handbook expects 'de'" in output
    assert snapshot(project) == before


def test_entries_the_handbook_does_not_have_are_refused_with_their_line(project: Path, chdir) -> None:
    chdir(project)
    path = export("sv", "po", project / "sv.po")
    edit_po(path, {"resources/understaffing/title": {"target": "Ändrad"}})
    text = path.read_text(encoding="utf-8").replace(
        'msgctxt "resources/understaffing/short"', 'msgctxt "resources/no-such-factor/short"'
    )
    text = re.sub(
        r'(msgctxt "resources/understaffing/description"\n(?:msgid [^\n]*\n|"[^\n]*"\n)+msgstr )(?:"[^\n]*"\n)+',
        lambda m: m.group(1) + '""\n',
        text,
    )
    text = text.replace('msgstr "Resurser"', 'msgstr "' + "R" * 41 + '"')
    path.write_text(text, encoding="utf-8")
    before = snapshot(project)
    status, output = run("locale", "import", str(path))
    assert status == 1 and "Traceback" not in output
    line = text.splitlines().index('msgctxt "resources/no-such-factor/short"') + 1
    assert re.search(r"sv\.po:\d+:1: resources/no-such-factor/short: the handbook has no text with this id", output)
    assert any(abs(int(n) - line) <= 2 for n in re.findall(r"sv\.po:(\d+):1: resources/no-such", output))
    assert re.search(r"sv\.po:\d+:1: resources/resources/title: is 41 characters long; at most 40 fit", output)
    assert snapshot(project) == before  # the valid edit in the same file is not written either


@pytest.mark.parametrize(
    ("name", "spoil", "message"),
    [
        (
            "sv.po",
            lambda t: t.replace('msgstr "Resurser"', 'msgstr "Resurser'),
            r"sv\.po:\d+:1: is not a valid PO file",
        ),
        ("sv.po", lambda t: t[: len(t) // 2] + "\nmsgstr[0] x\n", r"sv\.po:\d+:1: is not a valid PO file"),
        ("sv.xlf", lambda t: t.replace("</trans-unit>", "</trans-unt>", 1), r"sv\.xlf:\d+:\d+: is not well-formed XML"),
        ("sv.xlf", lambda t: t[: len(t) // 2], r"sv\.xlf:\d+:\d+: is not well-formed XML"),
    ],
)
def test_a_malformed_file_is_refused_and_changes_nothing(project: Path, chdir, name, spoil, message) -> None:
    chdir(project)
    path = export("sv", "po" if name.endswith(".po") else "xliff", project / name)
    path.write_text(spoil(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(project)
    status, output = run("locale", "import", str(path))
    assert status == 1 and "Traceback" not in output
    assert re.search(message, output), output
    assert snapshot(project) == before


@pytest.mark.slow
def test_a_po_edit_shows_on_the_built_site(edited_swedish: dict[str, object]) -> None:
    # The project (conftest's edited_swedish) had sv.po exported, edited as a PO editor does (a factor's title
    # and a page's heading changed, a dimension's summary and a page marked fuzzy), and imported; then built.
    # Its other edits are to other entries and pages.
    code_, output = edited_swedish["exported"]
    assert code_ == 0, output
    status, output = edited_swedish["imported"]
    assert status == 0, output
    site = edited_swedish["project"] / "site/sv"
    resources = (site / "model/resources.html").read_text(encoding="utf-8")
    assert "Andra resurser omkring brukaren" in resources
    assert "Alternativa resurser runt brukaren" not in resources
    assert "pt-note-draft" not in resources
    using = (site / "using-the-model.html").read_text(encoding="utf-8")
    assert "Så använder du modellen i praktiken" in using
    discourses = (site / "model/discourses.html").read_text(encoding="utf-8")
    note = '<p class="pt-note pt-note-draft">Översättningen är ett utkast och har ännu inte granskats.</p>'
    assert note in discourses
    assert note in (site / "translating.html").read_text(encoding="utf-8")
    assert "pt-note-draft" not in using


def test_a_misspelt_review_state_is_located(project: Path) -> None:
    from generator.errors import HandbookError
    from generator.project import gather

    yaml = project / "factors/locales/sv/resources.yml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(
        text.replace(
            "  sv: Underbemanning och hög personalomsättning\n",
            "  sv: Underbemanning och hög personalomsättning\n  state: drafted\n",
        ),
        encoding="utf-8",
    )
    page = project / "content/sv/references.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("---\n\n", "translation_state: done\n---\n\n", 1), encoding="utf-8"
    )
    with pytest.raises(HandbookError) as caught:
        gather(project, only="sv")
    report = caught.value.report()
    line = text.splitlines().index("  sv: Underbemanning och hög personalomsättning") + 2
    assert (
        f"factors/locales/sv/resources.yml:{line}:10: understaffing.title.state: 'drafted' is not a review state"
        in report
    )
    assert re.search(r"content/sv/references.md:4:1: translation_state: 'done' is not a review state", report), report


def test_a_region_the_tool_adds_is_accepted(project: Path, chdir) -> None:
    chdir(project)
    path = export("sv", "po", project / "sv.po")
    edit_po(path, {"resources/understaffing/title": {"target": "Underbemanning"}})
    path.write_text(
        path.read_text(encoding="utf-8").replace('"Language: sv\\n"', '"Language: sv_SE\\n"'), encoding="utf-8"
    )
    status, output = run("locale", "import", str(path))
    assert status == 0 and "sv: " in output, output
    assert "  sv: Underbemanning\n" in (project / "factors/locales/sv/resources.yml").read_text(encoding="utf-8")
