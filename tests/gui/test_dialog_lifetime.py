"""A day of signatures and forms does not pile closed dialogs up under their page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from labapp.gui.admin_common import FormDialog
from labapp.gui.signature_dialog import SignatureDialog
from labapp.services.workflow.review import SignAction


def _signature(page: QWidget) -> SignatureDialog:
    return SignatureDialog("Tom Tanaka (tech)", SignAction.SUBMIT, "ICP-OES 2026-03-17",
                           lambda password, reason: None, parent=page)


def _settle() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_fifty_closed_signature_dialogs_leave_one_behind(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    widgets_of_one = None
    for _ in range(50):
        dialog = _signature(page)
        dialog.open()
        dialog.reject()
        _settle()
        widgets_of_one = widgets_of_one or len(page.findChildren(QWidget))
    assert len(page.findChildren(SignatureDialog)) == 1
    assert len(page.findChildren(QWidget)) == widgets_of_one  # before: 50 dialogs, about 1,050 widgets


def test_an_open_dialog_is_never_deleted_by_the_next_one(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    still_open = _signature(page)
    still_open.show()
    closed = FormDialog("Add user", page)
    closed.reject()
    _signature(page)
    FormDialog("Roles of tech", page)
    _settle()
    assert still_open.isVisible() and still_open in page.findChildren(SignatureDialog)
    assert closed not in page.findChildren(FormDialog)
    assert len(page.findChildren(FormDialog)) == 1
