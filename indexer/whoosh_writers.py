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
from pickle import dumps
from typing import Any

from whoosh import formats
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter


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
    analyzer, function) with that function, keeps each term's postings in compact arrays
    (documents arrive in order: only the terms need sorting), remembers the field lengths
    and hands the postings to Whoosh's postings writer a block at a time.
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
            if field.indexed and type(field.format) not in _FORMATS:
                raise ValueError(f"BulkSegmentWriter cannot write field {name!r}")
            fn = next((fn for analyzer, fn in shortcuts if field.analyzer == analyzer), None)
            if fn is not None:
                self._shortcuts[name] = fn
        # field → term (str: UTF-8 sorts the same) → its postings, in document order
        self._postings: dict[str, dict[str, _Postings]] = defaultdict(
            lambda: defaultdict(_Postings)
        )
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
        length = 0
        with_positions = type(field.format) is formats.Positions
        shortcut = self._shortcuts.get(name)
        if shortcut is None or not isinstance(value, str):
            boost = field.format.field_boost
            for tbytes, freq, weight, vbytes in field.index(value):
                if weight != freq * boost:  # the flush derives the weight from freq
                    raise ValueError(f"a token boost in field {name!r}")
                found = postings[tbytes.decode("utf-8")]
                found.docnums.append(docnum)
                found.freqs.append(freq)
                if with_positions:
                    found.values.append(vbytes)
                length += freq
            return length if field.scorable else 0
        for term, positions in shortcut(value).items():
            freq = len(positions)
            found = postings[term]
            found.docnums.append(docnum)
            found.freqs.append(freq)
            if with_positions:
                found.values.append(_positions(positions))
            length += freq
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer, schema = self.fieldwriter, self.schema
        for name in sorted(self._postings):
            terms = self._postings.pop(name)
            lengths = self._lengths.get(name, {})
            writer.start_field(name, schema[name])
            format_ = schema[name].format
            for term in sorted(terms):
                writer.start_term(term.encode("utf-8"))
                _add_postings(writer._postwriter, format_, terms[term], lengths)
                writer.finish_term()
            writer.finish_field()
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
    """A term's postings in a field, compact (a tuple per posting took 3.5 times the
    memory): the weight is the frequency times the field boost in the three formats, and
    only positions need a value of their own."""

    __slots__ = ("docnums", "freqs", "values")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.freqs = array("I")
        self.values: list[bytes] = []  # encoded positions (formats.Positions)


def _add_postings(writer: Any, format_: Any, postings: _Postings, lengths: dict[int, int]) -> None:
    """`writer.add_posting` for each posting, block by block (whoosh3's W3PostingsWriter),
    with the weight and value `format_.word_values` gives for the frequency.

    By hand: Whoosh adds one posting per call, with type checks, a quarter of a build.
    """
    limit, boost, kind = writer._blocklimit, format_.field_boost, type(format_)
    for start in range(0, len(postings.docnums), limit):
        if writer._ids:  # add_posting writes a full block before the next posting
            writer._write_block()
        docnums = postings.docnums[start : start + limit]
        freqs = postings.freqs[start : start + limit]
        weights = [freq * boost for freq in freqs]
        writer._ids.extend(docnums)
        writer._weights.fromlist(weights)
        if kind is formats.Positions:
            writer._values.extend(postings.values[start : start + limit])
        elif kind is formats.Frequency:
            writer._values.extend(map(_packed, freqs))
        writer._maxweight = max(writer._maxweight, max(weights))
        found = [n for d in docnums if (n := lengths.get(d))]
        if found:
            low, high = min(found), max(found)
            if writer._minlength is None or low < writer._minlength:
                writer._minlength = low
            writer._maxlength = max(writer._maxlength, high)


@lru_cache(maxsize=4096)
def _packed(freq: int) -> bytes:
    """A frequency value (fixed size: the postings writer joins them, so sharing is safe)."""
    return pack_uint(freq)


def _positions(positions: list[int]) -> bytes:
    """`formats.Positions.encode`, quicker for a single position (most postings).

    A new object each time: pickle would write a value shared within a block only once.
    """
    if len(positions) == 1:
        return _ONE + dumps(positions, 2)
    return _POSITIONS.encode(positions)


_ONE = pack_uint(1)
_POSITIONS = formats.Positions()
