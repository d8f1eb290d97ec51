"""Names of the area every entry lies in: "Ehrenamt in Baden-Württemberg" is "Ehrenamt".

Every example of the knowledge base is in its region (`region` in kb/taxonomy.yaml:
Baden-Württemberg, Deutschland), so naming it says nothing of what is searched. As a
word it did harm: a few entries happen to say "Baden-Württemberg", which made it look
specific, and they came first (on the relevance set's tuning queries, "… in
Baden-Württemberg" fell from nDCG@10 0.898 to 0.635). So the names are left out of a
query that has other words; alone ("Baden-Württemberg") they are searched, which finds
the state-wide entries and the texts that name the region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from indexer.german.analysis import typed_spellings
from indexer.german.request_words import WORD, has_topic
from indexer.german.wording import quoted_list


def without_region(text: str, names: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """(`text` without the names of the region, the names as typed) when some other
    word says what it is about, else (`text`, ()). For a query without syntax
    (`query_topic`)."""
    if not names:
        return text, ()
    pattern = names_pattern(tuple(names))
    found = tuple(dict.fromkeys(match.group(0) for match in pattern.finditer(text)))
    rest = " ".join(pattern.sub(" ", text).split())
    if not found or not has_topic(rest):
        return text, ()
    return rest, found


def region_notice(found: Sequence[str]) -> str:
    """The German notice that the region's names did not narrow the search."""
    names = quoted_list(found)
    verb = "schränkt" if len(found) == 1 else "schränken"
    return f"{names} {verb} die Suche nicht ein: Alle Beispiele liegen dort."


@lru_cache(maxsize=64)
def names_pattern(names: tuple[str, ...], inflected: bool = False) -> re.Pattern[str]:
    """Any of the names, in any case, its words joined by a hyphen or space, typed with or
    without umlauts ("Baden-Wuerttemberg", "baden württemberg"), longer names first;
    `inflected`: a word may end in "n" or "s" ("auf der Schwäbischen Alb", "des
    Bodensees")."""
    ending = "(?:n|s)?" if inflected else ""
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        words = WORD.findall(name.lower())
        if words:
            spelled = ["(?:" + "|".join(_spellings(word)) + ")" + ending for word in words]
            alternatives.append(r"[-\s]+".join(spelled))
    joined = "|".join(alternatives) or r"(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{joined})(?![\w-])", re.IGNORECASE)


def _spellings(word: str) -> list[str]:
    return [re.escape(spelling) for spelling in sorted(typed_spellings([word]))]
