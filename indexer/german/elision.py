"""Compounds written with a hyphen for their shared part ("Ergänzungsstrich"): "Haupt- und
Ehrenamt" is "Hauptamt und Ehrenamt", "Kinder- und Jugendbüro" says "Kinderbüro",
"Migrations- oder Fluchtgeschichte" says "Migrationsgeschichte". The completed words are
indexed with an entry's text, so that a search for "Hauptamt" finds it.

Hand-written: no German NLP library on PyPI expands these; the splitter gives the parts.
"""

from __future__ import annotations

import re

from indexer.german.compounds import is_known_word, split_compound
from indexer.german.lemmas import word_class
from indexer.limits import LIMITS

MAX_COMPLETED = 200  # per text: the words a long text adds stay few
MIN_FIRST, MIN_REST = 2, 3  # "Ein-|gang"; a rest of three letters at least ("bau")
# A capitalised word with a trailing hyphen, a conjunction, and the word it shares a part with.
_ELIDED = re.compile(
    r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]{2,})-\s+(?:und|oder|bzw\.|sowie|&)\s+([A-ZÄÖÜ][a-zäöüß]{3,})\b"
)
# One more such word of a list before it ("Musik-, Gesang- und Trachtenvereine"), looked
# for right before: a pattern for the whole list took quadratic time on a long "Abc-, Abc-, …".
_LISTED_BEFORE = re.compile(r"(?<![\w-])([A-ZÄÖÜ][a-zäöüß]{2,})-,\s*$")
MAX_LISTED, LISTED_SPAN = 8, 48  # words of a list before the last; characters to look back


def completed_compounds(text: str) -> list[str]:
    """The words a text leaves to be completed by a later compound's head, each once:
    "Haupt- und Ehrenamt" → ["Hauptamt"], "Frauen- und Familienzentrum" →
    ["Frauenzentrum"], "Musik-, Gesang- und Trachtenvereine" → ["Musikvereine",
    "Gesangvereine"]. The later word's first part is replaced ("Haus- und
    Grundbesitzerverein" → "Hausbesitzerverein"); a later word that is no compound gives
    nothing ("Auf- und Ausbau")."""
    found: dict[str, None] = {}
    for match in _ELIDED.finditer(text):
        if len(found) >= MAX_COMPLETED:
            break
        last, later = match.groups()
        if len(later) > LIMITS.max_word_chars:  # no word: each cut of it cost a new string
            continue
        for first in [*_listed_before(text, match.start()), last]:
            if (completed := _completed(first, later)) is not None:
                found[completed] = None
    return list(found)


def _completed(first: str, later: str) -> str | None:
    lower = later.lower()
    parts = split_compound(lower, common=True)
    if len(parts) >= 2:
        atom = parts[0]
        # "Grund|besitzer|verein", but "Freizeit|angebote": "frei" is no noun to replace
        while (inner := split_compound(atom, common=True)) and _is_noun(inner[0]):
            atom, parts = inner[0], (*inner, *parts[1:])
        at = lower.find(parts[1], len(atom))
        return first + lower[at:] if at > 0 else None
    # no compound of nouns ("Ehrenamtlichen", "Ausbau"): the word the first makes with the
    # later word's rest after a shorter beginning ("Haupt|amtlichen", "Auf|bau")
    for cut in range(len(lower) - MIN_REST, MIN_FIRST - 1, -1):
        completed = first.lower() + lower[cut:]
        if is_known_word(completed) and is_known_word(lower[:cut]):
            return first + lower[cut:]
    return None


def _listed_before(text: str, end: int) -> list[str]:
    """The words of a list with trailing hyphens that ends at `end`, in order."""
    found: list[str] = []
    while len(found) < MAX_LISTED and (
        match := _LISTED_BEFORE.search(text, max(0, end - LISTED_SPAN), end)
    ):
        found.append(match.group(1))
        end = match.start()
    return found[::-1]


def _is_noun(word: str) -> bool:
    return "N" in word_class(word)
