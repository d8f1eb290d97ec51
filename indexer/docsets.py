"""Document sets as Python integers (bit i = document number i).

Facet counting intersects the query's documents with each facet value's documents;
with int bitmasks that is one `&` and one `bit_count()` per value, all in C.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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
