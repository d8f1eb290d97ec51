"""Checksums of entry files remembered by their file-system stamp, as git's index does.

An incremental build compares each file's checksum with the indexed one; reading and
hashing 10,000 files takes most of a second. A regular file whose size, modification
and change times, inode and device are what they were when its checksum was taken has
not changed: the change time cannot be set back by a program. A file changed in the
same clock tick as the stamps were taken could still look unchanged ("racily clean" in
git's words), so a stamp is trusted only when the file was last changed well before the
scan that took it began.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from pathlib import Path

from indexer.storage import atomic_write_text

STAMPS_FILE = "stamps.json"
FORMAT = 1
# Coarse file systems (FAT: 2 s) round modification times down by up to this much.
RACY_NS = 3_000_000_000

log = logging.getLogger(__name__)

Stamp = tuple[int, int, int, int, int]


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


class FileStamps:
    """Known checksums by relative path, with the stamp each was taken at."""

    def __init__(self, known: Mapping[str, tuple[Stamp, str]] | None = None, taken_ns: int = 0):
        self.known = dict(known or {})
        self.taken_ns = taken_ns  # when the scan that took them began
        self.fresh: dict[str, tuple[Stamp, str]] = {}
        self.pending: dict[str, os.stat_result] = {}  # stamps of files not read yet
        self.started_ns = 0

    def begin(self) -> None:
        """Start a scan: stamps taken from now on are dated from this moment."""
        self.started_ns = time.time_ns()

    def checksum(self, rel: str, info: os.stat_result) -> str | None:
        """The remembered checksum when the file is surely unchanged, else None."""
        stamp = stamp_of(info)
        known = self.known.get(rel)
        if known is None or tuple(known[0]) != stamp:
            return None
        if max(info.st_mtime_ns, info.st_ctime_ns) >= self.taken_ns - RACY_NS:
            return None  # changed too close to the last scan: read it again
        return known[1]

    def remember(self, rel: str, info: os.stat_result, checksum: str) -> None:
        self.fresh[rel] = (stamp_of(info), checksum)

    def remember_later(self, rel: str, info: os.stat_result) -> None:
        """Keep the stamp a file had before it is read elsewhere (`remember_read`)."""
        self.pending[rel] = info

    def remember_read(self, rel: str, checksum: str) -> None:
        """Record the checksum of a file kept by `remember_later` with that stamp."""
        info = self.pending.pop(rel, None)
        if info is not None:
            self.remember(rel, info, checksum)


def load_stamps(generation: Path) -> FileStamps:
    """The stamps recorded in a generation; none when missing or unreadable."""
    try:
        data = json.loads((generation / STAMPS_FILE).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return FileStamps()
        known = {rel: (tuple(stamp), checksum) for rel, (stamp, checksum) in data["files"].items()}
        return FileStamps(known, int(data["taken_ns"]))
    except FileNotFoundError:
        return FileStamps()
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("ignoring unreadable %s: %s", generation / STAMPS_FILE, exc)
        return FileStamps()


def save_stamps(generation: Path, stamps: FileStamps) -> None:
    """Record the stamps of the scan just made (written atomically; a cache only)."""
    data = {"format": FORMAT, "taken_ns": stamps.started_ns, "files": stamps.fresh}
    try:
        atomic_write_text(generation / STAMPS_FILE, json.dumps(data, separators=(",", ":")))
    except OSError as exc:
        log.warning("cannot write %s: %s", generation / STAMPS_FILE, exc)
