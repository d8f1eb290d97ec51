"""Typo handling: close spellings from the index for unknown words, and "Meinten Sie …?"."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from indexer.german.analysis import STOP_WORDS, normalize_query
from indexer.german.compounds import is_common_word
from indexer.limits import LIMITS
from indexer.schema import PARTS_FIELD, SEARCH_FIELDS

_WORD = re.compile(r"\b[^\W\d_]{3,}\b(?!:)")
_OPERATORS = {"and", "or", "not", "to"}


SPELLING_FIELD = "spell"
CANDIDATES = 8  # close spellings looked at, of which those in visible entries are used


def _everywhere(word: str) -> bool:
    return True


class Corrections:
    """Close spellings from the index for a word the index does not know (typo fallback).

    `visible` tells whether a spelling occurs in an entry the searcher may see: a word
    found only in drafts is never offered; `known` is `known_term` on the searcher
    (given: a cached one).
    """

    def __init__(
        self,
        searcher: Any,
        visible: Callable[[str], bool] = _everywhere,
        known: Callable[[str], bool] | None = None,
    ):
        self.searcher = searcher
        self.visible = visible
        self.known = known or partial(known_term, searcher)
        self.corrector: Any = None
        self.cache: dict[str, list[str]] = {}

    def __call__(self, word: str) -> list[str]:
        lower = word.lower()
        if lower not in self.cache:
            self.cache[lower] = self._find(lower)
        return self.cache[lower]

    def _find(self, lower: str) -> list[str]:
        if not 4 <= len(lower) <= LIMITS.max_word_chars or lower in STOP_WORDS:
            return []
        if self.known(lower):
            return []
        if is_common_word(lower):  # a real word the index lacks is no typo ("Sprache")
            return []
        self.corrector = self.corrector or self.searcher.corrector(SPELLING_FIELD)
        maxdist = 1 if len(lower) < 6 else 2
        options = self.corrector.suggest(lower, limit=CANDIDATES, maxdist=maxdist, prefix=1)
        return [option for option in options if self.visible(option)][:3]


def suggest(
    searcher: Any,
    text: str,
    visible: Callable[[str], bool] = _everywhere,
    known: Callable[[str], bool] | None = None,
) -> str | None:
    """ "Meinten Sie …?": replace words the index does not know by close known words
    that occur in a visible entry (`known`: `in_index` on the searcher, or a cached one)."""
    known = known or partial(in_index, searcher)
    corrector = None
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal corrector, changed
        word = match.group(0)
        lower = word.lower()
        if len(lower) > LIMITS.max_word_chars or lower in _OPERATORS or lower in STOP_WORDS:
            return word
        if known(lower) or is_common_word(lower):
            return word
        corrector = corrector or searcher.corrector(SPELLING_FIELD)
        options = corrector.suggest(lower, limit=CANDIDATES, maxdist=2, prefix=1)
        best = next((option for option in options if visible(option)), None)
        if best is None:
            return word
        changed = True
        return best.capitalize() if word[:1].isupper() else best

    # Without the gender mark "Teilnehmer*innen" is one word, not "Teilnehmer" + "innen".
    suggestion = _WORD.sub(replace, normalize_query(text))
    return suggestion if changed else None


def in_index(searcher: Any, word: str) -> bool:
    """True when the (lower-case) word is in the spelling word list or `known_term`."""
    return (SPELLING_FIELD, word) in searcher.reader() or known_term(searcher, word)


def known_term(searcher: Any, word: str) -> bool:
    """True when the analysed word occurs in some searched field (e.g. "Fuehrerschein")."""
    schema = searcher.schema
    for name in (*SEARCH_FIELDS, PARTS_FIELD):
        if name not in schema:
            continue
        terms = list(schema[name].process_text(word, mode="query"))
        if terms and all(searcher.reader().doc_frequency(name, t) for t in terms):
            return True
    return False
