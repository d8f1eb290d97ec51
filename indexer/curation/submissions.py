"""Proposals from municipalities ("Beispiel vorschlagen", "Änderung vorschlagen").

A submission waits in a queue outside the knowledge base and outside git (it may hold a
name and an e-mail address, which must be deletable): one JSON file per submission in
`.praxisfinder/submissions/` (or `$PRAXISFINDER_SUBMISSIONS`). Advisers turn it into a
draft entry or reject it; either way the file, and the contact with it, is deleted.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.model import TEMPLATE_SECTIONS
from indexer.storage import atomic_write_text
from indexer.taxonomy import Taxonomy

log = logging.getLogger(__name__)

ENV_SUBMISSIONS = "PRAXISFINDER_SUBMISSIONS"
DEFAULT_DIR = Path(".praxisfinder") / "submissions"
KIND_NEW = "neu"
KIND_CHANGE = "aenderung"
# Characters per field; a submission is a proposal, not the finished entry.
MAX_CHARS = {
    "title": 200,
    "municipality": 100,
    "district": 100,
    "summary": 1_000,
    "description": 20_000,
    "name": 100,
    "email": 254,
}
MAX_THEMES = 3
_ID = re.compile(r"^[0-9a-f]{16}$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SubmissionError(Exception):
    """Invalid input; `errors` maps a form field to its German message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Submission:
    id: str
    kind: str  # KIND_NEW or KIND_CHANGE
    created: str  # ISO timestamp (UTC)
    title: str
    summary: str
    description: str
    municipality: str = ""
    district: str = ""
    themes: tuple[str, ...] = ()
    entry: str | None = None  # the slug a change proposal is about
    name: str = ""  # contact, only with consent
    email: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def submissions_dir(directory: Path | None = None) -> Path:
    return Path(directory or os.environ.get(ENV_SUBMISSIONS) or DEFAULT_DIR)


def _clean(value: Any) -> str:
    text = value if isinstance(value, str) else ""
    return _CONTROL.sub("", text.replace("\r\n", "\n")).strip()


def make_submission(
    form: Mapping[str, Any], taxonomy: Taxonomy, *, kind: str = KIND_NEW, entry: str | None = None
) -> Submission:
    """Check a submitted form; raises `SubmissionError` with a message per field.

    Name and e-mail are kept only when `consent` is true.
    """
    values = {name: _clean(form.get(name)) for name in MAX_CHARS}
    errors: dict[str, str] = {}
    for name, limit in MAX_CHARS.items():
        if len(values[name]) > limit:
            errors[name] = f"Höchstens {limit} Zeichen (jetzt {len(values[name])})."
    required = ("title", "summary", "municipality") if kind == KIND_NEW else ("description",)
    for name in required:
        if not values[name]:
            errors.setdefault(name, "Bitte ausfüllen.")
    themes = [t for t in form.get("themes") or [] if isinstance(t, str)]
    if kind == KIND_NEW:  # what a draft entry needs, so that it can be made in one click
        if values["district"] not in (*taxonomy.districts, taxonomy.statewide):
            errors["district"] = "Bitte einen Kreis aus der Liste wählen."
        if not themes:
            errors["themes"] = "Bitte mindestens ein Thema wählen."
    if len(themes) > MAX_THEMES:
        errors["themes"] = f"Höchstens {MAX_THEMES} Themen."
    if any(t not in taxonomy.theme_names for t in themes):
        errors["themes"] = "Bitte nur Themen aus der Liste wählen."
    consent = form.get("consent") is True
    # the pattern only on an address of a possible length (quadratic on "a@....@")
    if consent and values["email"] and "email" not in errors and not _EMAIL.match(values["email"]):
        errors["email"] = "Bitte eine gültige E-Mail-Adresse angeben (name@beispiel.de)."
    if (values["name"] or values["email"]) and not consent:
        errors["consent"] = (
            "Name und E-Mail speichern wir nur mit Ihrer Einwilligung: bitte ankreuzen "
            "oder die beiden Felder leeren."
        )
    if errors:
        raise SubmissionError(errors)
    return Submission(
        id=secrets.token_hex(8),
        kind=kind,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        title=values["title"],
        summary=values["summary"],
        description=values["description"],
        municipality=values["municipality"],
        district=values["district"],
        themes=tuple(themes),
        entry=entry,
        name=values["name"] if consent else "",
        email=values["email"] if consent else "",
    )


def _path(directory: Path, submission_id: str) -> Path:
    if not _ID.match(submission_id or ""):
        raise SubmissionError({"id": "Unbekannter Vorschlag."})
    return directory / f"{submission_id}.json"


def store(submission: Submission, directory: Path | None = None) -> Path:
    """Write the submission atomically, readable by the app's user only."""
    folder = submissions_dir(directory)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _path(folder, submission.id)
    old_mask = os.umask(0o077)
    try:
        atomic_write_text(path, json.dumps(asdict(submission), ensure_ascii=False, indent=1))
    finally:
        os.umask(old_mask)
    return path


def pending(directory: Path | None = None) -> list[Submission]:
    """Every waiting submission, oldest first; unreadable files are logged and skipped."""
    folder = submissions_dir(directory)
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["themes"] = tuple(data.get("themes") or ())
            found.append(Submission(**data))
        except (OSError, ValueError, TypeError) as exc:
            log.warning("skipping unreadable submission %s: %s", path.name, exc)
    return sorted(found, key=lambda s: s.created)


def get(submission_id: str, directory: Path | None = None) -> Submission | None:
    return next((s for s in pending(directory) if s.id == submission_id), None)


def delete(submission_id: str, directory: Path | None = None) -> bool:
    """Remove a submission and the contact in it; True if it existed."""
    try:
        _path(submissions_dir(directory), submission_id).unlink()
    except FileNotFoundError:
        return False
    return True


def draft_fields(submission: Submission, taxonomy: Taxonomy) -> tuple[dict[str, Any], str]:
    """Front-matter fields and a body for a draft entry made from a submission."""
    district = submission.district
    if district not in (*taxonomy.districts, taxonomy.statewide):
        district = ""
    fields: dict[str, Any] = {
        "title": submission.title,
        "summary": submission.summary,
        "type": "Praxisbeispiel" if "Praxisbeispiel" in taxonomy.type_names else "",
        "themes": list(submission.themes),
        "municipality": submission.municipality,
        "district": district,
        "year": dt.date.today().year,
        "status": "entwurf",
    }
    sections = [f"## {TEMPLATE_SECTIONS[0]}\n\n{submission.description or '…'}"]
    sections += [f"## {name}\n\n…" for name in TEMPLATE_SECTIONS[1:]]
    return fields, "\n\n".join(sections)
