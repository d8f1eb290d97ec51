"""Curation settings (`.praxisfinder/settings.yaml`): four-eyes rule, sessions, sign-in limits.

A broken or odd settings file never stops the app: each bad value falls back to its
default and a warning is logged.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from indexer.storage import atomic_write_text

log = logging.getLogger(__name__)

SETTINGS_ENV = "PRAXISFINDER_SETTINGS"
DEFAULT_SETTINGS_PATH = Path(".praxisfinder") / "settings.yaml"


@dataclass(frozen=True)
class Settings:
    """Curation settings; the YAML keys are German (see KEYS)."""

    four_eyes: bool = False  # when true, nobody publishes their own submission
    session_hours: float = 8.0  # sign-out after this much inactivity
    login_attempts: int = 5  # failed sign-ins per user or client within the lockout time
    lockout_minutes: float = 15.0  # the window in which failures count, and the wait


# YAML key → (attribute, kind, lowest, highest)
KEYS: dict[str, tuple[str, str, float, float]] = {
    "vier_augen": ("four_eyes", "bool", 0, 0),
    "sitzungsdauer_stunden": ("session_hours", "number", 0.05, 24 * 31),
    "anmeldeversuche": ("login_attempts", "int", 1, 1000),
    "sperrzeit_minuten": ("lockout_minutes", "number", 1, 24 * 60),
}


def default_settings_path() -> Path:
    """`$PRAXISFINDER_SETTINGS`, else `.praxisfinder/settings.yaml` in the current directory."""
    return Path(os.environ.get(SETTINGS_ENV) or DEFAULT_SETTINGS_PATH)


def load_settings(path: Path | str | None = None) -> Settings:
    """The settings in `path`; defaults for a missing file and for every invalid value."""
    path = Path(path) if path is not None else default_settings_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        log.warning("settings file %s unreadable, using defaults: %s", path, exc)
        return Settings()
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        log.warning("settings file %s is not a mapping, using defaults", path)
        return Settings()
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            log.warning("settings file %s: unknown key %r ignored", path, key)
            continue
        attribute, kind, lowest, highest = KEYS[key]
        checked = _checked(value, kind, lowest, highest)
        if checked is None:
            log.warning("settings file %s: invalid value for %r, using the default", path, key)
        else:
            values[attribute] = checked
    return Settings(**values)


def save_settings(settings: Settings, path: Path | str | None = None) -> None:
    """Write `settings` atomically, with the German keys."""
    path = Path(path) if path is not None else default_settings_path()
    by_attribute = dataclasses.asdict(settings)
    data = {key: by_attribute[attribute] for key, (attribute, *_) in KEYS.items()}
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = "# Praxisfinder: Einstellungen der Redaktion\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False
    )
    atomic_write_text(path, text)


def _checked(value: Any, kind: str, lowest: float, highest: float) -> bool | int | float | None:
    """`value` when it has the right kind and range, else None."""
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not lowest <= value <= highest:
        return None
    if kind == "int":
        return value if isinstance(value, int) else None
    return float(value)
