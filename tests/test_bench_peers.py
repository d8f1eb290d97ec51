"""The benchmark's peers (bench/peers/): SQLite FTS5 and tantivy do the same work."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from generate_corpus import generate  # noqa: E402
from peers import PeerDocument, fts5, tantivy_peer  # noqa: E402
from peers.documents import PEER_FACETS, load_documents, write_layout  # noqa: E402
from peers.worker import serve  # noqa: E402

PUBLISHED = "veröffentlicht"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[PeerDocument]]:
    kb = tmp_path_factory.mktemp("peers") / "kb"
    generate(kb, 300, 7)
    return kb, load_documents(kb)


@pytest.fixture(scope="module")
def peers(
    corpus: tuple[Path, list[PeerDocument]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[fts5.Fts5Index, tantivy_peer.TantivyIndex]:
    _, documents = corpus
    root = tmp_path_factory.mktemp("indexes")
    for name, module in (("fts5", fts5), ("tantivy", tantivy_peer)):
        (root / name).mkdir()
        write_layout(root / name)
        assert module.build(root / name, documents) == len(documents)
    return fts5.Fts5Index(root / "fts5"), tantivy_peer.TantivyIndex(root / "tantivy")


def _queries(documents: list[PeerDocument]) -> list[tuple[str, dict[str, list[str]] | None]]:
    """One- and two-word queries, with no filter, one value, two values of one facet, and
    filters on two facets; the values come from the corpus so that they match something."""
    published = [d for d in documents if d.status == PUBLISHED]
    first, second = published[0], published[1]
    district = first.facets["district"][0]
    return [
        ("Sprachcafé", None),
        ("Deutschkurse ehrenamtliche", None),
        ("Teilnehmer*innen", {"themes": [first.facets["themes"][0]]}),
        ("Stadt", {"themes": ["Sprache", "Arbeit"]}),
        ("Projekt", {"themes": ["Bildung", "Sprache"], "type": ["Projekt"]}),
        ("Stadt", {"district": [district], "year": first.facets["year"]}),
        ("Angebot", {"funding": second.facets["funding"] or ["Gemeinsam in Vielfalt"]}),
        ("Kommunen", {"size": [v for d in published for v in d.facets["size"]][:2]}),
    ]


def _brute_force(
    documents: list[PeerDocument], query: str, filters: dict[str, list[str]] | None
) -> tuple[int, dict[str, dict[str, int]]]:
    """Total and disjunctive facet counts by looking at every document."""
    wanted = {fts5.term(token) for token in fts5.TOKEN.findall(query)}
    filters = filters or {}
    total = 0
    counts: dict[str, Counter[str]] = {facet: Counter() for facet in PEER_FACETS}
    for document in documents:
        terms = {fts5.term(t) for text in document.texts.values() for t in fts5.TOKEN.findall(text)}
        if document.status != PUBLISHED or not wanted <= terms:
            continue
        failed = [f for f, values in filters.items() if not set(values) & set(document.facets[f])]
        total += not failed
        for facet in PEER_FACETS:
            if not failed or failed == [facet]:
                counts[facet].update(document.facets[facet])
    return total, {facet: dict(c) for facet, c in counts.items() if c}


def test_peers_agree_with_each_other_and_fts5_with_brute_force(
    corpus: tuple[Path, list[PeerDocument]],
    peers: tuple[fts5.Fts5Index, tantivy_peer.TantivyIndex],
) -> None:
    _, documents = corpus
    sqlite, tantivy = peers
    for query, filters in _queries(documents):
        ours = sqlite.search(query, filters)
        theirs = tantivy.search(query, filters)
        assert ours.total > 0, (query, filters)
        assert (ours.total, ours.facets) == (theirs.total, theirs.facets), (query, filters)
        assert (ours.total, ours.facets) == _brute_force(documents, query, filters)
        assert len(ours.hits) == len(theirs.hits) == min(10, ours.total)


def test_snippets_mark_the_original_words_that_match(
    peers: tuple[fts5.Fts5Index, tantivy_peer.TantivyIndex],
) -> None:
    """FTS5 indexes stems but shows the original text: the positions must line up."""
    for index in peers:
        outcome = index.search("Deutschkurse ehrenamtliche")
        for _, snippet in outcome.hits:
            marked = re.findall(r"<mark>(.*?)</mark>", snippet)
            assert marked, snippet
            assert {fts5.term(word) for word in marked} <= {"deutschkurs", "ehrenamt"}, snippet


def test_python_tokens_line_up_with_unicode61_and_tantivy(
    corpus: tuple[Path, list[PeerDocument]],
) -> None:
    """FTS5's `TOKEN` splits as unicode61 does, and its stems are tantivy's German stems:
    the two preconditions for equal results."""
    _, documents = corpus
    texts = [text for d in documents[:100] for text in d.texts.values() if text]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", enumerate(texts, 1))
    counts = dict(db.execute("SELECT doc, count(*) FROM v GROUP BY doc"))
    analyzer = tantivy_peer.analyzer()
    for number, text in enumerate(texts, 1):
        assert counts.get(number, 0) == len(fts5.TOKEN.findall(text)), text
        assert fts5.stemmed(text).split() == analyzer.analyze(text), text


def test_an_update_is_findable_in_both_peers(
    corpus: tuple[Path, list[PeerDocument]], tmp_path: Path
) -> None:
    _, documents = corpus
    for name, module in (("fts5", fts5), ("tantivy", tantivy_peer)):
        (tmp_path / name).mkdir()
        write_layout(tmp_path / name)
        module.build(tmp_path / name, documents[:30])
    old = next(d for d in documents[:30] if d.status == PUBLISHED)
    body = old.texts["body"] + "\nNeu ist der Quarkbrezeltreff."
    new = PeerDocument(old.slug, old.status, {**old.texts, "body": body}, old.facets)
    results = []
    for index in (
        fts5.Fts5Index(tmp_path / "fts5"),
        tantivy_peer.TantivyIndex(tmp_path / "tantivy"),
    ):
        before = index.search("Stadt").total
        index.replace(new)
        found = index.search("Quarkbrezeltreff")
        assert [slug for slug, _ in found.hits] == [old.slug]
        assert index.search("Stadt").total == before  # replaced, not added
        results.append(found.facets)
    assert results[0] == results[1]


def test_worker_protocol_builds_opens_searches_and_quits(
    corpus: tuple[Path, list[PeerDocument]], tmp_path: Path
) -> None:
    kb, _ = corpus
    requests = [
        {"op": "build", "kb": str(kb), "index": str(tmp_path / "fts5")},
        {"op": "open", "kb": str(kb), "index": str(tmp_path / "fts5")},
        {"op": "search", "query": "Sprachcafé", "filters": {"themes": ["Sprache"]}},
        {"op": "memory"},
        {"op": "quit"},
    ]
    replies = io.StringIO()
    serve("fts5", io.StringIO("".join(json.dumps(r) + "\n" for r in requests)), replies)
    built, opened, searched, memory, quit_ = map(json.loads, replies.getvalue().splitlines())
    assert "error" not in built, built.get("error")
    assert built["docs"] == 300 and built["seconds"] > 0 and built["load"] > 0
    assert opened["rss"] > 0 and memory["peak_rss"] >= memory["rss"]
    assert searched["outcome"]["total"] > 0
    assert quit_ == {}
