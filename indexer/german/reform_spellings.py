"""A word's other spellings across the 1996 spelling reform, both ways.

Older documents and many people keep the old spelling ("selbständig", "Schiffahrt",
"Potential"), newer texts the new ("selbstständig", "Schifffahrt", "Potenzial"); both are
words of the word list, so neither is taken for a typo of the other. ß ↔ ss ("daß") and
ph ↔ f ("Photo") the analysis already reads as one. Hand-written: the reform's rules
that change letters are few, and no library maps spellings across it.
"""

from __future__ import annotations

import re

# Three equal consonants where a compound's parts meet, before a vowel: the old spelling
# wrote two ("Schiffahrt"; before a consonant it kept three: "Sauerstoffflasche").
_THREE_BEFORE_VOWEL = re.compile(r"([bcdfghjklmnpqrstvwxz])\1\1(?=[aeiouäöüy])")
_TWO_BEFORE_VOWEL = re.compile(r"([bcdfghjklmnpqrstvwxz])\1(?=[aeiouäöüy])")
# Letters the reform changed inside a word: "-tial"/"-tiell" after n became "-zial"/"-ziell"
# (Potential, essentiell); "selbständig" may also be written "selbstständig".
_PAIRS = (("ntial", "nzial"), ("ntiell", "nziell"), ("selbständ", "selbstständ"))
MAX_SPELLINGS = 8  # a long word with many double consonants: the first ones


def reform_spellings(lower: str) -> list[str]:
    """The other spellings of a lower-case word under the reform's letter changes,
    without the word itself; each differs from it in one place."""
    found: list[str] = []
    for match in _THREE_BEFORE_VOWEL.finditer(lower):
        found.append(lower[: match.start()] + lower[match.start() + 1 :])
    for match in _TWO_BEFORE_VOWEL.finditer(lower):
        if lower[match.start() - 1 : match.start()] != match.group(1):  # not of three
            found.append(lower[: match.start()] + match.group(1) + lower[match.start() :])
    for old, new in _PAIRS:
        for this, other in ((old, new), (new, old)):
            if this in lower:
                found.append(lower.replace(this, other))
    return [spelling for spelling in dict.fromkeys(found) if spelling != lower][:MAX_SPELLINGS]
