"""Key words of a search's best documents, to find related entries (relevance feedback).

The words are weighted by Whoosh's Bo1 model, as `Searcher.key_terms` does; Whoosh looks
every distinct word of the documents up on disk, twice in each segment, and a search at
50,000 entries spent most of its time there. The words' collection frequencies are
cached here per index state instead: frequent words recur in the best entries of most
queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from whoosh.classify import Bo1Model, Expander

from indexer.bounded_cache import BoundedCache

FREQUENCIES_BYTES = 2 << 20  # per index state; an entry is a word and a number
WORDS_BYTES = 4 << 20  # per index state: the analysed words of recent best documents
_ENTRY_BYTES = 120

Words = tuple[tuple[str, float], ...]


def frequency_cache() -> BoundedCache[float | None]:
    """(field, word) → the word's collection frequency there, None if the field lacks it."""
    return BoundedCache(FREQUENCIES_BYTES, lambda _: _ENTRY_BYTES)


def words_cache() -> BoundedCache[Words]:
    """Document → its analysed words and their weights in a field."""
    return BoundedCache(WORDS_BYTES, lambda words: _ENTRY_BYTES * (len(words) + 1))


def document_words(reader: Any, fieldname: str, text: str) -> Words:
    """(word, weight) of each distinct word of a field's text, as the index has them."""
    field = reader.schema[fieldname]
    return tuple((field.from_bytes(word), weight) for word, _, weight, _ in field.index(text))


def key_terms(
    reader: Any,
    fieldname: str,
    documents: Iterable[Words],
    number: int,
    frequencies: BoundedCache[float | None],
) -> list[tuple[str, float]]:
    """The `number` words of the `documents` most specific to them, (word, weight) with
    the strongest at 1.0: Whoosh's `key_terms` with Bo1 and normalising, same order."""
    expander = Expander(reader, fieldname, model=Bo1Model)
    for words in documents:
        expander.add(words)
    if not expander.topN_weight:
        return []
    model, total = expander.model, expander.top_total
    frequency = _frequency_of(reader, fieldname, frequencies)
    scored = []
    for word, weight in expander.topN_weight.items():
        collection = frequency(word)
        if collection is not None:
            scored.append((model.score(weight, collection, total), word))
    strongest = max([0, *(score for score, _ in scored)])  # as Whoosh starts at 0
    norm = model.normalizer(strongest, total)
    scored = [(score / norm, word) for score, word in scored]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [(word, weight) for weight, word in scored[:number]]


def _frequency_of(
    reader: Any, fieldname: str, frequencies: BoundedCache[float | None]
) -> Callable[[str], float | None]:
    to_bytes = reader.schema[fieldname].to_bytes

    def frequency(word: str) -> float | None:
        def read() -> float | None:
            text = to_bytes(word)
            return reader.frequency(fieldname, text) if (fieldname, text) in reader else None

        return frequencies.get((fieldname, word), read)

    return frequency
