"""The NumPy ranking: the documents Whoosh matches, scored with BM25F as written down here."""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from whoosh.qparser import OrGroup
from whoosh.query import Or, Term

from indexer.building import build_index
from indexer.evaluation import load_queries
from indexer.querying import QueryBuilder
from indexer.ranking import (
    COVERAGE_POWER,
    K1,
    B,
    Coordinated,
    Emphasised,
    Ranker,
    UnsupportedQuery,
    Word,
    bool_array,
    top,
)
from indexer.schema import SEARCH_FIELDS
from indexer.searching import WEAK_LIMIT, WEAK_SHARE, Index, SearchResult, _title_phrases, _words

RELEVANCE_KB = Path(__file__).parent / "relevance" / "kb"
QUERIES_FILE = RELEVANCE_KB.parent / "queries.yaml"
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


def _scores(index: Index, query: object) -> list[float]:
    with index._checkout() as (searcher, table):
        return list(
            table.ranker.scores(
                searcher.reader(),
                query,
                lambda q: bool_array(index._matching(searcher, q, table), table.size),
            )
        )


def _reference_bm25f(
    index: Index, word: str, fields: dict[str, float] = SEARCH_FIELDS
) -> dict[int, float]:
    """BM25F of one analysed word over `fields` (name → weight), written out document by
    document from the postings and field lengths."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        count = reader.doc_count_all()
        weighted: dict[int, float] = defaultdict(float)
        for field, weight in fields.items():
            if (field, word.encode()) not in reader:
                continue
            average = reader.field_length(field) / count
            postings = reader.postings(field, word)
            while postings.is_active():
                doc, frequency = postings.id(), postings.weight()
                length = reader.doc_field_length(doc, field, 0)
                weighted[doc] += weight * frequency / ((1 - B) + B * length / average)
                postings.next()
        idf = math.log(count / (len(weighted) + 1)) + 1
        return {doc: idf * t * (K1 + 1) / (K1 + t) for doc, t in weighted.items()}


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("relaxed", [False, True])
def test_ranked_documents_are_those_whoosh_matches(index: Index, text: str, relaxed: bool) -> None:
    with index._checkout() as (searcher, table):
        builder = QueryBuilder(searcher.schema, index._synonyms.table())
        query = builder.build(text, OrGroup, relaxed=True) if relaxed else builder.build(text)
        expected = {hit.docnum for hit in searcher.search(query, limit=None)}
    scores = _scores(index, query)
    assert expected, text
    assert {doc for doc, score in enumerate(scores) if score > 0} == expected


@pytest.fixture(scope="module")
def updated_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The relevance kb indexed, opened, then changed twice: several segments, with one
    deleted document, and field lengths cached per segment before the changes."""
    root = tmp_path_factory.mktemp("ranking_updated")
    kb, path = root / "kb", root / "index"
    shutil.copytree(RELEVANCE_KB, kb)
    build_index(kb, path)
    index = Index.open(path, kb)
    _scores(index, Or([Term(field, "ehrenamt") for field in SEARCH_FIELDS]))
    entries = sorted((kb / "entries").glob("*.md"))
    for number, entry in enumerate(entries[:2]):
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text + f"\nEhrenamt und Schule, Runde {number}.\n", encoding="utf-8")
        build_index(kb, path)
    with index.searcher() as searcher:
        assert len(list(searcher.reader().leaf_readers())) > 1
        assert searcher.reader().doc_count() < searcher.reader().doc_count_all()
    return index


@pytest.mark.parametrize("updated", [False, True], ids=["built", "updated"])
@pytest.mark.parametrize("word", ["geflucht", "sprachkur", "ehrenamt", "schul"])
def test_a_word_in_several_fields_scores_bm25f(
    index: Index, updated_index: Index, word: str, updated: bool
) -> None:
    index = updated_index if updated else index
    query = Or([Term(field, word, boost=weight) for field, weight in SEARCH_FIELDS.items()])
    expected = _reference_bm25f(index, word)
    scores = _scores(index, query)
    assert expected, word
    assert {doc for doc, score in enumerate(scores) if score > 0} == set(expected)
    for doc, score in expected.items():
        assert scores[doc] == pytest.approx(score, rel=1e-9), (word, doc)


def test_a_single_field_term_scores_bm25_times_its_boost(index: Index) -> None:
    """Field queries ("district:…") and feedback words: the boost scales the score."""
    expected = _reference_bm25f(index, "ehrenamt", {"body": 1.0})
    scores = _scores(index, Term("body", "ehrenamt", boost=0.3))
    assert expected
    for doc, score in expected.items():
        assert scores[doc] == pytest.approx(0.3 * score, rel=1e-9)


def test_one_word_is_worth_at_most_its_idf_however_often_it_appears(index: Index) -> None:
    """BM25F saturates once per word, not once per field: the point of using it."""
    query = Or([Term(field, "geflucht", boost=weight) for field, weight in SEARCH_FIELDS.items()])
    scores = _scores(index, query)
    matched = sum(1 for score in scores if score > 0)
    with index.searcher() as searcher:
        count = searcher.reader().doc_count_all()
    ceiling = (math.log(count / (matched + 1)) + 1) * (K1 + 1)
    assert max(scores) < ceiling
    per_field = [
        _scores(index, Term(field, "geflucht", boost=w)) for field, w in SEARCH_FIELDS.items()
    ]
    summed = [sum(column) for column in zip(*per_field, strict=True)]
    assert max(summed) > ceiling  # scoring fields apart would exceed it


def test_coordinated_scales_by_the_idf_weighted_coverage(index: Index) -> None:
    """Coordination: Σ idf of the words a document matches / Σ idf of all, squared; a rare
    word missing costs more than a frequent one."""
    words = [
        Or([Term(field, word, boost=weight) for field, weight in SEARCH_FIELDS.items()])
        for word in ("sprachkur", "mutt", "geflucht")
    ]
    plain = _scores(index, Or(words))
    coordinated = _scores(index, Coordinated(words))
    per_word = [[score > 0 for score in _scores(index, word)] for word in words]
    size = len(plain)
    idf = [math.log(size / (sum(matched) + 1)) + 1 for matched in per_word]
    assert len(set(idf)) == 3  # the words differ in how specific they are
    coverages = [
        sum(w for w, matched in zip(idf, column, strict=True) if matched) / sum(idf)
        for column in zip(*per_word, strict=True)
    ]
    assert len({c for c in coverages if c}) >= 3  # some match more (or rarer) words
    for doc, coverage in enumerate(coverages):
        assert coordinated[doc] == pytest.approx(plain[doc] * coverage**COVERAGE_POWER, rel=1e-9)


def test_an_everyday_word_counts_by_its_weight_in_score_and_coverage(index: Index) -> None:
    """A `Word` of weight w ("helfen" in a question) adds w × its score and w × its idf to
    what a document covers: missing it costs that much less."""
    fields = SEARCH_FIELDS.items()
    topic = Or([Term(field, "sprachkur", boost=weight) for field, weight in fields])
    verb = Word(
        [Or([Term(field, "geflucht", boost=weight) for field, weight in fields])], weight=0.4
    )
    coordinated = _scores(index, Coordinated([topic, verb]))
    per_word = [_scores(index, topic), _scores(index, verb)]
    size = len(coordinated)
    idf = [math.log(size / (sum(s > 0 for s in scores) + 1)) + 1 for scores in per_word]
    shares = [idf[0], idf[1] * 0.4]
    only_topic = 0
    for doc in range(size):
        matched = [scores[doc] > 0 for scores in per_word]
        coverage = sum(share for share, m in zip(shares, matched, strict=True) if m) / sum(shares)
        plain = per_word[0][doc] + 0.4 * per_word[1][doc]
        assert coordinated[doc] == pytest.approx(plain * coverage**COVERAGE_POWER, rel=1e-9)
        only_topic += matched == [True, False]
    assert only_topic  # some documents lack the everyday word: its weight is what they miss


def test_concurrent_searches_give_the_sequential_results(index: Index) -> None:
    """The app shares one Index between sessions (threads): caches must not mix readers."""
    from concurrent.futures import ThreadPoolExecutor

    queries = [*QUERIES, "Sprache", "Kita Eltern", "Ehrenamt"] * 3
    expected = {q: [h.slug for h in index.search(q).hits] for q in set(queries)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(lambda q: (q, [h.slug for h in index.search(q).hits]), queries))
    assert all(slugs == expected[q] for q, slugs in found)


def test_a_strong_match_lacking_a_frequent_word_is_a_result_and_first(tmp_path: Path) -> None:
    """ "Sprachkurs für Mütter im Dorf": the one entry about Sprachkurse for Mütter lacks only
    "Dorf", a word most entries have; it counts as a result and ranks above entries that
    have "Dorf" alone."""
    import shutil

    from indexer.building import build_index

    kb = tmp_path / "kb"
    (kb / "entries").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[1] / "kb" / "taxonomy.yaml", kb / "taxonomy.yaml")
    texts = {"sprachkurs-muetter": ("Sprachkurs für Mütter", "Ein Sprachkurs für Mütter.")}
    for number in range(7):
        texts[f"dorf-{number}"] = (f"Projekt {number}", f"Ein Treffpunkt im Dorf, Nummer {number}.")
    for slug, (title, summary) in texts.items():
        (kb / "entries" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nsummary: {summary}\ntype: Projekt\nthemes: [Sprache]\n"
            f"municipality: Ulm\ndistrict: Ulm\nyear: 2020\n---\n\n{summary}\n",
            encoding="utf-8",
        )
    build_index(kb, tmp_path / "index")
    result = Index.open(tmp_path / "index", kb).search("Sprachkurs für Mütter im Dorf")
    assert result.hits[0].slug == "sprachkurs-muetter"
    assert result.exact_total == 1  # the one good match; the "Dorf" entries are weak ones
    assert result.relaxed


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Index:
    from indexer.building import build_index

    kb = Path(__file__).resolve().parents[1] / "kb"
    where = tmp_path_factory.mktemp("shipped")
    build_index(kb, where)
    return Index.open(where, kb)


def test_the_mission_query_puts_the_conference_about_it_first(shipped: Index) -> None:
    """ "Integration durch Arbeit im ländlichen Raum": the Gundelsheim conference, whose
    title is "Integration durch Arbeit", comes first, although it lacks "ländlich" and
    "Raum", which four other entries mention in passing."""
    result = shipped.search("Integration durch Arbeit im ländlichen Raum")
    assert result.hits[0].slug == "regionalkonferenz-gundelsheim-2018-integration-durch-arbeit"
    assert result.exact_total < 8  # the count means something: not the whole knowledge base


def test_a_title_counts_when_the_words_are_one_synonym_phrase(relevance_index: Index) -> None:
    """ "Integration durch Arbeit" is read as one synonym phrase (the group of
    "Integration in Arbeit"), which took it past the title emphasis: the Jobpaten, tagged
    "Arbeitsmarktintegration", came before the conference of that title."""
    result = relevance_index.search("Integration durch Arbeit")
    assert result.hits[0].slug == "konferenz-integration-arbeit-laendlicher-raum"


def test_title_phrases_multiply_and_admit(shipped: Index) -> None:
    phrases = _title_phrases("Integration durch Arbeit im ländlichen Raum")
    assert [tuple(p.words) for p in phrases] == [
        ("integration", "arbeit"),
        ("arbeit", "landlich"),
        ("landlich", "raum"),
    ]


@pytest.mark.parametrize("seed", range(20))
def test_top_gives_what_a_full_sort_gives(seed: int) -> None:
    """`top` sorts only the candidates that can reach the requested places."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 400))
    candidates = np.flatnonzero(rng.random(size) < 0.7)
    keys = [
        -rng.integers(2015, 2020, size).astype(float),  # few values: many ties
        -np.round(rng.random(size), 1),
    ][: 1 + seed % 2]
    full = [
        int(d)
        for d in candidates[np.lexsort([candidates, *[k[candidates] for k in reversed(keys)]])]
    ]
    for start, end in [(0, 10), (10, 20), (0, 1), (5, 500), (0, len(candidates)), (3, 3)]:
        assert top(candidates, keys, start, end) == full[start:end]


def _all_hits(index: Index, text: str) -> tuple[SearchResult, list]:
    first = index.search(text, page_size=100)
    hits = list(first.hits)
    for page in range(2, first.pages + 1):
        hits += index.search(text, page=page, page_size=100).hits
    return first, hits


@pytest.mark.parametrize("query", load_queries(QUERIES_FILE), ids=lambda q: q.id)
def test_weak_matches_are_a_page_and_the_strong_rest(index: Index, query) -> None:
    """Weak matches are related examples, not the rest of the knowledge base: beyond the
    strongest page of them, only those scoring a quarter of the best one follow, so no
    query of the relevance set lists more than half of its entries."""
    result, hits = _all_hits(index, query.query)
    assert len(hits) == result.total < index.search("").total / 2 + WEAK_LIMIT
    weak = [hit.score for hit in hits[result.exact_total :]] if result.relaxed else []
    assert all(score >= WEAK_SHARE * max(weak) for score in weak[WEAK_LIMIT:])


class _Everywhere(Ranker):
    """The ranking as it was: coverage over every document, not just those a query reaches."""

    def _support(self, reader: object, query: object, match: object) -> np.ndarray:
        return np.arange(self.size)


def _forget_last(ranker: Ranker) -> Ranker:
    """The ranker without its last results (its term and word caches stay)."""
    ranker._last_scores = ()
    ranker._last_coverage = ()
    return ranker


@pytest.mark.parametrize("updated", [False, True], ids=["built", "updated"])
def test_candidates_score_bit_for_bit_as_over_all_documents(
    index: Index, updated_index: Index, updated: bool
) -> None:
    """Scores and coverage computed for some documents only are exactly (to the last bit)
    those computed over every document: each document's arithmetic is the same, and the
    idf counts come from all postings (deleted documents too, as before)."""
    index = updated_index if updated else index
    rng = np.random.default_rng(1)
    judged = load_queries(QUERIES_FILE)[::3]  # a third of them: every kind, a few seconds
    texts = [*QUERIES, *(query.query for query in judged)]
    with index._checkout() as (searcher, table):
        reader, match = searcher.reader(), index._matcher(searcher, table)
        builder = QueryBuilder(
            searcher.schema,
            index._synonyms.table(),
            table.places().long_words,
            reader,
            table.parsed,
        )
        reference = _Everywhere(table.size, table.segments)
        ranker = Ranker(table.size, table.segments)
        checked = 0
        for text in texts:
            exact = builder.build(text)
            queries = [exact, builder.build(text, OrGroup, relaxed=True)]
            if (words := _words(exact)) is not None:
                queries += [words, Emphasised([words, *_title_phrases(text)])]
            for query in queries:
                try:
                    full = _forget_last(reference).scores(reader, query, match)
                except UnsupportedQuery:
                    continue
                subsets = [
                    np.flatnonzero(full > 0),
                    np.flatnonzero(rng.random(table.size) < 0.3),
                    np.arange(table.size),
                    np.empty(0, np.int64),
                ]
                for candidates in subsets:
                    scores = _forget_last(ranker).scores(reader, query, match, candidates)
                    assert scores.tobytes() == full[candidates].tobytes(), text
                if isinstance(query, Coordinated):
                    coverage = _forget_last(ranker).coverage(reader, query, match)
                    dense = np.zeros(table.size)
                    dense[coverage.docs] = coverage.values
                    expected = _forget_last(reference).coverage(reader, query, match).values
                    assert dense.tobytes() == expected.tobytes(), text
                checked += 1
    assert checked > 2 * len(texts)
