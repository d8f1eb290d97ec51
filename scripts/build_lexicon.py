"""Regenerate the German word data in `indexer/data/` (see the NOTICE file there).

- `de_lexicon.tsv.gz`, the word list for decompounding, from wordfreq (code Apache-2.0,
  data CC-BY-SA 4.0): every lower-case German word with a Zipf frequency of at least 2.5,
  with that frequency. wordfreq case-folds its words, so "ß" is spelled "ss" there: the
  splitter folds words the same way before it looks them up.
- `de_lemmas.tsv.gz`, from simplemma's German tables (code MIT; data from Michal Měchura's
  lemmatization lists, ODbL 1.0, and from Wiktionary, CC-BY-SA): the noun forms whose
  lemma Snowball does not reach ("praktika" → "praktikum", "kaufleute" → "kaufmann"), and
  the word classes of the lexicon's words that the splitter needs (verbs for verb-stem
  modifiers such as "Lern|hilfe", nouns for three-letter heads such as "Kinder|tag"), and
  the present-tense and strong past verb forms Snowball does not stem like their
  infinitive ("heizt" → "heizen", "hilft" → "helfen", "fand" → "finden"), and the past
  participles of verbs that change their vowel, in -en ("aufgenommen" → "aufnehmen")
  and in -t ("untergebracht" → "unterbringen", "genannt" → "nennen"), for deriving
  words, and the nouns in -er
  that are their own lemma and that Snowball stems like another word ("Lehrer" and
  "Lehre", "Bürger" and "Burg"), which the analysis keeps apart.

Run it only to refresh the shipped files:
`pip install wordfreq simplemma && python scripts/build_lexicon.py`.
"""

from __future__ import annotations

import gzip
import math
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from wordfreq import get_frequency_dict

from indexer.german.analysis import STOP_WORDS, fold_feminine, fold_umlauts, stem
from indexer.german.derivation import verb_forms

MIN_ZIPF = 2.5
# A lemma must be a known word (not a typo in the source: "nierderlande") and not far
# rarer than its form ("pulli" is no form of "pullus", "kundendaten" none of "kundendatum").
# Rarer compounds are reached through their head at run time ("Pflichtpraktika").
LEMMA_MIN_ZIPF = 2.0
LEMMA_MAX_RARER = 1.0
# Verb forms rarer than this are mostly archaic subjunctives ("abtreibet", "mäklest").
VERB_FORM_MIN_ZIPF = 2.0
MAX_CHANGED_END = 5
AGENT_MIN_LENGTH = 5  # "bauer"; "ober", "euer" are no such nouns
# Prefixes of verbs whose participle has no "ge-" ("verboten", "besprochen", "übernommen").
UNSTRESSED_PREFIXES = ("be", "ent", "emp", "er", "ge", "miss", "ver", "zer", "über", "unter")
_NO_DOTS = str.maketrans("äöü", "aou")
DATA = Path(__file__).resolve().parents[1] / "indexer" / "data"
LEXICON = DATA / "de_lexicon.tsv.gz"
LEMMAS = DATA / "de_lemmas.tsv.gz"
Readings = Mapping[str, set[str]]  # lower-case form → its lemmas as written
WORD = re.compile(r"[a-zäöüßé]{3,}")
# Present participles ("helfende") are folded onto their verb by the analysis itself.
PARTICIPLE = re.compile(r"^.{3,}end(?:e|en|er|es|em)?$")


def main() -> None:
    frequencies = get_frequency_dict("de", wordlist="best")
    zipfs = {w: math.log10(f * 1e9) for w, f in frequencies.items() if WORD.fullmatch(w)}
    lexicon = {w: z for w, z in zipfs.items() if z >= MIN_ZIPF}
    _write(
        LEXICON,
        "# German words with Zipf frequency (from wordfreq, data CC-BY-SA 4.0)\n",
        sorted(f"{w}\t{z:.2f}\n" for w, z in lexicon.items()),
    )
    print(f"{len(lexicon)} words → {LEXICON}")

    dictionary = DefaultDictionaryFactory().get_dictionary("de")
    readings: dict[str, set[str]] = defaultdict(set)  # lower-case form → lemmas as written
    forms_of: dict[str, set[str]] = defaultdict(set)  # lower-case lemma → lower-case forms
    for form, lemma in dictionary.items():
        if WORD.fullmatch(form.lower()) and WORD.fullmatch(lemma.lower()):
            readings[form.lower()].add(lemma)
            forms_of[lemma.lower()].add(form.lower())

    rows: list[str] = []
    verbs: set[str] = set()
    participles: list[str] = []
    for form, lemmas in readings.items():
        lemma = noun_lemma(form, lemmas)
        if lemma is not None and _is_kept(lemma, form, zipfs):
            rows.append(f"{form}\t{lemma}\n")
        verb = verb_lemma(form, lemmas, readings)
        common = _zipf(form, zipfs) >= VERB_FORM_MIN_ZIPF
        if verb is not None and common and _is_kept(verb, form, zipfs):
            verbs.update(_verb_rows(form, verb, readings, zipfs))
        infinitive = changed_participle(form, lemmas, readings)
        if (
            infinitive is not None
            and common
            and _is_verb(infinitive, forms_of)
            and _is_kept(infinitive, form, zipfs)
        ):
            participles.append(f"^{form}\t{infinitive}\n")
    agents = [f"@{row}\n" for row in agent_nouns(lexicon, dictionary)]
    classes = []
    for word in lexicon:
        tags = ""
        # The lexicon spells "ß" as "ss" (wordfreq folds it), simplemma writes "ß":
        # "massnahme" is the noun "Maßnahme"
        spellings = [word, *_sharp_s_spellings(word)]
        if any(_is_verb(spelling, forms_of) for spelling in spellings):
            tags += "V"
        if any(lemma[:1].isupper() for w in spellings for lemma in readings.get(w, ())):
            tags += "N"
        if tags:
            classes.append(f"={tags}\t{word}\n")
    _write(
        LEMMAS,
        "# German lemmas and word classes (from simplemma's German tables: "
        "Lemmatization Lists, ODbL 1.0; Wiktionary, CC-BY-SA)\n"
        "# form<TAB>lemma: noun forms Snowball does not stem onto their lemma\n"
        "# =TAGS<TAB>word: word classes of lexicon words (V verb infinitive, N noun)\n"
        "# ~form<TAB>infinitive: present-tense verb forms Snowball does not stem like it\n"
        "# ^participle<TAB>infinitive: past participles with a changed vowel"
        " (strong verbs in -en, mixed verbs in -t)\n"
        "# @noun<TAB>P: nouns in -er, their own lemma, that Snowball stems like another word"
        " (P: names persons)\n",
        sorted(rows) + sorted(classes) + sorted(verbs) + sorted(participles) + sorted(agents),
    )
    print(
        f"{len(rows)} lemmas, {len(classes)} word classes, {len(verbs)} verb forms, "
        f"{len(participles)} participles, {len(agents)} nouns in -er → {LEMMAS}"
    )


def agent_nouns(lexicon: dict[str, float], dictionary: Mapping[str, str]) -> list[str]:
    """Rows "noun<TAB>P" or "noun<TAB>" (P: it names persons, `_is_person`) of the lower-case
    nouns in -er that are their own lemma and share their Snowball stem with
    another word of the lexicon: "lehrer" (Lehre, lehren), "bürger" (Burg), "helfer"
    (helfen), "schüler" (Schule). Not plurals ("Kinder" is a form of "Kind"), not
    inflected adjectives or comparatives ("deutscher", "älter": read lower-case as
    another lemma), not nouns declined like adjectives ("Vorsitzender", "Beamter": they
    have a form in -em), not a word whose only stem-mates are its own forms."""
    by_stem: dict[str, set[str]] = defaultdict(set)
    for word in lexicon:
        by_stem[stem(fold_feminine(word))].add(word)
    found = []
    for word in lexicon:
        if not word.endswith("er") or len(word) < AGENT_MIN_LENGTH or word in STOP_WORDS:
            continue
        noun = word[0].upper() + word[1:]
        if dictionary.get(noun) != noun or dictionary.get(word) not in (None, noun):
            continue
        if noun[:-2] + "em" in dictionary or _dotted_form_of_another(noun, dictionary):
            continue
        # "Freiburger", "Tübinger": a place's adjective keeps meeting the place (and so
        # does any noun in -er of a noun that is its own lemma: "Musiker", "Politiker")
        base = word[:-2]
        if any(_is_name_noun(name, dictionary) for name in (base, base + "en", base + "n")):
            continue
        # "Ukrainer", "Albaner": a people's name keeps meeting its country ("ukrainisch")
        if base + "isch" in lexicon:
            continue
        mates = [
            mate
            for mate in by_stem[stem(word)]
            if not mate.startswith(word) and dictionary.get(mate[0].upper() + mate[1:]) != noun
        ]
        if mates:
            found.append(f"{word}\t{'P' if _is_person(noun, dictionary) else ''}")
    return found


def noun_lemma(form: str, lemmas: set[str]) -> str | None:
    """The lower-case noun lemma of a form when Snowball misses it, else None.

    Only when every reading of the form (noun, verb, adjective; upper- or lower-case)
    leads to the same stem: "Daten" is the plural of "Datum" but also the verb "daten",
    "sprach" a form of "sprechen" and of "Sprache"; such forms are left to Snowball.
    """
    if PARTICIPLE.match(form) or form in STOP_WORDS or fold_feminine(form) != form:
        return None  # participles and feminine forms have their own folding
    if not any(lemma[:1].isupper() for lemma in lemmas):
        return None
    stems = {_term(lemma.lower()) for lemma in lemmas}
    if len(stems) != 1:
        return None
    # Snowball folds umlauts, compound parts keep them: "einsätze" needs its lemma
    # "einsatz" for its parts to meet the singular's; "bürger" keeps its own.
    kept = {_umlaut_term(lemma.lower()) for lemma in lemmas}
    if stems == {_term(form)} and kept == {_umlaut_term(form)}:
        return None
    lemma = next(lemma.lower() for lemma in sorted(lemmas) if lemma[:1].isupper())
    if lemma in STOP_WORDS or fold_feminine(lemma) != lemma or len(form) < 4:
        return None
    # Inflection changes a word's end: "kaufleute" → "kaufmann", not a compound's head
    # ("verbraucherschutzverein" → "verein", a slip in the source).
    shared = len(os.path.commonprefix([form, lemma]))
    return lemma if shared >= len(form) - MAX_CHANGED_END else None


_WEAK_PAST = ("te", "ten", "tem", "ter", "tes")


def verb_lemma(form: str, lemmas: set[str], readings: dict[str, set[str]]) -> str | None:
    """The infinitive of a present-tense or strong past form that Snowball stems otherwise
    ("heizt" → "heizen", "hilft" → "helfen", "spricht" → "sprechen", "fand" → "finden",
    "trafen" → "treffen"), else None.

    Only forms whose one reading is that verb ("sucht" is also "Sucht", "macht" "Macht").
    Past participles are left out: they are adjectives too ("getrennte", "anerkannte"),
    whose inflected forms would no longer meet them. For verbs in -ieren, be-, er- …
    the present form is the participle ("organisiert", "erzählt"); such a form is known
    by an inflected form read as an adjective or a noun ("erzählte", "Anerkannte").
    """
    # weak past forms ("traumatisierten") are also participles read as adjectives
    if len(lemmas) != 1 or form.endswith(_WEAK_PAST) or form in STOP_WORDS:
        return None
    verb = next(iter(lemmas))
    if not verb.islower() or not verb.endswith("n") or verb in STOP_WORDS:
        return None
    if _is_participle(form, verb) or any(
        readings.get(form + ending, {verb}) != {verb} for ending in ("e", "en")
    ):
        return None
    return verb if _term(form) != _term(verb) else None


def changed_participle(form: str, lemmas: set[str], readings: Readings) -> str | None:
    """The infinitive of a past participle with a changed vowel whose stem Snowball does
    not reach: a strong verb's in -en ("aufgenommen" → "aufnehmen", "geholfen" → "helfen",
    "verboten" → "verbieten") or a mixed verb's in -t ("untergebracht" → "unterbringen",
    "genannt" → "nennen"), else None. A capitalised reading of the same letters is a
    noun's form ("Angeboten", "Verboten") and may stand beside it; another lower-case
    reading (an adjective: "verschieden", "gefangen") may not."""
    verbs = {lemma for lemma in lemmas if lemma.islower()}
    if len(verbs) != 1 or not form.endswith(("en", "t")) or form in STOP_WORDS:
        return None
    verb = next(iter(verbs))
    if verb == form or not verb.endswith("n") or verb in STOP_WORDS:
        return None
    with_ge = _is_participle(form, verb)
    unstressed = form.startswith(UNSTRESSED_PREFIXES) and verb[:2] == form[:2]
    if not (with_ge or unstressed):
        return None
    if any(form in (weak, weak + "en") for weak in verb_forms(verb)):
        return None  # a weak participle or its form ("vermittelt", "vermittelten")
    if form.endswith("t") and not _is_mixed_participle(form, verb, readings):
        return None
    return verb if _term(form) != _term(verb) else None


def _is_mixed_participle(form: str, verb: str, readings: Readings) -> bool:
    """Whether a form in -t is a mixed verb's participle: it changes the stem's vowel
    ("ge|bracht" of "bringen", "be|nannt" of "benennen"), a weak one keeps it
    ("abgeholzt"). A form without the participle's "ge" ("betritt", "betrat" are present
    and past) counts only where its rest with "ge" is the participle of the verb's rest."""
    start = _participle_ge(form, verb)
    if start >= 0:
        bare = form[:start] + form[start + 2 :]
    else:
        prefix = max((p for p in UNSTRESSED_PREFIXES if form.startswith(p)), key=len)
        if not verb.startswith(prefix) or verb[len(prefix) :] not in readings.get(
            "ge" + form[len(prefix) :], set()
        ):
            return False
        bare = form
    stem = verb[:-2] if verb.endswith("en") else verb[:-1]
    return _vowels(bare[:-2] if bare.endswith("et") else bare[:-1]) != _vowels(stem)


def _vowels(word: str) -> str:
    return "".join(letter for letter in word if letter in "aeiouäöü")


def _verb_rows(
    form: str, verb: str, readings: dict[str, set[str]], zipfs: dict[str, float]
) -> list[str]:
    """The table rows of a present form and of its forms in -e, -en … that are only this
    verb's: where the present form is also the participle ("übersetzt"), they are the
    participle's ("übersetzte Elternbriefe"), which must keep meeting it. Each also typed
    without umlaut dots ("schutzt") unless that is a word of its own ("fahrt" for "fährt";
    "ablauft" is a rare misspelling), as plain vowels are ambiguous."""
    inflected = [form + ending for ending in ("e", "en", "er", "es", "em")]
    rows = []
    for each in [form, *(word for word in inflected if readings.get(word) == {verb})]:
        rows.append(f"~{each}\t{verb}\n")
        dotless = each.translate(_NO_DOTS)
        if dotless != each and dotless not in readings and zipfs.get(dotless, 0.0) < MIN_ZIPF:
            rows.append(f"~{dotless}\t{verb}\n")
    return rows


def _is_participle(form: str, verb: str) -> bool:
    """Whether `form` has the participle's "ge" that `verb` lacks ("getrennt",
    "mitgemacht"); participles of verbs with an unstressed prefix ("begleitet") are
    left to Snowball, which stems them like the verb."""
    return _participle_ge(form, verb) >= 0


def _participle_ge(form: str, verb: str) -> int:
    """Where the participle's "ge" that `verb` lacks begins in `form`, or -1."""
    start = form.find("ge")
    while start != -1:
        if verb.startswith(form[:start]) and not verb[start:].startswith("ge"):
            return start
        start = form.find("ge", start + 1)
    return -1


def _is_kept(lemma: str, form: str, zipfs: dict[str, float]) -> bool:
    lemma_zipf = _zipf(lemma, zipfs)
    return lemma_zipf >= LEMMA_MIN_ZIPF and lemma_zipf >= _zipf(form, zipfs) - LEMMA_MAX_RARER


def _zipf(word: str, zipfs: dict[str, float]) -> float:
    """wordfreq spells "ß" as "ss" ("beschließen" is listed as "beschliessen")."""
    return zipfs.get(word) or zipfs.get(word.replace("ß", "ss"), 0.0)


def _term(word: str) -> str:
    return stem(fold_feminine(word))


def _umlaut_term(word: str) -> str:
    """The stem with the word's own umlauts, as compound parts are indexed."""
    written = fold_feminine(word).replace("ß", "ss")
    stemmed = stem(written)
    return written[: len(stemmed)] if fold_umlauts(written).startswith(stemmed) else stemmed


def _sharp_s_spellings(word: str) -> list[str]:
    """The word with one or each of its "ss" written "ß" ("massnahme" → "maßnahme")."""
    at = [i for i in range(len(word) - 1) if word[i : i + 2] == "ss"]
    found = [word[:i] + "ß" + word[i + 2 :] for i in at]
    if len(at) > 1:
        found.append(word.replace("ss", "ß"))
    return found


def _is_verb(word: str, forms_of: dict[str, set[str]]) -> bool:
    """An infinitive with a finite form in -t ("lernen": "lernt"), unlike "offen", "golden"."""
    if not word.endswith("n") or len(word) < 5:
        return False
    base = word[:-2] if word.endswith("en") else word[:-1]
    return base + "t" in forms_of.get(word, ()) or base + "et" in forms_of.get(word, ())


def _dotted_variants(noun: str) -> list[str]:
    """The noun with one of its vowels a, o, u dotted ("Hauser" → "Häuser")."""
    return [
        noun[:i] + "äöü"["aou".index(vowel)] + noun[i + 1 :]
        for i, vowel in enumerate(noun)
        if vowel in "aou"
    ]


def _dotted_form_of_another(noun: str, dictionary: Mapping[str, str]) -> bool:
    """Whether the noun with a vowel dotted is a form of another lemma: "Hauser" is
    "Häuser" (of "Haus") and "Lander" "Länder" typed without dots, which must keep
    meeting their lemma."""
    return any(dictionary.get(dotted, noun) != noun for dotted in _dotted_variants(noun))


def _is_person(noun: str, dictionary: Mapping[str, str]) -> bool:
    """Whether a noun in -er names persons: it has a feminine form ("Helferin",
    "Bäuerin"; "Leber", "Messer" have none)."""
    return any(variant + "in" in dictionary for variant in (noun, *_dotted_variants(noun)))


def _is_name_noun(word: str, dictionary: Mapping[str, str]) -> bool:
    """Whether a lower-case word reads only as a noun that is its own lemma ("Freiburg",
    "Tübingen", "Bau"), not as a verb ("helfen")."""
    noun = word[0].upper() + word[1:]
    return dictionary.get(noun) == noun and dictionary.get(word) in (None, noun)


def _write(path: Path, header: str, rows: list[str]) -> None:
    # mtime=0: the same data gives the same bytes, so a rebuild shows no spurious change.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(header.encode("utf-8"))
        packed.write("".join(rows).encode("utf-8"))


if __name__ == "__main__":
    main()
