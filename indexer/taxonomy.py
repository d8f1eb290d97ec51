"""The controlled vocabulary in `kb/taxonomy.yaml`: themes, types, funding, districts, sizes."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from indexer.model import STATUSES
from indexer.safe_yaml import CONFIG_MAX_NODES, YamlRefused, parse_yaml
from indexer.sources import SourceError, read_source

TAXONOMY_FILE = "taxonomy.yaml"


class TaxonomyError(Exception):
    """The taxonomy file is missing or malformed; nothing can be validated without it."""


@dataclass(frozen=True)
class Term:
    name: str
    description: str = ""


@dataclass(frozen=True)
class SizeClass:
    """Municipality size by inhabitants: `low` inclusive, `high` exclusive."""

    name: str
    low: int | None = None
    high: int | None = None

    def contains(self, population: int) -> bool:
        return (self.low is None or population >= self.low) and (
            self.high is None or population < self.high
        )


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Term, ...]
    types: tuple[Term, ...]
    funding: tuple[Term, ...]
    districts: tuple[str, ...]
    size_classes: tuple[SizeClass, ...]
    statuses: tuple[str, ...]
    statewide: str
    # Names of the area every entry lies in ("Baden-Württemberg", "Deutschland"): a query
    # word naming it says nothing of what is searched (`indexer.region_names`).
    region: tuple[str, ...] = ()
    # Parts of the state by name and their districts ("Bodensee": Bodenseekreis, Landkreis
    # Konstanz): a query naming one ranks their entries higher (`indexer.area_names`).
    areas: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def theme_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.themes)

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types)

    @property
    def funding_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.funding)

    def size_class(self, population: int | None) -> str | None:
        if population is None:
            return None
        for size in self.size_classes:
            if size.contains(population):
                return size.name
        return None


def closest(value: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The most similar valid choice, for "Meinten Sie …?" hints in messages."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def canonical(value: str, choices: tuple[str, ...]) -> str | None:
    """The choice equal to `value` ignoring case and surrounding space, else None."""
    wanted = value.strip().casefold()
    return next((c for c in choices if c.casefold() == wanted), None)


def _terms(raw: object, key: str) -> tuple[Term, ...]:
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(f"„{key}“ muss eine nicht leere Liste sein.")
    terms = []
    for item in raw:
        if isinstance(item, str):
            terms.append(Term(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            terms.append(Term(item["name"], str(item.get("description", ""))))
        else:
            raise TaxonomyError(f"Ungültiger Eintrag in „{key}“: {item!r}")
    return tuple(terms)


def parse_taxonomy(data: object) -> Taxonomy:
    if not isinstance(data, dict):
        raise TaxonomyError("Die Taxonomie muss eine YAML-Zuordnung (Schlüssel: Wert) sein.")
    sizes = []
    for item in data.get("size_classes") or []:
        if not isinstance(item, dict) or "name" not in item:
            raise TaxonomyError(f"Ungültige Größenklasse: {item!r}")
        sizes.append(SizeClass(str(item["name"]), item.get("min"), item.get("max")))
    districts = data.get("districts") or []
    if not isinstance(districts, list) or not all(isinstance(d, str) for d in districts):
        raise TaxonomyError("„districts“ muss eine Liste von Namen sein.")
    statewide = str(data.get("statewide", "Baden-Württemberg (landesweit)"))
    region = data.get("region", [statewide.split(" (")[0]])
    if not isinstance(region, list) or not all(isinstance(n, str) and n.strip() for n in region):
        raise TaxonomyError("„region“ muss eine Liste von Namen sein (z. B. [Baden-Württemberg]).")
    areas = data.get("areas") or {}
    if not isinstance(areas, dict) or not all(
        isinstance(name, str) and isinstance(found, list) for name, found in areas.items()
    ):
        raise TaxonomyError("„areas“ muss Namen auf Listen von Kreisen abbilden.")
    for name, found in areas.items():
        unknown = [d for d in found if d not in districts]
        if unknown:
            raise TaxonomyError(f"„areas“, „{name}“: unbekannter Kreis „{unknown[0]}“.")
    return Taxonomy(
        themes=_terms(data.get("themes"), "themes"),
        types=_terms(data.get("types"), "types"),
        funding=_terms(data.get("funding") or [], "funding") if data.get("funding") else (),
        districts=tuple(districts),
        size_classes=tuple(sizes),
        statuses=tuple(data.get("statuses") or STATUSES),
        statewide=statewide,
        region=tuple(n.strip() for n in region),
        areas=tuple((name.strip(), tuple(found)) for name, found in areas.items()),
    )


def load_taxonomy(kb_dir: Path) -> Taxonomy:
    """Read `<kb>/taxonomy.yaml`; raises TaxonomyError with a German message."""
    path = Path(kb_dir) / TAXONOMY_FILE
    if not path.exists() and not path.is_symlink():
        raise TaxonomyError(f"{path}: Die Taxonomie-Datei fehlt.")
    try:
        text = read_source(path, Path(kb_dir)).decode("utf-8")
    except SourceError as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise TaxonomyError(f"{path}: Die Datei ist nicht UTF-8-kodiert.") from exc
    try:
        data = parse_yaml(text, CONFIG_MAX_NODES)[1]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        why = f" ({exc.problem})" if isinstance(exc, YamlRefused) else ""
        raise TaxonomyError(f"{path}{line}: Die Taxonomie ist kein gültiges YAML{why}.") from exc
    try:
        return parse_taxonomy(data)
    except TaxonomyError as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
