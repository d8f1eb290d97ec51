"""Names of the region every entry lies in say nothing of what is searched:
"Ehrenamt in Baden-Württemberg" finds what "Ehrenamt" finds."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.evaluation import load_queries
from indexer.german.wording import quoted_list
from indexer.region_names import without_region
from indexer.searching import Index
from indexer.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

RELEVANCE = Path(__file__).resolve().parent / "relevance"
REPO = Path(__file__).resolve().parents[1]
NAMES = ("Baden-Württemberg", "BW", "Deutschland")


@pytest.fixture(scope="module")
def index(relevance_index: Index) -> Index:
    return relevance_index


@pytest.mark.parametrize(
    ("typed", "searched", "left_out"),
    [
        ("Ehrenamt in Baden-Württemberg", "Ehrenamt in", ("Baden-Württemberg",)),
        ("Ehrenamt in Baden-Wuerttemberg", "Ehrenamt in", ("Baden-Wuerttemberg",)),
        ("ehrenamt baden württemberg", "ehrenamt", ("baden württemberg",)),  # a space
        ("Sprachpaten in BW", "Sprachpaten in", ("BW",)),
        ("Deutsch lernen in Deutschland", "Deutsch lernen in", ("Deutschland",)),
        ("Ehrenamt, Baden-Württemberg.", "Ehrenamt, .", ("Baden-Württemberg",)),
        ("Baden-Württemberg", "Baden-Württemberg", ()),  # alone: searched
        ("Beispiele aus Baden-Württemberg", "Beispiele aus Baden-Württemberg", ()),
        ("Württemberg Ehrenamt", "Württemberg Ehrenamt", ()),  # not the name
        ("Baden-Baden Ehrenamt", "Baden-Baden Ehrenamt", ()),
        ("BWL Kurs", "BWL Kurs", ()),
    ],
)
def test_region_names_are_left_out_of_a_query_with_a_topic(
    typed: str, searched: str, left_out: tuple[str, ...]
) -> None:
    assert without_region(typed, NAMES) == (searched, left_out)


def test_the_user_is_told_that_the_region_did_not_narrow_the_search(index: Index) -> None:
    assert index.search("Ehrenamt in BW").notices == (
        "„BW“ schränkt die Suche nicht ein: Alle Beispiele liegen dort.",
    )
    assert index.search("Ehrenamt in BW und Deutschland").notices == (
        "„BW“ und „Deutschland“ schränken die Suche nicht ein: Alle Beispiele liegen dort.",
    )
    assert index.search("Ehrenamt in BW, Deutschland und Baden-Württemberg").notices == (
        "„BW“, „Deutschland“ und „Baden-Württemberg“ schränken die Suche nicht ein: Alle "
        "Beispiele liegen dort.",
    )
    assert index.search("Baden-Württemberg").notices == ()


@pytest.mark.parametrize(
    ("items", "listed"),
    [
        ((), ""),
        (("BW",), "„BW“"),
        (("BW", "Deutschland"), "„BW“ und „Deutschland“"),
        (("a", "b", "c"), "„a“, „b“ und „c“"),
    ],
)
def test_names_are_listed_as_german_lists_them(items: tuple[str, ...], listed: str) -> None:
    assert quoted_list(items) == listed


def test_the_region_comes_from_the_taxonomy() -> None:
    assert load_taxonomy(REPO / "kb").region == NAMES
    assert load_taxonomy(RELEVANCE / "kb").region == NAMES
    data = yaml.safe_load((REPO / "kb" / "taxonomy.yaml").read_text(encoding="utf-8"))
    del data["region"]
    assert parse_taxonomy(data).region == ("Baden-Württemberg",)  # the state-wide value's
    for bad in ("Baden-Württemberg", [""], [3]):
        with pytest.raises(TaxonomyError, match="region"):
            parse_taxonomy({**data, "region": bad})


@pytest.mark.parametrize("named", [" in Baden-Württemberg", " in BW", " in Deutschland"])
def test_naming_the_region_finds_what_the_topic_finds(index: Index, named: str) -> None:
    """Every judged query with the region named: the same results in the same order. As
    words, the names made the few entries that say them come first (tuning queries with
    "in Baden-Württemberg": nDCG@10 0.898 → 0.635)."""
    queries = [q.query for q in load_queries(RELEVANCE / "queries.yaml") if '"' not in q.query]
    assert len(queries) >= 90
    for query in queries:
        plain = index.search(query, snippets=False)
        named_too = index.search(query + named, snippets=False)
        assert [h.slug for h in named_too.hits] == [h.slug for h in plain.hits], query
        assert named_too.total == plain.total


def test_the_region_alone_is_searched(index: Index) -> None:
    assert index.search("Baden-Württemberg").total > 0
