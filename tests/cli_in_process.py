"""Run the `labapp` command line inside the test process, as a subprocess would run it.

Why: a `python -m labapp` subprocess costs an interpreter start and the imports (about 1.5 s of CPU)
before the command does anything; the CLI tests ran some hundred of them. `run_cli` calls
`labapp.cli.main(argv)` with the given environment, working folder, an empty stdin and captured
stdout/stderr, and returns the same `CompletedProcess` a subprocess gives, so the tests assert the
same things. A few tests keep a true subprocess (`python -m labapp`) to check the entry point itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None):
    """Replace os.environ for the call (a subprocess's env= replaces it too) and restore it after."""
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_cli(
    *args: str, env: Mapping[str, str] | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess:
    """`labapp ARGS` in this process: exit code, stdout and stderr as text, stdin at end of file."""
    from labapp.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous_cwd = os.getcwd()
    with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        saved_stdin = sys.stdin
        sys.stdin = io.StringIO("")  # not a terminal: passwords come from the environment, as with DEVNULL
        try:
            if cwd is not None:
                os.chdir(cwd)
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's --help, --version and usage errors
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
        finally:
            sys.stdin = saved_stdin
            os.chdir(previous_cwd)
    return subprocess.CompletedProcess(["labapp", *args], code, out.getvalue(), err.getvalue())
