"""Nouns made of another noun by a suffix, and that noun: a diminutive ("Häuschen" →
Haus, "Büchlein" → Buch) and a collective of persons ("Lehrerschaft" → Lehrer), for
`derivation.related_words`. Decided by the word list's classes and frequencies: a
diminutive more frequent than its noun is a word of its own ("Mädchen", "Märchen").
"""

from __future__ import annotations

from indexer.german.compounds import without_dots, zipf
from indexer.german.lemmas import word_class

NOUN_ZIPF = 3.4  # the noun is this common ("Ahne" and "Deut" are no nouns of "ähnlich", "deutlich")
_DIMINUTIVE_SUFFIXES = ("chens", "chen", "leins", "lein")


def is_plain_noun(word: str) -> bool:
    """A common word that is only a noun: "wirklich" is not "wirken", "deutlich" not "deuten"."""
    return word_class(word) == "N" and zipf(word) >= NOUN_ZIPF


def collective_base(word: str) -> str | None:
    """The persons of a collective noun in -schaft: "lehrerschaft" → "lehrer",
    "elternschaft" → "eltern", "ärzteschaft" → "ärzte"; none for "freundschaft" or
    "gesellschaft" (no such noun before it, or it does not end as persons' names do)."""
    base = word.removesuffix("en").removesuffix("schaft")
    if base == word.removesuffix("en") or not base.endswith(("er", "ern", "e", "en")):
        return None
    return base if len(base) >= 4 and is_plain_noun(base) and zipf(base) > zipf(word) else None


def diminutive_base(word: str) -> str | None:
    """The noun of a diminutive, its umlaut undone and an "-e" or "-en" restored, the most
    frequent common noun of these: "häuschen" → "haus", "büchlein" → "buch", "kätzchen"
    → "katze", "gärtchen" → "garten"; none for "kuchen" (no noun before "-chen") or a
    diminutive more frequent than its noun, a word of its own ("Mädchen", "Märchen")."""
    for suffix in _DIMINUTIVE_SUFFIXES:
        base = word.removesuffix(suffix)
        if base != word and len(base) >= 3:
            plain = without_dots(base.replace("äu", "au"))
            nouns = [
                noun
                for stem in dict.fromkeys((base, plain))
                for noun in (stem, stem + "e", stem + "en")
                if is_plain_noun(noun) and zipf(noun) > zipf(word)
            ]
            return max(nouns, key=zipf, default=None)
    return None
