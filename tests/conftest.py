"""Shared fixtures: copies of the real handbook built in a temporary folder, and small catalogues."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str, shared_pdf_cache: None) -> BuiltSite:
    """The real handbook, every language, built once for the whole run from a clean copy; read it, never change it.

    With xdist the first worker to ask builds it, under a lock, and the others wait and read the same site.
    """
    import pickle

    from filelock import FileLock

    from generator.build import build_site

    folder = _run_folder(tmp_path_factory, worker_id) / "built"
    done = folder / "report.pickle"
    with FileLock(f"{folder}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            root = copy_project(folder / "handbook")
            previous = Path.cwd()
            os.chdir(root)
            try:
                report = build_site(root, root / "site")
            finally:
                os.chdir(previous)
            done.write_bytes(pickle.dumps(report))
    root = folder / "handbook"
    return BuiltSite(root, root / "site", pickle.loads(done.read_bytes()))


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


def build_copy(root: Path, only: list[str] | None = None, site: str = "site"):
    """Build a project copy (from inside it, as a user would) and return the report."""
    from generator.build import build_site

    previous = Path.cwd()
    os.chdir(root)
    try:
        return build_site(root, root / site, only=only)
    finally:
        os.chdir(previous)
