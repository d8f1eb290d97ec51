#!/usr/bin/env python3
"""Validate the Praxisfinder relevance set (corpus + queries); needs the installed project.

Usage: `python tests/relevance/validate.py [DIR]`, DIR defaulting to this file's folder
(it holds `kb/` and `queries.yaml`). Prints a summary; exits 1 if anything is wrong.
"""

import collections
import pathlib
import re
import sys

import yaml

from indexer.evaluation import KINDS
from indexer.model import REQUIRED_FIELDS, TEMPLATE_SECTIONS
from indexer.taxonomy import load_taxonomy

ROOT = pathlib.Path(__file__).resolve().parent
REQUIRED = list(REQUIRED_FIELDS)
SECTIONS = list(TEMPLATE_SECTIONS)
QUERY_KEYS = {"id", "query", "kind", "filters", "judgments", "held_out"}
MIN_QUERIES_PER_KIND = 6


def check(root: pathlib.Path) -> tuple[list[str], list[str]]:
    """Errors and summary lines for the relevance set under `root`."""
    taxonomy = load_taxonomy(root / "kb")
    themes, types = set(taxonomy.theme_names), set(taxonomy.type_names)
    errors: list[str] = []
    entries = {}
    for path in sorted((root / "kb" / "entries").glob("*.md")):
        slug = path.stem
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
            errors.append(f"{slug}: bad slug")
        text = path.read_text(encoding="utf-8")
        m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
        if not m:
            errors.append(f"{slug}: no front matter")
            continue
        fm, body = yaml.safe_load(m.group(1)), m.group(2)
        entries[slug] = fm
        for k in REQUIRED:
            if k not in fm:
                errors.append(f"{slug}: missing {k}")
        if fm.get("type") not in types:
            errors.append(f"{slug}: bad type {fm.get('type')}")
        th = fm.get("themes") or []
        if not (isinstance(th, list) and 1 <= len(th) <= 3 and set(th) <= themes):
            errors.append(f"{slug}: bad themes {th}")
        if not (isinstance(fm.get("year"), int) and 2015 <= fm["year"] <= 2025):
            errors.append(f"{slug}: bad year {fm.get('year')}")
        heads = re.findall(r"^## (.+)$", body, re.M)
        if heads != SECTIONS:
            errors.append(f"{slug}: sections {heads}")
        words = len(re.findall(r"\w+", re.sub(r"^## .*$", "", body, flags=re.M)))
        if not 120 <= words <= 300:
            errors.append(f"{slug}: body has {words} words")

    qdoc = yaml.safe_load((root / "queries.yaml").read_text(encoding="utf-8"))
    queries = qdoc["queries"]
    ids = collections.Counter(q["id"] for q in queries)
    errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    kinds = collections.Counter()
    held_out = collections.Counter()
    n_judg = collections.Counter()
    for q in queries:
        qid = q["id"]
        kinds[q.get("kind")] += 1
        if q.get("kind") not in KINDS:
            errors.append(f"{qid}: bad kind {q.get('kind')}")
        unknown = sorted(set(q) - QUERY_KEYS)
        if unknown:
            errors.append(f"{qid}: unknown keys {unknown}")
        if "held_out" in q and not isinstance(q["held_out"], bool):
            errors.append(f"{qid}: held_out must be true or false, not {q['held_out']!r}")
        if q.get("held_out") is True:
            held_out[q.get("kind")] += 1
        filters = q.get("filters") or {}
        if filters and q["kind"] != "facet":
            errors.append(f"{qid}: filters on non-facet query")
        if q["kind"] == "facet" and not filters:
            errors.append(f"{qid}: facet query without filters")
        j = q.get("judgments") or {}
        if 2 not in j.values():
            errors.append(f"{qid}: no grade-2 entry")
        for slug, g in j.items():
            n_judg[g] += 1
            if slug not in entries:
                errors.append(f"{qid}: unknown slug {slug}")
                continue
            if g not in (1, 2):
                errors.append(f"{qid}: bad grade {g} for {slug}")
            fm = entries[slug]
            for key, val in filters.items():
                if key == "year_from":
                    ok = fm["year"] >= val
                elif key == "year_to":
                    ok = fm["year"] <= val
                else:
                    have = fm.get(key)
                    have = have if isinstance(have, list) else [have]
                    ok = any(v in have for v in val)
                if not ok:
                    errors.append(f"{qid}: judged {slug} does not satisfy filter {key}={val}")
    for k in KINDS:
        if kinds[k] < MIN_QUERIES_PER_KIND:
            errors.append(f"kind {k}: only {kinds[k]} queries")
        if 3 * held_out[k] < kinds[k]:
            errors.append(f"kind {k}: only {held_out[k]} of {kinds[k]} queries held out")
    total_held = sum(held_out.values())
    if 3 * total_held < len(queries):
        errors.append(f"only {total_held} of {len(queries)} queries held out (need a third)")

    unjudged = set(entries) - {s for q in queries for s in (q.get("judgments") or {})}
    summary = [
        f"entries: {len(entries)}",
        f"  types: {dict(collections.Counter(e['type'] for e in entries.values()))}",
        f"  themes: {dict(collections.Counter(t for e in entries.values() for t in e['themes']))}",
        f"  districts: {len({e['district'] for e in entries.values()})}, years: "
        f"{min(e['year'] for e in entries.values())}-{max(e['year'] for e in entries.values())}",
        f"queries: {len(queries)}  by kind: {dict(kinds)}",
        f"held out: {total_held} (tuning: {len(queries) - total_held})  by kind: "
        f"{ {k: held_out[k] for k in kinds} }",
        f"judgments: {sum(n_judg.values())} (grade 2: {n_judg[2]}, grade 1: {n_judg[1]})",
        f"entries never judged relevant: {len(unjudged)} {sorted(unjudged)}",
    ]
    return errors, summary


def main(argv: list[str]) -> int:
    root = pathlib.Path(argv[1]) if len(argv) > 1 else ROOT
    errors, summary = check(root)
    print(*summary, sep="\n")
    if errors:
        print("ERRORS:", *errors, sep="\n  ")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
