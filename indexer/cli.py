"""Command line: `python -m indexer build|search|validate|stats`. Parses and prints only."""

from __future__ import annotations

import html
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from indexer import click_german
from indexer.building import build_index, update_files
from indexer.loading import load_kb
from indexer.model import Problem
from indexer.schema import FACET_LABELS
from indexer.searching import SORTS, Index, IndexNotFoundError, SearchError, SearchResult
from indexer.site_pages import SITE_PAGES, check_site_pages
from indexer.storage import IndexLockedError, read_pointer
from indexer.synonyms import load_synonyms
from indexer.taxonomy import TaxonomyError

click_german.install()

DEFAULT_KB = "kb"
DEFAULT_INDEX = ".index"


def kb_option(func: Any) -> Any:
    return click.option(
        "--kb",
        "kb_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("PRAXISFINDER_KB", DEFAULT_KB),
        show_default="kb/ oder $PRAXISFINDER_KB",
        help="Verzeichnis der Wissensbasis (mit taxonomy.yaml und entries/).",
    )(func)


def index_option(func: Any) -> Any:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("PRAXISFINDER_INDEX", DEFAULT_INDEX),
        show_default=".index/ oder $PRAXISFINDER_INDEX",
        help="Verzeichnis des Suchindex.",
    )(func)


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Technische Protokollausgaben (Englisch).")
def cli(verbose: bool) -> None:
    """Praxisfinder: Gute-Praxis-Beispiele indexieren, prüfen und durchsuchen."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@cli.command()
@kb_option
@index_option
@click.option("--full", is_flag=True, help="Alles neu aufbauen statt nur Änderungen.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Fortschrittsbalken zeigen (Standard: wenn die Ausgabe ein Terminal ist).",
)
def build(kb_dir: Path, index_dir: Path, full: bool, progress: bool | None) -> None:
    """Suchindex aus der Wissensbasis aufbauen oder aktualisieren."""
    show = sys.stderr.isatty() if progress is None else progress
    try:
        report = build_index(kb_dir, index_dir, full=full, progress=show)
    except (TaxonomyError, IndexLockedError) as exc:
        raise click.ClickException(printable(str(exc))) from exc
    _print_problems(report.problems)
    mode = "Neuaufbau" if report.mode == "full" else "Aktualisierung"
    click.echo(
        f"{mode}: {report.total} Einträge im Index "
        f"({report.added} neu, {report.updated} geändert, {report.deleted} entfernt, "
        f"{report.unchanged} unverändert; {len(report.errors)} übersprungen) "
        f"in {decimal(report.seconds)} s."
    )


@cli.command()
@kb_option
@index_option
@click.option("--strict", is_flag=True, help="Auch bei Warnungen mit Fehlercode beenden.")
def validate(kb_dir: Path, index_dir: Path, strict: bool) -> None:
    """Alle Einträge und die Seiten in kb/seiten/ prüfen; Exit-Code 1 bei Fehlern (für
    Pre-commit-Hooks)."""
    try:
        result = load_kb(kb_dir)
    except TaxonomyError as exc:
        click.echo(printable(f"Fehler: {exc}"), err=True)
        sys.exit(1)
    synonym_problems = load_synonyms(kb_dir)[1]
    result.problems.extend(synonym_problems)
    _print_problems(result.problems)
    checked = len(result.entries) + len({p.path for p in result.errors})
    click.echo(
        f"{checked} Dateien geprüft: {len(result.entries)} gültig, "
        f"{len(result.errors)} Fehler, {len(result.warnings)} Warnungen."
    )
    page_problems = check_site_pages(kb_dir)  # Impressum, Datenschutz … in kb/seiten/
    _print_problems(page_problems)
    warnings = "Warnung" if len(page_problems) == 1 else "Warnungen"
    click.echo(f"{len(SITE_PAGES)} Seiten geprüft: {len(page_problems)} {warnings}.")
    if result.errors or (strict and (result.warnings or page_problems)):
        sys.exit(1)


# A query may start with "-" ("-Arbeit"): it is not read as an option.
@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", required=False, default="", metavar="[ANFRAGE]")
@kb_option
@index_option
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FELD=WERT",
    help="Facettenfilter, wiederholbar (z. B. themes=Arbeit). Gleiches Feld: ODER.",
)
@click.option("--year-from", type=int, help="Frühestes Jahr.")
@click.option("--year-to", type=int, help="Spätestes Jahr.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--page-size", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--drafts", is_flag=True, help="Auch Entwürfe durchsuchen.")
@click.option("--json", "as_json", is_flag=True, help="Ergebnis als ein JSON-Objekt ausgeben.")
def search(
    query: str,
    kb_dir: Path,
    index_dir: Path,
    filters: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    sort: str,
    page: int,
    page_size: int,
    drafts: bool,
    as_json: bool,
) -> None:
    """Den Index durchsuchen (leere Anfrage: alle Einträge)."""
    parsed: dict[str, list[str]] = {}
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.BadParameter(
                f"„{item}“ hat nicht die Form FELD=WERT.", param_hint="--filter"
            )
        parsed.setdefault(name.strip(), []).append(value.strip())
    index = _open_index(kb_dir, index_dir)
    try:
        result = index.search(
            query,
            filters=parsed,
            year_from=year_from,
            year_to=year_to,
            sort=sort,  # type: ignore[arg-type]
            page=page,
            page_size=page_size,
            include_drafts=drafts,
        )
    except SearchError as exc:
        raise click.ClickException(printable(str(exc))) from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_result(result)


@cli.command()
@kb_option
@index_option
@click.option("--json", "as_json", is_flag=True, help="Als JSON ausgeben.")
@click.option(
    "--documents",
    is_flag=True,
    help="Vollständigkeit der Anhänge: Seiten mit Text, per OCR, leer, abgeschnitten, Fehler.",
)
def stats(kb_dir: Path, index_dir: Path, as_json: bool, documents: bool) -> None:
    """Kennzahlen des Index: Einträge, Entwürfe, Verteilung nach Facetten."""
    index = _open_index(kb_dir, index_dir)
    if documents:
        _print_documents(index.documents(), as_json)
        return
    everything = index.search(include_drafts=True, page_size=1)
    published = index.search(page_size=1)
    generation = read_pointer(index_dir)
    size = sum(p.stat().st_size for p in generation.rglob("*") if p.is_file()) if generation else 0
    data = {
        "entries": everything.total,
        "published": published.total,
        "drafts": everything.total - published.total,
        "index_bytes": size,
        "facets": published.facets,
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{data['entries']} Einträge ({data['published']} veröffentlicht, "
        f"{data['drafts']} Entwürfe); Index {decimal(size / 1_000_000)} MB"
    )
    _print_facets(published.facets, limit=None)


@cli.command(name="eval")
@click.argument(
    "queries", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="ANFRAGEN.yaml"
)
@kb_option
@click.option("--no-baselines", is_flag=True, help="Nur Praxisfinder messen, ohne Vergleich.")
@click.option(
    "--mistakes",
    is_flag=True,
    help=(
        "Auch messen, wie gut die Abfragen mit Tippfehlern, ohne Umlaute und als Frage "
        "(„Gibt es Erfahrungen mit …?“) noch finden."
    ),
)
def evaluate_command(queries: Path, kb_dir: Path, no_baselines: bool, mistakes: bool) -> None:
    """Suchqualität messen: nDCG@10, Recall@10, MRR gesamt und je Art, mit Vergleichswerten.

    Jede Zahl auch getrennt für den Abstimmungsteil und den zurückgehaltenen Teil
    (`held_out: true` in der Abfragedatei); danach die Abfragen ohne relevanten Treffer
    unter den ersten zehn.
    """
    from indexer.evaluation import (
        built_index,
        evaluate,
        evaluate_robustness,
        format_report,
        format_robustness,
    )

    with built_index(kb_dir) as index:
        click.echo(format_report(evaluate(queries, kb_dir, index, baselines=not no_baselines)))
        if mistakes:
            click.echo("\n" + format_robustness(evaluate_robustness(queries, index)))


@cli.command()
@kb_option
@index_option
@click.option("--limit", type=int, default=30, show_default=True, help="Höchstens so viele zeigen.")
def collisions(kb_dir: Path, index_dir: Path, limit: int) -> None:
    """Wörter, die durch das Falten der Umlaute zusammenfallen (z. B. Bürger/Burg)."""
    from indexer.collisions import umlaut_collisions

    vocabulary, found = umlaut_collisions(_open_index(kb_dir, index_dir))
    click.echo(
        f"{len(found)} Suchbegriffe vereinen Wörter mit und ohne Umlaut "
        f"(Wortschatz: {vocabulary} Wörter; Wortteile von Komposita behalten ihre Umlaute)."
    )
    for collision in found[:limit]:
        click.echo(printable(f"  {collision.term}: {', '.join(collision.words)}"))


@cli.command(name="import")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="DATEIEN...",
)
@kb_option
@index_option
@click.option("--entry", "slug", metavar="SLUG", help="An diesen Eintrag anhängen.")
def import_command(
    files: tuple[Path, ...], kb_dir: Path, index_dir: Path, slug: str | None
) -> None:
    """Dokumente nach kb/files/ übernehmen und anhängen, oder daraus einen Entwurf anlegen."""
    from indexer.curation.entry_files import SaveError
    from indexer.curation.history import HistoryError
    from indexer.documents.importing import import_documents

    try:
        report, written = import_documents(kb_dir, list(files), slug)
    except (SaveError, HistoryError, TaxonomyError) as exc:
        raise click.ClickException(printable(str(exc))) from exc
    for line in report.lines:
        click.echo(printable(line))
    update_files(kb_dir, index_dir, written)
    click.echo("Der Suchindex ist aktualisiert.")


def _open_index(kb_dir: Path, index_dir: Path) -> Index:
    """Open the index, building it first when there is none yet."""
    try:
        return Index.open(index_dir, kb_dir)
    except IndexNotFoundError:
        click.echo("Noch kein Index vorhanden – er wird jetzt aufgebaut …", err=True)
    try:
        report = build_index(kb_dir, index_dir, progress=sys.stderr.isatty())
    except (TaxonomyError, IndexLockedError) as exc:
        raise click.ClickException(printable(str(exc))) from exc
    _print_problems(report.problems)
    return Index.open(index_dir, kb_dir)


# Control characters from file content (terminal escape sequences, bidi overrides) are
# shown as \x1b, \u202e …, never sent to the terminal.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print to a terminal: control characters made visible."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _print_documents(reports: list[dict[str, Any]], as_json: bool) -> None:
    """The completeness report: one line per attachment, incomplete ones marked."""
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=2))
        return
    if not reports:
        click.echo("Keine Anhänge im Index.")
        return
    incomplete = sum(not r["complete"] for r in reports)
    click.echo(f"{len(reports)} Anhänge, davon {incomplete} unvollständig.")
    for r in reports:
        state = "vollständig" if r["complete"] else "UNVOLLSTÄNDIG"
        details = (
            f"{r['pages']} Seiten: {r['text']} mit Text, {r['ocr']} per OCR, {r['blank']} leer, "
            f"{r['empty']} ohne Text (Bild), {r['failed_pages']} fehlerhaft"
        )
        extra = " · abgeschnitten" if r["truncated"] else ""
        extra += " · nicht lesbar" if r["failed"] else ""
        click.echo(printable(f"  [{r['slug']}] {r['file']}: {state}; {details}{extra}"))


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        color = "red" if problem.severity == "error" else "yellow"
        click.secho(printable(problem.format()), fg=color, err=True)


def _print_result(result: SearchResult) -> None:
    noun = "Beispiel" if result.total == 1 else "Beispiele"
    about = f" für „{result.query}“" if result.query.strip() else ""
    click.echo(
        printable(f"{result.total} {noun} gefunden{about} (Seite {result.page} von {result.pages})")
    )
    for notice in result.notices:
        click.echo(f"Hinweis: {notice}")
    if result.relaxed:
        click.echo(printable(f"Hinweis: {result.relaxed_notice}"))
    if result.suggestion:
        click.echo(printable(f"Meinten Sie: {result.suggestion}?"))
    for number, hit in enumerate(result.hits, start=(result.page - 1) * result.page_size + 1):
        f = hit.fields
        place = ", ".join(dict.fromkeys([f.get("municipality", ""), f.get("district", "")]))
        click.echo()
        click.secho(printable(f"{number:>3}. {hit.title}"), bold=True)
        details = f"{f.get('type')} · {place} · {f.get('year')} · {', '.join(f['themes'])}"
        click.echo(printable(f"     {details}"))
        click.echo(f"     {_terminal_snippet(hit.snippet)}")
        for found in hit.attachments:
            where = f"Treffer im Dokument „{found['title']}“, S. {found['page']}"
            click.echo(printable(f"     {where}: ") + _terminal_snippet(found["snippet"]))
        click.secho(f"     [{hit.slug}]", dim=True)
    click.echo()
    _print_facets(result.facets, limit=8)


def _terminal_snippet(snippet: str) -> str:
    parts = re.split(r"<mark>(.*?)</mark>", snippet)
    out = []
    for i, part in enumerate(parts):
        text = printable(html.unescape(part).replace("\n", " "))
        out.append(click.style(text, bold=True, underline=True) if i % 2 else text)
    return "".join(out)


def _print_facets(facets: dict[str, dict[str, int]], limit: int | None) -> None:
    for name, values in facets.items():
        if not values:
            continue
        items = list(values.items())
        shown = ", ".join(f"{value} ({count})" for value, count in items[:limit])
        more = f", … (+{len(items) - limit})" if limit and len(items) > limit else ""
        click.echo(printable(f"{FACET_LABELS.get(name, name)}: {shown}{more}"))


def decimal(value: float, digits: int = 1) -> str:
    """A decimal number as German readers write it: 0,3 (not 0.3)."""
    return f"{value:.{digits}f}".replace(".", ",")


from indexer.curation.users_cli import users  # noqa: E402 - command groups are added here

cli.add_command(users)

from indexer.curation.history_cli import history  # noqa: E402

cli.add_command(history)


def main() -> None:
    cli(prog_name="python -m indexer")


@cli.command()
@kb_option
@click.option("--all", "show_all", is_flag=True, help="Auch Abkürzungen mit Erweiterung zeigen.")
@click.option("--limit", type=int, default=50, show_default=True, help="Höchstens so viele zeigen.")
def abbreviations(kb_dir: Path, show_all: bool, limit: int) -> None:
    """Abkürzungen der Einträge (BAMF, umF …) ohne Erweiterung in synonyms.yaml, mit Zahlen."""
    from indexer.abbreviations import find_abbreviations

    try:
        found = find_abbreviations(kb_dir)
    except TaxonomyError as exc:
        raise click.ClickException(printable(str(exc))) from exc
    missing = [a for a in found if not a.expanded]
    click.echo(
        f"{len(missing)} von {len(found)} Abkürzungen der Wissensbasis haben keine "
        "Erweiterung in synonyms.yaml."
    )
    for item in (found if show_all else missing)[:limit]:
        state = "erweitert" if item.expanded else "ohne Erweiterung"
        hint = f"; Thesaurus: {', '.join(item.thesaurus)}" if item.thesaurus else ""
        click.echo(
            printable(
                f"  {item.text}: {item.count}× in {item.entries} "
                f"{'Eintrag' if item.entries == 1 else 'Einträgen'}, z. B. [{item.example}]"
                f"{'' if not show_all else f' ({state})'}{hint}"
            )
        )


click_german.germanise(cli)  # after the last command above
