"""The "Panel tests" page built for the main window: its navigation entry and its shortcut."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

from labapp.gui.panel_sheet import PanelSheetPage
from labapp.gui.run_view_pages import _StopWorkOnClose

SHORTCUT = "Ctrl+Shift+T"  # Ctrl+1..Ctrl+0 go to the first ten pages; T for tests


def build_panel_pages(window: QMainWindow) -> dict[str, PanelSheetPage]:
    """Title -> page (refreshed with the window's other pages); its View menu entry gets the shortcut."""
    page = PanelSheetPage(lambda: window.ctx, window._acting_user, lambda: window.user)  # noqa: SLF001
    title = QCoreApplication.translate("MainWindow", "Panel tests")
    window.page_shortcuts[title] = SHORTCUT  # View > Panel tests carries it (past Ctrl+0)
    window.installEventFilter(_StopWorkOnClose([page], window))  # its saving ends before the database
    return {title: page}
