"""Files → validated entries plus problems (file, line, German message).

A broken entry is reported and skipped; it never stops the others from loading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indexer.model import (
    LIST_FIELDS,
    OPTIONAL_FIELDS,
    REQUIRED_FIELDS,
    STATUS_PUBLISHED,
    Entry,
    Problem,
)
from indexer.taxonomy import Taxonomy, canonical, closest, load_taxonomy

ENTRIES_DIR = "entries"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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


@dataclass(frozen=True)
class SourceFile:
    """An entry file found on disk, before parsing."""

    path: Path
    rel: str
    slug: str
    checksum: str


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def scan_entry_files(kb_dir: Path) -> tuple[list[SourceFile], list[Problem]]:
    """List entry files with checksums; report invalid and duplicate slugs.

    Files with a bad or duplicate slug are reported and left out.
    """
    kb_dir = Path(kb_dir)
    root = kb_dir / ENTRIES_DIR
    problems: list[Problem] = []
    found: list[SourceFile] = []
    seen: dict[str, str] = {}
    for path in sorted(root.rglob("*.md")) if root.is_dir() else []:
        rel = path.relative_to(kb_dir).as_posix()
        slug = path.stem
        first = seen.get(slug.lower())
        if first is not None:
            problems.append(
                Problem(
                    rel,
                    None,
                    f"Doppelter Slug „{slug}“: Der Name ist schon durch {first} belegt "
                    "(Groß-/Kleinschreibung zählt nicht). Bitte die Datei umbenennen.",
                    code="duplicate-slug",
                )
            )
            continue
        if not SLUG_RE.match(slug):
            hint = re.sub(r"[^a-z0-9]+", "-", _ascii_fold(slug).lower()).strip("-")
            problems.append(
                Problem(
                    rel,
                    None,
                    f"Ungültiger Dateiname „{path.name}“: erlaubt sind nur Kleinbuchstaben "
                    f"a–z, Ziffern und Bindestriche (Vorschlag: „{hint}.md“).",
                    code="invalid-slug",
                )
            )
            continue
        seen[slug.lower()] = rel  # only a valid name claims a slug
        found.append(SourceFile(path, rel, slug, file_checksum(path.read_bytes())))
    return found, problems


def _ascii_fold(text: str) -> str:
    text = text.replace("ß", "ss")
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe")):
        text = text.replace(umlaut, ascii_)
    text = text.replace("Ü", "Ue")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


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
    """Parse and validate one entry file; returns (entry or None, problems)."""
    data = source.path.read_bytes()
    return parse_entry(data, source.rel, source.slug, taxonomy)


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
        node, raw = _parse_yaml(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and (mark is None or mark.index >= len(yaml_text.rstrip())):
            mark = context  # an unclosed quote or bracket: the end of the text tells nothing
        line = mark.line + 2 if mark else 2
        reason = getattr(exc, "problem", None) or "Syntaxfehler"
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


_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: ~10× faster


def _parse_yaml(text: str, loader_class: type = _YamlLoader) -> tuple[yaml.Node | None, Any]:
    """Parse once: the node tree (for line numbers) and the data built from it.

    On a syntax error the pure-Python parser runs again: its error marks are more precise.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    except yaml.YAMLError:
        if loader_class is yaml.SafeLoader:
            raise
        return _parse_yaml(text, yaml.SafeLoader)
    finally:
        loader.dispose()


def validate_fields(
    raw: dict[Any, Any], key_lines: dict[str, int], taxonomy: Taxonomy, rel: str
) -> tuple[dict[str, Any], dict[str, Any], list[Problem]]:
    """Check front-matter values; return (known fields, unknown fields, problems)."""
    problems: list[Problem] = []
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}

    def report(key: str, message: str, severity: str = "error", code: str = "invalid") -> None:
        problems.append(Problem(rel, key_lines.get(key, 2), message, severity, code))  # type: ignore[arg-type]

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
                )
            )

    for key, value in raw.items():
        key = str(key)
        if value is None:
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
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
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


_CHECKERS = {
    "themes": _check_themes,
    "type": _check_type,
    "year": _check_year,
    "population": _check_population,
    "status": _check_status,
    "updated": _check_date,
    **{key: _check_list for key in LIST_FIELDS if key != "themes"},
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
