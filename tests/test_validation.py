"""Bad catalogues get located, helpful errors — every one at once — and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import HandbookError
from generator.validate import load_english


def problems_for(factors: Path) -> list[str]:
    with pytest.raises(HandbookError) as caught:
        load_english(factors)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_small_catalogue_is_valid(small_factors: Path) -> None:
    catalogue = load_english(small_factors)
    assert [d.id for d in catalogue.dimensions] == ["resources", "discourses", "contexts"]
    assert catalogue.factor("understaffing").dimension == "resources"
    # related links show on both sides
    assert [f.id for f in catalogue.related_to(catalogue.factor("lack-of-faith"))] == ["understaffing"]


def test_the_real_catalogues_are_valid_and_complete() -> None:
    catalogue = load_english(Path(__file__).resolve().parent.parent / "factors")
    ids = {f.id for f in catalogue.factors}
    # Factors the paper's Results name (Table 1 rebuilt) must all be there.
    for expected in (
        "users-own-resources",
        "alternative-resources",
        "understaffing",
        "organisational-resources",
        "paternalistic-care-ideology",
        "users-subordinate-themselves",
        "user-as-active-subject",
        "working-without-prestige",
        "adapted-participation",
        "users-adapt-to-scarce-resources",
    ):
        assert expected in ids
    for dimension in catalogue.dimensions:
        assert dimension.barriers and dimension.enablers
    assert {f.level.value for f in catalogue.dimension("resources").factors if f.level} == {
        "user",
        "unit",
        "organisation",
    }
    assert [s.id for s in catalogue.cycle.steps] == ["reaction", "interaction", "action"]


@pytest.mark.parametrize(
    ("file", "old", "new", "needle", "expected"),
    [
        (
            "resources.yml",
            "    kind: barrier\n    level: unit",
            "    kind: barier\n    level: unit",
            "kind: barier",
            r"factors\[0\]\.kind: 'barier' is not allowed here\n    hint: use one of: 'barrier' or 'enabler'",
        ),
        (
            "resources.yml",
            "    level: unit",
            "    level: ward",
            "level: ward",
            r"factors\[0\]\.level: 'ward' is not allowed here",
        ),
        (
            "resources.yml",
            "    title: Understaffing",
            "    titel: Understaffing",
            "titel:",
            r"factors\[0\]\.titel: unknown key 'titel'\n    hint: did you mean 'title'\?",
        ),
        ("resources.yml", "    short: Too few staff.", "    short: ''", "short: ''", r"factors\[0\]\.short: is empty"),
        (
            "resources.yml",
            "    short: Too few staff.\n",
            "",
            "id: understaffing",
            r"factors\[0\]\.short: this field is missing",
        ),
        (
            "resources.yml",
            "    title: Understaffing",
            "    title: 2024",
            "title: 2024",
            r"factors\[0\]\.title: should be text\n    hint: put the text in quotes",
        ),
        (
            "resources.yml",
            "    title: Understaffing",
            "    title: yes",
            "title: yes",
            r"factors\[0\]\.title: should be text",
        ),
        (
            "resources.yml",
            "    related: [lack-of-faith]",
            "    related: [lack-of-fait]",
            "related: [lack-of-fait]",
            r"factors\[0\]\.related\[0\]: no factor has the id 'lack-of-fait'\n    hint: did you mean 'lack-of-faith'\?",
        ),
        (
            "resources.yml",
            "    related: [lack-of-faith]",
            "    related: [alternative-resources]",
            "related: [alternative",
            r"is in the same dimension",
        ),
        (
            "resources.yml",
            "  - id: alternative-resources",
            "  - id: understaffing  # again",
            "# again",
            r"factors\[1\]\.id: the id 'understaffing' is already used by the factor 'Understaffing' at .*resources.yml:13",
        ),
        (
            "resources.yml",
            "  - id: alternative-resources",
            "  - id: Alternative Resources",
            "Alternative Resources",
            r"is not a valid id",
        ),
        (
            "resources.yml",
            "  id: resources",
            "  id: resource",
            "id: resource",
            r"dimension\.id: 'resource' is not allowed here",
        ),
        (
            "discourses.yml",
            "  id: discourses",
            "  id: contexts",
            "id: contexts",
            r"does not match the file name discourses.yml",
        ),
        (
            "resources.yml",
            "    title: Understaffing",
            "    title: Understaffing: and more",
            "Understaffing: and more",
            r"YAML syntax error: mapping values are not allowed (here|in this context)\n    hint: a text containing ': ' must be put in quotes",
        ),
        (
            "resources.yml",
            "    level: unit",
            "    level: unit\n    level: user",
            "level: user",
            r"this key appears twice",
        ),
        (
            "resources.yml",
            "    level: unit",
            "\tlevel: unit",
            "\tlevel",
            r"a tab is used for indentation\n    hint: YAML indents with spaces only",
        ),
        ("cycle.yml", "  - id: action", "  - id: acton", "id: acton", r"steps\[2\]\.id: 'acton' is not allowed here"),
        (
            "resources.yml",
            "    title: Understaffing",
            "    title: " + "x" * 70,
            "title: xxx",
            r"is 70 characters long; at most 60 fit",
        ),
    ],
)
def test_each_mistake_is_located_and_explained(
    small_factors: Path, file: str, old: str, new: str, needle: str, expected: str
) -> None:
    path = small_factors / file
    edit(path, old, new)
    line = line_of(path, needle.split("\n")[0])
    found = "\n".join(problems_for(small_factors))
    assert re.search(rf"factors/{file}:{line}:\d+: ", found) or re.search(rf"{file}:{line}:\d+: ", found), found
    assert re.search(expected, found), found


def test_non_utf8_is_located(small_factors: Path) -> None:
    path = small_factors / "discourses.yml"
    path.write_bytes(path.read_bytes().replace(b"Lack of faith", "Lack of f\xe4ith".encode("latin-1")))
    line = next(n for n, text in enumerate(path.read_bytes().splitlines(), start=1) if b"Lack of f\xe4ith" in text)
    column = path.read_bytes().splitlines()[line - 1].index(b"\xe4") + 1
    found = problems_for(small_factors)
    assert any(
        re.search(
            rf"discourses\.yml:{line}:{column}: is not valid UTF-8 \(byte 0xe4\)\n    hint: save the file as UTF-8", p
        )
        for p in found
    ), (line, column, found)


def test_alias_bomb_is_refused_without_expanding(small_factors: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n'
    (small_factors / "contexts.yml").write_text(bomb, encoding="utf-8")
    found = problems_for(small_factors)
    assert any("anchors and aliases (& and *) are not allowed" in p for p in found)


def test_every_problem_is_reported_at_once(small_factors: Path) -> None:
    edit(small_factors / "resources.yml", "    kind: barrier", "    kind: barier")
    edit(small_factors / "discourses.yml", "    title: Lack of faith in users", "    titel: Lack of faith in users")
    edit(small_factors / "contexts.yml", "    short: The organisation backs co-production.", "    short: ''")
    edit(small_factors / "resources.yml", "    related: [lack-of-faith]", "    related: [nobody]")
    found = problems_for(small_factors)
    assert len(found) >= 4
    assert {p.split(":")[0].rsplit("/", 1)[-1] for p in found} == {"resources.yml", "discourses.yml", "contexts.yml"}


def test_missing_file_is_reported(small_factors: Path) -> None:
    (small_factors / "cycle.yml").unlink()
    assert any("cycle.yml: file is missing" in p for p in problems_for(small_factors))


def test_check_command_lists_every_problem_and_exits_1_without_traceback(small_factors: Path, chdir) -> None:
    chdir(small_factors.parent)
    edit(small_factors / "resources.yml", "    kind: barrier", "    kind: barier")
    edit(small_factors / "discourses.yml", "    title: Lack of faith in users", "    titel: Lack of faith in users")
    edit(small_factors / "cycle.yml", "  title: The cycle towards action", "  title: [The cycle]")
    result = CliRunner().invoke(main, ["check", "factors"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "factors/resources.yml:14:11: factors[0].kind: 'barier' is not allowed here" in result.output
    assert "factors/discourses.yml:" in result.output and "unknown key 'titel'" in result.output
    assert "factors/cycle.yml:2:10: cycle.title: should be text" in result.output
    assert re.search(r"\d+ problems found\.", result.output)


def test_check_command_on_a_good_catalogue(small_factors: Path, chdir) -> None:
    chdir(small_factors.parent)
    result = CliRunner().invoke(main, ["check", "factors"])
    assert result.exit_code == 0, result.output
    assert "4 factors in 3 dimensions" in result.output


def test_json_schema_is_current_and_referenced() -> None:
    from generator.schema import schema_files

    root = Path(__file__).resolve().parent.parent
    for name, text in schema_files().items():
        assert (root / "factors" / "schema" / name).read_text(encoding="utf-8") == text, (
            f"run `handbook schema` to update {name}"
        )
    for name in ("resources", "discourses", "contexts"):
        assert (
            (root / "factors" / f"{name}.yml")
            .read_text(encoding="utf-8")
            .startswith("# yaml-language-server: $schema=schema/catalogue.schema.json")
        )


def test_one_mistake_gives_one_problem_not_a_cascade(small_factors: Path) -> None:
    edit(small_factors / "resources.yml", "    kind: barrier", "    kind: barier")
    found = problems_for(small_factors)
    assert len(found) == 1, found  # discourses.yml links to 'understaffing', which still exists


# --- Validation gaps (issue 8) -------------------------------------------------------------------


def test_check_command_checks_the_folder_it_is_given(small_factors: Path, chdir) -> None:
    """`handbook check DIR` checks DIR, whatever it is called, not a folder called factors beside it."""
    catalogues = small_factors.rename(small_factors.parent / "catalogues")
    chdir(catalogues.parent)
    result = CliRunner().invoke(main, ["check", "catalogues"])
    assert result.exit_code == 0, result.output
    assert "4 factors in 3 dimensions" in result.output
    edit(catalogues / "resources.yml", "    kind: barrier", "    kind: barier")
    result = CliRunner().invoke(main, ["check", "catalogues"])
    assert result.exit_code == 1
    line = line_of(catalogues / "resources.yml", "kind: barier")
    assert f"catalogues/resources.yml:{line}:" in result.output, result.output
    assert "missing" not in result.output


def test_scalar_aliases_are_refused_like_the_others(small_factors: Path) -> None:
    path = small_factors / "resources.yml"
    edit(path, "    title: Understaffing", "    title: &name Understaffing")
    text = path.read_text(encoding="utf-8")
    short = next(line for line in text.splitlines() if line.startswith("    short: "))
    path.write_text(text.replace(short, "    short: *name", 1), encoding="utf-8")
    found = problems_for(small_factors)
    line = line_of(path, "short: *name")
    assert any(f"resources.yml:{line}:5: factors[0].short: anchors and aliases" in p for p in found), found


def test_an_alias_as_a_key_is_refused(small_factors: Path) -> None:
    path = small_factors / "interface.yml"
    path.write_text(path.read_text(encoding="utf-8") + "extra: &word related\n*word : again\n", encoding="utf-8")
    found = problems_for(small_factors)
    assert any("interface.yml:" in p and "anchors and aliases" in p for p in found), found


def test_the_yaml_reader_keeps_nothing_between_loads() -> None:
    """Every node of a document is let go once it is read: nothing grows with every load."""
    import gc

    import yaml

    from generator.load import parse_yaml

    def nodes() -> int:
        gc.collect()
        return sum(1 for item in gc.get_objects() if isinstance(item, yaml.Node))

    text = "".join(f"key{n}:\n  - text {n}\n  - {n}\n" for n in range(200))
    parse_yaml(text, "first.yml", [])
    before = nodes()
    for _ in range(3):
        document = parse_yaml(text, "again.yml", [])
        assert document is not None and len(document.data) == 200
    assert nodes() == before


def test_broken_front_matter_in_a_guide_page_is_located(project: Path, chdir) -> None:
    from generator.project import gather

    chdir(project)
    page = project / "content" / "en" / "background.md"
    text = page.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle:")
    page.write_text(text.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    unclosed = project / "content" / "en" / "references.md"
    unclosed.write_text(
        unclosed.read_text(encoding="utf-8").replace("\n---\n", "\n\n", 1).replace("---\n", "---\ntitle: x\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(HandbookError) as caught:
        gather(project)
    found = [str(p) for p in caught.value.problems]
    assert any(p.startswith("content/en/background.md:") and "YAML syntax error" in p for p in found), found
    assert any(p.startswith("content/en/references.md:1:1: ") and "no closing" in p for p in found), found
    # The translations of the broken pages are not also reported as pages without an English counterpart.
    assert not [p for p in found if "English counterpart" in p], found
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content/en/background.md:" in result.output and "Traceback" not in result.output


def test_a_key_missing_from_the_english_interface_is_located_there(small_factors: Path, chdir) -> None:
    path = small_factors / "interface.yml"
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("nav_model:"))
    edit(path, line + "\n", "")
    chdir(small_factors.parent)
    result = CliRunner().invoke(main, ["check", "factors"])  # no translations: nothing else would notice
    assert result.exit_code == 1, result.output
    assert "factors/interface.yml:1:1: nav_model: this key is missing" in result.output


def test_a_key_missing_from_the_real_english_interface_is_one_problem(project: Path, chdir) -> None:
    """Not a stray key in every translation, with a hint to delete the translation."""
    path = project / "factors" / "interface.yml"
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("nav_model:"))
    edit(path, line + "\n", "")
    chdir(project)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "factors/interface.yml:1:1: nav_model: this key is missing" in result.output
    assert "1 problem found." in result.output, result.output


def _keys_used() -> set[str]:
    """Every interface key the templates and the Python code ask for by name, and those they build."""
    import ast

    from jinja2 import nodes

    from generator.interface import SCRIPT_KEYS
    from generator.model import Basis, Kind, Level
    from generator.render import TEMPLATES, environment
    from generator.render.markdown import PAPERS

    used: set[str] = set()
    for template in TEMPLATES.iterdir():
        tree = environment.parse(template.read_text(encoding="utf-8"))
        for call in tree.find_all(nodes.Call):
            # t(): a plain string; ui() (the slides): the same string, marked where it is still in English.
            if (
                isinstance(call.node, nodes.Name)
                and call.node.name in ("t", "ui")
                and isinstance(call.args[0], nodes.Const)
            ):
                used.add(call.args[0].value)
    generator = Path(__file__).resolve().parent.parent / "generator"
    for module in generator.rglob("*.py"):
        for call in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            argument = call.args[0]
            if name == "t" and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                used.add(argument.value)
    # Built at run time: factor kinds and their plurals, levels, paper sizes, the banner of a guide page.
    used |= {k.value for k in Kind} | {k.value + "s" for k in Kind}
    used |= {f"level_{level.value}" for level in Level} | {"level_none"} | {f"paper_{p}" for p in PAPERS}
    used |= {"fallback_note", "stale_note", "language_name"}
    used |= {f"basis_{b.value}" for b in Basis} | {f"basis_count_{b.value}" for b in Basis} | {"basis_count_local"}
    # Shown by the pages' scripts, which receive them all (test_plans checks each script names each one).
    used |= {key for keys in SCRIPT_KEYS.values() for key in keys}
    return used


def test_every_interface_key_the_code_uses_is_declared() -> None:
    from generator.interface import INTERFACE_KEYS

    used = _keys_used()
    assert used - INTERFACE_KEYS == set(), "add these to INTERFACE_KEYS in generator/interface.py"
    assert INTERFACE_KEYS - used == set(), "nothing uses these: remove them from generator/interface.py"
