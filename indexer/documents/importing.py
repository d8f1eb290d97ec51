"""`python -m indexer import`: put documents under `kb/files/` and attach them to an entry,
or start a draft entry from what a document says about itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.curation import history
from indexer.curation.entry_files import (
    SaveError,
    entry_path,
    kb_write_lock,
    read_text,
    render_entry,
    slugify,
    unique_slug,
)
from indexer.documents.attachments import FILES_DIR
from indexer.documents.limits import DOCUMENT_LIMITS, german_number
from indexer.documents.sandbox import extract_file, kind_of
from indexer.loading import parse_entry
from indexer.model import STATUS_DRAFT, TEMPLATE_SECTIONS
from indexer.sources import ENTRIES_DIR
from indexer.storage import atomic_write_text
from indexer.taxonomy import load_taxonomy

AUTHOR = ("Praxisfinder (Kommandozeile)", "kommandozeile")
DRAFT_TYPE = "Konferenzdokumentation"


@dataclass
class ImportReport:
    """What the import did; `lines` are German, for the terminal."""

    files: list[str] = field(default_factory=list)  # names under kb/files/
    entry: str | None = None
    created: bool = False
    lines: list[str] = field(default_factory=list)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_file(kb_dir: Path, source: Path) -> str:
    """Copy a document to `kb/files/` under a safe name; an identical file is reused."""
    kind = kind_of(source)
    if kind is None or not source.is_file():
        raise SaveError(f"„{source.name}“ ist keine unterstützte Datei (PDF, DOCX, PPTX, HTML, …).")
    limit = DOCUMENT_LIMITS.max_file_bytes
    if source.stat().st_size > limit:  # it could never be read: keep it out of the kb
        raise SaveError(
            f"„{source.name}“ ist größer als erlaubt ({german_number(limit)} Bytes) und wird "
            "nicht übernommen."
        )
    folder = Path(kb_dir) / FILES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    suffix = source.suffix.lower()
    stem = slugify(source.stem)
    name, number = f"{stem}{suffix}", 2
    while (folder / name).exists():
        if _digest(folder / name) == _digest(source):
            return name
        name, number = f"{stem}-{number}{suffix}", number + 1
    shutil.copyfile(source, folder / name)
    return name


def import_documents(
    kb_dir: Path,
    files: list[Path],
    entry: str | None = None,
    author: tuple[str, str] = AUTHOR,
) -> tuple[ImportReport, list[Path]]:
    """Attach `files` to the entry `entry`, or create a draft entry for the first file;
    `author` is (display name, user name) of the commit.

    Returns the report and the entry file written (for the caller to re-index).
    """
    kb_dir = Path(kb_dir)
    taxonomy = load_taxonomy(kb_dir)
    report = ImportReport()
    with kb_write_lock(kb_dir):
        history.ensure_repository(kb_dir)
        names = [store_file(kb_dir, path) for path in files]
        report.files = names
        if entry is not None:
            path = entry_path(kb_dir, entry)
            found = read_text(path, kb_dir)
            if found is None:
                raise SaveError(f"Den Eintrag „{entry}“ gibt es nicht.")
            parsed, problems = parse_entry(found[0].encode(), path.name, entry, taxonomy)
            if parsed is None:
                raise SaveError(
                    f"Der Eintrag „{entry}“ hat Fehler; bitte zuerst beheben: "
                    + " ".join(p.message for p in problems if p.severity == "error")
                )
            fields: dict[str, Any] = parsed.front_matter()
            attached = list(fields.get("attachments") or [])
            for name in names:
                if all(a["file"] != name for a in attached):
                    attached.append({"file": name, "title": _title_of(kb_dir, name)})
            fields["attachments"] = attached
            fields["updated"] = dt.date.today().isoformat()
            atomic_write_text(path, render_entry(fields, parsed.body, found[0]))
            message = f"Eintrag „{parsed.title}“: {len(names)} Dokument(e) angehängt"
            report.entry = entry
            report.lines.append(f"An „{entry}“ angehängt: {', '.join(names)}")
        else:
            path, title = _new_draft(kb_dir, names)
            message = f"Eintrag „{title}“ aus Dokument angelegt (Entwurf)"
            report.entry, report.created = path.stem, True
            report.lines.append(
                f"Entwurf angelegt: {path.relative_to(kb_dir).as_posix()} – bitte "
                "Kurzbeschreibung, Themen, Kommune und Kreis ergänzen (bis dahin meldet "
                "„validate“ ihn als unvollständig)."
            )
        stored = [kb_dir / FILES_DIR / name for name in names]
        history.commit(
            kb_dir,
            [path, *stored],
            author_name=author[0],
            author_username=author[1],
            message=message,
        )
    return report, [path]


def _title_of(kb_dir: Path, name: str) -> str:
    """The document's own title (metadata), else its file name."""
    path = kb_dir / FILES_DIR / name
    kind = kind_of(path)
    extraction = extract_file(path, kind) if kind else None
    title = (extraction.metadata.get("title") or "").strip() if extraction else ""
    return title or name.rsplit("/", 1)[-1]


def _new_draft(kb_dir: Path, names: list[str]) -> tuple[Path, str]:
    path = kb_dir / FILES_DIR / names[0]
    kind = kind_of(path)
    extraction = extract_file(path, kind) if kind else None
    meta = extraction.metadata if extraction else {}
    title = (meta.get("title") or "").strip() or path.stem.replace("-", " ").title()
    year = _year(meta.get("date") or meta.get("created") or "")
    taken = {p.stem for p in (kb_dir / ENTRIES_DIR).rglob("*.md")}
    slug = unique_slug(title, taken)
    fields: dict[str, Any] = {
        "title": title,
        "type": DRAFT_TYPE,
        "year": year,
        "status": STATUS_DRAFT,
        "attachments": [{"file": name, "title": _title_of(kb_dir, name)} for name in names],
        "updated": dt.date.today().isoformat(),
    }
    body = "\n\n".join(f"## {section}\n\n…" for section in TEMPLATE_SECTIONS)
    target = kb_dir / ENTRIES_DIR / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, render_entry(fields, body))
    return target, title


def _year(date: str) -> int:
    match = re.search(r"(19|20)\d\d", date)
    return int(match.group(0)) if match else dt.date.today().year
