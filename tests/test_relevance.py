"""Search quality on the relevance set stays at or above the measured floor."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.evaluation import KINDS, evaluate, load_queries

RELEVANCE = Path(__file__).parent / "relevance"
# Measured with this code (README, "Search quality"); a change that lowers them fails.
FLOOR_OVERALL = {"ndcg": 0.90, "recall": 0.87, "mrr": 0.97}
FLOOR_PER_KIND_NDCG = 0.82


@pytest.fixture(scope="module")
def results():
    return evaluate(RELEVANCE / "queries.yaml", RELEVANCE / "kb")


def test_relevance_set_is_large_and_covers_every_kind() -> None:
    queries = load_queries(RELEVANCE / "queries.yaml")
    assert len(queries) >= 60
    assert len(list((RELEVANCE / "kb" / "entries").glob("*.md"))) >= 40
    assert {q.kind for q in queries} == set(KINDS)
    assert all(any(g == 2 for g in q.judgments.values()) for q in queries)


def test_overall_scores_stay_above_floor(results) -> None:
    overall = results["Praxisfinder"]["means"]["overall"]
    assert overall.ndcg >= FLOOR_OVERALL["ndcg"]
    assert overall.recall >= FLOOR_OVERALL["recall"]
    assert overall.mrr >= FLOOR_OVERALL["mrr"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_stays_above_floor(results, kind: str) -> None:
    assert results["Praxisfinder"]["means"][kind].ndcg >= FLOOR_PER_KIND_NDCG


def test_beats_both_baselines(results) -> None:
    ours = results["Praxisfinder"]["means"]["overall"].ndcg
    assert ours > results["Substring"]["means"]["overall"].ndcg + 0.2
    assert ours > results["Whoosh de"]["means"]["overall"].ndcg + 0.2


def test_eval_command_prints_table_with_baselines() -> None:
    result = CliRunner().invoke(
        cli, ["eval", str(RELEVANCE / "queries.yaml"), "--kb", str(RELEVANCE / "kb")]
    )
    assert result.exit_code == 0, result.output
    assert "| overall |" in result.output
    assert "Substring nDCG@10" in result.output and "Whoosh de nDCG@10" in result.output
    assert "Queries with nothing relevant" in result.output
