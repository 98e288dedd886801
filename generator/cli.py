"""The ``handbook`` command: build, serve, check, and manage languages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import HandbookError


def _fail(error: HandbookError) -> None:
    click.echo(error.report(), err=True)
    sys.exit(1)


@click.group()
def main() -> None:
    """Publish the power triangle of co-production as a handbook."""


@main.command()
@click.argument("factors_dir", default="factors", type=click.Path(path_type=Path))
def check(factors_dir: Path) -> None:
    """Validate the catalogues and every translation; print every problem at once."""
    from .project import check_project

    try:
        summary = check_project(factors_dir)
    except HandbookError as error:
        _fail(error)
    click.echo(summary)


def _setup_logging(verbose: bool = False) -> None:
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


@main.command()
@click.option("--site-dir", default="site", type=click.Path(path_type=Path), help="Where to put the built site.")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages.")
def build(site_dir: Path, verbose: bool) -> None:
    """Build the whole handbook, every language, with PDFs, into SITE_DIR."""
    from .build import build_site

    _setup_logging(verbose)
    try:
        report = build_site(Path.cwd(), site_dir)
    except HandbookError as error:
        _fail(error)
    click.echo(str(report))


@main.command()
@click.option("--lang", "language", default="en", help="Which language to preview (e.g. sv).")
@click.option("--dev-addr", default="127.0.0.1:8000", help="Address to serve on.")
def serve(language: str, dev_addr: str) -> None:
    """Preview one language live: editing a catalogue, translation or page reloads the browser."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .project import gather

    _setup_logging(True)
    try:
        gather(Path.cwd(), only=language)
    except HandbookError as error:
        _fail(error)
    import os

    os.environ["HANDBOOK_LANGUAGE"] = language  # read by mkdocs.yml: the plugin's `language`
    mkdocs_serve(config_file="mkdocs.yml", dev_addr=dev_addr, livereload=True)
