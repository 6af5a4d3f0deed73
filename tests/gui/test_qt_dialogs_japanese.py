"""Qt's own dialogs speak Japanese in the Japanese desktop (issue 22, item 5): the import wizard's
Back / Next / Cancel / Finish, message-box buttons and the file dialog (qtbase_ja, plus the two file
dialog labels qtbase_ja leaves English, translated in labapp's own file)."""

from __future__ import annotations

import pytest
from accounts import account
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton, QWizard

from labapp.gui import translation
from labapp.gui.import_wizard import ImportWizard


@pytest.fixture
def japanese(qapp):  # type: ignore[no-untyped-def]
    translation.install_translation(qapp, "ja")
    yield qapp
    translation.install_translation(qapp, "en")


def test_the_import_wizard_buttons_are_japanese(qtbot, demo_ctx, japanese) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(demo_ctx, account(demo_ctx, "tech"))
    qtbot.addWidget(wizard)
    buttons = QWizard.WizardButton
    shown = [wizard.button(b).text() for b in (buttons.BackButton, buttons.NextButton, buttons.CancelButton)]
    assert shown == ["< 戻る(&B)", "次へ(&N) >", "キャンセル"]
    assert wizard.button(buttons.FinishButton).text() == "完了(&F)"


def test_message_box_buttons_are_japanese(qtbot, japanese) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in box.buttons()) == sorted(["はい(&Y)", "いいえ(&N)", "キャンセル"])


def test_the_file_dialog_is_japanese(qtbot, japanese) -> None:  # type: ignore[no-untyped-def]
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what the offscreen and Linux desktops show
    labels = {label.text() for label in dialog.findChildren(QLabel) if label.text()}
    assert labels == {"場所(&L):", "ファイル名(&N):", "ファイルの種類(&T):"}
    assert {b.text() for b in dialog.findChildren(QPushButton)} >= {"開く(&O)", "キャンセル"}


def test_english_stays_english(qtbot, demo_ctx) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(demo_ctx, account(demo_ctx, "tech"))
    qtbot.addWidget(wizard)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Next >"
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    assert "&Look in:" in {label.text() for label in dialog.findChildren(QLabel)}
