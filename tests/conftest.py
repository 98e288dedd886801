"""Shared fixtures: copies of the real handbook built in a temporary folder, and small catalogues."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECT_PARTS = ("factors", "content", "overrides", "sources", "mkdocs.yml")


def copy_project(target: Path) -> Path:
    """A copy of the handbook's sources, to build or break without touching the real one."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def heading_text(markup: str) -> str:
    """A heading's text as a reader sees it, from its HTML: without MkDocs' ¶ permalink, tags or entities."""
    text = re.sub(r'<a class="headerlink".*?</a>', "", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "handbook")


@pytest.fixture
def small_factors(tmp_path: Path) -> Path:
    """The small test catalogue, in a folder of its own."""
    folder = tmp_path / "factors"
    shutil.copytree(FIXTURES / "small", folder)
    shutil.copytree(ROOT / "sources", tmp_path / "sources")  # the paper its quotations are checked against
    return folder


@pytest.fixture
def chdir(monkeypatch: pytest.MonkeyPatch):
    def go(path: Path) -> None:
        monkeypatch.chdir(path)

    return go


class BuiltSite:
    def __init__(self, root: Path, site: Path, report: object) -> None:
        self.root = root
        self.site = site
        self.report = report

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


def _run_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder for this test run that every xdist worker sees (each worker's own temp folder is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """xdist's worker name ("gw0", …), or "master" when the tests run in one process."""
    workerinput = getattr(request.config, "workerinput", None)
    return workerinput["workerid"] if workerinput else "master"


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """One PDF cache for every build in the run, shared by the xdist workers: each PDF is rendered once.

    It starts as a copy of the project's own cache (``make site`` fills it; entries are keyed by the
    complete HTML, stylesheets, fonts and WeasyPrint version, so a stale entry can never be used), and
    the copy keeps the tests from writing into the project. Entries are written whole and renamed into
    place, so workers can share it. Tests about rendering itself use a cache of their own.
    """
    from filelock import FileLock

    from generator.pdf import DEFAULT_EPOCH

    previous = os.environ.get("HANDBOOK_PDF_CACHE")
    cache = _run_folder(tmp_path_factory, worker_id) / "pdf-cache"
    with FileLock(f"{cache}.lock"):
        if not cache.exists():
            staging = cache.with_name(f"pdf-cache.{worker_id}")
            staging.mkdir()
            if (ROOT / ".cache" / "pdf").is_dir():
                shutil.copytree(ROOT / ".cache" / "pdf", staging, dirs_exist_ok=True)
            staging.rename(cache)
    os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
    # Fixed, so builds are comparable byte for byte; the build's own default, so `make site`'s PDFs are reused.
    os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    yield
    if previous is None:
        os.environ.pop("HANDBOOK_PDF_CACHE", None)
    else:
        os.environ["HANDBOOK_PDF_CACHE"] = previous


def once_per_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make):
    """``make(folder)`` run once for the whole test run, in a folder of its own; its result, for every caller.

    With xdist the first worker to ask makes it, under a lock, and the others wait and read the same result
    (pickled beside the folder). Several tests can so assert on one expensive build without each paying for it.
    """
    import pickle

    from filelock import FileLock

    folder = _run_folder(tmp_path_factory, worker_id) / name
    done = folder.with_name(f"{name}.pickle")
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            done.write_bytes(pickle.dumps(make(folder)))
    return pickle.loads(done.read_bytes())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str, shared_pdf_cache: None) -> BuiltSite:
    """The real handbook, every language, built once for the whole run from a clean copy; read it, never change it."""

    def build(folder: Path) -> BuiltSite:
        root = copy_project(folder / "handbook")
        return BuiltSite(root, root / "site", build_copy(root))

    return once_per_run(tmp_path_factory, worker_id, "built", build)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def blank_translation(path: Path, key: str) -> None:
    """Empty one entry's translation, as a translator who has not reached it yet would leave it."""
    import re

    text = path.read_text(encoding="utf-8")
    code = path.parent.name
    updated = re.sub(rf"(\n{re.escape(key)}:\n  en: [^\n]*\n  {code}: )[^\n]*", r"\g<1>''", text, count=1)
    assert updated != text, (path, key)
    path.write_text(updated, encoding="utf-8")


def edit_po(path: Path, edits: dict[str, dict]) -> None:
    """Change units of a PO file the way a PO editor does (translate-toolkit writes it back)."""
    from translate.storage import po

    store = po.pofile(path.read_bytes())
    for unit in store.units:
        change = edits.get(unit.getcontext())
        if change is None:
            continue
        if "target" in change:
            unit.target = change["target"](unit.target) if callable(change["target"]) else change["target"]
        if "fuzzy" in change:
            unit.markfuzzy(change["fuzzy"])
            if not change["fuzzy"]:
                unit.clear_previous()
    path.write_bytes(bytes(store))


SWEDISH_LOCAL_FILE = """hide:
  - care-across-several-organisations
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
"""


def _edit_swedish_and_build(folder: Path) -> dict[str, object]:
    from click.testing import CliRunner

    from generator.cli import main

    project = copy_project(folder / "handbook")
    previous = Path.cwd()
    os.chdir(project)
    try:
        # test_exchange.test_a_po_edit_shows_on_the_built_site: a translator's PO file, edited and imported.
        po_file = project / "sv.po"
        exported = CliRunner().invoke(main, ["locale", "export", "sv", "--format", "po", "--output", str(po_file)])
        edit_po(
            po_file,
            {
                "resources/alternative-resources/title": {"target": "Andra resurser omkring brukaren"},
                "pages/using-the-model.md/body": {
                    "target": lambda t: t.replace(
                        "# Så använder du modellen", "# Så använder du modellen i praktiken", 1
                    )
                },
                "discourses/discourses/short": {"fuzzy": True},
                "pages/translating.md/body": {"fuzzy": True},
            },
        )
        imported = CliRunner().invoke(main, ["locale", "import", str(po_file)])
    finally:
        os.chdir(previous)
    # test_i18n.test_changed_or_missing_translations_are_marked_on_the_page: English changed under a translation,
    # a factor's title and a whole guide page not yet translated.
    replace_once(
        project / "factors/resources.yml",
        "title: Understaffing and high turnover",
        "title: Understaffing, turnover and gaps",
    )
    replace_once(project / "content/en/background.md", "## ", "## A new heading\n\nNew text.\n\n## ")
    blank_translation(project / "factors/locales/sv/contexts.yml", "care-chain-collaboration.title")
    (project / "content/sv/references.md").unlink()
    # test_i18n.test_local_additions_are_marked_and_hidden_factors_gone: a barrier of Sweden's own, another
    # hidden (one barrier for another: the diagrams' counts stay, so only the PDFs listing contexts change).
    (project / "factors/locales/sv/local.yml").write_text(SWEDISH_LOCAL_FILE, encoding="utf-8")
    preview_build(project, "sv", project / "site" / "sv")
    return {
        "project": project,
        "exported": (exported.exit_code, exported.output),
        "imported": (imported.exit_code, imported.output),
        "deck": printout(project, "sv", "downloads/factor-cards-sv-a4.pdf"),
    }


@pytest.fixture
def edited_swedish(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, object]:
    """A copy of the handbook carrying three tests' edits to Swedish, built (Swedish only) once for the whole run.

    The edits touch different entries and pages, so each test sees its own and nothing of the others': a PO
    file's edits imported (test_exchange); English changed under translations, and a title and a page left
    untranslated (test_i18n); a local factor added and another hidden (test_i18n). One build instead of three,
    of the pages, as the preview builds them: the tests read pages, and of the PDFs the edits change (two
    worksheets, the cards and the course pack, each on two papers) only the A4 card deck ("deck"), rendered alone.
    Read it, never change it.
    """
    return once_per_run(tmp_path_factory, worker_id, "edited-swedish", _edit_swedish_and_build)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow tests first, so the run ends on short ones and no core waits out a long test alone at the end
    (`make test` has xdist hand out tests one at a time, as workers free up).

    The first two read the shared build, which the first of them makes; the slow tests that do not read it come
    next, so the other worker has work of its own meanwhile instead of waiting for the build.
    """
    slow = [item for item in items if item.get_closest_marker("slow")]
    reads_build = [item for item in slow if "built" in item.fixturenames]
    own_work = [item for item in slow if "built" not in item.fixturenames]
    first = reads_build[:2] + own_work + reads_build[2:]
    items[:] = first + [item for item in items if not item.get_closest_marker("slow")]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite the golden files from the current output, on purpose."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/<name>; ``--update-golden`` rewrites it instead."""
    folder = Path(__file__).resolve().parent / "golden"

    def check(name: str, text: str) -> None:
        path = folder / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {name}: run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then run pytest --update-golden"

    return check


def preview_build(root: Path, code: str, site: Path) -> None:
    """One language built as `handbook serve` builds it: its pages now, its PDFs left to the background.

    Stopping drops the PDFs not yet made, as stopping `handbook serve` does: for tests that read pages only.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    previous = os.environ.get("HANDBOOK_LANGUAGE")
    os.environ["HANDBOOK_LANGUAGE"] = code  # read by mkdocs.yml, as `handbook serve --lang` sets it
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        if previous is None:
            del os.environ["HANDBOOK_LANGUAGE"]
        else:
            os.environ["HANDBOOK_LANGUAGE"] = previous


def printout(root: Path, code: str, path: str) -> bytes:
    """One printout of a language (a docs path such as ``downloads/factor-cards-sv-a4.pdf``), as a build makes it:
    the same document, from the same catalogues and Markdown settings, rendered (or taken from the cache) alone."""
    from mkdocs.config import load_config

    from generator.assemble import printables_of
    from generator.conversions import MARKDOWN_CACHE, markdown_converter
    from generator.pdf import PdfJob, render_pdfs
    from generator.project import gather

    config = load_config(str(root / "mkdocs.yml"))
    to_html = markdown_converter(config.markdown_extensions, config.mdx_configs, root / MARKDOWN_CACHE)
    found = [p for p in printables_of(gather(root, only=code), code, to_html) if p.path == path]
    assert found, f"{code} has no printout {path}"
    pdfs, _ = render_pdfs([PdfJob(path, found[0].html)], Path(os.environ["HANDBOOK_PDF_CACHE"]))
    return pdfs[path]


def build_copy(root: Path, only: list[str] | None = None, site: str = "site"):
    """Build a project copy (from inside it, as a user would) and return the report."""
    from generator.build import build_site

    previous = Path.cwd()
    os.chdir(root)
    try:
        return build_site(root, root / site, only=only)
    finally:
        os.chdir(previous)
