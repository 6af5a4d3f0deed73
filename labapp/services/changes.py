"""What changed after a unit of work committed, told to whoever listens (the desktop's open views).

Qt-free on purpose: services publish plain `Change` values; the GUI layer turns them into a Qt
signal (labapp.gui.selection.ChangeBridge) so a publication from a worker thread reaches the views
through a queued connection. Listeners are called on the publishing thread and must not raise into it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from enum import Enum


class Change(Enum):
    """Which kind of record a committed unit of work touched (never shown on screen)."""

    RUNS = "runs"
    LOTS = "lots"
    CERTIFICATES = "certificates"
    USERS = "users"
    AUDIT = "audit"


_TABLE_CHANGES: dict[str, Change] = {
    "instrument_runs": Change.RUNS,
    "measurements": Change.RUNS,
    "calculations": Change.RUNS,
    "results": Change.RUNS,
    "qc_outcomes": Change.RUNS,
    "exclusions": Change.RUNS,
    "result_overrides": Change.RUNS,
    "signatures": Change.RUNS,
    "lot_gradings": Change.RUNS,
    "panel_entries": Change.RUNS,
    "panel_tests": Change.RUNS,
    "lots": Change.LOTS,
    "samples": Change.LOTS,
    "preparations": Change.LOTS,
    "clients": Change.LOTS,
    "certificates": Change.CERTIFICATES,
    "certificate_documents": Change.CERTIFICATES,
    "certificate_numbers": Change.CERTIFICATES,
    "pending_certificate_files": Change.CERTIFICATES,
    "settlement_statements": Change.CERTIFICATES,
    "settlement_assays": Change.CERTIFICATES,
    "users": Change.USERS,
}

Listener = Callable[[frozenset[Change]], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def changes_of_tables(tables: Iterable[str]) -> frozenset[Change]:
    """The kinds of change for the tables a unit of work wrote; every write is audited."""
    return frozenset({Change.AUDIT, *(_TABLE_CHANGES[t] for t in tables if t in _TABLE_CHANGES)})


def subscribe(listener: Listener) -> Callable[[], None]:
    """Listen to every publication; the returned function stops listening."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return unsubscribe


def publish(changes: frozenset[Change]) -> None:
    """Tell every listener (after the commit: nothing is announced that was rolled back)."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(changes)
