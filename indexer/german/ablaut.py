"""Nouns of strong verbs with a changed vowel: "Ankunft" ↔ "ankommen", "Teilnahme" ↔
"teilnehmen", "Flucht" ↔ "fliehen", "Umzug" ↔ "umziehen", "Beschluss" ↔ "beschließen",
"Umgang" ↔ "umgehen", "Beitritt" ↔ "beitreten".

Snowball stems each side apart ("ankunft", "ankomm") and derivation by "-ung" misses them,
so "Ankunft" found nothing where an entry says "angekommen". Hand-written: no library
at hand derives German nouns of ablaut. A pair counts only where both are common words
of the word lists, and nouns whose verb means something else are left out.
"""

from __future__ import annotations

from indexer.german.compounds import fold_sharp_s, is_common_word, without_dots
from indexer.german.lemmas import word_class

# (noun ending, verb ending): the noun of a prefixed strong verb ("An|kunft", "an|kommen").
_TAILS = (
    ("kunft", "kommen"), ("zug", "ziehen"), ("flucht", "fliehen"), ("schluss", "schließen"),
    ("nahme", "nehmen"), ("gabe", "geben"), ("bruch", "brechen"), ("griff", "greifen"),
    ("schnitt", "schneiden"), ("wurf", "werfen"), ("trag", "tragen"), ("sprache", "sprechen"),
    ("spruch", "sprechen"), ("schrift", "schreiben"), ("hilfe", "helfen"), ("fahrt", "fahren"),
    ("tritt", "treten"), ("gang", "gehen"),
)  # fmt: skip
# Nouns whose verb of the same letters means something else ("Aufgabe" is no giving up,
# "Vertrag" no tolerating, "Zukunft" no coming to).
_OTHER_MEANING = frozenset(
    {"aufgabe", "vertrag", "zukunft", "anspruch", "anzug", "auskunft", "ausnahme",
     "anschrift", "aufschluss", "aufzug", "zug", "verzug", "zugabe", "ertrag", "begriff",
     "bezug", "durchschnitt", "abschnitt", "angabe", "vorfahrt", "gang", "ausgang",
     "eingang", "zugang", "übergang", "durchgang", "vorgang", "nachgang", "aufgang"}
)  # fmt: skip
_PLURAL_ENDINGS = ("en", "n", "e", "")


def ablaut_verb(noun: str) -> str | None:
    """The verb of a lower-case noun or its plural: "ankunft" → "ankommen", "umzüge" →
    "umziehen", "teilnahme" → "teilnehmen"; None for others."""
    for ending in _PLURAL_ENDINGS:
        if not noun.endswith(ending):
            continue
        singular = without_dots(noun[: len(noun) - len(ending)].replace("äu", "au"))
        for noun_tail, verb_tail in _TAILS:
            if singular.endswith(noun_tail) and is_common_word(fold_sharp_s(singular)):
                if singular in _OTHER_MEANING:
                    continue
                verb = singular[: len(singular) - len(noun_tail)] + verb_tail
                return verb if _is_common_verb(verb) else None
    return None


def ablaut_noun(verb: str) -> str | None:
    """The noun of a lower-case infinitive: "ankommen" → "ankunft", "fliehen" → "flucht"."""
    spelled = fold_sharp_s(verb)  # "beschliessen" as typed without "ß"
    for noun_tail, verb_tail in _TAILS:
        if spelled.endswith(fold_sharp_s(verb_tail)):
            noun = spelled[: len(spelled) - len(fold_sharp_s(verb_tail))] + noun_tail
            known = is_common_word(fold_sharp_s(noun)) and "N" in word_class(noun)
            if known and noun not in _OTHER_MEANING and _is_common_verb(verb):
                return noun
    return None


def _is_common_verb(verb: str) -> bool:
    spelled = fold_sharp_s(verb)
    return "V" in word_class(spelled) and is_common_word(spelled)
