"""What a query is about: years, the region's names and request words taken out in one
place, and a query with syntax searched as typed."""

from __future__ import annotations

import pytest

from indexer.query_topic import QueryTopic, read_topic

REGION = ("Baden-Württemberg", "BW", "Deutschland")


@pytest.mark.parametrize(
    "typed",
    [
        '"Sommerfest 2023"',  # a phrase
        "„gute Beispiele“ Kita 2023",
        "year:2023 Sprachpaten",  # a field
        '"Baden-Württemberg" Ehrenamt',
        "Projekte AND Kita in BW",
        "type:Projekt Kita",
        "-Projekte Kita 2022",
        "(Ehrenamt OR Sprachpaten) Beispiele 2023",
    ],
)
def test_a_query_with_syntax_is_searched_as_typed(typed: str) -> None:
    assert read_topic(typed, REGION) == QueryTopic(typed, (), ())


def test_years_region_and_request_words_are_taken_out_together() -> None:
    read = read_topic("Gibt es Erfahrungen mit Sprachpaten 2023 in BW?", REGION)
    assert read.text == "es mit Sprachpaten in ?"  # stop words are left to the analysis
    assert read.years == ("2023",)
    assert read.notices == (
        "Die Jahreszahl 2023 ordnet die Treffer: Beispiele aus 2023 stehen weiter oben. "
        "Nur Beispiele eines Jahres zeigt der Filter „Jahr“.",
        "„BW“ schränkt die Suche nicht ein: Alle Beispiele liegen dort.",
    )


@pytest.mark.parametrize(
    ("typed", "searched", "years"),
    [
        ("Beispiele aus 2023", "2023", ("2023",)),  # a year alone: no notice
        # the region's name alone says what: the request word goes
        ("Projekte in Baden-Württemberg", "in Baden-Württemberg", ()),
        ("Projekte", "Projekte", ()),
        ("", "", ()),
    ],
)
def test_a_query_without_a_topic_keeps_what_it_has(
    typed: str, searched: str, years: tuple[str, ...]
) -> None:
    assert read_topic(typed, REGION) == QueryTopic(searched, years, ())


def test_without_a_region_the_names_are_searched() -> None:
    assert read_topic("Ehrenamt in BW", ()) == QueryTopic("Ehrenamt in BW", (), ())
