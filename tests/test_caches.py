"""The search's caches stay within their memory budget; document sets from NumPy arrays
equal those built one number at a time; counting many intersections at once with NumPy
equals counting them one by one."""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pytest

from indexer import docsets
from indexer.bounded_cache import BoundedCache
from indexer.snippets import Tokens


def test_the_least_recently_used_entries_go_beyond_the_budget() -> None:
    cache: BoundedCache[bytes] = BoundedCache(100, len)
    computed: list[str] = []

    def value(key: str, size: int):  # noqa: ANN202
        return lambda: computed.append(key) or b"x" * size

    for key in "abc":
        cache.get(key, value(key, 30))
    cache.get("a", value("a", 30))  # used again: now the most recent
    cache.get("d", value("d", 30))  # 120 bytes: "b", the least recent, goes
    assert cache.used == 90 and len(cache) == 3
    cache.get("a", value("a", 30))
    cache.get("b", value("b", 30))
    assert computed == ["a", "b", "c", "d", "b"]


def test_a_value_larger_than_the_budget_is_returned_but_not_kept() -> None:
    cache: BoundedCache[bytes] = BoundedCache(10, len)
    assert cache.get("big", lambda: b"y" * 50) == b"y" * 50
    assert len(cache) == 0 and cache.used == 0


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 100, 10_001])
def test_a_set_from_an_array_equals_one_from_numbers(size: int) -> None:
    rng = random.Random(size)
    for _ in range(20):
        docs = sorted(rng.sample(range(size), rng.randint(0, size)))
        array = np.asarray(docs, dtype=np.int64)
        assert docsets.from_array(array, size) == docsets.from_docnums(docs, size)


@pytest.mark.parametrize("size", [1, 63, 64, 65, 1000, 10_007])
@pytest.mark.parametrize("density", [0.0, 0.001, 0.3, 1.0])
def test_intersections_count_what_bit_count_counts(size: int, density: float) -> None:
    rng = random.Random(size)
    sets = [
        docsets.from_docnums([d for d in range(size) if rng.random() < p], size)
        for p in (0.0, 0.01, 0.5, 0.99, 1.0)
    ]
    mask = docsets.from_docnums([d for d in range(size) if rng.random() < density], size)
    intersections = docsets.Intersections(sets, size)
    assert intersections.counts(mask).tolist() == [(mask & s).bit_count() for s in sets]
    assert intersections.counts(mask, slice(1, 3)).tolist() == [
        (mask & s).bit_count() for s in sets[1:3]
    ]


@pytest.mark.parametrize("size", [1, 64, 1000, 10_007])
@pytest.mark.parametrize("density", [0.0, 0.001, 0.05, 0.3, 1.0])
def test_intersections_of_single_valued_groups_count_what_bit_count_counts(
    size: int, density: float
) -> None:
    """Rows of a group without a document in two of them (a single-valued facet) are
    counted from the set's documents when that is cheaper: the counts are the same."""
    rng = random.Random(size + int(density * 1000))
    values = [rng.randrange(12) for _ in range(size)]  # 0…9: one of ten rows, else none
    single = [
        docsets.from_docnums([d for d in range(size) if values[d] == v], size) for v in range(10)
    ]
    overlapping = [
        docsets.from_docnums([d for d in range(size) if rng.random() < 0.4], size) for _ in range(3)
    ]
    sets = [*single, *overlapping, single[0]]
    groups = [slice(0, 10), slice(10, 13), slice(13, 14)]
    intersections = docsets.Intersections(sets, size, groups)
    mask = docsets.from_docnums([d for d in range(size) if rng.random() < density], size)
    expected = [(mask & s).bit_count() for s in sets]
    assert intersections.counts(mask).tolist() == expected
    for rows in (slice(0, 10), slice(10, 13), slice(13, 14), slice(2, 12), slice(0, 0)):
        assert intersections.counts(mask, rows).tolist() == expected[rows]


def test_intersections_of_no_sets() -> None:
    assert docsets.Intersections([], 100).counts(0b1011).tolist() == []


def test_the_token_cache_counts_about_what_tokens_take() -> None:
    # The snippet cache's budget holds if a text's tokens take no more than counted.
    rng = random.Random(4)
    words = ["Integration", "und", "Ehrenamtliche", "Teilnehmer*innen", "2019", "Ulm", "für"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(20, 400))) for _ in range(200)]
    for text in texts:
        Tokens.of(text)  # index terms are cached by `index_term`, not by the tokens
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [Tokens.of(text) for text in texts]
        taken = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    counted = sum(tokens.size() for tokens in kept) - sum(len(text) + 49 for text in texts)
    assert taken <= counted * 1.25, (taken, counted)
