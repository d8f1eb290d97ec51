"""Accounts, sign-in rate limit, curation settings and the `users` CLI."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from argon2 import PasswordHasher
from click.testing import CliRunner, Result

from indexer.cli import cli
from indexer.curation.accounts import (
    AccountError,
    User,
    UserStore,
    can,
    default_users_path,
)
from indexer.curation.ratelimit import RateLimiter, lockout_message
from indexer.curation.settings import Settings, load_settings, save_settings

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "korrekt-Pferd-Batterie-7"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # fast, still argon2id


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    """A store with one account, anna (admin)."""
    store = UserStore(tmp_path / "conf" / "users.yaml")
    store.add("anna", PASSWORD, "admin", "Anna Beispiel")
    return store


# --- roles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "write", "publish", "admin"),
    [
        ("redaktion", True, False, False),
        ("freigabe", True, True, False),
        ("admin", True, True, True),
        ("gast", False, False, False),
    ],
)
def test_roles_are_ordered(role: str, write: bool, publish: bool, admin: bool) -> None:
    assert (can(role, "write"), can(role, "publish"), can(role, "admin")) == (write, publish, admin)
    assert not can(role, "delete-everything")
    assert User("x1", "X", role).can("publish") == publish


# --- the store ----------------------------------------------------------------------------


def test_verify_right_wrong_and_unknown(store: UserStore) -> None:
    assert store.verify("anna", PASSWORD) == User("anna", "Anna Beispiel", "admin")
    assert store.verify(" Anna ", PASSWORD) == User("anna", "Anna Beispiel", "admin")
    assert store.verify("anna", PASSWORD + "x") is None
    assert store.verify("anna", "") is None
    assert store.verify("anna", "x" * 5000) is None
    assert store.verify("anna", "\ud800" * 12) is None
    assert store.verify("bert", PASSWORD) is None
    assert store.verify("", PASSWORD) is None


def test_file_holds_an_argon2id_hash_and_never_the_password(store: UserStore) -> None:
    text = store.path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    record = yaml.safe_load(text)["users"]["anna"]
    assert record["password_hash"].startswith("$argon2id$")
    assert set(record) == {"display_name", "role", "password_hash", "created"}
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_file_stays_0600_after_changes_even_with_a_lax_umask(store: UserStore) -> None:
    old = os.umask(0)
    try:
        store.add("bert", PASSWORD, "redaktion")
        store.set_password("anna", "ein-neues-Passwort")
        store.remove("bert")
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_list_get_set_password_remove(store: UserStore) -> None:
    store.add("bert.b", PASSWORD, "redaktion")
    assert [u.name for u in store.list_users()] == ["anna", "bert.b"]
    assert store.get("bert.b") == User("bert.b", "bert.b", "redaktion")  # display name: the name
    store.set_password("bert.b", "ein-neues-Passwort")
    assert store.verify("bert.b", PASSWORD) is None
    assert store.verify("bert.b", "ein-neues-Passwort") is not None
    store.remove("bert.b")
    assert store.get("bert.b") is None
    assert [u.name for u in store.list_users()] == ["anna"]


@pytest.mark.parametrize(
    ("name", "password", "role", "display_name", "message"),
    [
        ("anna", PASSWORD, "admin", None, "gibt es schon"),
        ("ANNA", PASSWORD, "admin", None, "gibt es schon"),
        ("b", PASSWORD, "admin", None, "Ungültiger Benutzername"),
        ("-bert", PASSWORD, "admin", None, "Ungültiger Benutzername"),
        ("bert\n", PASSWORD, "admin", None, None),  # surrounding space is trimmed: accepted
        ("bert\nx", PASSWORD, "admin", None, "Ungültiger Benutzername"),
        ("bört", PASSWORD, "admin", None, "Ungültiger Benutzername"),
        ("b" * 33, PASSWORD, "admin", None, "Ungültiger Benutzername"),
        ("bert", "kurz", "admin", None, "mindestens 10 Zeichen"),
        ("bert", "x" * 1025, "admin", None, "höchstens 1024 Zeichen"),
        ("bert", "\ud800" * 10, "admin", None, "ungültige Zeichen"),
        ("bert", PASSWORD, "chef", None, "Unbekannte Rolle"),
        ("bert", PASSWORD, "admin", "", "1 bis 80 Zeichen"),
        ("bert", PASSWORD, "admin", "x" * 81, "1 bis 80 Zeichen"),
        ("bert", PASSWORD, "admin", "Bert\u202eEvil", "Steuerzeichen"),
    ],
)
def test_add_refuses_invalid_input(
    store: UserStore,
    name: str,
    password: str,
    role: str,
    display_name: str | None,
    message: str | None,
) -> None:
    if message is None:
        store.add(name, password, role, display_name)
        return
    before = store.path.read_bytes()
    with pytest.raises(AccountError, match=message):
        store.add(name, password, role, display_name)
    assert store.path.read_bytes() == before


@pytest.mark.parametrize("action", ["set_password", "remove"])
def test_unknown_account_is_an_error(store: UserStore, action: str) -> None:
    args = ("bert", PASSWORD) if action == "set_password" else ("bert",)
    with pytest.raises(AccountError, match="Es gibt kein Konto „bert“"):
        getattr(store, action)(*args)


def test_missing_file_means_no_accounts(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "nowhere" / "users.yaml")
    assert store.list_users() == []
    assert store.get("anna") is None
    assert store.verify("anna", PASSWORD) is None
    assert not store.path.exists()


@pytest.mark.parametrize("text", ["users: [1, 2]\n", "- a\n", "users: {a: [\n"])
def test_broken_file_is_an_error_and_is_not_overwritten(tmp_path: Path, text: str) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(text, encoding="utf-8")
    store = UserStore(path)
    with pytest.raises(AccountError, match="Kontodatei"):
        store.add("bert", PASSWORD, "admin")
    assert path.read_text(encoding="utf-8") == text


def test_invalid_records_are_skipped_but_kept(store: UserStore) -> None:
    data = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    data["users"]["odd"] = {"role": "chef", "display_name": "Odd", "password_hash": "x"}
    store.path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert [u.name for u in store.list_users()] == ["anna"]
    assert store.verify("odd", "x" * 10) is None
    store.add("bert", PASSWORD, "redaktion")
    assert "odd" in yaml.safe_load(store.path.read_text(encoding="utf-8"))["users"]


def test_a_failed_write_leaves_the_old_file(
    store: UserStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store.path.read_bytes()

    def failing_replace(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        store.add("bert", PASSWORD, "redaktion")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["users.yaml", "users.yaml.lock"]
    assert store.verify("anna", PASSWORD) is not None


def test_outdated_hash_is_replaced_on_sign_in(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    UserStore(path, hasher=CHEAP).add("anna", PASSWORD, "admin")
    old_hash = yaml.safe_load(path.read_text(encoding="utf-8"))["users"]["anna"]["password_hash"]
    assert "m=8,t=1,p=1" in old_hash
    store = UserStore(path)  # the library's current parameters
    assert store.verify("anna", PASSWORD) is not None
    new_hash = yaml.safe_load(path.read_text(encoding="utf-8"))["users"]["anna"]["password_hash"]
    assert new_hash.startswith("$argon2id$") and new_hash != old_hash
    assert not store.hasher.check_needs_rehash(new_hash)
    assert store.verify("anna", PASSWORD) is not None


def test_invalid_hash_is_no_crash(store: UserStore) -> None:
    data = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    data["users"]["anna"]["password_hash"] = "$2b$12$notanargon2hashatall"
    store.path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert store.verify("anna", PASSWORD) is None


def test_unknown_user_takes_as_long_as_a_wrong_password(store: UserStore) -> None:
    def fastest(name: str) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            assert store.verify(name, "falsches-Passwort") is None
            times.append(time.perf_counter() - start)
        return min(times)

    store.verify("nobody", "warm-up-the-dummy-hash")
    wrong, unknown = fastest("anna"), fastest("nobody")
    # Without the dummy hash an unknown name answers ~1000× faster than a wrong password.
    assert unknown > wrong * 0.5, (unknown, wrong)


def test_default_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PRAXISFINDER_USERS", raising=False)
    assert default_users_path() == Path(".praxisfinder/users.yaml")
    monkeypatch.setenv("PRAXISFINDER_USERS", str(tmp_path / "k.yaml"))
    assert default_users_path() == tmp_path / "k.yaml"
    assert UserStore().path == tmp_path / "k.yaml"


ADD_MANY = """
import sys
from argon2 import PasswordHasher
from indexer.curation.accounts import UserStore
store = UserStore(sys.argv[1], hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
for i in range(int(sys.argv[3])):
    store.add(f"{sys.argv[2]}-{i}", "passwort-123456", "redaktion")
"""


def test_concurrent_adds_from_several_processes_lose_none(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    processes, per_process = 6, 15
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = [
        subprocess.Popen(
            [sys.executable, "-c", ADD_MANY, str(path), f"p{n}", str(per_process)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    for process in running:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    names = {u.name for u in UserStore(path).list_users()}
    assert names == {f"p{n}-{i}" for n in range(processes) for i in range(per_process)}


# --- rate limit ---------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


USER = ("user", "anna")
CLIENT = ("client", "203.0.113.7")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_five_failures_block_until_the_oldest_leaves_the_window(clock: FakeClock) -> None:
    limiter = RateLimiter(limit=5, window_seconds=900, clock=clock)
    for _ in range(4):
        limiter.record_failure([USER])
        assert limiter.retry_after([USER]) == 0
        clock.now += 10
    limiter.record_failure([USER])  # the fifth, 40 s after the first
    assert limiter.retry_after([USER]) == pytest.approx(860)
    clock.now += 859
    assert limiter.retry_after([USER]) == pytest.approx(1)
    clock.now += 1  # the first failure leaves the window: four are left
    assert limiter.retry_after([USER]) == 0
    clock.now += 900
    assert limiter.retry_after([USER]) == 0
    assert limiter.tracked_keys() == 0  # empty keys are forgotten


def test_user_and_client_keys_are_independent(clock: FakeClock) -> None:
    limiter = RateLimiter(limit=5, window_seconds=900, clock=clock)
    for n in range(5):  # one client tries five names: the client is blocked, no name is
        limiter.record_failure([("user", f"name{n}"), CLIENT])
    assert limiter.retry_after([CLIENT]) > 0
    assert limiter.retry_after([("user", "name0")]) == 0
    assert limiter.retry_after([USER, ("client", "198.51.100.1")]) == 0
    assert limiter.retry_after([USER, CLIENT]) > 0
    for n in range(5):  # five clients try one name: the name is blocked
        limiter.record_failure([USER, ("client", f"10.0.0.{n}")])
    assert limiter.retry_after([USER, ("client", "10.0.0.99")]) > 0


def test_reset_after_success(clock: FakeClock) -> None:
    limiter = RateLimiter(limit=5, clock=clock)
    for _ in range(5):
        limiter.record_failure([USER, CLIENT])
    limiter.reset(USER)
    assert limiter.retry_after([USER]) == 0
    assert limiter.retry_after([CLIENT]) > 0
    limiter.reset(("user", "never-seen"))


def test_keys_are_bounded(clock: FakeClock) -> None:
    limiter = RateLimiter(limit=5, window_seconds=900, clock=clock, max_keys=100)
    for n in range(1000):
        limiter.record_failure([("client", str(n))])
    assert limiter.tracked_keys() == 100
    assert limiter.retry_after([("client", "999")]) == 0  # one failure: allowed
    for _ in range(4):
        limiter.record_failure([("client", "999")])
    assert limiter.retry_after([("client", "999")]) > 0  # the newest keys are kept
    clock.now += 901
    limiter.record_failure([USER])  # expired keys are swept on the next failure
    assert limiter.tracked_keys() == 1


def test_rate_limiter_is_thread_safe(clock: FakeClock) -> None:
    import threading

    limiter = RateLimiter(limit=1000, clock=clock)
    threads = [
        threading.Thread(target=lambda: [limiter.record_failure([USER]) for _ in range(100)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert limiter.retry_after([USER]) == 0  # 800 < 1000
    for _ in range(200):
        limiter.record_failure([USER])
    assert limiter.retry_after([USER]) > 0


@pytest.mark.parametrize(
    ("seconds", "message"),
    [
        (0.5, "Zu viele Anmeldeversuche. Bitte in 1 Minute erneut versuchen."),
        (60, "Zu viele Anmeldeversuche. Bitte in 1 Minute erneut versuchen."),
        (61, "Zu viele Anmeldeversuche. Bitte in 2 Minuten erneut versuchen."),
        (860, "Zu viele Anmeldeversuche. Bitte in 15 Minuten erneut versuchen."),
    ],
)
def test_lockout_message(seconds: float, message: str) -> None:
    assert lockout_message(seconds) == message


# --- settings -----------------------------------------------------------------------------


def test_settings_defaults_for_a_missing_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "settings.yaml")
    assert settings == Settings(
        four_eyes=False, session_hours=8, login_attempts=5, lockout_minutes=15
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Settings()),
        ("vier_augen: true\n", Settings(four_eyes=True)),
        (
            "vier_augen: true\nsitzungsdauer_stunden: 0.5\nanmeldeversuche: 3\n"
            "sperrzeit_minuten: 30\n",
            Settings(True, 0.5, 3, 30),
        ),
        ("vier_augen: ja bitte\n", Settings()),
        ("vier_augen: 1\n", Settings()),
        ("sitzungsdauer_stunden: -1\nanmeldeversuche: 2\n", Settings(login_attempts=2)),
        ("sitzungsdauer_stunden: .nan\n", Settings()),
        ("sitzungsdauer_stunden: true\n", Settings()),
        ("anmeldeversuche: 2.5\n", Settings()),
        ("anmeldeversuche: 0\n", Settings()),
        ("sperrzeit_minuten: '15'\n", Settings()),
        ("unbekannt: 1\nanmeldeversuche: 7\n", Settings(login_attempts=7)),
        ("- eine Liste\n", Settings()),
        ("vier_augen: [\n", Settings()),
        ("!!python/object:os.system {}\n", Settings()),
    ],
)
def test_invalid_settings_fall_back_to_defaults(
    tmp_path: Path, text: str, expected: Settings
) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_settings(path) == expected


def test_settings_round_trip_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "conf" / "settings.yaml"
    monkeypatch.setenv("PRAXISFINDER_SETTINGS", str(path))
    settings = Settings(four_eyes=True, session_hours=2, login_attempts=3, lockout_minutes=5)
    save_settings(settings)
    assert load_settings() == settings
    assert "vier_augen: true" in path.read_text(encoding="utf-8")


# --- the CLI ------------------------------------------------------------------------------


def users(*args: str | Path, input: str | None = None, exit_code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["users", *map(str, args)], input=input)
    assert result.exit_code == exit_code, result.output
    assert PASSWORD not in result.output
    return result


def test_cli_add_list_passwd_remove(tmp_path: Path) -> None:
    file = tmp_path / "users.yaml"
    result = users(
        "add",
        "anna",
        "--role",
        "admin",
        "--display-name",
        "Anna Beispiel",
        "--users",
        file,
        input=PASSWORD + "\n",
    )
    assert "Konto „anna“ angelegt" in result.output
    assert UserStore(file).verify("anna", PASSWORD) == User("anna", "Anna Beispiel", "admin")
    users("add", "bert", "--role", "redaktion", "--users", file, input=PASSWORD + "\r\n")
    assert UserStore(file).verify("bert", PASSWORD) is not None

    listing = users("list", "--users", file).output
    assert listing.splitlines()[1:] == [
        "anna          Anna Beispiel  admin",
        "bert          bert           redaktion",
    ]
    assert "argon2" not in listing

    result = users("passwd", "bert", "--users", file, input="ein-neues-Passwort\n")
    assert "Passwort für „bert“ geändert" in result.output
    assert UserStore(file).verify("bert", "ein-neues-Passwort") is not None

    assert "Konto „bert“ entfernt" in users("remove", "bert", "--users", file).output
    assert [u.name for u in UserStore(file).list_users()] == ["anna"]


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (["add", "anna", "--role", "admin"], PASSWORD + "\n", "Das Konto „anna“ gibt es schon"),
        (["add", "bert", "--role", "admin"], "kurz\n", "mindestens 10 Zeichen"),
        (["add", "bert", "--role", "admin"], "", "Kein Passwort erhalten"),
        (["add", "bert", "--role", "chef"], PASSWORD + "\n", "Unbekannte Rolle „chef“"),
        (["add", "bert"], PASSWORD + "\n", "Bitte eine Rolle angeben"),
        (["add", "Bert Meier", "--role", "admin"], PASSWORD + "\n", "Ungültiger Benutzername"),
        (["passwd", "bert"], PASSWORD + "\n", "Es gibt kein Konto „bert“"),
        (["passwd", "anna"], "kurz\n", "mindestens 10 Zeichen"),
        (["remove", "bert"], None, "Es gibt kein Konto „bert“"),
    ],
)
def test_cli_refusals(tmp_path: Path, args: list[str], input: str | None, message: str) -> None:
    file = tmp_path / "users.yaml"
    users("add", "anna", "--role", "admin", "--users", file, input=PASSWORD + "\n")
    before = file.read_bytes()
    result = users(*args, "--users", file, input=input, exit_code=1)
    assert message in result.output
    assert "kurz" not in result.output
    assert file.read_bytes() == before


def test_cli_users_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAXISFINDER_USERS", str(tmp_path / "env.yaml"))
    users("add", "anna", "--role", "freigabe", input=PASSWORD + "\n")
    assert UserStore(tmp_path / "env.yaml").get("anna") == User("anna", "anna", "freigabe")


def test_cli_list_without_accounts(tmp_path: Path) -> None:
    result = users("list", "--users", tmp_path / "users.yaml")
    assert "Keine Konten" in result.output
    assert "python -m indexer users add" in result.output


@pytest.mark.parametrize(
    ("command", "german"),
    [
        ([], "Konten für die Redaktion"),
        (["add"], "Ein Konto anlegen"),
        (["passwd"], "Das Passwort eines Kontos neu setzen"),
        (["list"], "Alle Konten zeigen"),
        (["remove"], "Ein Konto entfernen"),
    ],
)
def test_cli_help_is_german(command: list[str], german: str) -> None:
    result = users(*command, "--help")
    assert german in result.output
    if command in (["add"], ["passwd"]):
        assert "Standardeingabe" in " ".join(result.output.split())
    if command:
        assert "Datei mit den Konten" in " ".join(result.output.split())


def test_the_last_admin_cannot_be_removed_while_others_remain(store: UserStore) -> None:
    store.add("bert", PASSWORD, "redaktion")
    with pytest.raises(AccountError, match="letzte Konto mit der Rolle admin"):
        store.remove("anna")
    store.add("carla", PASSWORD, "admin")
    store.remove("anna")  # another admin remains
    store.remove("bert")
    store.remove("carla")  # the last account of all may go
    assert store.list_users() == []
