"""A throwaway PostgreSQL server for tests, started from Debian's binaries (package `postgresql`).

`shared_server()` runs initdb into a fresh temporary folder and starts the server on a free port on
127.0.0.1 (its Unix socket stays in that folder), once per test process; it is stopped when the
process exits. Under pytest-xdist each worker process has its own server, data folder, port and
databases (names carry the process id), so workers never share a database. PostgreSQL refuses to
run as root, so under root (CI containers) initdb and pg_ctl run as the `postgres` account via
`runuser`, and the folder is handed to that account.

Databases: `migrated_template()` creates one database migrated to the newest schema; `fresh_database()`
copies it (CREATE DATABASE ... TEMPLATE, a file copy on the server) for each test.

Without the binaries or psycopg the tests that need a server are skipped with a visible reason,
except when the environment variable CI is set: then they fail, so CI never passes by skipping them.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SUPERUSER = "postgres"
BIN_GLOB = "/usr/lib/postgresql/*/bin"
PORT_ATTEMPTS = 3


def find_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL bin folder that has initdb and pg_ctl, or LABAPP_PG_BIN."""
    override = os.environ.get("LABAPP_PG_BIN")
    candidates = [override] if override else sorted(glob.glob(BIN_GLOB), key=_major, reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _major(folder: str) -> int:
    name = Path(folder).parent.name
    return int(name) if name.isdigit() else 0


def unavailable(reason: str) -> None:
    """Skip visibly; under CI fail instead, so that a missing server never passes silently."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    bin_dir: Path
    root: Path
    port: int = 0
    run_as: str | None = None
    _names: itertools.count = field(default_factory=itertools.count)
    _template: str | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        if self.run_as:
            shutil.chown(self.root, self.run_as, self.run_as)
        self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        for attempt in range(PORT_ATTEMPTS):
            self.port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
                       "-c max_connections=60 -c full_page_writes=off")
            try:
                self._run("pg_ctl", "-D", str(self.data_dir), "-l", str(self.root / "server.log"),
                          "-o", options, "-w", "-t", "60", "start")
                return
            except RuntimeError:
                # another process (a parallel test worker) may have taken the free port between
                # _free_port and the server's bind: try another one
                if attempt == PORT_ATTEMPTS - 1 or "already in use" not in self._log():
                    raise

    def _log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def workstation_url(self, url: str, user: str) -> str:
        """`url` as the login role `user`, a member of the workstation group role that migration 0015
        creates (grants per table, append-only audit_events and signatures): how a workstation of a
        laboratory connects (docs/multi-workstation.md)."""
        self._admin(f'DO $$ BEGIN CREATE ROLE "{user}" LOGIN IN ROLE labapp_workstation; '
                    "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        return url.replace(f"//{SUPERUSER}@", f"//{user}@", 1)

    def create_database(self, prefix: str = "t", template: str | None = None) -> str:
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def migrated_template(self) -> str:
        """A database at the newest schema, created once and used as the template of fresh ones."""
        if self._template is None:
            from labapp.services.context import ServiceContext

            name = self.create_database("template")
            ServiceContext(self.url(name), migrate_policy="upgrade").close()
            self._template = name
        return self._template

    def fresh_database(self) -> str:
        """The URL of a new database at the newest schema (a server-side copy of the template)."""
        return self.url(self.create_database("db", template=self.migrated_template()))


_SERVER: PgServer | None = None
_FAILURE: str | None = None


def shared_server() -> PgServer:
    """The test process's server (started on first use); skips or fails (CI) when it cannot run."""
    global _SERVER, _FAILURE
    if _SERVER is not None:
        return _SERVER
    if _FAILURE is None:
        _FAILURE = _try_start()
    if _FAILURE is not None:
        unavailable(_FAILURE)
    assert _SERVER is not None
    return _SERVER


def _try_start() -> str | None:
    global _SERVER
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    bin_dir = find_bin_dir()
    if bin_dir is None:
        return f"no initdb/pg_ctl under {BIN_GLOB} (apt-get install postgresql)"
    run_as = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing (PostgreSQL refuses to run as root)"
        run_as = os.environ.get("LABAPP_PG_USER", SUPERUSER)
    root = Path(tempfile.mkdtemp(prefix="labapp-pg-"))
    server = PgServer(bin_dir, root, run_as=run_as)
    try:
        server.start()
    except (RuntimeError, OSError, LookupError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        return f"the server did not start: {exc}"
    atexit.register(server.stop)
    _SERVER = server
    return None
