"""Searchers are reused between searches, never shared by two at once, and every search
sees the newest commit (`indexer.searcher_pool`, used by `Index`)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from whoosh import fields, index

from indexer.building import build_index
from indexer.searcher_pool import SearcherPool
from indexer.searching import Index

SHIPPED_KB = Path(__file__).resolve().parents[1] / "kb"


@pytest.fixture
def ix(tmp_path: Path):  # noqa: ANN201 - a Whoosh FileIndex
    whoosh_ix = index.create_in(str(tmp_path), fields.Schema(word=fields.ID(stored=True)))
    add(whoosh_ix, "eins")
    return whoosh_ix


def add(whoosh_ix, word: str) -> None:  # noqa: ANN001
    with whoosh_ix.writer() as writer:
        writer.add_document(word=word)


def test_a_searcher_given_back_is_taken_again(ix) -> None:  # noqa: ANN001
    pool = SearcherPool(ix)
    first = pool.take()
    pool.give_back(first)
    assert pool.take() is first


def test_searches_at_the_same_time_get_different_searchers(ix) -> None:  # noqa: ANN001
    pool = SearcherPool(ix, max_idle=1)
    a, b = pool.take(), pool.take()
    assert a is not b
    pool.give_back(a)
    pool.give_back(b)  # beyond max_idle: closed
    assert b.is_closed and not a.is_closed
    assert pool.take() is a


def test_a_commit_retires_the_idle_and_the_busy_searchers(ix) -> None:  # noqa: ANN001
    pool = SearcherPool(ix)
    idle, busy = pool.take(), pool.take()
    pool.give_back(idle)
    add(ix, "zwei")
    fresh = pool.take()
    assert fresh is not idle and idle.is_closed
    assert fresh.doc_count() == 2
    pool.give_back(busy)  # read the old commit: closed, not kept
    assert busy.is_closed
    pool.give_back(fresh)
    assert pool.take() is fresh


def test_closing_the_pool_closes_searchers_when_they_come_back(ix) -> None:  # noqa: ANN001
    pool = SearcherPool(ix)
    idle, busy = pool.take(), pool.take()
    pool.give_back(idle)
    pool.close()
    assert idle.is_closed and not busy.is_closed
    pool.give_back(busy)
    assert busy.is_closed


@pytest.fixture
def shipped(tmp_path: Path) -> tuple[Path, Path]:
    kb = tmp_path / "kb"
    shutil.copytree(SHIPPED_KB, kb)
    build_index(kb, tmp_path / "index")
    return kb, tmp_path / "index"


def test_searches_reuse_one_searcher_and_see_each_update(shipped: tuple[Path, Path]) -> None:
    kb, index_dir = shipped
    idx = Index.open(index_dir, kb)
    with idx.searcher() as first:
        pass
    idx.search("Ehrenamt")
    with idx.searcher() as again:
        assert again is first and not first.is_closed
    assert idx.search("Zirkusschule").exact_total == 0
    path = next((kb / "entries").glob("*.md"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("\n## ", "\nEine Zirkusschule.\n\n## ", 1),
        encoding="utf-8",
    )
    build_index(kb, index_dir)
    assert idx.search("Zirkusschule").exact_total == 1
    assert first.is_closed


def test_threads_searching_one_index_get_what_one_thread_gets(
    shipped: tuple[Path, Path],
) -> None:
    kb, index_dir = shipped
    idx = Index.open(index_dir, kb)
    queries = ["Ehrenamt", "Integration durch Arbeit", "Sprache Kinder", "Lerninsel", ""] * 8
    expected = {q: idx.search(q).to_dict() for q in set(queries)}
    failures: list[str] = []

    def run(share: list[str]) -> None:
        for query in share:
            if idx.search(query).to_dict() != expected[query]:
                failures.append(query)

    threads = [threading.Thread(target=run, args=(queries[i::6],)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_after_updates_a_long_open_index_answers_like_a_fresh_one(
    shipped: tuple[Path, Path],
) -> None:
    """Facet masks and field lengths are kept per segment across commits: after edits,
    additions and deletions, results, scores and counts equal those of an Index opened
    afresh (which reads everything anew)."""
    kb, index_dir = shipped
    warm = Index.open(index_dir, kb)
    queries = ["Ehrenamt", "Integration durch Arbeit", "Sprache Kinder", ""]
    filters = [None, {"themes": ["Arbeit"]}, {"year": ["2019", "2018"]}]
    entries = sorted((kb / "entries").glob("*.md"))
    source = entries[0].read_text(encoding="utf-8")
    steps = [
        lambda: entries[1].write_text(
            entries[1].read_text(encoding="utf-8").replace("\n## ", "\nEhrenamt Arbeit.\n\n## ", 1),
            encoding="utf-8",
        ),
        lambda: (kb / "entries" / "kopie-eins.md").write_text(source, encoding="utf-8"),
        lambda: entries[2].unlink(),
        lambda: (kb / "entries" / "kopie-zwei.md").write_text(source, encoding="utf-8"),
    ]
    for query in queries:
        warm.search(query)  # caches filled before the first update
    for step in steps:
        step()
        build_index(kb, index_dir)
        fresh = Index.open(index_dir, kb)
        for query in queries:
            for chosen in filters:
                got = warm.search(query, filters=chosen, page_size=20).to_dict()
                assert got == fresh.search(query, filters=chosen, page_size=20).to_dict()
    assert warm.search("").total == len(entries) + 1  # two copies added, one deleted
