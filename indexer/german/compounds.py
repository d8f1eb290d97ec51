"""German decompounding against a word list with linking elements (-s-, -es-, -n-, -en-, …).

"Flüchtlingsunterkunft" → ("flüchtling", "unterkunft"). The word list (indexer/data,
derived from wordfreq) gives each word's frequency: common words such as "insgesamt" are
never split, and every part must itself be a known word of at least four letters, so no
stray fragments ("e", "ins") are produced. Hand-written: the candidate libraries are GPL,
huge or slow (CharSplit, HanTa), or ignore linking elements.
"""

from __future__ import annotations

import gzip
import re
from functools import cache, lru_cache
from pathlib import Path

from indexer.limits import LIMITS

LEXICON_FILE = Path(__file__).parent.parent / "data" / "de_lexicon.tsv.gz"
LINKS = ("", "s", "es", "n", "en", "er", "e", "ns", "ens")
MIN_PART = 4
MIN_WORD = 2 * MIN_PART
PART_ZIPF = 3.0  # every part must be this common (Zipf scale: 3 ≈ once per million words)
TAIL_ZIPF = 3.0
NEVER_SPLIT_ZIPF = 3.3  # words this common are words in their own right ("Teilhabe")
# Derivational endings that the word list also holds as words: never a compound's part.
SUFFIX_TAILS = frozenset(
    {"lich", "liche", "lichen", "licher", "liches", "ung", "ungen", "nis", "nisse", "nissen",
     "heit", "heiten", "keit", "keiten", "schaft", "schaften", "isch", "ische", "ischen",
     "ischer", "isches", "ende", "enden", "ender", "endes", "isse", "ingen", "lung", "lungen",
     "iker", "niker", "nomen", "williges", "willige", "willigen"}
)  # fmt: skip


@cache
def lexicon() -> dict[str, float]:
    """Lower-case German word → Zipf frequency."""
    words: dict[str, float] = {}
    with gzip.open(LEXICON_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                word, _, zipf = line.rstrip("\n").partition("\t")
                words[word] = float(zipf)
    return words


@cache
def _part_stems() -> frozenset[str]:
    from indexer.german.analysis import stem

    return frozenset(stem(w) for w, z in lexicon().items() if z >= PART_ZIPF and len(w) >= 4)


def _zipf(word: str) -> float:
    return lexicon().get(word, 0.0)


def _known_head(core: str) -> float:
    """Frequency of a non-final part as written or with an elided "e" (Sprach-e, Schul-e)."""
    if core in _stop_words():
        return 0.0
    return max(_zipf(core), _zipf(core + "e"))


@cache
def _stop_words() -> frozenset[str]:
    from indexer.german.analysis import STOP_WORDS

    return STOP_WORDS


def _known_tail(part: str) -> float:
    """Frequency of the final part, inflected forms included (…patenschaften)."""
    from indexer.german.analysis import stem

    if part in SUFFIX_TAILS or part in _stop_words():
        return 0.0
    zipf = _zipf(part)
    if zipf >= TAIL_ZIPF:
        return zipf
    return PART_ZIPF if stem(part) in _part_stems() else 0.0


def is_common_word(word: str) -> bool:
    """True for a correctly spelled, reasonably common German word (not a typo)."""
    return _zipf(word) >= PART_ZIPF


@lru_cache(maxsize=300_000)
def split_compound(word: str, common: bool = False) -> tuple[str, ...]:
    """The parts of a lower-case compound, linking elements removed; () if it is none.

    Common words ("Arbeitsplatz", "insgesamt") are words in their own right and stay
    whole unless `common` is set. A word typed with ae/oe/ue ("buergerbeteiligung") is
    also tried with umlauts.
    """
    if not MIN_WORD <= len(word) <= LIMITS.max_word_chars or not word.isalpha():
        return ()
    if not common and _zipf(word) >= NEVER_SPLIT_ZIPF:
        return ()
    best = _segment(word)
    if best and len(best[1]) > 1 and _rarer_than_parts(word, best[1]):
        return best[1]
    written = _DIGRAPH.sub(lambda m: _UMLAUT[m.group(0)], word)
    return split_compound(written, common) if written != word else ()


def _rarer_than_parts(word: str, parts: tuple[str, ...]) -> bool:
    """A compound is rarer than each of its parts; a common word more frequent than one
    of them has a meaning of its own ("Weihnachten", "Deutschland", "Freiburg")."""
    zipf = _zipf(word)
    if zipf < NEVER_SPLIT_ZIPF:
        return True
    return all(max(_zipf(part), _zipf(part + "e")) > zipf for part in parts)


_DIGRAPH = re.compile(r"ae|oe|(?<!q)ue")
_UMLAUT = {"ae": "ä", "oe": "ö", "ue": "ü"}


def _segment(word: str) -> tuple[tuple[int, float], tuple[str, ...]] | None:
    """Best segmentation: fewest parts, then the most frequent rarest part."""
    best: dict[int, tuple[tuple[int, float], tuple[str, ...]] | None] = {}

    def solve(start: int) -> tuple[tuple[int, float], tuple[str, ...]] | None:
        if start in best:
            return best[start]
        rest = word[start:]
        result = None
        tail = _known_tail(rest) if start and len(rest) >= MIN_PART else 0.0
        if tail >= TAIL_ZIPF:
            result = ((-1, tail), (rest,))
        for end in range(start + MIN_PART, len(word) - MIN_PART + 1):
            piece = word[start:end]
            for link in LINKS:
                if link and not piece.endswith(link):
                    continue
                core = piece[: len(piece) - len(link)]
                if len(core) < MIN_PART:
                    continue
                head = _known_head(core)
                if head < PART_ZIPF:
                    continue
                follow = solve(end)
                if follow is None:
                    continue
                (count, rarest), parts = follow
                candidate = ((count - 1, min(rarest, head)), (core, *parts))
                if result is None or candidate[0] > result[0]:
                    result = candidate
        best[start] = result
        return result

    return solve(0)
