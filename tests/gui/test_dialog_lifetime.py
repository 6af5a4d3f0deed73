"""A day of signatures and forms does not pile closed dialogs up under their page."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from labapp.gui.admin_common import FormDialog
from labapp.gui.certificates_view import KeyedSignatureDialog
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


def test_an_open_a_never_shown_or_a_busy_dialog_is_left_alone(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    never_shown = _signature(page)
    busy = _signature(page)
    busy.progress = SimpleNamespace(busy=True)  # e.g. an import it confirmed, still running
    busy.open()
    busy.reject()
    _signature(page)
    _settle()
    assert never_shown in page.findChildren(SignatureDialog) and busy in page.findChildren(SignatureDialog)
    busy.progress = SimpleNamespace(busy=False)
    _signature(page)
    _settle()
    assert busy not in page.findChildren(SignatureDialog)


def test_only_finished_dialogs_of_the_same_class_go(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    page.show()
    keyed = KeyedSignatureDialog("Quinn (qa)", "issue", "BM26-0001", reason_required=False, parent=page)
    keyed.open()
    keyed.reject()
    _signature(page)
    _settle()
    assert keyed in page.findChildren(KeyedSignatureDialog)  # another class: its own page code may hold it


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
