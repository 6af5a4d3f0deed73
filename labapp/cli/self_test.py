"""`labapp --self-test`: the command-line face of labapp.self_test.

This module (not the service) supplies the main-window check, because only the CLI and the GUI may
import labapp.gui; it is imported lazily so the rest of the CLI never loads Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from labapp._version import __version__
from labapp.self_test import Check, run_self_test


def run() -> int:
    """Print one PASS/FAIL line per check and a final verdict; 0 only when every check passed."""
    print(f"labapp {__version__} self-test", flush=True)
    report = run_self_test(window_check=open_main_window, on_check=_print)
    print(report.summary(), flush=True)
    return 0 if report.passed else 1


def open_main_window(database: Path) -> str:
    """Sign in as the demo administrator, show the main window offscreen, check its title, close it."""
    from labapp.demo.build import DEMO_USERS
    from labapp.gui.app import create_application
    from labapp.gui.main_window import MainWindow
    from labapp.services.administration.users import authenticate
    from labapp.services.context import ServiceContext

    app = create_application()
    admin = DEMO_USERS[0]
    ctx = ServiceContext(str(database))
    window = MainWindow(ctx=ctx, user=authenticate(ctx, admin.username, admin.password))
    try:
        window.show()
        app.processEvents()
        title = window.windowTitle()
    finally:
        window.close()  # closes the database context too
        window.deleteLater()
        app.processEvents()
    if __version__ not in title:
        raise RuntimeError(f"window title {title!r} does not show version {__version__}")
    return f"opened and closed on the {app.platformName()} platform, title '{title}'"


def _print(check: Check) -> None:
    print(check.line(), file=sys.stdout, flush=True)
