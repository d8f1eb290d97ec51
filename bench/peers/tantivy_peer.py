"""tantivy peer (PyPI `tantivy`): German Snowball stemmer tokenizer, BM25, aggregations, snippets.

Text fields use tantivy's own analyzer: the simple tokenizer (runs of letters and digits),
lower-casing and its Snowball German stemmer — no stemming in Python. A query is built from
the analysed query words: every word must match, in any field, each field with
Praxisfinder's weight (what `+word` with default fields does in tantivy's query parser,
minus the parser).

Facets are raw (untokenised) fast text fields. Counts are terms aggregations, disjunctive
like Praxisfinder's: one aggregation under all filters for the facets without a filter,
and one per filtered facet under all filters but its own. Snippets come from
`SnippetGenerator` on the body, or on the summary when the body has no query word, else
the summary's beginning (as Praxisfinder does).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Occur, Query

from peers import (
    PAGE_SIZE,
    SNIPPET_CHARS,
    STATUS_PUBLISHED,
    Filters,
    Outcome,
    PeerDocument,
    read_layout,
)

TOKENIZER = "de_stem"
STORED_TEXT = ("title", "summary", "body")  # the snippet sources, and the title
SNIPPET_FIELDS = ("body", "summary")
MAX_FACET_VALUES = 10_000  # terms aggregation size; more values would fail the search


def analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("german"))
        .build()
    )


def facet_field(name: str) -> str:
    return f"facet_{name}"


def _schema(fields: Iterable[str], facets: Iterable[str]) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("slug", stored=True, tokenizer_name="raw")
    builder.add_text_field("status", tokenizer_name="raw")
    for name in fields:
        builder.add_text_field(name, stored=name in STORED_TEXT, tokenizer_name=TOKENIZER)
    for name in facets:
        builder.add_text_field(facet_field(name), fast=True, tokenizer_name="raw")
    return builder.build()


def _document(document: PeerDocument) -> tantivy.Document:
    values: dict[str, Any] = {"slug": document.slug, "status": document.status}
    values.update({name: text for name, text in document.texts.items() if text})
    values.update({facet_field(name): items for name, items in document.facets.items() if items})
    return tantivy.Document(**values)


def build(index_dir: Path, documents: Iterable[PeerDocument]) -> int:
    """Create the index in `index_dir` (which holds the layout); returns the document count.

    The writer uses tantivy's default threads (one per core) and heap; the build waits
    for the merges it started.
    """
    layout = read_layout(index_dir)
    schema = _schema(layout["weights"], layout["facets"])
    index = tantivy.Index(schema, path=str(index_dir), reuse=False)
    index.register_tokenizer(TOKENIZER, analyzer())
    writer = index.writer()
    count = 0
    for document in documents:
        writer.add_document(_document(document))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


class TantivyIndex:
    """An open tantivy peer index; one writer is kept open for updates once needed."""

    def __init__(self, index_dir: Path):
        layout = read_layout(index_dir)
        self.weights: dict[str, float] = layout["weights"]
        self.facets: list[str] = layout["facets"]
        self.index = tantivy.Index.open(str(index_dir))
        self.analyzer = analyzer()
        self.index.register_tokenizer(TOKENIZER, self.analyzer)
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self._writer: Any = None
        self._published = Query.term_query(self.schema, "status", STATUS_PUBLISHED)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def text_query(self, query: str) -> Query | None:
        """Every analysed query word in some field, each field boosted by its weight."""
        words = list(dict.fromkeys(self.analyzer.analyze(query)))
        if not words:
            return None
        return Query.boolean_query(
            [
                (
                    Occur.Must,
                    Query.boolean_query(
                        [
                            (
                                Occur.Should,
                                Query.boost_query(
                                    Query.term_query(self.schema, name, word), weight
                                ),
                            )
                            for name, weight in self.weights.items()
                        ]
                    ),
                )
                for word in words
            ]
        )

    def search(self, query: str, filters: Filters | None = None) -> Outcome:
        """Page 1 of the published entries with every query word, ranked by BM25."""
        text = self.text_query(query)
        if text is None:
            return Outcome(0, {})
        restrictions = {
            facet: Query.term_set_query(self.schema, facet_field(facet), values)
            for facet, values in (filters or {}).items()
            if values
        }

        def restricted(but: str | None = None) -> Query:
            others = [q for facet, q in restrictions.items() if facet != but]
            return Query.boolean_query([(Occur.Must, q) for q in (text, self._published, *others)])

        searcher = self.searcher
        everything = restricted()
        result = searcher.search(everything, PAGE_SIZE, count=True)
        total = result.count or 0
        facets: dict[str, dict[str, int]] = {}
        unfiltered = [facet for facet in self.facets if facet not in restrictions]
        if total:
            facets.update(self._counts(everything, unfiltered))
        for facet in restrictions:  # counted under every filter but its own
            facets.update(self._counts(restricted(but=facet), [facet]))
        hits = self._hits(text, [address for _, address in result.hits])
        return Outcome(total, {facet: values for facet, values in facets.items() if values}, hits)

    def _counts(self, query: Query, facets: list[str]) -> dict[str, dict[str, int]]:
        if not facets:
            return {}
        aggregations = {
            facet: {"terms": {"field": facet_field(facet), "size": MAX_FACET_VALUES}}
            for facet in facets
        }
        answer = self.searcher.aggregate(query, aggregations)
        counts = {}
        for facet in facets:
            result = answer[facet]
            if result.get("sum_other_doc_count"):
                raise RuntimeError(f"more than {MAX_FACET_VALUES} values of {facet}")
            counts[facet] = {b["key"]: b["doc_count"] for b in result["buckets"]}
        return counts

    def _hits(self, text: Query, addresses: list[Any]) -> list[tuple[str, str]]:
        generators: dict[str, Any] = {}
        hits = []
        for address in addresses:
            document = self.searcher.doc(address)
            snippet = html.escape(document.get_first("summary")[:SNIPPET_CHARS], quote=False)
            for name in SNIPPET_FIELDS:
                if name not in generators:
                    generator = tantivy.SnippetGenerator.create(
                        self.searcher, text, self.schema, name
                    )
                    generator.set_max_num_chars(SNIPPET_CHARS)
                    generators[name] = generator
                found = generators[name].snippet_from_doc(document)
                if found.highlighted():
                    # to_html escapes the text and marks words with <b>.
                    snippet = found.to_html().replace("<b>", "<mark>").replace("</b>", "</mark>")
                    break
            hits.append((document.get_first("slug"), snippet))
        return hits

    def replace(self, document: PeerDocument) -> None:
        """Delete the entry's old version, add the new one, commit and reload the searcher."""
        if self._writer is None:
            self._writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        self._writer.delete_documents_by_term("slug", document.slug)
        self._writer.add_document(_document(document))
        self._writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()
