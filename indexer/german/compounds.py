"""German decompounding against a word list with linking elements (-s-, -es-, -n-, -en-, …).

"Flüchtlingsunterkunft" → ("flüchtling", "unterkunft"). The word list (indexer/data,
derived from wordfreq) gives each word's frequency: common words such as "insgesamt" are
never split, and every part must itself be a known word, so no stray fragments ("e",
"ins") are produced. A part may have three letters ("Kinder|tag", "Orts|teil") only if it
is a frequent noun (word classes from simplemma's tables, `lemmas.word_classes`); a verb
is a modifier by its stem ("Lern|hilfe", "Wohn|raum"); diminutive and derivational
endings ("Bäum|chen", "erkenn|bar") are never parts. wordfreq spells "ß" as "ss", so
words are folded the same way before lookup ("Außen|dämmung"). Measured against a gold
list in bench/compound_split_eval.py. Hand-written: the candidate libraries are GPL,
huge or slow (CharSplit, HanTa), or ignore linking elements.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path

from indexer.limits import LIMITS

LEXICON_FILE = Path(__file__).parent.parent / "data" / "de_lexicon.tsv.gz"
LINKS = ("", "s", "es", "n", "en", "er", "e", "ns", "ens")
MIN_PART = 3  # only for frequent nouns (SHORT_PART_ZIPF); other parts have LONG_PART
LONG_PART = 4
MIN_WORD = 2 * MIN_PART
PART_ZIPF = 3.0  # every part must be this common (Zipf scale: 3 ≈ once per million words)
TAIL_ZIPF = 3.0
USUAL_LINK_ZIPF = 3.0
HEAD_NOUN_ZIPF = 2.5  # any noun of the word list may be a part ("Willkommens|lotsen")
SHORT_PART_ZIPF = 4.0  # a three-letter part must be a noun this common ("Tag", "Eis")
NEVER_SPLIT_ZIPF = 3.3  # words this common are words in their own right ("Teilhabe")
VERB_STEM_ZIPF = 2.5  # how common its infinitive must be at least
RARE_VERB_STEM = 5  # letters of such a stem at least ("dolmetsch"; "betr|eiberin" is no split)
MIN_VERB_STEM = 4  # "lern|en", "wohn|en"; "geb|en" would find "Geb|rauch"
# Endings after which a first part always takes the linking "s": "Versammlung-s-ort",
# "Gemeinschaft-s-raum", "Integration-s-kurs" (so not "Versammlung|sort").
S_LINKED = ("ung", "heit", "keit", "schaft", "tion", "sion", "tät", "ling")
IMPLIED_LINKS = ("s", "es", "n", "en", "ns", "ens")
INFLECTIONS = ("", "e", "n", "en", "s", "es", "er", "ern", "nen")  # noun endings
# Derivational and diminutive endings that the word list also holds as words ("Chen" is a
# name, "Los" a noun): never a compound's part, so "Bäumchen" and "hilflos" stay whole.
SUFFIX_TAILS = frozenset(
    {"lich", "liche", "lichen", "licher", "liches", "ung", "ungen", "nis", "nisse", "nissen",
     "heit", "heiten", "keit", "keiten", "schaft", "schaften", "isch", "ische", "ischen",
     "ischer", "isches", "ende", "enden", "ender", "endes", "isse", "ingen", "lung", "lungen",
     "iker", "niker", "nomen", "williges", "willige", "willigen",
     "chen", "chens", "lein", "leins", "los", "lose", "losen", "loser", "loses", "bar",
     "bare", "baren", "barer", "bares", "sam", "same", "samen", "tum", "tums", "haft",
     "hafte", "haften", "ling", "linge", "lingen", "ler", "ner", "erei", "ian", "erin",
     "erinnen", "innen", "inne"}
)  # fmt: skip


@cache
def lexicon() -> dict[str, float]:
    """Lower-case German word → Zipf frequency."""
    with gzip.open(LEXICON_FILE, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    rows = (line.split("\t", 1) for line in lines if line and not line.startswith("#"))
    return {word: float(zipf) for word, zipf in rows}


@cache
def _part_stems() -> frozenset[str]:
    """Stems of the nouns that may be a compound's head, for its inflected forms."""
    from indexer.german.analysis import stem_words
    from indexer.german.lemmas import word_class

    nouns = [
        w
        for w, z in lexicon().items()
        if z >= HEAD_NOUN_ZIPF and len(w) >= LONG_PART and "N" in word_class(w)
    ]
    return frozenset(stem_words(nouns))


def fold_sharp_s(word: str) -> str:
    """ "ß" → "ss", as wordfreq (and so the lexicon) spells every word."""
    return word.replace("ß", "ss")


def _zipf(word: str) -> float:
    return lexicon().get(fold_sharp_s(word), 0.0)


def _family_zipf(word: str) -> float:
    """The Zipf frequency of the most frequent inflected form of the word ("Beratungsstellen"
    counts as "Beratungsstelle"), so that every form of a word is split alike."""
    from indexer.german.analysis import stem
    from indexer.german.lemmas import noun_forms, noun_lemma

    term = stem(word)
    lemma = noun_lemma(word)
    # the lemma's other forms too: "Pflegekräfte" (Zipf 3.35) was a word of its own and
    # "Pflegekraft" (2.85) a compound, so that the two had different parts
    best = max(_zipf(word), _zipf(lemma), *map(_zipf, noun_forms(lemma)))
    for ending in INFLECTIONS:
        if not word.endswith(ending):
            continue
        base = word[: len(word) - len(ending)]
        for other in INFLECTIONS:
            form = base + other
            if form != word and (zipf := _zipf(form)) > best and stem(form) == term:
                best = zipf
    return best


def _short_part(word: str) -> bool:
    """May a three-letter word be a part? Only a frequent noun with a vowel ("Tag", "Eis",
    not the "sch" of hyphenated "Sch-")."""
    from indexer.german.lemmas import word_class

    return (
        _zipf(word) >= SHORT_PART_ZIPF
        and any(vowel in word for vowel in "aeiouäöüy")
        and "N" in word_class(word)
        and word not in _stop_words()
        and word not in SUFFIX_TAILS
    )


# Frequent three-letter adjectives that begin compounds ("Neu|bürger", "Alt|bau",
# "Nah|verkehr", "Eng|pass"); the word list has no adjective class to find them by.
SHORT_MODIFIERS = frozenset({"neu", "alt", "nah", "eng"})


@lru_cache(maxsize=200_000)  # pure; the same cores recur in many words
def _known_head(core: str) -> float:
    """Frequency of a non-final part: as written, with an elided "e" (Sprach-e, Schul-e),
    or as the stem of a verb (Lern-en, Warte-n)."""
    from indexer.german.lemmas import word_class

    if core in _stop_words() or core in SUFFIX_TAILS:
        return 0.0
    if len(core) < LONG_PART:
        return _zipf(core) if _short_part(core) or core in SHORT_MODIFIERS else 0.0
    zipf = max(_zipf(core), _zipf(core + "e"))
    if zipf < PART_ZIPF and _modifier_noun(core):
        return PART_ZIPF
    if zipf < PART_ZIPF and len(core) >= MIN_VERB_STEM:
        verbs = [v for v in (core + "en", core + "n") if "V" in word_class(v)]
        zipf = max([zipf, *(_zipf(v) for v in verbs)])
        # A rarer verb's stem, long enough not to be a fragment: "Dolmetsch|dienst",
        # "Krabbel|gruppe" (a verb in -eln or -ern takes only "-n").
        infinitives = (core + "en", core + "n") if core.endswith(("el", "er")) else (core + "en",)
        if (
            zipf < PART_ZIPF
            and len(core) >= RARE_VERB_STEM
            and any(
                "V" in word_class(verb) and _zipf(verb) >= VERB_STEM_ZIPF for verb in infinitives
            )
        ):
            return PART_ZIPF
    return zipf


def _suffix_noun(core: str, word: str) -> float:
    """Frequency of a suffix that is also a noun, as the first part of `word`, a noun:
    "Los|verfahren", "Haft|anstalt"; after another part it stays a suffix ("arbeits|los"),
    and a listed word that is no noun keeps it ("losfahren", "Barclay")."""
    from indexer.german.lemmas import word_class

    if core not in SUFFIX_TAILS or "N" not in word_class(core):
        return 0.0
    if is_known_word(word) and "N" not in word_class(word):
        return 0.0
    return _zipf(core) if _zipf(core) >= SHORT_PART_ZIPF else 0.0


def _modifier_noun(core: str) -> bool:
    """A rarer noun of the word list as a first part ("Lotsen|projekt")."""
    from indexer.german.lemmas import word_class

    forms = (core, core + "e")
    return any(_zipf(form) >= HEAD_NOUN_ZIPF and "N" in word_class(form) for form in forms)


@cache
def _stop_words() -> frozenset[str]:
    from indexer.german.analysis import STOP_WORDS

    return STOP_WORDS


@lru_cache(maxsize=200_000)
def _known_tail(part: str) -> float:
    """Frequency of the final part, a noun, inflected forms included (…patenschaften):
    "Orts|teil", not "Ort|steil"."""
    from indexer.german.analysis import stem
    from indexer.german.lemmas import noun_lemma, word_class

    if part in SUFFIX_TAILS or part in _stop_words():
        return 0.0
    if len(part) < LONG_PART:
        return _zipf(part) if _short_part(part) else 0.0
    zipf = _zipf(part)
    if zipf and "N" not in word_class(part):
        return 0.0  # a listed word that is no noun ("steil") is no head
    if zipf >= TAIL_ZIPF:
        return zipf
    # an inflected form Snowball stems apart from its noun ("Tandems": "tandem", "Tandem":
    # "tand") by its lemma
    if _zipf(part + "e") >= PART_ZIPF:
        return 0.0  # only a modifier drops its "e" (Schul|buch); "Beruf|stag" is no "Stage"
    stems = _part_stems()
    return PART_ZIPF if stem(part) in stems or stem(noun_lemma(part)) in stems else 0.0


def zipf(word: str) -> float:
    """The word's Zipf frequency in the word list (0.0: not listed)."""
    return _zipf(word)


def is_part(piece: str, last: bool) -> bool:
    """Whether a piece may be a compound's part: its last (a noun) or an earlier one."""
    if len(piece) < MIN_PART:
        return False
    return (_known_tail(piece) >= TAIL_ZIPF) if last else (_known_head(piece) >= PART_ZIPF)


def is_known_word(word: str) -> bool:
    """True for a word of the word list, however rare."""
    return _zipf(word) > 0


def is_common_word(word: str) -> bool:
    """True for a correctly spelled, reasonably common German word (not a typo)."""
    return _zipf(word) >= PART_ZIPF


def cased_as(typed: str, written: str) -> str:
    """A lower-case spelling of a typed word, capitalised as the word was typed."""
    return written[:1].upper() + written[1:] if typed[:1].isupper() else written


def umlaut_spelling(word: str, known: Callable[[str], bool] = lambda _: False) -> str:
    """The word with its ae/oe/ue written as umlauts when that is how German writes it:
    when only that spelling is a word (of the lexicon, or `known`), or one ten times as
    frequent. "Ablaeufe" → "Abläufe", "Maenner" → "Männer"; "Steuer", "neue", "aktuell"
    and "Quelle" stay as they are."""
    lower = word.lower()
    if not _DIGRAPH.search(lower):
        return word
    written = digraphs_as_umlauts(lower)
    typed_zipf, written_zipf = _zipf(lower), _zipf(written)
    if known(lower) and not known(written):
        return word
    if not (written_zipf > typed_zipf + 1 or (not typed_zipf and known(written))):
        return word
    return cased_as(word, written)


_DOTLESS = {"a": "ä", "o": "ö", "u": "ü"}
MAX_DOTLESS = 6  # vowels of a word tried with dots (2**6 spellings at most)


def dotted_spelling(word: str, known: Callable[[str], bool] = lambda _: False) -> str:
    """The word with umlauts where a, o, u lost their dots (a keyboard without umlauts):
    "Fluchtlingsunterkunft" → "Flüchtlingsunterkunft", "Burgerbus" → "Bürgerbus". The
    evidence, stronger first: the spelling is `known` (in the index), or a word of the
    lexicon. The typed word stays when it has the stronger evidence ("fordern" where the
    texts say "fordern"); otherwise the spelling with the fewest dots added that has it,
    the most frequent of those. (That a spelling splits into lexicon words is no
    evidence: "Sprachpatenshaft" would become "Sprachpatenshäft".)"""
    lower = word.lower()
    if not lower.isalpha() or not any(char in _DOTLESS for char in lower) or known(lower):
        return word
    vowels = [index for index, char in enumerate(lower) if char in _DOTLESS][:MAX_DOTLESS]
    spellings = [
        _with_dots(lower, chosen)
        for count in range(1, len(vowels) + 1)
        for chosen in combinations(vowels, count)
    ]
    for test in (known, is_known_word):
        if test(lower):
            return word
        found = [spelling for spelling in spellings if test(spelling)]
        if found:
            fewest = min(_dots(spelling) for spelling in found)
            written = max((s for s in found if _dots(s) == fewest), key=_zipf)
            return cased_as(word, written)
    return word


def without_dots(word: str) -> str:
    """ä, ö, ü as a, o, u, "ß" kept (unlike `analysis.fold_umlauts`): a noun's or verb's
    vowel before its umlaut ("bäuere" → "bauere", "züge" → "zuge")."""
    return word.translate(_NO_DOTS)


_NO_DOTS = str.maketrans("äöü", "aou")


def _with_dots(lower: str, chosen: tuple[int, ...]) -> str:
    letters = list(lower)
    for index in chosen:
        letters[index] = _DOTLESS[letters[index]]
    return "".join(letters)


def _dots(spelling: str) -> int:
    return sum(char in "äöü" for char in spelling)


@lru_cache(maxsize=300_000)
def split_compound(word: str, common: bool = False) -> tuple[str, ...]:
    """The parts of a lower-case compound, linking elements removed; () if it is none.

    Common words ("Arbeitsplatz", "insgesamt") are words in their own right and stay
    whole unless `common` is set. A word typed with ae/oe/ue ("buergerbeteiligung") is
    also tried with umlauts.
    """
    if not MIN_WORD <= len(word) <= LIMITS.max_word_chars or not word.isalpha():
        return ()
    if not common and _family_zipf(word) >= NEVER_SPLIT_ZIPF:
        return ()
    folded = fold_sharp_s(word)
    best = _segment(folded)
    if best and len(best[1]) > 1 and _plausible(folded, best[1]):
        return _as_written(word, best[1]) if folded != word else best[1]
    written = digraphs_as_umlauts(word)
    return split_compound(written, common) if written != word else ()


def _as_written(word: str, parts: tuple[str, ...]) -> tuple[str, ...]:
    """The parts of the ß-folded word in the word's own spelling ("straße", not "strasse")."""
    folded = fold_sharp_s(word)
    written = []
    at = 0
    for part in parts:
        at = folded.index(part, at)
        begin, end = _written_offset(word, at), _written_offset(word, at + len(part))
        if begin is None or end is None:  # a boundary inside "ß" = "s|s": keep the folding
            return parts
        written.append(word[begin:end])
        at += len(part)
    return tuple(written)


def _written_offset(word: str, folded_offset: int) -> int | None:
    """The offset in `word` of an offset in its ß-folded form; None inside an "ß"."""
    position = 0
    for index, char in enumerate(word):
        if position == folded_offset:
            return index
        position += 2 if char == "ß" else 1
        if position > folded_offset:
            return None
    return len(word) if position == folded_offset else None


def _plausible(word: str, parts: tuple[str, ...]) -> bool:
    """At most one three-letter part ("Kinder|tag", not "Ach|tel"), and rarer than its parts."""
    return sum(len(part) < LONG_PART for part in parts) <= 1 and _rarer_than_parts(word, parts)


def _rarer_than_parts(word: str, parts: tuple[str, ...]) -> bool:
    """A compound is rarer than each of its parts; a common word more frequent than one
    of them has a meaning of its own ("Weihnachten", "Deutschland", "Freiburg")."""
    zipf = _zipf(word)
    if zipf < NEVER_SPLIT_ZIPF:
        return True
    return all(max(_zipf(part), _known_head(part)) > zipf for part in parts)


_DIGRAPH = re.compile(r"ae|oe|(?<!q)ue")
_UMLAUT = {"ae": "ä", "oe": "ö", "ue": "ü"}


def keyboard_spellings(word: str) -> tuple[str, ...]:
    """A lower-case word as typed, then as written with umlauts for ae/oe/ue, then with
    its "ss" as "ß" too: "fuesse" → ("fuesse", "füsse", "füße")."""
    written = digraphs_as_umlauts(word)
    return tuple(dict.fromkeys((word, written, written.replace("ss", "ß"))))


def digraphs_as_umlauts(word: str) -> str:
    """ae, oe, ue (not after q) written as ä, ö, ü: "buergerbus" → "bürgerbus"."""
    return _DIGRAPH.sub(lambda m: _UMLAUT[m.group(0)], word)


Score = tuple[int, int, float, int]


def _segment(word: str) -> tuple[Score, tuple[str, ...]] | None:
    """Best segmentation: fewest parts, then fewest linking letters, then the most frequent
    rarest part, then the most usual links. Fewest links settle an "s": "Kopf|steuer", not
    "Kopf-s-teuer"; a usual one (`_usual_link`) costs nothing: "Vereins|paten"."""
    return _best_split(word, True)


@lru_cache(maxsize=200_000)  # pure; compounds share their endings ("…arbeit", "…stelle")
def _best_split(rest: str, first: bool) -> tuple[Score, tuple[str, ...]] | None:
    """`_segment` of the word's ending `rest` (`first`: the whole word, which is no part
    of its own)."""
    result = None
    tail = _known_tail(rest) if not first and len(rest) >= MIN_PART else 0.0
    if tail >= TAIL_ZIPF:
        result = ((-1, 0, tail, 0), (rest,))
    for end in range(MIN_PART, len(rest) - MIN_PART + 1):
        if end > _LONGEST_LINK and not _begins_a_word(rest[: end - _LONGEST_LINK]):
            break  # every later piece's core begins so: none is a known head
        piece = rest[:end]
        for core, link in linked_cores(piece):
            if len(core) < MIN_PART or (link != "s" and core.endswith(S_LINKED)):
                continue
            head = _known_head(core) or (_suffix_noun(core, rest) if first else 0.0)
            if head < PART_ZIPF:
                continue
            follow = _best_split(rest[end:], False)
            if follow is None:
                continue
            (count, links, rarest, usual), parts = follow
            linked = len(link) or _implied_link(core)
            if linked and _usual_link(core + link):
                candidate = ((count - 1, links, min(rarest, head), usual + 1), (core, *parts))
            else:
                candidate = ((count - 1, links - linked, min(rarest, head), usual), (core, *parts))
            if result is None or candidate[0] > result[0]:
                result = candidate
    return result


_LONGEST_LINK = max(map(len, LINKS))
# The linking elements a piece may end in, by its last letter, in the order of LINKS.
_LINKS_ENDING = {
    last: tuple(link for link in LINKS if not link or link[-1] == last)
    for last in {link[-1] for link in LINKS if link}
}


def linked_cores(piece: str) -> Iterator[tuple[str, str]]:
    """(core, linking element) for each element the piece may end with, "" included:
    "arbeits" → ("arbeits", ""), ("arbeit", "s")."""
    for link in _LINKS_ENDING.get(piece[-1:], ("",)):
        if not link or piece.endswith(link):
            yield piece[: len(piece) - len(link)], link


def _begins_a_word(prefix: str) -> bool:
    """Does a word of the word list begin with `prefix`? A known head (a word, the word
    with "e", a verb's "en" or "n") does, so a compound's part needs it."""
    words = _sorted_words()
    at = bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


@cache
def _sorted_words() -> list[str]:
    return sorted(lexicon())


def _usual_link(linked: str) -> bool:
    """Is the modifier with its linking element a common form of its own ("vereins",
    "orts")? Then the link costs nothing, and on a tie it wins: "Vereins|paten", not
    "Verein|spaten"."""
    return _zipf(linked) >= USUAL_LINK_ZIPF


def _implied_link(core: str) -> int:
    """Letters of a linking element a known word may end in: "orts" is "ort" + "s" (in
    the word list from hyphenated "Orts- und …"), "freuden" is "freude" + "n", so
    "orts|teil" has a link as "ort|s|teil" has, and frequency decides between them.
    Not "-er" and "-e": "fehler" is no "fehl" + "er"."""
    return max(
        (len(link) for link in IMPLIED_LINKS if core.endswith(link)
         and len(core) - len(link) >= MIN_PART and _known_head(core[: -len(link)]) >= PART_ZIPF),
        default=0,
    )  # fmt: skip
