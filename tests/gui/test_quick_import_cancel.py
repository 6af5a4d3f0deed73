"""Cancel while the one-step import page still reads the file: the page closes and nothing the
reading reports afterwards acts on it (an unrecognised file must not open the full wizard)."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog

from labapp.gui import quick_import
from labapp.gui.quick_import import CHANGE, QuickImportDialog


def test_cancel_during_the_preview_is_final(qtbot, demo_ctx, technician, tmp_path, monkeypatch) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("shopping list\neggs;milk\n", encoding="utf-8")
    reading, release = threading.Event(), threading.Event()
    real_preview = quick_import.preview_import

    def slow_preview(ctx, path):  # a large file: still reading when the user cancels
        reading.set()
        release.wait(30)
        return real_preview(ctx, path)

    monkeypatch.setattr(quick_import, "preview_import", slow_preview)
    dialog = QuickImportDialog(demo_ctx, technician, notes)
    qtbot.addWidget(dialog)
    assert reading.wait(30) and dialog.progress.busy
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected
    release.set()
    QThreadPool.globalInstance().waitForDone(30_000)
    qtbot.wait(200)  # the worker's queued signals are delivered (they must reach nothing)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.result() != CHANGE
    assert dialog.preview is None
