"""A failed build never costs the last good site; clean builds are reproducible; serve reloads on an edit."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, build_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.load import parse_yaml
from generator.validate import build_catalogue


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def previous_site(project: Path) -> dict[str, bytes]:
    """A site as a previous build left it (what is in it does not matter to the build: it is swapped whole)."""
    for path in ("index.html", "sv/index.html", "downloads/cards.pdf"):
        (project / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "site" / path).write_text(f"previous {path}", encoding="utf-8")
    return snapshot(project / "site")


def test_failed_build_leaves_the_previous_site_untouched(project: Path, chdir) -> None:
    before = previous_site(project)
    (project / "factors/resources.yml").write_text(
        (project / "factors/resources.yml").read_text(encoding="utf-8").replace("kind: barrier", "kind: barier", 1),
        encoding="utf-8",
    )
    chdir(project)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "factors/resources.yml:" in result.output and "'barier' is not allowed here" in result.output
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site.*"))


def test_mkdocs_failure_also_keeps_the_site(project: Path, chdir) -> None:
    before = previous_site(project)
    page = project / "content/en/background.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[A broken link](nowhere.md)\n", encoding="utf-8")
    chdir(project)
    result = CliRunner().invoke(main, ["build", "--lang", "en"])
    assert result.exit_code == 1
    assert "building 'en' failed" in result.output
    assert "Traceback" not in result.output
    assert snapshot(project / "site") == before


FRESH = ("course-pack-sv-a4.pdf", "factor-cards-sv-letter.pdf", "easy-read-sv-letter.pdf", "worksheet-cycle-sv-a4.pdf")
"""The printouts the second build renders again: one of each kind, both papers between them; the course pack holds
every worksheet and card besides its cover and contents. The others it reads from a copy of the cache."""


@pytest.mark.slow
def test_two_clean_builds_are_byte_identical(
    built, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The session's site was built in another folder, with PDFs from the cache `make site` filled (rendered in
    # another process, earlier). This one is built in a folder of its own, with an empty Markdown cache and a copy
    # of the PDF cache less the entries FRESH were read from: it renders those again and shares nothing else.
    cache = tmp_path / "own-cache"
    shutil.copytree(os.environ["HANDBOOK_PDF_CACHE"], cache)
    fresh = {(built.site / "sv" / "downloads" / name).read_bytes() for name in FRESH}
    for entry in cache.glob("*.pdf"):  # (an entry of an older build may hold the same bytes under another key)
        if entry.read_bytes() in fresh:
            entry.unlink()
    monkeypatch.setenv("HANDBOOK_PDF_CACHE", str(cache))
    assert not (project / ".cache").exists()
    second = build_copy(project, only=["sv"], site="two")
    assert second.pdfs_rendered == len(FRESH) and second.pdfs == 18
    one, two = snapshot(built.site / "sv"), snapshot(project / "two" / "sv")
    assert one.keys() == two.keys()
    different = [name for name in one if one[name] != two[name]]
    assert not different, different[:10]
    assert any(name.endswith(".pdf") for name in one) and any(name.endswith(".html") for name in one)


yaml_text = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=yaml_text, raw=st.text(max_size=200))
def test_loader_reports_located_problems_never_a_traceback(data, raw: str) -> None:
    import json

    texts = {
        name: (FIXTURES / "small" / f"{name}.yml").read_text(encoding="utf-8")
        for name in ("resources", "discourses", "contexts", "cycle", "interface")
    }
    for candidate in (json.dumps(data), raw, texts["resources"] + "\n" + raw):
        problems = []
        documents = {}
        for name, text in texts.items():
            document = parse_yaml(candidate if name == "resources" else text, f"factors/{name}.yml", problems)
            if document is not None:
                documents[name] = document
        catalogue = build_catalogue(documents, problems)
        if problems:
            for problem in problems:
                assert problem.file.startswith("factors/") and problem.message
                assert str(problem).startswith(problem.file)
        else:
            assert catalogue is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_serve_rebuilds_when_a_catalogue_changes(project: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/model/resources.html"
    try:
        page = wait_for(url, lambda text: "Understaffing and high turnover" in text)
        assert "Understaffing and high turnover" in page
        path = project / "factors/resources.yml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "title: Understaffing and high turnover", "title: Understaffing, edited live"
            ),
            encoding="utf-8",
        )
        page = wait_for(url, lambda text: "Understaffing, edited live" in text)
        # A mistake keeps the last good preview and shows what to fix on the page.
        path.write_text(path.read_text(encoding="utf-8").replace("kind: barrier", "kind: barier", 1), encoding="utf-8")
        page = wait_for(url, lambda text: "pt-problems" in text)
        assert "&#39;barier&#39; is not allowed here" in page or "'barier' is not allowed here" in page
        assert "Understaffing, edited live" in page
    finally:
        process.terminate()  # as a service manager stops it: the preview shuts down as on Ctrl-C
        assert process.wait(timeout=120) == 0


def wait_for(url: str, ready, timeout: float = 120.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if ready(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never became ready; last response starts: {last[:300]}")
