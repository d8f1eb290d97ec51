"""A cache with a memory budget: it forgets the least recently used entries beyond it.

The search caches per-term document sets and score arrays; their size grows with the
corpus (a frequent term's arrays at 50,000 entries take hundreds of kilobytes), so a
limit by count would let the query process grow without bound.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """Values by key, at most `budget` bytes of them as `size_of` counts."""

    def __init__(self, budget: int, size_of: Callable[[V], int]):
        self.budget = budget
        self._size_of = size_of
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self.used = 0

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The cached value of `key`, or `compute()`'s, which is then kept."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return found[0]
        value = compute()
        size = self._size_of(value)
        with self._lock:
            if key not in self._values and size <= self.budget:
                self._values[key] = (value, size)
                self.used += size
                while self.used > self.budget:
                    _, (_, dropped) = self._values.popitem(last=False)
                    self.used -= dropped
        return value

    def __len__(self) -> int:
        return len(self._values)
