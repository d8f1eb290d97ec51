"""The app as a subprocess and the system Chromium to look at it, for the browser tests
and `scripts/screenshots.py`.

Chromium comes from Debian (`apt-get install chromium`); Playwright's own browser
download (`playwright install`) is never used.
"""

from __future__ import annotations

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


class AppDidNotStart(RuntimeError):
    """The app exited or did not answer its health check in time; carries its output."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def running_app(kb: Path, index: Path, timeout: float = 90.0) -> Iterator[str]:
    """The app (`make run`) on a free port; yields its base URL once it is healthy."""
    env = {"PRAXISFINDER_KB": str(kb), "PRAXISFINDER_INDEX": str(index)}
    with running_script("app.py", env, timeout) as base:
        yield base


@contextlib.contextmanager
def running_script(script: str | Path, env: dict[str, str], timeout: float = 90.0) -> Iterator[str]:
    """`streamlit run SCRIPT` (relative to the repository) on a free port, with `env` added
    to the environment; yields its base URL once it is healthy.

    Started as `make run` starts it: through `praxisfinder_app.serve`, which serves
    Streamlit's frontend in German."""
    port = free_port()
    env = {**os.environ, **env}
    command = [
        sys.executable, "-m", "praxisfinder_app.serve", str(script),
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
                    output = log.read().decode(errors="replace")
                    raise AppDidNotStart(f"{script} did not start. Its output:\n{output}")
                time.sleep(0.25)
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
