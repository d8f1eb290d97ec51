"""Search quality on a relevance set: nDCG@10, Recall@10 and MRR, overall and per kind.

The same queries also run through two baselines in the same run: plain substring
matching, and Whoosh's own `LanguageAnalyzer("de")` on the same fields and weights.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean
from typing import Any

import yaml
from whoosh import index as whoosh_index
from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser

from indexer.building import build_index, facet_values
from indexer.loading import load_kb
from indexer.model import Entry
from indexer.plaintext import markdown_to_text
from indexer.schema import META_FIELDS, SEARCH_FIELDS
from indexer.searching import Index
from indexer.taxonomy import Taxonomy, load_taxonomy

K = 10
KINDS = (
    "plain", "morphology", "compound", "gender", "synonym",
    "typo", "umlaut", "phrase", "abbreviation", "facet",
)  # fmt: skip


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query: str
    kind: str
    judgments: dict[str, int]
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class Scores:
    ndcg: float
    recall: float
    mrr: float


Ranker = Callable[[JudgedQuery], list[str]]


def load_queries(path: Path) -> list[JudgedQuery]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = []
    for item in data["queries"]:
        filters = dict(item.get("filters") or {})
        year_from, year_to = filters.pop("year_from", None), filters.pop("year_to", None)
        queries.append(
            JudgedQuery(
                id=str(item["id"]),
                query=str(item["query"]),
                kind=str(item["kind"]),
                judgments={str(k): int(v) for k, v in item["judgments"].items()},
                filters={k: [str(x) for x in v] for k, v in filters.items()},
                year_from=year_from,
                year_to=year_to,
            )
        )
    return queries


def ndcg_at(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    gains = [2 ** judgments.get(slug, 0) - 1 for slug in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in judgments.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    relevant = {slug for slug, grade in judgments.items() if grade > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], judgments: dict[str, int], k: int = K) -> float:
    for rank, slug in enumerate(ranked[:k], start=1):
        if judgments.get(slug, 0) > 0:
            return 1 / rank
    return 0.0


def score(queries: list[JudgedQuery], rank: Ranker) -> dict[str, Any]:
    """Per-query scores plus means overall and per kind."""
    per_query = {}
    for query in queries:
        ranked = rank(query)
        per_query[query.id] = (
            query,
            ranked,
            Scores(
                ndcg_at(ranked, query.judgments),
                recall_at(ranked, query.judgments),
                reciprocal_rank(ranked, query.judgments),
            ),
        )
    groups: dict[str, list[Scores]] = defaultdict(list)
    for query, _, scores in per_query.values():
        groups["overall"].append(scores)
        groups[query.kind].append(scores)
    means = {
        name: Scores(
            mean(s.ndcg for s in items), mean(s.recall for s in items), mean(s.mrr for s in items)
        )
        for name, items in groups.items()
    }
    return {"queries": per_query, "means": means}


# -- engines ----------------------------------------------------------------------------


def praxisfinder_ranker(index: Index) -> Ranker:
    def rank(query: JudgedQuery) -> list[str]:
        result = index.search(
            query.query,
            filters=query.filters,
            year_from=query.year_from,
            year_to=query.year_to,
            page_size=K,
        )
        return [hit.slug for hit in result.hits]

    return rank


def _passes(entry: Entry, query: JudgedQuery, taxonomy: Taxonomy) -> bool:
    values = facet_values(entry, taxonomy)
    if not entry.is_published:
        return False
    if any(not set(wanted) & set(values.get(name, [])) for name, wanted in query.filters.items()):
        return False
    year = entry.fields["year"]
    return (query.year_from is None or year >= query.year_from) and (
        query.year_to is None or year <= query.year_to
    )


def substring_ranker(entries: list[Entry], taxonomy: Taxonomy) -> Ranker:
    """Baseline: every query word must occur as a substring; rank by occurrence count."""
    texts = {
        e.slug: " ".join((e.fields["title"], e.fields["summary"], e.body)).lower() for e in entries
    }

    def rank(query: JudgedQuery) -> list[str]:
        words = re.findall(r"\w+", query.query.lower())
        scored = []
        for entry in entries:
            text = texts[entry.slug]
            if words and all(w in text for w in words) and _passes(entry, query, taxonomy):
                scored.append((-sum(text.count(w) for w in words), entry.slug))
        return [slug for _, slug in sorted(scored)[:K]]

    return rank


def whoosh_german_ranker(entries: list[Entry], taxonomy: Taxonomy, work_dir: Path) -> Ranker:
    """Baseline: Whoosh's stock German analyzer on the same fields and weights."""
    analyzer = LanguageAnalyzer("de")
    names = [n for n in SEARCH_FIELDS if n != "body"] + ["body"]
    schema = Schema(slug=ID(stored=True), **{n: TEXT(analyzer=analyzer) for n in names})
    ix = whoosh_index.create_in(str(work_dir), schema)
    with ix.writer() as writer:
        for e in entries:
            doc = {n: _text(e.fields.get(n)) for n in names if n not in ("body", "meta")}
            doc["meta"] = "\n".join(_text(e.fields.get(n)) for n in META_FIELDS)
            writer.add_document(slug=e.slug, body=markdown_to_text(e.body), **doc)
    parser = MultifieldParser(names, schema, fieldboosts=SEARCH_FIELDS, group=AndGroup)
    by_slug = {e.slug: e for e in entries}

    def rank(query: JudgedQuery) -> list[str]:
        with ix.searcher() as searcher:
            hits = searcher.search(parser.parse(query.query), limit=None)
            slugs = [hit["slug"] for hit in hits]
        return [s for s in slugs if _passes(by_slug[s], query, taxonomy)][:K]

    return rank


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(map(str, value))
    return "" if value is None else str(value)


# -- running and reporting --------------------------------------------------------------


def evaluate(queries_file: Path, kb_dir: Path, baselines: bool = True) -> dict[str, Any]:
    """Index `kb_dir` in a temporary directory and score every engine on the queries."""
    queries = load_queries(queries_file)
    taxonomy = load_taxonomy(kb_dir)
    entries = load_kb(kb_dir, taxonomy).entries
    with tempfile.TemporaryDirectory(prefix="praxisfinder-eval-") as tmp:
        build_index(kb_dir, Path(tmp) / "index", full=True)
        engines: dict[str, Ranker] = {
            "Praxisfinder": praxisfinder_ranker(Index.open(Path(tmp) / "index", kb_dir))
        }
        if baselines:
            (Path(tmp) / "whoosh").mkdir()
            engines["Substring"] = substring_ranker(entries, taxonomy)
            engines["Whoosh de"] = whoosh_german_ranker(entries, taxonomy, Path(tmp) / "whoosh")
        return {name: score(queries, rank) for name, rank in engines.items()}


def format_report(results: dict[str, Any]) -> str:
    """A Markdown table (engines side by side) plus the queries with nothing relevant."""
    engines = list(results)
    main = results[engines[0]]
    rows = ["overall", *[k for k in KINDS if k in main["means"]]]
    header = (
        "| kind | n | " + " | ".join(f"{e} nDCG@10 | {e} R@10 | {e} MRR" for e in engines) + " |"
    )
    lines = [header, "|" + "---|" * (2 + 3 * len(engines))]
    counts = defaultdict(int)
    for query, _, _ in main["queries"].values():
        counts[query.kind] += 1
    counts["overall"] = len(main["queries"])
    for row in rows:
        cells = []
        for engine in engines:
            s = results[engine]["means"][row]
            cells += [f"{s.ndcg:.3f}", f"{s.recall:.3f}", f"{s.mrr:.3f}"]
        lines.append(f"| {row} | {counts[row]} | " + " | ".join(cells) + " |")
    failures = [
        f"- {q.id} [{q.kind}] {q.query!r}: {ranked[:3]}"
        for q, ranked, s in main["queries"].values()
        if s.mrr == 0
    ]
    lines.append("")
    lines.append(f"Queries with nothing relevant in the top {K} ({engines[0]}): {len(failures)}")
    lines.extend(failures)
    return "\n".join(lines)
