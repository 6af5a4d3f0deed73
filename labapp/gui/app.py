"""Desktop entry point: builds the QApplication and the main window on a database."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from labapp._version import __version__
from labapp.gui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, creating it with the labapp identity (QSettings uses it)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("labapp")
    app.setOrganizationName("labapp")
    app.setApplicationVersion(__version__)
    return app


def run_desktop(db: str | None = None) -> int:
    """Open the main window on `db` (path or URL; None = the embedded default) and run the event loop."""
    app = create_application()
    window = MainWindow(db=db)
    window.show()
    return app.exec()
