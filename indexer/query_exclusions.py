"""Words a query asks to leave out: "Sportverein aber nicht Fußball", "Kultur außer
Theater", "nicht für Geflüchtete, sondern für Pflegekräfte".

Read as plain words, the excluded word is searched for like any other, and the entries
about exactly that come first. Such a word leaves the query; entries that name it in their
title, summary or tags (what they are about) are left out, while an entry that mentions it
in passing stays. "ohne" and "kein" alone are no such words: "ohne Auto", "keine Kita"
describe the situation the entries are about, and so does "aber kein(e) …" after a
clause: "Geflüchtete haben Arbeit, aber keine Wohnung" asks for housing, while
"Sportverein aber kein Fußball" asks to leave football out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.german.analysis import analyze
from indexer.german.lemmas import verb_lemma, word_class
from indexer.german.request_words import without_request_words
from indexer.german.wording import quoted_list

# Fields that say what an entry is about.
TOPIC_FIELDS = ("title", "summary", "tags")
# Short words between the marker and the excluded word: "aber nicht für die Geflüchteten".
_FILLERS = (
    "für|fuer|in|im|mit|zu|zum|zur|bei|beim|über|ueber|von|vom|an|am|auf|aus|"
    "der|die|das|den|dem|des|ein|eine|einen|einem|einer|um|so"
)
_WORD = r"([^\W\d_][\w-]*)"
_GAP = rf"\s+(?:(?:{_FILLERS})\s+)*"
_MARKERS = (
    # "aber nicht X", "jedoch keine X" (the contrast of a clause before it: see `_after_clause`)
    rf"\b(?:aber|jedoch|doch)\s+(?:nicht|kein|keine|keinen|keiner|keinem){_GAP}{_WORD}",
    # "außer X", "ausgenommen X", "abgesehen von X"
    rf"\b(?:außer|ausser|ausgenommen|abgesehen\s+von){_GAP}{_WORD}",
    # "nicht X, sondern Y", "kein X sondern Y": X leaves, Y stays
    rf"\b(?:nicht|kein|keine|keinen){_GAP}{_WORD}\s*,?\s*(?=sondern\b)",
)
_EXCLUSION = re.compile("|".join(f"(?:{marker})" for marker in _MARKERS), re.IGNORECASE)
_CONTRAST = re.compile(r"(?:aber|jedoch|doch)\s+(nicht|kein)", re.IGNORECASE)
# Words that make what stands before "aber" a clause about a situation, not a topic: a
# finite verb the lemma tables may not list, quantities, "ja" ("Sprachkurs ja, aber …").
_CLAUSE_WORDS = frozenset({
    "haben", "hat", "habe", "hast", "habt", "hatte", "hatten", "ist", "sind", "bin", "bist",
    "seid", "war", "waren", "gibt", "gab", "fehlt", "fehlen", "wird", "werden", "wurde",
    "wurden", "kann", "können", "ja", "zwar", "viel", "viele", "vielen", "genug", "wenig",
    "wenige", "einige", "mehrere", "schon", "bereits",
})  # fmt: skip
_SONDERN = re.compile(r"\bsondern\b", re.IGNORECASE)
_HANGING = re.compile(r"[\s,]+([?.!]|$)")
MAX_EXCLUDED = 5  # a query is short; more are left as typed


def without_exclusions(text: str) -> tuple[str, tuple[str, ...]]:
    """(`text` without its phrases of exclusion, the excluded words); the text unchanged
    and () when it excludes nothing or would be left without a word to search."""
    excluded: list[str] = []

    def take(match: re.Match[str]) -> str:
        word = next(group for group in match.groups() if group)
        if not analyze(word) or len(excluded) >= MAX_EXCLUDED:
            return match.group(0)
        contrast = _CONTRAST.match(match.group(0))
        if contrast and _after_clause(text[: match.start()], "kein" in contrast.group(1).lower()):
            return match.group(0)
        excluded.append(word)
        return " "

    kept = _EXCLUSION.sub(take, text)
    if excluded:
        kept = _SONDERN.sub(" ", kept)
    # No comma or space left hanging before the end: "für Sportvereine, ?" → "… Sportvereine?"
    kept = _HANGING.sub(r"\1", " ".join(kept.split())).strip(" ,")
    if not excluded or not any(analyze(word) for word in kept.split()):
        return text, ()
    return kept, tuple(excluded)


def _after_clause(before: str, kein: bool) -> bool:
    """Whether the text before "aber nicht/kein …" is a clause about a situation ("wir
    haben viele Helfer", "Kinder lernen schnell"), whose contrast names what is missing,
    rather than the topic of a request ("Gibt es Beispiele für Sportvereine"). Before
    "aber nicht" a verb in the infinitive's form is a topic's ("Deutsch lernen, aber nicht
    im Sprachkurs" leaves the courses out); before "aber kein" it may be a clause's."""
    words = re.findall(r"[^\W\d_]+", without_request_words(before))
    return any(
        word.lower() in _CLAUSE_WORDS
        or position > 0
        and word.islower()
        and (verb_lemma(word) != word or kein and "V" in word_class(word))
        for position, word in enumerate(words)
    )


def exclusion_clause(words: Sequence[str]) -> str:
    """The query syntax that leaves out entries about `words` ("NOT (title:X OR …)")."""
    return " ".join(
        "NOT (" + " OR ".join(f"{field}:{word}" for field in TOPIC_FIELDS) + ")" for word in words
    )


def exclusion_notice(words: Sequence[str]) -> str:
    """The German notice that entries about `words` are left out."""
    names = quoted_list(words)
    return (
        f"Ohne Beispiele zu {names}: Beispiele, die {names} im Titel, in der "
        "Kurzbeschreibung oder in den Schlagwörtern nennen, sind ausgenommen."
    )
