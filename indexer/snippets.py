"""Highlighted snippets: matched whole words in context, all content escaped."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import Query

from indexer.german.analysis import TOKEN_PATTERN, analyze, fold_feminine, index_term, umlaut_stem
from indexer.german.compounds import split_compound
from indexer.limits import LIMITS
from indexer.schema import PARTS_FIELD

SNIPPET_CHARS = 240
_NOUN = re.compile(r"\b[A-ZÄÖÜ][^\W\d_]{7,}")
_TOKEN = re.compile(TOKEN_PATTERN)


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
    """The best passages of `text` with the index `terms` marked; "" when none occurs.

    Whoosh's own fragmenter, scorer and formatter, as `whoosh.highlight.highlight` runs
    them with the German analyzer, but fed by `_tokens`.
    """
    fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=surround)
    fragments = fragmenter.fragment_tokens(text, _tokens(text, frozenset(terms), surround))
    best = highlight.top_fragments(fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST)
    return " ".join(MarkFormatter()(text, best).split())


def _tokens(text: str, terms: frozenset[str], surround: int) -> Iterator[Token]:
    """The German analyzer's tokens for highlighting (`GERMAN(text, chars=True,
    mode="query", removestops=False)`) near matched ones, each marked as matched or not.

    Written out because the analyzer's token chain over every hit's whole text was most
    of a search's time: here each word is analysed once per process (`index_term` is
    cached), and only tokens that can change the fragments are made (`_near_matches`).
    """
    found = list(_TOKEN.finditer(text))
    words = [match.group() for match in found]
    if words and max(map(len, words)) > LIMITS.max_word_chars:  # the analyzer drops them
        found = [m for m, w in zip(found, words, strict=True) if len(w) <= LIMITS.max_word_chars]
        words = [match.group() for match in found]
    terms_of = {word: index_term(word) for word in set(words)}
    matched = {word for word, term in terms_of.items() if (word if term is None else term) in terms}
    if not matched:
        return
    hits = [i for i, word in enumerate(words) if word in matched]
    token = Token(chars=True, removestops=False, mode="query")
    token.boost = 1.0
    for i in _near_matches(hits, list(map(len, words)), surround):
        word = words[i]
        term = terms_of[word]
        token.text = word if term is None else term
        token.stopped = term is None
        token.startchar, token.endchar = found[i].span()
        token.matched = word in matched
        yield token


def _near_matches(hits: list[int], lengths: list[int], surround: int) -> Iterator[int]:
    """Indices of the tokens that can shape a fragment of Whoosh's ContextFragmenter, in
    order: `hits` are the matched tokens' indices, `lengths` every token's length.

    The fragmenter counts token characters only. It starts a fragment at most `surround`
    characters before a match, so at tokens whose lengths up to the match add up to at
    most that; and it ends a fragment once the tokens after a match add up to its
    countdown, at most `2 × surround`. Tokens farther from every match change nothing.
    """
    before = [0, *accumulate(lengths)]  # before[i]: characters of the tokens before i
    upto = -1  # every index up to here has been yielded
    for i in hits:
        # The token just before a match is always given: it prunes the fragmenter's
        # list of possible starts, which may still hold tokens from before a gap.
        start = max(upto + 1, min(i - 1, bisect_left(before, before[i] - surround - 1)), 0)
        end = min(len(lengths) - 1, bisect_right(before, before[i] + 2 * surround + 1))
        if end > upto:
            yield from range(start, end + 1)
            upto = end


def compounds_with_parts(text: str, part_terms: set[str]) -> set[str]:
    """Index terms of the compounds in `text` that contain one of the matched parts."""
    if not part_terms:
        return set()
    found: set[str] = set()
    for word in set(_NOUN.findall(text)):
        if not part_terms.isdisjoint(_part_terms(word)):
            found.update(_word_terms(word))
    return found


@lru_cache(maxsize=100_000)
def _part_terms(word: str) -> frozenset[str]:
    """The index terms of a noun's compound parts (as the `parts` field has them)."""
    return frozenset(umlaut_stem(part) for part in split_compound(fold_feminine(word.lower())))


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(analyze(word))
