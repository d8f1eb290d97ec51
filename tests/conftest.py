"""Shared test setup: a skipped test fails the run (CI must never pass on skips)."""

from __future__ import annotations

import os

import pytest


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
