"""(f) Live preview: from saving an edit to ``handbook serve`` serving the page that shows it.

A copy of the project (English) is previewed with ``handbook serve`` on a free
port. One factor's title in ``factors/resources.yml`` is changed, alternately to
two titles, and the time is taken from saving the file to the moment the served
dimension page holds the new title; then the same for a guide page (a sentence
added at its end, alternately two). A first round of each edit is not timed: it
lets the PDFs of both versions be made (a preview makes them after the pages),
so the timed edits measure the pages alone. The server is stopped at the end,
whatever happens.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markupsafe import escape

from bench.common import ROOT, fmt_s, log, median, table

FACTORS_FILE = "factors/resources.yml"
FACTOR_PAGE = "model/resources.html"
GUIDE_FILE = "content/en/using-the-model.md"
GUIDE_PAGE = "using-the-model.html"
TITLES = ("Bench title one", "Bench title two")
SENTENCES = ("Bench sentence one.", "Bench sentence two.")
POLL = 0.02
"""Seconds between two requests for the page while waiting for an edit to show."""
TIMEOUT = 120.0


@dataclass
class ServeResult:
    factor: list[float] = field(default_factory=list)
    guide: list[float] = field(default_factory=list)
    first: dict[str, float] = field(default_factory=dict)
    """The untimed first edit of each kind (its PDFs were not made yet)."""
    loads: list[float] = field(default_factory=list)
    """The 1-minute load average at each timed edit."""
    builds: list[float] = field(default_factory=list)
    """MkDocs' own 'built in' seconds of each rebuild, from the server's log."""
    startup: float = 0.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str, server: subprocess.Popen[bytes]) -> float:
    """Seconds until the page at ``url`` holds ``text`` (measured by the caller from its own start)."""
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return time.perf_counter()
        if server.poll() is not None:
            raise RuntimeError(f"handbook serve stopped (exit {server.returncode}); see its log")
        time.sleep(POLL)
    raise RuntimeError(f"{url} did not show {text!r} within {TIMEOUT:.0f} s")


def _retitle_first_factor(path: Path, title: str) -> None:
    """Give the first factor of a catalogue ``title`` (the file is otherwise unchanged)."""
    text = path.read_text(encoding="utf-8")
    factors = text.index("\nfactors:")
    match = re.compile(r"^(\s+title: )(.*)$", re.MULTILINE).search(text, factors)
    if match is None:
        raise RuntimeError(f"{path}: no factor title found")
    path.write_text(text[: match.start(2)] + title + text[match.end(2) :], encoding="utf-8")


def _end_guide_page_with(path: Path, original: str, sentence: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl-C for the whole process group (server and its PDF worker), then, if need be, kill it."""
    if server.poll() is None:
        try:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=20)
        except ProcessLookupError:
            pass
    try:  # a PDF worker left behind in the group
        os.killpg(server.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def bench_serve(root: Path, cache: Path, repeat: int) -> ServeResult:
    """Serve ``root`` (a copy of the project) and time ``repeat`` edits of each kind, after one untimed each."""
    result = ServeResult()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "HANDBOOK_PDF_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("HANDBOOK_LANGUAGE", None)
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve", "--lang", "en"]
    log_file = root / "serve.log"
    factors, guide = root / FACTORS_FILE, root / GUIDE_FILE
    original_guide = guide.read_text(encoding="utf-8")
    interface = yaml.safe_load((root / "factors" / "interface.yml").read_text(encoding="utf-8"))
    pending = str(escape(interface["pdf_pending"]))  # what the downloads page says of a PDF not made yet
    with open(log_file, "wb") as output:
        started = time.perf_counter()
        server = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its PDF worker
        )
        try:
            result.startup = _wait_for(base, "</html>", server) - started
            log(f"(f) serving after {result.startup:.1f} s")
            edits = [
                ("factor", lambda n: _retitle_first_factor(factors, TITLES[n % 2]), FACTOR_PAGE, TITLES),
                (
                    "guide",
                    lambda n: _end_guide_page_with(guide, original_guide, SENTENCES[n % 2]),
                    GUIDE_PAGE,
                    SENTENCES,
                ),
            ]
            for kind, edit, page, texts in edits:
                for number in range(2 + repeat):
                    load = os.getloadavg()[0]
                    begun = time.perf_counter()
                    edit(number)
                    seconds = _wait_for(base + page, texts[number % 2], server) - begun
                    if number < 2:  # the first of each text: its PDFs are made after it, in the background
                        result.first[f"{kind} {number + 1}"] = seconds
                        _settle(base + "downloads.html", pending, server)
                    else:
                        getattr(result, kind).append(seconds)
                        result.loads.append(load)
                        time.sleep(1.0)  # let the watcher see the folder quiet again
                    log(f"(f) {kind} edit {number + 1}: {seconds:.2f} s (load {load:.1f})")
        finally:
            _stop(server)
            log("(f) server stopped")
    built = re.findall(
        r"Documentation built in ([\d.]+) seconds", log_file.read_text(encoding="utf-8", errors="replace")
    )
    result.builds = [float(s) for s in built[1:]]  # the first is the initial build
    return result


def _settle(url: str, pending: str, server: subprocess.Popen[bytes]) -> None:
    """Wait until the page at ``url`` no longer says that a PDF is being made (they are made one by one)."""
    deadline = time.perf_counter() + 5 * TIMEOUT
    while time.perf_counter() < deadline:
        page = _get(url)
        if page is not None and pending not in page:
            time.sleep(1.0)
            return
        if server.poll() is not None:
            raise RuntimeError(f"handbook serve stopped (exit {server.returncode}); see its log")
        time.sleep(0.5)
    raise RuntimeError(f"{url} still says PDFs are being made after {5 * TIMEOUT:.0f} s")


def headline(result: ServeResult) -> str:
    both = result.factor + result.guide
    return (
        f"- **Live preview (f):** an edit shows in the served page **{fmt_s(median(both))} s** after it is saved "
        f"(median of {len(both)}: a factor title {fmt_s(median(result.factor))} s, a guide page "
        f"{fmt_s(median(result.guide))} s; load average {median(result.loads):.1f} on {os.cpu_count()} cores)."
    )


def section(result: ServeResult) -> str:
    out: list[str] = []
    add = out.append
    add("## (f) Live preview: from saving an edit to the page that shows it\n")
    add(
        f"`handbook serve --lang en` on a copy of the project (English), on a free port. Timed from writing the "
        f"file to the first response of the served page that holds the new text (requests every {POLL * 1000:.0f} "
        f"ms). *Factor title*: the first factor of `{FACTORS_FILE}` is retitled, alternately to two titles, and "
        f"`{FACTOR_PAGE}` is read. *Guide page*: a sentence is added at the end of `{GUIDE_FILE}`, alternately two, "
        f"and `{GUIDE_PAGE}` is read. One untimed first edit of each text comes first (its PDFs are then made in "
        "the background, so that the timed edits find them made). The server is stopped at the end.\n"
    )

    def row(label: str, values: list[float]) -> list[object]:
        return [label, len(values), fmt_s(median(values)), fmt_s(min(values)), fmt_s(max(values))]

    rows = [row("Factor title in the catalogue", result.factor), row("Sentence in a guide page", result.guide)]
    add(table(["edit", "edits", "median s", "min s", "max s"], rows, "lrrrr"))
    add("")
    add(
        f"Each edit: factor {', '.join(f'{s:.2f}' for s in result.factor)}; guide "
        f"{', '.join(f'{s:.2f}' for s in result.guide)} s. Untimed first edits: "
        f"{', '.join(f'{k} {s:.2f} s' for k, s in result.first.items())}. Load average (1 min) at the timed edits: "
        f"median {median(result.loads):.1f}, max {max(result.loads):.1f}, on {os.cpu_count()} cores. "
        f"MkDocs' own build time of each rebuild (its log): median {fmt_s(median(result.builds))} s "
        f"({len(result.builds)} rebuilds). Serving began {result.startup:.1f} s after the command started.\n"
    )
    return "\n".join(out)
