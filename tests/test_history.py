"""The version history on git: real repositories in tmp_path, no global git identity."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.curation import history
from indexer.curation.history import HistoryError

ENTRY = """---
title: "Lerninsel Tiefenbronn"
year: 2019
---

## Ausgangslage

Kinder lernen gemeinsam.
"""
MESSAGE = "Eintrag „Lerninsel Tiefenbronn“ bearbeitet"


@pytest.fixture(autouse=True)
def no_git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No global or system git configuration, no identity, no inherited repository."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in list(os.environ):
        if name.startswith("GIT_") and name != "GIT_CONFIG_NOSYSTEM":
            monkeypatch.delenv(name)
    for name in ("XDG_CONFIG_HOME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    """Git for setting up and checking, with an identity of its own."""
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def write_kb(kb: Path) -> Path:
    (kb / "entries").mkdir(parents=True)
    (kb / "entries" / "lerninsel-tiefenbronn.md").write_text(ENTRY, encoding="utf-8")
    (kb / "entries" / "pakt.md").write_text(ENTRY.replace("Lerninsel", "Pakt"), encoding="utf-8")
    (kb / "taxonomy.yaml").write_text("themes: [Bildung]\n", encoding="utf-8")
    return kb


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A knowledge base in no repository, made one by ensure_repository."""
    kb = write_kb(tmp_path / "kb")
    history.ensure_repository(kb)
    return kb


@pytest.fixture
def outer(tmp_path: Path) -> Path:
    """A project repository with a committed kb/ inside."""
    root = tmp_path / "project"
    write_kb(root / "kb")
    (root / "README.md").write_text("Projekt\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Projekt angelegt")
    return root


def save(kb: Path, *paths: Path, name: str = "Anna Müller", user: str = "anna", msg: str = MESSAGE):
    return history.commit(kb, paths, author_name=name, author_username=user, message=msg)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# -- repositories ---------------------------------------------------------------------------


def test_ensure_repository_makes_a_plain_directory_a_repository(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb")
    assert history.ensure_repository(kb) == kb.resolve()
    assert (kb / ".git").is_dir()
    assert git(kb, "log", "--format=%an|%s").splitlines() == [
        "Praxisfinder|Versionsgeschichte der Wissensbasis begonnen"
    ]
    assert "entries/lerninsel-tiefenbronn.md" in git(kb, "ls-files").splitlines()
    assert history.ensure_repository(kb) == kb.resolve()  # again: nothing new
    assert len(git(kb, "log", "--format=%H").splitlines()) == 1


def test_ensure_repository_of_an_empty_directory_still_has_a_first_commit(tmp_path: Path) -> None:
    kb = tmp_path / "leer"
    kb.mkdir()
    history.ensure_repository(kb)
    assert git(kb, "log", "--format=%s").strip() == history.FIRST_MESSAGE


def test_inside_a_repository_only_the_given_paths_are_committed(outer: Path) -> None:
    kb = outer / "kb"
    assert history.ensure_repository(kb) == outer.resolve()
    assert not (kb / ".git").exists()
    (outer / "README.md").write_text("Anderer Stand\n", encoding="utf-8")
    git(outer, "add", "README.md")  # someone else's staged change
    edit(kb / "entries" / "lerninsel-tiefenbronn.md", "gemeinsam", "zusammen")
    edit(kb / "entries" / "pakt.md", "gemeinsam", "zusammen")  # changed, not named
    new = save(kb, kb / "entries" / "lerninsel-tiefenbronn.md")
    assert new == git(outer, "rev-parse", "HEAD").strip()
    files = git(outer, "show", "--name-only", "--format=", "HEAD").split()
    assert files == ["kb/entries/lerninsel-tiefenbronn.md"]
    assert git(outer, "diff", "--cached", "--name-only").split() == ["README.md"]
    assert git(outer, "diff", "--name-only").split() == ["kb/entries/pakt.md"]


def test_a_directory_the_repository_ignores_gets_its_own(outer: Path) -> None:
    (outer / ".gitignore").write_text("daten/\n", encoding="utf-8")
    kb = write_kb(outer / "daten" / "kb")
    assert history.ensure_repository(kb) == kb.resolve()
    assert save(kb, kb / "entries" / "pakt.md") is None  # in the first commit already


def test_outside_any_repository_reading_history_says_so(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb")
    with pytest.raises(HistoryError, match="in keinem Git-Repository"):
        history.versions(kb, kb / "entries" / "pakt.md")


# -- commits --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        MESSAGE,
        "Eintrag „Pakt für Integration“ gelöscht (Papierkorb)",
        "# bleibt",
        "-n kein Schalter",
    ],
)
def test_commit_records_the_adviser_and_the_german_message(kb: Path, message: str) -> None:
    edit(kb / "entries" / "pakt.md", "gemeinsam", "zusammen")
    new = save(
        kb, kb / "entries" / "pakt.md", name="Dr. Ümit Öztürk-Weiß", user="uemit", msg=message
    )
    assert new and re.fullmatch(r"[0-9a-f]{40}", new)
    shown = git(kb, "log", "-1", "--format=%H|%an|%ae|%cn|%ce|%B").strip()
    assert shown == (
        f"{new}|Dr. Ümit Öztürk-Weiß|uemit@praxisfinder.invalid|Praxisfinder|"
        f"praxisfinder@localhost|{message}"
    )


def test_no_global_identity_is_configured_in_these_tests(kb: Path) -> None:
    for key in ("user.name", "user.email"):
        probe = subprocess.run(["git", "config", "--get", key], cwd=kb, capture_output=True)
        assert probe.returncode == 1, key  # so every commit here works without one
    assert list(Path(os.environ["HOME"]).iterdir()) == []
    assert os.environ["GIT_CONFIG_NOSYSTEM"] == "1"


@pytest.mark.parametrize(
    "variable, value",
    [
        ("GIT_DIR", "/nonexistent"),
        ("GIT_INDEX_FILE", "/nonexistent/index"),
        ("GIT_AUTHOR_NAME", "Falsch"),
        ("GIT_COMMITTER_EMAIL", "falsch@example.org"),
        ("GIT_EDITOR", "false"),
        ("GIT_PAGER", "false"),
    ],
)
def test_inherited_git_variables_change_nothing(
    kb: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    edit(kb / "entries" / "pakt.md", "gemeinsam", "zusammen")
    assert save(kb, kb / "entries" / "pakt.md")
    monkeypatch.delenv(variable)
    assert git(kb, "log", "-1", "--format=%an|%ce").strip() == "Anna Müller|praxisfinder@localhost"


@pytest.mark.parametrize("hook", ["pre-commit", "commit-msg"])
def test_failing_hooks_are_not_run(kb: Path, hook: str) -> None:
    script = kb / ".git" / "hooks" / hook
    script.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    script.chmod(0o755)
    edit(kb / "entries" / "pakt.md", "gemeinsam", "zusammen")
    assert save(kb, kb / "entries" / "pakt.md")


@pytest.mark.parametrize(
    "change",
    ["nothing", "same text written again", "a path that never existed"],
)
def test_nothing_to_commit_returns_none(kb: Path, change: str) -> None:
    path = kb / "entries" / "pakt.md"
    if change == "same text written again":
        path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    if change == "a path that never existed":
        path = kb / "entries" / "gibt-es-nicht.md"
    before = git(kb, "rev-parse", "HEAD")
    assert save(kb, path) is None
    assert git(kb, "rev-parse", "HEAD") == before


def test_a_new_file_and_a_deleted_file_are_committed(kb: Path) -> None:
    new = kb / "entries" / "neu.md"
    new.write_text(ENTRY, encoding="utf-8")
    assert save(kb, new)
    new.unlink()
    assert save(kb, new)
    assert "entries/neu.md" not in git(kb, "ls-files").splitlines()
    assert git(kb, "status", "--porcelain").strip() == ""


@pytest.mark.parametrize(
    "field, value",
    [
        ("author_name", ""),
        ("author_name", "Anna <anna@example.org>"),
        ("author_name", "Anna\nMüller"),
        ("author_username", "anna müller"),
        ("author_username", "-anna"),
        ("author_username", "anna@example.org"),
        ("message", "  "),
    ],
)
def test_bad_authors_and_messages_are_refused(kb: Path, field: str, value: str) -> None:
    arguments = {"author_name": "Anna", "author_username": "anna", "message": MESSAGE}
    arguments[field] = value
    with pytest.raises(HistoryError):
        history.commit(kb, [kb / "entries" / "pakt.md"], **arguments)


def test_no_paths_is_refused(kb: Path) -> None:
    with pytest.raises(HistoryError, match="keine Dateien"):
        save(kb)


# -- versions -------------------------------------------------------------------------------


@pytest.fixture
def moved(kb: Path) -> dict[str, str]:
    """An entry edited twice, renamed, then moved to the trash; returns the commit ids."""
    old = kb / "entries" / "lerninsel-tiefenbronn.md"
    edit(old, "gemeinsam", "zusammen")
    edited = save(kb, old, msg="Eintrag „Lerninsel Tiefenbronn“ bearbeitet")
    renamed_path = kb / "entries" / "lerninsel.md"
    old.rename(renamed_path)
    renamed = save(kb, old, renamed_path, name="Bernd Beispiel", user="bernd", msg="umbenannt")
    trash = kb / "papierkorb" / "lerninsel.md"
    trash.parent.mkdir()
    renamed_path.rename(trash)
    trashed = save(kb, renamed_path, trash, msg="Eintrag „Lerninsel“ gelöscht (Papierkorb)")
    first = git(kb, "rev-list", "--max-parents=0", "HEAD").strip()
    assert edited and renamed and trashed
    return {"first": first, "edited": edited, "renamed": renamed, "trashed": trashed}


def test_versions_are_newest_first_and_follow_renames(kb: Path, moved: dict[str, str]) -> None:
    found = history.versions(kb, kb / "papierkorb" / "lerninsel.md")
    assert [v.commit for v in found] == [
        moved["trashed"],
        moved["renamed"],
        moved["edited"],
        moved["first"],
    ]
    root = kb.resolve()
    assert [v.path_at_commit for v in found] == [
        root / "papierkorb" / "lerninsel.md",
        root / "entries" / "lerninsel.md",
        root / "entries" / "lerninsel-tiefenbronn.md",
        root / "entries" / "lerninsel-tiefenbronn.md",
    ]
    assert [v.author_name for v in found] == [
        "Anna Müller",
        "Bernd Beispiel",
        "Anna Müller",
        "Praxisfinder",
    ]
    assert [v.author_username for v in found] == ["anna", "bernd", "anna", None]
    assert found[0].message == "Eintrag „Lerninsel“ gelöscht (Papierkorb)"
    assert all(v.when.tzinfo is not None for v in found)
    assert found[0].when >= found[-1].when
    assert [v.commit for v in history.versions(kb, kb / "papierkorb" / "lerninsel.md", 2)] == [
        moved["trashed"],
        moved["renamed"],
    ]


@pytest.mark.parametrize("change", [None, ("Kinder", "Jugendliche")])
def test_a_new_entry_like_another_does_not_get_its_history(
    kb: Path, change: tuple[str, str] | None
) -> None:
    text = (kb / "entries" / "pakt.md").read_text(encoding="utf-8")
    copy = kb / "entries" / "kopie.md"
    copy.write_text(text.replace(*change) if change else text, encoding="utf-8")
    new = save(kb, copy, msg="Eintrag „Kopie“ angelegt")
    found = history.versions(kb, copy)
    assert [(v.commit, v.path_at_commit) for v in found] == [(new, copy.resolve())]


def test_versions_of_a_file_never_committed_are_empty(kb: Path) -> None:
    (kb / "entries" / "neu.md").write_text(ENTRY, encoding="utf-8")
    assert history.versions(kb, kb / "entries" / "neu.md") == []


def test_content_at_gives_the_file_as_it_was(kb: Path, moved: dict[str, str]) -> None:
    old = kb / "entries" / "lerninsel-tiefenbronn.md"
    assert history.content_at(kb, moved["first"], old) == ENTRY.encode()
    assert b"zusammen" in (history.content_at(kb, moved["edited"][:7], old) or b"")
    assert history.content_at(kb, moved["renamed"], old) is None  # gone under that name
    assert history.content_at(kb, moved["first"], kb / "papierkorb" / "lerninsel.md") is None


def test_version_diff_shows_the_changed_lines(kb: Path, moved: dict[str, str]) -> None:
    found = {v.commit: v for v in history.versions(kb, kb / "papierkorb" / "lerninsel.md")}
    edited = history.version_diff(kb, found[moved["edited"]])
    assert "-Kinder lernen gemeinsam.\n" in edited
    assert "+Kinder lernen zusammen.\n" in edited
    changed = [line for line in edited.splitlines() if line[:1] in "+-"]
    assert len(changed) == 4  # the two header lines and the two changed lines
    first = history.version_diff(kb, found[moved["first"]])
    assert first.startswith("--- (keine Datei)\n+++ entries/lerninsel-tiefenbronn.md")
    assert '+title: "Lerninsel Tiefenbronn"\n' in first
    renamed = history.version_diff(kb, found[moved["renamed"]])
    assert renamed == ""  # moved, not changed


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("a\nb\n", "a\nb\n", ""),
        ("a\nb\n", "a\nc\n", "--- alt\n+++ neu\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"),
        ("", "neu", "--- alt\n+++ neu\n@@ -0,0 +1 @@\n+neu\n"),
        ("x\u2028y\n", "x\u2028z\n", "--- alt\n+++ neu\n@@ -1 +1 @@\n-x\u2028y\n+x\u2028z\n"),
    ],
)
def test_readable_diff(old: str, new: str, expected: str) -> None:
    assert history.readable_diff(old, new, "alt", "neu") == expected


# -- concurrency ----------------------------------------------------------------------------

WORKER = """
import sys
from pathlib import Path
from indexer.curation.history import commit
kb, name = Path(sys.argv[1]), sys.argv[2]
for i in range(5):
    path = kb / "entries" / f"{name}.md"
    path.write_text(f"Fassung {i}\\n", encoding="utf-8")
    assert commit(kb, [path], author_name=name, author_username=name, message=f"{name} {i}")
"""


def commit_five(kb: Path, name: str) -> None:
    for i in range(5):
        path = kb / "entries" / f"{name}.md"
        path.write_text(f"Fassung {i}\n", encoding="utf-8")
        assert save(kb, path, name=name, user=name, msg=f"{name} {i}")


@pytest.mark.parametrize("runner", ["processes", "threads"])
def test_concurrent_commits_all_land(kb: Path, runner: str) -> None:
    names = [f"schreiber{n}" for n in range(4)]
    if runner == "processes":
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(kb), name], stderr=subprocess.PIPE, text=True
            )
            for name in names
        ]
        for worker in workers:
            _, stderr = worker.communicate(timeout=120)
            assert worker.returncode == 0, stderr
    else:
        with ThreadPoolExecutor(len(names)) as pool:
            list(pool.map(lambda name: commit_five(kb, name), names))
    subjects = git(kb, "log", "--format=%s").splitlines()
    assert len(subjects) == 1 + 4 * 5
    for name in names:
        assert len(history.versions(kb, kb / "entries" / f"{name}.md")) == 5
    assert git(kb, "status", "--porcelain").strip() == ""


# -- refused input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "commit_id",
    ["", "HEAD", "HEAD~1", "abc", "--all", "-p", "ABCDEF1", "xyz1234", "1234567 ", "a" * 65],
)
def test_bad_commit_ids_are_refused(kb: Path, commit_id: str) -> None:
    with pytest.raises(HistoryError, match="keine gültige Versionskennung"):
        history.content_at(kb, commit_id, kb / "entries" / "pakt.md")


def test_an_unknown_commit_is_refused(kb: Path) -> None:
    with pytest.raises(HistoryError, match="gibt es in der Versionsgeschichte nicht"):
        history.content_at(kb, "1234567", kb / "entries" / "pakt.md")


@pytest.fixture
def outside(tmp_path: Path, kb: Path) -> Path:
    elsewhere = tmp_path / "anderswo"
    elsewhere.mkdir()
    (elsewhere / "geheim.md").write_text("geheim\n", encoding="utf-8")
    (kb / "entries" / "verweis").symlink_to(elsewhere)
    return elsewhere


@pytest.mark.parametrize(
    "relative",
    [
        "../anderswo/geheim.md",
        "entries/../../anderswo/geheim.md",
        "entries/verweis/geheim.md",  # through a symlinked folder
        ".git/config",
        "entries/..",
        "/etc/passwd",
    ],
)
@pytest.mark.parametrize("operation", ["commit", "versions", "content_at"])
def test_paths_outside_the_knowledge_base_are_refused(
    kb: Path, outside: Path, relative: str, operation: str
) -> None:
    path = kb / relative
    head = git(kb, "rev-parse", "HEAD").strip()
    with pytest.raises(HistoryError):
        if operation == "commit":
            save(kb, kb / "entries" / "pakt.md", path)
        elif operation == "versions":
            history.versions(kb, path)
        else:
            history.content_at(kb, head, path)
    assert git(kb, "rev-parse", "HEAD").strip() == head


def test_inside_the_project_only_the_knowledge_base_is_reachable(outer: Path) -> None:
    with pytest.raises(HistoryError, match="nicht in der Wissensbasis"):
        save(outer / "kb", outer / "README.md")


# -- command line ---------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, ["history", *args])


def test_cli_lists_versions_newest_first(kb: Path, moved: dict[str, str]) -> None:
    (kb / "entries" / "wieder.md").write_text(ENTRY, encoding="utf-8")
    save(kb, kb / "entries" / "wieder.md", msg="Eintrag „Wieder“ angelegt")
    edit(kb / "entries" / "wieder.md", "gemeinsam", "zusammen")
    second = save(kb, kb / "entries" / "wieder.md", name="Bernd Beispiel", user="bernd")
    result = run("wieder", "--kb", str(kb))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    pattern = r"\d\d\.\d\d\.\d{{4}} \d\d:\d\d  {}  {}  \([0-9a-f]{{8}}\)"
    assert re.fullmatch(pattern.format("Bernd Beispiel", re.escape(MESSAGE)), lines[0])
    assert re.fullmatch(pattern.format("Anna Müller", "Eintrag „Wieder“ angelegt"), lines[1])
    assert second and f"({second[:8]})" in lines[0]
    assert len(lines) == 2
    limited = run("wieder", "--kb", str(kb), "--limit", "1")
    assert limited.output.splitlines() == lines[:1]


def test_cli_finds_entries_in_sub_folders(kb: Path) -> None:
    sub = kb / "entries" / "2019"
    sub.mkdir()
    (sub / "tief.md").write_text(ENTRY, encoding="utf-8")
    save(kb, sub / "tief.md", msg="Eintrag „Tief“ angelegt")
    result = run("tief", "--kb", str(kb))
    assert result.exit_code == 0, result.output
    assert "Eintrag „Tief“ angelegt" in result.output


@pytest.mark.parametrize(
    "slug, in_repository, expected",
    [
        ("gibt-es-nicht", True, "keinen Eintrag „gibt-es-nicht“"),
        ("../pakt", True, "kein gültiger Slug"),
        ("*", True, "kein gültiger Slug"),
        ("pakt", False, "in keinem Git-Repository"),
    ],
)
def test_cli_fails_in_german(tmp_path: Path, slug: str, in_repository: bool, expected: str):
    kb = write_kb(tmp_path / "kb")
    if in_repository:
        history.ensure_repository(kb)
    result = run(slug, "--kb", str(kb))
    assert result.exit_code == 1, result.output
    assert "Fehler: " in result.output and expected in result.output


def test_cli_without_versions_yet(tmp_path: Path) -> None:
    outer = tmp_path / "leer"
    write_kb(outer / "kb")
    git(outer, "init", "-q")
    result = run("pakt", "--kb", str(outer / "kb"))
    assert result.exit_code == 0, result.output
    assert "noch keine Version" in result.output
