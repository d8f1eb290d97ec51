"""The two commands set up a fresh machine: `make test` installs the system packages the
tests need (scripts/system_packages.sh), or says exactly which command to run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "system_packages.sh"


def fake_command(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def run_script(
    tmp_path: Path, packages: str, *, uid: int, sudo: bool
) -> subprocess.CompletedProcess:
    """The script with `id`, `sudo` and `apt-get` replaced by recorders in front of PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    fake_command(bin_dir, "id", f"echo {uid}")
    fake_command(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}')
    if sudo:
        fake_command(
            bin_dir, "sudo", f'echo "sudo $*" >> {log}; [ "$2" = true ] && exit 0; shift; "$@"'
        )
    else:
        fake_command(bin_dir, "sudo", "exit 1")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PRAXISFINDER_SYSTEM_PACKAGES": packages,
    }
    return subprocess.run(
        ["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False
    )


def calls(tmp_path: Path) -> str:
    log = tmp_path / "calls.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def test_nothing_is_installed_when_every_package_is_there(tmp_path: Path) -> None:
    done = run_script(tmp_path, f"bash {os.path.realpath('/bin/sh')}", uid=0, sudo=False)
    assert done.returncode == 0, done.stderr
    assert calls(tmp_path) == ""


def test_root_installs_a_missing_package_with_apt_get(tmp_path: Path) -> None:
    done = run_script(tmp_path, "fakepkg /nonexistent/fakepkg", uid=0, sudo=False)
    assert done.returncode == 0, done.stderr
    assert "apt-get update" in calls(tmp_path)
    assert "apt-get install -y -q fakepkg" in calls(tmp_path)
    assert "sudo" not in calls(tmp_path)


def test_a_user_with_sudo_installs_through_sudo(tmp_path: Path) -> None:
    done = run_script(tmp_path, "fakepkg /nonexistent/fakepkg", uid=1000, sudo=True)
    assert done.returncode == 0, done.stderr
    assert "sudo -n apt-get install -y -q fakepkg" in calls(tmp_path)


def test_without_root_or_sudo_the_command_to_run_is_named(tmp_path: Path) -> None:
    done = run_script(tmp_path, "fakepkg /nonexistent/fakepkg", uid=1000, sudo=False)
    assert done.returncode == 1
    command = "sudo apt-get update && sudo apt-get install -y fakepkg"
    assert (
        f"Für die Tests fehlen Systempakete: fakepkg. Bitte einmal ausführen:\n    {command}"
        in done.stderr
    )
    assert f"The tests need system packages: fakepkg. Run once:\n    {command}" in done.stderr
    assert "apt-get install" not in calls(tmp_path)


def test_the_browser_tests_need_what_the_script_installs() -> None:
    from app_server import CHROMIUM

    assert f"chromium {CHROMIUM}" in SCRIPT.read_text(encoding="utf-8")


def test_ci_only_calls_make_test() -> None:
    commands = [
        line
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert commands[-1] == "make test"
    assert not any("apt-get" in line for line in commands)


def test_make_test_installs_the_system_packages_before_the_tests() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "test: install system-packages" in makefile
    assert "bash scripts/system_packages.sh" in makefile


@pytest.mark.parametrize(("value", "shown"), [(0.3, "0,3"), (12.04, "12,0"), (1.0, "1,0")])
def test_decimal_numbers_use_a_comma(value: float, shown: str) -> None:
    from indexer.cli import decimal

    assert decimal(value) == shown
