"""A municipality's size said in words ("unter 5.000 Einwohnern", "Großstadt") orders the
results by the size facet, as a place does; searched as words, "5.000" and "Einwohnern"
found the entries that happen to say them."""

from __future__ import annotations

import pytest

from indexer.query_sizes import without_sizes
from indexer.searching import Index

CLASSES = (
    ("unter 5.000", None, 5000),
    ("5.000–20.000", 5000, 20000),
    ("20.000–100.000", 20000, 100000),
    ("über 100.000", 100000, None),
)


@pytest.mark.parametrize(
    ("typed", "topic", "sizes"),
    [
        ("Sprachcafé in Gemeinden unter 5.000 Einwohnern", "Sprachcafé", ("unter 5.000",)),
        ("Integration in Städten über 100.000 Einwohner", "Integration", ("über 100.000",)),
        ("Sport in Kommunen mit 5000 bis 20000 Einwohnern", "Sport", ("5.000–20.000",)),
        ("Sprachkurs unter 10.000 EW", "Sprachkurs", ("unter 5.000", "5.000–20.000")),
        ("Ehrenamt in der Kleinstadt", "Ehrenamt", ("5.000–20.000",)),
        ("Großstädte Gesundheit", "Gesundheit", ("über 100.000",)),
        ("Landgemeinden Mobilität", "Mobilität", ("unter 5.000",)),
        # words that name topics too, and a size alone, stay as typed
        ("Dorffest im Dorf", "Dorffest im Dorf", ()),
        ("Großstadtleben", "Großstadtleben", ()),
        ("unter 5.000 Einwohnern", "unter 5.000 Einwohnern", ()),
    ],
)
def test_sizes_said_in_words(typed: str, topic: str, sizes: tuple[str, ...]) -> None:
    rest, found, _ = without_sizes(typed, CLASSES)
    assert (rest, found) == (topic, sizes)


def test_the_entries_of_the_size_named_come_first(relevance_index: Index) -> None:
    result = relevance_index.search("Großstadt Gesundheit", page_size=20)
    assert result.topic == "Gesundheit"
    assert result.notices[0].startswith("„Großstadt“ ordnet die Treffer")
    big = [hit.fields["population"] >= 100_000 for hit in result.hits]
    assert big[0] and big == sorted(big, reverse=True)  # the cities first, then the rest
    plain = relevance_index.search("Gesundheit", page_size=20)
    assert sorted(hit.slug for hit in result.hits) == sorted(hit.slug for hit in plain.hits)


def test_no_result_of_the_size_named_is_said_so(relevance_index: Index) -> None:
    result = relevance_index.search("Flüchtlingshilfe in Gemeinden unter 5.000 Einwohnern")
    assert result.total and all(hit.fields["population"] >= 5000 for hit in result.hits)
    assert result.notices == (
        "Keiner der Treffer stammt aus einer Gemeinde dieser Größe („in Gemeinden unter "
        "5.000 Einwohnern“); gezeigt werden passende Beispiele von anderswo.",
    )
