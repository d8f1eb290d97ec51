"""Click's own texts in German: the command line's usage lines, headings and errors.

Click words its help ("Usage:", "Options") and its errors ("No such command") through
`gettext`, but ships no catalog and reads none but the process's locale ones; a German
catalog would have to be compiled and the language forced for the whole process. So each
Click module's `_` and `ngettext` are replaced by look-ups in the table below (Click binds
them per module at import). Every English text must still be in the installed Click:
tests/test_cli.py fails after an upgrade that changes one, instead of printing English.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import click

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")

TEXTS: dict[str, str] = {
    "Usage:": "Aufruf:",
    "Options": "Optionen",
    "Commands": "Befehle",
    "Positional arguments": "Argumente",
    "Show this message and exit.": "Diese Hilfe anzeigen und beenden.",
    "Show the version and exit.": "Die Version anzeigen und beenden.",
    "%(prog)s, version %(version)s": "%(prog)s, Version %(version)s",
    "Error: {message}": "Fehler: {message}",
    "Try '{command} {option}' for help.": "Hilfe: „{command} {option}“.",
    "No such command {name!r}.": "Unbekannter Befehl {name!r}.",
    "No such option {name!r}.": "Unbekannte Option {name!r}.",
    "Missing command.": "Es fehlt ein Befehl.",
    "Missing argument": "Es fehlt ein Argument",
    "Missing option": "Es fehlt eine Option",
    "Missing parameter": "Es fehlt eine Angabe",
    "Missing parameter: {param_name}": "Es fehlt die Angabe {param_name}",
    "Missing {param_type}": "Es fehlt: {param_type}",
    "Invalid value for {param_hint}: {message}": "Ungültiger Wert für {param_hint}: {message}",
    "Invalid value: {message}": "Ungültiger Wert: {message}",
    "Option {name!r} does not take a value.": "Die Option {name!r} nimmt keinen Wert.",
    "Argument {name!r} takes {nargs} values.": "Das Argument {name!r} nimmt {nargs} Werte.",
    "{value!r} is not a valid {number_type}.": "{value!r} ist keine gültige Zahl.",
    "{value} is not in the range {range}.": "{value} liegt nicht im Bereich {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} gibt es nicht.",
    "{name} {filename!r} is a file.": "{name} {filename!r} ist eine Datei.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} ist ein Ordner.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ist nicht lesbar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ist nicht beschreibbar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} ist nicht ausführbar.",
    "Could not open file {filename!r}: {message}": "Die Datei {filename!r} lässt sich nicht "
    "öffnen: {message}",
    "file": "Datei",
    "directory": "Ordner",
    "path": "Pfad",
    "default: {default}": "Standard: {default}",
    "env var: {var}": "Umgebungsvariable: {var}",
    "Choose from:\n\t{choices}": "Zur Auswahl:\n\t{choices}",
    "Aborted!": "Abgebrochen.",
    "Repeat for confirmation": "Zur Bestätigung wiederholen",
    "Error: The two entered values do not match.": "Fehler: Die beiden Eingaben stimmen "
    "nicht überein.",
    "Error: invalid input": "Fehler: ungültige Eingabe",
    "Do you want to continue?": "Fortfahren?",
    "Confirm the action without prompting.": "Ohne Rückfrage bestätigen.",
    "unknown error": "unbekannter Fehler",
}

# (singular, plural) → (German singular, German plural)
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Unerwartetes zusätzliches Argument ({args})",
        "Unerwartete zusätzliche Argumente ({args})",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Die Option {name!r} braucht einen Wert.",
        "Die Option {name!r} braucht {nargs} Werte.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Meinten Sie {possibility}?",
        "(Meinten Sie eine davon: {possibilities}?)",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} ist nicht {choice}.",
        "{value!r} ist keiner dieser Werte: {choices}.",
    ),
}


def german(message: str) -> str:
    """The German text of one of Click's messages, or the message as it is."""
    return TEXTS.get(message, message)


def german_plural(singular: str, plural: str, count: int) -> str:
    """`ngettext` with German texts for Click's plural messages."""
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if count == 1 else many


# Shown for values of a type unless an option names its own metavar ("ORDNER").
TYPE_METAVARS = {
    "integer": "ZAHL",
    "integer range": "ZAHL",
    "float": "ZAHL",
    "float range": "ZAHL",
    "text": "TEXT",
    "path": "PFAD",
    "file": "DATEI",
    "directory": "ORDNER",
}


def germanise(command: click.Command) -> None:
    """German placeholders in a command's usage line and options, and in its subcommands'."""
    command.options_metavar = "[OPTIONEN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "BEFEHL [ARGUMENTE]..."
        for sub in command.commands.values():
            germanise(sub)
    for param in command.params:  # arguments are named by their declarations
        if not isinstance(param, click.Option) or param.is_flag or param.metavar is not None:
            continue
        if param.type.name in TYPE_METAVARS:
            param.metavar = TYPE_METAVARS[param.type.name]


def install() -> None:
    """Make Click word its usage lines, headings and errors in German (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        replacements: dict[str, Callable[..., str]] = {"_": german, "ngettext": german_plural}
        for attribute, replacement in replacements.items():
            if hasattr(module, attribute):
                setattr(module, attribute, replacement)
