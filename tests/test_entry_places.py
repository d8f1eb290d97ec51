"""The places entries come from, as a query may name them (`indexer.entry_places`)."""

from __future__ import annotations

from indexer.entry_places import EntryPlaces

PLACES = EntryPlaces.of(
    ["Münsingen", "Rottenburg am Neckar", "Waldshut-Tiengen", "Aalen"],
    ["Landkreis Reutlingen", "Landkreis Tübingen", "Ostalbkreis"],
)


def test_a_place_is_named_with_or_without_dots_hyphens_landkreis_or_location() -> None:
    for typed in ("münsingen", "munsingen", "waldshut tiengen", "reutlingen", "rottenburg"):
        assert PLACES.has(typed), typed
    assert not PLACES.has("neckar")


def test_a_common_word_typed_without_dots_is_no_place_but_one_spelled_so_is() -> None:
    """ "aalen" is the town (the entries spell it so); "wort" would be no "Wört"."""
    assert PLACES.has("aalen")
    assert not EntryPlaces.of(["Wört"], []).has("wort")


def test_the_entries_spelling_and_the_facet_values() -> None:
    assert PLACES.spelled("Munsingen") == "Münsingen"
    assert PLACES.spelled("Rottenburg") == "Rottenburg am Neckar"
    named = {value: words for _, value, words in PLACES.values}
    assert named["Landkreis Tübingen"] == {"tubingen"}  # not "landkreis"
    assert "neckar" in named["Rottenburg am Neckar"]
    assert "münsingen" in PLACES.long_words and "am" in PLACES.words
