"""The version history of the knowledge base, kept in its git repository.

Every save is one commit of only the files it touched, authored by the adviser. Git runs as a
subprocess with a fixed environment (no editor, pager, prompt, global identity or inherited
repository variables needed) and one writer at a time per repository: a `fcntl` lock on
`praxisfinder.lock` in the git directory, since git's own `index.lock` makes a second
concurrent commit fail instead of wait.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import os
import re
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indexer.storage import file_lock

log = logging.getLogger(__name__)

COMMITTER_NAME = "Praxisfinder"
COMMITTER_EMAIL = "praxisfinder@localhost"
AUTHOR_DOMAIN = "praxisfinder.invalid"
LOCK_FILE = "praxisfinder.lock"
LOCK_TIMEOUT = 60.0  # seconds a commit waits for another one
GIT_TIMEOUT = 120.0  # seconds one git command may take
FIRST_MESSAGE = "Versionsgeschichte der Wissensbasis begonnen"

COMMIT_RE = re.compile(r"^[0-9a-f]{7,64}$")  # abbreviated or full, SHA-1 or SHA-256
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_FULL_ID = re.compile(rb"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Variables that would point git at another repository, index or identity (set, for example,
# when the app or the tests run inside a git hook).
_FOREIGN_ENV = re.compile(
    r"^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR"
    r"|NAMESPACE|PREFIX|CONFIG_PARAMETERS|CONFIG_COUNT|CONFIG_KEY_\d+|CONFIG_VALUE_\d+"
    r"|AUTHOR_\w+|COMMITTER_\w+|\w*_PATHSPECS)$"
)
# Settings a user's own git configuration might have that would change output or block.
_CONFIG = (
    f"user.name={COMMITTER_NAME}",
    f"user.email={COMMITTER_EMAIL}",
    "commit.gpgSign=false",
    "log.showSignature=false",
    "color.ui=false",
    "core.quotePath=false",
    "i18n.logOutputEncoding=UTF-8",
)


class HistoryError(Exception):
    """The history cannot be read or written; the message is German."""


@dataclass(frozen=True)
class Version:
    """One commit that changed a file, as `versions` lists it."""

    commit: str  # the full commit id
    author_name: str
    author_username: str | None  # None when the commit was not made by Praxisfinder
    when: datetime  # aware, in the author's time zone
    message: str
    path_at_commit: Path  # absolute: where the file was after this commit

    @property
    def short(self) -> str:
        return self.commit[:8]


def ensure_repository(kb_dir: Path) -> Path:
    """The work tree root of the repository holding `kb_dir`; `git init` there if none.

    A knowledge base inside a repository (the project's own `kb/`) uses it, unless that
    repository ignores the directory. Otherwise `kb_dir` becomes a repository of its own, with
    a first commit of everything in it.
    """
    kb = _directory(kb_dir)
    found = _git(kb, "rev-parse", "--show-toplevel", check=False)
    if found.returncode == 0:
        root = Path(os.fsdecode(found.stdout.rstrip(b"\n")))
        if root == kb or not _ignored(root, kb):
            return root
    _git(kb, "init", "--quiet", failure=f"Im Verzeichnis {kb} lässt sich kein Repository anlegen.")
    root, git_dir = _repository(kb)
    with _locked(git_dir):
        if not _has_head(root):
            _git(
                root,
                "add",
                "--all",
                "--",
                ".",
                failure="Die Wissensbasis lässt sich nicht erfassen.",
            )
            _git(
                root,
                "commit",
                "--quiet",
                "--no-verify",
                "--allow-empty",
                "--file=-",
                input=FIRST_MESSAGE.encode(),
                env=_author(COMMITTER_NAME, COMMITTER_EMAIL),
                failure="Die erste Version der Wissensbasis lässt sich nicht speichern.",
            )
    return root


def commit(
    kb_dir: Path,
    paths: Sequence[Path],
    *,
    author_name: str,
    author_username: str,
    message: str,
) -> str | None:
    """Commit exactly `paths` (files inside `kb_dir`) as they are on disk now.

    Paths that were moved or deleted are committed as such, so a move is committed by naming
    both the old and the new path. Other staged changes of the repository stay staged and
    uncommitted. Returns the new commit id, or None when none of the paths changed.
    """
    name = author_name.strip()
    if not name or _CONTROL.search(name) or "<" in name or ">" in name:
        raise HistoryError("Der Name für die Versionsgeschichte ist ungültig.")
    if not USERNAME_RE.match(author_username):
        raise HistoryError("Der Benutzername für die Versionsgeschichte ist ungültig.")
    if not message.strip() or "\x00" in message:
        raise HistoryError("Eine Version braucht eine Beschreibung.")
    root, git_dir = _repository(kb_dir)
    kb = _directory(kb_dir)
    rels = list(dict.fromkeys(_relative(root, path, within=kb) for path in paths))
    if not rels:
        raise HistoryError("Es wurden keine Dateien zum Speichern angegeben.")
    with _locked(git_dir):
        staged = _tracked(root, ["ls-files", "-z", "--cached", "--"], rels)
        in_head = _tracked(root, ["ls-tree", "-r", "-z", "--name-only", "HEAD", "--"], rels)
        addable = [r for r in rels if os.path.lexists(root / r) or r in staged]
        known = [r for r in rels if r in addable or r in in_head]
        if not known:
            return None
        if addable:
            _git(root, "add", "--all", "--", *addable, retry=True, failure=_SAVE_FAILED)
        unchanged = _git(root, "diff", "--cached", "--quiet", "--", *known, check=False)
        if unchanged.returncode == 0:
            return None
        _git(
            root,
            "commit",
            "--quiet",
            "--only",
            "--no-verify",
            "--file=-",
            "--",
            *known,
            input=message.strip().encode(),
            env=_author(name, f"{author_username}@{AUTHOR_DOMAIN}"),
            retry=True,
            failure=_SAVE_FAILED,
        )
        return _git(root, "rev-parse", "HEAD").stdout.decode().strip()


def versions(kb_dir: Path, path: Path, limit: int = 100) -> list[Version]:
    """The commits that changed the file, newest first, following renames and moves."""
    if limit < 1:
        raise HistoryError("Die Zahl der Versionen muss mindestens 1 sein.")
    root, _ = _repository(kb_dir)
    rel = _relative(root, path)
    if not _has_head(root):
        return []
    log_args = ["log", "--follow", "-z", "--name-status", "--format=%H", f"-n{limit}"]
    listed = _git(root, *log_args, "--", rel, failure=_READ_FAILED).stdout.split(b"\0")
    where = _paths_by_commit(listed, rel)
    order = list(where)
    if not order:
        return []
    details = [
        "log",
        "--no-walk=unsorted",
        "--stdin",
        "-z",
        "--format=%H%x00%an%x00%ae%x00%aI%x00%B",
    ]
    shown = _git(root, *details, input="\n".join(order).encode(), failure=_READ_FAILED)
    fields = shown.stdout.split(b"\0")
    found = []
    for start in range(0, len(fields) - 4, 5):
        commit_id, name, email, when, message = (
            f.decode("utf-8", errors="replace") for f in fields[start : start + 5]
        )
        user, _, domain = email.rpartition("@")
        found.append(
            Version(
                commit=commit_id,
                author_name=name,
                author_username=user if domain == AUTHOR_DOMAIN and user else None,
                when=datetime.fromisoformat(when),
                message=message.strip(),
                path_at_commit=root / where.get(commit_id, rel),
            )
        )
    return found


@dataclass(frozen=True)
class Change:
    """The latest commit that touched a file: for the "Redaktion" overview."""

    author_name: str
    when: datetime


def last_changes(kb_dir: Path, commits: int = 500) -> dict[Path, Change]:
    """Who last changed each file below `kb_dir`, from one pass over the newest commits.

    Files not changed in the newest `commits` commits are left out (one `git log` instead
    of one per file keeps the overview fast for thousands of entries).
    """
    root, _ = _repository(kb_dir)
    if not _has_head(root):
        return {}
    rel_kb = _relative(root, Path(kb_dir))
    listed = _git(
        root,
        "log",
        "-z",
        "--name-only",
        "--format=%x01%an%x00%aI",
        f"-n{commits}",
        "--",
        rel_kb,
        failure=_READ_FAILED,
    ).stdout.decode("utf-8", errors="replace")
    found: dict[Path, Change] = {}
    for block in listed.split("\x01")[1:]:
        parts = [p.strip("\n") for p in block.split("\0")]
        if len(parts) < 2:
            continue
        change = Change(parts[0], datetime.fromisoformat(parts[1].strip()))
        for name in parts[2:]:
            if name and (root / name) not in found:
                found[root / name] = change
    return found


def content_at(kb_dir: Path, commit: str, path: Path) -> bytes | None:
    """The file's bytes as they were at `commit`; None if it did not exist then."""
    root, _ = _repository(kb_dir)
    return _blob(root, _resolve(root, commit), _relative(root, path))


def version_diff(kb_dir: Path, version: Version) -> str:
    """What `version` changed in its file, as a unified diff against its first parent.

    The first version of a file is shown against an empty file; a rename against the file
    under its old name.
    """
    root, _ = _repository(kb_dir)
    rel = _relative(root, version.path_at_commit)
    full = _resolve(root, version.commit)
    parent = _git(root, "rev-parse", "--verify", "--quiet", f"{full}^1", check=False)
    old_rel, old = rel, None
    if parent.returncode == 0:
        parent_id = parent.stdout.decode().strip()
        old_rel = _renamed_from(root, parent_id, full, rel)
        old = _blob(root, parent_id, old_rel)
    new = _blob(root, full, rel)
    return readable_diff(
        _text(old),
        _text(new),
        f"{old_rel} (vorher)" if old is not None else "(keine Datei)",
        f"{rel} (Version {version.short})" if new is not None else "(gelöscht)",
    )


def readable_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """A unified diff of two texts, for people; empty when they are equal."""
    return "".join(
        difflib.unified_diff(_lines(old), _lines(new), fromfile=old_label, tofile=new_label)
    )


# -- git ------------------------------------------------------------------------------------

_SAVE_FAILED = "Die Änderung ließ sich nicht in der Versionsgeschichte speichern."
_READ_FAILED = "Die Versionsgeschichte ließ sich nicht lesen."


def _git(
    cwd: Path,
    *args: str,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
    retry: bool = False,
    literal: bool = True,
    failure: str = _READ_FAILED,
) -> subprocess.CompletedProcess[bytes]:
    """Run one git command; raise `HistoryError(failure)` when it fails and `check` is set.

    Pathspecs are literal (a file named `*.md` or `:x` is that file) unless `literal` is
    false, for the commands that refuse literal pathspecs (`check-ignore`).
    """
    command = ["git", "--no-pager", *(["--literal-pathspecs"] if literal else [])]
    for setting in _CONFIG:
        command += ["-c", setting]
    environment = {k: v for k, v in os.environ.items() if not _FOREIGN_ENV.match(k)}
    environment.update(
        GIT_EDITOR="true",
        GIT_PAGER="cat",
        PAGER="cat",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_COMMITTER_NAME=COMMITTER_NAME,
        GIT_COMMITTER_EMAIL=COMMITTER_EMAIL,
        LC_ALL="C",  # English messages in the log
        **(env or {}),
    )
    stdin = None if input is not None else subprocess.DEVNULL
    for attempt in range(5 if retry else 1):
        try:
            done = subprocess.run(
                [*command, *args],
                cwd=cwd,
                input=input,
                stdin=stdin,
                capture_output=True,
                env=environment,
                timeout=GIT_TIMEOUT,
            )
        except FileNotFoundError as exc:
            raise HistoryError(
                "Git ist nicht installiert; ohne Git gibt es keine Versionen."
            ) from exc
        except subprocess.TimeoutExpired as exc:
            log.warning("git %s timed out after %s s in %s", args[0], GIT_TIMEOUT, cwd)
            raise HistoryError(f"{failure} (Git antwortete nicht rechtzeitig.)") from exc
        # Someone else's git (a `git status` in the outer repository) may hold index.lock.
        if done.returncode == 0 or b"index.lock" not in done.stderr:
            break
        time.sleep(0.2 * (attempt + 1))
    if check and done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip()
        log.warning("git %s failed in %s (exit %d): %s", args[0], cwd, done.returncode, stderr)
        raise HistoryError(failure)
    return done


def _author(name: str, email: str) -> dict[str, str]:
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}


def _directory(kb_dir: Path) -> Path:
    kb = Path(kb_dir).resolve()
    if not kb.is_dir():
        raise HistoryError(f"Das Verzeichnis der Wissensbasis {kb_dir} gibt es nicht.")
    return kb


def _repository(kb_dir: Path) -> tuple[Path, Path]:
    """The work tree root and the (common) git directory of the repository holding kb_dir."""
    kb = _directory(kb_dir)
    found = _git(kb, "rev-parse", "--show-toplevel", "--git-common-dir", check=False)
    lines = found.stdout.split(b"\n")
    if found.returncode != 0 or len(lines) < 2:
        stderr = found.stderr.decode("utf-8", errors="replace").strip()
        log.info("no usable git repository at %s: %s", kb, stderr)
        if "dubious ownership" in stderr:
            raise HistoryError(
                f"Das Git-Repository der Wissensbasis {kb_dir} gehört einem anderen Benutzer; "
                "Git verweigert die Arbeit darin (siehe „git config safe.directory“)."
            )
        raise HistoryError(
            f"Die Wissensbasis {kb_dir} liegt in keinem Git-Repository, es gibt also noch "
            "keine Versionen (die erste Speicherung in der App legt eines an)."
        )
    root = Path(os.fsdecode(lines[0]))
    return root, (kb / os.fsdecode(lines[1])).resolve()


def _ignored(root: Path, path: Path) -> bool:
    """Whether the repository at `root` ignores `path` (by `.gitignore` and the like)."""
    found = _git(root, "check-ignore", "-q", "--", str(path), check=False, literal=False)
    return found.returncode == 0


def _has_head(root: Path) -> bool:
    return _git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0


def _resolve(root: Path, commit: str) -> str:
    """The full id of a commit given as (abbreviated) hex; HistoryError if there is none."""
    if not isinstance(commit, str) or not COMMIT_RE.match(commit):
        raise HistoryError("Das ist keine gültige Versionskennung.")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}", check=False)
    if found.returncode != 0:
        raise HistoryError(f"Die Version {commit} gibt es in der Versionsgeschichte nicht.")
    return found.stdout.decode().strip()


def _relative(root: Path, path: Path, within: Path | None = None) -> str:
    """`path` relative to the work tree root; HistoryError unless it is inside `within`
    (default: the work tree) and outside `.git`.

    The last component is not resolved, so that a symlink is committed as the link it is.
    """
    path = Path(path)
    if path.name in ("", ".", ".."):
        raise HistoryError(f"„{path}“ ist kein Dateipfad.")
    try:
        full = path.absolute().parent.resolve() / path.name
        inside = full.is_relative_to(root) and full.is_relative_to(within or root)
    except (OSError, ValueError, RuntimeError):
        inside = False
    if not inside or ".git" in {part.lower() for part in full.relative_to(root).parts}:
        where = "in der Wissensbasis" if within else "im Repository der Wissensbasis"
        raise HistoryError(f"Der Pfad „{path}“ liegt nicht {where}.")
    return full.relative_to(root).as_posix()


def _blob(root: Path, commit: str, rel: str) -> bytes | None:
    """The file `rel` at the full commit id `commit`; None if it was no file there."""
    spec = f"{commit}:{rel}"
    kind = _git(root, "cat-file", "-t", spec, check=False)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        return None
    return _git(root, "cat-file", "blob", spec, failure=_READ_FAILED).stdout


def _tracked(root: Path, command: list[str], rels: list[str]) -> set[str]:
    """Which of `rels` (files or folders) the listing `command` names (nothing without HEAD)."""
    listed = _git(root, *command, *rels, check=False)
    names = {os.fsdecode(name) for name in listed.stdout.split(b"\0") if name}
    return {r for r in rels if r in names or any(n.startswith(f"{r}/") for n in names)}


def _paths_by_commit(listed: list[bytes], rel: str) -> dict[str, str]:
    """Commit id → the file's path after it, from `git log --follow -z --name-status`.

    `--follow` also follows a copy from any unchanged file of similar content (a new entry
    written like another one); a file's history starts where it was copied, not in the other
    file's history.
    """
    where: dict[str, str] = {}
    current, i = rel, 0
    while i < len(listed):
        token = listed[i].strip()
        i += 1
        if not _FULL_ID.match(token):
            continue
        commit_id = token.decode()
        where[commit_id] = current
        if i < len(listed) and listed[i].startswith(b"\n"):  # "\nM", "\nR100": status, paths
            status = listed[i].strip()[:1]
            count = 2 if status in (b"R", b"C") else 1
            names = [os.fsdecode(name) for name in listed[i + 1 : i + 1 + count]]
            i += 1 + count
            if names:
                where[commit_id], current = names[-1], names[0]
            if status == b"C":
                break
    return where


def _renamed_from(root: Path, parent: str, commit: str, rel: str) -> str:
    """The name `rel` had in `parent`, if `commit` renamed or moved it there."""
    changes = _git(root, "diff-tree", "-r", "-z", "-M", "--name-status", parent, commit)
    tokens = changes.stdout.split(b"\0")
    i = 0
    while i < len(tokens) - 1:
        status = tokens[i][:1]
        if status in (b"R", b"C"):
            old, new = os.fsdecode(tokens[i + 1]), os.fsdecode(tokens[i + 2])
            if new == rel and status == b"R":
                return old
            i += 3
        else:
            i += 2
    return rel


@contextlib.contextmanager
def _locked(git_dir: Path) -> Iterator[None]:
    """One writer per repository, across threads and processes (waits up to LOCK_TIMEOUT)."""

    def busy() -> Exception:
        return HistoryError(
            "Die Versionsgeschichte wird gerade von einem anderen Vorgang "
            "geschrieben; bitte gleich noch einmal versuchen."
        )

    try:
        (git_dir / LOCK_FILE).touch(exist_ok=True)
    except OSError as exc:
        log.warning("cannot open lock file in %s: %s", git_dir, exc)
        raise HistoryError(_SAVE_FAILED) from exc
    with file_lock(git_dir / LOCK_FILE, LOCK_TIMEOUT, busy, poll=0.05):
        yield


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", errors="replace")


def _lines(text: str) -> list[str]:
    """Lines that each end with a newline; only "\\n" ends a line (not U+2028 and the like)."""
    parts = text.split("\n")
    return [f"{line}\n" for line in parts[:-1]] + ([f"{parts[-1]}\n"] if parts[-1] else [])
