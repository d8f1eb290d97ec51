"""Abbreviations used in the knowledge base that `synonyms.yaml` does not expand.

A search for "UMA" finds "unbegleitete minderjährige Ausländer" only when a synonym group
says so. This lists every abbreviation in the entries — a token of two to six letters,
all capitals ("BAMF", "IHKs") or capitals inside ("umF", "DaZ", "KiTa") — without such a
group, most used first, so editors can add the missing ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer.german import thesaurus
from indexer.german.abbreviation_forms import abbreviation_base
from indexer.german.analysis import analyze
from indexer.loading import load_kb
from indexer.synonyms import SynonymSource

_TOKEN = re.compile(r"(?<![^\W\d_])[^\W\d_]{2,7}(?![^\W\d_])")
_ROMAN = re.compile(r"[IVXLCDM]+")


@dataclass(frozen=True)
class Abbreviation:
    text: str  # the most used spelling ("UMA" over "umA")
    count: int  # occurrences in all entries
    entries: int  # entries using it
    example: str  # slug of the entry using it most
    expanded: bool  # a group in synonyms.yaml has it
    thesaurus: tuple[str, ...] = ()  # general synonyms, a hint for the editors


def abbreviation(token: str) -> str | None:
    """The abbreviation a token is ("IHKs" → "IHK"), or None for an ordinary word."""
    token = abbreviation_base(token)  # the plural of an abbreviation: "IHKs", "GUs"
    if not 2 <= len(token) <= 6 or _ROMAN.fullmatch(token):
        return None
    if token.isupper() or any(c.isupper() for c in token[1:]):
        return token
    return None


def _texts(fields: dict[str, Any]) -> list[str]:
    texts = []
    for value in fields.values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts += [v for v in value if isinstance(v, str)]
    return texts


def find_abbreviations(kb_dir: Path) -> list[Abbreviation]:
    """Every abbreviation of the entries, with whether synonyms.yaml expands it."""
    table = SynonymSource(Path(kb_dir)).table()
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    per_entry: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for entry in load_kb(Path(kb_dir)).entries:
        for text in [*_texts(entry.fields), entry.body]:
            for token in _TOKEN.findall(text):
                if (found := abbreviation(token)) and (key := tuple(analyze(found))):
                    spellings[key][found] += 1
                    per_entry[key][entry.slug] += 1
    result = []
    for key, counts in spellings.items():
        text = counts.most_common(1)[0][0]
        entries = per_entry[key]
        result.append(
            Abbreviation(
                text=text,
                count=sum(counts.values()),
                entries=len(entries),
                example=min(entries, key=lambda slug: (-entries[slug], slug)),
                expanded=bool(table.lookup(key)),
                thesaurus=thesaurus.synonyms(text)[:3],
            )
        )
    result.sort(key=lambda a: (-a.count, a.text.lower()))
    return result
