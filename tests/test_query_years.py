"""A year in a query says when, not what: "Ehrenamt 2022" finds what "Ehrenamt" finds,
the entries of 2022 first; "2022" alone finds the entries of 2022."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.evaluation import load_queries
from indexer.query_years import without_years
from indexer.searching import Index

RELEVANCE = Path(__file__).resolve().parent / "relevance"


@pytest.fixture(scope="module")
def index(relevance_index: Index) -> Index:
    return relevance_index


@pytest.fixture(scope="module")
def years(index: Index) -> list[str]:
    found = sorted(index.search("", page_size=1).facets["year"])
    assert len(found) >= 8
    return found


@pytest.mark.parametrize(
    ("typed", "searched", "named"),
    [
        ("Sprachpaten 2023", "Sprachpaten", ("2023",)),
        ("Ehrenamt 2019 und 2023", "Ehrenamt und", ("2019", "2023")),
        ("Gibt es Sprachpaten 2019?", "Gibt es Sprachpaten ?", ("2019",)),
        ("2023", "2023", ("2023",)),  # a year alone: its entries and texts
        ("Beispiele aus 2023", "2023", ("2023",)),
        ("Sprachpaten", "Sprachpaten", ()),
        ("Sprachpaten 1850", "Sprachpaten 1850", ()),  # no year of this knowledge base
        ("Sprachpaten 20234", "Sprachpaten 20234", ()),
        ("Sprachpaten 12.2023", "Sprachpaten 12.2023", ()),
        ("Sprachpaten 2023/24", "Sprachpaten 2023/24", ()),
    ],
)
def test_years_are_taken_out_of_a_query_with_a_topic(
    typed: str, searched: str, named: tuple[str, ...]
) -> None:
    assert without_years(typed) == (searched, named)


def test_a_year_changes_the_order_of_a_topics_results_not_the_results(
    index: Index, years: list[str]
) -> None:
    """Every short query of the relevance set with every year of the corpus: the same
    entries as without the year, and those of that year rank no lower. Searched as a
    word, "Sprachpaten 2023" put an entry that merely says 2023 first and dropped ten
    entries about Sprachpaten."""
    queries = [q.query for q in load_queries(RELEVANCE / "queries.yaml")]
    topics = [q for q in queries if len(q.split()) <= 2 and '"' not in q]
    assert len(topics) >= 40
    raised = 0
    for topic in topics:
        plain = index.search(topic, page_size=100, snippets=False)
        plain_order = [hit.slug for hit in plain.hits]
        for year in years:
            dated = index.search(f"{topic} {year}", page_size=100, snippets=False)
            order = [hit.slug for hit in dated.hits]
            assert sorted(order) == sorted(plain_order), (topic, year)
            assert dated.total == plain.total
            for hit in dated.hits:
                if str(hit.fields["year"]) == year:
                    assert order.index(hit.slug) <= plain_order.index(hit.slug), (topic, year)
                    raised += order.index(hit.slug) < plain_order.index(hit.slug)
    assert raised > 100  # the year does order


def test_a_year_alone_finds_the_entries_of_that_year_first(index: Index, years: list[str]) -> None:
    for year in years:
        of_year = index.search("", filters={"year": [year]}, page_size=100).hits
        found = index.search(year, page_size=100).hits
        first = [hit.slug for hit in found[: len(of_year)]]
        assert sorted(first) == sorted(hit.slug for hit in of_year), year
        assert index.search(f"Beispiele aus {year}", page_size=100).hits == found


def test_the_user_is_told_how_a_year_was_read(index: Index) -> None:
    assert index.search("Sprachpaten 2023").notices == (
        "Die Jahreszahl 2023 ordnet die Treffer: Beispiele aus 2023 stehen weiter oben. "
        "Nur Beispiele eines Jahres zeigt der Filter „Jahr“.",
    )
    assert "Die Jahreszahlen 2019 und 2023 ordnen" in index.search("Ehrenamt 2019 2023").notices[0]
    three = index.search("Ehrenamt 2019 2021 2023").notices[0]
    assert "Die Jahreszahlen 2019, 2021 und 2023 ordnen" in three  # not "2019 und 2021 und …"
    assert index.search("2023").notices == ()  # a year alone is what is searched


def test_the_user_is_told_when_no_result_is_of_the_year_named(index: Index) -> None:
    """ "Ukraine 2015" said that entries of 2015 stood further up and showed none;
    "Projekte aus 2026" found nothing and said nothing."""
    result = index.search("Ukraine 2015")
    assert result.total and not any(hit.fields["year"] == 2015 for hit in result.hits)
    assert result.notices == (
        "Keiner der Treffer stammt aus 2015; gezeigt werden passende Beispiele aus anderen Jahren.",
    )
    for typed in ("Projekte aus 2026", "2026"):
        nothing = index.search(typed)
        assert nothing.total == 0 and nothing.notices == ("Aus 2026 gibt es keine Beispiele.",)
    assert "ordnet die Treffer" in index.search("Ukraine 2022").notices[0]
