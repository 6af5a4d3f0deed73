"""What the run, results, grading, review and certificate pages share: the window's database and acting
user, a message line for refusals (no modal boxes: the page stays usable) and a progress panel for
long work off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from labapp.core.errors import LabappError
from labapp.core.progress import Progress
from labapp.gui.error_text import error_text
from labapp.gui.progress_panel import ProgressPanel
from labapp.gui.selection import Selection
from labapp.gui.translation import word
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import RunSummary

ContextSource = Callable[[], ServiceContext | None]
UserSource = Callable[[Action], AuthenticatedUser | None]
ERROR_STYLE = "color: #b00020"
DONE_STYLE = "color: #1b7f3b"
WARNING_STYLE = "color: #b26a00"  # done, but with something a signer must acknowledge


class ViewPage(QWidget):
    """A page asking services through the window's context; it holds no rule of its own."""

    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.acting_user = acting_user
        self.last_error: str | None = None
        self._stale = False
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.progress = ProgressPanel()
        self.progress.setVisible(False)
        for signal in (self.progress.finished, self.progress.failed, self.progress.cancelled):
            signal.connect(lambda *_: self.progress.setVisible(self.progress.busy))
        self.progress.error.connect(lambda error: self.show_error(error_text(error)))
        self.progress.cancelled.connect(lambda message: self.show_message(message))
        self._on_done: Callable[[Any], None] = lambda result: None
        self.progress.finished.connect(lambda result: self._on_done(result))
        self._reload_after_task = False
        self._keep_message = False
        for signal in (self.progress.finished, self.progress.failed, self.progress.cancelled):
            signal.connect(lambda *_: self._task_over())
        self.layout_ = QVBoxLayout(self)

    def footer(self) -> None:
        """Add the progress panel and message line at the bottom (after the page's own widgets)."""
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.message_label)

    def reload(self) -> None:
        """Read the current state from the services now."""

    def refresh(self) -> None:
        """The window's refresh: reload now if shown, else when next shown (no work for hidden pages);
        while the page's own work runs (its commit announced the change), after that work is done."""
        if self.progress.busy:
            self._reload_after_task = True
        elif self.isVisible():
            self._quiet_reload()
        else:
            self._stale = True

    def _quiet_reload(self) -> None:
        """A reload nobody asked for keeps the page's message (e.g. what the last calculation did)."""
        self._keep_message = True
        try:
            self.reload()
        finally:
            self._keep_message = False

    def _task_over(self) -> None:
        if self._reload_after_task and not self.progress.busy:
            self._reload_after_task = False
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._quiet_reload()

    def attempt(self, work: Callable[[], Any]) -> Any:
        """Run a quick service call; a refusal is shown on the page and gives None."""
        try:
            return work()
        except LabappError as exc:
            self.show_error(error_text(exc))
            return None

    def run_task(self, task: Callable[[Progress], Any], message: str, on_done: Callable[[Any], None]) -> bool:
        """Long work in the thread pool with progress and Cancel; False while another task runs."""
        if self.progress.busy:
            self.show_error(self.tr("Wait for the running work to finish (or cancel it)."))
            return False
        self._on_done = on_done
        if not self._keep_message:
            self.message_label.clear()
        self.progress.setVisible(True)
        self.progress.run(task, message)
        return True

    def show_error(self, message: str) -> None:
        self.last_error = message
        self.message_label.setStyleSheet(ERROR_STYLE)
        self.message_label.setText(message)

    def show_message(self, message: str) -> None:
        self.last_error = None
        self.message_label.setStyleSheet(DONE_STYLE)
        self.message_label.setText(message)

    def show_warning(self, message: str) -> None:
        """Work done, with findings to look at (failed QC, unmatched labels): amber, not green."""
        self.last_error = None
        self.message_label.setStyleSheet(WARNING_STYLE)
        self.message_label.setText(message)


class RunChooser(QWidget):
    """A combo box of runs with their state; `selected()` is the chosen run's id."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(label))
        row.addWidget(self.combo, 1)
        self.shared: Selection | None = None

    def bind(self, selection: Selection, page: ViewPage) -> None:
        """Share the current run with every page: choosing here chooses there, and back. A hidden
        page only marks itself stale (it reads the run when shown, not in the background now)."""
        self.shared = selection
        self.combo.currentIndexChanged.connect(lambda _: selection.set_run(self.selected()))
        selection.run_changed.connect(lambda run_id: self._follow(run_id, page))

    def _follow(self, run_id: int, page: ViewPage) -> None:
        if page.isVisible():
            self.choose(run_id)
            return
        index = self.combo.findData(run_id)
        if index != self.combo.currentIndex():
            if index >= 0:
                self.combo.blockSignals(True)
                self.combo.setCurrentIndex(index)
                self.combo.blockSignals(False)
            page.refresh()

    def set_runs(self, runs: list[RunSummary]) -> None:
        current = self.shared.run_id if self.shared and self.shared.run_id else self.selected()
        self.combo.blockSignals(True)
        self.combo.clear()
        for run in runs:
            self.combo.addItem(f"{run.name}  [{word(run.state)}]", run.id)
        index = self.combo.findData(current) if current is not None else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if runs else -1))
        self.combo.blockSignals(False)

    def selected(self) -> int | None:
        value = self.combo.currentData()
        return int(value) if value is not None else None

    def choose(self, run_id: int) -> None:
        index = self.combo.findData(run_id)
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.setCurrentIndex(index)
