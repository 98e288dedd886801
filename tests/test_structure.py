"""The shape of the generator: one load phase, pure localisation, and a plugin that keeps nothing between builds."""

from __future__ import annotations

import ast
import os
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, build_copy, copy_project, replace_once
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.pdf import PdfJob
from generator.preview import BackgroundPdfs, ready_file
from generator.project import gather

I18N = ROOT / "generator" / "i18n"
DISK = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "exists", "iterdir", "rglob", "glob"}
DISK |= {"is_dir", "is_file", "load_yaml", "parse_yaml", "read_page", "mkdir"}  # calling the load phase is fine


@pytest.mark.parametrize("module", sorted(p.name for p in I18N.glob("*.py") if p.name != "scaffold.py"))
def test_localisation_never_touches_the_disk(module: str) -> None:
    """Only the load phase reads files: the i18n modules work on what it read (scaffold writes a new language)."""
    tree = ast.parse((I18N / module).read_text(encoding="utf-8"))
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not called & DISK, f"generator/i18n/{module} touches the disk: {sorted(called & DISK)}"


def test_every_file_is_read_exactly_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: Counter[Path] = Counter()
    read_bytes = Path.read_bytes

    def counting(path: Path) -> bytes:
        reads[path.resolve()] += 1
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    project = gather(ROOT)
    assert len(project.languages) >= 2
    sources = (ROOT / "factors", ROOT / "content")
    read = {path: count for path, count in reads.items() if any(path.is_relative_to(s) for s in sources)}
    wanted = {p.resolve() for p in sources[0].rglob("*.yml")} | {p.resolve() for p in sources[1].rglob("*.md")}
    assert set(read) == wanted
    assert [path for path, count in read.items() if count > 1] == []


def test_plugin_runs_before_search_whatever_the_order_in_mkdocs_yml(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "handbook")
    config_file = root / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    plugins = "plugins:\n  - handbook:\n      language: !ENV [HANDBOOK_LANGUAGE, en]\n      cache: !ENV [HANDBOOK_PDF_CACHE, .cache/pdf]\n  - search\n"
    assert plugins in text
    config_file.write_text(
        text.replace(plugins, "plugins:\n  - search\n  - handbook\n"),
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    owners = [type(getattr(method, "__self__", None)).__module__ for method in config.plugins.events["config"]]
    handbook = owners.index("generator.plugin")
    search = next(i for i, owner in enumerate(owners) if "search" in owner)
    assert handbook < search, owners


def test_shutdown_leaves_the_plugin_as_new() -> None:
    import threading

    from generator.plugin import HandbookPlugin

    def state(plugin: HandbookPlugin) -> dict[str, object]:
        lock = type(threading.RLock())
        return {k: v for k, v in vars(plugin).items() if not isinstance(v, lock)}

    used = HandbookPlugin()
    used.on_startup(command="serve", dirty=False)
    assert used.serving
    used.project = gather(ROOT, "en")
    used.pdfs_rendered = used.pdfs_pending = 3
    used.on_shutdown()
    assert state(used) == state(HandbookPlugin())


def _headline(root: Path, text: str) -> None:
    """Give the English home page another headline: a guide page no PDF holds, so no PDF is rendered again."""
    path = root / "content" / "en" / "index.md"
    page = path.read_text(encoding="utf-8")
    assert "\n# The power triangle of co-production\n" in page
    path.write_text(page.replace("\n# The power triangle of co-production\n", f"\n# {text}\n", 1), encoding="utf-8")


@pytest.mark.slow
def test_two_builds_of_different_projects_in_one_process(tmp_path: Path) -> None:
    """MkDocs hands the same plugin instance to every build in a process: the second build must not see the first.

    The templates compiled in the process are kept for the next build (COMPILED_TEMPLATES); a template edited
    meanwhile, as in a preview, is compiled again."""
    from generator.plugin import COMPILED_TEMPLATES

    first = copy_project(tmp_path / "first")
    second = copy_project(tmp_path / "second")
    _headline(first, "First Handbook")
    _headline(second, "Second Handbook")
    build_copy(first, only=["en"])
    assert "First Handbook" in (first / "site" / "index.html").read_text(encoding="utf-8")
    assert COMPILED_TEMPLATES._code, "the first build kept no compiled template"
    # The second build as `mkdocs build` runs it, with the plugin instance the first build used.
    config = load_config(str(second / "mkdocs.yml"), site_dir=str(tmp_path / "second-site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    home = (tmp_path / "second-site" / "index.html").read_text(encoding="utf-8")
    assert "Second Handbook" in home
    assert "First Handbook" not in home
    replace_once(first / "overrides" / "main.html", "{% block extrahead %}", "{% block extrahead %}<!-- edited -->")
    build_copy(first, only=["en"])
    assert "<!-- edited -->" in (first / "site" / "index.html").read_text(encoding="utf-8"), "main.html as it was"


def _lifecycle(root: Path, site: Path, command: str) -> object:
    """One build of ``root`` as MkDocs runs it for ``command``; return the plugin it used."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    plugin = config.plugins["handbook"]
    config.plugins.on_startup(command=command, dirty=False)
    try:
        mkdocs_build(config)
        return (plugin.pdfs_rendered, plugin.pdfs_pending)
    finally:
        config.plugins.on_shutdown()  # waits for the PDFs being made in the background


@pytest.mark.slow
def test_preview_serves_pages_before_their_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While previewing, a PDF not yet made is made after the pages, which say so meanwhile; a build makes all first."""
    root = copy_project(tmp_path / "handbook")
    cache = tmp_path / "cache"
    shared = Path(os.environ["HANDBOOK_PDF_CACHE"])
    monkeypatch.setenv("HANDBOOK_PDF_CACHE", str(cache))
    monkeypatch.setenv("HANDBOOK_LANGUAGE", "en")
    monkeypatch.chdir(root)
    shutil.copytree(shared, cache)
    site = tmp_path / "site"
    assert _lifecycle(root, site, "build")[1] == 0  # a build makes every PDF (or takes it from the cache)
    staging = root / "build" / "docs" / "en"
    blank = [staging / "downloads" / name for name in sorted(os.listdir(staging / "downloads")) if "blank" in name]
    assert len(blank) == 2, blank  # A4 and US Letter
    made = {path.read_bytes() for path in blank}
    for cached in cache.iterdir():
        if cached.read_bytes() in made:
            cached.unlink()  # as if the blank worksheet had just been edited

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    plugin = config.plugins["handbook"]
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config)
        assert (plugin.pdfs_rendered, plugin.pdfs_pending) == (0, 2)
        page = (site / "worksheets" / "blank.html").read_text(encoding="utf-8")
        assert "PDF being made" in page
        assert blank[0].name not in page
        downloads = (site / "downloads.html").read_text(encoding="utf-8")
        assert downloads.count("PDF being made") == 2
        assert "worksheet-cycle" in downloads  # the others are linked as before
        # The background writes them into the docs folder, and says so in the file mkdocs serve watches:
        _wait_until(lambda: ready_file(staging).is_file(), "the background never said its PDFs were ready")
        assert ready_file(staging).read_text(encoding="utf-8").split() == sorted(
            f"downloads/{path.name}" for path in blank
        )
    finally:
        config.plugins.on_shutdown()
    assert all(path.exists() for path in blank)
    assert _lifecycle(root, site, "serve") == (0, 0)
    page = (site / "worksheets" / "blank.html").read_text(encoding="utf-8")
    assert "PDF being made" not in page
    assert blank[0].name in page


def _wait_until(done, failure: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


def test_stopping_a_preview_ends_the_pdf_being_made_and_keeps_no_part_of_it(tmp_path: Path) -> None:
    """Stopping `handbook serve` does not wait for a long PDF: it ends it, caches and announces nothing of it."""
    html = "<html><body>" + "<p>A long printout, many pages.</p>" * 20_000 + "</body></html>"
    cache, staging = tmp_path / "cache", tmp_path / "docs" / "en"
    pdfs = BackgroundPdfs()
    pdfs.render_later([PdfJob("downloads/long.pdf", html), PdfJob("downloads/next.pdf", html)], cache, staging)
    worker = pdfs._worker.result(timeout=60)  # the worker has started; the long PDF is its next task
    time.sleep(1)  # well into it: a stop now has a PDF to end
    pdfs.close()
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)  # ended, not left behind
    assert not cache.exists() or list(cache.iterdir()) == []
    assert not ready_file(staging).exists()
    assert not (staging / "downloads").exists()
