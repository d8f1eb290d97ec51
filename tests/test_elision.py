"""Compounds that share a part written with a hyphen ("Haupt- und Ehrenamt")."""

from __future__ import annotations

import time

import pytest

from indexer.german.elision import MAX_COMPLETED, completed_compounds
from indexer.searching import Index


@pytest.mark.parametrize(
    ("text", "completed"),
    [
        ("Haupt- und Ehrenamt", ["Hauptamt"]),
        ("Kinder- und Jugendbüro", ["Kinderbüro"]),
        ("Menschen mit Migrations- oder Fluchtgeschichte", ["Migrationsgeschichte"]),
        ("Haus- und Grundbesitzerverein", ["Hausbesitzerverein"]),  # the first part replaced
        ("Haupt- und Ehrenamtlichen", ["Hauptamtlichen"]),  # no compound of nouns
        ("Auf- und Ausbau", ["Aufbau"]),
        ("Kurse für Eltern - und Kinder", []),  # a dash between words
        ("Haupt-Ehrenamt", []),
        # a list: each word before the last is completed too
        ("Musik-, Gesang- und Trachtenvereine", ["Musikvereine", "Gesangvereine"]),
        ("Kinder-, Jugend- oder Familienzentrum", ["Kinderzentrum", "Jugendzentrum"]),
        # "Freizeit" is one word: "frei" is no noun the first word replaces
        ("Sport- und Freizeitangebote", ["Sportangebote"]),
    ],
)
def test_the_shared_part_completes_the_first_word(text: str, completed: list[str]) -> None:
    assert completed_compounds(text) == completed


def test_a_long_text_adds_few_words_quickly() -> None:
    text = "Haupt- und Ehrenamt, Kinder- und Jugendbüro. " * 20_000
    started = time.perf_counter()
    found = completed_compounds(text)
    assert time.perf_counter() - started < 5
    assert found == ["Hauptamt", "Kinderbüro"] and len(found) <= MAX_COMPLETED


def test_a_long_list_of_hyphenated_words_is_read_in_linear_time() -> None:
    """A pattern for the whole list took 22 s on 16,000 "Abc-," (quadratic); a hostile
    document must not stall a build."""
    text = "Abc-, " * 20_000 + "Kultur- und Freizeitangebote"
    started = time.perf_counter()
    found = completed_compounds(text)
    assert time.perf_counter() - started < 5
    assert found == ["Abcangebote", "Kulturangebote"]


def test_a_completed_compound_finds_the_entry(relevance_index: Index) -> None:
    """ "Hauptamt und Ehrenamt" said that no entry has „Hauptamt“, though ten entries say
    "Haupt- und Ehrenamt"; what is shown stays as written."""
    result = relevance_index.search("Hauptamt", page_size=50)
    found = {hit.slug for hit in result.hits[: result.exact_total]}
    assert "konferenz-haupt-und-ehrenamt-stuttgart" in found
    assert not any("Hauptamt" in notice for notice in result.notices)
    entry = relevance_index.get("konferenz-haupt-und-ehrenamt-stuttgart")
    assert entry is not None and not entry.markdown.rstrip().endswith("Hauptamt")
    hit = next(h for h in result.hits if h.slug == "konferenz-haupt-und-ehrenamt-stuttgart")
    assert not hit.fields.get("body", "").rstrip().endswith("Hauptamt")
