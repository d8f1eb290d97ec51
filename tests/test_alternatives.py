"""A German "oder" between words asks for either: "Sprachpaten oder Lesepaten" finds the
entries with one of the words, as "Sprachpaten OR Lesepaten" does, not only those with
both (before: 7 entries instead of 13 on the relevance corpus)."""

from __future__ import annotations

import pytest
from whoosh.qparser import OrGroup

from indexer.querying import QueryBuilder, alternatives_as_or
from indexer.searching import Index


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Sprachpaten oder Lesepaten", "Sprachpaten OR Lesepaten"),
        ("Kita, Schule oder Verein", "Kita OR Schule OR Verein"),
        ("Kita oder Schule oder Verein", "Kita OR Schule OR Verein"),
        ("Kita bzw. Kindergarten", "Kita OR Kindergarten"),
        ("Kita beziehungsweise Kindergarten", "Kita OR Kindergarten"),
        ("Ehrenamt in der Kita oder in der Schule", "Ehrenamt in der Kita OR Schule"),
        ("Kinder oder die Eltern fördern", "Kinder OR Eltern fördern"),
        ("Helfer*innen oder Paten?", "Helfer*innen OR Paten?"),
        ("Kita ODER Schule", "Kita OR Schule"),
        ('Kita oder "Runder Tisch"', 'Kita OR "Runder Tisch"'),  # a phrase is one item
        ("„Runder Tisch“ oder Kita", '"Runder Tisch" OR Kita'),
        # Left as typed: inside quotes, no content word on one side, a NOT, a hyphen's ellipsis.
        ('"Kita oder Schule" Eltern', '"Kita oder Schule" Eltern'),
        ('Eltern "Kita oder Schule', 'Eltern "Kita oder Schule'),  # a quote left open
        ("das oder jenes", "das oder jenes"),
        ("Sprachpaten oder", "Sprachpaten oder"),
        ("oder Kita", "oder Kita"),
        ("-Kita oder Schule", "-Kita oder Schule"),
        ("Haupt- oder Ehrenamt", "Haupt- oder Ehrenamt"),
        # an operator keeps its phrase (it was 'title: "Runder Tisch"', the phrase in any field)
        ('title:"Runder Tisch"', 'title:"Runder Tisch"'),
        ('Kita -"Runder Tisch" oder Schule', 'Kita -"Runder Tisch" oder Schule'),
    ],
)
def test_words_joined_by_oder_are_alternatives(typed: str, read: str) -> None:
    assert alternatives_as_or(typed) == read


def _found(index: Index, query: str) -> tuple[int, int, list[str]]:
    result = index.search(query, page_size=100, snippets=False)
    return result.total, result.exact_total, [hit.slug for hit in result.hits]


def test_oder_finds_what_or_finds(relevance_index: Index) -> None:
    either = _found(relevance_index, "Sprachpaten oder Lesepaten")
    assert either == _found(relevance_index, "Sprachpaten OR Lesepaten")
    both = _found(relevance_index, "Sprachpaten Lesepaten")
    assert either[0] > both[0]
    # Every entry that one word alone finds well is a good match of the two.
    good = set(either[2][: either[1]])
    for word in ("Sprachpaten", "Lesepaten"):
        total, exact, slugs = _found(relevance_index, word)
        assert set(slugs[:exact]) <= good, word
    # Asked as a question, the request words are still left out.
    asked = "Gibt es Beispiele für Sprachpaten oder Lesepaten?"
    assert _found(relevance_index, asked) == either


def test_an_operator_does_not_make_a_lower_case_query_cased(relevance_index: Index) -> None:
    """A query in lower case tells nothing of its nouns, with or without an OR in capitals:
    its words get their synonyms from the thesaurus ("familie" → Eltern) either way."""
    with relevance_index.searcher() as searcher:
        builder = QueryBuilder(
            searcher.schema, relevance_index._synonyms.table(), frozenset(), searcher.reader()
        )
        with_or = builder.build("familie OR treffen", relaxed=True)
        grouped = builder.build("familie treffen", OrGroup, relaxed=True)
    assert "elt" in str(with_or)
    assert str(with_or) == str(grouped)


def _exact(index: Index, query: str) -> set[str]:
    total, exact, slugs = _found(index, query)
    return set(slugs[:exact])


def test_a_phrase_or_a_word_finds_what_either_finds(relevance_index: Index) -> None:
    """Before, Whoosh's flat OR of a phrase's and a word's fields kept the word from
    being widened: '"Runder Tisch" OR Kita' found 8 entries, fewer than "Kita" (9)."""
    either = _exact(relevance_index, '"Runder Tisch" OR Kita')
    assert _exact(relevance_index, '"Runder Tisch"') | _exact(relevance_index, "Kita") <= either
    assert _exact(relevance_index, 'Kita oder "Runder Tisch"') == either
