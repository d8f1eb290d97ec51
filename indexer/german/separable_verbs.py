"""Separable verbs split in a sentence, joined again: "Wie bauen wir einen Helferkreis auf?"
asks about "aufbauen", "Unser Asylkreis löst sich auf" about "auflösen".

German puts a separable verb's particle at the end of its clause. Searched apart, the verb
("bauen", "lösen") means something else, and the particle is a stop word: the entries on
"Aufbau" and "Auflösung" were missed. Hand-written: no German library on PyPI that this
project can use joins them (spaCy's models are not on PyPI).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from indexer.german.derivation import SEPARABLE_PREFIXES, infinitive_of, is_common_verb

MAX_GAP = 8  # words between the verb and its particle ("Wie binden wir … Eltern … ein")
TEXT_GAP = 12  # in an entry's sentences, which are longer than queries
# Also separable in some verbs ("Wie setzen wir das um?", "Wo bringen wir sie unter?"), and
# parts of particle verbs that are words of their own ("teil|nehmen", "zusammen|arbeiten").
PARTICLES = frozenset(
    (*SEPARABLE_PREFIXES, "um", "durch", "unter", "teil", "zusammen", "statt", "fort", "weiter")
    + ("heim", "hinzu", "kennen", "bereit", "vorbei", "voran", "wieder", "heraus", "dabei")
)
# A clause also ends before these ("Wer holt die Kinder ab und bringt sie heim?").
_CLAUSE_WORDS = frozenset(("und", "oder", "aber", "sondern", "wenn", "weil", "dass", "damit"))
_TOKEN = re.compile(r"\S+")
_PUNCTUATION = ",;.!?:"
_WORD = re.compile(r"[^\W\d_]+")


def join_separable_verbs(text: str) -> str:
    """`text` with each particle that ends a clause joined to the nearest verb before it
    whose particle verb is a common word: "Wie melden wir Kinder an?" → "Wie anmelden wir
    Kinder?". Other text stays as it is."""
    tokens = _TOKEN.findall(text)
    joins = list(_joins(tokens))
    if not joins:
        return text
    for verb_at, at, verb in joins:
        token = tokens[at]
        particle = token.rstrip(_PUNCTUATION)
        word = tokens[verb_at].rstrip(_PUNCTUATION)
        tokens[verb_at] = verb + tokens[verb_at][len(word) :]
        tokens[at] = ""
        tokens[at - 1] += token[len(particle) :]  # the clause's punctuation stays
    return " ".join(token for token in tokens if token)


def particle_verbs(text: str) -> list[str]:
    """The particle verbs a text says split, each once: "Die Treffen finden montags
    statt. Wir laden alle ein." → ["stattfinden", "einladen"]; an entry that says so is
    found by "stattfinden" too (`building.document_for`)."""
    return list(dict.fromkeys(verb for _, _, verb in _joins(_TOKEN.findall(text), TEXT_GAP)))


def _joins(tokens: list[str], gap: int = MAX_GAP) -> Iterator[tuple[int, int, str]]:
    """(place of the verb, place of its particle, the particle verb) of each particle that
    ends a clause and joins a verb before it."""
    if len(tokens) < 2:
        return
    for at, token in enumerate(tokens):
        particle = token.rstrip(_PUNCTUATION)  # a clause's punctuation after it
        if particle not in PARTICLES:
            continue
        last = at == len(tokens) - 1
        ends_clause = last or particle != token or tokens[at + 1].lower() in _CLAUSE_WORDS
        if not ends_clause or at == 0:
            continue
        found = _verb_before(tokens, at, particle, gap)
        if found is not None:
            yield found[0], at, found[1]


def _verb_before(tokens: list[str], at: int, particle: str, gap: int) -> tuple[int, str] | None:
    """(place, particle verb) of the nearest word before `at` in the same clause that is a
    form of a verb which, with the particle, is a common verb."""
    for place in range(at - 1, max(-1, at - 1 - gap), -1):
        token = tokens[place]
        word = token.rstrip(_PUNCTUATION)
        if word != token or (token.lower() in _CLAUSE_WORDS and not _joins_nouns(tokens, place)):
            return None  # the clause began after it
        if not _WORD.fullmatch(word) or (word[:1].isupper() and place > 0):
            continue  # a noun, a number, syntax
        if (verb := _particle_verb(word, particle)) is not None:
            return place, verb
    return None


def _joins_nouns(tokens: list[str], place: int) -> bool:
    """Whether the "und" or "oder" at `place` joins nouns ("bereiten Kinder und Eltern …
    vor"), not clauses ("holt die Kinder ab und bringt sie heim")."""
    following = tokens[place + 1] if place + 1 < len(tokens) else ""
    return tokens[place].lower() in ("und", "oder") and following[:1].isupper()


@lru_cache(maxsize=100_000)  # pure; entries repeat their verbs
def _particle_verb(word: str, particle: str) -> str | None:
    """The common particle verb of a verb form and its particle ("löst", "auf" →
    "auflösen"; "macht", "mit" → "mitmachen"; "bauen", "auf" → "aufbauen"), or None."""
    lower = word.lower()
    # Snowball stems regular forms alike, so only irregular ones are in the verb tables:
    # a regular one is tried as "-t", "-st", "-e" or the infinitive itself.
    candidates = [infinitive_of(lower), lower, lower[:-1] + "en", lower[:-2] + "en", lower + "n"]
    for verb in candidates:
        if verb and len(verb) > 3 and is_common_verb(particle + verb):
            return particle + verb
    return None
