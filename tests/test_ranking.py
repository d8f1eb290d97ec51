"""The NumPy ranking gives Whoosh's own BM25F scores for the queries the search builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.qparser import OrGroup

from indexer.building import build_index
from indexer.querying import QueryBuilder
from indexer.ranking import bool_array
from indexer.searching import Index

RELEVANCE_KB = Path(__file__).parent / "relevance" / "kb"
QUERIES = [
    "Geflüchtete",
    "Hausaufgabenhilfe Grundschule",
    "Sprachpatenschaft",
    "Teilnehmer*innen Sprachkurs",
    '"interkulturelle Öffnung"',
    "Integration NOT Arbeit",
    "bürgerschaftliches Engagement Senioren",
    "district:Enzkreis Sprachpaten",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    path = tmp_path_factory.mktemp("ranking") / "index"
    build_index(RELEVANCE_KB, path)
    return Index.open(path, RELEVANCE_KB)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("relaxed", [False, True])
def test_scores_equal_whoosh_scores(index: Index, text: str, relaxed: bool) -> None:
    searcher, table = index._searcher()
    with searcher:
        builder = QueryBuilder(searcher.schema, index._synonyms.table())
        query = builder.build(text, OrGroup, relaxed=True) if relaxed else builder.build(text)
        expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
        scores = table.ranker.scores(
            searcher.reader(),
            query,
            lambda q: bool_array(index._matching(searcher, q, table), table.size),
        )
    assert expected, text
    matched = {doc for doc in range(table.size) if scores[doc] > 0}
    assert matched == set(expected)
    for doc, score in expected.items():
        assert scores[doc] == pytest.approx(score, rel=1e-9), (text, doc)


def test_concurrent_searches_give_the_sequential_results(index: Index) -> None:
    """The app shares one Index between sessions (threads): caches must not mix readers."""
    from concurrent.futures import ThreadPoolExecutor

    queries = [*QUERIES, "Sprache", "Kita Eltern", "Ehrenamt"] * 3
    expected = {q: [h.slug for h in index.search(q).hits] for q in set(queries)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda q: (q, [h.slug for h in index.search(q).hits]), queries))
    assert all(slugs == expected[q] for q, slugs in found)
