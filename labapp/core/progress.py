"""Progress reporting and cancellation for long work, without Qt: services take a `Progress`,
the GUI's worker adapts it to signals, the CLI prints or ignores it."""

from __future__ import annotations

import threading
from collections.abc import Callable

from labapp.core.errors import LabappError


class Cancelled(LabappError):
    """The user cancelled the work; everything it started was rolled back."""

    def __init__(self, what: str = "operation") -> None:
        super().__init__(f"{what} cancelled; nothing was saved")


class Progress:
    """Thread-safe progress sink with a cancel flag. `on_report(done, total, message)` is optional."""

    def __init__(self, on_report: Callable[[int, int, str], None] | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._on_report is not None:
            self._on_report(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self, what: str = "operation") -> None:
        """Raise Cancelled when cancel() was called; call between units of work."""
        if self._cancel.is_set():
            raise Cancelled(what)


NO_PROGRESS = Progress()
