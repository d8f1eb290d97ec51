"""The search state and its URL form: query parameters ⇄ `SearchState`.

The URL is the single source of truth, so a copied link reproduces the view and the
browser's back and forward buttons work. Malformed or unknown values are dropped
silently: a hand-edited link never shows an error page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from indexer.limits import LIMITS

Sort = Literal["relevance", "year"]

# Facet (search API name) → URL parameter, in display order.
FACET_PARAMS: dict[str, str] = {
    "themes": "thema",
    "type": "typ",
    "district": "kreis",
    "size": "groesse",
    "funding": "foerderung",
}
PARAM_QUERY = "q"
PARAM_YEAR_FROM = "jahr_von"
PARAM_YEAR_TO = "jahr_bis"
PARAM_SORT = "sort"
PARAM_PAGE = "seite"
PARAM_ENTRY = "eintrag"
PARAM_DOCUMENT = "dokument"  # an attachment of the entry, opened at page PARAM_DOCUMENT_PAGE
PARAM_DOCUMENT_PAGE = "dokseite"
MAX_DOCUMENT_NAME = 300
SORT_PARAMS: dict[str, Sort] = {"relevanz": "relevance", "neueste": "year"}
SORT_NAMES: dict[Sort, str] = {v: k for k, v in SORT_PARAMS.items()}

# Longer than the search's own limit, so that the search cuts the query and says so.
MAX_QUERY_CHARS = 2 * LIMITS.max_query_chars
MAX_VALUES_PER_FACET = 50
MAX_PAGE = 10_000
YEAR_RANGE = (1900, 2100)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){0,30}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# A value is valid for a facet when this says so (e.g. it is in the taxonomy or the index).
Vocabulary = Callable[[str, str], bool]


def _any_value(facet: str, value: str) -> bool:
    return 0 < len(value) <= 200


@dataclass(frozen=True)
class SearchState:
    """Everything that defines a view: query, filters, year range, sort, page, entry."""

    query: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: Sort | None = None  # None: not chosen (see `sort_or_default`); "all entries" links set it
    page: int = 1
    entry: str | None = None
    document: str | None = None  # file name of an attachment of `entry` shown in the viewer
    document_page: int = 1

    @property
    def sort_or_default(self) -> Sort:
        """The order shown: as chosen, else by relevance for a query and newest first without."""
        return self.sort or ("relevance" if self.query else "year")

    @property
    def active_filter_count(self) -> int:
        """How many filters are set: each chosen value, and the year range as one."""
        years = self.year_from is not None or self.year_to is not None
        return sum(len(values) for values in self.filters.values()) + years

    @property
    def browsed_theme(self) -> str | None:
        """The theme of a view without query that filters by exactly one theme, else None."""
        themes = self.filters.get("themes", ())
        return themes[0] if not self.query and len(themes) == 1 else None

    @property
    def has_filters(self) -> bool:
        return bool(self.active_filters) or self.year_from is not None or self.year_to is not None

    @property
    def active_filters(self) -> dict[str, list[str]]:
        """The facet filters in the shape `Index.search(filters=…)` takes."""
        return {facet: list(values) for facet, values in self.filters.items() if values}

    @property
    def is_browsing(self) -> bool:
        """True when the user asked for a result list; False shows the landing page."""
        return bool(self.query) or self.has_filters or self.sort is not None or self.page > 1

    # -- changes, each returning a new state (back on page 1 unless the page is changed) --

    def with_query(self, query: str) -> SearchState:
        return replace(self, query=clean_query(query), page=1, entry=None)

    def with_values(self, facet: str, values: Iterable[str]) -> SearchState:
        filters = dict(self.filters)
        filters[facet] = tuple(dict.fromkeys(values))
        return replace(self, filters=filters, page=1, entry=None)

    def toggled(self, facet: str, value: str, on: bool) -> SearchState:
        current = list(self.filters.get(facet, ()))
        if on and value not in current:
            current.append(value)
        elif not on and value in current:
            current.remove(value)
        return self.with_values(facet, current)

    def without_facet(self, facet: str) -> SearchState:
        """Drop one facet's filter; "year" drops the year range."""
        if facet == "year":
            return replace(self, year_from=None, year_to=None, page=1, entry=None)
        return self.with_values(facet, ())

    def with_years(self, year_from: int | None, year_to: int | None) -> SearchState:
        if year_from is not None and year_to is not None and year_from > year_to:
            year_from, year_to = year_to, year_from
        return replace(self, year_from=year_from, year_to=year_to, page=1, entry=None)

    def without_filters(self) -> SearchState:
        return replace(self, filters={}, year_from=None, year_to=None, page=1, entry=None)

    def with_sort(self, sort: Sort) -> SearchState:
        return replace(self, sort=sort, page=1, entry=None)

    def with_page(self, page: int) -> SearchState:
        return replace(self, page=max(1, min(page, MAX_PAGE)), entry=None)

    def with_entry(self, slug: str | None) -> SearchState:
        return replace(self, entry=slug, document=None, document_page=1)

    def with_document(self, file: str | None, page: int = 1) -> SearchState:
        """The entry's view with one of its attachments opened at `page` (None closes it)."""
        return replace(self, document=file, document_page=max(1, min(page, MAX_PAGE)))


def clean_query(text: str) -> str:
    """The query as searched: no control characters, single spaces, bounded length."""
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_QUERY_CHARS].strip()


def _int(values: list[str], low: int, high: int) -> int | None:
    if len(values) != 1:
        return None
    text = values[0].strip()
    if not text.isdigit() or len(text) > 6:
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_params(
    get_all: Callable[[str], list[str]], vocabulary: Vocabulary = _any_value
) -> SearchState:
    """Read a state from query parameters (`get_all(name)` → every value of `name`)."""
    query = clean_query(" ".join(get_all(PARAM_QUERY)[:1]))
    filters: dict[str, tuple[str, ...]] = {}
    for facet, param in FACET_PARAMS.items():
        values = []
        for raw in get_all(param)[:MAX_VALUES_PER_FACET]:
            value = raw.strip()
            if value and value not in values and vocabulary(facet, value):
                values.append(value)
        if values:
            filters[facet] = tuple(values)
    year_from = _int(get_all(PARAM_YEAR_FROM), *YEAR_RANGE)
    year_to = _int(get_all(PARAM_YEAR_TO), *YEAR_RANGE)
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    sort_values = get_all(PARAM_SORT)
    sort = SORT_PARAMS.get(sort_values[0].strip().lower()) if len(sort_values) == 1 else None
    page = _int(get_all(PARAM_PAGE), 1, MAX_PAGE) or 1
    entries = get_all(PARAM_ENTRY)
    entry = entries[0].strip() if len(entries) == 1 and SLUG_RE.match(entries[0].strip()) else None
    documents = get_all(PARAM_DOCUMENT)
    document = None
    if entry and len(documents) == 1:
        name = documents[0].strip()
        if 0 < len(name) <= MAX_DOCUMENT_NAME and not _CONTROL.search(name):
            document = name  # only ever compared with the entry's own attachment names
    document_page = (_int(get_all(PARAM_DOCUMENT_PAGE), 1, MAX_PAGE) or 1) if document else 1
    return SearchState(
        query, filters, year_from, year_to, sort, page, entry, document, document_page
    )


def parse_mapping(
    params: Mapping[str, str | list[str]], vocabulary: Vocabulary = _any_value
) -> SearchState:
    """`parse_params` for a plain dict (tests, links)."""

    def get_all(name: str) -> list[str]:
        value = params.get(name, [])
        return [value] if isinstance(value, str) else list(value)

    return parse_params(get_all, vocabulary)


def to_params(state: SearchState) -> dict[str, list[str]]:
    """The query parameters of a state; defaults are left out to keep links short."""
    params: dict[str, list[str]] = {}
    if state.query:
        params[PARAM_QUERY] = [state.query]
    for facet, param in FACET_PARAMS.items():
        values = state.filters.get(facet, ())
        if values:
            params[param] = list(values)
    if state.year_from is not None:
        params[PARAM_YEAR_FROM] = [str(state.year_from)]
    if state.year_to is not None:
        params[PARAM_YEAR_TO] = [str(state.year_to)]
    if state.sort is not None:
        params[PARAM_SORT] = [SORT_NAMES[state.sort]]
    if state.page > 1:
        params[PARAM_PAGE] = [str(state.page)]
    if state.entry:
        params[PARAM_ENTRY] = [state.entry]
        if state.document:
            params[PARAM_DOCUMENT] = [state.document]
            if state.document_page > 1:
                params[PARAM_DOCUMENT_PAGE] = [str(state.document_page)]
    return params
