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


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory):
    """One PDF cache for every build in the session: each PDF is rendered once, then reused.

    It starts as a copy of the project's own cache (``make site`` fills it; entries are keyed by the
    complete HTML, stylesheets, fonts and WeasyPrint version, so a stale entry can never be used), and
    the copy keeps the tests from writing into the project. Tests about rendering itself use a cache of their own.
    """
    previous = os.environ.get("HANDBOOK_PDF_CACHE")
    cache = tmp_path_factory.mktemp("pdf-cache")
    if (ROOT / ".cache" / "pdf").is_dir():
        shutil.copytree(ROOT / ".cache" / "pdf", cache, dirs_exist_ok=True)
    os.environ["HANDBOOK_PDF_CACHE"] = str(cache)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    yield
    if previous is None:
        os.environ.pop("HANDBOOK_PDF_CACHE", None)
    else:
        os.environ["HANDBOOK_PDF_CACHE"] = previous


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, shared_pdf_cache: None) -> BuiltSite:
    """The real handbook, every language, built once for the whole session, from a clean copy."""
    from generator.build import build_site

    root = copy_project(tmp_path_factory.mktemp("built") / "handbook")
    previous = Path.cwd()
    os.chdir(root)
    try:
        report = build_site(root, root / "site")
    finally:
        os.chdir(previous)
    return BuiltSite(root, root / "site", report)


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
