"""Spelling variants people type: the spelling before the 1996 reform ("daß",
"selbständig", "Schiffahrt", "Potential") and an apostrophe before an ending ("Kita's")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.german.analysis import analyze, normalize_query
from indexer.german.reform_spellings import reform_spellings
from indexer.searching import Index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"


def _found(index: Index, query: str) -> list[str]:
    return [hit.slug for hit in index.search(query, page_size=20, snippets=False).hits]


@pytest.mark.parametrize("old", ["daß", "muß", "mußte", "müßte", "sodaß", "Daß"])
def test_function_words_in_the_old_spelling_are_stop_words(old: str) -> None:
    assert analyze(old) == []


def test_a_question_in_the_old_spelling_is_searched_as_in_the_new() -> None:
    old = "Was muß ein Sportverein beachten, daß Geflüchtete mitspielen?"
    assert analyze(old) == analyze(old.replace("ß", "ss"))


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("selbständig", "selbstständig"),
        ("unselbstständigkeit", "unselbständigkeit"),
        ("schiffahrt", "schifffahrt"),
        ("schifffahrt", "schiffahrt"),
        ("potential", "potenzial"),
        ("essenziell", "essentiell"),
    ],
)
def test_reform_spellings_go_both_ways(word: str, other: str) -> None:
    assert other in reform_spellings(word)


@pytest.mark.parametrize(
    ("word", "spellings"),
    [
        ("sozial", []),  # no "n" before its "-zial"
        ("selbst", []),
        ("integration", []),
        ("kaffee", ["kafffee"]),  # tried, but no entry has such a word
    ],
)
def test_reform_spellings_change_only_the_reforms_letters(word: str, spellings: list[str]) -> None:
    assert reform_spellings(word) == spellings


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    kb = tmp_path_factory.mktemp("kb")
    shutil.copy(SHIPPED_KB / "taxonomy.yaml", kb)
    (kb / "entries").mkdir()
    bodies = {
        "schifffahrt-neckar": "Ein Ausflug mit der Schifffahrt auf dem Neckar für neue Familien.",
        "potential-ehrenamt": "Das Potential älterer Ehrenamtlicher für die Sprachförderung.",
        "kitas-eltern": "Die Kitas der Stadt laden Eltern zu einem Elterncafé ein.",
        "selbststaendig-leben": "Junge Geflüchtete lernen, selbstständig zu wohnen.",
    }
    for slug, body in bodies.items():
        (kb / "entries" / f"{slug}.md").write_text(
            "---\n"
            f'title: "{body.split(" für ")[0].rstrip(".")}"\n'
            f'summary: "{body}"\n'
            "type: Praxisbeispiel\nthemes: [Teilhabe]\nmunicipality: Mosbach\n"
            "district: Neckar-Odenwald-Kreis\nyear: 2021\n---\n\n"
            f"## Ausgangslage\n\n{body}\n",
            encoding="utf-8",
        )
    build_index(kb, kb / "index")
    return Index.open(kb / "index", kb)


@pytest.mark.parametrize(
    ("typed", "written", "slug"),
    [
        ("Schiffahrt", "Schifffahrt", "schifffahrt-neckar"),  # old spelling, entry new
        ("Potenzial Ehrenamt", "Potential Ehrenamt", "potential-ehrenamt"),  # and the reverse
        ("selbständig wohnen", "selbstständig wohnen", "selbststaendig-leben"),
    ],
)
def test_a_word_in_the_other_spelling_of_the_reform_finds_the_entries_spelling(
    index: Index, typed: str, written: str, slug: str
) -> None:
    found = _found(index, typed)
    assert found[:1] == [slug]
    assert found == _found(index, written)
    assert index.search(typed, snippets=False).suggestion == written  # "Meinten Sie"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Kita's in Mosbach", "Kitas in Mosbach"),
        ("Musikverein’s Jugendkapelle", "Musikvereins Jugendkapelle"),
        ("VHS'en im Kreis", "VHSen im Kreis"),
        ("wie geht's", "wie gehts"),
        ("O'Neill", "O'Neill"),  # no ending after it
        ("'Sprachpaten'", "'Sprachpaten'"),  # a quote, not an apostrophe
    ],
)
def test_an_apostrophe_before_an_ending_is_left_out(typed: str, read: str) -> None:
    assert normalize_query(typed) == read


def test_a_word_with_an_apostrophe_finds_what_it_finds_without(relevance_index: Index) -> None:
    # "Musikverein's" was no compound of Musik and Verein: 1 entry instead of 11
    typed = _found(relevance_index, "Musikverein's Jugendkapelle")
    assert typed == _found(relevance_index, "Musikvereins Jugendkapelle")
    assert len(typed) > 5


@pytest.mark.parametrize(
    ("typed", "written"),
    [("Kochbuch Photos Rezepte", "Kochbuch Fotos Rezepte"), ("Biographien", "Biografien")],
)
def test_a_word_with_ph_widens_as_with_f(relevance_index: Index, typed: str, written: str) -> None:
    # The index read both alike; synonyms and parts were looked up as typed ("Photos" had
    # none, "Biographien" lacked the entries' "Lebensgeschichte").
    assert _found(relevance_index, typed) == _found(relevance_index, written)
