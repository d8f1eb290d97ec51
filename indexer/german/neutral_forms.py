"""Gender-neutral person nouns and the person nouns they stand for.

Texts written in gender-neutral German say "Lehrkräfte", "Pflegekräfte", "Ansprechperson",
"Begleitperson" where a query says "Lehrer", "Pfleger", "Ansprechpartner", "Begleiter"
(and the other way round). Feminine forms and participles ("Lehrerinnen", "Lehrende") are
folded by the analysis; these are other words, formed by rule: an agent noun in "-er"
and its "-kraft" or "-person" compound, "-partner" and "-person", the participle of a verb
in "-ieren" and its agent noun in "-ent"/"-ant". The rules propose
spellings; the search keeps those some entry has (`QueryBuilder._has_term`), so a guessed
word that German does not have costs nothing.
Hand-written: no German lexical resource on PyPI or in Debian lists these pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.german.lemmas import agent_noun

MIN_STEM = 3  # "Lehr", "Leit": a shorter rest is no agent noun's stem
_LINKS = ("", "e", "s", "ungs")  # Lehr|kraft, Pflege|kraft, Arbeits|kraft, Betreuungs|kraft
# The participle of a verb in "-ieren" as a noun and the agent noun in "-ent"/"-ant" of
# the same verb: Studierende/Studenten, Dozierende/Dozenten, Migrierende/Migranten.
_IERENDE = re.compile(r"(.{3,})ierende[nr]?")
_AGENT_ENT = re.compile(r"(.{3,})[ae]nt(?:en|in|innen)?")
_KRAFT = re.compile(r"(.{3,})(?:kraft|kräfte|kräften)")
_ENDE = re.compile(r"(.{3,})ende[nr]?")


@lru_cache(maxsize=50_000)
def neutral_counterparts(word: str) -> tuple[str, ...]:
    """Lower-case words that name the persons of the lower-case `word` gender-neutrally,
    or the other way round: "lehrer" → lehrkraft, lehrperson, …; "ansprechpartner" ↔
    "ansprechperson(en)"; "studierende" ↔ "studenten".

    A "-kraft" word gives its agent noun if the analysis keeps that apart from its
    stem-mates (`agent_noun`: "lehrkräfte" → "lehrer", not "Lehre"); a participle noun
    in "-ende" gives what its agent noun gives ("lehrende" → lehrkraft, …).
    """
    if match := _IERENDE.fullmatch(word):  # "Studierende" are "Studenten"
        stem = match.group(1)
        return (stem + "ent", stem + "ant")
    if match := _AGENT_ENT.fullmatch(word):  # and the other way round
        return (match.group(1) + "ierende",)
    if match := _KRAFT.fullmatch(word):  # "Lehrkräfte", "Pflegekraft", "Betreuungskräfte"
        stem = match.group(1)
        # the links of _LINKS taken off: Lehr|kraft, Pflege|kraft, Arbeits|, Betreuungs|
        bases = (stem, stem.removesuffix("s"), stem.removesuffix("ungs"))
        agents = (base + ("r" if base.endswith("e") else "er") for base in bases)
        return tuple(dict.fromkeys(a for a in agents if agent_noun(a, persons=True) == a))
    if match := _ENDE.fullmatch(word):  # "Lehrende", "Pflegenden" as "Lehrer", "Pfleger"
        word = match.group(1) + "er"
    for head in ("person", "personen"):
        if word.endswith(head) and len(word) - len(head) >= MIN_STEM:
            return (word[: -len(head)] + "partner",)
    if word.endswith("partner") and len(word) - len("partner") >= MIN_STEM:
        return (word[: -len("partner")] + "person",)
    if word.endswith("er") and len(word) - 2 >= MIN_STEM:
        stem = word[:-2]
        return tuple(stem + link + head for head in ("kraft", "person") for link in _LINKS)
    return ()
