"""The main window: navigation on the left, pages on the right, database, user and progress below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
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
from labapp.core.progress import Progress
from labapp.gui.admin import AdminPage
from labapp.gui.audit_viewer import AuditViewerPage
from labapp.gui.error_text import error_text
from labapp.gui.form_check import last_folder, remember_folder
from labapp.gui.login_dialog import ask_user
from labapp.gui.lot_form import LotFormDialog
from labapp.gui.overview_page import OverviewPage
from labapp.gui.pages import LotsPage
from labapp.gui.password_dialog import NewPasswordDialog
from labapp.gui.problems_dialog import ProblemsDialog
from labapp.gui.progress_panel import ProgressPanel
from labapp.gui.role_gate import apply_roles, mark_window, requires
from labapp.gui.screen_fit import fit_window
from labapp.gui.selection import ChangeBridge, Selection
from labapp.gui.session_lock import SessionLock
from labapp.gui.settings_dialog import SettingsDialog, restore_layout, save_layout
from labapp.gui.translation import word
from labapp.gui.worklist_pages import open_work
from labapp.security.roles import Action
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.lot_edit import lot_details
from labapp.services.importing.registration import ManifestImport, import_manifest, list_lots
from labapp.services.workflow.overview import overview
from labapp.services.workflow.worklist import WorkItem, worklist

MANIFEST_FILTER = "Lot manifest (*.csv *.xlsx);;All files (*)"


class MainWindow(QMainWindow):
    """Holds no business rule: pages ask services and show answers or errors.

    Give `ctx` (an open ServiceContext, e.g. from the log-in) or `db`; `user` is who signed in.
    Without a user the window is read-only until File > Sign in.
    """

    def __init__(self, db: str | None = None, parent: QWidget | None = None, *,
                 ctx: ServiceContext | None = None, user: AuthenticatedUser | None = None) -> None:
        super().__init__(parent)
        self.ctx: ServiceContext | None = None
        self.user = user
        self.problems_dialog: ProblemsDialog | None = None
        self.lot_form: LotFormDialog | None = None
        self.import_wizard: QWidget | None = None
        self.selection = Selection(self)
        self.changes = ChangeBridge(self)
        self.changes.changed.connect(lambda _: self.refresh())
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.pages = QStackedWidget()
        self.overview_page = OverviewPage()
        self.overview_page.worklist.chosen.connect(self.open_work)
        self.lots_page = LotsPage()
        self.audit_page = AuditViewerPage()
        self.admin_page = AdminPage(lambda: self.ctx, self._acting_user)
        self.audit_page.verify_button.clicked.connect(self.verify_audit_chain)
        self.lots_page.new_button.clicked.connect(self.new_lot)
        self.lots_page.edit_button.clicked.connect(self.edit_lot)
        self.lots_page.manifest_button.clicked.connect(self.choose_manifest)
        self.lots_page.table.doubleClicked.connect(self.edit_lot)
        self.lots_page.table.clicked.connect(lambda _: self.selection.set_lot(self.lots_page.selected_code()))
        self._add_page(self.tr("Overview"), self.overview_page)
        self._add_page(self.tr("Lots"), self.lots_page)
        self._add_page(self.tr("Audit trail"), self.audit_page)
        self._add_page(self.tr("Administration"), self.admin_page)
        self._add_run_pages()
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        splitter = QSplitter()
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([180, 820])
        self.setCentralWidget(splitter)

        self.progress = ProgressPanel()
        self.progress.setVisible(False)
        self.progress.finished.connect(self._task_finished)
        self.progress.error.connect(self._task_failed)
        self.progress.cancelled.connect(self._task_cancelled)
        self._task_handlers: tuple[Callable[[Any], None], Callable[[Exception], None]] = (
            lambda result: None, lambda error: self._show_error(error_text(error)))
        self.progress.setMaximumWidth(360)
        self.user_status = QLabel()
        self.database_status = QLabel()
        for widget in (self.progress, self.user_status, self.database_status):
            self.statusBar().addPermanentWidget(widget)
        self.session_lock = SessionLock(self)
        self.detail_toggle = fit_window(self)
        self._build_menus()
        mark_window(self)
        self.resize(1100, 720)
        self._restore_state()
        if ctx is not None:
            self._use_context(ctx)
        else:
            self.open_database(db)
        self._show_user()

    def _add_run_pages(self) -> None:
        """Runs, results, grading, review and certificates (labapp.gui.run_view and siblings)."""
        from labapp.gui.panel_sheet_pages import build_panel_pages
        from labapp.gui.run_view_pages import build_run_pages

        self.run_pages = build_run_pages(self)
        self.page_shortcuts: dict[str, str] = {}  # pages past the tenth name their own
        self.run_pages.update(build_panel_pages(self))  # the panel tests' result sheet
        for title, page in self.run_pages.items():
            self._add_page(title, page)

    def _add_page(self, title: str, page: QWidget) -> None:
        self.navigation.addItem(title)
        self.pages.addWidget(page)

    def _action(self, text: str, slot: Callable[..., Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work whatever has the focus
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self._action(self.tr("&Open database..."), self._choose_database,
                                         QKeySequence.StandardKey.Open))
        file_menu.addAction(self._action(self.tr("&Sign in..."), self.sign_in, self.tr("Ctrl+L")))
        file_menu.addAction(self._action(self.tr("Sign &out"), self.session_lock.sign_out))
        file_menu.addAction(self._action(self.tr("Loc&k now"), self.session_lock.lock,
                                         self.tr("Ctrl+Shift+L")))
        file_menu.addAction(self._action(self.tr("C&hange password..."), self.change_password))
        file_menu.addSeparator()
        file_menu.addAction(requires(self._action(self.tr("Import instrument &export..."), self.import_export,
                                                  self.tr("Ctrl+I")), Action.IMPORT_RUN))
        file_menu.addAction(requires(self._action(self.tr("Import lot &manifest..."), self.choose_manifest,
                                                  self.tr("Ctrl+M")), Action.REGISTER_LOTS))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh))
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(self._action(self.tr("&Preferences..."), self.preferences, self.tr("Ctrl+,")))
        lots_menu = self.menuBar().addMenu(self.tr("&Lots"))
        lots_menu.addAction(requires(self._action(self.tr("&New lot..."), self.new_lot,
                                                  QKeySequence.StandardKey.New), Action.REGISTER_LOTS))
        lots_menu.addAction(requires(self._action(self.tr("&Edit lot..."), self.edit_lot, self.tr("Ctrl+E")),
                                     Action.EDIT_LOTS))
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(self.detail_toggle)
        view_menu.addSeparator()
        for number in range(self.navigation.count()):
            title = self.navigation.item(number).text()
            # Ctrl+1 .. Ctrl+0 for the first ten pages; a later page names its own
            key = f"Ctrl+{(number + 1) % 10}" if number < 10 else self.page_shortcuts.get(title)
            go_to = self._action(title, lambda _=False, n=number: self.navigation.setCurrentRow(n), key)
            view_menu.addAction(go_to)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About labapp"), self._about))

    # -- database and user -------------------------------------------------------------------------
    def open_database(self, db: str | None) -> bool:
        """Switch to another database; on failure keep the current one and say why."""
        try:
            ctx = ServiceContext(db, existing=True)
        except LabappError as exc:
            self._show_error(error_text(exc))
            return False
        self._use_context(ctx)
        return True

    def _use_context(self, ctx: ServiceContext) -> None:
        if self.ctx is not None and self.ctx is not ctx:
            self.ctx.close()
        if self.user is not None and self.user.ctx not in (None, ctx):
            self.user = None  # an account of one database is no one in another: sign in again
            self._show_user()
        self.ctx = ctx
        self.setWindowTitle(f"labapp {__version__} - {ctx.display_url}")
        self.database_status.setText(ctx.display_url)
        self.refresh()

    def sign_in(self) -> bool:
        """Ask who is working (after the first-start wizard on an empty database)."""
        if self.ctx is None:
            return False
        user = ask_user(self.ctx, self)
        if user is None:
            return False
        self.user = user
        self.user_changed()
        return True

    def change_password(self) -> bool:
        """The signed-in person replaces their own password (the current one is asked for)."""
        if self.ctx is None or (self.user is None and not self.sign_in()):
            return False
        dialog = NewPasswordDialog(self.ctx, self.user.username, parent=self)  # type: ignore[union-attr]
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _show_user(self) -> None:
        if self.user is None:
            self.user_status.setText(self.tr("Not signed in (read only)"))
        else:
            roles = ", ".join(word(role) for role in sorted(self.user.roles))
            self.user_status.setText(self.tr("{0} ({1})").format(self.user.full_name, roles))
        apply_roles(self, None if self.user is None else self.user.current_roles())
        self.session_lock.user_changed()

    def user_changed(self) -> None:
        """Another person (or no one) works now: their roles, their idle lock, their queues."""
        self._show_user()
        self.refresh()

    def _acting_user(self, action: Action) -> AuthenticatedUser | None:
        """The signed-in user allowed to do `action`, asking to sign in first; None (and a message) if not."""
        if self.ctx is None:
            self._show_error(self.tr("Open a database first (File > Open database)."))
            return None
        if self.user is None and not self.sign_in():
            return None
        try:
            self.user.require(action)  # type: ignore[union-attr]
        except LabappError as exc:
            self._show_error(error_text(exc))
            return None
        return self.user

    # -- lots ------------------------------------------------------------------------------------
    def new_lot(self) -> None:
        user = self._acting_user(Action.REGISTER_LOTS)
        if user is None:
            return
        self._run_lot_form(LotFormDialog(self.ctx, user, None, self))  # type: ignore[arg-type]

    def edit_lot(self) -> None:
        code = self.lots_page.selected_code()
        if code is None:
            self._show_error(self.tr("Select the lot to edit in the lot list."))
            return
        user = self._acting_user(Action.EDIT_LOTS)
        if user is None:
            return
        try:
            details = lot_details(self.ctx, code)  # type: ignore[arg-type]
        except LabappError as exc:
            self._show_error(error_text(exc))
            return
        self._run_lot_form(LotFormDialog(self.ctx, user, details, self))  # type: ignore[arg-type]

    def _run_lot_form(self, dialog: LotFormDialog) -> None:
        self.lot_form = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_code:
            self.refresh()
            self.navigation.setCurrentRow(1)
            self.lots_page.select_code(dialog.saved_code)
            self.statusBar().showMessage(self.tr("Lot {0} saved").format(dialog.saved_code), 5000)

    def choose_manifest(self) -> None:
        if self._acting_user(Action.REGISTER_LOTS) is None:
            return
        title = self.tr("Import lot manifest")
        path, _ = QFileDialog.getOpenFileName(self, title, last_folder("manifests"), self.tr(MANIFEST_FILTER))
        if path:
            remember_folder("manifests", str(Path(path).parent))
            self.import_manifest_file(path)

    def import_manifest_file(self, path: str | Path) -> None:
        """Register every lot of a manifest in the background; all problems are listed by file and line."""
        user = self._acting_user(Action.REGISTER_LOTS)
        if user is None or self.progress.busy:
            return
        ctx, name = self.ctx, Path(path).name
        self._run_task(lambda progress: import_manifest(ctx, path, user),  # type: ignore[arg-type]
                       self.tr("Importing {0}...").format(name),
                       self._manifest_imported, self._manifest_failed)

    def _run_task(self, task: Callable[[Progress], Any], message: str, on_done: Callable[[Any], None],
                  on_error: Callable[[Exception], None]) -> None:
        """Run window-level work in the status-bar progress panel (one task at a time)."""
        self._task_handlers = (on_done, on_error)
        self.progress.setVisible(True)
        self.progress.run(task, message)

    def _task_finished(self, result: object) -> None:
        self.progress.setVisible(False)
        self._task_handlers[0](result)

    def _task_failed(self, error: Exception) -> None:
        self.progress.setVisible(False)
        self._task_handlers[1](error)

    def _manifest_imported(self, result: ManifestImport) -> None:
        self.refresh()
        self.navigation.setCurrentRow(1)
        self.statusBar().showMessage(self.tr("{0}: {1} lots, {2} preparations registered").format(
            Path(result.file).name, len(result.lot_codes), result.preparations), 8000)

    def _manifest_failed(self, error: Exception) -> None:
        problems = getattr(error, "problems", None) or [error]
        self.show_problems(self.tr("The manifest was not imported; nothing was stored. Fix these lines:"),
                           [str(p) for p in problems], getattr(error, "path", None))

    def _task_cancelled(self, message: str) -> None:
        self.progress.setVisible(False)
        self.statusBar().showMessage(message, 5000)

    def show_problems(self, headline: str, problems: list[str], path: str | None = None) -> None:
        """List every problem (file, line, what) in a window the technician can keep open while fixing."""
        self.problems_dialog = ProblemsDialog(headline, problems, path, self)
        self.problems_dialog.open()

    # -- import of instrument exports ------------------------------------------------------------
    def import_export(self) -> None:
        """Choose the file, confirm one page, Import (labapp.gui.import_flow; the wizard on Change...)."""
        from labapp.gui.import_flow import start_import  # imports the importers only when used

        user = self._acting_user(Action.IMPORT_RUN)
        if user is None:
            return
        self.import_wizard = start_import(self, user)

    # -- pages -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx is None:
            return
        try:
            self.overview_page.show_overview(overview(self.ctx))
            self.overview_page.worklist.show_items(worklist(self.ctx, self.user))
            self.lots_page.set_records(list_lots(self.ctx))
            self.audit_page.load(self.ctx, self.user)
            self.admin_page.reload()
            for page in self.run_pages.values():
                page.refresh()
            self.statusBar().showMessage(self.tr("Ready"), 3000)
        except LabappError as exc:
            self._show_error(error_text(exc))

    def open_work(self, work: WorkItem) -> None:
        """A worklist line: its first run or lot becomes the current one, and its page opens."""
        open_work(self, work)

    def verify_audit_chain(self) -> None:
        if self.ctx is not None:
            self.audit_page.show_verdict(verify_audit(self.ctx))

    def _choose_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), "", self.tr("labapp database (*.sqlite *.db);;All files (*)")
        )
        if path and self.open_database(path):
            self.user = None
            self._show_user()
            self.sign_in()

    def _about(self) -> None:
        QMessageBox.about(
            self, self.tr("About labapp"),
            self.tr("labapp {0}\nBlack mass assay: import, calculation with uncertainty, QC, grading, "
                    "review and signed certificates.").format(__version__),
        )

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message)
        QMessageBox.warning(self, self.tr("labapp"), message)

    def preferences(self) -> None:
        dialog = SettingsDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.language_changed:
            message = self.tr("The new language applies when labapp is started again.")
            self.statusBar().showMessage(message, 8000)

    def _restore_state(self) -> None:
        restore_layout(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.progress.busy:
            self.progress.cancel()
            QThreadPool.globalInstance().waitForDone(10_000)
        save_layout(self)
        self.changes.stop()
        if self.ctx is not None:
            self.ctx.close()
        super().closeEvent(event)

