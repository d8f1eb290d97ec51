"""The entry type and the problem type reported by validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]

REQUIRED_FIELDS = ("title", "summary", "type", "themes", "municipality", "district", "year")
OPTIONAL_FIELDS = (
    "funding",
    "tags",
    "target_groups",
    "partners",
    "contact",
    "links",
    "population",
    "status",
    "updated",
    "aliases",
    "attachments",
)
LIST_FIELDS = ("themes", "funding", "tags", "target_groups", "partners", "links", "aliases")
# The recommended body sections of an entry, in order (not enforced).
TEMPLATE_SECTIONS = (
    "Ausgangslage",
    "Vorgehen",
    "Ergebnisse",
    "Erfolgsfaktoren und Stolpersteine",
    "Übertragbarkeit",
    "Kontakt",
)
STATUS_PUBLISHED = "veröffentlicht"
STATUS_DRAFT = "entwurf"
STATUS_REVIEW = "in_pruefung"  # submitted for review; like a draft, invisible to the public
STATUSES = (STATUS_DRAFT, STATUS_REVIEW, STATUS_PUBLISHED)


@dataclass(frozen=True)
class Problem:
    """One validation finding; `message` is German because users read it."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"
    code: str = "invalid"
    field: str | None = None  # the front-matter key it is about, for messages next to a field

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "Fehler" if self.severity == "error" else "Warnung"
        return f"{where}: {label}: {self.message}"


@dataclass(frozen=True)
class Entry:
    """A validated knowledge-base entry: front-matter fields plus Markdown body."""

    slug: str
    path: str
    fields: dict[str, Any]
    body: str
    checksum: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.fields["title"]

    @property
    def status(self) -> str:
        return self.fields.get("status", STATUS_PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.status == STATUS_PUBLISHED

    def front_matter(self) -> dict[str, Any]:
        """All front-matter fields, known and unknown, as JSON-friendly values."""
        return {**self.fields, **self.extra}


def relative_path(path: Path, root: Path) -> str:
    """A path for messages: relative to the knowledge base root when possible."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()
