"""Lighthouse on the reader's side of the handbook: scores, layout shift and page weight, per page and language.

    .venv/bin/python bench/lighthouse.py                 # build with site_url, measure, write bench/lighthouse.md
    .venv/bin/python bench/lighthouse.py --site site     # measure an already built site as it is

The npm package ``lighthouse`` (pinned in package.json) runs on Debian's
Chromium, headless, with its default mobile form factor, against the site
served from 127.0.0.1 by Python's own web server. By default the handbook is
first built into a temporary folder with ``HANDBOOK_SITE_URL`` set to the
address it is served from, so the absolute hreflang and canonical links are
measured as a published copy has them.

A page's weight is everything it loads (from Lighthouse's list of requests),
as files, and gzipped (level 6, as web servers commonly compress); Python's
web server sends them uncompressed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
LANGUAGES = {"en": "", "sv": "sv/", "de": "de/", "da": "da/"}
PAGES = {
    "home": "index.html",
    "dimension": "model/resources.html",
    "worksheet": "worksheets/resources.html",
    "builder": "course/builder.html",
}
"""The pages measured in every language; one missing from the site is reported as skipped."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LAYOUT_SHIFT = "cumulative-layout-shift"


@dataclass
class Measurement:
    language: str
    page: str
    path: str
    scores: dict[str, int] = field(default_factory=dict)
    """Category → score out of 100."""
    layout_shift: float | None = None
    files_bytes: int = 0
    gzip_bytes: int = 0
    requests: int = 0
    failing: list[str] = field(default_factory=list)
    """Audits that did not pass in the accessibility and SEO categories."""
    skipped: str = ""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """``site`` on 127.0.0.1 for as long as the block runs; yields its address."""
    server = _QuietServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="lighthouse-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def run_lighthouse(
    url: str, categories: tuple[str, ...] = CATEGORIES, audits: tuple[str, ...] = (), *, screenshot: bool = True
) -> dict[str, Any]:
    """One Lighthouse run (mobile, the default form factor) → its JSON report.

    Without ``screenshot`` the report has no picture of the whole page (the report's thumbnails of elements
    come from it; no score does), which saves Lighthouse a second of work on each page.
    """
    if not LIGHTHOUSE.is_file():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `npm ci` in {ROOT}")
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        f"--only-categories={','.join(categories)}",
    ]
    if audits:
        command.append(f"--only-audits={','.join(audits)}")
    if not screenshot:
        command.append("--disable-full-page-screenshot")
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url} (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def page_weight(report: dict[str, Any], site: Path, base_url: str) -> tuple[int, int, int]:
    """(bytes as files, bytes gzipped, requests) of everything the page loaded from the site."""
    items = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    total = zipped = count = 0
    seen: set[str] = set()
    for item in items:
        url = item.get("url", "")
        if not url.startswith(base_url) or url in seen:
            continue
        seen.add(url)
        path = unquote(urlsplit(url).path).lstrip("/")
        file = site / path
        if file.is_dir() or not path:
            file = file / "index.html"
        if not file.is_file():
            continue
        data = file.read_bytes()
        total += len(data)
        zipped += len(gzip.compress(data, compresslevel=6, mtime=0))
        count += 1
    return total, zipped, count


def measurement(report: dict[str, Any], site: Path, base_url: str, language: str, page: str, path: str) -> Measurement:
    result = Measurement(language, page, path)
    for key, category in report["categories"].items():
        if category.get("score") is not None:
            result.scores[key] = round(category["score"] * 100)
        if key in ("accessibility", "seo"):
            for ref in category["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                    result.failing.append(f"{key}: {ref['id']}")
    shift = report["audits"].get(LAYOUT_SHIFT, {}).get("numericValue")
    result.layout_shift = None if shift is None else float(shift)
    result.files_bytes, result.gzip_bytes, result.requests = page_weight(report, site, base_url)
    return result


def measure(
    site: Path, base_url: str, languages: list[str], pages: list[str], categories: tuple[str, ...] = CATEGORIES
) -> list[Measurement]:
    results = []
    for language in languages:
        for page in pages:
            path = LANGUAGES[language] + PAGES[page]
            if not (site / path).is_file():
                results.append(Measurement(language, page, path, skipped="not in this site"))
                continue
            started = time.monotonic()
            report = run_lighthouse(base_url + path, categories, audits=())
            results.append(measurement(report, site, base_url, language, page, path))
            print(f"  {path}: {time.monotonic() - started:.0f} s", file=sys.stderr)
    return results


def table(results: list[Measurement], categories: tuple[str, ...] = CATEGORIES) -> str:
    names = {"performance": "Perf.", "accessibility": "Access.", "best-practices": "Best pr.", "seo": "SEO"}
    head = ["Page", "Lang.", *(names[c] for c in categories), "CLS", "Files kB", "gzip kB", "Requests"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        if r.skipped:
            cells = [f"{r.page} ({r.path})", r.language, *(["–"] * len(categories)), "–", "–", "–", r.skipped]
        else:
            cells = [
                f"{r.page} ({r.path})",
                r.language,
                *(str(r.scores.get(c, "–")) for c in categories),
                "–" if r.layout_shift is None else f"{r.layout_shift:.3f}",
                f"{r.files_bytes / 1024:.0f}",
                f"{r.gzip_bytes / 1024:.0f}",
                str(r.requests),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    failing = sorted({f"{r.path}: {audit}" for r in results for audit in r.failing})
    if failing:
        lines += ["", "Audits not passed (accessibility, SEO):", "", *(f"- {line}" for line in failing)]
    return "\n".join(lines) + "\n"


def build_for(port: int, target: Path) -> None:
    """Build the handbook into ``target`` as published at http://127.0.0.1:<port>/."""
    sys.path.insert(0, str(ROOT))
    from generator.build import build_site

    previous = os.environ.get("HANDBOOK_SITE_URL")
    os.environ["HANDBOOK_SITE_URL"] = f"http://127.0.0.1:{port}/"
    try:
        print(build_site(ROOT, target), file=sys.stderr)
    finally:
        if previous is None:
            os.environ.pop("HANDBOOK_SITE_URL", None)
        else:
            os.environ["HANDBOOK_SITE_URL"] = previous


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="measure this built site as it is (default: build one with site_url)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "lighthouse.md")
    parser.add_argument("--lang", action="append", choices=list(LANGUAGES), help="a language (default: every one)")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="a page (default: every one)")
    parser.add_argument("--title", default="Lighthouse (mobile)", help="the heading of the written table")
    args = parser.parse_args()
    languages = args.lang or list(LANGUAGES)
    pages = args.page or list(PAGES)
    with contextlib.ExitStack() as stack:
        if args.site:
            site = args.site.resolve()
            base_url = stack.enter_context(serve(site))
        else:
            port = free_port()
            site = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lighthouse-"))) / "site"
            build_for(port, site)
            base_url = stack.enter_context(serve(site, port))
        results = measure(site, base_url, languages, pages)
    version = json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    text = (
        f"# {args.title}\n\n"
        f"Lighthouse {version}, mobile form factor, {chromium or 'Chromium'} headless, "
        f"served from 127.0.0.1 ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}).\n"
        "Scores out of 100; CLS = cumulative layout shift; weight = every file the page loads, "
        "as files and gzipped.\n\n" + table(results)
    )
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
