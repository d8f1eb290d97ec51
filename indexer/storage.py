"""Index directory layout: generations of Whoosh indexes behind an atomic pointer file.

.index/CURRENT        name of the active generation (replaced atomically)
.index/gen-…/         one complete Whoosh index plus praxisfinder.json
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

POINTER_FILE = "CURRENT"
META_FILE = "praxisfinder.json"
LOCK_FILE = ".build.lock"
GENERATION_PREFIX = "gen-"
PARTIAL_SUFFIX = ".partial"


class IndexLockedError(Exception):
    """Another process is writing the index."""


def read_pointer(index_dir: Path) -> Path | None:
    """The active generation directory, or None when no index has been built."""
    try:
        name = (Path(index_dir) / POINTER_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = Path(index_dir) / name
    return path if name and path.is_dir() else None


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(path: Path) -> None:
    """Flush every file below `path` to disk (Whoosh itself never fsyncs)."""
    for root, _, files in os.walk(path):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file so readers see either the old or the new content, never a mix."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """`atomic_write_text` for bytes."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def new_generation_dir(index_dir: Path) -> tuple[Path, Path]:
    """(partial dir to build in, final dir name): a crash leaves only a `.partial` dir."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    final = Path(tempfile.mkdtemp(prefix=f"{GENERATION_PREFIX}{stamp}-", dir=index_dir))
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    final.rename(partial)
    return partial, final


def publish_generation(index_dir: Path, partial: Path, final: Path) -> None:
    """Make a fully written generation the active one, atomically."""
    fsync_tree(partial)
    partial.rename(final)
    fsync_dir(Path(index_dir))
    atomic_write_text(Path(index_dir) / POINTER_FILE, final.name + "\n")


def remove_stale(index_dir: Path, keep: int = 2) -> None:
    """Delete partial builds and all but the newest `keep` generations.

    The previous generation stays so that a reader that opened it just before the swap
    can finish its query.
    """
    index_dir = Path(index_dir)
    active = read_pointer(index_dir)
    generations = sorted(
        (p for p in index_dir.glob(f"{GENERATION_PREFIX}*") if p.is_dir()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    finished = []
    for path in generations:
        if path.name.endswith(PARTIAL_SUFFIX):
            shutil.rmtree(path, ignore_errors=True)
        elif path != active:
            finished.append(path)
    for path in finished[keep - 1 :]:
        shutil.rmtree(path, ignore_errors=True)


def read_meta(generation: Path) -> dict[str, Any]:
    try:
        return json.loads((generation / META_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_meta(generation: Path, meta: dict[str, Any]) -> None:
    atomic_write_text(generation / META_FILE, json.dumps(meta, indent=2, ensure_ascii=False))


@contextlib.contextmanager
def file_lock(
    path: Path, timeout: float, on_timeout: Callable[[], Exception], poll: float = 0.1
) -> Iterator[None]:
    """An exclusive `fcntl` lock on `path` across threads and processes; waits up to
    `timeout` seconds, then raises `on_timeout()`."""
    with open(path, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise on_timeout() from exc
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def build_lock(index_dir: Path, timeout: float = 60.0) -> Iterator[None]:
    """One builder at a time per index directory (waits up to `timeout` seconds)."""
    Path(index_dir).mkdir(parents=True, exist_ok=True)

    def busy() -> Exception:
        return IndexLockedError(
            f"Der Index {index_dir} wird gerade von einem anderen Prozess geschrieben."
        )

    with file_lock(Path(index_dir) / LOCK_FILE, timeout, busy):
        yield
