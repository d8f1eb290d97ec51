"""Highlighted snippets: matched whole words in context, all content escaped."""

from __future__ import annotations

import html
import re
from typing import Any

from whoosh import highlight
from whoosh.query import Query

from indexer.german.analysis import GERMAN, analyze, fold_feminine, umlaut_stem
from indexer.german.compounds import split_compound
from indexer.schema import PARTS_FIELD

SNIPPET_CHARS = 240
_NOUN = re.compile(r"\b[A-ZÄÖÜ][^\W\d_]{7,}")


class MarkFormatter(highlight.Formatter):
    """Escape all text; only the matched words are wrapped in `<mark>`."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


def terms_by_field(query: Query) -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {}
    for fieldname, text in query.all_terms():
        value = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        terms.setdefault(fieldname, set()).add(value)
    return terms


def snippet(terms: dict[str, set[str]], stored: dict[str, Any], fields: dict[str, Any]) -> str:
    """Matched words in context; a compound whose part matched is marked as a whole word."""
    parts = terms.get(PARTS_FIELD, set())
    for name in ("body", "summary"):
        text = stored.get(name, "")
        wanted = set(terms.get(name, ())) | compounds_with_parts(text, parts)
        if not text or not wanted:
            continue
        fragment = highlighted(text, wanted)
        if fragment:
            return fragment
    summary = fields["summary"]
    if len(summary) > SNIPPET_CHARS:
        summary = summary[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return html.escape(summary, quote=False)


def highlighted(
    text: str, terms: set[str], chars: int = SNIPPET_CHARS, surround: int = 70, top: int = 2
) -> str:
    """The best passages of `text` with the index `terms` marked; "" when none occurs."""
    fragment = highlight.highlight(
        text,
        frozenset(terms),
        GERMAN,
        highlight.ContextFragmenter(maxchars=chars, surround=surround),
        MarkFormatter(),
        top=top,
    )
    return " ".join((fragment or "").split())


def compounds_with_parts(text: str, part_terms: set[str]) -> set[str]:
    """Index terms of the compounds in `text` that contain one of the matched parts."""
    if not part_terms:
        return set()
    found = set()
    for word in set(_NOUN.findall(text)):
        lower = fold_feminine(word.lower())
        if any(umlaut_stem(part) in part_terms for part in split_compound(lower)):
            found.update(analyze(word))
    return found
