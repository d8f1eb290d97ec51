"""What a query is about: its words without those that say nothing of it.

People add words that every entry satisfies or that only say how they ask: a year
("Ehrenamt 2022", `query_years`), the region every entry lies in ("… in BW",
`region_names`), the words of asking for examples ("Gibt es Erfahrungen mit …?",
`german.request_words`). Each would make the few entries that happen to say it look
specific. They are taken out in that order, so that "Beispiele aus 2023" is still a
year's query. Words it asks to leave out ("aber nicht Fußball", `query_exclusions`)
are taken out first and kept apart. A query with syntax (AND/OR, fields, +/-,
parentheses) is searched as typed; quoted phrases are kept as typed, and the words
around them are read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from indexer.area_names import alone_notice, area_notice, without_areas
from indexer.german.analysis import STOP_WORDS, glued_words_apart
from indexer.german.request_words import (
    has_topic,
    quoted_phrases,
    uses_syntax,
    without_request_words,
)
from indexer.german.separable_verbs import join_separable_verbs
from indexer.german.wording import quoted_list
from indexer.municipalities import (
    no_abbreviation,
    place_forms,
    place_spellings,
    without_located,
    without_municipalities,
)
from indexer.query_exclusions import exclusion_notice, without_exclusions
from indexer.query_periods import period_notice, without_periods
from indexer.query_sizes import SizeClass, size_notice, without_sizes
from indexer.query_years import without_years, year_notice
from indexer.region_names import region_notice, without_region


@dataclass(frozen=True)
class QueryTopic:
    text: str  # what is searched
    years: tuple[str, ...]  # years named or meant in the query: they order its results
    notices: tuple[str, ...]  # how the query was read, in German, for the user
    districts: tuple[str, ...] = ()  # of the parts of the state it names: raised
    excluded: tuple[str, ...] = ()  # words it asks to leave out ("aber nicht Fußball")
    # a place named alone ("Schwäbische Alb", a town without entries): its names as typed,
    # while `text` searches its districts' entries; only those are shown
    place_alone: str = ""
    # towns with entries named beside other words: their entries are raised (as typed)
    located: tuple[str, ...] = ()
    # the notices that places order the results, with the names as typed and the places
    # raised (a town without entries: its district): the search replaces them when no
    # result comes from there
    ordering: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    # the size classes of municipality it names ("unter 5.000 Einwohnern"): raised, with
    # the phrases as typed
    sizes: tuple[str, ...] = ()
    sizes_said: tuple[str, ...] = ()


@dataclass(frozen=True)
class Places:
    """The place names a query is read against."""

    region: Sequence[str] = ()  # the names of the area every entry lies in (`Taxonomy.region`)
    # the parts of the state by name, with their districts (`Taxonomy.areas`)
    areas: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # whether entries come from the municipality or district of a lower-case name; given,
    # a municipality of the state without entries counts as its district, and a place
    # with entries beside other words orders the results (`municipalities`)
    has_entries: Callable[[str], bool] | None = None
    # whether a word typed in capitals is an abbreviation the synonyms expand ("AU"), so
    # no place of the same name
    abbreviation: Callable[[str], bool] = no_abbreviation
    # a place with entries as they spell it, given its name as typed ("Munsingen")
    spelled: Callable[[str], str] = str
    # the size classes of municipality (`Taxonomy.size_classes`: name, min, max)
    sizes: Sequence[SizeClass] = ()
    # whether entries have a lower-case word as one: a request word that forms one with
    # the word before it stays ("Brücken Angebot", `without_request_words`)
    one_word: Callable[[str], bool] = lambda _: False


def read_topic(text: str, places: Places = Places(), known_years: Sequence[str] = ()) -> QueryTopic:
    """The topic of a query, the years it names or means and the notices that say so;
    `known_years` are the years the entries have (for "ab 2020", "aktuelle"). Quoted
    phrases are kept as typed: 'Wer kann uns bei „Leichte Sprache“ helfen?' is
    '„Leichte Sprache“'."""
    if not uses_syntax(text):
        return _read(text, places, known_years)
    if (quoted := quoted_phrases(text)) is None:
        return QueryTopic(text, (), ())
    masked, phrases = phrases_as_words(*quoted)
    read = _read(masked, places, known_years)
    return replace(read, text=phrases_put_back(read.text, phrases))


def phrases_as_words(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, dict[str, str]]:
    """(`text` with each phrase at `spans` standing in as a word that no step of reading
    a query takes out, each stand-in → its phrase), for `phrases_put_back`."""
    phrases = {_stand_in(n): text[a:b] for n, (a, b) in enumerate(spans)}
    masked = text
    for stand_in, (start, end) in zip(reversed(list(phrases)), reversed(spans), strict=True):
        # An operator keeps its phrase: "-„…“", "+„…“", 'title:"…"' (not "title: „…“").
        before = "" if masked[:start].endswith(_BINDING) else " "
        masked = masked[:start] + f"{before}{stand_in} " + masked[end:]
    return masked, phrases


_BINDING = ("-", "+", ":")
_STAND_IN_PREFIX = "zitatxq"
_STAND_IN = re.compile(rf"{_STAND_IN_PREFIX}[a-z]+")


def phrases_put_back(text: str, phrases: dict[str, str]) -> str:
    """`text` read with `phrases_as_words`, its stand-ins replaced by their phrases."""

    def back(match: re.Match[str]) -> str:
        return phrases.get(match.group(0), match.group(0))

    return " ".join(_STAND_IN.sub(back, word) for word in text.split())


def _stand_in(number: int) -> str:
    """A word of letters only (years and request words are no such words) for a phrase."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
        if not number:
            return f"{_STAND_IN_PREFIX}{letters}"


def _read(text: str, places: Places, known_years: Sequence[str]) -> QueryTopic:
    """`read_topic` of a query without syntax."""
    text = glued_words_apart(text)  # "Fußball füralle": the words, not one no entry has
    text = place_spellings(text, [*places.region, *places.areas])  # "Tuebingen"
    # "Tübinger", "Ulms"
    text = place_forms(text, [*places.region, *places.areas], places.has_entries)
    text, excluded = without_exclusions(join_separable_verbs(text))  # "melden … an"
    notices = [exclusion_notice(excluded)] if excluded else []
    # before the years: "ab 2000 Einwohnern" is no span of time
    text, sizes, sizes_said = without_sizes(text, places.sizes)
    if sizes:
        notices.append(size_notice(sizes_said, sizes))
    topic, spanned, spans = without_periods(text, known_years)
    topic, years = without_years(topic)
    # A year taken out of a query about something orders its results: the user is told.
    if years and has_topic(topic):
        notices.append(year_notice(years))
    if spans and has_topic(topic):
        notices.append(period_notice(spans, spanned))
    elif spanned and not years:  # "Projekte ab 2020": the entries of those years
        topic = " OR ".join(spanned)
    years = tuple(dict.fromkeys([*years, *spanned]))
    topic, names = without_region(topic, places.region)
    if names:
        notices.append(region_notice(names))
    alone = ""
    ordering: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    topic, districts, named = without_areas(topic, places.areas)
    if named and districts and not topic.startswith('"'):
        ordering.append((area_notice(named, districts), tuple(named), tuple(districts)))
    elif named and districts:  # the area alone: its districts' entries
        alone = " ".join(named)
        notices.append(alone_notice(named, districts))
    if places.has_entries is not None and not topic.startswith('"'):
        topic, own, towns = without_municipalities(topic, places.has_entries, places.abbreviation)
        if towns and not has_topic(topic):  # the town alone: the entries of its district
            topic = " OR ".join(f'"{district}"' for district in own)
            alone = " ".join(towns)
            notices.append(alone_notice(towns, own))
        elif towns:
            ordering.append((area_notice(towns, own), tuple(towns), tuple(own)))
        districts = tuple(dict.fromkeys([*districts, *own]))
    located: tuple[str, ...] = ()
    if places.has_entries is not None and not topic.startswith('"'):
        rest, named_towns = without_located(topic, places.has_entries, places.abbreviation)
        if named_towns and has_topic(rest):
            topic, located = rest, named_towns
            raised = tuple(dict.fromkeys(places.spelled(town) for town in located))
            ordering.append((area_notice(located, raised), located, raised))
    notices.extend(notice for notice, _, _ in ordering)
    return QueryTopic(
        without_request_words(topic, places.one_word),
        years,
        tuple(notices),
        districts,
        excluded,
        alone,
        located,
        tuple(ordering),
        sizes,
        sizes_said,
    )


def without_words(text: str, words: Sequence[str], instead: Mapping[str, str] = {}) -> str:  # noqa: B006 - read only
    """`text` without the given words (as split by white space), or with the word
    `instead` has for one of them."""
    left_out = set(words)
    kept = (instead.get(word, "") if word in left_out else word for word in text.split())
    return " ".join(word for word in kept if word)


def shown_topic(text: str) -> str:
    """The topic as shown to the user: without the function words and punctuation at its
    ends that asking left ("Gibt es Jobpaten?" was searched as "es Jobpaten?" and shows
    "Jobpaten"); what is searched keeps them, the analysis drops them anyway. A query with
    syntax is shown as typed."""
    if uses_syntax(text):
        return text.strip()
    words = text.split()
    while words and _filler(words[0]):
        words.pop(0)
    while words and _filler(words[-1]):
        words.pop()
    shown = " ".join(words).strip(_END_PUNCTUATION)
    return shown or text.strip()


_END_PUNCTUATION = "?!.,;: "


def _filler(word: str) -> bool:
    bare = word.strip(_END_PUNCTUATION)
    return not bare or bare.lower() in STOP_WORDS


def common_words_notice(text: str) -> str | None:
    """The German notice for a query of only words too common to search ("und", "für
    alle", also in quotes: the index keeps no such words); None if it has any other."""
    words = [word.strip(_END_PUNCTUATION + '"„“') for word in text.split()]
    words = [word for word in words if word]
    if not words or any(word.lower() not in STOP_WORDS for word in words):
        return None
    distinct = list(dict.fromkeys(words))
    names = quoted_list(distinct)
    ask = "um danach zu suchen: Bitte ergänzen Sie ein Stichwort."
    if len(distinct) == 1:
        return f"{names} ist ein zu häufiges Wort, {ask}"
    return f"{names} sind zu häufige Wörter, {ask}"


def typed_word(word: str) -> str:
    """A query word without the punctuation it was typed with („ansteht“, not „ansteht?“)."""
    return word.strip(_END_PUNCTUATION) or word


def broader_notice(word: str, term: str) -> str:
    """The German notice that a word no entry has was searched as its broader term."""
    typed = typed_word(word)
    return f"„{typed}“ kommt in keinem Beispiel vor: Gesucht wurde nach dem Oberbegriff „{term}“."


def unfound_notice(words: Sequence[str]) -> str:
    """The German notice that words no entry has were left out of the search (named
    without the punctuation they were typed with: „ansteht“, not „ansteht?“)."""
    names = quoted_list([typed_word(word) for word in words])
    if len(words) == 1:
        return f"{names} kommt in keinem Beispiel vor: Gezeigt werden die Treffer ohne dieses Wort."
    return f"{names} kommen in keinem Beispiel vor: Gezeigt werden die Treffer ohne diese Wörter."
