"""Run a service call off the GUI thread with progress and cancel, so the window never freezes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from labapp.core.progress import Cancelled, Progress


class WorkerSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    error = Signal(object)  # the exception itself, for callers that show more than one line
    cancelled = Signal(str)


class Worker(QRunnable):
    """Calls `task(progress)` in the thread pool; results and errors come back as queued signals."""

    def __init__(self, task: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.signals = WorkerSignals()
        self.progress = Progress(on_report=self.signals.progress.emit)
        self._task = task

    def run(self) -> None:  # runs in a pool thread
        try:
            result = self._task(self.progress)
        except Cancelled as exc:
            self.signals.cancelled.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - every error reaches the user as a message
            self.signals.error.emit(exc)
            self.signals.failed.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        else:
            self.signals.finished.emit(result)

    def cancel(self) -> None:
        self.progress.cancel()


def start(worker: Worker) -> Worker:
    QThreadPool.globalInstance().start(worker)
    return worker
