"""Values of a few documents, every other document at one default value.

A word's BM25F scores are non-zero only where it occurs; a search needs them only for its
candidates. Kept as (documents, values), they cost memory and time by the postings, not by
the size of the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Candidates fewer than a word's documents / this are looked up in them by bisection;
# more are found through a table of every document's place among the candidates.
BISECT_RATIO = 8


@dataclass(frozen=True)
class Sparse:
    """`values[i]` for document `docs[i]` (sorted, distinct), `default` for all others."""

    docs: np.ndarray
    values: np.ndarray
    default: float = 0.0

    def at_least(self, threshold: float, size: int) -> np.ndarray:
        """The documents (of `size`) whose value is at least `threshold`, sorted."""
        if self.default >= threshold:
            below = self.docs[self.values < threshold]
            return np.setdiff1d(np.arange(size), below, assume_unique=True)
        return self.docs[self.values >= threshold]


class Candidates:
    """Sorted, distinct document numbers out of `size`, and where others are among them."""

    def __init__(self, docs: np.ndarray, size: int):
        self.docs = docs
        self.size = size
        self.everything = len(docs) == size  # then document d is at place d
        self._places: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.docs)

    def place(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray | slice]:
        """(places among the candidates, which of `docs`: indices, a mask or a slice) of
        those of sorted, distinct `docs` that are candidates."""
        if self.everything:
            return docs, slice(None)
        if not len(docs) or not len(self.docs):
            return np.empty(0, np.int64), np.empty(0, np.int64)
        if len(self.docs) * BISECT_RATIO < len(docs):
            index = np.minimum(np.searchsorted(docs, self.docs), len(docs) - 1)
            found = docs[index] == self.docs
            return np.flatnonzero(found), index[found]
        if self._places is None:
            places = np.full(self.size, -1, dtype=np.int64)
            places[self.docs] = np.arange(len(self.docs))
            self._places = places
        places = self._places[docs]
        if places.min() >= 0:  # all candidates (a coverage's scope has all its words' docs)
            return places, slice(None)
        kept = places >= 0
        return places[kept], kept

    def spread(self, values: Sparse) -> tuple[np.ndarray, np.ndarray]:
        """(value, whether listed) of each candidate."""
        where, which = self.place(values.docs)
        result = np.full(len(self.docs), values.default)
        result[where] = values.values[which]
        found = np.zeros(len(self.docs), dtype=bool)
        found[where] = True
        return result, found


def positions(within: np.ndarray, docs: np.ndarray) -> np.ndarray | None:
    """Where each of `docs` is in `within` (both sorted, distinct); None if one is not."""
    if len(docs) > len(within):
        return None
    if not len(docs):
        return np.empty(0, dtype=np.int64)
    if not len(within):
        return None
    index = np.minimum(np.searchsorted(within, docs), len(within) - 1)
    return index if bool(np.all(within[index] == docs)) else None
