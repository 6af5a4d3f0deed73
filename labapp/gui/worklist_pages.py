"""Where each kind of worklist line is done: the page a line opens, with its run or lot made current."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from labapp.services.workflow.worklist import WorkItem, WorkKind


def _page_titles() -> dict[WorkKind, str]:
    title = lambda text: QCoreApplication.translate("MainWindow", text)  # noqa: E731 - the navigation's words
    return {
        WorkKind.LOTS_WAITING: title("Lots"),
        WorkKind.RUNS_TO_CALCULATE: title("Runs"),
        WorkKind.RUNS_TO_SIGN: title("Review"),
        WorkKind.CERTIFICATES_TO_ISSUE: title("Certificates"),
        WorkKind.FAILED_QC: title("Runs"),
        WorkKind.PANEL_TO_VERIFY: title("Panel tests"),
    }


def open_work(window: Any, work: WorkItem) -> None:
    """Set the window's shared selection to the line's first run or lot, then show the page of the work."""
    if work.run_ids:
        window.selection.set_run(work.run_ids[0])
    if work.lot_codes:
        window.selection.set_lot(work.lot_codes[0])
    wanted = _page_titles()[work.kind]
    for row in range(window.navigation.count()):
        if window.navigation.item(row).text() == wanted:
            window.navigation.setCurrentRow(row)
            break
    if work.lot_codes and wanted == QCoreApplication.translate("MainWindow", "Lots"):
        window.lots_page.select_code(work.lot_codes[0])
