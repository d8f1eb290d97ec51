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
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise
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


# An analyzer as a plain function: a text's terms, each with its positions in order.
Shortcut = Callable[[str], dict[str, list[int]]]


class BulkSegmentWriter(SegmentWriter):
    """A segment writer for full builds: the same segment files, written faster.

    Whoosh's writer analyses each field through a chain of token generators, puts every
    posting into a sorting pool as one tuple, sorts them all at commit and then looks up
    each posting's field length in the column file it has just written. This writer
    analyses a field whose analyzer has a plain-function equivalent (`shortcuts`:
    analyzer, function) with that function, appends each document's postings of a field
    to flat arrays in a few bulk calls (no Python step per posting), sorts them by term
    once at the flush (documents arrive in order, so a stable sort keeps each term's
    postings in document order), remembers the field lengths and writes the posting
    lists with `posting_blocks.write_field`.
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
        self._postings: dict[str, _Postings] = defaultdict(_Postings)  # field → postings
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)
        self._added_segments: list[Any] = []

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("BulkSegmentWriter takes no boosts or custom stored values")
        self._check_fields(self.schema, fields)
        schema, docnum, perdoc = self.schema, self.docnum, self.perdocwriter
        perdoc.start_doc(docnum)
        try:
            for name in sorted(fields):
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    length = self._index(name, field, value, docnum)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if length and (lb := length_to_byte(length)):
                    # What the segment's lengths column will answer for this document.
                    self._lengths[name][docnum] = byte_to_length(lb)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: Any, value: Any, docnum: int) -> int:
        """Add one field's postings; returns the field length (0 if not scorable)."""
        postings = self._postings[name]
        with_positions = type(field.format) is formats.Positions
        shortcut = self._shortcuts.get(name)
        if shortcut is None or not isinstance(value, str):
            boost = field.format.field_boost
            found = list(field.index(value))
            for _, freq, weight, _ in found:
                if weight != freq * boost:  # the flush derives the weight from freq
                    raise ValueError(f"a token boost in field {name!r}")
            freqs = [freq for _, freq, _, _ in found]
            postings.terms += [tbytes.decode("utf-8") for tbytes, _, _, _ in found]
            if with_positions:
                postings.values += [vbytes for _, _, _, vbytes in found]
        else:
            terms = shortcut(value)
            positions = terms.values()
            freqs = list(map(len, positions))
            postings.terms += terms
            if with_positions:
                postings.values += map(add, map(pack_uint, freqs), map(_pickled, positions))
        postings.docnums += array("I", (docnum,)) * len(freqs)
        postings.freqs.fromlist(freqs)
        return sum(freqs) if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer, schema = self.fieldwriter, self.schema
        for name in sorted(self._postings):
            postings = self._postings.pop(name)
            if not postings.terms:  # Whoosh's writer starts no field without postings
                continue
            lengths = None
            if name in self._lengths:
                lengths = [0] * self.docnum
                for docnum, length in self._lengths[name].items():
                    lengths[docnum] = length
            write_field(writer, name, schema[name], *postings.by_term(), lengths)
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


class _Postings:
    """A field's postings in the order they were added, as flat arrays (a tuple or an
    object per posting took several times the memory and time): the weight is the
    frequency times the field boost in the three formats, and only positions need a
    value of their own."""

    __slots__ = ("docnums", "freqs", "terms", "values")

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.docnums = array("I")
        self.freqs = array("I")
        self.values: list[bytes] = []  # encoded positions (formats.Positions)

    def by_term(self) -> tuple[list[str], list[int], list[int], list[int], list[bytes]]:
        """The distinct terms sorted, where each term's postings end, and the document
        numbers, frequencies and values ordered by term (then document)."""
        first: dict[str, int] = {}
        count = len(self.terms)
        # Each term numbered by its first posting, then ranked in sorted order.
        numbers = np.fromiter(map(first.setdefault, self.terms, range(count)), np.int64, count)
        terms = sorted(first)
        rank = np.zeros(count, np.int64)
        rank[np.fromiter(map(first.__getitem__, terms), np.int64, len(terms))] = np.arange(
            len(terms)
        )
        keys = rank[numbers]
        order = np.argsort(keys, kind="stable")
        ends = np.cumsum(np.bincount(keys, minlength=len(terms))).tolist()
        docnums = np.frombuffer(self.docnums, np.uint32)[order].tolist()
        freqs = np.frombuffer(self.freqs, np.uint32)[order].tolist()
        values = list(map(self.values.__getitem__, order.tolist())) if self.values else []
        return terms, ends, docnums, freqs, values


def _pickled(positions: list[int]) -> bytes:
    """The pickle in `formats.Positions.encode`: the gaps between positions (one position,
    most postings: the list itself)."""
    if len(positions) == 1:
        return dumps(positions, 2)
    return dumps([positions[0], *(b - a for a, b in pairwise(positions))], 2)
