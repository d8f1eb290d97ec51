"""How many unrelated words the umlaut folding makes collide, read from the index vocabulary.

Snowball folds umlauts so that "Häuser" meets "Haus" and "Ärzte" meets "Arzt" — and,
unavoidably, "Bürger" meets "Burg". This lists every index term reached by words that
differ in more than the folding, so the cost of the folding is visible. Compound parts
keep their umlauts (`umlaut_stem`), so "Bürger" never matches the "-burg" of Ludwigsburg.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from indexer.german.analysis import fold_umlauts, normalize_term, umlaut_stem
from indexer.searching import Index


@dataclass(frozen=True)
class Collision:
    term: str
    words: tuple[str, ...]  # surface words from the index that share `term`


def umlaut_collisions(index: Index) -> tuple[int, list[Collision]]:
    """(number of distinct words in the vocabulary, collisions caused by umlaut folding)."""
    with index.searcher() as searcher:
        words = [w.decode("utf-8") for w in searcher.reader().lexicon("spell")]
    groups: dict[str, set[str]] = defaultdict(set)
    for word in words:
        if word.isalpha():
            groups[normalize_term(word)].add(word)
    collisions = []
    for term, members in groups.items():
        with_umlaut = {umlaut_stem(w) for w in members if fold_umlauts(w) != w}
        without = {umlaut_stem(w) for w in members if fold_umlauts(w) == w}
        # Only words written with and without umlauts meeting counts ("ae" typing is the same).
        if with_umlaut and without and with_umlaut != without:
            collisions.append(Collision(term, tuple(sorted(members))))
    collisions.sort(key=lambda c: c.term)
    return len(words), collisions
