"""Overrides and exclusions from the results grid: override a lot's reported value with a reason,
exclude a preparation's result from its lot's value with a reason. Both go through the exclusion
services (audited, permission-checked); a run already signed is refused at once with the reason in
words. An exclusion changes what the calculation uses, so the run is recalculated in the background."""

from __future__ import annotations

import math

import pandas as pd
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMenu

from labapp.gui.translation import word
from labapp.security.roles import Action
from labapp.services.calculation import curve_edits, exclusions
from labapp.services.calculation.calculate import calculate_run
from labapp.services.workflow.review import list_runs


def locked_reason(page, run_id: int) -> str | None:
    """Why the run cannot be changed now (in the interface language), or None while it is editable."""
    ctx = page.context()
    found = [r for r in (page.attempt(lambda: list_runs(ctx)) or []) if r.id == run_id]
    if not found or found[0].state in exclusions.EDITABLE_STATES:
        return None
    return QCoreApplication.translate(
        "ResultEditing",
        "{0} is {1}: exclusions and overrides are possible only while the run is with the technician "
        "(imported, calculated or returned). A submitted run must be returned by the reviewer first; "
        "an approved run is final (amend or retract the certificate instead).",
    ).format(found[0].name, word(found[0].state))


class ResultEditing:
    """Mixed into the results page (a ViewPage with `grid`, `frame` and `runs`)."""

    frame: pd.DataFrame

    def ask_reason(self, title: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, self.tr("Reason (kept in the audit trail):"))
        return text if ok else None

    def ask_value(self, title: str, current: float) -> float | None:
        start = current if current is not None and math.isfinite(current) else 0.0
        value, ok = QInputDialog.getDouble(self, title, self.tr("New value:"), start, -1e12, 1e12, 6)
        return value if ok else None

    def row_at(self, view_row: int) -> pd.Series | None:
        if not 0 <= view_row < self.grid.model.rowCount():
            return None
        return self.frame.iloc[self.grid.model.source_row(view_row)]

    def override_row(self, view_row: int) -> bool:
        row, ctx, run = self.row_at(view_row), self.context(), self.runs.selected()
        if row is None or ctx is None or run is None:
            return False
        if not bool(row.get("reportable")):
            self.show_error(
                self.tr("Only a lot's reported value can be overridden: exclude the preparation instead.")
            )
            return False
        locked = locked_reason(self, run)
        if locked:
            self.show_error(locked)
            return False
        user = self.acting_user(Action.EXCLUDE_OR_OVERRIDE)
        if user is None:
            return False
        title = self.tr("Override {0} of lot {1}").format(row["element"], row["lot_code"])
        value = self.ask_value(title, row.get("value"))
        reason = None if value is None else self.ask_reason(title)
        if reason is None:
            return False
        done = self.attempt(lambda: exclusions.override(ctx, user, int(row["result_id"]), value, reason))
        if done is None:
            return False
        self.load_run()
        self.show_message(self.tr("Overridden with its reason; the result is flagged as overridden."))
        return True

    def exclude_row(self, view_row: int) -> bool:
        row, ctx, run = self.row_at(view_row), self.context(), self.runs.selected()
        if row is None or ctx is None or run is None:
            return False
        if bool(row.get("reportable")):
            self.show_error(self.tr("Choose a preparation's row to exclude (a lot's value is their mean)."))
            return False
        locked = locked_reason(self, run)
        if locked:
            self.show_error(locked)
            return False
        user = self.acting_user(Action.EXCLUDE_OR_OVERRIDE)
        if user is None:
            return False
        label, element = str(row["sample_label"]), str(row["element"])
        reason = self.ask_reason(self.tr("Exclude {0} of {1} from its lot's value").format(element, label))
        if reason is None:
            return False
        if (
            self.attempt(lambda: curve_edits.exclude_preparation(ctx, user, run, element, label, reason))
            is None
        ):
            return False
        self.progress.abandon()
        return self.run_task(
            lambda progress: calculate_run(ctx, run, user, progress),
            self.tr("Recalculating with the change..."),
            lambda _summary: self.load_run(),
        )

    def grid_menu(self, position: QPoint) -> None:
        index = self.grid.table.indexAt(position)
        if not index.isValid():
            return
        row = self.row_at(index.row())
        menu = QMenu(self)
        if row is not None and bool(row.get("reportable")):
            menu.addAction(self.tr("Override this value..."), lambda: self.override_row(index.row()))
        else:
            menu.addAction(self.tr("Exclude this preparation..."), lambda: self.exclude_row(index.row()))
        menu.exec(self.grid.table.viewport().mapToGlobal(position))

    def install_grid_actions(self) -> None:
        self.grid.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.table.customContextMenuRequested.connect(self.grid_menu)
        self.grid.table.setToolTip(
            self.tr("Right-click a lot's row to override its value, a preparation's row to exclude it.")
        )
