"""Entry files on disk: which files are entries, and reading them safely.

Only regular files are read (never a FIFO, a device or a directory), a symlink only when it
stays inside the knowledge base, and never more than `LIMITS.max_file_bytes`. Anything
else becomes a `Problem` for that file; the other files are read as usual.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer.file_stamps import FileStamps
from indexer.limits import LIMITS
from indexer.model import Problem

log = logging.getLogger(__name__)

ENTRIES_DIR = "entries"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SourceError(Exception):
    """A file that cannot be read as an entry; the message is German."""


@dataclass(frozen=True)
class SourceFile:
    """An entry file found on disk, before parsing."""

    path: Path
    rel: str  # for messages and the index: relative to the kb, always printable
    slug: str
    checksum: str
    kb_dir: Path  # symlinks may point anywhere below it, nowhere else


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path: Path, kb_dir: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of one entry file; raises `SourceError` for anything but a regular file
    inside the knowledge base of at most `max_bytes`."""
    limit = LIMITS.max_file_bytes if max_bytes is None else max_bytes
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError as exc:
            raise SourceError("Die Verknüpfung (Symlink) zeigt auf keine Datei.") from exc
        except (OSError, RuntimeError) as exc:  # a loop of links
            raise SourceError("Die Verknüpfung (Symlink) lässt sich nicht auflösen.") from exc
        if not target.is_relative_to(Path(kb_dir).resolve()):
            raise SourceError(
                "Die Verknüpfung (Symlink) zeigt auf eine Datei außerhalb der Wissensbasis; "
                "sie wird nicht gelesen."
            )
    try:
        # O_NONBLOCK: opening a FIFO never waits for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        log.warning("cannot open %s: %s", path, exc)
        raise SourceError(_os_message(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("Keine gewöhnliche Datei (z. B. ein Gerät oder eine Pipe).")
        if info.st_size > limit:
            raise SourceError(_too_large(info.st_size, limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while being read
            raise SourceError(_too_large(size, limit))
        return b"".join(chunks)
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc)
        raise SourceError(_os_message(exc)) from exc
    finally:
        os.close(fd)


def _too_large(size: int, limit: int) -> str:
    return (
        f"Die Datei ist mit {size:,} Bytes größer als erlaubt ({limit:,} Bytes); sie wird "
        "übersprungen. Bitte kürzen oder in mehrere Einträge teilen."
    ).replace(",", ".")


def _os_message(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "Die Datei darf nicht gelesen werden (fehlende Leserechte)."
    if exc.errno == errno.EISDIR:
        return "Das ist ein Verzeichnis, keine Datei."
    return "Die Datei kann nicht gelesen werden."


def printable_path(path: str) -> str:
    """A path for messages: undecodable bytes of a file name become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _candidates(root: Path) -> list[tuple[Path, str]]:
    """Every `*.md` below `root` that is not a directory, with its path relative to
    `root`, nearest to `root` first.

    Directories are walked without following symlinks (no loops, nothing outside); the
    order decides which of two files with the same slug counts (see `scan_entry_files`).
    """
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        below = os.path.relpath(folder, root)
        prefix = "" if below == "." else below.replace(os.sep, "/") + "/"
        base = Path(folder)
        found += [(base / name, prefix + name) for name in files if name.endswith(".md")]
    return sorted(found, key=lambda item: (item[1].count("/"), item[1]))


def scan_entry_files(
    kb_dir: Path, stamps: FileStamps | None = None, *, read: bool = True
) -> tuple[list[SourceFile], list[Problem]]:
    """List entry files with checksums; report unreadable files and bad or duplicate slugs.

    Of two files with the same slug, the one nearer to `entries/` (fewer sub-folders),
    then the first in alphabetical order of its path, is indexed; both are reported.
    With `stamps`, a file surely unchanged since they were taken is not read again, and
    the stamps of this scan are recorded in them. Without `read`, files are listed
    unread, with an empty checksum: whoever reads them reports unreadable ones and
    passes the checksums to `stamps.remember_read`.
    """
    kb_dir = Path(kb_dir)
    root = kb_dir / ENTRIES_DIR
    problems: list[Problem] = []
    found: dict[str, SourceFile] = {}
    if stamps is not None:
        stamps.begin()
    for path, below in _candidates(root) if root.is_dir() else []:
        rel = printable_path(f"{ENTRIES_DIR}/{below}")
        slug = below.rsplit("/", 1)[-1][: -len(".md")]
        if not SLUG_RE.match(slug):
            hint = re.sub(r"[^a-z0-9]+", "-", _ascii_fold(printable_path(slug)).lower())
            problems.append(
                Problem(
                    rel,
                    1,
                    f"Ungültiger Dateiname „{printable_path(path.name)}“: erlaubt sind nur "
                    f"Kleinbuchstaben a–z, Ziffern und Bindestriche (Vorschlag: "
                    f"„{hint.strip('-') or 'eintrag'}.md“).",
                    code="invalid-slug",
                )
            )
            continue
        first = found.get(slug)
        if first is not None:
            problems.append(
                Problem(
                    rel,
                    1,
                    f"Doppelter Slug „{slug}“: Der Name ist schon durch {first.rel} belegt; "
                    "diese Datei wird nicht indexiert. Bitte eine der Dateien umbenennen.",
                    code="duplicate-slug",
                )
            )
            problems.append(
                Problem(
                    first.rel,
                    1,
                    f"Der Slug „{slug}“ ist auch durch {rel} belegt; indexiert wird diese "
                    "Datei (die näher an entries/ liegt bzw. alphabetisch vorn).",
                    "warning",
                    "duplicate-slug",
                )
            )
            continue
        info = _regular_file_stat(path) if stamps is not None else None
        checksum = stamps.checksum(rel, info) if stamps is not None and info else None
        if checksum is None and not read:
            if stamps is not None and info is not None:
                stamps.remember_later(rel, info)
            found[slug] = SourceFile(path, rel, slug, "", kb_dir)
            continue
        if checksum is None:
            try:
                checksum = file_checksum(read_source(path, kb_dir))
            except SourceError as exc:
                problems.append(Problem(rel, None, str(exc), code="unreadable"))
                continue
        if stamps is not None and info is not None:
            stamps.remember(rel, info, checksum)  # the stamp from before the file was read
        found[slug] = SourceFile(path, rel, slug, checksum, kb_dir)
    return list(found.values()), problems


def _regular_file_stat(path: Path) -> os.stat_result | None:
    """The stat of a regular file within the size limit (not a symlink), else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISREG(info.st_mode) and info.st_size <= LIMITS.max_file_bytes:
        return info
    return None


def _ascii_fold(text: str) -> str:
    text = text.replace("ß", "ss")
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe")):
        text = text.replace(umlaut, ascii_)
    text = text.replace("Ü", "Ue")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
