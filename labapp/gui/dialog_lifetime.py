"""Finished dialogs do not pile up under their page.

A dialog made with a parent lives as long as the parent: every signature or form dialog of a working
day stayed in memory, hidden, under its page (about 20 widgets each), and every later language or
font change visited them all. A new dialog deletes the finished dialogs of its own class under the
same parent instead: one at a time is all a page ever shows. A dialog still open, never shown, or
still busy with work it started (an import it confirmed) is left alone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

_FINISHED = "labapp_finished"  # a dynamic property: set when the dialog is done


def release_closed_predecessors(dialog: QDialog) -> None:
    """Call in a dialog's constructor: delete (later, on the event loop) its finished predecessors."""
    dialog.finished.connect(lambda _result: dialog.setProperty(_FINISHED, True))
    parent = dialog.parent()
    if parent is None:
        return
    for earlier in parent.findChildren(type(dialog), options=Qt.FindChildOption.FindDirectChildrenOnly):
        if type(earlier) is type(dialog) and earlier is not dialog and _finished_and_idle(earlier):
            earlier.deleteLater()


def _finished_and_idle(dialog: QDialog) -> bool:
    progress = getattr(dialog, "progress", None)
    busy = bool(getattr(progress, "busy", False))
    return bool(dialog.property(_FINISHED)) and not dialog.isVisible() and not busy
