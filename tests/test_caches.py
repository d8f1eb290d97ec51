"""The search's caches stay within their memory budget; document sets from NumPy arrays
equal those built one number at a time."""

from __future__ import annotations

import random

import numpy as np
import pytest

from indexer import docsets
from indexer.bounded_cache import BoundedCache


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
