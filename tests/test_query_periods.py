"""Spans of time in a query ("ab 2020", "vor 2017", "2016 bis 2018", "aktuelle") order its
results by the years they mean; they were read as one year or as words."""

from __future__ import annotations

import pytest

from indexer.query_periods import RECENT_YEARS, period_notice, without_periods
from indexer.query_topic import read_topic
from indexer.searching import Index

KNOWN = tuple(str(year) for year in range(2015, 2026))


@pytest.mark.parametrize(
    ("typed", "rest", "years", "spans"),
    [
        ("Sprachpaten ab 2020", "Sprachpaten", range(2020, 2026), ["ab 2020"]),
        ("Sprachpaten seit dem Jahr 2018", "Sprachpaten", range(2018, 2026), None),
        ("Kita nach 2022", "Kita", range(2023, 2026), None),
        ("Kita vor 2017", "Kita", range(2015, 2017), None),
        ("Kita bis 2016", "Kita", range(2015, 2017), None),
        ("Ehrenamt 2016 bis 2018", "Ehrenamt", range(2016, 2019), None),
        ("Ehrenamt von 2016 bis 2018", "Ehrenamt", range(2016, 2019), None),
        ("Ehrenamt 2016–2018", "Ehrenamt", range(2016, 2019), None),
        ("Kita zwischen 2016 und 2018", "Kita", range(2016, 2019), None),
        ("aktuelle Projekte zu Kita", "Projekte zu Kita", range(2023, 2026), ["aktuelle"]),
        ("Kita der letzten Jahre", "Kita", range(2023, 2026), None),
        ("Kita nach 2030", "Kita", range(0), ["nach 2030"]),  # no entry of those years
        # A named year stays a year (`query_years`); "Jahr" before it is no word of the topic.
        ("Ehrenamt im Jahr 2022", "Ehrenamt im 2022", range(0), []),
        ("Ehrenamt 2019 und 2021", "Ehrenamt 2019 und 2021", range(0), []),
        ("Café vor Ort", "Café vor Ort", range(0), []),
    ],
)
def test_spans_of_time_are_taken_out_with_their_years(
    typed: str, rest: str, years: range, spans: list[str] | None
) -> None:
    found = without_periods(typed, KNOWN)
    assert found[0] == rest
    assert found[1] == tuple(str(year) for year in years)
    if spans is not None:
        assert list(found[2]) == spans


def test_recent_means_the_latest_years_the_entries_have() -> None:
    assert without_periods("aktuelle Kita", ("2015", "2019", "2020", "2021"))[1] == (
        "2019",
        "2020",
        "2021",
    )
    assert RECENT_YEARS == 3


def test_the_notice_says_which_years_come_first() -> None:
    assert period_notice(["ab 2020"], ["2020", "2021", "2022"]) == (
        "„ab 2020“ ordnet die Treffer: Beispiele aus 2020 bis 2022 stehen weiter oben. "
        "Nur Beispiele bestimmter Jahre zeigt der Filter „Jahr“."
    )
    assert "keine Beispiele" in period_notice(["nach 2030"], [])


def test_a_span_alone_searches_its_years() -> None:
    read = read_topic("Projekte ab 2023", known_years=KNOWN)
    assert read.text == "2023 OR 2024 OR 2025" and read.notices == ()


def test_spans_order_the_results(relevance_index: Index) -> None:
    def years(query: str) -> list[int]:
        return [hit.fields["year"] for hit in relevance_index.search(query, page_size=5).hits]

    assert all(year >= 2020 for year in years("Projekte ab 2020"))
    assert all(year <= 2016 for year in years("Beispiele vor 2017"))
    assert years("Beispiele aus dem Jahr 2022")[:3] == [2022, 2022, 2022]
    latest = sorted(relevance_index.search("", page_size=1).facets["year"])[-RECENT_YEARS:]
    assert {str(year) for year in years("aktuelle Beispiele")} <= set(latest)
    result = relevance_index.search("Ehrenamt seit 2020")
    assert any("„seit 2020“ ordnet die Treffer" in notice for notice in result.notices)


def test_a_year_is_no_typo_of_another(relevance_index: Index) -> None:
    """ "2025" also matched the texts saying "2015" or "2022" as close spellings."""
    result = relevance_index.search("2025", page_size=50)
    exact = result.hits[: result.exact_total]
    assert exact and all(
        hit.fields["year"] == 2025 or "2025" in relevance_index.get(hit.slug).markdown
        for hit in exact
    )
