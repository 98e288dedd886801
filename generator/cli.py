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


def _os_error_reported_once(record: object) -> bool:
    # MkDocs logs an OS error met while writing a page, then raises it: `handbook build` reports it, in one line.
    message = record.getMessage()  # type: ignore[attr-defined]
    return not (message.startswith("Error building page") and "[Errno " in message)


def _setup_logging(verbose: bool = False) -> None:
    import logging

    handler = logging.StreamHandler()
    handler.addFilter(_os_error_reported_once)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    for name in ("mkdocs", "handbook"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
        logger.propagate = False


@main.command()
@click.option("--site-dir", default="site", type=click.Path(path_type=Path), help="Where to put the built site.")
@click.option("--lang", "languages", multiple=True, help="Build only this language (repeatable); default: all.")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' progress messages.")
def build(site_dir: Path, languages: tuple[str, ...], verbose: bool) -> None:
    """Build the whole handbook, every language, with PDFs, into SITE_DIR."""
    from .build import BuildError, build_site

    _setup_logging(verbose)
    try:
        report = build_site(Path.cwd(), site_dir, only=list(languages) or None)
    except HandbookError as error:
        _fail(error)
    except BuildError as error:
        click.echo(f"handbook build: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(f"handbook build: interrupted; {site_dir} is as it was before", err=True)
        sys.exit(130)
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
    # Not strict while previewing: a half-typed link must not stop the preview.
    mkdocs_serve(config_file="mkdocs.yml", dev_addr=dev_addr, livereload=True, strict=False)


@main.group()
def locale() -> None:
    """Add languages and see how far each is translated."""


@locale.command("add")
@click.argument("code")
def locale_add(code: str) -> None:
    """Add language CODE (e.g. 'nb'), or bring its translation files up to date with the English."""
    from .i18n import language_name, scaffold_language

    try:
        written = scaffold_language(Path.cwd(), code)
    except ValueError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    except HandbookError as error:
        _fail(error)
    for path in written:
        click.echo(f"wrote {path.relative_to(Path.cwd())}")
    click.echo(
        f"{language_name(code)} ({code}) is ready: `make site` builds it now, in English until translated. "
        f"Translate factors/locales/{code}/*.yml and copy pages from content/en/ to content/{code}/."
    )


@locale.command("status")
@click.option(
    "--stale",
    "show_stale",
    is_flag=True,
    help="Also show each stale entry: the English it was translated from, and the English now.",
)
def locale_status(show_stale: bool) -> None:
    """How much of each language is translated, missing and stale, per file."""
    from .i18n import translation_status

    try:
        rows, stale = translation_status(Path.cwd())
    except HandbookError as error:
        _fail(error)
    width = max([len(r.file) for r in rows] + [4])
    click.echo(f"{'lang':<6}{'file':<{width}}  {'total':>6} {'done':>6} {'stale':>6} {'missing':>8} {'%':>5}")
    for row in rows:
        percent = 100 * row.translated / row.total if row.total else 100
        click.echo(
            f"{row.language:<6}{row.file:<{width}}  {row.total:>6} {row.translated:>6} {row.stale:>6} {row.missing:>8} {int(percent):>4d}%"
        )
    for language in sorted({r.language for r in rows}):
        mine = [r for r in rows if r.language == language]
        total = sum(r.total for r in mine)
        done = sum(r.translated for r in mine)
        click.echo(
            f"{language:<6}{'all':<{width}}  {total:>6} {done:>6} {sum(r.stale for r in mine):>6} {sum(r.missing for r in mine):>8} {int(100 * done / total) if total else 100:>4d}%"
        )
    missing_pages = [e for e in stale if e.recorded is None]
    stale = [e for e in stale if e.recorded is not None]
    if show_stale:
        for entry in stale:
            click.echo(f"\n{entry.file}: {entry.key} is stale")
            click.echo(f"  - translated from: {entry.recorded}")
            click.echo(f"  + English now:     {entry.current}")
        if missing_pages:
            click.echo("\nPages not yet translated (copy from content/en/, translate, add `translation_of:`):")
            for entry in missing_pages:
                click.echo(f"  {entry.file}  translation_of: {entry.current}")
    elif stale:
        click.echo(
            f"\n{len(stale)} stale entries: run `handbook locale status --stale` to see what changed in English."
        )


@main.command()
@click.argument("factors_dir", default="factors", type=click.Path(path_type=Path))
def schema(factors_dir: Path) -> None:
    """Write the JSON Schemas editors use into FACTORS_DIR/schema/."""
    from .schema import schema_files

    folder = factors_dir / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        click.echo(f"wrote {folder / name}")


if __name__ == "__main__":
    main()
