"""Counts predict results: a facet value shown with count N gives exactly N results when it
is ticked as the only value of its facet, for every query of the relevance set, with and
without a filter on another facet; a second value of the same facet adds its entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.evaluation import load_queries
from indexer.searching import FACETS, Index

RELEVANCE = Path(__file__).resolve().parent / "relevance"
CHECKED = [name for name in FACETS if name not in ("status", "municipality")]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    where = tmp_path_factory.mktemp("counts")
    report = build_index(RELEVANCE / "kb", where)
    assert not report.errors
    return Index.open(where, RELEVANCE / "kb")


def _queries() -> list[str]:
    return sorted({query.query for query in load_queries(RELEVANCE / "queries.yaml")})


def _disagreements(index: Index, query: str, base: dict[str, list[str]]) -> list[str]:
    """Every (facet, value) whose shown count differs from the results it gives."""
    shown = index.search(query, filters=base, page_size=1).facets
    wrong = []
    for facet in CHECKED:
        if facet in base:
            continue
        values = [value for value, count in shown.get(facet, {}).items() if count]
        for value in values:
            total = index.search(query, filters={**base, facet: [value]}, page_size=1).total
            if total != shown[facet][value]:
                wrong.append(f"{facet}={value}: shown {shown[facet][value]}, found {total}")
        if len(values) >= 2:  # OR within a facet: two values add their entries
            first, second = values[:2]
            both = index.search(query, filters={**base, facet: [first, second]}, page_size=1)
            alone = [
                index.search(query, filters={**base, facet: [v]}, page_size=1) for v in values[:2]
            ]
            if both.total < max(result.total for result in alone):
                wrong.append(f"{facet}={first}+{second}: {both.total} < one of them")
    return wrong


def test_every_count_is_what_ticking_the_value_gives(index: Index) -> None:
    wrong = {}
    for query in _queries():
        found = _disagreements(index, query, {})
        if found:
            wrong[query] = found
    assert not wrong, wrong


def test_counts_hold_under_a_filter_on_another_facet(index: Index) -> None:
    wrong = {}
    for query in _queries():
        themes = index.search(query, page_size=1).facets.get("themes", {})
        busiest = max(themes, key=themes.get, default=None)
        if busiest is None:
            continue
        found = _disagreements(index, query, {"themes": [busiest]})
        if found:
            wrong[query] = found
    assert not wrong, wrong
