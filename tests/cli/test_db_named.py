"""A named database (--db, LABAPP_DB) must exist: a typo does not start an empty one; `db init`
creates one; files that are not databases and servers that do not answer are one line each."""

import os
import subprocess
import sys

import pytest
from cli_in_process import run_cli as run  # in the test process, except the first test (the entry point)


def run_subprocess(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "labapp", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_a_mistyped_database_is_refused_and_nothing_is_created(tmp_path):
    typo = tmp_path / "missing" / "labap.sqlite"
    completed = run_subprocess("--db", str(typo), "lots", "list")
    assert completed.returncode == 2
    assert completed.stderr == (
        f"labapp: database {typo} does not exist: check the path, or create a new database there "
        f"(run: labapp --db {typo} db init)\n"
    )
    assert not typo.parent.exists()


def test_labapp_db_names_a_missing_database_too(tmp_path):
    typo = tmp_path / "typo.sqlite"
    completed = run("lots", "list", env=dict(os.environ, LABAPP_DB=str(typo)))
    assert completed.returncode == 2 and "does not exist" in completed.stderr and not typo.exists()


def test_db_init_creates_once_and_the_database_then_opens(tmp_path):
    database = tmp_path / "lab" / "labapp.sqlite"
    created = run("--db", str(database), "db", "init")
    assert created.returncode == 0, created.stderr
    assert database.is_file() and "created at schema revision" in created.stdout
    assert f"labapp --db {database} users add NAME" in created.stdout
    again = run("--db", str(database), "db", "init")
    assert again.returncode == 2 and "already exists: nothing created" in again.stderr
    listed = run("--db", str(database), "users", "list")
    assert listed.returncode == 0, listed.stderr


def test_db_upgrade_does_not_create(tmp_path):
    database = tmp_path / "labapp.sqlite"
    completed = run("--db", str(database), "db", "upgrade")
    assert completed.returncode == 2 and "does not exist" in completed.stderr and not database.exists()


@pytest.mark.parametrize("content", [b"hello, not a database\n", b"\x00" * 4096])
def test_a_file_that_is_not_a_database_is_one_line(tmp_path, content):
    impostor = tmp_path / "results.sqlite"
    impostor.write_bytes(content)
    completed = run("--db", str(impostor), "lots", "list")
    assert completed.returncode == 2, completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"labapp: database {impostor} cannot be opened")
    assert "internal error" not in lines[0]
    assert impostor.read_bytes() == content


def test_a_folder_given_as_the_database_is_one_line(tmp_path):
    completed = run("--db", str(tmp_path), "db", "info")
    assert completed.returncode == 2
    expected = f"labapp: database {tmp_path} is a folder, not a database file; check --db or LABAPP_DB\n"
    assert completed.stderr == expected


def test_an_unreachable_server_is_one_line_without_the_password():
    url = "postgresql+psycopg://lab:Secret-Pw@127.0.0.1:9/labapp"  # port 9 (discard): nobody serves it
    completed = run("--db", url, "lots", "list")
    assert completed.returncode == 2
    lines = completed.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("labapp: cannot connect to the database postgresql+psycopg://lab:***@")
    assert "Secret-Pw" not in completed.stderr and "check that the server is running" in lines[0]
