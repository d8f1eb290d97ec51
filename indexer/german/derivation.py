"""Word derivation: a noun in -ung or -ation and its verb ("Öffnung" ↔ "öffnen",
"vermitteln" ↔ "Vermittlung", "Förderung" ↔ "gefördert", "Integration" ↔ "integrieren"),
a foreign verb and its other nouns ("trainieren" ↔ "Training", "Reparatur", "Akzeptanz"),
a noun of ablaut and its verb ("Ankunft" ↔ "ankommen", see `ablaut`), an adjective in
-lich, -isch, -ell or -al and its noun ("sprachlich" → Sprache, "städtisch" → Stadt,
"kulturell" → Kultur, "kommunal" → Kommune), a person noun and its action, a people and
its country, a diminutive and a collective noun and their nouns ("Häuschen" → Haus,
"Lehrerschaft" → Lehrer).

Snowball only strips inflection, so a search for "Öffnung" misses a text saying a club
"öffnet sich". Derivation also links words of different meaning ("Schulung" ↔ "schulen",
which is also the plural of "Schule"), so the search uses it only for the relaxed tier,
at a low weight. Every derived word must be a common German word (`compounds` lexicon).
Hand-written: the German lemmatisers on PyPI (HanTa, spaCy models) do not derive.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indexer.german.ablaut import ablaut_noun, ablaut_verb
from indexer.german.compounds import (
    is_common_word,
    is_known_word,
    split_compound,
    without_dots,
    zipf,
)
from indexer.german.lemmas import participle_verb, participles_of, verb_lemma, word_class
from indexer.german.noun_bases import collective_base, diminutive_base, is_plain_noun

# Verbs with these prefixes form their participle without "ge-" ("vermittelt", "begleitet").
NO_GE_PREFIXES = (
    "be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "über", "unter", "hinter", "wider",
)  # fmt: skip
_VOWELS = "aeiouäöü"
# Separable prefixes: their participle puts "ge" after them ("an|ge|meldet").
SEPARABLE_PREFIXES = (
    "an", "auf", "aus", "ein", "mit", "vor", "zu", "ab", "bei", "nach", "weg", "zurück",
    "fest", "los", "dar", "her", "hin",
)  # fmt: skip
# Prefixes separable in some verbs only: "um|ge|baut", "wieder|ge|funden", "unter|ge|ordnet".
_ALSO_SEPARABLE = ("unter", "um", "über", "durch", "wieder")
# A person noun's endings, longest first: "-ator" to "-ation", "-er" to "-ung".
_AGENT_ENDINGS = (
    "atorinnen", "atorin", "atoren", "ators", "ator",
    "erinnen", "erin", "ern", "ers", "er",
)  # fmt: skip
_ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e", "")  # "sprachliche", "sprachlichen" …
# How a country's name ends after its people's stem ("Syr|ien", "Türk|ei", "Afghan|istan").
_COUNTRY_SUFFIXES = ("ien", "ei", "ia", "a", "istan", "enland", "land", "e", "en")
# A people's name after its stem ("Syr|er", "Syr|erinnen", "Afghan|en", "Türk|in", "Span|ier").
_PEOPLE_ENDINGS = (
    "ierinnen", "ierin", "iern", "ier", "erinnen", "erin", "ern", "er", "innen", "in", "en", "e",
)  # fmt: skip
# Adjective suffix → what may replace it in the noun ("polit|isch" → "Polit|ik").
_ADJECTIVE_SUFFIXES = {
    "lich": ("", "e", "en"),
    "isch": ("", "e", "ik", "ie", *_COUNTRY_SUFFIXES),  # also "syr|isch" → "Syr|ien"
    "alisch": ("", "ik"),  # "musik|alisch" → "Musik"
    "ell": ("", "e", "en"),
    "iell": ("", "e", "en"),
    "al": ("", "e"),
}
# How an adjective's stem ends before "-ität" ("mob|il", "akt|iv", "norm|al", "div|ers").
_QUALITY_STEMS = ("il", "iv", "al", "ers", "är")
MIN_QUALITY_STEM = 5  # "mobil", "aktiv", "divers": no "qual" (Qualität), "real" (Realität)
MIN_NOUN = {"al": 5}  # "region|al", "kommun|al"; not "lok|al", "tot|al", "form|al"
# What a foreign verb's stem takes as a noun instead of "-ieren" ("Train|ing", "Repar|atur").
_FOREIGN_NOUN_SUFFIXES = ("ing", "atur", "ur", "anz", "enz", "ent", "ant", "ik")


@lru_cache(maxsize=50_000)
def related_words(word: str) -> tuple[str, ...]:
    """The words derived from a lower-case word (see the module), with a verb's forms;
    a verb form or participle counts as its verb ("geschult", "schult" → "schulen" →
    "Schulung")."""
    if (base := diminutive_base(word) or collective_base(word)) is not None:
        return (base,)
    if (verb := infinitive_of(word)) is not None:
        return tuple(w for w in (verb, *related_words(verb)) if w != word)
    if word.endswith(("ation", "ationen")):
        stem = word[: word.rindex("ation")]
        # "kommunikation" → "kommunizieren"
        verbs = [stem + "ieren", *([stem[:-1] + "zieren"] if stem.endswith("k") else [])]
        verb = next((v for v in verbs if len(stem) >= 4 and is_common_word(v)), None)
        if verb is None:
            return ()
        other = [verb[:-2] + "ung"] if is_common_word(verb[:-2] + "ung") else []  # Koordinierung
        return (verb, *other, *verb_forms(verb))
    if word.endswith("ieren") and len(word) >= 8:
        # "finanzieren": Finanzierung, finanziert; "integrieren": Integration, integriert;
        # "trainieren": Training; "reparieren": Reparatur; "akzeptieren": Akzeptanz
        nouns = [n for n in (word[:-5] + "ation", _noun_of(word)) if n and is_common_word(n)]
        nouns += [n for n in _foreign_nouns(word[:-5]) if n not in nouns]
        return (*nouns, *verb_forms(word), *participles_of(word))
    adjective = _adjective_in_isch(word)  # "kritik" → "kritisch", "politik" → "politisch"
    if (verb := _foreign_verb(word)) is not None:
        return (verb, *verb_forms(verb), *participles_of(verb), *adjective)
    if adjective:
        return adjective
    if word.endswith(("ung", "ungen")):
        verb = _verb_of(word.removesuffix("en") if word.endswith("ungen") else word)
        if verb is None:
            return ()
        # a foreign verb's other noun: "Koordinierung" → koordinieren → "Koordination"
        other = [noun for noun in related_words(verb)[:2] if noun.endswith("ation")]
        return (verb, *other, *verb_forms(verb))
    if (verb := ablaut_verb(word)) is not None:  # "ankunft" → "ankommen", "angekommen"
        return (verb, *verb_forms(verb), *participles_of(verb))
    if (action := _action_of_agent(word)) is not None:
        verb = _verb_of(action) if action.endswith("ung") else action[:-5] + "ieren"
        verbs = (verb, *verb_forms(verb)) if verb and is_common_word(verb) else ()
        return (action, *verbs)
    # "öffnen" → "öffnung"; "ankommen" → "ankunft", "teilnehmen" → "teilnahme"
    if nouns := tuple(n for n in (_noun_of(word), ablaut_noun(word)) if n):
        return (*nouns, *verb_forms(word), *participles_of(word))
    if participles := participles_of(word):  # "singen" → "gesungen"
        return participles
    if quality := _quality_relatives(word):  # "kultursensibel" ↔ "Kultursensibilität"
        return quality
    noun = _noun_of_adjective(word)
    if noun:
        return (noun,)
    return _country_relatives(word) or _compound_relatives(word)


def _quality_relatives(word: str) -> tuple[str, ...]:
    """An adjective's noun in "-ität" and back: "sensibel" ↔ "Sensibilität", "mobil" ↔
    "Mobilität", "divers" ↔ "Diversität", "aktiv" ↔ "Aktivität", "solidarisch" ↔
    "Solidarität", "speziell" ↔ "Spezialität"; only words of the word list, or compounds
    ending in one ("kultursensibel" ↔ "Kultursensibilität"). Not "Qualität" → "qual",
    "Identität" → "identisch", "Universität" → "uni|vers"."""
    if word.endswith(("ität", "itäten")):
        stem = word[: word.rindex("ität")]
        if len(stem) < MIN_QUALITY_STEM:
            return ()
        candidates = [stem + "isch"] if stem.endswith("ar") else []
        if stem.endswith("bil"):
            candidates.append(stem[:-3] + "bel")
        if stem.endswith(_QUALITY_STEMS):
            candidates.append(stem)
        if stem.endswith("al"):
            candidates.append(stem[:-2] + "ell")
        return tuple(c for c in candidates if _is_word(c))
    for ending in _ADJECTIVE_ENDINGS:
        base = word[: len(word) - len(ending)] if ending else word
        if not word.endswith(ending) or len(base) < MIN_QUALITY_STEM:
            continue
        if base.endswith("bel") or ending and base.endswith("bl"):  # "sensibl|e"
            noun = base[: base.rindex("b")] + "bilität"
        elif base.endswith("arisch"):
            noun = base[:-4] + "ität"
        elif base.endswith("ell"):
            noun = base[:-3] + "alität"
        elif base.endswith(_QUALITY_STEMS) and not (base.endswith("al") and len(base) < 6):
            noun = base + "ität"  # not "lok|al", "tot|al"
        else:
            continue
        if _is_word(noun):
            return (noun,)
    return ()


def _is_word(word: str) -> bool:
    """A word of the word list, or a common word followed by one of five letters or more
    ("kultur|sensibel"; not "uni|vers")."""
    if is_known_word(word):
        return True
    return any(
        is_common_word(word[:cut]) and is_known_word(word[cut:])
        for cut in range(3, len(word) - MIN_QUALITY_STEM + 1)
    )


def _compound_relatives(word: str) -> tuple[str, ...]:
    """A compound's nouns derived from its head, with its first parts: "Wohnungsvermittler"
    → "Wohnungsvermittlung", "Ehrenamtsbegleiter" → "Ehrenamtsbegleitung"."""
    parts = split_compound(word, common=True)
    if len(parts) < 2 or not word.endswith(parts[-1]):
        return ()
    first = word[: len(word) - len(parts[-1])]
    nouns = [w for w in related_words(parts[-1]) if w.endswith(("ung", "ation", "nahme", "kunft"))]
    return tuple(first + noun for noun in nouns)


def _foreign_nouns(stem: str) -> list[str]:
    """The common nouns of a foreign verb's stem (the verb without "-ieren"): "train" →
    "training", "repar" → "reparatur", "akzept" → "akzeptanz", "kommuniz" →
    "kommunikation", "kritis" → "kritik", "musiz" → "musik"."""
    candidates = [stem + suffix for suffix in _FOREIGN_NOUN_SUFFIXES]
    if stem.endswith("z"):
        candidates.append(stem[:-1] + "kation")
    if stem.endswith(("is", "iz")):
        candidates.append(stem[:-2] + "ik")
    return [noun for noun in candidates if is_plain_noun(noun)]


def _foreign_verb(word: str) -> str | None:
    """The common verb in -ieren of a foreign noun ("training(s)", "reparatur(en)",
    "akzeptanz", "absolvent(en)", "kritik"), or None."""
    for suffix in _FOREIGN_NOUN_SUFFIXES:
        for plural in ("", "s", "en", "n"):
            ending = suffix + plural
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                stem = word[: len(word) - len(ending)]
                verbs = [stem + "ieren"]
                if suffix == "ik":  # "krit|ik" → "kritisieren", "mus|ik" → "musizieren"
                    verbs = [stem + "isieren", stem + "izieren"]
                return next((verb for verb in verbs if is_common_verb(verb)), None)
    return None


def _adjective_in_isch(word: str) -> tuple[str, ...]:
    """The common adjective of a noun in -ik: "kritik" → "kritisch" (the reverse of
    `_noun_of_adjective`)."""
    stem = word.removesuffix("en").removesuffix("ik")
    if word.endswith(("ik", "iken")) and len(stem) >= 3 and is_common_word(stem + "isch"):
        return (stem + "isch",)
    return ()


def _country_relatives(word: str) -> tuple[str, ...]:
    """A people's name and its country, both ways, by their adjective in -isch:
    "syrer", "syrerinnen" → "syrien", "syrisch"; "afghanen" → "afghanistan";
    "syrien" → "syrisch", "syrer"; not "lehrer" ("lehrisch" is no word)."""
    for ending in _PEOPLE_ENDINGS:
        base = word.removesuffix(ending)
        if base != word and len(base) >= 3 and _has_isch(base):
            country = _noun_of_adjective(base + "isch")
            # "kinder": "kindisch" is no people's; "italiener": the stem is the country
            named = country == base and base.endswith(_COUNTRY_SUFFIXES[:-2])
            if country and (country not in (word, base) or named):
                return (country, base + "isch")
    for suffix in _COUNTRY_SUFFIXES[:-2]:  # not "-e", "-en": "Tiere" is no country
        base = word.removesuffix(suffix)
        if base != word and len(base) >= 3 and _has_isch(base) and is_plain_noun(word):
            people = [base + e for e in ("er", "e") if base + e != word and is_plain_noun(base + e)]
            return (base + "isch", *people[:1])
    return ()


def _has_isch(base: str) -> bool:
    return any(is_known_word(base + ending) for ending in ("isch", "ische", "ischen"))


def _action_of_agent(word: str) -> str | None:
    """The common noun of the action of a person noun: "zuwanderer" → "zuwanderung",
    "beraterin" → "beratung", "koordinatoren" → "koordination" ("lehrer": none)."""
    for ending in _AGENT_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            base = word[: len(word) - len(ending)]
            action = base + "ation" if ending.startswith("ator") else base + "ung"
            return action if is_common_word(action) else None
    return None


def _verb_of(noun: str) -> str | None:
    """ "öffnung" → "öffnen", "vermittlung" → "vermitteln", "förderung" → "fördern"."""
    base = noun[:-3]
    if len(base) < 3:
        return None
    candidates = [base + "en"]
    if base.endswith(("er", "el")):
        candidates.append(base + "n")
    if base[-1] in "lr" and base[-2] not in _VOWELS:
        candidates.append(base[:-1] + "e" + base[-1] + "n")
    return next((verb for verb in candidates if is_common_word(verb)), None)


def _noun_of(verb: str) -> str | None:
    """ "öffnen" → "öffnung", "vermitteln" → "vermittlung", "fördern" → "förderung"."""
    if len(verb) < 5 or not verb.endswith("n"):
        return None
    if verb.endswith("eln"):
        candidates = [verb[:-3] + "lung", verb[:-1] + "ung"]
    elif verb.endswith("ern"):
        candidates = [verb[:-1] + "ung"]
    elif verb.endswith("en"):
        candidates = [verb[:-2] + "ung"]
    else:
        return None
    return next((noun for noun in candidates if is_common_word(noun)), None)


def _noun_of_adjective(word: str) -> str | None:
    """ "sprachliche" → "sprache", "städtischen" → "stadt", "politisch" → "politik",
    "finanziell" → "finanzen": the most frequent common noun the adjective is formed from."""
    for ending in _ADJECTIVE_ENDINGS:
        if word.endswith(ending):
            found = [
                noun
                for suffix, base in _adjective_bases(word[: len(word) - len(ending)])
                for replacement in _ADJECTIVE_SUFFIXES[suffix]
                for noun in {base + replacement, without_dots(base) + replacement}
                if len(noun) >= MIN_NOUN.get(suffix, 3) and is_plain_noun(noun)
            ]
            if found:
                return max(found, key=lambda noun: (zipf(noun), noun))
    return None


def _adjective_bases(adjective: str) -> list[tuple[str, str]]:
    """(suffix, what precedes it) for each adjective suffix the word ends in."""
    return [
        (suffix, adjective[: -len(suffix)])
        for suffix in _ADJECTIVE_SUFFIXES
        if adjective.endswith(suffix) and len(adjective) - len(suffix) >= 3
    ]


def infinitive_of(word: str) -> str | None:
    """The verb of a lower-case present form or past participle that is no noun:
    "trennt" → "trennen", "geschult" → "schulen", "angemeldet" → "anmelden", "vorgelesen"
    → "vorlesen", "beantragt" → "beantragen"; None for other words ("gebiet")."""
    if (verb := verb_lemma(word)) != word:
        return verb
    if (verb := participle_verb(word)) is not None:  # "aufgenommen", also "Angeboten"
        return verb
    if "N" in word_class(word):
        return None
    if (participle := _declined_participle(word)) is not None:  # "vernetzte" → "vernetzt"
        return infinitive_of(participle)
    if not word.endswith(("t", "en")):
        return None
    rests = [word]  # inseparable prefixes take no "ge-": "beantragt", "organisiert"
    for prefix in ("", *SEPARABLE_PREFIXES, *_ALSO_SEPARABLE):
        if word.startswith(prefix + "ge") and len(word) > len(prefix) + 4:
            verb = participle_verb(word[len(prefix) :]) if prefix else None
            if verb is not None and is_common_word(prefix + verb):  # "wieder|gefunden"
                return prefix + verb
            rests.append(prefix + word[len(prefix) + 2 :])
    for rest in reversed(rests):
        if rest.endswith("en"):
            candidates = [rest]
        elif rest.endswith("et"):
            candidates = [rest[:-2] + "en", rest[:-1] + "n"]
        elif rest.endswith(("ert", "elt")) and not rest.endswith("iert"):  # "einbürgern"
            candidates = [rest[:-1] + "n", rest[:-1] + "en"]
        else:
            candidates = [rest[:-1] + "en", rest[:-1] + "n"]
        for verb in candidates:
            if verb != word and _is_verb(verb):
                return verb
    return None


_DECLINED = re.compile(r"^(.{4,}t)(?:e|en|er|es|em)$")


def _declined_participle(word: str) -> str | None:
    """The past participle of one declined as an adjective ("vernetzte", "angemeldeten",
    "organisierte"), when the word is no verb form of its own."""
    match = _DECLINED.match(word)
    if match is None or verb_lemma(word) != word:
        return None
    participle = match.group(1)
    marked = participle.startswith(("ge", *NO_GE_PREFIXES, *SEPARABLE_PREFIXES))
    return participle if marked or participle.endswith("iert") else None


def is_common_verb(word: str) -> bool:
    """An infinitive of the word classes that is a common word ("aufbauen")."""
    return "V" in word_class(word) and is_common_word(word)


def _is_verb(word: str) -> bool:
    """A common verb, or one the word list lacks whose noun in -ung is common:
    "einbürgern" (Einbürgerung), "einschulen" (Einschulung)."""
    if is_common_verb(word):
        return True
    return not is_common_word(word) and _noun_of(word) is not None


def verb_forms(verb: str) -> tuple[str, ...]:
    """Third person and past participle ("öffnet", "geöffnet", "angemeldet"); Snowball
    stems the rest."""
    for prefix in SEPARABLE_PREFIXES:
        rest = verb[len(prefix) :]
        if verb.startswith(prefix) and len(rest) >= 4 and is_common_word(rest):
            third, *participle = verb_forms(rest)
            return (prefix + third, *(prefix + p for p in participle or ["ge" + third]))
    base = verb[:-2] if verb.endswith("en") else verb[:-1]
    # "-et" after t/d and after a consonant + m/n ("öffnet", "atmet"), not "lernt", "wohnt".
    lengthening_h = base[-2] == "h" and base[-3:-2] in tuple(_VOWELS)
    awkward = base[-1] in "mn" and base[-2] not in "lrmn" + _VOWELS and not lengthening_h
    ending = "et" if base.endswith(("t", "d")) or awkward else "t"
    third = base + ending
    participle = (
        third if verb.startswith(NO_GE_PREFIXES) or verb.endswith("ieren") else "ge" + third
    )
    return (third, participle) if participle != third else (third,)
