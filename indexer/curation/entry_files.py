"""Entry files as the editor writes them: slugs, front matter with small diffs, safe writes.

An edit rewrites only the front-matter keys whose value changed; every other line stays
byte-identical, so that git diffs show what an adviser changed and nothing else.
Hand-written: ruamel.yaml's round trip re-indents lists and re-quotes values of untouched keys.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indexer.curation.history import readable_diff
from indexer.limits import LIMITS
from indexer.loading import parse_entry
from indexer.model import OPTIONAL_FIELDS, REQUIRED_FIELDS, STATUS_PUBLISHED, Entry, Problem
from indexer.safe_yaml import parse_yaml
from indexer.sources import ENTRIES_DIR, SLUG_RE, SourceError, file_checksum, read_source
from indexer.storage import atomic_write_text, file_lock
from indexer.taxonomy import Taxonomy

FIELD_ORDER = REQUIRED_FIELDS + OPTIONAL_FIELDS
MAX_SLUG = 80
WRITE_LOCK_TIMEOUT = 120.0  # a save holds the lock for a write and a commit only
_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)


class SaveError(Exception):
    """A save that cannot be done; the message is German."""


class Conflict(SaveError):
    """The file changed on disk since the form was opened; nothing was written.

    `diff` shows the file on disk against the text that was to be saved.
    """

    def __init__(self, message: str, diff: str):
        super().__init__(message)
        self.diff = diff


class Invalid(SaveError):
    """Validation found errors; nothing was written."""

    def __init__(self, problems: tuple[Problem, ...]):
        super().__init__("Der Eintrag hat noch Fehler: " + " ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Written:
    path: Path
    entry: Entry
    warnings: tuple[Problem, ...]
    checksum: str


def slugify(title: str) -> str:
    """The slug a title suggests: ä→ae, ö→oe, ü→ue, ß→ss, lower-case ASCII and hyphens."""
    text = unicodedata.normalize("NFC", title).translate(_UMLAUTS).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "eintrag"


def unique_slug(title: str, taken: set[str]) -> str:
    """`slugify(title)`, with -2, -3 … appended while the slug is taken."""
    base = slugify(title)
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


def check_slug(slug: str) -> None:
    """Refuse anything but a valid slug: file names come only from validated slugs."""
    if not isinstance(slug, str) or len(slug) > MAX_SLUG or not SLUG_RE.match(slug):
        raise SaveError(
            "Ungültige Adresse: erlaubt sind Kleinbuchstaben a–z, Ziffern und einzelne "
            f"Bindestriche, höchstens {MAX_SLUG} Zeichen (z. B. „lerninsel-tiefenbronn“)."
        )


def entry_path(kb_dir: Path, slug: str) -> Path:
    """The file of an entry: where it is (sub-folders allowed), else `entries/<slug>.md`."""
    check_slug(slug)
    root = Path(kb_dir) / ENTRIES_DIR
    direct = root / f"{slug}.md"
    if direct.exists():
        return direct
    found = sorted(root.rglob(f"{slug}.md"), key=lambda p: (len(p.parts), str(p)))
    return found[0] if found else direct


def read_text(path: Path, kb_dir: Path) -> tuple[str, str] | None:
    """(text, checksum) of an entry file, or None when there is none."""
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = read_source(path, kb_dir)
    except SourceError as exc:
        raise SaveError(str(exc)) from exc
    return data.decode("utf-8", errors="replace"), file_checksum(data)


# -- front matter ---------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key ("themes:\\n  - Arbeit"), as the shipped files are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # One line per value: a line break or control character is written as an escape, so
    # no line of a value can ever read as the closing "---" of the front matter.
    if any(ch in value for ch in "\n\r\x85\u2028\u2029") or re.search(r"[\x00-\x1f]", value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump_field(key: str, value: Any) -> str:
    """`key: value` as YAML lines (no trailing newline)."""
    return yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
    ).rstrip("\n")


def split_entry(text: str) -> tuple[list[str], str] | None:
    """(front-matter lines, body) as the loader reads them, or None without front matter."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None
    return lines[1:end], "\n".join(lines[end + 1 :]).strip("\n")


def _key_blocks(front: list[str]) -> tuple[list[str], list[tuple[str, Any, list[str]]]] | None:
    """(lines before the first key, [(key, value, its lines)]) of parsed front matter."""
    try:
        node, data = parse_yaml("\n".join(front))
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        return None
    starts = [key.start_mark.line for key, _ in node.value]
    if starts != sorted(starts) or len(set(starts)) != len(starts):
        return None  # several keys on one line (flow style): rewrite all of it
    head = front[: starts[0]] if starts else front
    blocks = []
    for i, (key_node, _) in enumerate(node.value):
        end = starts[i + 1] if i + 1 < len(starts) else len(front)
        key = str(key_node.value)
        blocks.append((key, data.get(key), front[starts[i] : end]))
    return head, blocks


def render_entry(fields: Mapping[str, Any], body: str, original: str | None = None) -> str:
    """The file text of an entry; keys whose value is unchanged keep their original lines.

    `fields` holds every front-matter key to keep (known and unknown ones), None or empty
    for a key to drop; keys new to the file follow in the usual order.
    """
    wanted = {k: v for k, v in fields.items() if v is not None and v != [] and v != ""}
    lines: list[str] = []
    done: set[str] = set()
    parsed = split_entry(original) if original is not None else None
    blocks = _key_blocks(parsed[0]) if parsed else None
    if wanted.get("status") == STATUS_PUBLISHED and not (
        blocks and any(key == "status" for key, _, _ in blocks[1])
    ):
        del wanted["status"]  # the default: a file without a status is published
    if blocks is not None:
        head, keyed = blocks
        lines += head
        for key, value, key_lines in keyed:
            if key in done or key not in wanted:
                continue
            done.add(key)
            lines += key_lines if value == wanted[key] else dump_field(key, wanted[key]).split("\n")
    order = {key: i for i, key in enumerate(FIELD_ORDER)}
    for key in sorted(wanted, key=lambda k: order.get(k, len(order))):
        if key not in done:
            lines += dump_field(key, wanted[key]).split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    text_body = unicodedata.normalize("NFC", body.replace("\r\n", "\n")).strip("\n")
    return "\n".join(["---", *lines, "---", "", text_body, ""])


# -- writing --------------------------------------------------------------------------------


@contextlib.contextmanager
def kb_write_lock(kb_dir: Path) -> Iterator[None]:
    """One writer of entry files per knowledge base, across threads and processes.

    The lock file lives outside the knowledge base so that it never shows in git.
    """
    key = hashlib.sha256(str(Path(kb_dir).resolve()).encode()).hexdigest()[:16]
    lock = Path(tempfile.gettempdir()) / f"praxisfinder-kb-{key}.lock"

    def busy() -> Exception:
        return SaveError(
            "Gerade speichert jemand anderes; bitte in einer Minute noch einmal versuchen."
        )

    with file_lock(lock, WRITE_LOCK_TIMEOUT, busy, poll=0.05):
        yield


def today() -> str:
    return dt.date.today().isoformat()


def write_entry(
    kb_dir: Path,
    slug: str,
    fields: Mapping[str, Any],
    body: str,
    taxonomy: Taxonomy,
    *,
    expected: str | None,
    create: bool = False,
) -> Written:
    """Validate and write one entry file atomically; raises `Invalid` or `Conflict`.

    `expected` is the checksum of the file when the form was opened (None for a new
    entry): if the file changed since, nothing is written. Call under `kb_write_lock`.
    """
    kb_dir = Path(kb_dir)
    path = entry_path(kb_dir, slug)
    current = read_text(path, kb_dir)
    fields = {**fields, "updated": today()}
    text = render_entry(fields, body, current[0] if current else None)
    if create and current is not None:
        raise Conflict(
            f"Unter der Adresse „{slug}“ gibt es schon einen Eintrag. Bitte eine andere "
            "Adresse wählen.",
            "",
        )
    if not create and (current is None or current[1] != expected):
        theirs = current[0] if current else ""
        what = "gelöscht" if current is None else "geändert"
        raise Conflict(
            f"Der Eintrag wurde inzwischen von anderer Seite {what}. Nichts wurde "
            "überschrieben; Ihr Text steht weiter im Formular. Unten sehen Sie die andere "
            "Änderung im Vergleich zu Ihrer Fassung.",
            readable_diff(theirs, text, "Stand der Datei jetzt", "Ihre Fassung"),
        )
    rel = path.relative_to(kb_dir).as_posix()
    data = text.encode("utf-8")
    if len(data) > LIMITS.max_file_bytes:  # the loader would refuse the file it writes
        limit = f"{LIMITS.max_file_bytes:,}".replace(",", ".")
        raise Invalid(
            (
                Problem(
                    rel,
                    None,
                    f"Der Eintrag wäre größer als erlaubt ({limit} Bytes). Bitte den Text "
                    "kürzen oder lange Dokumente als Anhang hochladen.",
                    code="too-large",
                    field="body",
                ),
            )
        )
    entry, problems = parse_entry(data, rel, slug, taxonomy)
    if entry is None:
        raise Invalid(tuple(p for p in problems if p.severity == "error"))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    warnings = tuple(p for p in problems if p.severity == "warning")
    return Written(path, entry, warnings, file_checksum(data))
