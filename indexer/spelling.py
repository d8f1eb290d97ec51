"""Typo handling: close spellings from the index for unknown words, and "Meinten Sie …?"."""

from __future__ import annotations

import re
from typing import Any

from indexer.german.analysis import STOP_WORDS, normalize_query
from indexer.german.compounds import is_common_word
from indexer.schema import PARTS_FIELD, SEARCH_FIELDS

_WORD = re.compile(r"\b[^\W\d_]{3,}\b(?!:)")
_OPERATORS = {"and", "or", "not", "to"}


class Corrections:
    """Close spellings from the index for a word the index does not know (typo fallback)."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.corrector: Any = None
        self.cache: dict[str, list[str]] = {}

    def __call__(self, word: str) -> list[str]:
        lower = word.lower()
        if lower not in self.cache:
            self.cache[lower] = self._find(lower)
        return self.cache[lower]

    def _find(self, lower: str) -> list[str]:
        if len(lower) < 4 or lower in STOP_WORDS or known_term(self.searcher, lower):
            return []
        if is_common_word(lower):  # a real word the index lacks is no typo ("Sprache")
            return []
        self.corrector = self.corrector or self.searcher.corrector("spell")
        maxdist = 1 if len(lower) < 6 else 2
        return list(self.corrector.suggest(lower, limit=3, maxdist=maxdist, prefix=1))


def suggest(searcher: Any, text: str) -> str | None:
    """ "Meinten Sie …?": replace words the index does not know by close known words."""
    reader = searcher.reader()
    corrector = None
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal corrector, changed
        word = match.group(0)
        lower = word.lower()
        if lower in _OPERATORS or lower in STOP_WORDS or ("spell", lower) in reader:
            return word
        if known_term(searcher, lower) or is_common_word(lower):
            return word
        corrector = corrector or searcher.corrector("spell")
        options = corrector.suggest(lower, limit=1, maxdist=2, prefix=1)
        if not options:
            return word
        changed = True
        return options[0].capitalize() if word[:1].isupper() else options[0]

    # Without the gender mark "Teilnehmer*innen" is one word, not "Teilnehmer" + "innen".
    suggestion = _WORD.sub(replace, normalize_query(text))
    return suggestion if changed else None


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
