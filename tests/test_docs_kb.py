"""The shipped knowledge base is clean, and the CLI is documented in README and --help."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.loading import load_kb

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(cli.commands)


def test_the_cli_has_the_documented_commands() -> None:
    assert {"build", "search", "stats", "validate"} <= set(COMMANDS)


def test_shipped_kb_has_no_errors_and_no_warnings() -> None:
    result = load_kb(ROOT / "kb")
    assert [p.format() for p in result.problems] == []
    assert len(result.entries) == len(list((ROOT / "kb" / "entries").rglob("*.md"))) == 8


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md fehlt: sie soll jeden CLI-Befehl beschreiben"
    text = readme.read_text(encoding="utf-8")
    assert re.search(rf"(?:python -m indexer|praxisfinder) {name}\b", text), (
        f"README.md zeigt den Befehl „python -m indexer {name}“ nicht"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name: str) -> None:
    command = cli.commands[name]
    assert command.help and command.help.strip()
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    first_line = command.help.strip().split("\n")[0]
    assert " ".join(first_line.split()) in " ".join(result.output.split())  # help wraps lines


def test_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", result.output, flags=re.MULTILINE), name
