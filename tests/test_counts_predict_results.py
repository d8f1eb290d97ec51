"""Counts predict results: a facet value shown with count N gives exactly N results when it
is ticked as the only value of its facet, for every query of the relevance set (and some
with words no entry has), with and without a filter on another facet; a second value of
the same facet adds its entries.

That is one search per query and shown facet value, some 9,000 in all: the queries are
split among worker processes (one per core) that each open the index, and each distinct
search runs once in a worker (`Searches`). Only totals and counts are compared, so the
searches skip snippets and ask for one hit.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.evaluation import load_queries
from indexer.searching import FACETS, Index, SearchResult

RELEVANCE = Path(__file__).resolve().parent / "relevance"
CHECKED = [name for name in FACETS if name not in ("status", "municipality")]
WORKERS = max(1, min(4, os.cpu_count() or 1))


class Searches:
    """Search results by (query, filters), each searched once (the index does not change)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.done: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], SearchResult] = {}

    def __call__(self, query: str, filters: dict[str, list[str]]) -> SearchResult:
        key = (query, tuple(sorted((facet, tuple(values)) for facet, values in filters.items())))
        if key not in self.done:
            self.done[key] = self.index.search(query, filters=filters, page_size=1, snippets=False)
        return self.done[key]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("counts")
    report = build_index(RELEVANCE / "kb", where)
    assert not report.errors
    return where


# Words no entry has: a query that would find nothing with them is searched without them.
UNFOUND = " Xylofrumpel Qwartzibu"


def _queries() -> list[str]:
    """The relevance set's queries, and every fourth of them with words no entry has."""
    queries = sorted({query.query for query in load_queries(RELEVANCE / "queries.yaml")})
    return queries + [query + UNFOUND for query in queries[::4] if '"' not in query]


def _disagreements(search: Searches, query: str, base: dict[str, list[str]]) -> list[str]:
    """Every (facet, value) whose shown count differs from the results it gives."""
    shown = search(query, base).facets
    wrong = []
    for facet in CHECKED:
        if facet in base:
            continue
        values = [value for value, count in shown.get(facet, {}).items() if count]
        totals = {value: search(query, {**base, facet: [value]}).total for value in values}
        for value, total in totals.items():
            if total != shown[facet][value]:
                wrong.append(f"{facet}={value}: shown {shown[facet][value]}, found {total}")
        if len(values) >= 2:  # OR within a facet: two values add their entries
            first, second = values[:2]
            both = search(query, {**base, facet: [first, second]})
            if both.total < max(totals[first], totals[second]):
                wrong.append(f"{facet}={first}+{second}: {both.total} < one of them")
    return wrong


def _check(index_dir: Path, queries: list[str], under_theme: bool) -> tuple[dict, int]:
    """In a worker: (disagreements by query, number of queries checked). `under_theme`:
    with the query's busiest theme ticked as the filter on another facet."""
    search = Searches(Index.open(index_dir, RELEVANCE / "kb"))
    wrong, checked = {}, 0
    for query in queries:
        base: dict[str, list[str]] = {}
        if under_theme:
            themes = search(query, {}).facets.get("themes", {})
            busiest = max(themes, key=themes.get, default=None)
            if busiest is None:
                continue
            base = {"themes": [busiest]}
        checked += 1
        found = _disagreements(search, query, base)
        if found:
            wrong[query] = found
    return wrong, checked


def _check_all(index_dir: Path, under_theme: bool) -> tuple[dict, int]:
    """Every query, split among the workers (spawned: the test process may hold threads)."""
    queries = _queries()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        parts = [
            pool.submit(_check, index_dir, queries[n::WORKERS], under_theme) for n in range(WORKERS)
        ]
        results = [part.result() for part in parts]
    wrong = {query: found for part, _ in results for query, found in part.items()}
    return wrong, sum(checked for _, checked in results)


def test_every_count_is_what_ticking_the_value_gives(index_dir: Path) -> None:
    wrong, checked = _check_all(index_dir, under_theme=False)
    assert checked == len(_queries())
    assert not wrong, wrong


def test_counts_hold_under_a_filter_on_another_facet(index_dir: Path) -> None:
    wrong, checked = _check_all(index_dir, under_theme=True)
    assert checked >= 80, f"only {checked} queries have a theme to filter by"
    assert not wrong, wrong


def test_year_counts_hold_under_a_year_range(index_dir: Path) -> None:
    """With a range of years, the year facet lists only the years in it, each with the
    results ticking it gives (a year outside the range was listed with its count, and
    ticking it gave nothing)."""
    index = Index.open(index_dir, RELEVANCE / "kb")
    wrong = []
    for query in [*_queries()[::8], ""]:
        shown = index.search(query, year_from=2018, year_to=2021, page_size=1, snippets=False)
        years = shown.facets.get("year", {})
        assert all(2018 <= int(year) <= 2021 for year, count in years.items() if count), query
        for year, count in years.items():
            ticked = index.search(
                query,
                filters={"year": [year]},
                year_from=2018,
                year_to=2021,
                page_size=1,
                snippets=False,
            )
            if ticked.total != count:
                wrong.append(f"{query!r} {year}: shown {count}, found {ticked.total}")
    assert not wrong, wrong


def test_a_range_of_years_typed_the_other_way_round_is_read_in_order(index_dir: Path) -> None:
    """ "2022 bis 2018" found nothing and said nothing."""
    index = Index.open(index_dir, RELEVANCE / "kb")
    backwards = index.search("", year_from=2022, year_to=2018, page_size=50)
    forwards = index.search("", year_from=2018, year_to=2022, page_size=50)
    assert backwards.total == forwards.total > 0
    assert backwards.notices == ("Zeitraum gelesen als 2018 bis 2022.",)
