"""The `history` command: the versions of one entry. Parses and prints only.

Registered in `indexer.cli` (import it from there: this module reuses its `--kb` option).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from indexer.cli import kb_option, printable
from indexer.curation.history import HistoryError, versions
from indexer.sources import ENTRIES_DIR, SLUG_RE


@click.command()
@click.argument("slug")
@kb_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Höchstens so viele Versionen zeigen.",
)
def history(slug: str, kb_dir: Path, limit: int) -> None:
    """Versionen eines Eintrags aus dem Git-Repository der Wissensbasis, die neueste zuerst.

    Je Zeile: Datum, Autorin oder Autor, Beschreibung der Änderung und Kennung der Version.
    """
    if not SLUG_RE.match(slug):
        _fail(
            f"„{slug}“ ist kein gültiger Slug (Kleinbuchstaben, Ziffern und Bindestriche, "
            "wie im Dateinamen ohne .md)."
        )
    path = entry_file(kb_dir, slug)
    if path is None:
        _fail(f"In {kb_dir / ENTRIES_DIR} gibt es keinen Eintrag „{slug}“ ({slug}.md).")
    try:
        found = versions(kb_dir, path, limit=limit)
    except HistoryError as exc:
        _fail(str(exc))
    if not found:
        click.echo(f"Für „{slug}“ ist noch keine Version gespeichert.")
    for version in found:
        subject = version.message.split("\n", 1)[0]
        when = version.when.strftime("%d.%m.%Y %H:%M")
        click.echo(printable(f"{when}  {version.author_name}  {subject}  ({version.short})"))


def entry_file(kb_dir: Path, slug: str) -> Path | None:
    """The file of the entry `slug` below `entries/`; of two, the one nearer to `entries/`."""
    found = sorted(
        (Path(kb_dir) / ENTRIES_DIR).rglob(f"{slug}.md"), key=lambda p: (len(p.parts), str(p))
    )
    return next((p for p in found if p.is_file()), None)


def _fail(message: str) -> NoReturn:
    click.echo(printable(f"Fehler: {message}"), err=True)
    sys.exit(1)
