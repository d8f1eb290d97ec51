"""Filter values as people write them, read as the index writes them.

A link, a script or the command line may write a facet value in another case, with
"ae" for "ä", in another form ("Praxisbeispiele", "Kinder & Jugend"), by one of its
words ("Esslingen") or by a curated synonym ("PiK"): each is the value the index has,
and a value no entry has gets a German notice instead of silently finding nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from indexer.german.analysis import analyze
from indexer.limits import LIMITS
from indexer.schema import FACET_LABELS

SHOWN_VALUE = 80  # characters of an unknown filter value a notice repeats


def resolved_filters(
    written: Mapping[str, Mapping[str, int]],
    filters: dict[str, list[str]],
    synonyms: Callable[[str], list[str]] = lambda _: [],
) -> tuple[dict[str, list[str]], list[str]]:
    """(`filters` with each value as the index writes it, German notices for values no
    entry has): "sport" is "Sport", "esslingen" the one district "Landkreis Esslingen",
    "Praxisbeispiele" "Praxisbeispiel", "PiK" (by its curated `synonyms`) "Pakt für
    Integration mit den Kommunen"; a link or a script that wrote a value otherwise found
    nothing, without a word why."""
    resolved: dict[str, list[str]] = {}
    notices: list[str] = []
    for name, values in filters.items():
        known = written.get(name, {})
        resolved[name] = []
        for value in values:
            found = _known_value(known, value)
            if found is None and len(value) <= LIMITS.max_field_chars:
                named = {_known_value(known, other) for other in synonyms(value)} - {None}
                found = named.pop() if len(named) == 1 else None
            resolved[name].append(found or value)
            if found is None:
                shown = value if len(value) <= SHOWN_VALUE else value[:SHOWN_VALUE] + "…"
                notices.append(
                    f"Im Filter „{FACET_LABELS[name]}“ hat kein Beispiel den Wert „{shown}“."
                )
    return resolved, notices


def _known_value(known: Mapping[str, int], value: str) -> str | None:
    """The value as the index writes it: the same, the same but for case and umlauts
    typed as ae/oe/ue, or the one value that has it as a word ("Esslingen")."""
    if value in known:
        return value
    if len(value) > LIMITS.max_field_chars:  # longer than any front-matter value can be
        return None
    typed = _folded(value)
    same = [name for name in known if _folded(name) == typed]
    if same:
        return same[0]
    terms = _value_terms(value)  # another form: "Praxisbeispiele", "Kinder & Jugend"
    same = [name for name in known if terms and _value_terms(name) == terms]
    if len(same) == 1:
        return same[0]
    words = re.findall(r"\w+", typed)
    if not words:
        return None
    containing = [name for name in known if has_words(re.findall(r"\w+", _folded(name)), words)]
    return containing[0] if len(containing) == 1 else None


def has_words(words: list[str], wanted: list[str]) -> bool:
    """Whether `wanted` stands in `words` as a run of whole words."""
    size = len(wanted)
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


@lru_cache(maxsize=50_000)  # the index's values recur in every search with a filter
def _value_terms(value: str) -> tuple[str, ...]:
    return tuple(analyze(value))


def _folded(value: str) -> str:
    return value.casefold().translate(_UMLAUT_DIGRAPHS)


_UMLAUT_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
