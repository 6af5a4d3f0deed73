"""The desktop's one current run and lot, shared by every page, and the bridge that turns the services'
change announcements (labapp.services.changes) into a Qt signal delivered on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot

from labapp.services.changes import Change, subscribe


class Selection(QObject):
    """Owned by the main window: choosing a run (or lot) on any page makes it current on all of them."""

    run_changed = Signal(int)
    lot_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.run_id: int | None = None
        self.lot_code: str | None = None

    def set_run(self, run_id: int | None) -> None:
        if run_id is not None and run_id != self.run_id:
            self.run_id = run_id
            self.run_changed.emit(run_id)

    def set_lot(self, lot_code: str | None) -> None:
        if lot_code and lot_code != self.lot_code:
            self.lot_code = lot_code
            self.lot_changed.emit(lot_code)


class ChangeBridge(QObject):
    """Re-emits each publication as `changed` on this object's (GUI) thread.

    Services publish on whatever thread did the work (a pool worker for long tasks); the internal
    signal is connected with a queued connection so views reload on the GUI thread, never on the worker.
    """

    changed = Signal(object)  # frozenset[Change]
    _published = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._published.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = subscribe(self._receive)

    def _receive(self, changes: frozenset[Change]) -> None:
        try:
            self._published.emit(changes)
        except RuntimeError:  # the window (and this bridge) is gone: nobody to tell
            self._unsubscribe()

    def stop(self) -> None:
        """Stop listening (the window closes)."""
        self._unsubscribe()

    @Slot(object)
    def _deliver(self, changes: frozenset[Change]) -> None:
        self.changed.emit(changes)
