"""Shared test setup: a skipped test fails the run (CI must never pass on skips); one
index of the relevance corpus for the modules that only search it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.building import build_index
from indexer.searching import Index

RELEVANCE_KB = Path(__file__).resolve().parent / "relevance" / "kb"


@pytest.fixture(scope="session")
def relevance_index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The relevance corpus's index, built once per run; only for searching it (tests that
    change an index or look into its caches build their own)."""
    path = tmp_path_factory.mktemp("relevance") / "index"
    build_index(RELEVANCE_KB, path)
    return Index.open(path, RELEVANCE_KB)


# Test files that take minutes. They run first, so that no worker of `make test`
# (pytest-xdist, whole files per worker) is left with one of them when the rest are done.
SLOW_FIRST = ("test_relevance.py", "test_counts_predict_results.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.path.name not in SLOW_FIRST)  # stable: order kept within


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and os.environ.get("PRAXISFINDER_ALLOW_SKIPS") != "1":
        if reporter:
            reporter.write_line(
                f"FAILED: {skipped} test(s) skipped; skips are failures here "
                "(set PRAXISFINDER_ALLOW_SKIPS=1 only for local debugging).",
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
