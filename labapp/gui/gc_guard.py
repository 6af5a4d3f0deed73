"""Collect Python garbage on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is
reached. If that is a worker thread and the garbage holds a Qt widget, the widget is destroyed off the
GUI thread: Qt forbids that, and with PySide it can deadlock (the destructor waits for the GIL the
main thread is waiting for). So automatic collection is switched off and a GUI-thread timer collects
whenever the thresholds say a collection is due (the usual remedy for Qt applications with workers).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(INTERVAL_MS)

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def install(app: QObject) -> MainThreadGarbageCollector:
    """Once per application; the collector lives as long as the application object."""
    existing = app.findChild(MainThreadGarbageCollector)
    return existing if existing is not None else MainThreadGarbageCollector(app)
