"""German text analysis: one analyzer object for indexing and querying alike.

Pipeline: tokenise (keeping gender forms such as "Teilnehmer*innen" as one token) →
drop the gender mark → lower-case → German stop words → fold feminine forms onto the
base noun → noun lemmas Snowball misses ("Praktika" → "Praktikum", `lemmas`) → Snowball
German stemming (PyStemmer; it also folds ä/ae → a, ß → ss).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import chain, repeat

import Stemmer
from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)
from whoosh.lang.stopwords import stoplists

from indexer.german.abbreviation_forms import abbreviation_base
from indexer.german.compounds import (
    digraphs_as_umlauts,
    is_common_word,
    is_known_word,
    split_compound,
    umlaut_spelling,
)
from indexer.german.lemmas import agent_noun, noun_lemma, verb_lemma
from indexer.limits import LIMITS

# Bump when the analysis changes: an index built with another version is rebuilt in full.
ANALYSIS_VERSION = "50"

_GENDER_SUFFIX = r"(?:/-?|[*:_·•]|\()(?:[Ii]nnen|[Ii]n)\)?(?![^\W_])"
# A gender mark inside a compound: "Bürger*innenbeteiligung", "Lehrer:innenzimmer".
_GENDER_INFIX = r"(?:/-?|[*:_·•])(?:[Ii]nnen|INNEN)(?=[^\W\d_])"
# Letters may carry combining marks (a decomposed "u" + U+0308): NFCFilter composes them.
# A letter, then letters and marks: written as runs of letters between runs of marks, which
# `re` matches in about two thirds of the time of one alternation per character.
_LETTERS = r"[^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*"
_WORD = rf"{_LETTERS}(?:{_GENDER_INFIX}{_LETTERS})*"
# A short code of letters and digits is one word: language levels "B2", "A1", "U3".
_CODE = r"[^\W\d_]{1,3}\d{1,3}(?![^\W_])"
TOKEN_PATTERN = rf"{_CODE}|{_WORD}(?:{_GENDER_SUFFIX})?|\d+"
# Words joined by hyphens ("Führerschein-Lotsen", "Baden-Württemberg") as one token.
HYPHENATED_PATTERN = rf"{_CODE}|{_WORD}(?:-{_WORD})*(?:{_GENDER_SUFFIX})?|\d+"
MAX_HYPHENATED = 6  # pieces of one hyphenated word; longer chains are no compound
# A token of the parts field is longer only when it is no word: its parts are not looked
# for (each gender mark in a long one cost a pass over all of it: quadratic).
_MAX_HYPHENATED_CHARS = LIMITS.max_word_chars + MAX_HYPHENATED
_GENDER_MARK = re.compile(r"(?:/-?|[*:_·•]|\()([Ii]nnen|[Ii]n)\)?$")
# The mark inside a compound, also as a capital I ("BürgerInnenbeteiligung").
_GENDER_INFIX_MARK = re.compile(rf"{_GENDER_INFIX}|(?<=[a-zäöüß])Innen(?=[a-zäöüß])")
# A feminine plural as a compound's modifier, unmarked: "Helferinnenkreis", "HELFERINNENKREIS".
_FEMININE_MODIFIER = re.compile(r"(?<=[^\W\d_]{3})innen(?=[^\W\d_]{3})", re.IGNORECASE)
# A "?" that ends a word or stands alone ("Sprachpaten ?") ends a question.
_QUESTION_MARK = re.compile(r"(?:(?<=[^\W_])|(?<![^\s\"'(]))\?+(?=[\s\"'),.;:!]|$)")
_QUERY_GENDER_MARK = re.compile(
    r"(?<=[^\W\d_])(?:/-?|[*:_·•]|\()([Ii]nnen|INNEN|[Ii]n|IN)\)?(?![^\W_])"
)
# German quotation marks quote a phrase as straight ones do.
TYPOGRAPHIC_QUOTES = str.maketrans(dict.fromkeys("„“”«»", '"'))  # as the query parser reads them
# Punctuation that separates words without being query syntax: commas, semicolons, a
# sentence's end, a colon before a space ("Frage: …"), a slash between words, the "#" or
# "@" of a hashtag or a mention ("#Ehrenamt").
_SEPARATOR = re.compile(
    r"[,;]|[.!…]+(?=[\s\"')\]]|$)|:(?=\s|$)|(?<=[^\W\d_])/(?=[^\W\d_])|(?<!\S)[#@]+(?=\w)"
    # between two words without a space: "Sprachpaten...Flüchtlinge", "Paten|Schule",
    # "Schule–Beruf", "Kita&Schule", "Sprachpaten.Flüchtlinge" (a full stop before a
    # capital; "z.B.", "kath." stay); not a hyphen, an apostrophe, a pattern's "*" or
    # "?", nor the "~2" and "^2" of a fuzzy or boosted word
    r"|(?<=[^\W_])(?:\.{2,}|[…|+&~!=<>\[\]{}^\\%–—]+)(?=[^\W\d_])"
    r"|(?<=[^\W\d_]{3})\.(?=[A-ZÄÖÜ][a-zäöüß])"
    # before a word: an ellipsis ("...Sprachpaten") and the "+" of a required word
    r"|(?<!\S)(?:[.…]+|\+)(?=[^\W\d_])"
)

# Word endings "-in" that are not feminine forms (Termin, Medizin, Benzin …).
_NOT_FEMININE_IN = (
    "termin", "medizin", "benzin", "kamin", "magazin", "disziplin", "vitamin", "berlin",
    "rosmarin", "cousin", "nikotin", "urin", "delfin", "delphin", "jasmin", "mandarin",
    "insulin", "aspirin", "kerosin", "harlekin", "zeppelin", "satin", "gelatin", "penicillin",
    "adrenalin", "vaselin", "paraffin", "tannin", "pektin", "bulletin", "baldachin", "admin",
    "chinin", "musselin", "lamin", "dauphin",
)  # fmt: skip
# Bases of "-innen" words that are verbs or unrelated nouns (beginnen, gewinnen, Spinnen …).
_NOT_FEMININE_INNEN = frozenset({"beg", "gew", "bes", "entr", "zerr", "ers", "verr", "spinn"})
_VOWELS = frozenset("aeiouäöüy")


# Function words Snowball's list lacks: contractions, prepositions, possessives, question
# words, modal verbs and sentence adverbs. Written here because the larger lists (spaCy's,
# stopwords-iso) also hold content words this field needs ("Teil", "Jahr", "Mittel").
MORE_STOP_WORDS = """
beim neben wegen trotz seit statt anstatt gegenüber innerhalb außerhalb mittels binnen samt
unsere unserer unseren unserem unseres eure eurer euren eurem euer jemand niemand einander
wer wann warum wieso weshalb wozu woher wohin womit wofür worüber
muss müssen musste mussten soll sollen sollte sollten darf dürfen möchte möchten mögen
bereits schon immer oft dabei dafür dazu daher darüber deshalb jedoch sowie bzw usw ca etwa
eher gerade ebenfalls zudem außerdem trotzdem dennoch bisher zunächst
zb ua dh uu ev ggf evtl inkl vgl sog etc
seid wart sei seist seien seiet wäre wärst wären wärt gewesen hast habt hattest hattet hätte
hättest hätten hättet gehabt werdet wurdest wurdet würdest würdet geworden kannst könnt
konntest konnten konntet könntest könnten könntet musst müsst musstest musstet müsste
müssten sollst sollt solltest solltet darfst dürft durfte durften dürfte dürften willst wollt
wolltest wollten wolltet mag magst mögt möchtest möchtet
fürs ans aufs durchs übers ums vors hinters unters überm unterm hinterm vorm
ne nen nem ner zw lkr lkrs
wen wem deren bevor nachdem obwohl sodass untereinander irgendwie irgendwo irgendwann
weder sowohl solange sobald sofern falls
kaum ganz ziemlich leider wirklich fast beinahe vielleicht eigentlich überhaupt manchmal
meistens ständig endlich plötzlich nie niemals
""".split()  # noqa: SIM905 - a word list reads best as text
# Snowball's list has the adverb "weg", which is also the noun "Weg" (the plural "Wege" is
# no stop word): "Weg in den Kindergarten" was searched as "Kindergarten".
NOT_STOP_WORDS = frozenset({"weg"})
_PRONOMINAL_PREPOSITIONS = """
an auf aus bei durch für gegen hinter in mit nach neben über um unter von vor zu zwischen
""".split()  # noqa: SIM905 - a word list reads best as text
# Every pronominal adverb: "worauf muss man achten", "was wird daraus".
MORE_STOP_WORDS += [
    prefix + preposition
    for preposition in _PRONOMINAL_PREPOSITIONS
    for prefix in (("wor", "dar") if preposition[0] in "aeiouäöü" else ("wo", "da"))
]


def typed_spellings(words: Iterable[str]) -> frozenset[str]:
    """Lower-case words as written, as typed without umlaut keys (für, fuer, fur) and in the
    spelling before the 1996 reform (muss, muß; dass, daß)."""
    found = set()
    for word in words:
        found |= {word, fold_umlauts(word), _OLD_SHARP_S.sub("ß", word)}
        found.add(word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))
    return frozenset(found)


# Before the 1996 reform, "ss" was written "ß" at a word's end and before a consonant
# ("daß", "muß", "mußte"); older documents and many people still write so.
_OLD_SHARP_S = re.compile(r"ss(?=$|[^aeiouäöüy])")


def _stop_words() -> frozenset[str]:
    """Snowball's German stop words and MORE_STOP_WORDS, also as typed without umlauts."""
    return typed_spellings([*stoplists["de"], *MORE_STOP_WORDS]) - NOT_STOP_WORDS


def _accent_table() -> dict[int, str]:
    """Latin letters with accents other than the umlauts → their base letter (é → e)."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        base, *marks = unicodedata.normalize("NFD", letter)
        if marks and base.isascii() and letter.lower() not in "äöü":
            table[code] = base
    return table


# Hand-written: a general transliterator (Unidecode) would also fold ä, ö, ü and ß, which
# the German stemmer and the umlaut rules need as written.
_ACCENTS = _accent_table()


def fold_accents(word: str) -> str:
    """The word with foreign accents dropped ("café" → "cafe", "señor" → "senor"): people
    type them as they please, so every spelling meets every other. Umlauts, ß and other
    scripts stay."""
    return word if word.isascii() else word.translate(_ACCENTS)


def fold_umlauts(text: str) -> str:
    """ä→a, ö→o, ü→u, ß→ss: the spelling people type on keyboards without umlauts."""
    return text.translate(_UMLAUT_TABLE)


_UMLAUT_TABLE = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
STOP_WORDS = _stop_words()
# Number words as the digits texts and queries use as often ("drei Jahre", "3 Jahre");
# "ein", "eine" are articles far more often than numbers.
_NUMBERS = ("zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf")
NUMBER_WORDS = {word: str(number) for number, word in enumerate((*_NUMBERS, "zwölf"), start=2)}
NUMBER_WORDS |= {"fuenf": "5", "zwoelf": "12"}  # typed without umlaut keys


def fold_feminine(word: str) -> str:
    """Map a lower-case feminine form onto a form that stems like the base noun.

    Snowball only handles "-erin(nen)"; "Migrantinnen", "Kolleginnen", "Lotsin" need this.
    The base gets an "e" ("lotsinnen" → "lotse") because Snowball strips a final "e" but
    would treat a bare "lots" as a plural.
    """
    if word.endswith("innen"):
        base = word[:-5]
        if len(base) >= 3 and base not in _NOT_FEMININE_INNEN:
            # "Ärzte/-innen" joins as "ärzteinnen": the plural before the mark is the base
            return base if base.endswith("e") else base + "e"
        return word
    if word.endswith("in") and len(word) >= 5:
        base = word[:-2]
        # "-eurin" is the feminine of "-eur" (Friseurin, Ingenieurin), not "Urin"
        if base[-1] not in _VOWELS and (
            word.endswith("eurin") or not word.endswith(_NOT_FEMININE_IN)
        ):
            return base + "e"
    return word


def feminine_base(word: str) -> str:
    """The base noun of a lower-case feminine form as a word of the word list
    ("eigentümerinnen" → "eigentümer", "kolleginnen" → "kollege", "lotsin" → "lotse"), for
    looking it up in word lists; else what `fold_feminine` gives."""
    folded = fold_feminine(word)
    if folded == word:
        return word
    base = folded[:-1]
    for candidate in (folded, base, fold_umlauts(folded), fold_umlauts(base)):
        if is_known_word(candidate):
            return candidate
    return folded


_local = threading.local()


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """Snowball German stem of a lower-case word (PyStemmer is not thread-safe: one per thread)."""
    return _stemmer().stemWord(word)


def stem_words(words: list[str]) -> list[str]:
    """`stem` of many words in one call (PyStemmer loops in C)."""
    return _stemmer().stemWords(words)


def _stemmer() -> Stemmer.Stemmer:
    """This thread's stemmer."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("german")
    return stemmer


def umlaut_stem(word: str) -> str:
    """Like `normalize_term`, but the stem keeps its umlauts: "bürger" → "bürg", "burg" → "burg".

    Used for compound parts, where Snowball's umlaut folding would let "Bürger" match the
    "-burg" of every Ludwigsburg and Freiburg. Typed digraphs count as umlauts ("buerger").
    """
    written = noun_lemma(fold_feminine(f_spelling(fold_accents(word))))
    if (agent := _agent(written) or _agent(digraphs_as_umlauts(written))) is not None:
        return agent.replace("ß", "ss")  # "lehrer", not the "lehr" of "Lehrstelle"
    written = noun_lemma(digraphs_as_umlauts(written)).replace("ß", "ss")
    stemmed = stem(written)
    if fold_umlauts(written).startswith(stemmed):
        return written[: len(stemmed)]
    return stemmed


_PARTICIPLE = re.compile(r"^(.{3,})end(?:e|en|er|es|em)?$")


def fold_participle(word: str) -> str:
    """Map a present participle onto its verb: "helfende" → "helfen", so it stems like "Helfer".

    Gender-neutral nouns ("Helfende", "Lehrende", "Mitarbeitende") mean the same as the
    agent nouns; Snowball keeps their "-end". Only done when the verb is a known word.
    """
    match = _PARTICIPLE.match(word)
    if match and is_common_word(match.group(1) + "en"):
        return match.group(1) + "en"
    return word


def _agent(word: str) -> str | None:
    """The noun in -er kept apart from its stem-mates (`lemmas.agent_noun`) that a folded
    word is, also as a present participle if the noun names persons ("helfende",
    "lehrenden" → "helfer", "lehrer": gender-neutral forms of the same persons; but
    "lebende" is no "Leber")."""
    if (agent := agent_noun(word)) is not None:
        return agent
    match = _PARTICIPLE.match(word)
    return agent_noun(match.group(1) + "er", persons=True) if match else None


def f_spelling(word: str) -> str:
    """The lower-case word with "ph" written "f" where German also writes it so and the
    f-spelling is a word of the word list: "photo" → "foto", "biographie" → "biografie",
    "geographie" → "geografie"; "phase", "philosophie" stay (no "fase", "filosofie")."""
    if "ph" not in word:
        return word
    written = word.replace("ph", "f")
    if is_known_word(written):
        return written
    # a compound's part: "Biographiearbeit" is "Biografie" + "Arbeit"
    for part in split_compound(word, common=True):
        if "ph" in part and any(is_known_word(p.replace("ph", "f")) for p in (part, part + "e")):
            word = word.replace(part, part.replace("ph", "f"), 1)
    return word


def normalize_term(word: str) -> str:
    """The index term for one lower-case word (what the filters below do to a token).

    A word typed without umlaut keys is first written with them ("geuebt" → "geübt"):
    Snowball folds most such spellings itself, but not a "u" between vowels. A noun in -er
    that Snowball would stem like another word gets its stem with "er" ("lehrer", not
    the "lehr" of "Lehre"; "bürger" → "burger", not the "burg" of "Burg").
    """
    word = noun_lemma(fold_feminine(umlaut_spelling(f_spelling(fold_accents(word)))))
    word = _el_adjective(word)
    if (agent := _agent(word)) is not None:
        return stem(agent) + "er"
    return stem(fold_participle(verb_lemma(word)))


def _el_adjective(word: str) -> str:
    """A declined adjective in -el, which drops its "e" ("sensible", "dunklen",
    "kultursensiblen"), as the adjective ("sensibel"): Snowball stems the two apart, so
    "kultursensibel" missed "kultursensible Altenhilfe". Only where the word list has the
    adjective (or a compound ends in it)."""
    match = _EL_DECLINED.match(word)
    if match is None:
        return word
    base = match.group(1) + "el"
    tails = (base[cut:] for cut in range(3, len(base) - MIN_EL_ADJECTIVE + 1))
    return base if is_known_word(base) or any(map(is_known_word, tails)) else word


_EL_DECLINED = re.compile(r"^(.{2,}[bdfgkpt])l(?:e|en|er|es|em)$")
MIN_EL_ADJECTIVE = 5  # a compound's last part: "kultur|sensibel", not "…|übel"


class GenderMarkFilter(Filter):
    """Drop the gender mark: "Teilnehmer*innen", ":innen", "/-innen" → "Teilnehmerinnen"
    (see `without_gender_marks`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = without_gender_marks(token.text)
            yield token


def without_gender_marks(word: str) -> str:
    """A token without its gender mark: "Teilnehmer*innen" → "Teilnehmerinnen", and a
    compound with the mark inside as its generic form, the form everyone searches for:
    "Bürger*innenbeteiligung", "BürgerInnenbeteiligung" → "Bürgerbeteiligung"."""
    if _may_have_innen(word):
        word = _generic_compound(word)
    return word if word.isalpha() else _GENDER_MARK.sub(r"\1", word)


def _may_have_innen(word: str) -> bool:
    """A cheap test first: most words have no "-innen" (in any case) at all."""
    return "nnen" in word or "NNEN" in word


def _generic_compound(word: str) -> str:
    """The generic form of a compound with a gender mark inside: "Bürger*innenbeteiligung"
    → "Bürgerbeteiligung". A modifier not ending in "-er" or "-el" takes the linking
    element the word list knows, else "en" as most such person nouns do
    ("Migrant*innenbeirat" → "Migrantenbeirat", "Ärzt*innenkammer" → "Ärztekammer")."""
    marked = _GENDER_INFIX_MARK.search(word)
    match = marked or _feminine_modifier(word)
    if match is None:
        return word
    base, head = word[: match.start()], _generic_compound(word[match.end() :])
    if base.lower().endswith(("er", "el")):
        return base + head
    for link in ("en", "e", "s", "n", "es"):
        if is_known_word((base + link + head).lower()):
            return base + (link.upper() if base.isupper() else link) + head
    # Unmarked, only with a plural in "-en" the word list knows ("Lotsen|projekt").
    if marked or is_known_word(base.lower() + "en"):
        return base + ("EN" if base.isupper() else "en") + head
    return word


def _feminine_modifier(word: str) -> re.Match[str] | None:
    """The unmarked "innen" of a feminine plural that begins a compound of known words:
    "Helfer|innen|kreis" (Helfer, Kreis), not "Gew|innen|twicklung"."""
    for match in _FEMININE_MODIFIER.finditer(word):
        feminine, head = word[: match.end()].lower(), word[match.end() :].lower()
        masculine = feminine_base(feminine)
        known_head = is_known_word(head) or bool(split_compound(head))
        known_base = is_known_word(masculine) or bool(split_compound(masculine))
        if masculine != feminine and known_base and known_head:  # "Sprach|mittler|innen|pool"
            return match
    return None


class NFCFilter(Filter):
    """Unicode NFC so that a decomposed "u + ¨" equals "ü"."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if not token.text.isascii():
                token.text = unicodedata.normalize("NFC", token.text)
            yield token


@lru_cache(maxsize=500_000)
def index_term(raw: str) -> str | None:
    """The index term of a token as the tokenizer found it; None for a stop word.

    NFC, gender mark dropped, lower-cased, stop words, feminine folding, noun lemmas,
    verb forms, participle folding, Snowball stemming: the whole chain, cached, because
    words repeat across documents.
    """
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    text = without_gender_marks(abbreviation_base(text)).lower()
    if text.isdigit():
        return text  # "Kinder unter 3 Jahren": one digit says as much as two
    if len(text) < 2 or text in STOP_WORDS:
        return None
    return NUMBER_WORDS.get(text) or normalize_term(text)


class GermanFilter(Filter):
    """Turn tokens into index terms with `index_term`, renumbering around stop words.

    One filter instead of a chain of five: analysis is most of the indexing time.
    """

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        position = None
        for token in tokens:
            term = index_term(token.text)
            if term is None:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.positions:  # phrases see "Haupt- und Ehrenamt" as adjacent words
                position = token.pos if position is None else position + 1
                token.pos = position
            token.text = term
            token.stopped = False
            yield token


class CompoundPartsFilter(Filter):
    """Index the parts of compound nouns ("Sprachpatenschaft" → sprach, patenschaft).

    At index time only the parts of capitalised words (German nouns) are emitted; the
    whole word is in the main fields, and splitting verbs or adjectives yields fragments
    ("erkenn|bar"). A hyphenated compound ("Führerschein-Lotsen") also gives the word
    written as one, so "Führerscheinlotsen" finds it. At query time the word itself, so
    "Sprache" meets the compound's part.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.mode != "query":
                for part in compound_part_terms(token.text):
                    token.text = part
                    yield token
                continue
            for term in _query_part_terms(token.text):
                token.text = term
                yield token


@lru_cache(maxsize=500_000)
def compound_part_terms(word: str) -> tuple[str, ...]:
    """Index terms of a capitalised word's compound parts (its text after `token_spelling`);
    for words joined by hyphens, the word written as one (their pieces are words of their
    own in a document's word list)."""
    limit = LIMITS.max_word_chars
    pieces = word.split("-")
    if len(pieces) > 1:
        joined = "".join(pieces).lower()
        if len(pieces) > MAX_HYPHENATED or not word[:1].isupper() or len(joined) > limit:
            return ()
        return () if joined in STOP_WORDS else (umlaut_stem(fold_feminine(joined)),)
    lowered = word.lower()
    if len(word) > limit or not word[:1].isupper() or lowered in STOP_WORDS:
        return ()
    parts = split_compound(fold_feminine(lowered))
    if parts:
        # A head that is a compound of its own names what the word is a kind of too: a
        # "Jugendgemeinderat" is a "Gemeinderat", and a "Rat" ("Jugendrat" meets it).
        head = split_compound(parts[-1], common=True)
        while head:
            parts = (*parts, head[-1])
            head = split_compound(head[-1], common=True)
    return tuple(umlaut_stem(part) for part in parts)


def _query_part_terms(word: str) -> list[str]:
    """A query word's terms in the parts field: the word itself, so "Sprache" meets a
    compound's part (and a hyphenated one also written as one, and each of its pieces)."""
    limit = LIMITS.max_word_chars
    pieces = word.split("-")
    if len(pieces) > MAX_HYPHENATED:
        return []
    terms = []
    if len(pieces) > 1 and word[:1].isupper():
        joined = "".join(pieces).lower()
        if len(joined) <= limit and joined not in STOP_WORDS:
            terms.append(umlaut_stem(fold_feminine(joined)))
    for piece in pieces:
        lowered = piece.lower()
        # a single letter ("z" of "z.B") is no word, as in the other fields
        if 2 <= len(piece) <= limit and lowered not in STOP_WORDS:
            terms.append(umlaut_stem(fold_feminine(lowered)))
    return terms


class LongWordFilter(Filter):
    """Drop "words" longer than `LIMITS.max_word_chars` (base64, hashes, junk).

    No German word is that long, and analysing one of megabytes would take minutes. The
    limit is kept in the filter, so an index and its queries always agree on it.
    """

    def __init__(self, limit: int | None = None):
        self.limit = LIMITS.max_word_chars if limit is None else limit

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        limit = self.limit
        for token in tokens:
            if len(token.text) <= limit:
                yield token


def words(text: str) -> list[str]:
    """The words of a text as the tokenizer finds them, without over-long ones."""
    return [w for w in tokens(text) if len(w) <= LIMITS.max_word_chars]


def hyphenated_words(text: str) -> list[str]:
    """The words joined by hyphens in a text ("Führerschein-Lotsen"), for compound parts."""
    if "-" not in text:  # most texts: no need to find every word
        return []
    return [w for w in _HYPHENATED.findall(text) if "-" in w and len(w) <= _MAX_HYPHENATED_CHARS]


_TOKEN = re.compile(TOKEN_PATTERN)
_HYPHENATED = re.compile(HYPHENATED_PATTERN)
# TOKEN_PATTERN for a text without combining marks (nearly all): the same tokens in about
# half the time (`re` is slow at the alternation inside the repeat).
_TOKEN_WITHOUT_MARKS = re.compile(
    rf"{_CODE}|[^\W\d_]+(?:{_GENDER_INFIX}[^\W\d_]+)*(?:{_GENDER_SUFFIX})?|\d+"
)
_COMBINING_MARK = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=16)
def tokens(text: str) -> tuple[str, ...]:
    """What the tokenizer finds in a text, over-long words included.

    Cached for the last few texts: a build reads each text for its words and its terms.
    """
    pattern = _TOKEN if _COMBINING_MARK.search(text) else _TOKEN_WITHOUT_MARKS
    return tuple(pattern.findall(text))


@lru_cache(maxsize=500_000)
def token_spelling(raw: str) -> str:
    """A token as `NFCFilter` and then `GenderMarkFilter` leave it."""
    text = raw if raw.isascii() else unicodedata.normalize("NFC", raw)
    return without_gender_marks(text)


# The analyzers below as plain functions: a text's terms in token order (stop words left
# out) and the position of each, as the Whoosh analyzer yields them at index time.
# Whoosh's token pipeline costs several generator steps per word; full builds call these
# instead (`whoosh_writers.BulkSegmentWriter`), which keep to loops that run in C (`map`,
# `chain`) because a Python step per word was a fifth of a build; tests/test_bulk_writer.py
# checks that they agree with the analyzers.
TermsInOrder = tuple[list[str], Sequence[int]]


def german_terms(text: str) -> TermsInOrder:
    """`german_analyzer` at index time: stop words leave no gap in the positions."""
    return _terms_without_gaps(text, index_term)


def part_terms(text: str) -> TermsInOrder:
    """`parts_analyzer` at index time: every part at its word's position (words joined by
    hyphens are one token there)."""
    found = list(map(_token_parts, _HYPHENATED.findall(text)))
    positions = chain.from_iterable(map(repeat, range(len(found)), map(len, found)))
    return list(chain.from_iterable(found)), list(positions)


def spelling_terms(text: str) -> TermsInOrder:
    """`spelling_analyzer` at index time (its stop filter renumbers positions)."""
    return _terms_without_gaps(text, _spelling_word)


def _terms_without_gaps(text: str, term_of: Callable[[str], str | None]) -> TermsInOrder:
    """Each token's term (None: a stop word, which leaves no gap); the first term is at
    its token's position, each further one at the next."""
    limit = LIMITS.max_word_chars
    found = text.words if isinstance(text, WordList) else tokens(text)
    if max(map(len, found), default=0) > limit:  # rare: over-long words count as stop words
        terms = [term_of(raw) if len(raw) <= limit else None for raw in found]
    else:
        terms = list(map(term_of, found))
    kept = [term for term in terms if term is not None]
    if not kept:
        return kept, range(0)
    first = next(index for index, term in enumerate(terms) if term is not None)
    return kept, range(first, first + len(kept))


class WordList(str):
    """Distinct words joined by spaces (the spelling field's text) that keeps its words:
    the tokenizer finds exactly these in the text (tests/test_bulk_writer.py), so a full
    build need not run it over them again."""

    words: tuple[str, ...]


def word_list(distinct: Sequence[str]) -> WordList:
    """The text of distinct words (as `words` gives them), joined by spaces."""
    text = WordList(" ".join(distinct))
    text.words = tuple(distinct)
    return text


@lru_cache(maxsize=500_000)
def _token_parts(raw: str) -> tuple[str, ...]:
    if len(raw) > _MAX_HYPHENATED_CHARS:  # as `parts_analyzer`'s LongWordFilter
        return ()
    return compound_part_terms(token_spelling(raw))


@lru_cache(maxsize=500_000)
def _spelling_word(raw: str) -> str | None:
    word = token_spelling(raw).lower()
    return word if len(word) >= 3 and word not in STOP_WORDS else None


def word_tokenizer():  # noqa: ANN201 - a Whoosh CompositeAnalyzer
    """Words and numbers, gender forms kept whole, over-long words dropped."""
    return RegexTokenizer(TOKEN_PATTERN) | LongWordFilter()


def german_analyzer():  # noqa: ANN201
    """The analyzer used for every German text field, at index and at query time."""
    return word_tokenizer() | GermanFilter()


def parts_analyzer():  # noqa: ANN201
    """Compound parts, for the `parts` field (case matters: only nouns are split); words
    joined by hyphens are one token here, which the filter takes apart and joins."""
    tokenizer = RegexTokenizer(HYPHENATED_PATTERN)
    long_words = LongWordFilter(_MAX_HYPHENATED_CHARS)
    return tokenizer | long_words | NFCFilter() | GenderMarkFilter() | CompoundPartsFilter()


def spelling_analyzer():  # noqa: ANN201
    """Unstemmed lower-case words (with gender marks dropped) for the spelling field."""
    return (
        word_tokenizer()
        | NFCFilter()
        | GenderMarkFilter()
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=3)
    )


class ValuesTokenizer(Tokenizer):
    """Each value of a list is one token, verbatim: for exact facet values."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,  # noqa: ANN001
        removestops=True,
        start_pos=0,
        start_char=0,
        mode="",
        **kwargs,
    ):  # noqa: ANN003
        values = [value] if isinstance(value, str) else list(value)
        for pos, text in enumerate(values):
            token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
            token.text = token.original = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(text)
            yield token


def value_terms(value: str | Sequence[str]) -> TermsInOrder:
    """`ValuesTokenizer` in an `ID` field (which keeps each value once) at index time."""
    values = list(dict.fromkeys([value] if isinstance(value, str) else value))
    return values, range(len(values))


def id_terms(value: str) -> TermsInOrder:
    """Whoosh's `IDTokenizer` at index time: the value is the term."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    return [value], range(1, 2)  # IDTokenizer counts its one position from 1


GERMAN = german_analyzer()


def analyze(text: str) -> list[str]:
    """Index terms for a text, in order (for tests, diagnostics and evaluation)."""
    return [token.text for token in GERMAN(text)]


def normalize_query(text: str) -> str:
    """Prepare a raw query string for the parser: gender marks would read as syntax, and
    punctuation left on a word would keep it from being widened ("Sprachpatenschaft."
    missed the Sprachpaten).

    "Teilnehmer*innen" would be a wildcard and "Teilnehmer:innen" a field query; the
    question mark of "Gibt es Sprachpaten?" would be a wildcard for one more letter, so a
    "?" that ends a word ends a question ("Schul?e" stays a pattern). „…“ quotes a phrase.
    """
    text = _without_symbols(text)
    text = _APOSTROPHE_ENDING.sub("", join_gender_marks(text).translate(TYPOGRAPHIC_QUOTES))
    text = _DOTTED.sub(lambda m: re.sub(r"[.\s]", "", m.group(0)) + " ", text)
    text = glued_words_apart(text)
    text = _SEPARATOR.sub(" ", _QUESTION_MARK.sub(" ", text))
    without = _DANGLING_OPERATOR.sub(" ", text)
    return without if without.strip() else text  # "OR" alone stays as typed


def _without_symbols(text: str) -> str:
    """Emoji and other symbols ("🙂", "©", "€", "→", "✓") and invisible format characters
    (a zero-width joiner, an emoji's variation selector) as spaces: glued to a word they
    made it one token with a symbol, which no entry has ("Sprachpaten🙂" found 8 entries
    instead of 11). A soft hyphen, pasted from a document, is left out ("Sprach­paten")."""
    if text.isascii():
        return text
    return "".join("" if char == "\u00ad" else " " if _is_symbol(char) else char for char in text)


def _is_symbol(char: str) -> bool:
    if char.isascii():
        return False  # "+", "^", "~", "<", "=", "|", "$" may be syntax or are handled there
    return unicodedata.category(char) in ("So", "Sc", "Sk", "Sm", "Cf") or char in "\ufe0f\ufe0e"


# An operator with nothing to join on one side ("AND Sprachpaten", "Sprachpaten OR"):
# the parser read a leading one as a word and a trailing one as joining nothing.
_DANGLING_OPERATOR = re.compile(
    r"^\s*(?:(?:AND|OR|ANDNOT|ANDMAYBE)\s+)+|(?:\s+(?:AND|OR|NOT|ANDNOT|ANDMAYBE))+\s*$"
)


def glued_words_apart(text: str) -> str:
    """A function word typed without the space before a capitalised word as two words
    ("fürMütter", "imGesundheitswesen", "vonMietern"): the noun alone was lost, and
    "Meinten Sie" offered „vermietern“. Not a capital inside a word ("LehrerInnen",
    "WhatsApp"). In lower case, a word no list has that is a function word and a word
    ("füralle", "ambesten", "ausder"): it was left out, or offered as „arbeiten“."""
    return _GLUED_LOWER.sub(_lower_case_apart, _GLUED_FUNCTION_WORD.sub(r"\1 ", text))


def _lower_case_apart(match: re.Match[str]) -> str:
    word, glued, rest = match.group(0), match.group(1), match.group(2)
    # a common word after it: "derendingen" is a town, "endingen" another, both rare
    if is_known_word(word) or not (rest in STOP_WORDS or is_common_word(rest)):
        return word
    return f"{glued} {rest}"


# A lower-case function word glued to a capitalised word (`glued_words_apart`).
_GLUED_FUNCTION_WORD = re.compile(
    r"(?<![^\W\d_])(für|fürs|im|in|ins|von|vom|mit|per|vor|zum|zur|am|an|auf|aus|bei|nach"
    r"|ohne|über|unter|und|oder|der|die|das|den|dem|des|ein|eine|einen|einem|einer)"
    r"(?=[A-ZÄÖÜ][a-zäöüß])"
)


_GLUED_LOWER = re.compile(
    r"(?<![^\W\d_])(für|im|in|von|vom|mit|zum|zur|am|an|auf|aus|bei|nach|ohne|und|der|die"
    r"|das|den|dem)([a-zäöüß]{3,})(?![^\W\d_])"
)


# An apostrophe before a genitive or plural ending, as many people type it ("Kita's",
# "Musikverein's", "VHS'en"): the word with its ending, which the word lists know
# ("Musikverein's" was no compound of Musik and Verein, "VHS'en" two words).
_APOSTROPHE_ENDING = re.compile(r"(?<=[^\W\d_])['’´`](?=(?:s|n|en|es)(?![^\W_]))")
# An abbreviation of single letters with full stops, read as its letters ("z.B.", "z. B.",
# "u.a.", "V.H.S."): its letters were searched as words of one letter, which none are.
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.\s?){2,}(?![\w])")


def join_gender_marks(text: str) -> str:
    """The text in NFC with gender marks joined to their word, one word for the parser
    and for "Meinten Sie": "Teilnehmer*innen" → "Teilnehmerinnen", "Ehrenamtliche*r" →
    "Ehrenamtlicher", "Bürger*innenbeteiligung" → "Bürgerbeteiligung" (as in documents,
    `without_gender_marks`); "der*die" → "der die"."""
    text = _MARKED_COMPOUND.sub(_compound_without_mark, unicodedata.normalize("NFC", text))
    text = _GENDER_ENDING.sub(r"\1\2", _QUERY_GENDER_MARK.sub(r"\1", text))
    return _MARKED_PAIR.sub(_function_words_apart, text)


# A word that may have gender marks inside ("Bürger*innenbeteiligung").
_MARKED_COMPOUND = re.compile(rf"[^\W\d_]+(?:{_GENDER_INFIX}[^\W\d_]+)*")
# An ending after a gender mark: "Ehrenamtliche*r", "jede:r", "eine*n", "Geflüchtete(r)".
_GENDER_ENDING = re.compile(
    r"(?<=[^\W\d_])(?:(?:/-?|[*:_·•])(e[nrsm]?|[nrsm])|\((e[nrsm]?|[nrsm])\))(?![^\W_])"
)
# Two words joined by a gender mark ("der*die", "sie:er").
_MARKED_PAIR = re.compile(r"(?<![^\W_])([^\W\d_]+)[*:_·•]([^\W\d_]+)(?![^\W_])")


def _compound_without_mark(match: re.Match[str]) -> str:
    word = match.group(0)
    return _generic_compound(word) if _may_have_innen(word) else word


def _function_words_apart(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    if first.lower() in STOP_WORDS and second.lower() in STOP_WORDS:
        return f"{first} {second}"
    return match.group(0)
