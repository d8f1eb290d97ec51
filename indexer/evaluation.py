"""Search quality on a relevance set: nDCG@10, Recall@10 and MRR, overall and per kind.

The same queries also run through two baselines in the same run: plain substring
matching, and Whoosh's own `LanguageAnalyzer("de")` on the same fields and weights.
Every figure is also given for the tuning part and the held-out part of the set: the
`held_out: true` flag in the queries file is the split, so ranking work can be checked
on queries it was not tuned on.
"""

from __future__ import annotations

import contextlib
import math
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
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
from indexer.query_variants import asked_in, variants
from indexer.schema import META_FIELDS, SEARCH_FIELDS
from indexer.searching import Index
from indexer.taxonomy import Taxonomy, load_taxonomy

K = 10
KINDS = (
    "plain", "morphology", "compound", "gender", "synonym",
    "typo", "umlaut", "phrase", "abbreviation", "facet", "natural",
)  # fmt: skip
# The two parts of the set, in report order; a query is in "held-out" if flagged so.
PARTS = ("tuning", "held-out")


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    query: str
    kind: str
    judgments: dict[str, int]
    filters: dict[str, list[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    held_out: bool = False

    @property
    def part(self) -> str:
        return PARTS[1] if self.held_out else PARTS[0]


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
                held_out=item.get("held_out") is True,
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


def mean_scores(items: Iterable[Scores]) -> Scores:
    """The mean of each measure over `items` (which must not be empty)."""
    values = list(items)
    return Scores(
        mean(s.ndcg for s in values), mean(s.recall for s in values), mean(s.mrr for s in values)
    )


def group_means(scored: Iterable[tuple[JudgedQuery, Scores]]) -> dict[str, Scores]:
    """Means under "overall" and under each kind that occurs."""
    groups: dict[str, list[Scores]] = defaultdict(list)
    for query, scores in scored:
        groups["overall"].append(scores)
        groups[query.kind].append(scores)
    return {name: mean_scores(items) for name, items in groups.items()}


def score(queries: list[JudgedQuery], rank: Ranker) -> dict[str, Any]:
    """Per-query scores plus means overall and per kind, for all queries and per part.

    `means` covers every query; `parts` maps "tuning" and "held-out" to the same kind of
    means over that part only (a part without queries is left out).
    """
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
    scored = [(query, scores) for query, _, scores in per_query.values()]
    parts = {
        part: group_means(item for item in scored if item[0].part == part)
        for part in PARTS
        if any(query.part == part for query, _ in scored)
    }
    return {"queries": per_query, "means": group_means(scored), "parts": parts}


# -- engines ----------------------------------------------------------------------------


def praxisfinder_ranker(index: Index) -> Ranker:
    def rank(query: JudgedQuery) -> list[str]:
        result = index.search(
            query.query,
            filters=query.filters,
            year_from=query.year_from,
            year_to=query.year_to,
            page_size=K,
            snippets=False,  # the ranking is measured, not the page
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


def evaluate(
    queries_file: Path, kb_dir: Path, index: Index, baselines: bool = True
) -> dict[str, Any]:
    """Score Praxisfinder (`index`, of `kb_dir`: `built_index`) and the baselines on the
    queries judged on `kb_dir`."""
    queries = load_queries(queries_file)
    engines: dict[str, Ranker] = {"Praxisfinder": praxisfinder_ranker(index)}
    with tempfile.TemporaryDirectory(prefix="praxisfinder-eval-") as tmp:
        if baselines:
            taxonomy = load_taxonomy(kb_dir)
            entries = load_kb(kb_dir, taxonomy).entries
            engines["Substring"] = substring_ranker(entries, taxonomy)
            engines["Whoosh de"] = whoosh_german_ranker(entries, taxonomy, Path(tmp))
        return {name: score(queries, rank) for name, rank in engines.items()}


# Kinds whose queries are mistyped already, or quoted (a typo inside a phrase is no phrase).
NOT_VARIED = ("typo", "umlaut", "phrase")
QUESTION_FORMS = "question_forms.yaml"


@dataclass(frozen=True)
class Robustness:
    """Mean nDCG@10 of the queries typed as a variant and as written, over the same queries."""

    count: int
    varied: float
    written: float


def load_question_forms(queries_file: Path) -> dict[str, list[str]]:
    """The question forms beside a queries file (`question_forms.yaml`: group → forms with
    "{}" for the query), or none."""
    path = queries_file.with_name(QUESTION_FORMS)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(group): [str(form) for form in forms] for group, forms in data.items()}


def robustness(
    queries: list[JudgedQuery],
    rank: Ranker,
    forms: dict[str, list[str]] | None = None,
    forms_per_query: int | None = None,
) -> dict[str, dict[str, Robustness]]:
    """Variant name → part ("all", "tuning", "held-out") → how the variant scores; each
    group of question `forms` is one variant over all its forms.

    `forms_per_query` asks each query in that many forms of each group instead of all,
    taking the forms in turn from one query to the next, so that every form is asked
    about as often (the test suite's sample; `eval --mistakes` asks in all).
    """
    written = {query.id: ndcg_at(rank(query), query.judgments) for query in queries}
    pairs: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    asked = 0  # queries short enough to be asked in the forms so far: the turn
    for query in queries:
        if query.kind in NOT_VARIED:
            continue
        texts = list(variants(query.query).items())
        for group, group_forms in (forms or {}).items():
            name = f"asked in the {group} forms ({len(group_forms)})"
            chosen = _in_turn(group_forms, asked, forms_per_query)
            texts += [(name, text) for form in chosen if (text := asked_in(form, query.query))]
        asked += asked_in("{}", query.query) is not None
        for name, text in texts:
            varied = ndcg_at(rank(replace(query, query=text)), query.judgments)
            for part in ("all", query.part):
                pairs[name][part].append((varied, written[query.id]))
    return {
        name: {
            part: Robustness(len(scores), mean(s[0] for s in scores), mean(s[1] for s in scores))
            for part, scores in parts.items()
        }
        for name, parts in pairs.items()
    }


def _in_turn(forms: list[str], turn: int, count: int | None) -> list[str]:
    """`count` of `forms` starting at the `turn`-th group of `count`, wrapping; all for None."""
    if count is None or count >= len(forms):
        return forms
    return [forms[(turn * count + i) % len(forms)] for i in range(count)]


def evaluate_robustness(
    queries_file: Path, index: Index, forms_per_query: int | None = None
) -> dict[str, dict[str, Robustness]]:
    """`robustness` of Praxisfinder on `index`, with the question forms beside
    `queries_file`."""
    queries = load_queries(queries_file)
    forms = load_question_forms(queries_file)
    return robustness(queries, praxisfinder_ranker(index), forms, forms_per_query)


@contextlib.contextmanager
def built_index(kb_dir: Path) -> Iterator[Index]:
    """A full index of `kb_dir` in a temporary directory, open, for one evaluation run."""
    with tempfile.TemporaryDirectory(prefix="praxisfinder-eval-") as tmp:
        build_index(kb_dir, Path(tmp) / "index", full=True)
        yield Index.open(Path(tmp) / "index", kb_dir)


def format_robustness(results: dict[str, dict[str, Robustness]]) -> str:
    """A Markdown table: each variant's nDCG@10 against the same queries as written."""
    lines = [
        "Typed with mistakes or asked as a question (nDCG@10 as typed / as written; all, "
        "tuning, held-out)",
        "",
        "| variant | n | all | tuning | held-out |",
        "|---|---|---|---|---|",
    ]
    for name, parts in results.items():
        cells = [
            f"{parts[p].varied:.3f} / {parts[p].written:.3f}" if p in parts else "–"
            for p in ("all", *PARTS)
        ]
        lines.append(f"| {name} | {parts['all'].count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_report(results: dict[str, Any]) -> str:
    """Markdown tables (engines side by side) for all queries and each part, then the misses."""
    engines = list(results)
    main = results[engines[0]]
    queries = [query for query, _, _ in main["queries"].values()]
    lines: list[str] = []
    for part in (None, *PARTS):
        if part is not None and part not in main.get("parts", {}):
            continue
        members = [q for q in queries if part in (None, q.part)]
        title = "All queries" if part is None else f"{part.capitalize()} part"
        means = [
            results[e]["means"] if part is None else results[e]["parts"][part] for e in engines
        ]
        lines += [f"{title} ({len(members)} queries)", "", *_table(engines, means, members), ""]
    failures = [
        f"- {q.id} [{q.kind}, {q.part}] {q.query!r}: {ranked[:3]}"
        for q, ranked, s in main["queries"].values()
        if s.mrr == 0
    ]
    lines.append(f"Queries with nothing relevant in the top {K} ({engines[0]}): {len(failures)}")
    lines.extend(failures)
    if len(engines) > 1:
        counts = ", ".join(
            f"{e} {sum(s.mrr == 0 for _, _, s in results[e]['queries'].values())}"
            for e in engines[1:]
        )
        lines.append(f"Same count for the baselines: {counts}")
    return "\n".join(lines)


def _table(
    engines: list[str], means: list[dict[str, Scores]], queries: list[JudgedQuery]
) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for query in queries:
        counts[query.kind] += 1
    counts["overall"] = len(queries)
    rows = ["overall", *[k for k in KINDS if counts[k]]]
    header = (
        "| kind | n | " + " | ".join(f"{e} nDCG@10 | {e} R@10 | {e} MRR" for e in engines) + " |"
    )
    lines = [header, "|" + "---|" * (2 + 3 * len(engines))]
    for row in rows:
        cells = []
        for engine_means in means:
            s = engine_means[row]
            cells += [f"{s.ndcg:.3f}", f"{s.recall:.3f}", f"{s.mrr:.3f}"]
        lines.append(f"| {row} | {counts[row]} | " + " | ".join(cells) + " |")
    return lines
