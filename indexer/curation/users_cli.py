"""Command line: `python -m indexer users add|passwd|list|remove`. Parses and prints only."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from indexer.curation.accounts import (
    DEFAULT_USERS_PATH,
    MAX_PASSWORD,
    ROLES,
    AccountError,
    UserStore,
    default_users_path,
    normalize_name,
    validate_display_name,
    validate_name,
    validate_password,
    validate_role,
)

ROLE_HELP = "redaktion (schreibt, reicht ein), freigabe (auch veröffentlichen), admin (alles)"


def users_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--users",
        "users_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=lambda: str(default_users_path()),
        show_default=f"{DEFAULT_USERS_PATH} oder $PRAXISFINDER_USERS",
        help="Datei mit den Konten (liegt außerhalb der Wissensbasis).",
    )(func)


@click.group()
def users() -> None:
    """Konten für die Redaktion in der App verwalten."""


@users.command()
@click.argument("name")
@click.option("--role", metavar="|".join(ROLES), help=f"Rolle des Kontos: {ROLE_HELP}.")
@click.option("--display-name", help="Name, den die App zeigt (Standard: der Benutzername).")
@users_option
def add(name: str, role: str | None, display_name: str | None, users_file: Path) -> None:
    """Ein Konto anlegen.

    Das Passwort wird verdeckt abgefragt (zweimal); ohne Terminal wird es als eine Zeile von
    der Standardeingabe gelesen, nie von der Befehlszeile.
    """
    store = UserStore(users_file)
    if role is None:
        raise click.ClickException(f"Bitte eine Rolle angeben: --role {'|'.join(ROLES)}.")
    with _german_errors():
        name = validate_name(name)
        validate_role(role)
        if display_name is not None:
            validate_display_name(display_name)
        if store.get(name) is not None:
            raise AccountError(f"Das Konto „{name}“ gibt es schon.")
        user = store.add(name, _read_password(), role, display_name)
    click.echo(
        _printable(
            f"Konto „{user.name}“ angelegt ({user.display_name}, Rolle {user.role}) "
            f"in {store.path}."
        )
    )


@users.command()
@click.argument("name")
@users_option
def passwd(name: str, users_file: Path) -> None:
    """Das Passwort eines Kontos neu setzen.

    Das Passwort wird verdeckt abgefragt (zweimal); ohne Terminal wird es als eine Zeile von
    der Standardeingabe gelesen, nie von der Befehlszeile.
    """
    store = UserStore(users_file)
    with _german_errors():
        if store.get(name) is None:
            raise AccountError(f"Es gibt kein Konto „{_printable(name)}“ in {store.path}.")
        store.set_password(name, _read_password())
    click.echo(_printable(f"Passwort für „{normalize_name(name)}“ geändert."))


@users.command(name="list")
@users_option
def list_command(users_file: Path) -> None:
    """Alle Konten zeigen: Benutzername, Anzeigename, Rolle."""
    store = UserStore(users_file)
    with _german_errors():
        accounts = store.list_users()
    if not accounts:
        click.echo(
            f"Keine Konten in {store.path}. Das erste anlegen mit: "
            "python -m indexer users add NAME --role admin"
        )
        return
    rows = [("Benutzername", "Anzeigename", "Rolle")]
    rows += [(u.name, _printable(u.display_name), u.role) for u in accounts]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for row in rows:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}".rstrip())


@users.command()
@click.argument("name")
@users_option
def remove(name: str, users_file: Path) -> None:
    """Ein Konto entfernen."""
    store = UserStore(users_file)
    with _german_errors():
        store.remove(name)
    click.echo(_printable(f"Konto „{normalize_name(name)}“ entfernt."))


def _read_password() -> str:
    """From a hidden prompt with confirmation on a terminal, else one line of stdin."""
    if sys.stdin.isatty():
        password = click.prompt("Passwort", hide_input=True, prompt_suffix=": ")
        validate_password(password)
        again = click.prompt("Passwort wiederholen", hide_input=True, prompt_suffix=": ")
        if again != password:
            raise AccountError("Die beiden Eingaben stimmen nicht überein.")
        return password
    line = sys.stdin.readline(MAX_PASSWORD + 3)
    if not line:
        raise AccountError(
            "Kein Passwort erhalten: auf einem Terminal wird es abgefragt, "
            "sonst als eine Zeile von der Standardeingabe gelesen."
        )
    return validate_password(line.removesuffix("\n").removesuffix("\r"))


@contextlib.contextmanager
def _german_errors() -> Iterator[None]:
    """Turn AccountError and file errors into a German message with exit code 1."""
    try:
        yield
    except AccountError as exc:
        raise click.ClickException(_printable(str(exc))) from exc
    except OSError as exc:
        message = f"Die Kontodatei ist nicht lesbar oder nicht schreibbar: {exc}"
        raise click.ClickException(_printable(message)) from exc


def _printable(text: str) -> str:
    from indexer.cli import printable  # here: indexer.cli imports this module

    return printable(text)
