"""Highlighted snippets: matched whole words in context, all content escaped."""

from __future__ import annotations

import html
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
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
        """The fragments `ContextFragmenter(maxchars, surround).fragment_tokens` makes of
        the tokens, each marked as matched or not, less those without a match (their
        score, 0, keeps them out of the result).

        The fragmenter walks every token; its state changes only at a match, where a
        fragment grows too long, and where its countdown of characters after the last
        match runs out. Each of these is found here by bisection in the tokens' offsets
        and running lengths, so the walk takes a few steps per match. Comments name the
        fragmenter's own steps; `tests/test_snippets.py` compares with Whoosh's
        highlighter, also for small sizes where every rare step happens.
        """
        hits = list(compress(count(), map(terms.__contains__, self.keys)))
        if not hits:
            return []
        starts, lengths, before = self.starts, self.lengths, self.before
        tokens = len(lengths)
        # The fragmenter stops at the first token ending after its character limit.
        stop = tokens
        if len(self.text) > highlight.DEFAULT_CHARLIMIT:
            stop = bisect_right(
                range(tokens), highlight.DEFAULT_CHARLIMIT, key=lambda i: starts[i] + lengths[i]
            )
        fragments = []
        run = 0  # the first token that may start the context before the next match
        hit = 0  # the next match in `hits`
        while True:
            while hit < len(hits) and hits[hit] < run:
                hit += 1
            if hit == len(hits) or hits[hit] >= stop:
                return fragments
            t = hits[hit]
            hit += 1
            if lengths[t] > maxchars:  # a match longer than a fragment: nothing, start over
                run = t + 1
                continue
            # Its context starts at the first token since the run began that ends at most
            # `surround` characters before the token before the match ends.
            k = bisect_left(starts, starts[t - 1] + lengths[t - 1] - surround, run, t) if t else t
            first, countdown = (starts[k], surround) if k < t else (starts[t], 2 * surround)
            matched = [_token(self.keys[t], starts[t], starts[t] + lengths[t])]
            length = lengths[t]
            countdown -= lengths[t]
            last = t  # the fragment's last token so far
            while countdown > 0:
                base = before[last + 1]
                # the next token that would make the fragment too long, the next match,
                # and the next token that would end the countdown (len(tokens): none)
                over = bisect_right(before, maxchars - length + base, last + 2) - 1
                following = hits[hit] if hit < len(hits) else tokens
                expires = bisect_left(before, countdown + base, last + 2) - 1
                u = min(over, following, expires)
                if u >= stop:  # the tokens end (or reach the limit) inside the fragment
                    end = stop if stop < tokens else tokens - 1
                    fragments.append(
                        highlight.mkfrag(self.text, matched, first, starts[end] + lengths[end])
                    )
                    return fragments
                length += before[u + 1] - base
                if u == over:  # too long: the fragment ends with u, u is left out
                    countdown = -1
                elif u == following:  # another match: the countdown starts again
                    matched.append(_token(self.keys[u], starts[u], starts[u] + lengths[u]))
                    countdown = surround - lengths[u]
                    hit += 1
                else:  # the countdown runs out
                    countdown -= before[u + 1] - base
                last = u
            fragments.append(
                highlight.mkfrag(self.text, matched, first, starts[last] + lengths[last])
            )
            run = last + 1
            if countdown == 0 and not (hit < len(hits) and hits[hit] == run):
                # At exactly zero the fragmenter takes the next token into an empty
                # fragment instead of the context of the next one.
                run += 1


def _token(text: str, startchar: int, endchar: int) -> Token:
    """A matched token as the analyzer makes it (the scorer and the formatter read its
    text, boost and offsets)."""
    token = Token(chars=True, removestops=False, mode="query")
    token.text, token.startchar, token.endchar, token.matched = text, startchar, endchar, True
    return token


# Each text's tokens while they fit: the texts of hits recur across searches.
_TEXTS: BoundedCache[Tokens] = BoundedCache(TEXT_TOKENS_BYTES, Tokens.size)


@lru_cache(maxsize=100_000)
def _part_terms(word: str) -> frozenset[str]:
    """The index terms of a noun's compound parts (as the `parts` field has them)."""
    return frozenset(umlaut_stem(part) for part in split_compound(fold_feminine(word.lower())))


@lru_cache(maxsize=100_000)
def _word_terms(word: str) -> tuple[str, ...]:
    return tuple(analyze(word))
