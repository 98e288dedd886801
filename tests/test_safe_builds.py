"""A build owns the project while it runs: one at a time, its own staging folder, and the old site kept on any failure.

These run real ``handbook build`` processes where it matters: two at once, Ctrl-C, a full disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import build as build_module
from generator.build import BuildError

PREVIOUS_SITE = {"index.html": "<p>the previous site</p>", "sv/index.html": "<p>den förra webbplatsen</p>"}


def handbook(*args: str, cwd: Path, env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
    """A real ``handbook`` command in its own process group, as a terminal would start it."""
    # Ctrl-C as in a terminal, even where this test runs with SIGINT ignored (a background job of a script):
    # Python keeps an inherited "ignore" and would never see the interrupt.
    start = "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); from generator.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", start, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **popen,
    )


def run_handbook(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    process = handbook(*args, cwd=cwd, env=env)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def previous_site(project: Path) -> dict[str, str]:
    for path, text in PREVIOUS_SITE.items():
        (project / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "site" / path).write_text(text, encoding="utf-8")
    return snapshot(project / "site")


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_bytes().hex() for p in sorted(site.rglob("*")) if p.is_file()}


def staging_folders(folder: Path) -> list[Path]:
    return sorted(folder.glob(".site.*"))


def wait_for_staging(project: Path, process: subprocess.Popen, timeout: float = 300) -> Path:
    """The staging folder appears once the build holds the lock and has validated everything."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = staging_folders(project)
        if found:
            return found[0]
        if process.poll() is not None:
            raise AssertionError(f"the build ended before staging: {process.communicate()}")
        time.sleep(0.05)
    raise AssertionError("the build never started staging")


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_a_second_build_started_meanwhile_stops_and_the_first_completes(project: Path) -> None:
    previous_site(project)
    first = handbook("build", "--lang", "en", "--lang", "sv", cwd=project)
    try:
        wait_for_staging(project, first)
        second = run_handbook("build", "--lang", "en", "--lang", "sv", cwd=project)
        assert first.poll() is None, "the first build should still be running while the second is refused"
        assert_one_line_error(second, "another build is running", str(project))
    finally:
        out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert "Built 2 languages" in out
    site = project / "site"
    assert "the previous site" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "sv/index.html").is_file() and (site / "model/resources.html").is_file()
    assert (site / "power-triangle-handbook-offline.zip").is_file()
    assert not staging_folders(project)


@pytest.mark.slow
def test_ctrl_c_mid_build_leaves_the_site_intact_and_no_staging_folder(project: Path, tmp_path: Path) -> None:
    before = previous_site(project)
    # A cache of its own, empty: the build is busy rendering PDFs when the interrupt comes.
    process = handbook("build", cwd=project, env={"HANDBOOK_PDF_CACHE": str(tmp_path / "empty-cache")})
    try:
        wait_for_staging(project, process)
        time.sleep(1.5)
        assert process.poll() is None, "the build finished before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, err
    assert "Traceback" not in err, err
    assert "interrupted" in err
    assert snapshot(project / "site") == before
    assert not staging_folders(project)


def test_site_folder_under_a_regular_file(project: Path) -> None:
    (project / "blocker").write_text("not a folder", encoding="utf-8")
    result = run_handbook("build", "--lang", "en", "--site-dir", "blocker/site", cwd=project)
    assert_one_line_error(result, "blocker")
    assert (project / "blocker").read_text(encoding="utf-8") == "not a folder"


def test_site_folder_that_is_a_regular_file(project: Path) -> None:
    (project / "site").write_text("not a folder", encoding="utf-8")
    result = run_handbook("build", "--lang", "en", cwd=project)
    assert_one_line_error(result, str(project / "site"), "is a file")
    assert (project / "site").read_text(encoding="utf-8") == "not a folder"
    assert not staging_folders(project)


def test_site_folder_in_a_folder_nobody_may_write(project: Path) -> None:
    # Tests run as root, whom chmod does not stop; /sys refuses new folders even to root.
    if os.access("/sys", os.W_OK) and os.getuid() != 0:
        pytest.skip("/sys is writable here")
    result = run_handbook("build", "--lang", "en", "--site-dir", "/sys/handbook-site", cwd=project)
    assert_one_line_error(result, "/sys")
    assert not Path("/sys/handbook-site").exists()


def test_a_missing_parent_folder_is_made(project: Path) -> None:
    result = run_handbook("build", "--lang", "en", "--site-dir", "out/new/site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "out/new/site/index.html").is_file()
    assert not staging_folders(project / "out/new")


FULL_DISK = """
import errno, os, sys
import mkdocs.utils

def write_file(content, output_path):
    if output_path.endswith("resources.html"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)
    return original(content, output_path)

original = mkdocs.utils.write_file
mkdocs.utils.write_file = write_file
from generator.cli import main
sys.argv = ["handbook", *sys.argv[1:]]
main()
"""


def test_a_full_disk_keeps_the_site(project: Path) -> None:
    before = previous_site(project)
    process = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "build", "--lang", "en"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert_one_line_error(process, "No space left on device", "resources.html")
    assert snapshot(project / "site") == before
    assert not staging_folders(project)


def test_a_swap_failing_half_way_puts_the_previous_site_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    new = tmp_path / ".site.x.building"
    new.mkdir()
    (new / "index.html").write_text("new", encoding="utf-8")
    rename = os.rename

    def failing_rename(source, target) -> None:
        if Path(source) == new:
            raise OSError(5, "Input/output error", str(source))
        rename(source, target)

    monkeypatch.setattr(build_module.os, "rename", failing_rename)
    with pytest.raises(OSError):
        build_module._swap(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.x.building", "site"]


def test_a_swap_failure_through_the_build_is_one_line_and_keeps_the_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = previous_site(project)
    rename = os.rename

    def failing_rename(source, target) -> None:
        if str(source).endswith(".building"):
            raise OSError(5, "Input/output error", str(source))
        rename(source, target)

    monkeypatch.setattr(build_module.os, "rename", failing_rename)
    with pytest.raises(BuildError, match="Input/output error"):
        build_module.build_site(project, project / "site", only=["en"])
    assert snapshot(project / "site") == before
    assert not staging_folders(project)


def test_staging_folders_are_unique(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first, second = build_module._staging_folder(site), build_module._staging_folder(site)
    assert first != second and first.parent == second.parent == tmp_path
