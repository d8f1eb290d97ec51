"""Whoosh writers as the builds open them: segments as plain files, and without a
file-system call per posting.

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

from functools import lru_cache
from typing import Any


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
