"""Words typed cut short with a full stop ("kath.", "interkult.", "Integr."): read as the
word of the entries they begin most often, with a notice saying so.

A dotted truncation is no word of the index or the word list, so it found nothing and was
left out ("„kath“ kommt in keinem Beispiel vor"); a "*" pattern would widen it to every
word beginning alike, however rare. German has no closed list of such abbreviations
(`ev.`, `kath.`, `päd.`, `soz.`, `ehrenamtl.`, …: any word can be cut), so the entries'
own words complete them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from indexer.german.analysis import index_term
from indexer.german.compounds import cased_as, zipf

# A word of at least three letters ending in a full stop, outside dotted abbreviations
# ("z.B.", "e.V.") and not glued to a hyphen, digit or another dot.
_TRUNCATED = re.compile(r"(?<![\w.\-])([^\W\d_]{3,})\.(?=[\s,;:!?)\"']|$)")
MIN_ADDED = 2  # letters a completion adds at least: "Rat." is not "Rate"
# A word this frequent in the word list is a word before a sentence's stop ("… im Voraus.
# LG"), not a stub; the word list also has stubs without their stop, less frequent: "kath"
# 3.5, "evang" 2.9 ("bzw" 5.4 and "usw" 4.8 begin no word of the entries). The text's last
# word, whose stop more likely ends a sentence, must be rarer.
WORD_ZIPF = 4.0
LAST_WORD_ZIPF = 3.0
COMPLETIONS_SCANNED = 300  # words beginning alike looked at, alphabetically


def is_stub(word: str, last: bool) -> bool:
    """Whether a word typed with a full stop may be cut short by its frequency alone
    (`last`: the text's last word)."""
    return zipf(word.lower()) < (LAST_WORD_ZIPF if last else WORD_ZIPF)


def truncated_words(text: str) -> list[str]:
    """The words of `text` typed with a full stop after them, in order, without the stop."""
    return [match.group(1) for match in _TRUNCATED.finditer(text)]


def best_completion(prefix: str, words: Iterable[str], count: Callable[[str], int]) -> str | None:
    """Of `words` (lower case) beginning with `prefix` and at least `MIN_ADDED` letters
    longer, the most frequent form of the stem that most entries have (`count`: the
    entries a word is in), or None. Its forms count together: "interkulturelle",
    "interkulturellen" and "interkultureller" are one word of the entries."""
    lower = prefix.lower()
    by_stem: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for word in words:
        if not word.startswith(lower) or len(word) < len(lower) + MIN_ADDED:
            continue
        entries = count(word)
        stem = index_term(word)
        if not entries or stem is None:
            continue
        by_stem[stem] += entries
        forms.setdefault(stem, Counter())[word] += entries
    if not by_stem:
        return None
    # ties by the stem, then the form, alphabetically: the same reading in every process
    stem = min(by_stem, key=lambda s: (-by_stem[s], s))
    form = min(forms[stem], key=lambda f: (-forms[stem][f], f))
    return cased_as(prefix, form)


def completed(
    text: str, cut_short: Callable[[str, bool], bool], complete: Callable[[str], str | None]
) -> tuple[str, tuple[str, ...]]:
    """`text` with each word typed with a full stop that is cut short (`cut_short(word,
    last)`, `last` for the text's last word, whose stop may end a sentence) replaced by
    its completion (`complete`), and a German notice for each ("„interkult.“ gelesen als
    „interkultureller“.")."""
    notices: list[str] = []
    end = len(text.rstrip())

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        last = match.end() >= end
        if not cut_short(word, last) or (completion := complete(word)) is None:
            return match.group(0)
        notice = f"„{word}.“ gelesen als „{completion}“."
        if notice not in notices:
            notices.append(notice)
        return completion

    return _TRUNCATED.sub(replace, text), tuple(notices)
