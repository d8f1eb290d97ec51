"""Query building: parse the user's query, then widen each plain word.

A plain word also matches (each ranked below the exact word): the parts of compounds
in the documents (the `parts` field), its own parts when it is a compound
("Ehrenamtskoordination" → Ehrenamt + Koordination), its synonyms from
`kb/synonyms.yaml`, and, as a fallback for typos, close spellings from the index.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser
from whoosh.query import And, Every, Not, Or, Phrase, Query, Term

from indexer.german.analysis import analyze, fold_feminine, normalize_query, umlaut_stem
from indexer.german.compounds import split_compound
from indexer.german.derivation import related_words
from indexer.ranking import Coordinated
from indexer.schema import META_FIELDS, PARTS_BOOST, PARTS_FIELD, PHRASE_FIELDS, SEARCH_FIELDS
from indexer.synonyms import Alternative, SynonymTable

SPLIT_BOOST = 0.6
PART_ALONE_BOOST = 0.2
PHRASE_WORDS_BOOST = 0.3
FUZZY_BOOST = 0.3
DERIVED_BOOST = 0.3
WORD_FIELDS = {**SEARCH_FIELDS, PARTS_FIELD: PARTS_BOOST}

Corrections = Callable[[str], list[str]]


class QueryBuilder:
    """Turns a query string into a Whoosh query over the searched fields."""

    def __init__(self, schema: object, synonyms: SynonymTable, names: frozenset[str] = frozenset()):
        self.schema = schema
        self.synonyms = synonyms
        # Place names ("freudenstadt", "ludwigsburg"), lower-case: never split or derived,
        # or a search for a town would also find every text about "Freude" and "Stadt".
        self.names = names
        self._relaxed = False
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
        normalized = normalize_query(text)
        # Always parsed with AND: an OR-grouped parse flattens every word's fields into one
        # Or, and the words could no longer be told apart and widened one by one.
        parsed = _parser(self.schema, AndGroup).parse(normalized)
        self._relaxed = relaxed
        self.has_plain_words = False
        expanded = self._expand(parsed, normalized, corrections)
        return expanded if group is AndGroup else _loosen(expanded)

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
        terms = tuple(analyze(word))
        alternatives: list[Query] = [query]
        for alternative in self.synonyms.lookup(terms):
            alternatives.append(
                _text_query(alternative.terms, alternative.text, alternative.weight)
            )
        folded = fold_feminine(word.lower())
        place = word.lower() in self.names
        if not place and (parts := split_compound(folded)):
            clauses = [_word(p) for p in parts]
            alternatives.append(And(clauses, boost=SPLIT_BOOST))
            if self._relaxed:
                alternatives.append(Or(clauses, boost=PART_ALONE_BOOST))
        elif not place and self._relaxed and (parts := split_compound(folded, common=True)):
            # A common compound ("Arbeitsplatz") is a word of its own: only when some
            # words are missing anyway may a text about one of its parts ("Arbeit") match.
            clauses = [_word(p) for p in parts]
            alternatives.append(Or(clauses, boost=PART_ALONE_BOOST))
        if self._relaxed and not place:
            for derived in related_words(folded):
                alternatives.append(_word(derived, DERIVED_BOOST))
        for close in corrections(word) if corrections else []:
            alternatives.append(_word(close, FUZZY_BOOST))
            close_parts = [_word(p) for p in split_compound(close)]
            if close_parts:
                alternatives.append(And(close_parts, boost=FUZZY_BOOST * SPLIT_BOOST))
                if self._relaxed:
                    alternatives.append(Or(close_parts, boost=FUZZY_BOOST * PART_ALONE_BOOST))
        return Or(alternatives) if len(alternatives) > 1 else query

    def _join_phrase_synonyms(
        self, children: list[Query], text: str, corrections: Corrections | None
    ) -> list[tuple[Query, bool]]:
        """Consecutive words forming a synonym phrase ("bürgerschaftliches Engagement")
        also match the group's other members ("Ehrenamt"); True marks such joined runs."""
        longest = self.synonyms.longest
        if longest < 2:
            return [(child, False) for child in children]
        words = [
            tuple(analyze(text[s[0] : s[1]])) if (s := _word_span(c)) else None for c in children
        ]
        result: list[tuple[Query, bool]] = []
        i = 0
        while i < len(children):
            for size in range(min(longest, len(children) - i), 1, -1):
                run = words[i : i + size]
                if any(w is None or len(w) != 1 for w in run):
                    continue
                key = tuple(w[0] for w in run if w)
                found = self.synonyms.lookup(key)
                if found:
                    run = [self._expand(c, text, corrections) for c in children[i : i + size]]
                    alternatives = [And(run)]
                    alternatives += [_text_query(a.terms, a.text, a.weight) for a in found]
                    result.append((Or(alternatives), True))
                    i += size
                    break
            else:
                result.append((children[i], False))
                i += 1
        return result


def _parser(schema: object, group: type) -> MultifieldParser:
    """Plain words search every word field; front-matter keys ("district:") search "meta"."""
    parser = MultifieldParser(list(WORD_FIELDS), schema, fieldboosts=WORD_FIELDS, group=group)
    parser.add_plugin(FieldAliasPlugin({"meta": list(META_FIELDS)}))
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


__all__ = ["Alternative", "QueryBuilder"]
