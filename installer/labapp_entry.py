"""Entry script of the frozen executables: the same `labapp` command as the pip-installed one."""

import os
import sys

if __name__ == "__main__":
    # A windowed Windows exe has no console: sys.stdout/stderr are None and a print would crash.
    # Sending them to the null device keeps `labapp.exe --version` harmless; use labapp-cli.exe to read it.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115

    from labapp.cli import main

    sys.exit(main())
