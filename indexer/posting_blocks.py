"""A field's posting lists written as Whoosh's W3 codec writes them, a term at a time.

By hand: Whoosh's postings writer takes one posting per call and keeps each block's
statistics in its own methods, a fifth of a full build; Whoosh has no call for a whole
posting list. The bytes are those of `whoosh.codec.whoosh3.W3PostingsWriter` (blocks of
the codec's block limit, each a pickled and compressed tuple after a pickled info tuple;
the term info as `W3TermInfo`): tests/test_bulk_writer.py compares the segment files
byte for byte with Whoosh's own writer.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import chain
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte


def write_field(
    fieldwriter: Any,
    name: str,
    field: Any,
    chunks: Iterable[tuple[Sequence[str], Sequence[int], list[int], list[int], list[bytes]]],
    lengths: Sequence[int] | None,
) -> None:
    """Write one field's terms (sorted) with their postings to a W3 field writer.

    Each chunk holds terms, and the postings of its `terms[i]` are
    `docnums[ends[i - 1]:ends[i]]` (in order) with their frequencies and, for positions,
    encoded values; `lengths[docnum]` is the field length the lengths column gives a
    document (0: none), None for a field without lengths.
    """
    fieldwriter.start_field(name, field)
    codec, format_ = fieldwriter._codec, field.format
    limit, level = codec._blocklimit, codec._compression
    boost, fixed = format_.field_boost, format_.fixed_value_size()
    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    prefix = pack_ushort(fieldwriter._fieldid)
    offset = postfile.tell()
    for terms, ends, docnums, freqs, values in chunks:
        offset = _write_terms(
            postfile, tindex, prefix, offset, (limit, level, boost, fixed),
            terms, ends, docnums, freqs, values, lengths,
        )  # fmt: skip
    fieldwriter.finish_field()


def _write_terms(
    postfile: Any,
    tindex: Any,
    prefix: bytes,
    offset: int,
    settings: tuple[int, int, float, int | None],
    terms: Sequence[str],
    ends: Sequence[int],
    docnums: list[int],
    freqs: list[int],
    values: list[bytes],
    lengths: Sequence[int] | None,
) -> int:
    """Write a chunk's terms; returns the postings file's offset after them."""
    limit, level, boost, fixed = settings
    start = 0
    for term, end in zip(terms, ends, strict=True):
        chunks = [WHOOSH3_HEADER_MAGIC]
        weight, minlength, maxlength, maxweight = 0.0, None, 0, 0
        for low in range(start, end, limit):
            high = min(low + limit, end)
            ids = docnums[low:high]
            counts = freqs[low:high]
            weights = array("f", counts if boost == 1.0 else [f * boost for f in counts])
            weight += sum(weights)
            block_max = max(0, max(counts) * boost)
            maxweight = max(maxweight, block_max)
            found = () if lengths is None else [n for d in ids if (n := lengths[d])]
            low_length, high_length = (min(found), max(found)) if found else (None, 0)
            minlength = low_length if minlength is None else min(minlength, low_length)
            maxlength = max(maxlength, high_length)
            data = (
                tuple(map(sub, ids, chain((0,), ids))),  # delta-encoded document numbers
                _mini_weights(weights),
                _mini_values(fixed, values, low, high, counts),
            )
            databytes = dumps(data, 2)
            if level:
                databytes = zlib.compress(databytes, level)
            info = (
                len(ids), ids[-1], block_max, level,
                length_to_byte(low_length), length_to_byte(high_length),
            )  # fmt: skip
            infobytes = dumps(info, 2)
            size = len(infobytes) + len(databytes)
            chunks += (pack_int(-size if high == end else size), infobytes, databytes)
        written = b"".join(chunks)
        postfile.write(written)
        terminfo = W3TermInfo(
            weight, end - start, minlength, maxlength, maxweight, docnums[start], docnums[end - 1]
        )
        terminfo.set_extent(offset, len(written))
        tindex.add(prefix + term.encode("utf-8"), terminfo.to_bytes())
        offset += len(written)
        start = end
    return offset


def _mini_weights(weights: array) -> Any:
    """`W3PostingsWriter._mini_weights`."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


def _mini_values(
    fixed: int | None, values: list[bytes], low: int, high: int, counts: list[int]
) -> Any:
    """`W3PostingsWriter._mini_values`: positions as a tuple, frequencies joined."""
    if fixed is None or fixed < 0:
        return tuple(values[low:high])
    if fixed == 0:
        return None
    return b"".join(map(pack_uint, counts))
