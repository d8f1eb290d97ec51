"""Queries as people mistype them: one typo in the longest word, a compound typed as two
words, umlauts typed as ae/oe/ue or without their dots, all lower case or in capitals,
with punctuation; and short queries
asked as people ask for examples ("Beispiele für …", "Gibt es Erfahrungen mit …?").

The relevance set's queries are written correctly (apart from its `typo` and `umlaut`
kinds); these variants measure how much a search loses when the same need is typed
carelessly (`evaluation.robustness`). Each variant is deterministic, so a figure can be
compared between commits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from indexer.german.compounds import split_compound

DIGRAPHS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
DOTLESS = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"}
# The key to the right on a German keyboard (a slip of the finger), for lower-case letters.
NEIGHBOUR = dict(zip("qwertzuiopasdfghjklyxcvbnm", "wertzuiopüsdfghjklöxcvbnmn", strict=True))
MIN_TYPO_WORD = 5
_WORD = re.compile(r"\w+")


def _in_longest_word(edit: Callable[[str, int], str]) -> Callable[[str], str | None]:
    """A typo made by `edit(word, middle)` in the query's longest word (None: too short)."""

    def variant(query: str) -> str | None:
        words = _WORD.findall(query)
        word = max(words, key=len, default="")
        if len(word) < MIN_TYPO_WORD:
            return None
        return query.replace(word, edit(word, len(word) // 2), 1)

    return variant


def _spelled(table: dict[str, str]) -> Callable[[str], str | None]:
    def variant(query: str) -> str | None:
        if not any(char in table for char in query):
            return None
        return "".join(table.get(char, char) for char in query)

    return variant


def _lower(query: str) -> str | None:
    return query.lower() if query != query.lower() else None


def _upper(query: str) -> str | None:
    return query.upper() if query != query.upper() else None


def _compound_apart(query: str) -> str | None:
    """The query's longest compound typed as two words at its head ("Flüchtlingshilfe" →
    "Flüchtlings Hilfe"), a common German misspelling; None when it has no compound."""
    for word in sorted(_WORD.findall(query), key=len, reverse=True):
        parts = split_compound(word.lower())
        if parts and word.lower().endswith(parts[-1]):
            head = len(word) - len(parts[-1])
            apart = word[:head] + " " + word[head].upper() + word[head + 1 :]
            return query.replace(word, apart, 1)
    return None


TYPOS: dict[str, Callable[[str], str | None]] = {
    "letters swapped": _in_longest_word(lambda w, m: w[:m] + w[m + 1] + w[m] + w[m + 2 :]),
    "letter left out": _in_longest_word(lambda w, m: w[:m] + w[m + 1 :]),
    "letter doubled": _in_longest_word(lambda w, m: w[:m] + w[m] + w[m:]),
    "neighbouring key": _in_longest_word(
        lambda w, m: w[:m] + NEIGHBOUR.get(w[m], "e") + w[m + 1 :]
    ),
    "last but one letter left out": _in_longest_word(lambda w, m: w[:-2] + w[-1]),
    "compound typed apart": _compound_apart,
}


def _commas(query: str) -> str | None:
    return query.replace(" ", ", ") if " " in query and '"' not in query else None


SPELLINGS: dict[str, Callable[[str], str | None]] = {
    "ae/oe/ue/ss for ä/ö/ü/ß": _spelled(DIGRAPHS),
    "a/o/u for ä/ö/ü": _spelled(DOTLESS),
    "all lower case": _lower,
    "all capitals": _upper,
    "with a full stop": lambda query: query + ".",
    "words separated by commas": _commas,
}
MAX_ASKED_WORDS = 4  # longer queries are requests of their own ("wie gewinnen wir …")


def asked_in(form: str, query: str) -> str | None:
    """A short query asked in a question form ("Gibt es Erfahrungen mit {}?"); None for a
    query of more than MAX_ASKED_WORDS words."""
    return form.replace("{}", query) if len(_WORD.findall(query)) <= MAX_ASKED_WORDS else None


def _asked(form: str) -> Callable[[str], str | None]:
    return lambda query: asked_in(form, query)


QUESTIONS: dict[str, Callable[[str], str | None]] = {
    "asked: Beispiele für …": _asked("Beispiele für {}"),
    "asked: Gibt es Erfahrungen mit …?": _asked("Gibt es Erfahrungen mit {}?"),
    "asked: Ich suche Projekte zum Thema …": _asked("Ich suche Projekte zum Thema {}"),
}
VARIANTS = {**TYPOS, **SPELLINGS, **QUESTIONS}


def variants(query: str) -> dict[str, str]:
    """Every variant that changes the query, by name."""
    found = {name: make(query) for name, make in VARIANTS.items()}
    return {name: text for name, text in found.items() if text is not None}
