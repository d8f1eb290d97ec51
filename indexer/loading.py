"""Files → validated entries plus problems (file, line, German message).

A broken entry is reported and skipped; it never stops the others from loading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indexer.documents.attachments import check_present
from indexer.limits import LIMITS
from indexer.model import (
    LIST_FIELDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    STATUS_PUBLISHED,
    Entry,
    Problem,
)
from indexer.safe_yaml import YamlRefused, parse_yaml, problem_de
from indexer.sources import (
    ENTRIES_DIR,
    SLUG_RE,
    SourceError,
    SourceFile,
    file_checksum,
    read_source,
    scan_entry_files,
)
from indexer.taxonomy import Taxonomy, canonical, closest, load_taxonomy

log = logging.getLogger(__name__)

__all__ = ["ENTRIES_DIR", "SLUG_RE", "LoadResult", "SourceFile", "load_kb", "scan_entry_files"]
MAX_THEMES = 3
FIELD_LABELS = {
    "title": "Titel",
    "summary": "Kurzbeschreibung",
    "type": "Art",
    "themes": "Themen",
    "municipality": "Kommune",
    "district": "Kreis",
    "year": "Jahr",
}


SOFT_HYPHEN = "\u00ad"  # invisible but where a line breaks; not part of a word


@dataclass
class LoadResult:
    """Entries that passed validation, and every problem found on the way."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_kb(kb_dir: Path, taxonomy: Taxonomy | None = None) -> LoadResult:
    """Load and validate every entry under `<kb>/entries/`."""
    kb_dir = Path(kb_dir)
    taxonomy = taxonomy or load_taxonomy(kb_dir)
    files, problems = scan_entry_files(kb_dir)
    result = LoadResult(problems=problems)
    for source in files:
        entry, entry_problems = read_entry(source, taxonomy)
        result.problems.extend(entry_problems)
        if entry is not None:
            result.entries.append(entry)
    return result


def read_entry(source: SourceFile, taxonomy: Taxonomy) -> tuple[Entry | None, list[Problem]]:
    """Parse and validate one entry file; returns (entry or None, problems).

    Never raises for the file's content: whatever goes wrong becomes a problem of this
    file, so that one file can never stop a build or a validation of the others.
    """
    entry, problems, _ = read_entry_and_checksum(source, taxonomy)
    return entry, problems


def read_entry_and_checksum(
    source: SourceFile, taxonomy: Taxonomy
) -> tuple[Entry | None, list[Problem], str | None]:
    """`read_entry`, with the checksum of the bytes it read (None: the file is unreadable).

    A full build on several cores hashes each file where it is parsed, not all first.
    """
    try:
        data = read_source(source.path, source.kb_dir)
    except SourceError as exc:
        return None, [Problem(source.rel, None, str(exc), code="unreadable")], None
    entry, problems = _parsed_source(source, data, taxonomy)
    return entry, problems, entry.checksum if entry is not None else file_checksum(data)


def _parsed_source(
    source: SourceFile, data: bytes, taxonomy: Taxonomy
) -> tuple[Entry | None, list[Problem]]:
    try:
        entry, problems = parse_entry(data, source.rel, source.slug, taxonomy)
        if entry is not None:
            text = data.decode("utf-8", errors="replace")
            entry, missing = check_present(entry, source.kb_dir, text)
            problems += missing
        return entry, problems
    except (Exception, RecursionError, MemoryError):  # noqa: BLE001 - report, never stop
        log.exception("unexpected failure while reading %s", source.rel)
        message = (
            "Die Datei konnte wegen eines unerwarteten Fehlers nicht gelesen werden; "
            "sie wird übersprungen. Bitte die Datei prüfen; bleibt der Fehler, bitte den "
            "technischen Betrieb verständigen (im Serverprotokoll steht dazu "
            f"„unexpected failure while reading {source.rel}“)."
        )
        return None, [Problem(source.rel, None, message, code="internal")]


def parse_entry(
    data: bytes, rel: str, slug: str, taxonomy: Taxonomy
) -> tuple[Entry | None, list[Problem]]:
    problems: list[Problem] = []

    def error(message: str, line: int | None = None, code: str = "invalid") -> None:
        problems.append(Problem(rel, line, message, "error", code))

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        error(
            f"Die Datei ist nicht UTF-8-kodiert (ungültiges Byte 0x{data[exc.start]:02x}). "
            "Bitte im Editor als UTF-8 speichern.",
            line,
            "encoding",
        )
        return None, problems
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff")).replace("\r\n", "\n")
    text = text.replace(SOFT_HYPHEN, "")  # pasted from a document: it split "Sprach­paten"

    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        error(
            "Keine Kopfdaten gefunden: Die Datei muss mit einer Zeile „---“ beginnen, "
            "gefolgt von den YAML-Feldern und einer weiteren Zeile „---“.",
            1,
            "no-front-matter",
        )
        return None, problems
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        error(
            "Die Kopfdaten sind nicht abgeschlossen: Es fehlt die schließende Zeile „---“.",
            1,
            "no-front-matter",
        )
        return None, problems
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :]).strip("\n")

    try:
        node, raw = parse_yaml(yaml_text)
    except YamlRefused as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 2
        error(
            f"Die Kopfdaten werden nicht gelesen: {exc.problem}. Bitte einfache Felder der "
            "Form „name: Wert“ oder „name: [A, B]“ verwenden.",
            line,
            "yaml-refused",
        )
        return None, problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and (mark is None or mark.index >= len(yaml_text.rstrip())):
            mark = context  # an unclosed quote or bracket: the end of the text tells nothing
        line = mark.line + 2 if mark else 2
        reason = problem_de(exc)
        error(
            f"Die Kopfdaten sind kein gültiges YAML ({reason}). Häufige Ursache: ein Wert "
            "mit Doppelpunkt ohne Anführungszeichen oder eine falsche Einrückung.",
            line,
            "yaml",
        )
        return None, problems
    if not isinstance(raw, dict):
        error(
            "Die Kopfdaten müssen aus Feldern der Form „name: Wert“ bestehen.",
            2,
            "yaml",
        )
        return None, problems

    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key = str(key_node.value)
            if key in key_lines:
                problems.append(
                    Problem(
                        rel,
                        key_node.start_mark.line + 2,
                        f"Das Feld „{key}“ steht doppelt in den Kopfdaten; der letzte Wert gilt.",
                        "warning",
                        "duplicate-key",
                    )
                )
            key_lines[key] = key_node.start_mark.line + 2

    fields, extra, field_problems = validate_fields(raw, key_lines, taxonomy, rel)
    problems.extend(field_problems)
    if not body.strip():
        error(
            "Der Textteil nach den Kopfdaten ist leer. Bitte das Beispiel beschreiben "
            "(Ausgangslage, Vorgehen, Ergebnisse …).",
            end + 2,
            "empty-body",
        )
    if any(p.severity == "error" for p in problems):
        return None, problems
    entry = Entry(slug, rel, fields, body, file_checksum(data), extra)
    return entry, problems


def validate_fields(
    raw: dict[Any, Any], key_lines: dict[str, int], taxonomy: Taxonomy, rel: str
) -> tuple[dict[str, Any], dict[str, Any], list[Problem]]:
    """Check front-matter values; return (known fields, unknown fields, problems)."""
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}

    def report(key: str, message: str, severity: str = "error", code: str = "invalid") -> None:
        line = key_lines.get(key, 2)
        problems.append(Problem(rel, line, message, severity, code, key))  # type: ignore[arg-type]

    for key in REQUIRED_FIELDS:
        value = raw.get(key)
        if value is None or (isinstance(value, str | list) and not value):
            label = FIELD_LABELS[key]
            problems.append(
                Problem(
                    rel,
                    key_lines.get(key, 2),
                    f"Pflichtfeld „{key}“ ({label}) fehlt oder ist leer.",
                    "error",
                    "missing-field",
                    key,
                )
            )

    for key, value in raw.items():
        key = str(key)
        if value is None:
            continue
        if unreadable := _unreadable_text(key) or _unreadable_text(value):
            report(key, unreadable, code="text")
            continue
        if key not in REQUIRED_FIELDS and key not in OPTIONAL_FIELDS:
            known = REQUIRED_FIELDS + OPTIONAL_FIELDS
            hint = closest(key, known)
            tip = f" Meinten Sie „{hint}“?" if hint else ""
            report(
                key,
                f"Unbekanntes Feld „{key}“ wird übernommen, aber nicht ausgewertet.{tip}",
                "warning",
                "unknown-field",
            )
            extra[key] = _jsonable(value)
            continue
        checker = _CHECKERS.get(key, _check_text)
        try:
            fields[key] = checker(value, taxonomy)
        except _FieldError as exc:
            report(key, exc.message, exc.severity, exc.code)
            if exc.severity == "warning" and exc.value is not None:
                fields[key] = exc.value
        else:
            for warning in _WARNINGS.get(key, lambda v, t: [])(fields[key], taxonomy):
                report(key, warning, "warning", "unknown-value")
    fields.setdefault("status", STATUS_PUBLISHED)
    return fields, extra, problems


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _unreadable_text(value: Any) -> str | None:
    """Why a front-matter value cannot be indexed or shown as written, or None."""
    texts = [value] if not isinstance(value, list | dict) else _strings(value)
    for text in texts:
        if not isinstance(text, str):
            continue
        if _SURROGATE.search(text):
            return (
                "Der Wert enthält ein ungültiges Unicode-Zeichen (ein einzelnes Ersatzzeichen "
                "wie „\\ud800“). Bitte das Zeichen entfernen."
            )
        if len(text) > LIMITS.max_field_chars:
            return (
                f"Der Wert ist länger als {LIMITS.max_field_chars} Zeichen. Längere Texte "
                "gehören in den Textteil des Eintrags."
            )
    return None


def _strings(value: Any) -> list[Any]:
    """Every key and scalar inside nested lists and mappings (depth is capped by YAML)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value]


class _FieldError(Exception):
    def __init__(
        self, message: str, severity: str = "error", code: str = "invalid", value: Any = None
    ):
        super().__init__(message)
        self.message = message
        self.severity = severity
        self.code = code
        self.value = value


def _type_name(value: Any) -> str:
    return {
        str: "Text",
        int: "Zahl",
        float: "Kommazahl",
        bool: "Ja/Nein-Wert",
        list: "Liste",
        dict: "Zuordnung",
    }.get(type(value), type(value).__name__)


def _check_text(value: Any, _: Taxonomy) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _FieldError(f"Erwartet wird Text, gefunden: {_type_name(value)}.", code="type")
    text = str(value).strip()
    if not text:
        raise _FieldError("Der Wert ist leer.", code="missing-field")
    return text


def _check_list(value: Any, _: Taxonomy) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise _FieldError(
            f"Erwartet wird eine Liste (z. B. „[A, B]“), gefunden: {_type_name(value)}.",
            code="type",
        )
    result = []
    for item in items:
        if isinstance(item, dict | list) or item is None or isinstance(item, bool):
            raise _FieldError(
                f"Listeneinträge müssen Text sein, gefunden: {_type_name(item)}.", code="type"
            )
        text = str(item).strip()
        if text and text not in result:
            result.append(text)
    return result


def _check_themes(value: Any, taxonomy: Taxonomy) -> list[str]:
    themes = _check_list(value, taxonomy)
    if not themes:
        raise _FieldError("Mindestens ein Thema angeben.", code="missing-field")
    if len(themes) > MAX_THEMES:
        raise _FieldError(
            f"Höchstens {MAX_THEMES} Themen angeben (gefunden: {len(themes)}).", code="too-many"
        )
    result = []
    for theme in themes:
        name = canonical(theme, taxonomy.theme_names)
        if name is None:
            hint = closest(theme, taxonomy.theme_names)
            tip = f" Meinten Sie „{hint}“?" if hint else ""
            raise _FieldError(
                f"Unbekanntes Thema „{theme}“.{tip} Erlaubt sind: "
                + ", ".join(taxonomy.theme_names)
                + ".",
                code="unknown-theme",
            )
        result.append(name)
    return result


def _check_type(value: Any, taxonomy: Taxonomy) -> str:
    text = _check_text(value, taxonomy)
    name = canonical(text, taxonomy.type_names)
    if name is None:
        hint = closest(text, taxonomy.type_names)
        tip = f" Meinten Sie „{hint}“?" if hint else ""
        raise _FieldError(
            f"Unbekannte Art „{text}“.{tip} Erlaubt sind: " + ", ".join(taxonomy.type_names) + ".",
            code="unknown-type",
        )
    return name


def _check_year(value: Any, _: Taxonomy) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        shown = f"„{value}“" if isinstance(value, str) else _type_name(value)
        raise _FieldError(
            f"Das Jahr muss eine Zahl ohne Anführungszeichen sein (z. B. year: 2018), "
            f"gefunden: {shown} ({_type_name(value)}).",
            code="type",
        )
    if not 1900 <= value <= 2100:
        raise _FieldError(f"Das Jahr {value} liegt außerhalb von 1900–2100.", code="range")
    return value


def _check_population(value: Any, _: Taxonomy) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _FieldError(
            "Die Einwohnerzahl muss eine ganze Zahl ohne Punkte sein (z. B. population: 5400).",
            code="type",
        )
    return value


def _check_status(value: Any, taxonomy: Taxonomy) -> str:
    text = _check_text(value, taxonomy)
    name = canonical(text, taxonomy.statuses)
    if name is None:
        raise _FieldError(
            f"Unbekannter Status „{text}“. Erlaubt sind: " + ", ".join(taxonomy.statuses) + ".",
            code="unknown-status",
        )
    return name


def _check_date(value: Any, _: Taxonomy) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):  # YAML dates stay text (see safe_yaml): checked here
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value.strip()).isoformat()
        with contextlib.suppress(ValueError):
            return dt.datetime.fromisoformat(value.strip()).date().isoformat()
    raise _FieldError(
        f"Ungültiges Datum „{value}“: bitte im Format JJJJ-MM-TT angeben (z. B. 2024-03-01).",
        code="type",
    )


def _warn_district(value: str, taxonomy: Taxonomy) -> list[str]:
    if value in taxonomy.districts or value == taxonomy.statewide:
        return []
    hint = closest(value, taxonomy.districts)
    tip = f" Meinten Sie „{hint}“?" if hint else ""
    return [f"Der Kreis „{value}“ ist keiner der 44 Stadt- und Landkreise Baden-Württembergs.{tip}"]


def _warn_funding(values: list[str], taxonomy: Taxonomy) -> list[str]:
    warnings = []
    for value in values:
        if value not in taxonomy.funding_names:
            hint = closest(value, taxonomy.funding_names)
            tip = f" Meinten Sie „{hint}“?" if hint else ""
            warnings.append(f"Unbekanntes Förderprogramm „{value}“.{tip}")
    return warnings


def _warn_summary(value: str, _: Taxonomy) -> list[str]:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", value) if s.strip()]
    if len(sentences) > 3:
        return [f"Die Kurzbeschreibung hat {len(sentences)} Sätze; empfohlen sind 1–3."]
    return []


def _check_aliases(value: Any, taxonomy: Taxonomy) -> list[str]:
    """Earlier addresses of a renamed entry: each must be a valid slug."""
    aliases = _check_list(value, taxonomy)
    for alias in aliases:
        if not SLUG_RE.match(alias):
            raise _FieldError(
                f"Frühere Adresse „{alias}“ ist kein gültiger Name (nur a–z, 0–9 und "
                "Bindestriche).",
                code="invalid-slug",
            )
    return aliases


_ATTACHMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".pptx", ".html", ".htm", ".md", ".markdown", ".txt")


def _check_attachments(value: Any, _: Taxonomy) -> list[dict[str, str]]:
    """Documents under kb/files/: `[{file: name.pdf, title: "…"}]` (a bare name also works).

    A bad item is left out with a warning; the entry itself stays valid.
    """
    items = value if isinstance(value, list) else [value]
    result: list[dict[str, str]] = []
    notes: list[str] = []
    for item in items:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str):
            notes.append("Jeder Anhang braucht „file: name.pdf“ (und optional „title: …“).")
            continue
        name = item["file"].strip()
        title = item.get("title")
        if len(name) > 200 or not _ATTACHMENT.match(name) or ".." in name.split("/"):
            notes.append(
                f"Ungültiger Dateiname „{name}“: ein Pfad unter kb/files/ aus Buchstaben, "
                "Ziffern, Punkt, Binde- und Unterstrich."
            )
        elif not name.lower().endswith(ATTACHMENT_SUFFIXES):
            notes.append(
                f"Der Dateityp von „{name}“ wird nicht unterstützt (erlaubt: "
                + ", ".join(ATTACHMENT_SUFFIXES)
                + ")."
            )
        elif any(a["file"] == name for a in result):
            notes.append(f"Der Anhang „{name}“ steht doppelt in der Liste.")
        else:
            shown = str(title).strip() if isinstance(title, str | int | float) else ""
            result.append({"file": name, "title": shown or name.rsplit("/", 1)[-1]})
    if notes:
        raise _FieldError(" ".join(notes), "warning", "attachment", result)
    return result


_CHECKERS = {
    "attachments": _check_attachments,
    "aliases": _check_aliases,
    "themes": _check_themes,
    "type": _check_type,
    "year": _check_year,
    "population": _check_population,
    "status": _check_status,
    "updated": _check_date,
    **{key: _check_list for key in LIST_FIELDS if key not in ("themes", "aliases")},
}
_WARNINGS = {"district": _warn_district, "funding": _warn_funding, "summary": _warn_summary}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def problems_by_file(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return grouped
