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
    """How many documents each of many sets shares with a given set, counted at once.

    Sets are rows of 64-bit words in one matrix: a count reads a row's words where the
    given set has documents, so it costs rows × corpus / 64. Rows of a `group` in which
    no document is in two rows (the values of a single-valued facet) also keep each
    document's row: a count then reads the given set's documents only, which is cheaper
    for many rows (240 municipalities) and a set of a few thousand documents.
    """

    def __init__(self, masks: Sequence[int], size: int, groups: Sequence[slice] = ()):
        self.width = (size >> 6) + 1
        self.matrix = np.zeros((len(masks), self.width), dtype="<u8")
        for row, mask in enumerate(masks):
            self.matrix[row] = to_words(mask, self.width)
        # (first row, end row, each document's row within them or end - first if none)
        self._labelled: list[tuple[int, int, np.ndarray]] = []
        for group in groups:
            first, end, _ = group.indices(len(masks))
            rows = self.matrix[first:end]
            if end - first < 2 or int(np.bitwise_count(rows).sum()) != _count(
                np.bitwise_or.reduce(rows, axis=0)
            ):
                continue  # a document in two rows
            labels = np.full(self.width << 6, end - first, dtype=np.int32)
            for row in range(first, end):
                labels[_documents(self.matrix[row])] = row - first
            self._labelled.append((first, end, labels))

    def counts(self, mask: int, rows: slice = slice(None)) -> np.ndarray:
        """|set ∩ mask| for the sets of `rows`; only the words where `mask` has documents
        are read when that is less than half of them."""
        words = to_words(mask, self.width)
        present = np.flatnonzero(words)
        start, stop, _ = rows.indices(len(self.matrix))
        result = np.zeros(max(stop - start, 0), dtype=np.int64)
        docs: np.ndarray | None = None
        done = start
        for first, end, labels in self._labelled:
            if first < start or end > stop:
                continue
            result[done - start : first - start] = self._by_rows(words, present, done, first)
            if len(present) * (end - first) > 2 * mask.bit_count():  # fewer documents
                docs = _documents(words) if docs is None else docs
                found = np.bincount(labels[docs], minlength=end - first + 1)
                result[first - start : end - start] = found[: end - first]
            else:
                result[first - start : end - start] = self._by_rows(words, present, first, end)
            done = end
        result[done - start :] = self._by_rows(words, present, done, stop)
        return result

    def _by_rows(self, words: np.ndarray, present: np.ndarray, first: int, end: int) -> np.ndarray:
        matrix = self.matrix[first:end]
        if len(present) < self.width // 2:
            matrix, words = matrix[:, present], words[present]
        return np.bitwise_count(matrix & words).sum(axis=1, dtype=np.int64)


def _documents(words: np.ndarray) -> np.ndarray:
    """The document numbers of a set given as 64-bit words."""
    return np.flatnonzero(np.unpackbits(words.view(np.uint8), bitorder="little"))


def _count(words: np.ndarray) -> int:
    return int(np.bitwise_count(words).sum())
