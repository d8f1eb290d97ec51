"""Documents attached to entries: where they live (`kb/files/`) and whether they are there."""

from __future__ import annotations

import dataclasses
import re
import stat
from pathlib import Path

from indexer.model import Entry, Problem

FILES_DIR = "files"
_KEY_LINE = re.compile(r"^attachments\s*:", re.MULTILINE)


def attachment_path(kb_dir: Path, name: str) -> Path:
    """The file of an attachment name (validated by loading: no "..", no absolute path)."""
    return Path(kb_dir) / FILES_DIR / name


def present(kb_dir: Path, name: str) -> bool:
    """A regular file under `kb/files/` (a symlink only when it stays there)."""
    path = attachment_path(kb_dir, name)
    root = (Path(kb_dir) / FILES_DIR).resolve()
    try:
        target = path.resolve(strict=True)
        return target.is_relative_to(root) and stat.S_ISREG(target.stat().st_mode)
    except (OSError, RuntimeError):
        return False


def check_present(entry: Entry, kb_dir: Path, text: str) -> tuple[Entry, list[Problem]]:
    """The entry without attachments whose file is missing, and a warning for each."""
    attachments = entry.fields.get("attachments") or []
    if not attachments:
        return entry, []
    match = _KEY_LINE.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    kept, problems = [], []
    for attachment in attachments:
        if present(kb_dir, attachment["file"]):
            kept.append(attachment)
        else:
            problems.append(
                Problem(
                    entry.path,
                    line,
                    f"Der Anhang „{attachment['file']}“ fehlt unter kb/{FILES_DIR}/ (oder ist "
                    "keine gewöhnliche Datei); er wird übergangen.",
                    "warning",
                    "attachment-missing",
                    "attachments",
                )
            )
    if not problems:
        return entry, []
    fields = {**entry.fields, "attachments": kept}
    return dataclasses.replace(entry, fields=fields), problems
