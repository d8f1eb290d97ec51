"""Take the README screenshots from the real app: docs/landing.png, results.png, entry.png.

Starts `streamlit run app.py` on a free port against the knowledge base (default `kb/`,
with a fresh index in a temporary directory) and photographs three views with Playwright
driving Debian's Chromium (`apt-get install chromium`; never `playwright install`).

    python scripts/screenshots.py [--kb kb] [--out docs]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTH = 1280
MAX_HEIGHT = 2200
# (file name, address, how much of the page to show)
SHOTS = [
    ("landing.png", "/", MAX_HEIGHT),
    ("results.png", "/?q=Ehrenamt&thema=Verwaltung", 1500),
    (
        "entry.png",
        "/?eintrag=leitfaden-von-der-fluechtlingshilfe-zur-verankerten-integrationsarbeit",
        MAX_HEIGHT,
    ),
]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(kb: Path, index: Path, timeout: float = 90.0) -> Iterator[str]:
    """The app as a subprocess; yields its base URL once /_stcore/health answers "ok"."""
    port = free_port()
    env = {**os.environ, "PRAXISFINDER_KB": str(kb), "PRAXISFINDER_INDEX": str(index)}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while not healthy(base):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    sys.exit("The app did not start:\n" + log.read().decode(errors="replace"))
                time.sleep(0.25)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


def photograph(page: Page, url: str, path: Path, max_height: int) -> None:
    """The whole view up to `max_height` pixels (Streamlit scrolls inside the page)."""
    page.set_viewport_size({"width": WIDTH, "height": 900})
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_timeout(1500)  # charts and fonts
    height = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
        " return main ? main.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": WIDTH, "height": min(int(height), max_height)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=REPO / "kb", help="knowledge base directory")
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="output directory")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_app(args.kb.resolve(), Path(tmp)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="de-DE")
        for name, address, max_height in SHOTS:
            photograph(page, base + address, args.out / name, max_height)
            print(args.out / name)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
