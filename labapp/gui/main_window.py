"""The main window: navigation on the left, pages on the right, database and user in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from labapp._version import __version__
from labapp.core.errors import LabappError
from labapp.gui.overview_page import OverviewPage
from labapp.gui.pages import AuditPage, LotsPage
from labapp.services.audit_trail import audit_log, verify_audit
from labapp.services.context import ServiceContext
from labapp.services.overview import overview
from labapp.services.registration import list_lots

AUDIT_EVENTS_SHOWN = 500


class MainWindow(QMainWindow):
    """Holds no business rule: pages ask services and show answers or errors."""

    def __init__(self, db: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: ServiceContext | None = None
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.pages = QStackedWidget()
        self.overview_page = OverviewPage()
        self.lots_page = LotsPage()
        self.audit_page = AuditPage()
        self.audit_page.verify_button.clicked.connect(self.verify_audit_chain)
        self._add_page(self.tr("Overview"), self.overview_page)
        self._add_page(self.tr("Lots"), self.lots_page)
        self._add_page(self.tr("Audit trail"), self.audit_page)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 820])
        self.setCentralWidget(splitter)

        self.database_status = QLabel()
        self.statusBar().addPermanentWidget(self.database_status)
        self._build_menus()
        self.resize(1100, 720)
        self._restore_state()
        self.open_database(db)

    def _add_page(self, title: str, page: QWidget) -> None:
        self.navigation.addItem(title)
        self.pages.addWidget(page)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open database..."), self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_database)
        refresh_action = QAction(self.tr("&Refresh"), self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh_action.triggered.connect(self.refresh)
        quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addActions([open_action, refresh_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About labapp"), self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)

    def open_database(self, db: str | None) -> bool:
        """Switch to another database; on failure keep the current one and say why."""
        try:
            ctx = ServiceContext(db)
        except LabappError as exc:
            self._show_error(str(exc))
            return False
        if self.ctx is not None:
            self.ctx.close()
        self.ctx = ctx
        self.setWindowTitle(f"labapp {__version__} - {ctx.display_url}")
        self.database_status.setText(ctx.display_url)
        self.refresh()
        return True

    def refresh(self) -> None:
        if self.ctx is None:
            return
        try:
            self.overview_page.show_overview(overview(self.ctx))
            self.lots_page.set_records(list_lots(self.ctx))
            self.audit_page.set_records(audit_log(self.ctx, limit=AUDIT_EVENTS_SHOWN))
            self.statusBar().showMessage(self.tr("Ready"), 3000)
        except LabappError as exc:
            self._show_error(str(exc))

    def verify_audit_chain(self) -> None:
        if self.ctx is not None:
            self.audit_page.show_verdict(verify_audit(self.ctx))

    def _choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), "", self.tr("labapp database (*.sqlite *.db);;All files (*)")
        )
        if path:
            self.open_database(path)

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("About labapp"),
            self.tr("labapp {0}\nBlack mass assay: import, calculation with uncertainty, QC, grading, "
                    "review and signed certificates.").format(__version__),
        )

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, self.tr("labapp"), message)

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if self.ctx is not None:
            self.ctx.close()
        super().closeEvent(event)
