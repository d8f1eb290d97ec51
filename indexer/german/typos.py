"""Typos the index's own spellings cannot correct: "Ausbildunsgabbruch" → "Ausbildungsabbruch".

A long word, a compound above all, is often not in the index as the texts write it
("traumatisierten" where they say "traumatisiert", "Ausbildungsabbruch" where they say
"Ausbildungsabbrüche"), so a typo in it has no close spelling there, while its stem or
its parts are. Such a word is corrected where one edit (a letter dropped, added, changed,
or two swapped) makes it a word of the word list ("Kinderagrten" → "Kindergarten",
"traumatsiierten" → "traumatisierten") or, keeping the parts before and after the typo as
they are, a compound with one part repaired ("Handwerksuasbildung" → "Handwerk|s|
ausbildung"). Hand-written: spelling libraries correct against a dictionary of whole
words, and no dictionary lists every compound German can form.
"""

from __future__ import annotations

from functools import lru_cache

from indexer.german.compounds import (
    INFLECTIONS,
    MIN_PART,
    fold_sharp_s,
    is_known_word,
    is_part,
    lexicon,
    linked_cores,
    split_compound,
    zipf,
)
from indexer.limits import LIMITS

ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"
MIN_LENGTH = 8  # shorter words are left to the index's close spellings
MAX_PIECE = 18  # a part with its linking letters ("Qualifizierungs" has 15)
MAX_PIECES = 16  # pieces tried per word: bounds the time a long hostile word takes
# Candidates kept: the search uses those whose parts its entries have, so a repair with a
# part no entry has ("brach|patenschaft" for "prachpatenschaft") must not crowd out the
# one it has ("sprach|patenschaft").
CORRECTIONS = 8


@lru_cache(maxsize=4096)
def word_list_corrections(word: str) -> tuple[str, ...]:
    """Words one edit away from a lower-case word that is no word itself, best first:
    listed words by frequency, then repaired compounds with the fewest, most frequent
    parts (the rarest part first, then all of them)."""
    if not MIN_LENGTH <= len(word) <= LIMITS.max_word_chars or not word.isalpha():
        return ()
    if is_known_word(word) or split_compound(word, common=True):
        return ()
    ranked: dict[str, tuple[float, ...]] = {}
    for variant in _edits(word):
        if frequency := zipf(variant):
            ranked[variant] = (0, -frequency)
    ends = _suffix_starts(word)
    pieces = [
        (start, end)
        for start in _prefix_ends(word)
        for end in ends
        if MIN_PART - 1 <= end - start <= MAX_PIECE and (start, end) != (0, len(word))
    ]
    for start, end in sorted(pieces, key=lambda piece: piece[1] - piece[0])[:MAX_PIECES]:
        last = end == len(word)
        for variant in _edits(word[start:end]):
            candidate = word[:start] + variant + word[end:]
            if candidate in ranked or not _is_part(variant, last):
                continue
            if parts := split_compound(candidate, common=True):
                frequencies = [zipf(part) for part in parts]
                ranked[candidate] = (1, float(len(parts)), -min(frequencies), -sum(frequencies))
    # The candidate itself last: edits come from a set, whose order changes per process.
    return tuple(sorted(ranked, key=lambda c: (*ranked[c], c))[:CORRECTIONS])


def _is_part(piece: str, last: bool) -> bool:
    """A compound's last part as it is, or an earlier one with its linking letters."""
    if last:
        return _listed_noun(piece) and is_part(piece, last=True)
    return any(_listed_stem(core) and is_part(core, last=False) for core, _ in linked_cores(piece))


def _listed_noun(piece: str) -> bool:
    """A cheap first test: the word list has the piece, or it without a noun ending."""
    words = lexicon()
    folded = fold_sharp_s(piece)
    return any(
        folded[: len(folded) - len(ending)] in words
        for ending in INFLECTIONS
        if folded.endswith(ending)
    )


def _listed_stem(core: str) -> bool:
    """A cheap first test: the word list has the core as a word, with "e" or as a verb."""
    words = lexicon()
    folded = fold_sharp_s(core)
    return any(form in words for form in (folded, folded + "e", folded + "n", folded + "en"))


def _prefix_ends(word: str) -> list[int]:
    """Where the word may continue after leading parts that are spelled right (0 first)."""
    ends = [0]
    for start in ends:
        for end in range(start + MIN_PART, len(word)):
            if end not in ends and _is_part(word[start:end], last=False):
                ends.append(end)
    return ends


def _suffix_starts(word: str) -> list[int]:
    """Where trailing parts that are spelled right may begin (the word's end included)."""
    starts = [len(word)]
    for start in range(1, len(word) - MIN_PART + 1):
        rest = word[start:]
        if is_part(rest, last=True) or split_compound(rest, common=True):
            starts.append(start)
    return starts


def _edits(word: str) -> set[str]:
    """Every spelling one edit away (Damerau: a swap of neighbours is one edit)."""
    return set().union(*(edits_at(word, i) for i in range(len(word) + 1)))


def edits_at(word: str, i: int) -> set[str]:
    """The spellings one edit away at place `i`: its letter dropped, swapped with the next
    or changed, or a letter added before it."""
    left, right = word[:i], word[i:]
    found = {left + c + right for c in ALPHABET}
    if right:
        found.add(left + right[1:])
        found |= {left + c + right[1:] for c in ALPHABET}
    if len(right) > 1:
        found.add(left + right[1] + right[0] + right[2:])
    found.discard(word)
    return found
