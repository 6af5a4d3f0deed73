"""The program runs on Windows, where most labs are, though every check here runs on Linux: the
package may not call what exists only on POSIX systems (fork, fcntl, user ids, POSIX signals) nor
name POSIX paths or tools. Tests are exempt (they drive a Linux PostgreSQL server as root)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
POSIX_MODULES = {
    "fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "crypt", "syslog", "spwd",
}
POSIX_ATTRIBUTES = {
    "os": {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "setsid",
           "killpg", "getpgid", "setpgrp", "wait3", "wait4", "mkfifo", "getloadavg", "sync", "O_NOFOLLOW"},
    "signal": {"SIGKILL", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGPIPE", "alarm",
               "setitimer", "pause"},
}
POSIX_ROOTS = ("/tmp", "/usr", "/etc", "/dev", "/var", "/home", "/proc", "/opt", "/run", "/bin", "/sbin",
               "/root", "/mnt", "/media", "/srv", "/sys", "/Library")
POSIX_TOOLS = ("runuser", "sudo ", "chown ", "xdg-open")


def findings(source: str, name: str) -> list[str]:
    """Each POSIX-only use in `source` as 'name:line: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
            found += [f"{where}: import {n}" for n in names if n.split(".")[0] in POSIX_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in POSIX_MODULES:
            found.append(f"{where}: from {node.module} import")
        elif isinstance(node, ast.ImportFrom) and node.module in POSIX_ATTRIBUTES:
            posix = POSIX_ATTRIBUTES[node.module]
            found += [f"{where}: {node.module}.{a.name}" for a in node.names if a.name in posix]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.attr in POSIX_ATTRIBUTES.get(node.value.id, ()):
                found.append(f"{where}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if any(text == root or text.startswith(root + "/") for root in POSIX_ROOTS):
                found.append(f"{where}: POSIX path {text!r}")
            elif any(tool in text for tool in POSIX_TOOLS):
                found.append(f"{where}: POSIX tool in {text!r}")
    return found


def test_the_package_calls_nothing_that_exists_only_on_posix():
    files = sorted((REPO_ROOT / "labapp").rglob("*.py"))
    assert len(files) > 100
    found = []
    for path in files:
        found += findings(path.read_text(encoding="utf-8"), str(path.relative_to(REPO_ROOT)))
    assert found == []


def test_the_scan_finds_what_it_looks_for():
    source = (
        "import os, fcntl\nfrom signal import SIGKILL\nos.fork()\nos.kill(pid, signal.SIGKILL)\n"
        "path = '/tmp/labapp.sqlite'\nsubprocess.run(['runuser', '-u', 'postgres'])\nfine = 'a/b'\n"
    )
    assert sorted(f.split(": ", 1)[1] for f in findings(source, "x.py")) == [
        "POSIX path '/tmp/labapp.sqlite'", "POSIX tool in 'runuser'", "import fcntl", "os.fork",
        "signal.SIGKILL", "signal.SIGKILL",
    ]
