"""The CLI side of account safety and spreadsheet safety: the same rules as the services, one line each."""

from __future__ import annotations

import csv
import io
import os

# in the test process; tests/cli/test_cli_basics.py keeps a subprocess
from cli_in_process import run_cli as run


def _env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABAPP_")}
    env.update(values)
    return env


def _state(db: str, username: str) -> str:
    listing = run("--db", db, "users", "list").stdout.splitlines()
    return next(line for line in listing if line.startswith(f"{username} "))


def test_parse_csv_quotes_formula_cells_and_keeps_numbers(tmp_path):
    export = tmp_path / "hostile.csv"
    export.write_text(
        "Solution Label,Element,Soln Conc,Unit\n"
        '"=HYPERLINK(""http://evil.example"",""x"")",Ni 231.604,1.5,mg/L\n'
        "+cmd|' /C calc'!A0,Ni 231.604,-2.5,mg/L\n"
        "@SUM(1+1),Ni 231.604,3,mg/L\n"
        "-5,Ni 231.604,4,mg/L\n"
        "BM26-0001,Ni 231.604,5,mg/L\n",
        encoding="utf-8",
    )
    done = run("parse", str(export))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["sample_label"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example","x")',
        "'+cmd|' /C calc'!A0",
        "'@SUM(1+1)",
        "-5",
        "BM26-0001",
    ]
    assert [r["value"] for r in rows] == ["1.5", "-2.5", "3.0", "4.0", "5.0"]  # numbers stay numbers


def test_common_password_refused_and_a_temporary_password_must_be_changed(tmp_path):
    db = str(tmp_path / "cli.sqlite")
    assert run("--db", db, "db", "init").returncode == 0
    weak = run(
        "--db",
        db,
        "users",
        "add",
        "root",
        "--full-name",
        "Rita Root",
        env=_env(LABAPP_NEW_PASSWORD="Password1234"),
    )
    assert weak.returncode != 0 and weak.stderr.strip() == (
        "labapp: password is on the list of common passwords: choose another"
    )
    first = run(
        "--db",
        db,
        "users",
        "add",
        "root",
        "--full-name",
        "Rita Root",
        env=_env(LABAPP_NEW_PASSWORD="Admin-Passw0rd!"),
    )
    assert first.returncode == 0, first.stderr
    as_root = _env(LABAPP_PASSWORD="Admin-Passw0rd!", LABAPP_NEW_PASSWORD="Temporary-Pass-1")
    added = run("--db", db, "users", "add", "tom", "--full-name", "Tom Tanaka", "--user", "root", env=as_root)
    assert added.returncode == 0 and "temporary" in added.stdout
    assert "must change password" in _state(db, "tom")

    as_tom = _env(LABAPP_PASSWORD="Temporary-Pass-1")
    refused = run("--db", db, "users", "deactivate", "root", "--reason", "x", "--user", "tom", env=as_tom)
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert "set by an administrator" in refused.stderr
    assert "labapp users change-password --user tom" in refused.stderr

    # a signature signs the person in first: the temporary password is refused before the run is looked up
    signing = run("--db", db, "submit", "--run", "any", "--user", "tom", env=as_tom)
    assert signing.returncode != 0 and len(signing.stderr.strip().splitlines()) == 1
    assert "set by an administrator" in signing.stderr and "no run named" not in signing.stderr

    as_tom["LABAPP_NEW_PASSWORD"] = "Tanakas-Choice-7"
    changed = run("--db", db, "users", "change-password", "--user", "tom", env=as_tom)
    assert changed.returncode == 0, changed.stderr
    assert "must change password" not in _state(db, "tom")

    as_root["LABAPP_NEW_PASSWORD"] = "Reset-By-Admin-2"
    reset = run(
        "--db", db, "users", "reset-password", "tom", "--reason", "forgotten", "--user", "root", env=as_root
    )
    assert reset.returncode == 0 and "must choose a new one" in reset.stdout
    assert "must change password" in _state(db, "tom")


def test_an_administrator_cannot_give_itself_a_signing_role_from_the_cli(tmp_path):
    db = str(tmp_path / "cli.sqlite")
    assert run("--db", db, "db", "init").returncode == 0
    run(
        "--db",
        db,
        "users",
        "add",
        "root",
        "--full-name",
        "Rita Root",
        env=_env(LABAPP_NEW_PASSWORD="Admin-Passw0rd!"),
    )
    grant = run(
        "--db",
        db,
        "users",
        "set-roles",
        "root",
        "--roles",
        "administrator,qa_manager",
        "--reason",
        "small lab",
        "--user",
        "root",
        env=_env(LABAPP_PASSWORD="Admin-Passw0rd!"),
    )
    assert grant.returncode != 0
    assert grant.stderr.strip() == (
        "labapp: an administrator may not give itself a signing role (QA manager): another administrator must"
    )
    assert _state(db, "root").split()[3] == "administrator"
