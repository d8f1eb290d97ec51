#!/usr/bin/env python3
"""Validate the Praxisfinder relevance set (corpus + queries); needs the installed project."""

import collections
import pathlib
import re
import sys

import yaml

from indexer.evaluation import KINDS
from indexer.model import REQUIRED_FIELDS, TEMPLATE_SECTIONS
from indexer.taxonomy import load_taxonomy

ROOT = pathlib.Path(__file__).resolve().parent
TAXONOMY = load_taxonomy(ROOT / "kb")
THEMES = set(TAXONOMY.theme_names)
TYPES = set(TAXONOMY.type_names)
REQUIRED = list(REQUIRED_FIELDS)
SECTIONS = list(TEMPLATE_SECTIONS)

errors = []
entries = {}
for path in sorted((ROOT / "kb" / "entries").glob("*.md")):
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
    if fm.get("type") not in TYPES:
        errors.append(f"{slug}: bad type {fm.get('type')}")
    th = fm.get("themes") or []
    if not (isinstance(th, list) and 1 <= len(th) <= 3 and set(th) <= THEMES):
        errors.append(f"{slug}: bad themes {th}")
    if not (isinstance(fm.get("year"), int) and 2015 <= fm["year"] <= 2025):
        errors.append(f"{slug}: bad year {fm.get('year')}")
    heads = re.findall(r"^## (.+)$", body, re.M)
    if heads != SECTIONS:
        errors.append(f"{slug}: sections {heads}")
    words = len(re.findall(r"\w+", re.sub(r"^## .*$", "", body, flags=re.M)))
    if not 120 <= words <= 300:
        errors.append(f"{slug}: body has {words} words")

qdoc = yaml.safe_load((ROOT / "queries.yaml").read_text(encoding="utf-8"))
queries = qdoc["queries"]
ids = collections.Counter(q["id"] for q in queries)
errors += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
kinds = collections.Counter()
n_judg = collections.Counter()
for q in queries:
    qid = q["id"]
    kinds[q.get("kind")] += 1
    if q.get("kind") not in KINDS:
        errors.append(f"{qid}: bad kind {q.get('kind')}")
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
    if kinds[k] < 6:
        errors.append(f"kind {k}: only {kinds[k]} queries")

print(f"entries: {len(entries)}")
print("  types:", dict(collections.Counter(e["type"] for e in entries.values())))
print("  themes:", dict(collections.Counter(t for e in entries.values() for t in e["themes"])))
print(
    f"  districts: {len({e['district'] for e in entries.values()})}, years: "
    f"{min(e['year'] for e in entries.values())}-{max(e['year'] for e in entries.values())}"
)
print(f"queries: {len(queries)}  by kind: {dict(kinds)}")
print(f"judgments: {sum(n_judg.values())} (grade 2: {n_judg[2]}, grade 1: {n_judg[1]})")
unjudged = set(entries) - {s for q in queries for s in (q.get("judgments") or {})}
print(f"entries never judged relevant: {len(unjudged)} {sorted(unjudged)}")
if errors:
    print("ERRORS:", *errors, sep="\n  ")
    sys.exit(1)
print("OK")
