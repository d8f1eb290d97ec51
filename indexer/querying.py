"""Query building: parse the user's query, then widen each plain word.

A plain word also matches (each ranked below the exact word): the parts of compounds
in the documents (the `parts` field), its own parts when it is a compound
("Ehrenamtskoordination" → Ehrenamt + Koordination), its synonyms from
`kb/synonyms.yaml` and, ranked lower, from the thesaurus (`general_synonyms`), and, as a
fallback for typos, close spellings from the index.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from whoosh.fields import Schema
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, PlusMinusPlugin
from whoosh.query import And, Every, MultiTerm, Not, NullQuery, Or, Phrase, Query, Term

from indexer.bounded_cache import BoundedCache
from indexer.german.analysis import (
    NUMBER_WORDS,
    STOP_WORDS,
    TYPOGRAPHIC_QUOTES,
    analyze,
    f_spelling,
    feminine_base,
    index_term,
    normalize_query,
    umlaut_stem,
)
from indexer.german.compounds import (
    cased_as,
    dotted_spelling,
    is_common_word,
    is_known_word,
    split_compound,
    umlaut_spelling,
)
from indexer.german.derivation import related_words
from indexer.german.lemmas import agent_relatives, word_class
from indexer.german.neutral_forms import neutral_counterparts
from indexer.german.request_words import is_generic_head
from indexer.german.specificity import word_weight
from indexer.limits import LIMITS
from indexer.query_topic import phrases_as_words, phrases_put_back
from indexer.query_years import YEAR
from indexer.ranking import Coordinated, Word
from indexer.schema import META_FIELDS, PARTS_BOOST, PARTS_FIELD, PHRASE_FIELDS, SEARCH_FIELDS
from indexer.spelling import SPELLING_FIELD
from indexer.synonyms import (
    Alternative,
    SynonymTable,
    curated_compound_synonyms,
    general_synonyms,
)

SPLIT_BOOST = 0.6
MAX_INFLECTION = 3  # letters an inflected form adds to a word (Teilhaber → Teilhabern)
PART_ALONE_BOOST = 0.4
COMPOUNDS_OF_A_PART = 8  # compounds a word the entries lack is widened to
COMPOUND_PREFIX_SCAN = 2_000  # index words looked at for them, at most
PHRASE_WORDS_BOOST = 0.3
FUZZY_BOOST = 0.3
# The closest, most frequent spelling of a word the index does not know is most likely
# what was meant ("Ehremamt" → Ehrenamt): it counts nearly as the word itself.
BEST_CORRECTION_BOOST = 0.8
DERIVED_BOOST = 0.3
# A verb or adjective next to nouns says how or what to do, the nouns what about: it
# weighs at most this ("Kindergeld beantragen", "zugezogenen Eltern … erklären").
NOT_NOUN_WEIGHT = 0.5
WORD_FIELDS = {**SEARCH_FIELDS, PARTS_FIELD: PARTS_BOOST}
# Fields a query may name ("title:…", "year:2018"; front-matter keys are aliases of "meta").
# Stored-only and internal fields (markdown, front_matter, spell, facets) cannot be queried.
QUERY_FIELDS = (*WORD_FIELDS, "year")
# A pattern ("Sprach*", "?a?e", "[a TO z]") matches at most this many index terms per
# query, the most frequent ones; each further term would cost time, not add results.
PATTERN_TERMS = 256
PATTERN_SCAN = 20_000  # index terms looked at per pattern and field, at most
PARSED_BYTES = 4 << 20  # parsed query texts kept per index (`ParsedQueries`)
SYNTAX = re.compile(r"""[()\[\]{}"'^~*?:<>+\-!/\\]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE|TO)\b""")

log = logging.getLogger(__name__)

Corrections = Callable[[str], list[str]]


_QUERY_WORD = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"(?<![\w:-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")


def limit_query(text: str) -> tuple[str, list[str]]:
    """The query cut to `LIMITS.max_query_chars` and `max_query_words`, and German notices."""
    notices = []
    if len(text) > LIMITS.max_query_chars:
        text = text[: LIMITS.max_query_chars]
        notices.append(
            f"Die Suchanfrage war länger als {LIMITS.max_query_chars} Zeichen; "
            "gesucht wurde mit ihrem Anfang."
        )
    words = list(itertools.islice(_QUERY_WORD.finditer(text), LIMITS.max_query_words + 1))
    if len(words) > LIMITS.max_query_words:
        text = text[: words[LIMITS.max_query_words - 1].end()]
        notices.append(
            f"Berücksichtigt wurden die ersten {LIMITS.max_query_words} Wörter der Suchanfrage."
        )
    return text, notices


class ParsedQueries:
    """Whoosh's parse of query texts for one schema, kept by text within a memory budget.

    A search parses its text once for the results and again for weak matches, and the
    app searches the same text again for every page, filter and sort; Whoosh's parser
    takes about as long as the rest of building the query. Whoosh queries are never
    changed in place (their methods return copies), so one parse can serve all.
    """

    def __init__(self, schema: Schema, budget: int = PARSED_BYTES):
        self.schema = schema
        self._parsed: BoundedCache[tuple[Query, bool]] = BoundedCache(budget, _parsed_size)

    def parse(self, text: str) -> tuple[Query, bool]:
        """(query, whether the syntax was not understood and the words were parsed)."""
        return self._parsed.get(text, lambda: _parse(self.schema, text))


class QueryBuilder:
    """Turns a query string into a Whoosh query over the searched fields."""

    def __init__(
        self,
        schema: Schema,
        synonyms: SynonymTable,
        names: frozenset[str] = frozenset(),
        reader: Any = None,
        parsed: ParsedQueries | None = None,
        visible: Callable[[str], bool] | None = None,
    ):
        self.schema = schema
        # whether a word (in any form) is in an entry the search may show; default: any
        self._visible = visible or self._has_term
        self.parsed = parsed or ParsedQueries(schema)
        self.reader = reader  # expands patterns ("Sprach*") to index terms; none: no patterns
        self.notices: list[str] = []  # German, for the user: what was left out and why
        self.synonyms = synonyms
        # Place names ("freudenstadt", "ludwigsburg"), lower-case: never split or derived,
        # or a search for a town would also find every text about "Freude" and "Stadt".
        self.names = names
        self._relaxed = False
        self._cased = False
        self._uncased = False
        self._joined: dict[str, str] = {}  # query text → its compounds typed apart joined
        self._hyphenated: dict[str, tuple[str, ...]] = {}  # "jobcenter" → ("Job", "Center")
        self._typed_hyphens: set[str] = set()  # joined words the user typed with hyphens
        self.has_plain_words = False  # set by `build`: not only phrases and field queries

    def build(
        self,
        text: str,
        group: type = AndGroup,
        corrections: Corrections | None = None,
        relaxed: bool = False,
    ) -> Query:
        """The query for `text`; `relaxed` also lets a single part of a compound match."""
        if not text.strip():
            return Every()
        typed = _unknown_fields_as_words(normalize_query(alternatives_as_or(text)))
        typed = _codes(_numbers_as_words(typed))
        self._typed_hyphens = set(_join_hyphenated(typed)[1])  # not those of `_join_apart`
        normalized, self._hyphenated = _join_hyphenated(self._join_apart(typed))
        parsed = self._parse(normalized)
        if isinstance(parsed, Every) or (
            isinstance(parsed, Or) and all(isinstance(q, Every) for q in parsed.subqueries)
        ):
            return Every()  # "*": everything, as without a query
        parsed = self._expand_patterns(parsed)
        self._relaxed = relaxed
        # Thesaurus synonyms only in the relaxed query (fewer than a page of entries has
        # all the words): it is broad and polysemous (Schule → Lager), and only for nouns.
        # A query that capitalises some words writes its other words lower-case because
        # they are no nouns ("was tun", "gewinnen"): those get none.
        words = _case_words(normalized)
        cased = [w[:1].isupper() for w in words]
        # All in lower case or in capitals, or a noun written in lower case after the
        # first word ("Begegnungscafé im gemeindehaus"): the case tells nothing of nouns.
        self._uncased = (
            all(w.islower() for w in words)
            or all(w.isupper() for w in words)
            or any(_lower_case_noun(w) for w in words[1:])
        )
        self._cased = any(cased) and not all(cased) and not self._uncased
        self.has_plain_words = False
        expanded = self._expand(parsed, normalized, corrections)
        return expanded if group is AndGroup else _loosen(expanded)

    def _parse(self, text: str) -> Query:
        """Whoosh's parse (`_parse`); syntax it cannot handle is read as plain words."""
        parsed, as_words = self.parsed.parse(text)
        if as_words:
            self._notice(
                "Die Suchsyntax (AND, OR, NOT, Klammern, Anführungszeichen …) wurde nicht "
                "verstanden; gesucht wurde nach den einzelnen Wörtern."
            )
        return parsed

    def _notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    # -- patterns ----------------------------------------------------------------------

    def _expand_patterns(self, query: Query) -> Query:
        """Replace each pattern by the index terms it matches, the most frequent first.

        Whoosh would score every matching term of every field ("a*" takes seconds); a
        plain Or of terms uses the cached term sets and the fast ranking instead.
        """
        patterns = [q for q in query.leaves() if isinstance(q, MultiTerm)]
        if not patterns:
            return query
        share = max(4, PATTERN_TERMS // len(patterns))
        return _replace_leaves(query, lambda q: self._pattern_terms(q, share))

    def _pattern_terms(self, query: Query, limit: int) -> Query:
        if not isinstance(query, MultiTerm):
            return query
        if self.reader is None:
            return NullQuery
        field = query.field()
        if field not in self.reader.schema:
            return NullQuery
        found = list(itertools.islice(query._btexts(self.reader), PATTERN_SCAN))
        if len(found) > limit:
            found = heapq.nlargest(limit, found, key=lambda b: self.reader.doc_frequency(field, b))
            self._notice(
                "Ein Suchmuster mit * oder ? passt auf sehr viele Wörter; berücksichtigt "
                "wurden die häufigsten."
            )
        decode = self.reader.schema[field].from_bytes
        terms = [Term(field, decode(b)) for b in sorted(found)]
        return Or(terms, boost=query.boost) if terms else NullQuery

    # -- expansion ---------------------------------------------------------------------

    def _expand(self, query: Query, text: str, corrections: Corrections | None) -> Query:
        span = _word_span(query)
        if span is not None:
            return self._widen_word(query, text[span[0] : span[1]], corrections)
        if self._relaxed and (spans := _phrase_spans(query)):
            # Too few texts have the phrase: its words, each widened, may match apart.
            words = [
                self._widen_word(_word(w), w, corrections)
                for start, end in spans
                if analyze(w := text[start:end])
            ]
            return Or(
                [
                    query.apply(self._fields_without_positions),
                    And(words, boost=PHRASE_WORDS_BOOST),
                    Coordinated(words, boost=PART_ALONE_BOOST),
                ]
            )
        if query.is_leaf():
            return self._fields_without_positions(query)
        if isinstance(query, And | Or):
            query = _by_word(query)
            children = [
                child if joined else self._expand(child, text, corrections)
                for child, joined in self._join_phrase_synonyms(
                    list(query.subqueries), text, corrections
                )
            ]
            return query.__class__(children, boost=query.boost)
        return query.apply(lambda child: self._expand(child, text, corrections))

    @staticmethod
    def _fields_without_positions(query: Query) -> Query:
        if isinstance(query, Phrase) and query.fieldname not in PHRASE_FIELDS:
            return _phrase(query.fieldname, tuple(query.words), query.boost)
        return query

    def _widen_word(self, query: Query, word: str, corrections: Corrections | None) -> Query:
        self.has_plain_words = True
        folded, alternatives = self._alternatives(query, word)
        for rank, close in enumerate(corrections(word) if corrections else []):
            if rank == 0:
                alternatives.append(self._corrected(close, word))
                continue
            alternatives.append(_word(close, FUZZY_BOOST))
            close_parts = [_word(p) for p in split_compound(close)]
            if close_parts and (self._relaxed or not self._visible(close)):
                alternatives.append(And(close_parts, boost=FUZZY_BOOST * SPLIT_BOOST))
                if self._relaxed:
                    alternatives.append(Or(close_parts, boost=FUZZY_BOOST * PART_ALONE_BOOST))
        pieces = self._hyphenated.get(word.lower())
        if pieces and word.lower() in self._typed_hyphens and not self._visible(folded):
            # Joined, the word is in no entry ("VHS-Kurs", "MBE-Beratung" found nothing;
            # "Helfer-Schulung" met no "Ehrenamtliche"): its pieces as typed, each widened.
            widened = [self._widened(piece) for piece in pieces]
            alternatives.append(And(widened, boost=SPLIT_BOOST))
            if self._relaxed:  # as a compound's parts: "ESF-BAMF" is also "BAMF"
                alternatives.append(Coordinated(widened, boost=PART_ALONE_BOOST))
        if corrections and pieces:
            # A typo in a piece of a hyphenated word ("BE-Beaufrtagte"): the pieces corrected.
            fixed = [next(iter(corrections(piece)), piece) for piece in pieces]
            if fixed != list(pieces):
                spaced = " ".join(fixed)
                alternatives.append(
                    Or(
                        [
                            _word("".join(fixed)),
                            _text_query(tuple(analyze(spaced)), spaced, 1.0),
                        ],
                        boost=BEST_CORRECTION_BOOST,
                    )
                )
        if YEAR.fullmatch(word):  # "2023" also finds the entries of 2023
            alternatives.append(Term("year", word))
        # A verb, adjective or particle: an everyday one ("neben", "bringen") says little
        # about the topic.
        if self._no_noun(word, folded) and (weight := self._weight(folded)) < 1.0:
            return Word(alternatives, weight=weight)
        return Or(alternatives) if len(alternatives) > 1 else alternatives[0]

    def _weight(self, folded: str) -> float:
        """The weight of a word `_no_noun` found: by its everyday frequency, and at most
        NOT_NOUN_WEIGHT where the case shows it is no noun or the word list knows it as
        no noun (not for a word it lacks, in a query all in one case: a compound, a name)."""
        known = self._cased or (is_known_word(folded) and "N" not in word_class(folded))
        return min(NOT_NOUN_WEIGHT if known else 1.0, word_weight(folded))

    def _no_noun(self, word: str, folded: str) -> bool:
        """Whether a query word (`folded`: as the word lists know it) is a verb, adjective
        or particle: written lower-case in a query that capitalises its nouns; in a query
        all in lower case or in capitals, as the word list says."""
        if self._uncased:
            return word_class(folded) != "N"
        return self._cased and word[:1].islower()

    def _corrected(self, close: str, typed: str) -> Query:
        """The best correction of a word the index does not know, widened as if it had
        been typed ("Kinderagrten" also finds "Kita"), counting nearly as the word."""
        written = cased_as(typed, close)
        _, alternatives = self._alternatives(_word(written), written)
        # A corrected compound the index lacks ("Arbeitsplatz") is its parts.
        lacking = not self._in_spelling(close) and not split_compound(close)
        if lacking and (parts := split_compound(close, common=True)):
            alternatives.append(And([_word(p) for p in parts], boost=SPLIT_BOOST))
        return Or(alternatives, boost=BEST_CORRECTION_BOOST)

    def _alternatives(self, query: Query, word: str) -> tuple[str, list[Query]]:
        """The word as the word lists know it (lower case, umlauts written, a feminine form
        as its base noun), and its query with what else it matches: synonyms, its parts,
        derived words."""
        # Typed without umlaut keys ("Ablaeufe", "Fluchtlinge"): synonyms, parts and
        # derived words are looked up as written with umlauts. The analysis reads ae/oe/ue
        # as umlauts where German does; a lost dot it leaves to the word as written.
        digraphs = umlaut_spelling(word, self._in_spelling)
        word = _f_written(dotted_spelling(digraphs, self._in_spelling))
        terms = tuple(analyze(word))
        alternatives: list[Query] = [_respelled(query, word) if word != digraphs else query]
        place = word.lower() in self.names
        # Word lists are asked for the base noun: "Eigentümerinnen" widens as "Eigentümer".
        folded = feminine_base(word.lower())
        general = (
            general_synonyms(self.synonyms, folded, self._in_index)
            if self._relaxed and not place and not (self._cased and word[:1].islower())
            else []
        )
        if not self._relaxed and not place and not self._visible(folded):
            # "Familienpaten": no entry has it, one has "Familienpatenschaft"
            general = curated_compound_synonyms(self.synonyms, folded, self._in_index)
        pieces = self._hyphenated.get(word.lower())
        spaced = " ".join(pieces) if pieces else ""
        # A hyphenated word is also its group's phrase: "EU-Bürger" is the term "EU Bürger"
        # of the group of "Unionsbürger", not a word "EUBürger".
        curated = self.synonyms.lookup(terms, folded)
        if spaced and (by_pieces := tuple(analyze(spaced))) != terms:
            curated = [*curated, *self.synonyms.lookup(by_pieces)]
        elif not curated and not place and (parts := split_compound(folded, common=True)):
            # "Deutschlernen" is the group's phrase "Deutsch lernen"
            curated = self.synonyms.lookup(tuple(t for part in parts for t in analyze(part)))
        # "übersetzen" is in the group of "Übersetzer", as when both had one stem; the
        # lookup keeps "Lehre" out of the groups of "Lehrer" (`agent_noun_pair`)
        relatives = () if place or len(terms) != 1 else agent_relatives(folded, terms[0])
        for relative in relatives:
            curated = [*curated, *self.synonyms.lookup(tuple(analyze(relative)), folded)]
        curated = list({alternative.terms: alternative for alternative in curated}.values())
        for alternative in [*curated, *general]:
            alternatives.append(
                _text_query(alternative.terms, alternative.text, alternative.weight)
            )
        if not place:  # "Lehrer" and "Lehrkräfte" name the same persons
            for neutral in neutral_counterparts(folded):
                if self._has_term(neutral):
                    alternatives.append(_word(neutral))
        if not place and (parts := split_compound(folded)):
            clauses = [self._part(p) for p in parts]
            # "Patenschaftsprojekt", "Sprachcafé-Angebot": a generic head asks for examples
            # of what its modifier names, as "Projekt" or "Angebot" alone does.
            generic = len(parts) > 1 and is_generic_head(parts[-1])
            # Not a common word of its own: "Eigeninitiative", "Pilotprojekt" are no "eigen"
            if generic and not self._visible(folded) and not is_common_word(folded):
                alternatives.append(self._widened("".join(parts[:-1])))
            # An entry with the compound has the word; one with its parts apart ("Kursen"
            # and "Fachstelle Integration" for "Integrationskurs") is related, unless no
            # entry has the compound, when the parts are the best there is.
            if self._relaxed or not self._visible(folded):
                alternatives.append(And(clauses, boost=SPLIT_BOOST))
            else:  # its parts as one phrase are the word written open ("neu zugewanderte")
                written_open = " ".join(parts)
                alternatives.append(_text_query(tuple(analyze(written_open)), written_open, 1.0))
            if self._relaxed:
                alternatives.append(Or(clauses, boost=PART_ALONE_BOOST))
        elif not place and self._relaxed and (parts := split_compound(folded, common=True)):
            # A common compound ("Arbeitsplatz") is a word of its own: only when some
            # words are missing anyway may a text about one of its parts ("Arbeit") match.
            clauses = [_word(p) for p in parts]
            alternatives.append(Or(clauses, boost=PART_ALONE_BOOST))
        # A word the entries have only as a compound's first part ("Kirche" in
        # "Kirchengemeinde", a common word, so not split in the index).
        if (
            self._relaxed
            and not place
            and not self._has_term(folded)
            and (compounds := self._compounds_beginning_with(folded))
        ):
            alternatives.append(Or([_word(c) for c in compounds], boost=PART_ALONE_BOOST))
        if self._relaxed and not place:
            for derived in related_words(folded):
                alternatives.append(_word(derived, DERIVED_BOOST))
            # "Lehrer" and "Lehre", "Helfer" and "helfen": related, not equal
            for relative in relatives:
                alternatives.append(_word(relative, DERIVED_BOOST))
        if spaced:
            # "Job-Center" is the word "Jobcenter", and the phrase where a text writes it
            # with a hyphen.
            alternatives.append(_text_query(tuple(analyze(spaced)), spaced, 1.0))
        return folded, alternatives

    def _part(self, part: str) -> Query:
        """A compound's part, and where no entry has it, its curated synonyms
        ("Schauspiel" of "Schauspielworkshop" is "Theater") or else, for a compound, its
        own parts ("Kinderspiel" of "Kinderspielgruppe" is also "Kinder" and "Spiel", as
        in "Kinder" + "Spielgruppe"; "Stadtteil" of "Stadtteilmütter" stays whole)."""
        if self._visible(part):
            return _word(part)
        if synonyms := self.synonyms.lookup(tuple(analyze(part)), part):
            return Or([_word(part), *(_text_query(a.terms, a.text, a.weight) for a in synonyms)])
        atoms = split_compound(part, common=True)
        if len(atoms) < 2:
            return _word(part)
        return Or([_word(part), And([_word(atom) for atom in atoms])])

    def _widened(self, word: str) -> Query:
        """A word with what else it matches (`_alternatives`), as one query."""
        return Or(self._alternatives(_word(word), word)[1])

    def _compounds_beginning_with(self, word: str) -> list[str]:
        """Words of the index that are compounds whose first part is `word` or, typed in
        the plural, its singular ("kirche", "kirchen" → "kirchengemeinde"), at most
        COMPOUNDS_OF_A_PART, the first in the index's order."""
        if self.reader is None or SPELLING_FIELD not in self.reader.schema or len(word) < 3:
            return []
        stem = word[:-1] if word.endswith("e") else word
        # the word and, typed in the plural, its singular ("Kirchen" → "kirche")
        forms = {word, word[:-1] if word.endswith(("n", "s")) else word}
        forms.add(word[:-2] if word.endswith(("en", "es")) else word)
        found: list[str] = []
        for scanned, raw in enumerate(self.reader.expand_prefix(SPELLING_FIELD, stem)):
            if scanned >= COMPOUND_PREFIX_SCAN or len(found) >= COMPOUNDS_OF_A_PART:
                break
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if text in self.names:  # "Kirchheim" is a town, not about a church
                continue
            parts = split_compound(text, common=True)
            # the word itself, not a stem it shares: "Lehre" is not the "Lehr" of "Lehrkräfte"
            if len(parts) > 1 and parts[0] in forms:
                found.append(text)
        return found

    def _in_index(self, word: str) -> bool:
        """Whether some entry has this word itself or an inflected form of it (the spelling
        word list; a shared stem is not enough: "Teilhaber" is not "Teilhabe")."""
        term = index_term(word)
        if self.reader is None or term is None or SPELLING_FIELD not in self.reader.schema:
            return False
        lower = word.lower()
        # typed without ß ("Grosseltern"): the entries may write "Großeltern"
        for spelling in dict.fromkeys((lower, lower.replace("ss", "ß"))):
            for found in self.reader.expand_prefix(SPELLING_FIELD, spelling):
                text = found.decode("utf-8") if isinstance(found, bytes) else found
                if len(text) - len(spelling) <= MAX_INFLECTION and index_term(text) == term:
                    return True
        return False

    def words_as_searched(self, text: str) -> list[str]:
        """The words of a plain query as they are searched: a compound typed apart is one
        word ("Fuss Ball" → "Fuss-Ball"), see `_join_apart`."""
        return self._join_apart(text).split()

    def in_synonym_phrases(self, text: str) -> set[str]:
        """The words of a plain query that stand in a run of words forming a synonym
        phrase ("Europäische Union" of the group of "EU"): such a word is searched with
        the phrase, not alone."""
        # stop words have no terms, in the query as in the group ("Bundesamt für
        # Migration und Flüchtlinge"): the run is of the other words
        words = [(word, terms) for word in text.split() if (terms := tuple(analyze(word)))]
        runs = self._synonym_runs([terms for _, terms in words])
        return {word for start, size, _ in runs for word, _ in words[start : start + size]}

    def _synonym_runs(
        self, words: Sequence[tuple[str, ...] | None]
    ) -> list[tuple[int, int, list[Alternative]]]:
        """(start, size, the group's members) of each run of consecutive words forming a
        synonym phrase, longest first from the left; `words` are the words' terms, None
        for a query part that is no word. One finder for the words searched with a phrase
        (`in_synonym_phrases`) and the runs joined (`_join_phrase_synonyms`)."""
        runs = []
        i = 0
        while i < len(words):
            for size in range(min(self.synonyms.longest, len(words) - i), 1, -1):
                run = words[i : i + size]
                if all(terms is not None and len(terms) == 1 for terms in run):
                    found = self.synonyms.lookup(tuple(terms[0] for terms in run if terms))
                    if found:
                        runs.append((i, size, found))
                        i += size
                        break
            else:
                i += 1
        return runs

    def _join_apart(self, text: str) -> str:
        """Words outside quotes that the index has as one word, hyphenated so that they
        are searched as that word and as typed ("Flüchtlings Hilfe" → "Flüchtlings-Hilfe",
        see `_join_hyphenated`): a compound typed as two or three words."""
        if text not in self._joined:  # the exact and the relaxed query join alike
            self._joined[text] = _outside_quotes(text, self._join_words)
        return self._joined[text]

    def _join_words(self, segment: str) -> str:
        tokens = segment.split(" ")
        joined: list[str] = []
        i = 0
        while i < len(tokens):
            for size in (3, 2):
                run = tokens[i : i + size]
                # A function word ends no compound: "Asylbewerber in" is no "Asylbewerberin".
                if (
                    len(run) == size
                    and all(_APART_WORD.fullmatch(t) for t in run)
                    and run[-1].lower() not in STOP_WORDS
                ):
                    word = run[0] + "".join(t.lower() for t in run[1:])
                    if self._in_index(word) or self._known_noun(word, run):
                        joined.append("-".join(run))
                        i += size
                        break
            else:
                joined.append(tokens[i])
                i += 1
        return " ".join(joined)

    def _known_noun(self, word: str, parts: list[str]) -> bool:
        """Whether German knows `word`, typed as `parts`, as a noun (the lemma table's word
        classes) or the curated synonyms have it: a compound typed apart that no entry
        writes as one ("Sprach Unterricht") still means the word and its synonyms
        (Sprachkurs). Not when a part is a stop word ("vor Ort" is no "Vorort")."""
        if any(part.lower() in STOP_WORDS for part in parts):
            return False
        lower = word.lower()
        return word_class(lower) == "N" or bool(self.synonyms.lookup(tuple(analyze(lower))))

    def _has_term(self, word: str) -> bool:
        """Whether some entry has a word with the index term of `word` in a searched field
        (an inflected form with another spelling too: "Lehrkräfte" for "lehrkraft")."""
        term = index_term(word)
        return (
            self.reader is not None
            and term is not None
            and any((name, term) in self.reader for name in SEARCH_FIELDS)
        )

    def _in_spelling(self, lower: str) -> bool:
        """Whether some entry has this very (lower-case) word."""
        return (
            self.reader is not None
            and SPELLING_FIELD in self.reader.schema
            and (SPELLING_FIELD, lower) in self.reader
        )

    def _join_phrase_synonyms(
        self, children: list[Query], text: str, corrections: Corrections | None
    ) -> list[tuple[Query, bool]]:
        """Consecutive words forming a synonym phrase ("bürgerschaftliches Engagement")
        also match the group's other members ("Ehrenamt"); True marks such joined runs."""
        words = [
            tuple(analyze(text[s[0] : s[1]])) if (s := _word_span(c)) else None for c in children
        ]
        result: list[tuple[Query, bool]] = []
        done = 0
        for start, size, found in self._synonym_runs(words):
            result += [(child, False) for child in children[done:start]]
            run = [self._expand(c, text, corrections) for c in children[start : start + size]]
            alternatives = [And(run), *(_text_query(a.terms, a.text, a.weight) for a in found)]
            if self._relaxed:  # in the weak matches its words may match apart, as a
                # compound's parts ("assistierte Ausbildung": no entry has the phrase)
                alternatives.append(Coordinated(run, boost=PART_ALONE_BOOST))
            result.append((Or(alternatives), True))
            done = start + size
        return result + [(child, False) for child in children[done:]]


_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
# A word that may be part of a compound typed apart: letters only, no operator.
_APART_WORD = re.compile(rf"(?!(?:{'|'.join(sorted(_OPERATORS))})$)[^\W\d_]{{2,}}")
# "Sprachpaten oder Lesepaten", "Kita, Schule bzw. Verein": words, the last two joined by
# a German "or", the others by commas; a word of a list may carry a gender mark or hyphens.
_LIST_WORD = r"[^\W\d_](?:[\w*:-]*[^\W_])?(?![\w-])"
_ALTERNATIVES = re.compile(
    rf"(?<![\w-])((?:{_LIST_WORD}\s*,\s*)*{_LIST_WORD})\s+(?:oder|Oder|ODER|bzw\.?|beziehungsweise)"
    rf"((?:\s+{_LIST_WORD})+)"
)
_NEXT_WORD = re.compile(rf"\s+({_LIST_WORD})")
_QUOTED_PHRASE = re.compile(r'"[^"]*"')


def _lower_case_noun(word: str) -> bool:
    """Whether a word typed in lower case is a noun for sure ("gemeindehaus", "kita"):
    the word list knows it only as a noun, and it is no declined form of another word
    (the list has nominalised adjectives and participles too: "kleinen", "geflüchtete",
    "alleinerziehende" are no evidence)."""
    if not word.islower() or word_class(word) != "N":
        return False
    stems = [word[: -len(ending)] for ending in _DECLENSION if word.endswith(ending)]
    if any(is_known_word(stem) or stem.endswith(("t", "d")) for stem in stems):
        return False
    return not any(stem.endswith(_ADJECTIVE_SUFFIXES) for stem in [word, *stems])


_DECLENSION = ("e", "en", "er", "es", "em")
# The list counts "aktiv", "klar", "ausländischen" as nouns too; words with an
# adjective's suffix are no evidence ("Seminar", "Motiv" are lost, not misread).
_ADJECTIVE_SUFFIXES = (
    "isch", "ig", "lich", "bar", "sam", "iv", "al", "ell", "los", "voll", "haft", "ar", "är",
)  # fmt: skip


def _case_words(text: str) -> list[str]:
    """The words of a query whose case tells nouns from other words: not the operators,
    nor function words ("Ich", "Wie", "Was" are capitalised as a sentence's start)."""
    return [
        w for w in _QUERY_WORD.findall(text) if w not in _OPERATORS and w.lower() not in STOP_WORDS
    ]


def alternatives_as_or(text: str) -> str:
    """Words or quoted phrases joined by a German "oder" (or "bzw.") as Whoosh's OR: a
    query "Sprachpaten oder Lesepaten" asks for entries with either word, not with both.
    Articles and other stop words after the "oder" are left out ("Kita oder die Schule");
    an "oder" inside quotes, or after a quote left open, stays as typed."""
    text = text.translate(TYPOGRAPHIC_QUOTES)
    closed = len(text) if text.count('"') % 2 == 0 else text.rindex('"')
    head, tail = text[:closed], text[closed:]
    # Each phrase stands in as a word while the lists are read, and is put back after.
    spans = [match.span() for match in _QUOTED_PHRASE.finditer(head)]
    masked, phrases = phrases_as_words(head, spans)
    for _ in range(len(masked.split())):  # a pass joins one list; its end may begin the next
        joined = _ALTERNATIVES.sub(_joined_list, masked)
        if joined == masked:
            break
        masked = joined
    return (phrases_put_back(masked, phrases) if phrases else masked) + tail


def _joined_list(match: re.Match[str]) -> str:
    left = re.split(r"\s*,\s*", match.group(1))
    rest = match.group(2)
    if any(word.lower() in STOP_WORDS or word in _OPERATORS for word in left):
        return match.group(0)  # "das oder jenes": no alternatives of content words
    position = 0
    while (word := _NEXT_WORD.match(rest, position)) is not None:
        if word.group(1) in _OPERATORS:
            break
        if word.group(1).lower() not in STOP_WORDS:
            return " OR ".join([*left, word.group(1)]) + rest[word.end() :]
        position = word.end()
    return match.group(0)


_FIELD_PREFIX = re.compile(r"(?<![\w:])([^\W\d][\w]*):(?=[^\s:])")


def _join_hyphenated(text: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """Hyphenated words outside quotes written as one ("Job-Center" → "JobCenter"), with
    their parts by the joined lower-case word: a German compound is the same word with
    or without its hyphen. A leading "-" (NOT) and "Haupt- und Ehrenamt" stay as they are."""
    parts: dict[str, tuple[str, ...]] = {}

    def join(match: re.Match[str]) -> str:
        pieces = tuple(match.group(0).split("-"))
        joined = "".join(pieces)
        parts[joined.lower()] = pieces
        return joined

    return _outside_quotes(text, lambda segment: _HYPHENATED.sub(join, segment)), parts


# A number from 1 to 12 before a hyphen is a compound's first part, spelled out as the
# word lists and synonyms have it: "2-sprachig" is "zweisprachig", "1-Euro-Job" "Ein-Euro-Job".
_NUMBER_HYPHEN = re.compile(r"(?<![\w.,/+-])(1[0-2]|[1-9])-(?=[^\W\d_])")
_NUMBER_NAMES = {"1": "ein", **{digits: word for word, digits in NUMBER_WORDS.items()}}


def _numbers_as_words(text: str) -> str:
    def spell(match: re.Match[str]) -> str:
        word = _NUMBER_NAMES[match[1]]
        return (word.capitalize() if match.string[match.end()].isupper() else word) + "-"

    return _outside_quotes(text, lambda segment: _NUMBER_HYPHEN.sub(spell, segment))


# A code of letters and digits ("B2", "U3", "Ü50") hyphenated to a word is two words: the
# entries say "B2-Prüfung", "Niveau B2", and the phrase "B2-Niveau" found nothing.
_CODE_HYPHENATED = re.compile(
    r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[^\W\d_])[^\W_]+(?:-[^\W_]+)+(?![\w-])"
)
# A level typed with a space ("B 2", "A 1"): one code, not "B" and every "2".
_SPACED_CODE = re.compile(r"(?<!\S)([A-ZÄÖÜ]) (\d{1,2})(?!\S)")


def _codes(text: str) -> str:
    def apart(match: re.Match[str]) -> str:
        return match[0].replace("-", " ")

    def change(segment: str) -> str:
        return _CODE_HYPHENATED.sub(apart, _SPACED_CODE.sub(r"\1\2", segment))

    return _outside_quotes(text, change)


def _outside_quotes(text: str, change: Callable[[str], str]) -> str:
    """`text` with each part outside quotes changed by `change`."""
    segments = text.split('"')
    for index in range(0, len(segments), 2):  # even segments are outside quotes
        segments[index] = change(segments[index])
    return '"'.join(segments)


def _unknown_fields_as_words(text: str) -> str:
    """ "markdown:Ausgangslage" or "Thema:Arbeit" → two words; known fields stay queries."""
    known = {*QUERY_FIELDS, *META_FIELDS}
    return _FIELD_PREFIX.sub(
        lambda m: m.group(0) if m.group(1) in known else m.group(1) + " ", text
    )


def _replace_leaves(query: Query, replace: Callable[[Query], Query]) -> Query:
    if query.is_leaf():
        return replace(query)
    return query.apply(lambda child: _replace_leaves(child, replace))


# Whoosh's plus-minus plugin reads a query of "-word"s only as matching nothing.
_MINUS = re.compile(r'(?:^|(?<=\s))-(?=[\w"])')
_DASH = re.compile(r"(?<!\S)-+(?!\S)")
# possessive (`*+`): a word's rest never gives back a later "-word", or a failing match
# tried every split ("-_-_-_… b" took seconds at 50 characters)
_MINUS_ONLY = re.compile(r'\s*(?:-(?:"[^"]*"|\w\S*+)\s*)+')


def _parse(schema: Schema, text: str) -> tuple[Query, bool]:
    """Whoosh's parse; syntax it cannot handle ("NOT NOT NOT x") is read as plain words
    (then True).

    Always parsed with AND: an OR-grouped parse flattens every word's fields into one
    Or, and the words could no longer be told apart and widened one by one.
    """
    parser = _parser(schema, AndGroup)
    text = _DASH.sub(" ", text)  # "Kita - Sport" is a dash, not "Kita -Sport"
    if _MINUS_ONLY.fullmatch(text):  # "-Sport" alone: as "NOT Sport", not nothing
        text = _MINUS.sub("NOT ", text)
    try:
        return parser.parse(text), False
    except Exception:  # noqa: BLE001 - Whoosh's parser fails in many ways on odd input
        log.info("query syntax not understood, searching its words: %r", text[:200])
        return parser.parse(SYNTAX.sub(" ", text)), True


def _parsed_size(parsed: tuple[Query, bool]) -> int:
    """About the bytes of a parsed query (a few hundred per term)."""
    return 1_000 + 400 * sum(1 for _ in parsed[0].leaves())


def _parser(schema: Schema, group: type) -> MultifieldParser:
    """Plain words search every word field; front-matter keys ("district:") search "meta".

    The parser sees only the fields a query may name: "markdown:x" is read as words.
    """
    queryable = Schema(**{name: schema[name] for name in QUERY_FIELDS if name in schema})
    parser = MultifieldParser(list(WORD_FIELDS), queryable, fieldboosts=WORD_FIELDS, group=group)
    parser.add_plugin(FieldAliasPlugin({"meta": list(META_FIELDS)}))
    # "-Fußball" excludes (not a default plugin), only at a word's start: "1-Euro-Jobs"
    # and "Kinder 3-6" are hyphens. Its "+" would make the other words optional ("Kita
    # +Tisch": Tisch ANDMAYBE Kita); words are required anyway: off.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?!)", minusexpr=r"(?<!\S)-"))
    return parser


def _loosen(query: Query) -> Query:
    """Any of the top-level words may match; a NOT still excludes ("A NOT B": A without B)."""
    if not isinstance(query, And):
        return query
    kept = [q for q in query.subqueries if not isinstance(q, Not)]
    excluded = [q for q in query.subqueries if isinstance(q, Not)]
    if not kept:
        return query
    loose = Coordinated(kept, boost=query.boost)
    return And([loose, *excluded]) if excluded else loose


def _word_span(query: Query) -> tuple[int, int] | None:
    """(start, end) in the query string when `query` is one plain word over all fields."""
    if not isinstance(query, Or) or not query.subqueries:
        return None
    starts = set()
    for sub in query.subqueries:
        if not isinstance(sub, Term) or sub.fieldname not in WORD_FIELDS:
            return None
        starts.add((getattr(sub, "startchar", None), getattr(sub, "endchar", None)))
    if len(starts) != 1:
        return None
    start, end = starts.pop()
    return None if start is None or end is None else (start, end)


def _by_word(query: Query) -> Query:
    """An OR of words and phrases as one Or per word or phrase: Whoosh flattens
    "Sprachpaten OR Jobpaten" (or '"Runder Tisch" OR Kita') into one Or of every word's
    fields, and the words could no longer be widened one by one."""
    if not isinstance(query, Or) or len(query.subqueries) <= len(WORD_FIELDS):
        return query
    words: dict[tuple[int | None, int | None], list[Query]] = {}
    for sub in query.subqueries:
        if isinstance(sub, Phrase) and (ranges := getattr(sub, "char_ranges", None)):
            span = (ranges[0][0], ranges[-1][1])
        elif isinstance(sub, Term):
            span = (getattr(sub, "startchar", None), getattr(sub, "endchar", None))
        else:
            return query
        if sub.fieldname not in WORD_FIELDS or None in span:
            return query
        words.setdefault(span, []).append(sub)
    if len(words) < 2:
        return query
    return Or([Or(fields) for fields in words.values()], boost=query.boost)


def _phrase_spans(query: Query) -> list[tuple[int, int]] | None:
    """The (start, end) of each word when `query` is one quoted phrase over all fields."""
    if not isinstance(query, Or) or not query.subqueries:
        return None
    ranges = {
        tuple(getattr(sub, "char_ranges", None) or ()) if isinstance(sub, Phrase) else ()
        for sub in query.subqueries
    }
    if len(ranges) != 1 or not (spans := ranges.pop()):
        return None
    return list(spans)


def _f_written(word: str) -> str:
    """The word with "ph" as "f" where the word list writes it so ("Photos" → "Fotos"), in
    its case: the index reads both as one, the word lists (thesaurus, compound parts) are
    asked for the f-spelling ("Photos" had no synonyms)."""
    written = f_spelling(word.lower())
    if written == word.lower():
        return word
    return cased_as(word, written)


def _respelled(query: Query, word: str) -> Query:
    """The query of a typed word with the terms of `word`, its spelling with umlauts
    ("Fluchtlinge" → "Flüchtlinge"), where it is a plain word; positions stay as typed."""
    spelled = _word(word)
    fields = {term.fieldname: term.text for term in spelled.subqueries if isinstance(term, Term)}
    typed = query.subqueries if isinstance(query, Or) else []
    if not typed or any(not isinstance(t, Term) or t.fieldname not in fields for t in typed):
        return query
    terms = []
    for term in typed:
        respelled = Term(term.fieldname, fields[term.fieldname], boost=term.boost)
        respelled.startchar = getattr(term, "startchar", None)
        respelled.endchar = getattr(term, "endchar", None)
        terms.append(respelled)
    return Or(terms, boost=query.boost)


def _word(text: str, weight: float = 1.0) -> Query:
    """A word as typed (a compound part, a derived word, a correction) in every field."""
    return _text_query(tuple(analyze(text)), text, weight)


def _text_query(terms: tuple[str, ...], text: str, weight: float) -> Query:
    """A word or phrase (given as analysed terms) in every searched field."""
    if not terms:
        return Or([])
    if len(terms) == 1:
        queries: list[Query] = [
            Term(name, terms[0], boost=boost) for name, boost in SEARCH_FIELDS.items()
        ]
        if " " not in text.strip():
            queries.append(Term(PARTS_FIELD, umlaut_stem(text.lower()), boost=PARTS_BOOST))
        return Or(queries, boost=weight)
    return Or([_phrase(name, terms, boost * weight) for name, boost in SEARCH_FIELDS.items()])


def _phrase(fieldname: str, terms: tuple[str, ...], boost: float) -> Query:
    """A phrase where the field has positions, else all of its words."""
    if fieldname in PHRASE_FIELDS:
        return Phrase(fieldname, list(terms), boost=boost)
    return And([Term(fieldname, term) for term in terms], boost=boost)


__all__ = ["Alternative", "ParsedQueries", "QueryBuilder"]
