"""Document sets as Python integers (bit i = document number i).

Facet counting intersects the query's documents with each facet value's documents: all
values at once, as rows of 64-bit words in one NumPy matrix (`Intersections`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import numpy as np


def from_docnums(docnums: Iterable[int], size: int) -> int:
    bits = bytearray((size >> 3) + 1)
    for doc in docnums:
        bits[doc >> 3] |= 1 << (doc & 7)
    return int.from_bytes(bits, "little")


def to_docnums(mask: int) -> Iterator[int]:
    data = mask.to_bytes((mask.bit_length() >> 3) + 1, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def union(masks: Iterable[int]) -> int:
    result = 0
    for mask in masks:
        result |= mask
    return result


def from_array(docnums: np.ndarray, size: int) -> int:
    """`from_docnums` for a NumPy array of document numbers, without a Python loop."""
    bits = np.zeros(((size >> 3) + 1) << 3, dtype=bool)
    bits[docnums] = True
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


def to_words(mask: int, width: int) -> np.ndarray:
    """A bitmask (of at most `width` × 64 documents) as `width` 64-bit words, lowest first."""
    return np.frombuffer(mask.to_bytes(width << 3, "little"), dtype="<u8")


class Intersections:
    """How many documents each of many sets shares with a given set, counted at once."""

    def __init__(self, masks: Sequence[int], size: int):
        self.width = (size >> 6) + 1
        self.matrix = np.zeros((len(masks), self.width), dtype="<u8")
        for row, mask in enumerate(masks):
            self.matrix[row] = to_words(mask, self.width)

    def counts(self, mask: int, rows: slice = slice(None)) -> np.ndarray:
        """|set ∩ mask| for the sets of `rows`; only the words where `mask` has documents
        are read when that is less than half of them."""
        words = to_words(mask, self.width)
        matrix = self.matrix[rows]
        present = np.flatnonzero(words)
        if len(present) < self.width // 2:
            matrix, words = matrix[:, present], words[present]
        return np.bitwise_count(matrix & words).sum(axis=1, dtype=np.int64)
