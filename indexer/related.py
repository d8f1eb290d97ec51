"""Related entries ("Ähnliche Beispiele"): similar wording plus shared themes.

Whoosh's more-like-this picks the key terms of the entry's stored body text and finds
other entries using them; entries that share themes get a bonus (and are candidates even
when their wording differs), so a short entry still gets sensible neighbours.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from typing import Any

from whoosh.query import Term

from indexer.model import STATUS_PUBLISHED
from indexer.schema import facet_field
from indexer.searching import Index

TEXT_FIELD = "body"
KEY_TERMS = 12
THEME_WEIGHT = 0.6  # a share of all themes in common weighs 0.6 of the best text match


@dataclass(frozen=True)
class RelatedEntry:
    slug: str
    title: str
    score: float
    shared_themes: tuple[str, ...]
    fields: dict[str, Any]


def related_entries(
    index: Index,
    slug: str,
    *,
    limit: int = 5,
    key_terms: int = KEY_TERMS,
    theme_weight: float = THEME_WEIGHT,
) -> list[RelatedEntry]:
    """Up to `limit` published entries most similar to the entry `slug` (not itself).

    score = text similarity (more-like-this score divided by the best one, 0…1)
          + theme_weight × (shared themes ÷ themes of the entry)
    Ties go to the entry with more shared themes, then to the one indexed first.
    """
    if limit < 1:
        return []
    with index.searcher() as searcher:
        docnum = searcher.document_number(slug=slug)
        if docnum is None:
            return []
        reader = searcher.reader()
        themes = tuple(json.loads(reader.stored_fields(docnum)["front_matter"]).get("themes", []))
        live = set(reader.all_doc_ids())
        published = live & set(
            searcher.docs_for_query(Term(facet_field("status"), STATUS_PUBLISHED))
        )
        published.discard(docnum)
        if not published:
            return []

        text_scores: dict[int, float] = {}
        if reader.stored_fields(docnum).get(TEXT_FIELD):
            results = searcher.more_like(
                docnum,
                TEXT_FIELD,
                top=max(limit * 4, 20),
                numterms=key_terms,
                normalize=True,
                filter=published,
            )
            best = max((hit.score or 0.0 for hit in results), default=0.0)
            if best > 0:
                text_scores = {hit.docnum: (hit.score or 0.0) / best for hit in results}

        shared: dict[int, list[str]] = {}
        for theme in themes:
            for other in searcher.docs_for_query(Term(facet_field("themes"), theme)):
                if other in published:
                    shared.setdefault(other, []).append(theme)

        def score(doc: int) -> float:
            bonus = len(shared.get(doc, ())) / len(themes) if themes else 0.0
            return text_scores.get(doc, 0.0) + theme_weight * bonus

        candidates = set(text_scores) | set(shared)
        best_docs = heapq.nlargest(
            limit, candidates, key=lambda doc: (score(doc), len(shared.get(doc, ())), -doc)
        )
        related = []
        for doc in best_docs:
            stored = reader.stored_fields(doc)
            fields = json.loads(stored["front_matter"])
            related.append(
                RelatedEntry(
                    slug=stored["slug"],
                    title=fields["title"],
                    score=round(score(doc), 4),
                    shared_themes=tuple(shared.get(doc, ())),
                    fields=fields,
                )
            )
        return related
