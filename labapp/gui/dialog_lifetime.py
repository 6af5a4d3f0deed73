"""Closed dialogs do not pile up under their page.

A dialog made with a parent lives as long as the parent: every signature or form dialog of a working
day stayed in memory, hidden, under its page (about 20 widgets each), and every later language or
font change visited them all. A new dialog of the same kind deletes its closed predecessors instead:
one at a time is all a page ever shows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog


def release_closed_predecessors(dialog: QDialog, kind: type[QDialog]) -> None:
    """Delete (later, on the event loop) the closed dialogs of `kind` that `dialog`'s parent holds."""
    parent = dialog.parent()
    if parent is None:
        return
    for earlier in parent.findChildren(kind, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if earlier is not dialog and not earlier.isVisible():
            earlier.deleteLater()
