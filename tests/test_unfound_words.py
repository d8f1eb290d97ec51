"""A word no entry has does not leave a query empty: "Sprachförderung Kita" on a
knowledge base without Kitas finds what "Sprachförderung" finds, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from small_kb import index_of

from indexer.evaluation import load_queries
from indexer.german.analysis import STOP_WORDS
from indexer.searching import Index

RELEVANCE = Path(__file__).resolve().parent / "relevance"
# Words of no language: no entry has them, in any form, part or close spelling.
UNFOUND = ("Xylofrumpel", "Qwartzibu", "Plonkterix", "Zwurbelmix")


def _slugs(index: Index, query: str, filters: dict) -> tuple[int, list[str]]:
    result = index.search(query, filters=filters, page_size=20, snippets=False)
    return result.total, [hit.slug for hit in result.hits]


def test_words_no_entry_has_leave_the_rest_of_the_query_searched(
    relevance_index: Index,
) -> None:
    """Every judged query with four such words appended finds what it finds without
    them, in the same order, and says so; before, 42 of the first 102 found nothing, and
    those that found something through their other words ranked them otherwise (the
    words no entry has counted against every entry's coverage) and did not say so."""
    left_out = considered = 0
    for query in load_queries(RELEVANCE / "queries.yaml"):
        if '"' in query.query:
            continue
        considered += 1
        typed = " ".join([query.query, *UNFOUND])
        result = relevance_index.search(typed, filters=query.filters, page_size=20)
        assert result.total, typed
        if any(all(f"„{word}“" in notice for word in UNFOUND) for notice in result.notices):
            left_out += 1
            assert _slugs(relevance_index, typed, query.filters) == _slugs(
                relevance_index, query.query, query.filters
            ), typed
    assert left_out == considered


def test_a_real_word_no_entry_has_is_named_and_left_out(relevance_index: Index) -> None:
    """ "schwangere Migrantinnen": no entry says "schwanger"; the entries on Migrantinnen
    are found, and the notice says which word was left out (before, none did)."""
    result = relevance_index.search("schwangere Migrantinnen", page_size=20)
    assert result.notices == (
        "„schwangere“ kommt in keinem Beispiel vor: Gezeigt werden die Treffer ohne dieses Wort.",
    )
    assert _slugs(relevance_index, "schwangere Migrantinnen", {}) == _slugs(
        relevance_index, "Migrantinnen", {}
    )


def test_the_notice_names_the_words_left_out(relevance_index: Index) -> None:
    result = relevance_index.search("Sprachpaten Xylofrumpel Qwartzibu Plonkterix Zwurbelmix")
    assert result.notices == (
        "„Xylofrumpel“, „Qwartzibu“, „Plonkterix“ und „Zwurbelmix“ kommen in keinem "
        "Beispiel vor: Gezeigt werden die Treffer ohne diese Wörter.",
    )
    assert result.total == relevance_index.search("Sprachpaten").total


@pytest.mark.parametrize(
    "typed",
    [
        "Sprachpaten +Xylofrumpel Qwartzibu Plonkterix Zwurbelmix",  # syntax: as typed
        '"Sprachpaten Xylofrumpel" Qwartzibu Plonkterix Zwurbelmix',
        "Xylofrumpel Qwartzibu",  # no word is found: nothing is left to search
    ],
)
def test_a_query_with_syntax_or_no_found_word_keeps_finding_nothing(
    relevance_index: Index, typed: str
) -> None:
    result = relevance_index.search(typed)
    assert result.total == 0
    assert not any("keinem Beispiel" in notice for notice in result.notices)


def test_drafts_do_not_count_as_having_a_word(tmp_path: Path) -> None:
    """A word only a draft has is left out of the public search as if no entry had it."""
    index = index_of(
        tmp_path,
        [
            ("sprachpaten-aalen", "Sprachpaten in Aalen", "veröffentlicht", "Sprachpaten lesen."),
            ("entwurf-zwurbelmix", "Zwurbelmix im Entwurf", "entwurf", "Zwurbelmix."),
        ],
    )
    typed = "Sprachpaten Zwurbelmix Xylofrumpel Qwartzibu Plonkterix"
    public = index.search(typed)
    assert [hit.slug for hit in public.hits] == ["sprachpaten-aalen"]
    assert public.notices == (
        "„Zwurbelmix“, „Xylofrumpel“, „Qwartzibu“ und „Plonkterix“ kommen in keinem "
        "Beispiel vor: Gezeigt werden die Treffer ohne diese Wörter.",
    )
    assert public.facets["themes"] == {"Sprache": 1}
    curators = index.search(typed, include_drafts=True)
    assert "entwurf-zwurbelmix" in [hit.slug for hit in curators.hits]
    assert not any("Zwurbelmix" in notice for notice in curators.notices)
    # Found through its other word, the query names the draft's word as missing too.
    public = index.search("Sprachpaten Zwurbelmix")
    assert [hit.slug for hit in public.hits] == ["sprachpaten-aalen"]
    assert public.notices == (
        "„Zwurbelmix“ kommt in keinem Beispiel vor: Gezeigt werden die Treffer ohne dieses Wort.",
    )


@pytest.mark.parametrize("typed", ["Fuss Ball", "Fuss Ball Verein", "Fuss Ball Xylofrumpel"])
def test_a_compound_typed_apart_is_no_pair_of_missing_words(
    relevance_index: Index, typed: str
) -> None:
    """ "Fuss Ball" is searched as "Fußball": its pieces, which no entry has alone, are not
    left out (left out, nothing was searched and every entry came back unranked)."""
    result = relevance_index.search(typed)
    assert result.hits[0].slug == "fussball-fuer-alle-pforzheim"
    assert not any("„Fuss“" in notice or "„Ball“" in notice for notice in result.notices)


def test_a_draft_with_a_compound_changes_nothing_public_about_its_parts(tmp_path: Path) -> None:
    """An entry with a compound's parts apart is a related one when some entry has the
    compound, a match when none has: a draft's compound must not decide that for the
    public search (it would tell that a draft has the word)."""
    index = index_of(
        tmp_path,
        [
            ("treff-aalen", "Treff in Aalen", "veröffentlicht", "Sprache üben im Café am Markt."),
            ("entwurf-sprachcafe", "Entwurf", "entwurf", "Ein Sprachcafé in der Bücherei."),
        ],
    )
    public = index.search("Sprachcafé")
    assert [hit.slug for hit in public.hits] == ["treff-aalen"] and public.exact_total == 1
    curators = index.search("Sprachcafé", include_drafts=True)
    assert [hit.slug for hit in curators.hits] == ["entwurf-sprachcafe", "treff-aalen"]
    assert curators.exact_total == 1  # the parts apart: related, as the draft has the word


def test_a_missing_word_is_named_without_its_punctuation(relevance_index) -> None:
    """ "„ansteht?“ kommt in keinem Beispiel vor" named the word with the question mark."""
    result = relevance_index.search("Sport Xylophon?")
    assert result.notices == (
        "„Xylophon“ kommt in keinem Beispiel vor: Gezeigt werden die Treffer ohne dieses Wort.",
    )


def test_a_word_of_a_synonym_phrase_is_not_missing(relevance_index: Index) -> None:
    """ "Europäische" alone is in no entry, but "Europäische Union" is the group of "EU":
    the word was dropped as missing and "Union" searched alone."""
    phrase = relevance_index.search("Europäische Union", page_size=20)
    short = relevance_index.search("EU", page_size=20)
    assert not phrase.notices
    # the good matches alike; the weak ones may also have the phrase's words apart
    good = phrase.exact_total
    assert good == short.exact_total > 0
    assert [h.slug for h in phrase.hits[:good]] == [h.slug for h in short.hits[:good]]


def test_function_words_are_not_named_as_missing(relevance_index: Index) -> None:
    """ "An wen wenden sich kleine Betriebe" said that no entry has „wen“; "bevor" and
    "untereinander" likewise: words that carry no topic are left out silently."""
    for typed, word in (
        ("An wen wenden sich kleine Betriebe", "wen"),
        ("Sprachkurs bevor die Kinder kommen", "bevor"),
        ("Eltern vernetzen sich untereinander", "untereinander"),
        # "weder … noch", "solange": named as missing by a probe of sentences
        ("weder Kita noch Schule haben Plätze", "weder"),
        ("Geflüchtete wohnen in der Halle, solange es keine Wohnung gibt", "solange"),
    ):
        notices = " ".join(relevance_index.search(typed).notices)
        assert f"„{word}“" not in notices, typed


def test_a_declined_word_of_the_word_list_is_no_typo(relevance_index: Index) -> None:
    """ "eingeschlafenes Stadtfest" was offered as „eingeschlafenles Stadtfest“ (a compound
    pieced together); a typo still gets its suggestion."""
    assert relevance_index.search("ein eingeschlafenes Stadtfest beleben").suggestion is None
    assert relevance_index.search("Ehremamtliche").suggestion == "Ehrenamtliche"


def test_a_typo_the_index_reads_as_the_word_is_still_offered(relevance_index: Index) -> None:
    """Snowball stems "Burgfets" as "Burgfest" ("burgf"): the festival was found, but no
    spelling was offered and the notice named the typo. A correct word's other ending
    is no typo ("Integrationskursen")."""
    assert relevance_index.search("Burgfets").suggestion == "Burgfest"
    assert relevance_index.search("interkulturells Kochbuch").suggestion == (
        "interkulturelles Kochbuch"
    )
    assert relevance_index.search("Integrationskursen").suggestion is None


def test_a_query_of_only_common_words_says_why_it_finds_nothing(
    relevance_index: Index,
) -> None:
    """ "für alle", "und", "mit und ohne" in quotes: the index keeps no such words, so
    nothing is found; before, the search said nothing about why. Every tenth stop word
    alone, and pairs of them typed or quoted, ask for a key word; a query with one
    key word among them finds entries and asks for nothing."""
    common = sorted(word for word in STOP_WORDS if word.isalpha())[::10]
    typed = [*common, "für alle", '"für alle"', '"mit und ohne"', "Für Alle?"]
    for query in typed:
        result = relevance_index.search(query, page_size=5, snippets=False)
        assert result.total == 0, query
        assert any("zu häufig" in notice and "Stichwort" in notice for notice in result.notices), (
            query
        )
    assert "„für“ und „alle“ sind zu häufige Wörter" in " ".join(
        relevance_index.search('"für alle"').notices
    )
    result = relevance_index.search("Fußball für alle", page_size=5, snippets=False)
    assert result.total and not any("zu häufig" in notice for notice in result.notices)


def test_a_place_and_a_word_no_entry_has_find_the_place(relevance_index: Index) -> None:
    """With the word left out only the town is left: read as the town alone, its
    entries first (a word without a broader term must not end the search there)."""
    result = relevance_index.search("Xyzzy Ulm")
    assert result.hits[0].slug == "integrationskurse-wartelisten-ulm"
    assert result.topic == "Ulm"
    assert any("„Xyzzy“ kommt in keinem Beispiel vor" in n for n in result.notices)
