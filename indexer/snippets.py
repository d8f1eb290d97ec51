"""Highlighted snippets: matched whole words in context, all content escaped."""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress, count
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
_TOKEN_SPLIT = re.compile(f"({TOKEN_PATTERN})")


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

    Whoosh's own scorer and formatter, as `whoosh.highlight.highlight` runs them with the
    German analyzer and a `ContextFragmenter`; the tokens and fragments come from
    `_fragments`, which gives the fragmenter's fragments without its per-token objects.
    """
    fragments = _fragments(text, frozenset(terms), chars, surround)
    best = highlight.top_fragments(fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST)
    return " ".join(MarkFormatter()(text, best).split())


def _fragments(text: str, terms: frozenset[str], maxchars: int, surround: int) -> list[Any]:
    """What `ContextFragmenter(maxchars, surround).fragment_tokens` makes of the German
    analyzer's tokens for highlighting (`GERMAN(text, chars=True, mode="query",
    removestops=False)`), each marked as matched or not.

    Written out because the analyzer's token chain and the fragmenter's token objects
    over every hit's whole text were most of a search's time: here each word is analysed
    once per process (`index_term` is cached), only tokens that can change the fragments
    are visited (`_near_matches`), and only matched tokens become `Token` objects. The
    loop is the fragmenter's, line by line, on character offsets; `tests/test_snippets.py`
    compares the result with Whoosh's highlighter.
    """
    pieces = _TOKEN_SPLIT.split(text)  # text between tokens, token, text between, …
    words = pieces[1::2]
    ends = list(accumulate(map(len, pieces)))
    starts, stops = ends[::2], ends[1::2]
    if words and max(map(len, words)) > LIMITS.max_word_chars:  # the analyzer drops them
        kept = [i for i, word in enumerate(words) if len(word) <= LIMITS.max_word_chars]
        words, starts, stops = ([seq[i] for i in kept] for seq in (words, starts, stops))
    unique = set(words)
    terms_of = dict(zip(unique, map(index_term, unique), strict=True))
    matched = {word for word, term in terms_of.items() if (word if term is None else term) in terms}
    if not matched:
        return []
    hits = list(compress(count(), map(matched.__contains__, words)))
    lengths = list(map(len, words))
    fragments = []
    first = None  # startchar of the fragment's first token
    firsts: deque[int] = deque()  # possible starts before a match
    countdown = -1  # ≥ 0: inside a fragment
    matches: list[int] = []  # indices of the fragment's matched tokens
    endchar = 0
    length = 0  # characters of the fragment's tokens
    for i in _near_matches(hits, lengths, surround):
        word, startchar, endchar = words[i], starts[i], stops[i]
        tlength = lengths[i]
        if endchar > highlight.DEFAULT_CHARLIMIT:
            break
        is_match = word in matched
        if countdown < 0 and not is_match:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif length + tlength > maxchars:
            countdown = 0
        elif is_match:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            matches.append(i)
        if countdown >= 0:
            length += tlength
            countdown -= tlength
            if countdown <= 0:
                fragments.append(_fragment(text, words, starts, terms_of, matches, first, endchar))
                matches, firsts, first, length = [], deque(), None, 0
    if matches:
        fragments.append(_fragment(text, words, starts, terms_of, matches, first, endchar))
    return fragments


def _fragment(
    text: str,
    words: list[str],
    starts: list[int],
    terms_of: dict[str, str | None],
    matches: list[int],
    first: int | None,
    endchar: int,
) -> Any:
    """A Whoosh `Fragment` as `highlight.mkfrag` makes it, with the matched tokens."""
    tokens = []
    for i in matches:
        word, start = words[i], starts[i]
        term = terms_of[word]
        token = Token(chars=True, removestops=False, mode="query")
        token.text = word if term is None else term
        token.stopped = term is None
        token.startchar, token.endchar, token.matched = start, start + len(word), True
        tokens.append(token)
    return highlight.mkfrag(text, tokens, startchar=first, endchar=endchar)


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
