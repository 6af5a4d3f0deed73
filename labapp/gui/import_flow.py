"""File > Import instrument export: choose the file, then one confirmation page (labapp.gui.quick_import)
or, for a file no profile recognises or on Change..., the full wizard on the same file. Either way the
imported run becomes the current run on every page and the Runs page opens: the next step of the
daily job is checking its curve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from labapp.gui.form_check import last_folder, remember_folder
from labapp.gui.quick_import import CHANGE, QuickImportDialog
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.importing.run_import import RunImport


def choose_export(parent: QWidget) -> str:
    """The export file chosen in the system dialog ("" when cancelled); its folder is remembered."""
    from labapp.gui.import_wizard import EXPORT_FILTER  # the wizard's module imports the importers

    title = QCoreApplication.translate("FilePage", "Instrument export")
    filter_text = QCoreApplication.translate("FilePage", EXPORT_FILTER)
    path, _ = QFileDialog.getOpenFileName(parent, title, last_folder("exports"), filter_text)
    if path:
        remember_folder("exports", str(Path(path).parent))
    return path


def start_import(window: Any, user: AuthenticatedUser) -> QDialog | None:
    """Ask for the file and open its confirmation page (returned, for tests); None when cancelled."""
    path = choose_export(window)
    if not path:
        return None
    dialog = QuickImportDialog(window.ctx, user, path, window)
    dialog.finished.connect(lambda result: _after_confirmation(window, user, dialog, result))
    dialog.open()
    return dialog


def _after_confirmation(window: Any, user: AuthenticatedUser, dialog: QuickImportDialog, result: int) -> None:
    if result == QDialog.DialogCode.Accepted and dialog.outcome is not None:
        show_imported(window, dialog.outcome)
    elif result == CHANGE:
        window.import_wizard = open_wizard(window, user, dialog.path, dialog.run_name_edit.text().strip())


def open_wizard(window: Any, user: AuthenticatedUser, path: Path, run_name: str) -> QDialog:
    """The full wizard on `path`, past the file page (its Back returns there)."""
    from labapp.gui.import_wizard import ImportWizard

    wizard = ImportWizard(window.ctx, user, window)
    wizard.file_page.set_path(str(path))
    if run_name:
        wizard.file_page.run_name_edit.setText(run_name)
    wizard.finished.connect(lambda _: _wizard_closed(window, wizard))
    wizard.open()
    wizard.next()
    return wizard


def _wizard_closed(window: Any, wizard: Any) -> None:
    outcome = wizard.import_page.outcome
    if outcome is None:
        window.refresh()
    else:
        show_imported(window, outcome)


def show_imported(window: Any, outcome: RunImport) -> None:
    """The run just imported is the current run everywhere, shown on the Runs page."""
    window.refresh()
    window.selection.set_run(outcome.run_id)
    runs = QCoreApplication.translate("MainWindow", "Runs")
    for row in range(window.navigation.count()):
        if window.navigation.item(row).text() == runs:
            window.navigation.setCurrentRow(row)
            break
    window.statusBar().showMessage(
        QCoreApplication.translate("ImportFlow", "Imported run {0}: {1} readings.").format(
            outcome.run_name, outcome.readings
        ),
        8000,
    )
