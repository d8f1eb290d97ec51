"""Exports: a result list as CSV for spreadsheets, an entry as Markdown with front matter.

CSV: UTF-8 with byte-order mark and ";" as delimiter. German Excel reads a file without
BOM as Windows-1252 (umlauts break) and splits columns on ";" because "," is the decimal
separator there; LibreOffice and Python's csv module read the same file without trouble.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import yaml

from indexer.searching import Hit, Index, Sort, StoredEntry

CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM
# Hits per search of an export. Without snippets a search serves pages of any size; each
# page repeats the search (~20–40 ms at 10,000 entries) before reading its hits, and each
# page is a step of the app's progress bar.
EXPORT_PAGE_SIZE = 5_000
# (column heading, front-matter key); a link column is added when a URL maker is given.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Titel", "title"),
    ("Art", "type"),
    ("Themen", "themes"),
    ("Kommune", "municipality"),
    ("Kreis", "district"),
    ("Jahr", "year"),
    ("Förderprogramm", "funding"),
    ("Kurzbeschreibung", "summary"),
    ("Kontakt", "contact"),
)
LINK_COLUMN = "Link"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def all_hits(
    index: Index,
    query: str = "",
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    sort: Sort = "relevance",
    page_size: int = EXPORT_PAGE_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Hit]:
    """Every hit of a search, in result order, without snippets, fetched in large pages.

    `progress(done, total)` is called after each page. Drafts are never exported.
    """
    page = 1
    done = 0
    while True:
        result = index.search(
            query,
            filters=filters,
            year_from=year_from,
            year_to=year_to,
            sort=sort,
            page=page,
            page_size=page_size,
            snippets=False,
        )
        yield from result.hits
        done += len(result.hits)
        if progress is not None:
            progress(done, result.total)
        if page >= result.pages or not result.hits:
            return
        page += 1


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())  # one line per row, whatever the entry contains
    return "'" + text if text.startswith(_FORMULA_START) else text


def results_csv(
    hits: Iterable[Hit],
    *,
    entry_url: Callable[[str], str] | None = None,
    delimiter: str = CSV_DELIMITER,
) -> bytes:
    """The hits as CSV bytes (UTF-8 with BOM, one row per entry, header row first)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    header = [heading for heading, _ in CSV_COLUMNS]
    if entry_url is not None:
        header.append(LINK_COLUMN)
    writer.writerow(header)
    keys = [key for _, key in CSV_COLUMNS]
    for hit in hits:
        fields = hit.fields
        row = [_cell(fields.get(key)) for key in keys]
        if entry_url is not None:
            row.append(_cell(entry_url(hit.slug)))
        writer.writerow(row)
    return buffer.getvalue().encode(CSV_ENCODING)


def entry_markdown(entry: StoredEntry) -> str:
    """The entry as a Markdown file with YAML front matter, as in the knowledge base."""
    front_matter = yaml.safe_dump(
        entry.fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    return f"---\n{front_matter}---\n\n{entry.markdown.strip()}\n"


def entry_filename(entry: StoredEntry) -> str:
    return f"{entry.slug}.md"
