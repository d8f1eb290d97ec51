"""Search quality on the relevance set stays at or above the measured floor."""

from __future__ import annotations

import importlib.util
import math
import shutil
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from click.testing import CliRunner

from indexer.cli import cli
from indexer.evaluation import (
    KINDS,
    NOT_VARIED,
    PARTS,
    Scores,
    evaluate,
    evaluate_robustness,
    format_report,
    load_queries,
    load_question_forms,
    mean_scores,
    robustness,
)
from indexer.query_variants import asked_in
from indexer.searching import Index

RELEVANCE = Path(__file__).parent / "relevance"
# Measured with this code (README, "Search quality"); a change that lowers them fails.
# These floors were measured before the `natural` kind existed and apply to the kinds they
# were measured on; `natural` has its own floor below.
FLOOR_KINDS = tuple(kind for kind in KINDS if kind != "natural")
FLOOR_OVERALL = {"ndcg": 0.90, "recall": 0.87, "mrr": 0.97}
FLOOR_PER_KIND_NDCG = 0.84  # raised from 0.82: the weakest older kind now measures 0.868
# `natural` (26 queries) measured 0.772 / 0.786 / 0.913 when it was added, before any
# ranking work on it, and 0.792 / 0.786 / 0.950 after the work on everyday and function
# words: the floor is that minus a small margin (one query falling from rank 1 to rank 2
# costs 0.019 MRR). Raise it when ranking work lifts the figure.
FLOOR_NATURAL = {"ndcg": 0.77, "recall": 0.77, "mrr": 0.92}
# The floors above hold for the 110 queries they were measured on (q001–q110). The second
# batch (q111–q160, all kinds, written by others who never ran a search) measured 0.817
# nDCG@10 when it was added (tuning part 0.875, held-out 0.754), and 0.862 (0.903 /
# 0.818) after more abbreviations, hyphenated synonyms and gender-neutral nouns.
FIRST_BATCH = "q110"  # the last id of the first 110 queries
SECOND_BATCH = ("q111", "q160")
FLOOR_SECOND_BATCH = {"ndcg": 0.84, "recall": 0.81, "mrr": 0.93}
# The third batch (q161–q210, written the same way after the work on the second) measured
# 0.842 nDCG@10 when it was added (tuning part 0.825, held-out 0.870), with the verb forms
# of the same session already in; 0.850 after participles' forms and typo corrections
# through some parts.
THIRD_BATCH = ("q161", "q210")
FLOOR_THIRD_BATCH = {"ndcg": 0.83, "recall": 0.78, "mrr": 0.93}
# The fourth batch (q211–q260, written the same way after the work on the third) measured
# 0.791 nDCG@10 when it was added (tuning part 0.803, held-out 0.772), and 0.818 after the
# coverage was no longer squared, a compound's part alone weighed 0.4 and the registration
# office's names became synonyms (recall 0.846, MRR 0.947).
FOURTH_BATCH = ("q211", "q260")
FLOOR_FOURTH_BATCH = {"ndcg": 0.80, "recall": 0.82, "mrr": 0.92}
# The fifth batch (q261–q310, written the same way after the work on the fourth) measured
# 0.821 nDCG@10 when it was added (tuning part 0.823, held-out 0.818), recall 0.829, MRR
# 0.908, with the nouns in -er, numbers and a compound's parts apart already in.
FIFTH_BATCH = ("q261", "q310")
FLOOR_FIFTH_BATCH = {"ndcg": 0.80, "recall": 0.80, "mrr": 0.88}


# A query typed with one typo in its longest word, or with a, o, u for ä, ö, ü, finds
# nearly what it finds as written: measured 0.867-0.879 against 0.878 (umlauts without
# dots 0.828 against 0.836); before word-list corrections and dotless umlauts, a swap of
# two letters gave 0.793 and dotless umlauts 0.812. Asked as a question ("Gibt es
# Erfahrungen mit …?") it finds what it finds as written; before request words were left
# out, 0.49-0.77 against 0.92.
MISTAKE_MARGIN = 0.03
# Asked in the question forms of `question_forms.yaml` ("Wer kann uns bei … helfen?"),
# the queries keep most of what they find: measured 0.831 (guide) and 0.828 (check)
# against 0.921 as written; before everyday words weighed less in the coverage, 0.801
# and 0.788. With the generic verbs of asking as request words: guide 0.890, check
# 0.832, verbs 0.910. With greetings and thanks as request words: polite 0.842 → 0.921,
# polite_check 0.818 → 0.899. With the verbs of carrying out a project: check 0.832 →
# 0.909; doing_check, written by someone who did not choose the words, 0.765 → 0.795.
# With doing_check's verbs and their kin: doing_check 0.889, doing_check2 (written after
# it, likewise unseen) 0.765 → 0.786.
# The suite asks each query in two forms of each group, taking the forms in turn (a quarter
# of the searches; `eval --mistakes` asks in all eight): measured within 0.012 of all eight
# per group (doing_check2 0.795 against 0.807, the others within 0.005).
FORMS_PER_QUERY = 2
QUESTION_FORMS_FLOOR = 0.80
FORMS_FLOOR = {"asked in the doing_check2 forms (8)": 0.77}
# Typed all in lower case or in capitals, a query tells its nouns from its verbs by the word
# list: measured 0.887 against 0.889; by case alone (everything a noun), 0.879. With the
# fourth batch (260 queries), 0.853 against 0.858 (0.853 against 0.859 before the coverage
# was no longer squared).
CASE_MARGIN = 0.008


@pytest.fixture(scope="module")
def results(relevance_index: Index):
    return evaluate(RELEVANCE / "queries.yaml", RELEVANCE / "kb", relevance_index)


@pytest.fixture(scope="module")
def robust(relevance_index: Index) -> dict:
    return evaluate_robustness(RELEVANCE / "queries.yaml", relevance_index, FORMS_PER_QUERY)


def test_queries_typed_with_mistakes_find_nearly_what_they_find_as_written(robust) -> None:
    typed = {name: parts for name, parts in robust.items() if " forms " not in name}
    assert len(typed) == 15
    for name, parts in typed.items():
        every = parts["all"]
        assert every.count >= 30, name
        assert every.varied >= every.written - MISTAKE_MARGIN, (name, every)


def test_queries_in_one_case_find_what_they_find_as_written(robust) -> None:
    for name in ("all lower case", "all capitals"):
        every = robust[name]["all"]
        assert every.varied >= every.written - CASE_MARGIN, (name, every)


def test_queries_asked_in_other_words_keep_most_of_what_they_find(robust) -> None:
    forms = {name: parts["all"] for name, parts in robust.items() if " forms " in name}
    assert sorted(forms) == [
        "asked in the check forms (8)",
        "asked in the doing_check forms (8)",
        "asked in the doing_check2 forms (8)",
        "asked in the guide forms (8)",
        "asked in the polite forms (8)",
        "asked in the polite_check forms (8)",
        "asked in the verbs forms (8)",
    ]
    for name, every in forms.items():
        assert every.count == FORMS_PER_QUERY * 172, name  # each short query, in turn
        assert every.varied >= FORMS_FLOOR.get(name, QUESTION_FORMS_FLOOR), (name, every)


def test_the_sample_asks_every_form_equally_often() -> None:
    queries = load_queries(RELEVANCE / "queries.yaml")
    forms = load_question_forms(RELEVANCE / "queries.yaml")
    asked: Counter[str] = Counter()

    def rank(query) -> list[str]:
        asked[query.query] += 1
        return []

    robustness(queries, rank, forms, FORMS_PER_QUERY)
    short = [q.query for q in queries if q.kind not in NOT_VARIED and asked_in("{}", q.query)]
    for group_forms in forms.values():
        per_form = [sum(asked[asked_in(form, query)] for query in short) for form in group_forms]
        assert sum(per_form) == FORMS_PER_QUERY * len(short)
        assert max(per_form) - min(per_form) <= 1, per_form


def _means(
    result: dict, kinds: tuple[str, ...], batch: tuple[str, str] = ("q001", FIRST_BATCH)
) -> Scores:
    """Mean scores of the queries of `kinds` in a batch (its first and last id)."""
    return mean_scores(
        s
        for q, _, s in result["queries"].values()
        if q.kind in kinds and batch[0] <= q.id <= batch[1]
    )


def test_relevance_set_is_large_and_covers_every_kind() -> None:
    queries = load_queries(RELEVANCE / "queries.yaml")
    assert len(queries) >= 60
    assert len(list((RELEVANCE / "kb" / "entries").glob("*.md"))) >= 40
    assert {q.kind for q in queries} == set(KINDS)
    assert all(any(g == 2 for g in q.judgments.values()) for q in queries)
    assert Counter(q.kind for q in queries)["natural"] >= 18


def test_overall_scores_stay_above_floor(results) -> None:
    overall = _means(results["Praxisfinder"], FLOOR_KINDS)
    assert overall.ndcg >= FLOOR_OVERALL["ndcg"]
    assert overall.recall >= FLOOR_OVERALL["recall"]
    assert overall.mrr >= FLOOR_OVERALL["mrr"]


@pytest.mark.parametrize("kind", FLOOR_KINDS)
def test_every_kind_stays_above_floor(results, kind: str) -> None:
    assert _means(results["Praxisfinder"], (kind,)).ndcg >= FLOOR_PER_KIND_NDCG


def test_natural_queries_stay_above_their_floor(results) -> None:
    natural = _means(results["Praxisfinder"], ("natural",))
    assert natural.ndcg >= FLOOR_NATURAL["ndcg"]
    assert natural.recall >= FLOOR_NATURAL["recall"]
    assert natural.mrr >= FLOOR_NATURAL["mrr"]


@pytest.mark.parametrize(
    ("batch", "floor"),
    [
        (SECOND_BATCH, FLOOR_SECOND_BATCH),
        (THIRD_BATCH, FLOOR_THIRD_BATCH),
        (FOURTH_BATCH, FLOOR_FOURTH_BATCH),
        (FIFTH_BATCH, FLOOR_FIFTH_BATCH),
    ],
)
def test_later_batches_stay_above_their_floor(
    results, batch: tuple[str, str], floor: dict[str, float]
) -> None:
    queries = load_queries(RELEVANCE / "queries.yaml")
    assert sum(batch[0] <= q.id <= batch[1] for q in queries) == 50
    means = _means(results["Praxisfinder"], KINDS, batch)
    assert means.ndcg >= floor["ndcg"]
    assert means.recall >= floor["recall"]
    assert means.mrr >= floor["mrr"]


def test_beats_both_baselines(results) -> None:
    ours = _means(results["Praxisfinder"], FLOOR_KINDS).ndcg
    assert ours > _means(results["Substring"], FLOOR_KINDS).ndcg + 0.2
    assert ours > _means(results["Whoosh de"], FLOOR_KINDS).ndcg + 0.2


# -- the held-out split -----------------------------------------------------------------


def test_at_least_a_third_of_all_queries_is_held_out() -> None:
    queries = load_queries(RELEVANCE / "queries.yaml")
    assert 3 * sum(q.held_out for q in queries) >= len(queries)


@pytest.mark.parametrize("kind", KINDS)
def test_at_least_a_third_of_each_kind_is_held_out(kind: str) -> None:
    queries = [q for q in load_queries(RELEVANCE / "queries.yaml") if q.kind == kind]
    held_out = sum(q.held_out for q in queries)
    assert held_out >= math.ceil(len(queries) / 3), (kind, held_out, len(queries))
    assert held_out < len(queries)  # every kind also has tuning queries


def test_held_out_flag_is_read_from_the_file() -> None:
    raw = yaml.safe_load((RELEVANCE / "queries.yaml").read_text(encoding="utf-8"))["queries"]
    flagged = {item["id"] for item in raw if item.get("held_out") is True}
    queries = load_queries(RELEVANCE / "queries.yaml")
    assert {q.id for q in queries if q.held_out} == flagged
    assert {q.part for q in queries} == set(PARTS)


def test_parts_are_scored_separately(results) -> None:
    for engine, result in results.items():
        assert set(result["parts"]) == set(PARTS), engine
        for part in PARTS:
            members = [(q, s) for q, _, s in result["queries"].values() if q.part == part]
            expected = mean_scores(s for _, s in members)
            assert result["parts"][part]["overall"] == pytest.approx(expected)
            for kind in {q.kind for q, _ in members}:
                by_kind = mean_scores(s for q, s in members if q.kind == kind)
                assert result["parts"][part][kind] == pytest.approx(by_kind)


def test_report_has_a_table_per_part_with_every_engine(results) -> None:
    report = format_report(results)
    queries = load_queries(RELEVANCE / "queries.yaml")
    held = sum(q.held_out for q in queries)
    for title in (
        f"All queries ({len(queries)} queries)",
        f"Tuning part ({len(queries) - held} queries)",
        f"Held-out part ({held} queries)",
    ):
        assert title in report
    assert report.count("| overall |") == 3
    assert report.count("| natural |") == 3
    assert report.count("Substring nDCG@10") == 3 and report.count("Whoosh de MRR") == 3
    assert "Queries with nothing relevant in the top 10 (Praxisfinder)" in report


def test_report_lists_queries_without_a_relevant_hit(results) -> None:
    # Praxisfinder misses none of these queries at the moment; a baseline misses many.
    substring_only = {"Substring": results["Substring"]}
    report = format_report(substring_only)
    misses = [q for q, _, s in results["Substring"]["queries"].values() if s.mrr == 0]
    assert misses
    assert f"(Substring): {len(misses)}" in report
    for query in misses:
        assert f"- {query.id} [{query.kind}, {query.part}] " in report


def test_eval_command_prints_table_with_baselines() -> None:
    result = CliRunner().invoke(
        cli, ["eval", str(RELEVANCE / "queries.yaml"), "--kb", str(RELEVANCE / "kb")]
    )
    assert result.exit_code == 0, result.output
    assert "| overall |" in result.output
    assert "Substring nDCG@10" in result.output and "Whoosh de nDCG@10" in result.output
    assert "Tuning part (" in result.output and "Held-out part (" in result.output
    assert "Queries with nothing relevant" in result.output


# -- validate.py ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate", RELEVANCE / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_validate_accepts_the_relevance_set(validate) -> None:
    errors, summary = validate.check(RELEVANCE)
    assert errors == []
    assert any(line.startswith("held out: ") for line in summary)


def _break_held_out(queries: list[dict], how: str) -> None:
    if how == "not a boolean":
        queries[0]["held_out"] = "yes"
    elif how == "misspelt key":
        queries[1]["heldout"] = True
    elif how == "too few in a kind":
        for q in queries:
            if q["kind"] == "natural":
                q.pop("held_out", None)
    elif how == "too few overall":
        for q in queries:
            q.pop("held_out", None)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("not a boolean", "q001: held_out must be true or false, not 'yes'"),
        ("misspelt key", "q002: unknown keys ['heldout']"),
        ("too few in a kind", "kind natural: only 0 of "),
        ("too few overall", "only 0 of "),
    ],
)
def test_validate_checks_the_held_out_flag(validate, tmp_path, how: str, message: str) -> None:
    shutil.copytree(RELEVANCE / "kb", tmp_path / "kb")
    doc = yaml.safe_load((RELEVANCE / "queries.yaml").read_text(encoding="utf-8"))
    _break_held_out(doc["queries"], how)
    (tmp_path / "queries.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    errors, _ = validate.check(tmp_path)
    assert any(error.startswith(message) for error in errors), errors
