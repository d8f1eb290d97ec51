"""Typo handling: close spellings from the index for unknown words, and "Meinten Sie …?"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from rapidfuzz.distance import OSA

from indexer.german.abbreviation_forms import abbreviation_base
from indexer.german.analysis import STOP_WORDS, analyze, glued_words_apart, join_gender_marks
from indexer.german.compounds import (
    is_known_word,
    keyboard_spellings,
    split_compound,
    zipf,
)
from indexer.german.derivation import related_words
from indexer.german.lemmas import word_class
from indexer.german.reform_spellings import reform_spellings
from indexer.german.typos import edits_at, word_list_corrections
from indexer.limits import LIMITS
from indexer.municipalities import municipality_words
from indexer.schema import PARTS_FIELD, SEARCH_FIELDS

_WORD = re.compile(r"\b[^\W\d_]{3,}\b(?!:)")
_OPERATORS = {"and", "or", "not", "to"}


SPELLING_FIELD = "spell"
CANDIDATES = 8  # close spellings looked at, of which those in visible entries are used
WORD_LIST_OPTIONS = 2  # corrections from the word list used per word
MISSPELLING_GAP = 1.5  # Zipf a listed word's neighbour must exceed it by to be what was meant
MIN_MISSPELLED = 6  # letters at least: shorter listed words are more often forms of their own
MIN_BASE, BASE_ENDING = 4, 4  # "Ehrenamt|ler", "Kinder|chen": a word and up to four letters
# Endings of derivation and inflection after a word of the entries.
_ENDINGS = frozenset(
    ("ler", "lerin", "chen", "lein", "in", "innen", "en", "er", "e", "n", "s", "es")
    + ("nde", "nden", "te", "ten", "ung")
)


def _everywhere(word: str) -> bool:
    return True


class Corrections:
    """Close spellings from the index for a word the index does not know (typo fallback),
    closest first.

    Whoosh's corrector counts a swap of two letters as two edits and orders what it finds
    by frequency only; here candidates are ordered by their Damerau distance (a swap is
    one edit: "Ärtze" → Ärzte), then by frequency. A word typed with ae/oe/ue or ss is
    also compared in its umlaut and ß spellings, so that "Buergerbeteilgung" still finds
    "Bürgerbeteiligung". A long word with no spelling one edit away in the index is
    corrected from the word list (`word_list_corrections`): "Ausbildunsgabbruch" to
    "Ausbildungsabbruch" when the index has its parts, "traumatsiierten" to
    "traumatisierten" when it has the word's stem.
    `visible` tells whether a spelling occurs in an entry the searcher may see, and
    `visible_part` whether a word's index terms do: a word found only in drafts is never
    offered. `known` is `known_term` on the searcher (or a cached one).
    """

    def __init__(
        self,
        searcher: Any,
        visible: Callable[[str], bool] = _everywhere,
        known: Callable[[str], bool] | None = None,
        visible_part: Callable[[str], bool] | None = None,
        close: Callable[[str], Spellings] | None = None,
        listed: Callable[[str], bool] = lambda _: False,
    ):
        self.searcher = searcher
        self.listed = listed  # a word of the curated synonyms ("Mentoring", "kultursensibel")
        self.visible = visible
        self.known = known or partial(known_term, searcher)
        self.visible_part = visible_part or self.known
        self.close = close or partial(close_spellings, searcher)
        self.cache: dict[str, list[str]] = {}

    def __call__(self, word: str) -> list[str]:
        lower = word.lower()
        if lower not in self.cache:
            self.cache[lower] = self._find(lower)
        return self.cache[lower]

    def suggested(self, word: str, nothing_found: bool = False) -> str | None:
        """The spelling "Meinten Sie …?" offers for a word, or None. Not for a word of the
        curated synonyms ("Mentoring", "kultursensibel") or one the entries have another
        form of ("akquirieren": "akquiriert"): those are no typos, though the search also
        widens them with their close spellings. When the search found nothing
        (`nothing_found`), a word of the word list that no entry has is offered the
        entries' spelling with two letters swapped too ("Theatre": „Theater“; an empty
        page without a hint before)."""
        lower = word.lower()
        options = self(word) or self._written_otherwise(lower)
        if not options and nothing_found:
            options = self._one_edit_away(lower)
        if not options:
            return None
        if self.listed(lower) or any(self.known(w) for w in related_words(lower)):
            return None
        # A word of the word list declined ("eingeschlafenes" was offered as
        # „eingeschlafenles“): no typo, however rare the form.
        if any(lower.endswith(e) and is_known_word(lower[: -len(e)]) for e in _DECLENSION):
            return None
        # An abbreviation's plural or genitive ("JMDs", "IHKs", "des BAMFs"): no typo.
        if (base := abbreviation_base(word)) != word and self.known(base.lower()):
            return None
        option = options[0]
        # A compound pieced together with the head as typed and another modifier
        # ("Purzelturnen" → „Wurzelturnen“, "Vorkindergarten" → „Forkindergarten“) widens
        # the search but is no word to offer: the modifier typed is more likely a word the
        # word list lacks than a typo. Nor is another ending of the word typed.
        pieced = not (self.known(option) or is_known_word(option))
        head = (split_compound(option, common=True) or (option,))[-1]
        inflected = option.startswith(lower) or lower.startswith(option)
        if (pieced and lower.endswith(head)) or (inflected and analyze(option) == analyze(lower)):
            return None
        # A word typed with ae/oe/ue or ss for its umlauts or ß is read as that word: the
        # nearest form ("Abschluesse" → „Abschlüssen“, "Tuebingen" → „Tübinger“) is
        # another form of it ("Strassenfets" is still a typo of „Straßenfest“).
        written = keyboard_spellings(lower)[1:]
        as_written = any(is_known_word(w) or split_compound(w, common=True) for w in written)
        if as_written and analyze(option) == analyze(lower):
            return None
        return option

    def _written_otherwise(self, lower: str) -> list[str]:
        """A word that entries write one edit away and the index reads the same: Snowball
        stems "Burgfets" as "Burgfest" ("burgf"), so the search found the festival but
        offered no spelling. Not for a word the entries or the word list have."""
        if not self.known(lower) or self.visible(lower) or is_known_word(lower):
            return []
        terms = analyze(lower)
        return [
            option
            for option, distance in self.close(lower)
            if distance == 1 and self.visible(option) and analyze(option) == terms
        ][:1]

    def _one_edit_away(self, lower: str) -> list[str]:
        """The entries' spelling of a word no visible entry has with two neighbouring
        letters swapped ("Theatre": „Theater“): the commonest slip, while a letter
        replaced turns many a word into another ("Kegeln" is no "Regeln")."""
        if len(lower) < 4 or lower in STOP_WORDS or self.visible_part(lower):
            return []
        return [
            option
            for option, distance in self.close(lower)
            if distance == 1 and sorted(option) == sorted(lower) and self.visible(option)
        ][:1]

    def _find(self, lower: str) -> list[str]:
        if not 4 <= len(lower) <= LIMITS.max_word_chars or lower in STOP_WORDS:
            return []
        if lower.isdigit():  # a number is no typo of another ("2025" is not "2015")
            return []
        if self.known(lower):
            return []
        # A word of the word list the index lacks is no typo ("Sprache"), however rare:
        # towns ("Gerlingen", "Bretten" were "geringen", "bieten"), "Kegeln", "Mentoring";
        # nor is the name of a municipality of the state ("Renningen" was "Renntngen").
        if lower in municipality_words():
            return []
        if is_known_word(lower):
            return self._misspelling_of(lower) or self._reform_spelling(lower)
        if any(is_known_word(w) for w in keyboard_spellings(lower)[1:]):
            return []  # typed with ae/oe/ue ("Gruesse" is "Grüße", not "Größe" or "Grund")
        found = [
            (option, distance) for option, distance in self.close(lower) if self.visible(option)
        ][:3]
        options = [option for option, _ in found]
        if split_compound(lower, common=True):
            # Words joined ("Jugendrat") are no typo of a word two edits away ("Jugendamt");
            # one edit away they may be ("Wohnbaum" for "Wohnraum").
            return [option for option, distance in found if distance <= 1]
        if not any(distance <= 1 for _, distance in found):
            if (base := self._known_base(lower)) is not None:
                # A word of the entries with an ending ("Ehrenamtler", "Kinderchen",
                # "Cafélein") is no typo of a compound pieced together ("Ehrenamt|per");
                # other letters after it are a typo ("Begegnungscfe" is no "Begegnung").
                first = [base] if lower[len(base) :] in _ENDINGS else []
                return list(dict.fromkeys([*first, *options, base]))[:3]
            listed, listed_partly, repaired, partly = [], [], [], []
            for option, whole in self._from_word_list(lower):
                if is_known_word(option):
                    (listed if whole else listed_partly).append(option)
                else:
                    (repaired if whole else partly).append(option)
            # A word of the index two edits away comes before a compound pieced together
            # one edit away ("Ehramtliche" is "Ehrenamtliche", not "Mehr|amtliche"), and
            # that before a word only some of whose parts the entries have; a word of the
            # word list comes before a compound pieced together ("Familienzusammeeführung"
            # is "Familienzusammenführung", not "Familien|zusammen|e|führung").
            ordered = [*listed, *options, *listed_partly, *repaired, *partly]
            options = list(dict.fromkeys(ordered))[:3]
        return options

    def _misspelling_of(self, lower: str) -> list[str]:
        """The index's word a frequent misspelling stands for: the word list is taken from
        the web and lists "Vorraussetzung" (Zipf 2.6), "Standart", "agressiv" too, each
        one letter from a word far more frequent ("Voraussetzung", 4.3). A word simplemma's
        tables know ("Kegeln", not "Regeln"; "Sylvester"), a short one ("eigne") or one
        whose neighbour is not MISSPELLING_GAP more frequent is a word of its own."""
        if len(lower) < MIN_MISSPELLED or word_class(lower):
            return []
        for option, distance in self.close(lower):
            if (
                distance == 1
                and self.visible(option)
                and zipf(option) - zipf(lower) >= MISSPELLING_GAP
            ):
                return [option]
        return []

    def _reform_spelling(self, lower: str) -> list[str]:
        """The entries' spelling of a word written in the other spelling of the 1996 reform
        ("selbständig" where they say "selbstständig", "Potenzial" where they say
        "Potential")."""
        return [spelling for spelling in reform_spellings(lower) if self.visible(spelling)][:1]

    def _known_base(self, lower: str) -> str | None:
        """The longest word of the visible entries that `lower` begins with, followed by at
        most BASE_ENDING letters (a derivation or an inflection the index lacks)."""
        reader = self.searcher.reader()
        for cut in range(len(lower) - 1, max(MIN_BASE, len(lower) - BASE_ENDING) - 1, -1):
            base = lower[:cut]
            if reader.doc_frequency(SPELLING_FIELD, base) and self.visible(base):
                return base
        return None

    def _from_word_list(self, lower: str) -> list[tuple[str, bool]]:
        """Words one edit away some of whose parts are in visible entries, best first (at
        most WORD_LIST_OPTIONS), each with whether its terms or all its parts are: a
        compound the entries lack ("Familienzusammenführung", "Hochhaussiedlung") still
        finds entries through a synonym or a part, as it does typed right."""
        # A compound of real words ("Frauenprojekt") is no typo for its "ue" as "ü".
        spellings = [lower] if split_compound(lower, common=True) else keyboard_spellings(lower)
        whole: list[str] = []
        partly: list[str] = []
        for option in (o for typed in spellings for o in word_list_corrections(typed)):
            parts = split_compound(option, common=True) or (option,)
            seen = [self.visible_part(part) for part in parts]
            if all(seen):
                whole.append(option)
                if len(whole) == WORD_LIST_OPTIONS:  # enough: the rest are not looked up
                    break
            elif any(seen) and len(partly) < WORD_LIST_OPTIONS:
                partly.append(option)
        found = [(option, True) for option in whole] + [(option, False) for option in partly]
        return found[:WORD_LIST_OPTIONS]


Spellings = tuple[tuple[str, int], ...]  # (spelling, Damerau distance), best first


def close_spellings(searcher: Any, lower: str) -> Spellings:
    """The index's spellings close to a lower-case word, with their distance: closest, then
    most frequent first, at most CANDIDATES. Depends on the commit only (not on who may
    see what), so a search keeps it per commit."""
    reader = searcher.reader()
    maxdist = 1 if len(lower) < 6 else 2
    distances: dict[str, int] = {}
    for typed in keyboard_spellings(lower):
        # Levenshtein 2 holds every word within Damerau distance 2 (a swap is 2 there).
        for found in reader.terms_within(SPELLING_FIELD, typed, 2, prefix=1):
            option = found.decode("utf-8") if isinstance(found, bytes) else found
            distance = OSA.distance(typed, option)
            if option != lower and distance <= maxdist:
                distances[option] = min(distance, distances.get(option, distance))
        # Whoosh looks only at words with the typed first letter (scanning them all would
        # take ~20 times as long): a slip in the first letter ("hrenamt", "rhrenamt" →
        # "ehrenamt") is looked up by its edits.
        # Sorted: equally frequent spellings keep an order that is the same in every process.
        for option in sorted(edits_at(typed, 0) - distances.keys() - {lower}):
            if reader.doc_frequency(SPELLING_FIELD, option):
                distances[option] = 1
    ranked = sorted(
        distances,
        key=lambda option: (distances[option], -reader.doc_frequency(SPELLING_FIELD, option)),
    )
    return tuple((option, distances[option]) for option in ranked[:CANDIDATES])


_DECLENSION = ("em", "en", "er", "es", "e")  # an adjective's or participle's endings


def suggest(text: str, corrections: Corrections, nothing_found: bool = False) -> str | None:
    """ "Meinten Sie …?": replace words the index does not know by their closest known
    spelling (the one a search widens them with first); see `Corrections.suggested` for
    a search that found nothing (`nothing_found`)."""
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        if word.lower() in _OPERATORS:
            return word
        option = corrections.suggested(word, nothing_found)
        if option is None:
            return word
        changed = True
        return option.capitalize() if word[:1].isupper() else option

    # Without the gender mark "Teilnehmer*innen" is one word, not "Teilnehmer" + "innen",
    # and "vonMietern" two, as searched; the rest stays as typed ("Gibt es Erfahrungen mit
    # Hausaufgabenhilfe?").
    suggestion = _WORD.sub(replace, glued_words_apart(join_gender_marks(text)))
    return suggestion if changed else None


def known_term(searcher: Any, word: str) -> bool:
    """True when the analysed word occurs in some searched field (e.g. "Fuehrerschein")."""
    reader = searcher.reader()
    return any(
        all(reader.doc_frequency(name, term) for term in terms)
        for name, terms in word_terms(searcher.schema, word)
    )


def word_terms(schema: Any, word: str) -> Iterator[tuple[str, list[str]]]:
    """The word's index terms in each searched field (and the parts field) it has any in."""
    for name in (*SEARCH_FIELDS, PARTS_FIELD):
        if name in schema and (terms := list(schema[name].process_text(word, mode="query"))):
            yield name, terms
