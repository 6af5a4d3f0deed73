"""A progress bar with a Cancel button that runs one task at a time in a Worker.

Pages and wizards embed it; they receive the task's result (or its one-line error) as signals
in the GUI thread, and the event loop keeps running while the task works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from labapp.core.progress import Progress
from labapp.gui.progress_words import progress_text
from labapp.gui.worker import Worker, start


class ProgressPanel(QWidget):
    finished = Signal(object)
    failed = Signal(str)
    error = Signal(object)  # the exception, emitted (when the panel is idle again) just before `failed`
    cancelled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.message = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setShortcut(QKeySequence(self.tr("Ctrl+.")))
        self.cancel_button.setToolTip(self.tr("Stop the work; nothing is saved (Ctrl+.)"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.worker: Worker | None = None
        self._error: Exception | None = None
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def run(self, task: Callable[[Progress], Any], message: str = "") -> Worker:
        """Start `task(progress)` in the thread pool; refused while another task runs."""
        if self.worker is not None:
            raise RuntimeError("a task is already running")
        self.worker = Worker(task)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.error.connect(self._keep_error)
        self.worker.signals.failed.connect(self._failed)
        self.worker.signals.cancelled.connect(self._cancelled)
        self.bar.setRange(0, 0)  # busy until the first report
        self.message.setText(message)
        self.cancel_button.setEnabled(True)
        return start(self.worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.message.setText(self.tr("Cancelling..."))

    def abandon(self) -> None:
        """Cancel the running task and ignore whatever it still reports (e.g. the user chose again)."""
        if self.worker is None:
            return
        self.worker.cancel()
        signals = self.worker.signals
        for signal in (signals.progress, signals.finished, signals.error, signals.failed, signals.cancelled):
            signal.disconnect()
        self._done()
        self.message.clear()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        if message:
            self.message.setText(progress_text(message))

    def _done(self) -> None:
        self.worker = None
        self.cancel_button.setEnabled(False)
        self.bar.setRange(0, 1)

    def _finished(self, result: object) -> None:
        self._done()
        self.bar.setValue(1)
        self.message.setText(self.tr("Done"))
        self.finished.emit(result)

    def _keep_error(self, error: Exception) -> None:
        self._error = error  # arrives just before `failed`, from the same worker thread

    def _failed(self, message: str) -> None:
        self._done()
        self.bar.setValue(0)
        self.message.setText(message)
        error, self._error = self._error, None
        self.error.emit(error if error is not None else RuntimeError(message))
        self.failed.emit(message)

    def _cancelled(self, message: str) -> None:
        self._done()
        self.bar.setValue(0)
        self.message.setText(message)
        self.cancelled.emit(message)
