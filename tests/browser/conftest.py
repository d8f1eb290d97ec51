"""Fixtures of every browser test module: Playwright and Debian's Chromium, one per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from app_server import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Browser, Playwright, sync_playwright


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
