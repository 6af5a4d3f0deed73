"""The CLI contract: --help and --version work; every failure is one stderr line and a non-zero exit."""

import subprocess
import sys

from cli_in_process import run_cli

from labapp import __version__
from labapp.cli import COMMAND_MODULES, build_parser


def run(*args, env=None, cwd=None):
    """A true subprocess: the entry point itself (`python -m labapp`) is what these smoke tests check."""
    return subprocess.run([sys.executable, "-m", "labapp", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


def test_version_and_help():
    assert run("--version").stdout.strip() == f"labapp {__version__}"
    out = run("--help").stdout
    for name in ("users", "db", "audit"):
        assert name in out


def test_every_subcommand_has_help():
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    assert len(subparsers.choices) >= len(COMMAND_MODULES)
    for name, parser in subparsers.choices.items():
        assert parser.format_help().startswith("usage: labapp " + name)


def test_failure_is_one_line_without_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    completed = run("--db", str(blocker / "x.sqlite"), "users", "list")
    assert completed.returncode != 0
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "Traceback" not in completed.stderr and str(blocker) in completed.stderr


def test_users_cli_first_admin_then_add_and_list(tmp_path):
    import os

    db = str(tmp_path / "cli.sqlite")
    env = dict(os.environ, LABAPP_NEW_PASSWORD="Admin-Passw0rd!")
    created = run_cli("--db", db, "db", "init")
    assert created.returncode == 0 and "users add NAME" in created.stdout, created.stderr
    first = run_cli("--db", db, "users", "add", "root", "--full-name", "Rita Root", env=env)
    assert first.returncode == 0, first.stderr
    env.update(LABAPP_PASSWORD="Admin-Passw0rd!", LABAPP_NEW_PASSWORD="Tech-Passw0rd1")
    added = run_cli("--db", db, "users", "add", "tom", "--full-name", "Tom Tanaka", "--roles", "technician",
                "--user", "root", env=env)
    assert added.returncode == 0, added.stderr
    listing = run_cli("--db", db, "users", "list").stdout.splitlines()
    assert any(line.startswith("tom ") and "technician" in line and "active" in line for line in listing)
    env["LABAPP_PASSWORD"] = "wrong"
    refused = run_cli("--db", db, "users", "deactivate", "tom", "--reason", "x", "--user", "root", env=env)
    assert refused.returncode != 0 and refused.stderr.strip() == "labapp: user name or password is wrong"


def test_a_new_password_is_asked_twice_and_a_typo_creates_no_one(tmp_path, monkeypatch, capsys):
    import getpass
    import io

    from labapp.cli import main
    from labapp.services.administration.users import list_users
    from labapp.services.context import ServiceContext

    db = str(tmp_path / "lab.sqlite")
    assert main(["--db", db, "db", "init"]) == 0
    terminal = io.StringIO()
    terminal.isatty = lambda: True
    monkeypatch.setattr("sys.stdin", terminal)
    typed = iter(["Admin-Passw0rd!", "Admin-Passw0rd?"])  # the second entry has a typo
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert main(["--db", db, "users", "add", "root", "--full-name", "Rita Root"]) == 2
    assert capsys.readouterr().err == "labapp: the two passwords differ; nothing was changed\n"
    with ServiceContext(db) as ctx:
        assert list_users(ctx) == []  # the only administrator was not created with a mistyped password
    typed = iter(["Admin-Passw0rd!", "Admin-Passw0rd!"])
    assert main(["--db", db, "users", "add", "root", "--full-name", "Rita Root"]) == 0
