"""Synonyms and abbreviations from `kb/synonyms.yaml`, applied at query time.

Each group lists words or phrases that mean the same ("Geflüchtete", "Flüchtlinge", …);
a group may carry a lower `weight` for related rather than equal terms (Jobcenter /
Arbeitsagentur). Matching uses the analysed form, so inflected forms match too.

Below them rank general synonyms from OpenThesaurus (`general_synonyms`), also through
compound parts: the editors' groups say what the field means, the thesaurus fills gaps.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from indexer.german import thesaurus
from indexer.german.analysis import analyze, feminine_base
from indexer.german.lemmas import agent_noun
from indexer.model import Problem
from indexer.safe_yaml import CONFIG_MAX_NODES, YamlRefused, parse_yaml
from indexer.sources import SourceError, read_source

SYNONYMS_FILE = "synonyms.yaml"
# A knowledge base without its own file uses the project's list.
DEFAULT_SYNONYMS = Path(__file__).resolve().parents[1] / "kb" / SYNONYMS_FILE
DEFAULT_WEIGHT = 0.7
MAX_GROUP_TERMS = 50
# General synonyms rank below every curated group (the lowest curated weight is 0.5); a
# compound formed with a part's synonym ("Arbeitssuche" for "Jobsuche") a little lower
# still, as the recombination may not be a word with the same meaning.
THESAURUS_WEIGHT = 0.4
RECOMBINED_FACTOR = 0.7
# At most this many thesaurus words per query word: each costs a term lookup per field.
THESAURUS_TERMS = 6


@dataclass(frozen=True)
class Alternative:
    terms: tuple[str, ...]  # analysed terms of the alternative word or phrase
    text: str
    weight: float


@dataclass
class SynonymTable:
    """Analysed term sequence → alternatives from every group it belongs to."""

    alternatives: dict[tuple[str, ...], list[Alternative]] = field(default_factory=dict)
    # analysed terms → the lower-case members written with them
    spellings: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.alternatives), default=0)

    def lookup(self, terms: tuple[str, ...], word: str = "") -> list[Alternative]:
        """The alternatives of a word or phrase by its analysed terms; given the lower-case
        `word` itself, none when the members with its terms are other words that only
        stem alike (see `agent_noun_pair`)."""
        found = self.alternatives.get(terms, [])
        spellings = self.spellings.get(terms) if found and word else None
        if spellings and all(agent_noun_pair(word, spelling) for spelling in spellings):
            return []
        return found


def agent_noun_pair(first: str, second: str) -> bool:
    """Whether one lower-case word is the agent noun in "-er" of the other, a noun in "-e":
    "lehrer" of "lehre", "pfleger" of "pflege" (also "lehrern"). Snowball stems both alike,
    but a teacher is no apprenticeship: a group of one does not apply to the other. Not a
    noun declined like an adjective ("geflüchteter" is "geflüchtete"): the agent noun must
    be one the analysis keeps apart (`agent_noun`)."""
    for noun, agent in ((first, second), (second, first)):
        if noun.endswith("e") and agent in (noun + "r", noun + "rn") and agent_noun(agent):
            return True
    return False


def parse_synonyms(text: str, rel: str) -> tuple[SynonymTable, list[Problem]]:
    """Parse the YAML text of a synonyms file; problems name the line."""
    problems: list[Problem] = []
    table = SynonymTable()
    try:
        node, data = parse_yaml(text, CONFIG_MAX_NODES)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        why = f" ({exc.problem})" if isinstance(exc, YamlRefused) else ""
        problems.append(
            Problem(rel, mark.line + 1 if mark else None, f"Kein gültiges YAML{why}.", code="yaml")
        )
        return table, problems
    groups = (data or {}).get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        problems.append(
            Problem(rel, 1, "Es fehlt die Liste „groups:“ mit den Synonymgruppen.", code="yaml")
        )
        return table, problems
    group_nodes = _group_nodes(node)
    seen: dict[tuple[str, ...], int] = {}
    # terms → their alternatives by terms: members that analyse alike ("Hauptamt",
    # "Hauptamtliche") and merged groups give each alternative once, with its higher weight
    merged: dict[tuple[str, ...], dict[tuple[str, ...], Alternative]] = {}
    spellings: dict[tuple[str, ...], set[str]] = {}
    for index, group in enumerate(groups):
        line = group_nodes[index] if index < len(group_nodes) else None
        terms, weight = (group, DEFAULT_WEIGHT) if isinstance(group, list) else (None, None)
        if isinstance(group, dict):
            terms, weight = group.get("terms"), group.get("weight", DEFAULT_WEIGHT)
        if not isinstance(terms, list) or len(terms) < 2:
            problems.append(
                Problem(rel, line, "Eine Gruppe braucht mindestens zwei Begriffe.", code="group")
            )
            continue
        if len(terms) > MAX_GROUP_TERMS:  # each member lists all others: n² alternatives
            problems.append(
                Problem(
                    rel,
                    line,
                    f"Eine Gruppe hat höchstens {MAX_GROUP_TERMS} Begriffe; bitte aufteilen.",
                    code="group",
                )
            )
            continue
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
            problems.append(
                Problem(rel, line, "„weight“ muss eine Zahl über 0 und höchstens 1 sein.")
            )
            continue
        members = []
        for term in terms:
            analysed = tuple(analyze(str(term))) if isinstance(term, str | int) else ()
            if not analysed:
                problems.append(
                    Problem(rel, line, f"Der Begriff „{term}“ ist leer oder nur ein Füllwort.")
                )
                continue
            if analysed in seen and seen[analysed] != index:
                problems.append(
                    Problem(
                        rel,
                        line,
                        f"„{term}“ steht in mehreren Gruppen; die Gruppen werden vereinigt.",
                        "warning",
                        "duplicate-term",
                    )
                )
            seen[analysed] = index
            members.append(Alternative(analysed, str(term), float(weight)))
            spellings.setdefault(analysed, set()).add(feminine_base(str(term).lower()))
        for member in members:
            known = merged.setdefault(member.terms, {})
            for other in members:
                kept = known.get(other.terms)
                if other.terms == member.terms:
                    continue
                if kept is None:
                    known[other.terms] = other
                elif other.weight > kept.weight:
                    known[other.terms] = replace(kept, weight=other.weight)
    table.alternatives = {terms: list(known.values()) for terms, known in merged.items()}
    table.spellings = {terms: frozenset(found) for terms, found in spellings.items()}
    return table, problems


def _group_nodes(node: yaml.Node | None) -> list[int]:
    """Line numbers of the groups, for messages."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if key.value == "groups" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_synonyms(kb_dir: Path) -> tuple[SynonymTable, list[Problem]]:
    """Read `<kb>/synonyms.yaml`; a missing file means no synonyms."""
    path = Path(kb_dir) / SYNONYMS_FILE
    if not path.exists() and not path.is_symlink():
        return SynonymTable(), []
    try:
        text = read_source(path, Path(kb_dir)).decode("utf-8")
    except SourceError as exc:
        return SynonymTable(), [Problem(SYNONYMS_FILE, None, str(exc), code="unreadable")]
    except UnicodeDecodeError:
        return SynonymTable(), [Problem(SYNONYMS_FILE, None, "Die Datei ist nicht UTF-8-kodiert.")]
    return parse_synonyms(text, SYNONYMS_FILE)


class SynonymSource:
    """Synonyms of a knowledge base, re-read whenever the file changes (no re-index needed)."""

    def __init__(self, kb_dir: Path | None):
        own = Path(kb_dir) / SYNONYMS_FILE if kb_dir is not None else None
        self.path = own if own is not None and own.exists() else DEFAULT_SYNONYMS
        self._stamp: tuple[int, int] | None = None
        self._table = SynonymTable()

    def table(self) -> SynonymTable:
        try:
            info = os.stat(self.path)
            stamp = (info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._table = load_synonyms(self.path.parent)[0] if stamp else SynonymTable()
            self._stamp = stamp
        return self._table


def general_synonyms(
    table: SynonymTable, word: str, known: Callable[[str], bool] | None
) -> list[Alternative]:
    """Thesaurus synonyms of a query word that has no group in the curated `table`.

    A word the thesaurus lacks gets compounds with one part replaced by a curated or
    thesaurus synonym of that part. Every synonym is kept only when `known` (the index has
    the word itself); without `known` none. At most `THESAURUS_TERMS`; none when the
    thesaurus is turned off.
    """
    if not thesaurus.enabled():
        return []
    terms = tuple(analyze(word))
    # A word in a curated group gets only that group: the editors said what it means
    # here ("Ausbildung" and "Mütter" have other senses in the thesaurus).
    if len(terms) != 1 or table.lookup(terms, word):
        return []
    taken = {terms}
    # A synonym counts only where the index has that very word: its stem alone may be
    # another word's ("Teilhaber" and the theme "Teilhabe" share "teilhab").
    candidates = [
        (s, THESAURUS_WEIGHT) for s in thesaurus.synonyms(word) if known is not None and known(s)
    ]
    if not candidates and known is not None:
        recombined = thesaurus.compound_synonyms(
            word, lambda part: _part_synonyms(table, part), known, THESAURUS_TERMS
        )
        candidates = [(w, weight * RECOMBINED_FACTOR) for w, weight in recombined]
    found = []
    for text, weight in candidates:
        analysed = tuple(analyze(text))
        if analysed and analysed not in taken:
            taken.add(analysed)
            found.append(Alternative(analysed, text, weight))
            if len(found) >= THESAURUS_TERMS:
                break
    return found


def curated_compound_synonyms(
    table: SynonymTable, word: str, known: Callable[[str], bool]
) -> list[Alternative]:
    """Compounds with one part replaced by a curated synonym of that part, `known` ones
    only, for a word without a group of its own: "Familienpaten" → "Familienpatenschaft"
    (Paten → Patenschaft), "Jobsuche" → "Arbeitssuche". The results' part of what
    `general_synonyms` gives the weak matches."""
    terms = tuple(analyze(word))
    if len(terms) != 1 or table.lookup(terms, word):
        return []
    recombined = thesaurus.compound_synonyms(
        word, lambda part: _part_synonyms(table, part, curated_only=True), known, THESAURUS_TERMS
    )
    return [
        Alternative(tuple(analyze(text)), text, weight * RECOMBINED_FACTOR)
        for text, weight in recombined
    ]


def _part_synonyms(
    table: SynonymTable, part: str, curated_only: bool = False
) -> list[tuple[str, float]]:
    """Single-word synonyms of a compound part: curated ones first, then the thesaurus's."""
    curated = [(a.text, a.weight) for a in table.lookup(tuple(analyze(part))) if len(a.terms) == 1]
    if curated_only:
        return curated
    return curated + [(s, THESAURUS_WEIGHT) for s in thesaurus.part_synonyms(part)]
