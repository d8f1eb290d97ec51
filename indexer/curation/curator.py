"""Saving entries from the app: write the file, commit it, update the index — one place.

Every change (create, edit, status change, delete, restore) follows the same steps under
one lock per knowledge base: check the user's right, write the file atomically (refusing
when it changed since the form was opened), commit it with the adviser as author, and
bring the index up to date, so that the public search shows the change at once.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indexer.building import build_index, update_files
from indexer.curation import history, submissions
from indexer.curation.accounts import User
from indexer.curation.entry_files import (
    Conflict,
    Invalid,
    SaveError,
    check_slug,
    entry_path,
    kb_write_lock,
    read_text,
    render_entry,
    split_entry,
    today,
    unique_slug,
    write_entry,
)
from indexer.curation.settings import Settings, load_settings
from indexer.curation.workflow import ACTIONS, SUBMIT, WorkflowError, check, may_edit
from indexer.loading import parse_entry
from indexer.model import STATUS_DRAFT, Problem
from indexer.searching import Index, IndexNotFoundError
from indexer.sources import ENTRIES_DIR, scan_entry_files
from indexer.storage import IndexLockedError, atomic_write_text
from indexer.taxonomy import TAXONOMY_FILE, Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

TRASH_DIR = "papierkorb"  # inside the knowledge base, outside entries/: kept in git, not indexed
INDEX_WAIT = 300.0  # seconds a save waits for a running build before the index catches up later


SUMMARY_CACHE = 100_000
# (kb, file, checksum, taxonomy mtime) → (title, status, updated, problems), for overview()
_SUMMARIES: dict[tuple[str, str, str, int], tuple[str, str, str, tuple[Problem, ...]]] = {}


@dataclass(frozen=True)
class Outcome:
    """What a change did, for the app: `message` is German."""

    slug: str
    message: str
    warnings: tuple[Problem, ...] = ()
    checksum: str | None = None  # the file's checksum now, for the next edit
    indexed: bool = True  # False: saved, but the index is updated by the next build


@dataclass(frozen=True)
class EditState:
    """An entry as the editor opens it (drafts included)."""

    slug: str
    fields: dict[str, Any]
    body: str
    checksum: str
    status: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class FileInfo:
    """One entry file for the "Redaktion" overview."""

    slug: str
    path: str
    title: str
    status: str
    updated: str
    problems: tuple[Problem, ...]
    changed_by: str = ""  # who committed the latest change (from git), if known
    changed_at: datetime | None = None


class Curator:
    """Changes to the knowledge base on behalf of signed-in users."""

    def __init__(self, kb_dir: Path, index_dir: Path, settings: Settings | None = None):
        self.kb_dir = Path(kb_dir)
        self.index_dir = Path(index_dir)
        self.settings = settings or load_settings()

    @functools.cached_property
    def taxonomy(self) -> Taxonomy:
        """Read once per Curator (the app makes one per page run)."""
        return load_taxonomy(self.kb_dir)

    # -- reading ----------------------------------------------------------------------------

    def open(self, slug: str) -> EditState | None:
        """The entry with this slug as the editor needs it, or None."""
        path = entry_path(self.kb_dir, slug)
        found = read_text(path, self.kb_dir)
        if found is None:
            return None
        text, checksum = found
        rel = path.relative_to(self.kb_dir).as_posix()
        entry, problems = parse_entry(text.encode("utf-8"), rel, slug, self.taxonomy)
        if entry is not None:
            fields, body = entry.front_matter(), entry.body
        else:  # a broken file still opens, as far as it can be read
            split = split_entry(text)
            fields, body = {}, split[1] if split else text
        status = str(fields.get("status") or "veröffentlicht")
        return EditState(slug, fields, body, checksum, status, tuple(problems))

    def overview(self) -> list[FileInfo]:
        """Every entry file with status and problems, newest change first."""
        sources, scan_problems = scan_entry_files(self.kb_dir)
        try:
            changes = history.last_changes(self.kb_dir)
        except history.HistoryError:
            changes = {}
        infos = []
        taxonomy_stamp = (self.kb_dir / TAXONOMY_FILE).stat().st_mtime_ns
        for source in sources:
            # The scan read every file for its checksum: unchanged files are not parsed again.
            key = (str(self.kb_dir.resolve()), source.rel, source.checksum, taxonomy_stamp)
            if key not in _SUMMARIES:
                state = self.open(source.slug)
                if state is None:
                    continue
                if len(_SUMMARIES) > SUMMARY_CACHE:
                    _SUMMARIES.clear()
                _SUMMARIES[key] = (
                    str(state.fields.get("title") or source.slug),
                    state.status,
                    str(state.fields.get("updated") or ""),
                    state.problems,
                )
            title, status, updated, problems = _SUMMARIES[key]
            change = changes.get(source.path.resolve())
            infos.append(
                FileInfo(
                    source.slug,
                    source.rel,
                    title,
                    status,
                    updated,
                    problems,
                    change.author_name if change else "",
                    change.when if change else None,
                )
            )
        by_path: dict[str, list[Problem]] = {}
        for problem in scan_problems:
            by_path.setdefault(problem.path, []).append(problem)
        for path, problems in by_path.items():
            name = Path(path).stem
            infos.append(FileInfo(name, path, name, "", "", tuple(problems)))

        rank = {
            path.relative_to(self.kb_dir.resolve()).as_posix(): i
            for i, path in enumerate(changes)
            if path.is_relative_to(self.kb_dir.resolve())
        }

        def newest(info: FileInfo) -> tuple[str, int]:
            # git's order breaks ties: commits in the same second keep their sequence
            when = info.changed_at.astimezone(UTC).isoformat() if info.changed_at else ""
            return (max(when, info.updated), -rank.get(info.path, len(rank)))

        return sorted(infos, key=newest, reverse=True)

    def taken_slugs(self) -> set[str]:
        """Addresses in use: entry files, the trash, and earlier addresses (`aliases`)."""
        root = self.kb_dir / ENTRIES_DIR
        taken = {p.stem for p in root.rglob("*.md")}
        taken |= {p.stem for p in (self.kb_dir / TRASH_DIR).glob("*.md")}
        try:
            with Index.open(self.index_dir, self.kb_dir).searcher() as searcher:
                taken |= {term.decode() for term in searcher.reader().lexicon("alias")}
        except (IndexNotFoundError, KeyError):
            pass
        return taken

    # -- changes ----------------------------------------------------------------------------

    def create(
        self, user: User, fields: dict[str, Any], body: str, slug: str | None = None
    ) -> Outcome:
        """A new entry (a draft unless the fields say otherwise)."""
        self._require(user, "write")
        slug = slug or unique_slug(str(fields.get("title") or ""), self.taken_slugs())
        fields = {**fields, "status": fields.get("status") or STATUS_DRAFT}
        if not may_edit(user, fields["status"]):
            raise WorkflowError("Neue Einträge beginnen als Entwurf.")
        with self._writing():
            written = write_entry(
                self.kb_dir, slug, fields, body, self.taxonomy, expected=None, create=True
            )
            self._commit(user, [written.path], f"Eintrag „{written.entry.title}“ angelegt")
        return self._done(slug, "Gespeichert.", written.warnings, written.checksum, [written.path])

    def update(
        self, user: User, slug: str, fields: dict[str, Any], body: str, expected: str
    ) -> Outcome:
        """Save an edit; `expected` is the checksum the form was opened with."""
        with self._writing():
            state = self._state(slug)
            if not may_edit(user, state.status) or not may_edit(
                user, str(fields.get("status") or state.status)
            ):
                raise WorkflowError(
                    "Veröffentlichte Einträge bearbeiten Personen mit dem Recht zu veröffentlichen."
                )
            fields = {**fields, "status": fields.get("status") or state.status}
            written = write_entry(self.kb_dir, slug, fields, body, self.taxonomy, expected=expected)
            self._commit(user, [written.path], f"Eintrag „{written.entry.title}“ bearbeitet")
        return self._done(slug, "Gespeichert.", written.warnings, written.checksum, [written.path])

    def change_status(self, user: User, slug: str, action_name: str, expected: str) -> Outcome:
        """Submit, publish or withdraw (see `workflow`)."""
        action = ACTIONS[action_name]
        with self._writing():
            state = self._state(slug)
            check(
                action,
                user,
                state.status,
                submitted_by=self.submitted_by(slug),
                four_eyes=self.settings.four_eyes,
            )
            fields = {**state.fields, "status": action.target}
            written = write_entry(
                self.kb_dir, slug, fields, state.body, self.taxonomy, expected=expected
            )
            message = action.message.format(title=written.entry.title)
            self._commit(user, [written.path], message)
        return self._done(slug, f"{action.label}: erledigt.", (), written.checksum, [written.path])

    def rename(self, user: User, slug: str, new_slug: str, expected: str) -> Outcome:
        """Give an entry a new address; the old one keeps leading to it (`aliases`)."""
        self._require(user, "publish")
        check_slug(new_slug)
        with self._writing():
            state = self._state(slug)
            if state.checksum != expected:
                raise Conflict("Der Eintrag wurde inzwischen geändert; bitte neu laden.", "")
            if new_slug in self.taken_slugs():
                raise SaveError(f"Die Adresse „{new_slug}“ ist schon vergeben.")
            source = entry_path(self.kb_dir, slug)
            target = source.with_name(f"{new_slug}.md")
            aliases = [a for a in state.fields.get("aliases") or [] if a != new_slug]
            fields = {**state.fields, "aliases": [*aliases, slug]}
            original = read_text(source, self.kb_dir)
            text = render_entry({**fields, "updated": today()}, state.body, original[0])
            rel = target.relative_to(self.kb_dir).as_posix()
            entry, problems = parse_entry(text.encode("utf-8"), rel, new_slug, self.taxonomy)
            if entry is None:
                raise Invalid(tuple(p for p in problems if p.severity == "error"))
            atomic_write_text(target, text)
            source.unlink()
            message = f"Eintrag „{entry.title}“: Adresse „{slug}“ → „{new_slug}“"
            self._commit(user, [source, target], message)
        return self._done(new_slug, "Neue Adresse gespeichert.", paths=[source, target])

    def attach(self, user: User, slug: str, files: list[Path]) -> Outcome:
        """Upload documents: copy them to `kb/files/` and attach them to the entry."""
        from indexer.documents.importing import import_documents

        state = self._state(slug)
        if not may_edit(user, state.status):
            raise WorkflowError("Ihre Rolle darf diesen Eintrag nicht ändern.")
        report, written = import_documents(self.kb_dir, files, slug, (user.display_name, user.name))
        message = f"Angehängt: {', '.join(report.files)}."
        return self._done(slug, message, checksum=self._state(slug).checksum, paths=written)

    def delete(self, user: User, slug: str, expected: str) -> Outcome:
        """Move the entry to the trash (`kb/papierkorb/`), as a commit; admins restore it."""
        self._require(user, "publish")
        with self._writing():
            state = self._state(slug)
            if state.checksum != expected:
                raise Conflict("Der Eintrag wurde inzwischen geändert; bitte neu laden.", "")
            source = entry_path(self.kb_dir, slug)
            target = self.kb_dir / TRASH_DIR / f"{slug}.md"
            target.parent.mkdir(exist_ok=True)
            if target.exists():
                raise SaveError(f"Im Papierkorb liegt schon ein Eintrag „{slug}“.")
            source.rename(target)
            title = state.fields.get("title") or slug
            self._commit(user, [source, target], f"Eintrag „{title}“ gelöscht (Papierkorb)")
        return self._done(slug, "In den Papierkorb verschoben.", paths=[source])

    def trash(self) -> list[str]:
        """Slugs of the entries in the trash."""
        return sorted(p.stem for p in (self.kb_dir / TRASH_DIR).glob("*.md"))

    def restore_from_trash(self, user: User, slug: str) -> Outcome:
        self._require(user, "admin")
        with self._writing():
            source = self.kb_dir / TRASH_DIR / f"{slug}.md"
            target = entry_path(self.kb_dir, slug)
            if not source.is_file() or target.exists():
                raise SaveError("Der Eintrag kann nicht zurückgeholt werden (fehlt oder belegt).")
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
            self._commit(user, [source, target], f"Eintrag „{slug}“ aus dem Papierkorb geholt")
        return self._done(slug, "Aus dem Papierkorb zurückgeholt.", paths=[target])

    def versions(self, slug: str) -> list[history.Version]:
        return history.versions(self.kb_dir, entry_path(self.kb_dir, slug))

    def restore_version(self, user: User, slug: str, commit: str, expected: str) -> Outcome:
        """Make an old version the current one again, as a new commit."""
        path = entry_path(self.kb_dir, slug)
        known = {v.commit: v.path_at_commit for v in self.versions(slug)}
        old = history.content_at(self.kb_dir, commit, known.get(commit, path))
        if old is None:
            raise SaveError("Diese Fassung gibt es nicht.")
        split = split_entry(old.decode("utf-8", errors="replace"))
        if split is None:
            raise SaveError("Diese Fassung ist kein lesbarer Eintrag.")
        rel = path.relative_to(self.kb_dir).as_posix()
        entry, problems = parse_entry(old, rel, slug, self.taxonomy)
        if entry is None:
            raise SaveError(
                "Diese Fassung ist nach heutigen Regeln ungültig: "
                + " ".join(p.message for p in problems if p.severity == "error")
            )
        with self._writing():
            state = self._state(slug)
            fields = {**entry.front_matter(), "status": state.status}
            if not may_edit(user, state.status):
                raise WorkflowError("Ihre Rolle darf diesen Eintrag nicht ändern.")
            written = write_entry(
                self.kb_dir, slug, fields, entry.body, self.taxonomy, expected=expected
            )
            self._commit(
                user,
                [written.path],
                f"Eintrag „{written.entry.title}“: Fassung {commit[:7]} wiederhergestellt",
            )
        return self._done(
            slug, "Fassung wiederhergestellt.", written.warnings, written.checksum, [written.path]
        )

    def from_submission(self, user: User, submission_id: str) -> Outcome:
        """Turn a submission into a draft entry and delete it (with its contact)."""
        proposal = submissions.get(submission_id)
        if proposal is None:
            raise SaveError("Diesen Vorschlag gibt es nicht mehr.")
        fields, body = submissions.draft_fields(proposal, self.taxonomy)
        outcome = self.create(user, fields, body)
        submissions.delete(submission_id)
        return outcome

    def submitted_by(self, slug: str) -> str | None:
        """The user name of whoever last submitted the entry for review (from git)."""
        try:
            found = self.versions(slug)
        except history.HistoryError:
            return None
        marker = SUBMIT.message.split("„")[-1].split("“")[-1]  # " zur Prüfung eingereicht"
        for version in found:
            if version.message.endswith(marker):
                return version.author_username
        return None

    # -- steps ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time; the knowledge base is a git repository before any write
        (`git init` with a first commit of what is there, when it is in none)."""
        with kb_write_lock(self.kb_dir):
            try:
                history.ensure_repository(self.kb_dir)
            except history.HistoryError:
                log.exception("no git repository for %s; saving without history", self.kb_dir)
            yield

    def _require(self, user: User, right: str) -> None:
        if not user.can(right):
            raise WorkflowError(f"Ihre Rolle „{user.role}“ darf das nicht.")

    def _state(self, slug: str) -> Any:
        state = self.open(slug)
        if state is None:
            raise SaveError(f"Den Eintrag „{slug}“ gibt es nicht (mehr).")
        return state

    def _commit(self, user: User, paths: list[Path], message: str) -> None:
        """Commit the change; a failing git never loses the saved file (it is logged)."""
        try:
            history.commit(
                self.kb_dir,
                paths,
                author_name=user.display_name,
                author_username=user.name,
                message=message,
            )
        except history.HistoryError:
            log.exception("commit failed for %s", [str(p) for p in paths])

    def _done(
        self,
        slug: str,
        message: str,
        warnings: tuple[Problem, ...] = (),
        checksum: str | None = None,
        paths: list[Path] | None = None,
    ) -> Outcome:
        """Bring the index up to date with the saved files, before the user sees "done"."""
        try:
            report = update_files(self.kb_dir, self.index_dir, paths or [], lock_timeout=INDEX_WAIT)
            # what reading the documents found (a zip bomb, an unreadable page) is shown too
            warnings += tuple(p for p in report.problems if p.code == "document")
        except IndexLockedError:
            log.warning("index busy for %.0f s; %s is indexed in the background", INDEX_WAIT, slug)
            threading.Thread(target=self._index_later, daemon=True).start()
            return Outcome(
                slug,
                message + " Der Suchindex ist gerade belegt; der Eintrag erscheint in der "
                "Suche, sobald er wieder frei ist.",
                warnings,
                checksum,
                indexed=False,
            )
        return Outcome(slug, message, warnings, checksum)

    def _index_later(self, attempts: int = 20) -> None:
        """Keep trying to update the index: a saved change is never left out of it."""
        for attempt in range(attempts):
            try:
                build_index(self.kb_dir, self.index_dir, lock_timeout=INDEX_WAIT)
                return
            except IndexLockedError:
                time.sleep(min(60.0, 2.0**attempt))
            except Exception:  # noqa: BLE001 - logged; the next build catches up
                log.exception("background index update failed")
                return
