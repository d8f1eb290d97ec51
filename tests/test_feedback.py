"""Relevance feedback's key words are Whoosh's own, from cached frequencies."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import feedback
from indexer.building import build_index
from indexer.searching import FEEDBACK_DOCS, FEEDBACK_TERMS, Index

RELEVANCE_KB = Path(__file__).parent / "relevance" / "kb"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    path = tmp_path_factory.mktemp("feedback") / "index"
    build_index(RELEVANCE_KB, path)
    return Index.open(path, RELEVANCE_KB)


def test_key_terms_are_whooshs_for_every_group_of_best_documents(index: Index) -> None:
    with index._checkout() as (searcher, _):
        reader = searcher.reader()
        frequencies = feedback.frequency_cache()
        docs = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
        groups = [docs[i : i + FEEDBACK_DOCS] for i in range(0, len(docs), 2)]
        for group in groups:
            words = [
                feedback.document_words(reader, "body", searcher.stored_fields(d)["body"])
                for d in group
            ]
            expected = searcher.key_terms(group, "body", numterms=FEEDBACK_TERMS)
            assert expected
            assert feedback.key_terms(reader, "body", words, FEEDBACK_TERMS, frequencies) == (
                expected
            )


def test_a_words_frequency_is_read_from_the_index_once(index: Index) -> None:
    with index._checkout() as (searcher, _):
        reader = searcher.reader()
        words = [feedback.document_words(reader, "body", searcher.stored_fields(0)["body"])]
        frequencies = feedback.frequency_cache()
        first = feedback.key_terms(reader, "body", words, FEEDBACK_TERMS, frequencies)
        cached = len(frequencies)
        assert cached == len(words[0])  # every distinct word of the document, once

        class NoReads:  # the reader, but every frequency must come from the cache
            schema = reader.schema

            def __contains__(self, _: object) -> bool:
                raise AssertionError("looked up again")

            def __getattr__(self, name: str) -> object:
                return getattr(reader, name)

        again = feedback.key_terms(NoReads(), "body", words, FEEDBACK_TERMS, frequencies)
        assert again == first and len(frequencies) == cached
