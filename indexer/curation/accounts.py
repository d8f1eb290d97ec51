"""Accounts of the editorial team: roles, argon2id password hashes, the users file.

The file lives outside the knowledge base (`.praxisfinder/users.yaml` or
`$PRAXISFINDER_USERS`); no account ships with the project.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from indexer.storage import atomic_write_text

log = logging.getLogger(__name__)

USERS_ENV = "PRAXISFINDER_USERS"
DEFAULT_USERS_PATH = Path(".praxisfinder") / "users.yaml"

REDAKTION = "redaktion"
FREIGABE = "freigabe"
ADMIN = "admin"
ROLES = (REDAKTION, FREIGABE, ADMIN)  # each role may do everything the ones before it may
ROLE_LABELS = {REDAKTION: "Redaktion", FREIGABE: "Freigabe", ADMIN: "Administration"}
ACTIONS = {"write": REDAKTION, "publish": FREIGABE, "admin": ADMIN}  # action → lowest role

NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MAX_DISPLAY_NAME = 80
MIN_PASSWORD = 10
MAX_PASSWORD = 1024

_HEADER = (
    "# Praxisfinder-Konten. Verwalten mit: python -m indexer users --help\n"
    "# Enthält Passwort-Hashes (argon2id): nicht weitergeben, nicht einchecken.\n"
)


class AccountError(ValueError):
    """An account operation was refused; the message is German and meant for users."""


@dataclass(frozen=True)
class User:
    """A signed-in or listed account (never carries the password hash)."""

    name: str
    display_name: str
    role: str

    def can(self, action: str) -> bool:
        """Whether this user's role allows `action` ("write", "publish", "admin")."""
        return can(self.role, action)


def can(role: str, action: str) -> bool:
    """Whether `role` may do `action` ("write", "publish" or "admin"); unknown ones: no."""
    if role not in ROLES or action not in ACTIONS:
        return False
    return ROLES.index(role) >= ROLES.index(ACTIONS[action])


def default_users_path() -> Path:
    """`$PRAXISFINDER_USERS`, else `.praxisfinder/users.yaml` in the current directory."""
    return Path(os.environ.get(USERS_ENV) or DEFAULT_USERS_PATH)


def normalize_name(name: str) -> str:
    """A typed user name as stored: surrounding spaces removed, ASCII lower-cased."""
    name = name.strip()
    return name.lower() if name.isascii() else name


def validate_name(name: str) -> str:
    """The normalized user name, or AccountError."""
    normalized = normalize_name(name)
    if not NAME_RE.fullmatch(normalized):
        raise AccountError(
            f"Ungültiger Benutzername „{_shown(name)}“: 2 bis 32 Zeichen aus Kleinbuchstaben "
            "a–z, Ziffern, Punkt, Bindestrich und Unterstrich; am Anfang ein Buchstabe oder "
            "eine Ziffer."
        )
    return normalized


def validate_display_name(display_name: str) -> str:
    """The display name without surrounding spaces, or AccountError."""
    display_name = display_name.strip()
    if not 1 <= len(display_name) <= MAX_DISPLAY_NAME:
        raise AccountError(f"Der Anzeigename muss 1 bis {MAX_DISPLAY_NAME} Zeichen lang sein.")
    if not display_name.isprintable():
        raise AccountError("Der Anzeigename darf keine Steuerzeichen enthalten.")
    return display_name


def validate_role(role: str) -> str:
    """The role, or AccountError."""
    if role not in ROLES:
        raise AccountError(f"Unbekannte Rolle „{_shown(role)}“. Erlaubt: {', '.join(ROLES)}.")
    return role


def validate_password(password: str) -> str:
    """The password unchanged, or AccountError (length, characters)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Das Passwort muss mindestens {MIN_PASSWORD} Zeichen lang sein.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Das Passwort darf höchstens {MAX_PASSWORD} Zeichen lang sein.")
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        raise AccountError("Das Passwort enthält ungültige Zeichen.") from None
    return password


class UserStore:
    """The users file: read freely, changed under an `fcntl` lock, written atomically (0600)."""

    def __init__(self, path: Path | str | None = None, hasher: PasswordHasher | None = None):
        self.path = Path(path) if path is not None else default_users_path()
        self.hasher = hasher or PasswordHasher()  # argon2id with the library's current defaults
        self._dummy_hash: str | None = None

    def list_users(self) -> list[User]:
        """All valid accounts, sorted by name."""
        records = self._read()
        users = (_user(name, record) for name, record in sorted(records.items()))
        return [user for user in users if user]

    def get(self, name: str) -> User | None:
        """The account `name`, or None."""
        name = normalize_name(name)
        record = self._read().get(name)
        return _user(name, record) if record is not None else None

    def add(self, name: str, password: str, role: str, display_name: str | None = None) -> User:
        """Create an account; refuses a name that exists."""
        name = validate_name(name)
        role = validate_role(role)
        display_name = validate_display_name(name if display_name is None else display_name)
        password_hash = self.hasher.hash(validate_password(password))  # slow: outside the lock
        with self._locked() as records:
            if name in records:
                raise AccountError(f"Das Konto „{name}“ gibt es schon.")
            records[name] = {
                "display_name": display_name,
                "role": role,
                "password_hash": password_hash,
                "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        return User(name, display_name, role)

    def set_password(self, name: str, password: str) -> None:
        """Replace the password of an existing account."""
        name = normalize_name(name)
        password_hash = self.hasher.hash(validate_password(password))
        with self._locked() as records:
            record = self._existing(records, name)
            record["password_hash"] = password_hash

    def remove(self, name: str) -> None:
        """Delete an existing account; not the last admin while other accounts remain,
        or nobody could manage the trash in the app any more."""
        name = normalize_name(name)
        with self._locked() as records:
            record = self._existing(records, name)
            admins = [n for n, r in records.items() if _role(r) == ADMIN]
            if _role(record) == ADMIN and admins == [name] and len(records) > 1:
                raise AccountError(
                    f"„{_shown(name)}“ ist das letzte Konto mit der Rolle admin. Legen Sie "
                    "zuerst ein weiteres admin-Konto an oder entfernen Sie die anderen Konten."
                )
            del records[name]

    def verify(self, name: str, password: str) -> User | None:
        """The account when the password is right, else None.

        An unknown name costs one hash like a wrong password, so that response times do not
        tell which names exist. An outdated hash is replaced (argon2's parameters grow).
        """
        name = normalize_name(name)
        record = self._read().get(name)
        user = _user(name, record) if record is not None else None
        stored = record.get("password_hash") if user else None
        if not isinstance(stored, str) or len(password) > MAX_PASSWORD:
            self._spend_one_hash(password)
            return None
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError, UnicodeEncodeError) as exc:
            if isinstance(exc, InvalidHashError):
                log.warning("account %r has an invalid password hash", name)
            return None
        if self.hasher.check_needs_rehash(stored):
            self._rehash(name, stored, password)
        return user

    def _spend_one_hash(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = self.hasher.hash("praxisfinder-dummy-password")
        with contextlib.suppress(VerificationError, InvalidHashError, UnicodeEncodeError):
            self.hasher.verify(self._dummy_hash, password[:MAX_PASSWORD])

    def _rehash(self, name: str, old_hash: str, password: str) -> None:
        try:
            new_hash = self.hasher.hash(password)
            with self._locked() as records:
                record = records.get(name)
                if isinstance(record, dict) and record.get("password_hash") == old_hash:
                    record["password_hash"] = new_hash
        except (OSError, AccountError) as exc:  # signing in still works with the old hash
            log.warning("could not store a rehashed password for %r: %s", name, exc)

    @staticmethod
    def _existing(records: dict[str, Any], name: str) -> dict[str, Any]:
        record = records.get(name)
        if not isinstance(record, dict):
            raise AccountError(f"Es gibt kein Konto „{_shown(name)}“.")
        return record

    def _read(self) -> dict[str, Any]:
        """The raw records by name; a missing file means no accounts."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise AccountError(f"Die Kontodatei {self.path} ist nicht lesbar: {exc}") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise AccountError(f"Die Kontodatei {self.path} ist kein gültiges YAML.") from exc
        users = data.get("users") if isinstance(data, dict) else data
        if users is None:
            return {}
        if not isinstance(data, dict) or not isinstance(users, dict):
            raise AccountError(
                f"Die Kontodatei {self.path} hat nicht das erwartete Format (users: …)."
            )
        return {str(name): record for name, record in users.items()}

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        """Read-modify-write under an exclusive lock; written only when the block succeeds."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            records = self._read()
            yield records
            self._write(records)
        finally:
            os.close(fd)  # closing releases the lock

    def _write(self, records: dict[str, Any]) -> None:
        text = _HEADER + yaml.safe_dump(
            {"users": dict(sorted(records.items()))}, allow_unicode=True, sort_keys=False
        )
        # atomic_write_text writes a mkstemp file, created 0600, and renames it into place:
        # at no moment is the file readable by others. The chmod only keeps that promise
        # should the helper change.
        atomic_write_text(self.path, text)
        os.chmod(self.path, 0o600)


def _user(name: str, record: Any) -> User | None:
    """A User from a stored record, or None (with a warning) when the record is invalid."""
    if not isinstance(record, dict):
        log.warning("account %r in the users file is not a mapping; ignored", name)
        return None
    role = record.get("role")
    display_name = record.get("display_name")
    if role not in ROLES or not isinstance(display_name, str) or not NAME_RE.fullmatch(name):
        log.warning("account %r in the users file is invalid (role or names); ignored", name)
        return None
    return User(name, display_name, role)


def _role(record: Any) -> str | None:
    return record.get("role") if isinstance(record, dict) else None


def _shown(text: str) -> str:
    """User input quoted in a message: short, without control characters."""
    text = text[:40] + ("…" if len(text) > 40 else "")
    return "".join(c if c.isprintable() else "\ufffd" for c in text)
