"""Desktop entry point: the QApplication, the first start or log-in, then the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from labapp._version import __version__
from labapp.core.errors import LabappError
from labapp.gui import gc_guard
from labapp.gui.display import EXIT_NO_DISPLAY, display_failure_in_one_line, missing_display
from labapp.gui.login_dialog import ask_user
from labapp.gui.main_window import MainWindow
from labapp.gui.translation import install_translation
from labapp.services.context import ServiceContext


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, creating it with the labapp identity (QSettings uses it)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("labapp")
    app.setOrganizationName("labapp")
    app.setApplicationVersion(__version__)
    gc_guard.install(app)
    return app


def run_desktop(db: str | None = None) -> int:
    """Open `db` (path or URL; None = the embedded default), sign in, show the main window, run the loop."""
    problem = missing_display(os.environ)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    with display_failure_in_one_line():
        app = create_application()
    install_translation(app)
    try:
        ctx = ServiceContext(db, existing=True)
    except LabappError as exc:
        QMessageBox.critical(None, app.translate("run_desktop", "labapp"), str(exc))
        return 2
    user = ask_user(ctx)
    if user is None:
        ctx.close()
        return 0
    window = MainWindow(ctx=ctx, user=user)
    window.show()
    return app.exec()
