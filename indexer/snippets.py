"""Highlighted snippets: matched whole words in context, all content escaped."""

from __future__ import annotations

import html
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate, compress, count
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import Query

from indexer.bounded_cache import BoundedCache
from indexer.german.analysis import TOKEN_PATTERN, analyze, fold_feminine, index_term, umlaut_stem
from indexer.german.compounds import split_compound
from indexer.limits import LIMITS
from indexer.schema import PARTS_FIELD

SNIPPET_CHARS = 240
TEXT_TOKENS_BYTES = 32 << 20  # the tokens of about 2,500 entries' texts (12 kB each)
_NOUN = re.compile(r"[A-ZÄÖÜ](?<!\w[A-ZÄÖÜ])[^\W\d_]{7,}")  # \b[A-ZÄÖÜ]…, found faster
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
        if not text:
            continue
        tokens = _TEXTS.get(text, partial(Tokens.of, text))
        wanted = set(terms.get(name, ())) | tokens.compounds_with_parts(parts)
        if not wanted:
            continue
        fragment = tokens.highlighted(frozenset(wanted))
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
    them with the German analyzer and a `ContextFragmenter` (see `Tokens`).
    """
    return Tokens.of(text).highlighted(frozenset(terms), chars, surround, top)


@dataclass(frozen=True, slots=True)
class Tokens:
    """What highlighting needs of a text, whatever the query: the German analyzer's tokens
    for highlighting (`GERMAN(text, chars=True, mode="query", removestops=False)`) as
    offsets, grouped by index term (for a stop word: the word as written, which is what
    Whoosh compares), and the text's long capitalised words (for compound parts).

    Written out, and kept per text (`_TEXTS`), because the analyzer's token chain and the
    fragmenter's token objects over every hit's whole text were most of a search's time.
    """

    text: str
    starts: array[int]
    lengths: array[int]
    before: array[int]  # before[i]: the characters of the tokens before token i
    keys: tuple[str, ...]  # each token's index term (stop word: the word as written)
    nouns: tuple[str, ...]  # distinct capitalised words of 8 letters or more

    @classmethod
    def of(cls, text: str) -> Tokens:
        pieces = _TOKEN_SPLIT.split(text)  # text between tokens, token, text between, …
        words = pieces[1::2]
        starts = list(accumulate(map(len, pieces)))[: 2 * len(words) : 2]
        if words and max(map(len, words)) > LIMITS.max_word_chars:  # the analyzer drops them
            kept = [i for i, word in enumerate(words) if len(word) <= LIMITS.max_word_chars]
            words, starts = [words[i] for i in kept], [starts[i] for i in kept]
        unique = set(words)
        key_of = {
            word: word if term is None else term
            for word, term in zip(unique, map(index_term, unique), strict=True)
        }
        lengths = array("I", map(len, words))
        return cls(
            text,
            array("I", starts),
            lengths,
            array("I", [0, *accumulate(lengths)]),
            tuple(map(key_of.__getitem__, words)),
            tuple(set(_NOUN.findall(text))),
        )

    def size(self) -> int:
        """About the bytes this takes with its text, for the cache's budget (measured: 46
        a token; index terms are shared with `index_term`'s cache)."""
        return 500 + sys.getsizeof(self.text) + 46 * len(self.keys)

    def compounds_with_parts(self, part_terms: set[str]) -> set[str]:
        """Index terms of the compounds in the text that contain one of the matched parts."""
        found: set[str] = set()
        if part_terms:
            for word in self.nouns:
                if not part_terms.isdisjoint(_part_terms(word)):
                    found.update(_word_terms(word))
        return found

    def highlighted(
        self, terms: frozenset[str], chars: int = SNIPPET_CHARS, surround: int = 70, top: int = 2
    ) -> str:
        """The best passages with the index `terms` marked; "" when none occurs."""
        fragments = self._fragments(terms, chars, surround)
        scorer = highlight.BasicFragmentScorer()
        best = highlight.top_fragments(fragments, top, scorer, highlight.FIRST)
        return " ".join(MarkFormatter()(self.text, best).split())

    def _fragments(self, terms: frozenset[str], maxchars: int, surround: int) -> list[Any]:
        """What `ContextFragmenter(maxchars, surround).fragment_tokens` makes of the tokens,
        each marked as matched or not.

        Its loop, line by line, on character offsets, over only the tokens that can change
        a fragment (`_near_matches`); only matched tokens become `Token` objects.
        `tests/test_snippets.py` compares the result with Whoosh's highlighter.
        """
        keys, starts, lengths = self.keys, self.starts, self.lengths
        hits = list(compress(count(), map(terms.__contains__, keys)))
        if not hits:
            return []
        hit = set(hits)
        fragments = []
        first = None  # startchar of the fragment's first token
        firsts: deque[int] = deque()  # possible starts before a match
        countdown = -1  # ≥ 0: inside a fragment
        matches: list[Token] = []  # the fragment's matched tokens
        endchar = 0
        length = 0  # characters of the fragment's tokens
        for i in _near_matches(hits, self.before, surround):
            startchar = starts[i]
            tlength = lengths[i]
            endchar = startchar + tlength
            if endchar > highlight.DEFAULT_CHARLIMIT:
                break
            matched = i in hit
            if countdown < 0 and not matched:
                firsts.append(startchar)
                while firsts and endchar - firsts[0] > surround:
                    firsts.popleft()
            elif length + tlength > maxchars:
                countdown = 0
            elif matched:
                countdown = surround
                if first is None:
                    if firsts:
                        first = firsts[0]
                    else:
                        first = startchar
                        countdown += surround
                matches.append(_token(keys[i], startchar, endchar))
            if countdown >= 0:
                length += tlength
                countdown -= tlength
                if countdown <= 0:
                    fragments.append(highlight.mkfrag(self.text, matches, first, endchar))
                    matches, firsts, first, length = [], deque(), None, 0
        if matches:
            fragments.append(highlight.mkfrag(self.text, matches, first, endchar))
        return fragments


def _token(text: str, startchar: int, endchar: int) -> Token:
    """A matched token as the analyzer makes it (the scorer and the formatter read its
    text, boost and offsets)."""
    token = Token(chars=True, removestops=False, mode="query")
    token.text, token.startchar, token.endchar, token.matched = text, startchar, endchar, True
    return token


# Each text's tokens while they fit: the texts of hits recur across searches.
_TEXTS: BoundedCache[Tokens] = BoundedCache(TEXT_TOKENS_BYTES, Tokens.size)


def _near_matches(hits: list[int], before: list[int], surround: int) -> Iterator[int]:
    """Indices of the tokens that can shape a fragment of Whoosh's ContextFragmenter, in
    order: `hits` are the matched tokens' indices, `before[i]` the characters of the
    tokens before token i (one entry more than there are tokens).

    The fragmenter counts token characters only. It starts a fragment at most `surround`
    characters before a match, so at tokens whose lengths up to the match add up to at
    most that; and it ends a fragment once the tokens after a match add up to its
    countdown, at most `2 × surround`. Tokens farther from every match change nothing.
    """
    last = len(before) - 2  # the last token
    upto = -1  # every index up to here has been yielded
    for i in hits:
        # The token just before a match is always given: it prunes the fragmenter's
        # list of possible starts, which may still hold tokens from before a gap.
        start = max(upto + 1, min(i - 1, bisect_left(before, before[i] - surround - 1)), 0)
        end = min(last, bisect_right(before, before[i] + 2 * surround + 1))
        if end > upto:
            yield from range(start, end + 1)
            upto = end


@lru_cache(maxsize=100_000)
def _part_terms(word: str) -> frozenset[str]:
    """The index terms of a noun's compound parts (as the `parts` field has them)."""
    return frozenset(umlaut_stem(part) for part in split_compound(fold_feminine(word.lower())))


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(analyze(word))
