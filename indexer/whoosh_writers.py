"""Whoosh writers as the builds open them: segments as plain files, and without a
file-system call per posting; full builds write with `BulkSegmentWriter`.

Segments are not assembled into one compound file: a reader opens a compound file's parts
as in-memory copies (`BytesIO` over the mapped file), so every open searcher held a copy of
the whole postings file (hundreds of megabytes at 50,000 entries) and opening one took
milliseconds. Plain files are read through the operating system's page cache instead.

When Whoosh writes a segment's postings it asks the segment's per-document reader for
the field length of every posting; for a field without stored lengths (facets, the
spelling word list, compound parts) each ask checks again whether the lengths column
file exists: a `stat` per posting, a fifth of a full build. The segment's files do not
change while it is written, so the answer is kept per field.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import count, repeat
from operator import add
from pickle import dumps
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.posting_blocks import write_field


def writer(ix: Any, **options: Any) -> Any:
    """`ix.writer(**options)` writing plain segment files, asking about each column once."""
    opened = ix.writer(compound=False, **options)
    make_reader = getattr(opened, "per_document_reader", None)
    if make_reader is None:  # another kind of writer, without a segment of its own
        return opened

    def per_document_reader() -> Any:
        reader = make_reader()
        # An instance attribute: the reader's own methods call self.has_column.
        reader.has_column = lru_cache(maxsize=None)(reader.has_column)
        return reader

    opened.per_document_reader = per_document_reader
    return opened


# A chunk of a field's postings (`posting_blocks.write_field`).
PostingsChunk = tuple[list[str], list[int], list[int], list[int], list[bytes]]
# An analyzer as a plain function: a text's terms in token order and their positions.
Shortcut = Callable[[str], tuple[list[str], Sequence[int]]]


class BulkSegmentWriter(SegmentWriter):
    """A segment writer for full builds: the same segment files, written faster.

    Whoosh's writer analyses each field through a chain of token generators, puts every
    posting into a sorting pool as one tuple, sorts them all at commit and then looks up
    each posting's field length in the column file it has just written. This writer
    analyses a field whose analyzer has a plain-function equivalent (`shortcuts`:
    analyzer, function) with that function, appends each document's tokens of a field
    (term numbers, documents, positions) to flat arrays in a few bulk calls (no Python
    step per token), groups them into postings once at the flush (documents arrive in
    order, so a stable sort by term keeps each term's postings in document order),
    remembers the field lengths and writes the posting lists with
    `posting_blocks.write_field`.
    tests/test_bulk_writer.py checks that the files are identical to Whoosh's.
    `locked=False` writes a segment beside other processes: the caller holds the index
    lock and commits the segments (`finish_segment`), as Whoosh's `MpWriter` does.
    """

    def __init__(
        self, ix: Any, shortcuts: Sequence[tuple[Any, Shortcut]] = (), locked: bool = True
    ):
        super().__init__(ix, compound=False, _lk=locked)
        self._shortcuts: dict[str, Shortcut] = {}
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkSegmentWriter cannot write field {name!r}")
            if field.indexed and (
                type(field.format) not in _FORMATS or not field.format.field_boost > 0
            ):
                raise ValueError(f"BulkSegmentWriter cannot write field {name!r}")
            fn = next((fn for analyzer, fn in shortcuts if field.analyzer == analyzer), None)
            if fn is not None:
                self._shortcuts[name] = fn
        self._tokens: dict[str, _Tokens] = defaultdict(_Tokens)  # field → its tokens
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        self._added_segments: list[Any] = []

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        names = sorted(name for name in fields if not name.startswith("_"))
        if any(name.startswith("_") and not name.startswith("_stored_") for name in fields):
            raise ValueError("BulkSegmentWriter takes no boosts")
        self._check_fields(self.schema, names)
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = self._index(name, field, value, docnum)
                # as Whoosh's writer: "_stored_body" is stored instead of what is indexed
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                if length and (lb := length_to_byte(length)):
                    # What the segment's lengths column will answer for this document.
                    self._lengths[name][docnum] = byte_to_length(lb)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: Any, value: Any, docnum: int) -> int:
        """Add one field's tokens; returns the field length (0 if not scorable)."""
        tokens = self._tokens[name]
        shortcut = self._shortcuts.get(name)
        if shortcut is None:
            terms, positions = _field_tokens(name, field, value)
        else:
            terms, positions = shortcut(value)
        tokens.add(terms, positions, docnum, type(field.format) is formats.Positions)
        return len(terms) if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer, schema = self.fieldwriter, self.schema
        for name in sorted(self._tokens):
            tokens = self._tokens.pop(name)
            if not tokens.numbers:  # Whoosh's writer starts no field without postings
                continue
            lengths = None
            if name in self._lengths:
                lengths = [0] * self.docnum
                for docnum, length in self._lengths[name].items():
                    lengths[docnum] = length
            write_field(writer, name, schema[name], tokens.postings(), lengths)
        writer.close()

    def finish_segment(self) -> Any:
        """Write this writer's segment (part of no commit yet) and return it.

        For an unlocked writer; its temporary directory is the index's, shared with the
        other writers, and removed by the locked writer's commit.
        """
        segment = self._finalize_segment() if self._added else None
        if segment is None:
            self._close_segment()
        self.is_closed = True
        return segment

    def add_segment(self, segment: Any) -> None:
        """Commit `segment`, written by an unlocked writer of this index, with this one's
        documents (after the segments added before it, before this writer's own)."""
        self._check_state()
        self._added_segments.append(segment)

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        return super()._merge_segments(mergetype, optimize, merge) + self._added_segments


_FORMATS = (formats.Positions, formats.Frequency, formats.Existence)


class _Tokens:
    """A field's tokens in the order they were added, as flat arrays (a tuple or an object
    per posting took several times the memory and time): each token's term as a number,
    its document and its position; the flush groups them into postings."""

    __slots__ = ("docnums", "numbers", "positions", "terms")

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}  # term → its number
        self.terms = array("I")  # the number of each token's term
        self.docnums = array("I")
        self.positions = array("I")  # for formats.Positions only

    def add(self, terms: list[str], positions: Sequence[int], docnum: int, keep: bool) -> None:
        """Add a document's tokens (`keep`: with their positions)."""
        numbers = self.numbers
        # A term's number is the count of tokens before its first one: unique, in C.
        self.terms.extend(map(numbers.setdefault, terms, count(len(self.terms))))
        self.docnums += array("I", (docnum,)) * len(terms)
        if keep:
            self.positions.extend(positions)

    def postings(self) -> Iterator[PostingsChunk]:
        """The postings by term (sorted) and document, in chunks of whole terms (Python
        objects for all postings at once took hundreds of megabytes at 50,000 entries):
        the chunk's terms, where each term's postings end, and each posting's document
        number, frequency and (positions only) encoded value."""
        size, numbers = len(self.terms), self.numbers
        terms = sorted(numbers)
        rank = np.zeros(size, np.int32)
        rank[np.fromiter(map(numbers.__getitem__, terms), np.int64, len(terms))] = np.arange(
            len(terms), dtype=np.int32
        )
        keys = rank[np.frombuffer(self.terms, np.uint32)]
        del rank
        # Stable: a term's tokens stay in the order of documents, then positions.
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        docnums = np.frombuffer(self.docnums, np.uint32)[order]
        starts = np.flatnonzero(
            np.concatenate(([True], (keys[1:] != keys[:-1]) | (docnums[1:] != docnums[:-1])))
        )
        stops = np.append(starts[1:], size)
        ends = np.cumsum(np.bincount(keys[starts], minlength=len(terms)))
        del keys
        gaps = None
        if self.positions:
            positions = np.frombuffer(self.positions, np.uint32)[order].astype(np.int32)
            gaps = positions.copy()
            gaps[1:] -= positions[:-1]
            gaps[starts] = positions[starts]  # a posting's first position counts from 0
            del positions
        del order
        first = 0
        while first < len(terms):
            begin = int(ends[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(ends, begin + _CHUNK, side="right")))
            stop = int(ends[last - 1])
            at, until = starts[begin:stop], stops[begin:stop]
            freqs = (until - at).tolist()
            values: list[bytes] = []
            if gaps is not None:
                chunk = gaps[at[0] : until[-1]].tolist()
                # formats.Positions.encode: the frequency, then the pickled list of gaps.
                slices = map(slice, (at - at[0]).tolist(), (until - at[0]).tolist())
                pickles = map(dumps, map(chunk.__getitem__, slices), repeat(2))
                values = list(map(add, map(pack_uint, freqs), pickles))
            chunk_ends = (ends[first:last] - begin).tolist()
            yield terms[first:last], chunk_ends, docnums[at].tolist(), freqs, values
            first = last


_CHUNK = 100_000  # postings per chunk


def _field_tokens(name: str, field: Any, value: Any) -> tuple[list[str], list[int]]:
    """A field's tokens from its Whoosh analyzer (fields without a shortcut: facets, ids)."""
    terms: list[str] = []
    positions: list[int] = []
    boost, format_ = field.format.field_boost, field.format
    for tbytes, freq, weight, vbytes in field.index(value):
        if weight != freq * boost:  # the flush derives the weight from freq
            raise ValueError(f"a token boost in field {name!r}")
        terms += [tbytes.decode("utf-8")] * freq
        if type(format_) is formats.Positions:
            positions += format_.decode_positions(vbytes)
        else:
            positions += [0] * freq
    return terms, positions
