"""The ``handbook`` command: build, serve, check, and manage languages."""

from __future__ import annotations

import signal
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
    # Stopped by SIGTERM (a service manager, a test) as by Ctrl-C: MkDocs then shuts down properly, and the
    # preview's PDF worker ends with it instead of waiting forever for work from a server that is gone.
    signal.signal(signal.SIGTERM, _interrupt)
    # Not strict while previewing: a half-typed link must not stop the preview.
    mkdocs_serve(config_file="mkdocs.yml", dev_addr=dev_addr, livereload=True, strict=False)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@main.group()
def locale() -> None:
    """Add languages and see how far each is translated."""


@locale.command("add")
@click.argument("code")
def locale_add(code: str) -> None:
    """Add language CODE (e.g. 'nb'), or bring its translation files up to date with the English."""
    from .i18n import language_name, language_support, scaffold_language

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
    for note in language_support(code):
        click.echo(f"note: {note}.")


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

    def line(language: str, file: str, total: int, done: int, reviewed: int, stale: int, missing: int) -> str:
        def share(count: int) -> int:
            return int(100 * count / total) if total else 100

        return (
            f"{language:<6}{file:<{width}}  {total:>6} {done:>6} {reviewed:>9} {stale:>6} {missing:>8}"
            f" {share(done):>5d}% {share(reviewed):>9d}%"
        )

    click.echo(
        f"{'lang':<6}{'file':<{width}}  {'total':>6} {'done':>6} {'reviewed':>9} {'stale':>6} {'missing':>8}"
        f" {'done':>6} {'reviewed':>10}"
    )
    for row in rows:
        click.echo(line(row.language, row.file, row.total, row.translated, row.reviewed, row.stale, row.missing))
    for language in sorted({r.language for r in rows}):
        mine = [r for r in rows if r.language == language]
        click.echo(
            line(
                language,
                "all",
                *(
                    sum(getattr(r, name) for r in mine)
                    for name in ("total", "translated", "reviewed", "stale", "missing")
                ),
            )
        )
    click.echo(
        "done: translated from the English as it is now; reviewed: done and not marked draft; "
        "stale: translated from older English; missing: shown in English."
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


@locale.command("export")
@click.argument("code")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["po", "xliff"]),
    default="po",
    show_default=True,
    help="gettext PO (Poedit, Weblate, Crowdin) or XLIFF 1.2 (OmegaT, Weblate, Crowdin).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write; default: CODE.po or CODE.xlf in the current folder.",
)
def locale_export(code: str, file_format: str, output: Path | None) -> None:
    """Write language CODE's catalogue and guide pages as one PO or XLIFF file for translators' tools."""
    from .exchange import write_exchange
    from .i18n.transfer import PROJECT
    from .locale_exchange import export_language

    try:
        exchange = export_language(Path.cwd(), code)
    except HandbookError as error:
        _fail(error)
    output = output or Path(f"{code}.{'po' if file_format == 'po' else 'xlf'}")
    output.write_bytes(write_exchange(exchange, file_format, PROJECT))
    review = sum(1 for u in exchange.units if u.target and u.needs_review)
    empty = sum(1 for u in exchange.units if not u.target)
    click.echo(
        f"wrote {output}: {len(exchange.units)} entries ({empty} to translate, {review} to review). "
        f"Translate it in Poedit, Weblate, Crowdin or OmegaT, then: handbook locale import {output}"
    )


@locale.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--lang", "language", help="Refuse the file unless it is for this language.")
def locale_import(file: Path, language: str | None) -> None:
    """Write the translations in a PO or XLIFF FILE back into factors/locales/ and content/."""
    from .locale_exchange import import_file

    try:
        report = import_file(Path.cwd(), file, language)
    except HandbookError as error:
        _fail(error)
    click.echo(str(report))


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
