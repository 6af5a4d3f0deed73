"""Preferences (language), the remembered window layout, and keyboard access to every action."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu

from labapp.gui.main_window import MainWindow
from labapp.gui.settings_dialog import SettingsDialog, save_layout
from labapp.gui.translation import LANGUAGE_KEY, chosen_language


def test_english_is_the_default_and_japanese_can_be_chosen(qtbot):
    assert chosen_language() == "en"
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "en"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ja"))
    dialog.accept()
    assert dialog.language_changed
    assert QSettings().value(LANGUAGE_KEY) == "ja" and chosen_language() == "ja"
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert again.language_combo.currentData() == "ja"
    again.reject()
    assert chosen_language() == "ja"


def test_an_unknown_stored_language_falls_back_to_english():
    QSettings().setValue(LANGUAGE_KEY, "xx")
    assert chosen_language() == "en"


def test_window_geometry_and_splitters_are_remembered(qtbot, demo_ctx):
    first = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(first)
    first.resize(796, 500)  # inside the offscreen screen (800 x 600): restoreGeometry keeps it on screen
    first.show()
    first.centralWidget().setSizes([230, 470])
    first.audit_page.splitter.setSizes([300, 200])
    sizes = (first.centralWidget().sizes(), first.audit_page.splitter.sizes())
    size = first.size()
    save_layout(first)
    second = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(second)
    second.show()
    assert second.size() == size and size.height() == 500
    assert second.centralWidget().sizes() == sizes[0]
    assert second.audit_page.splitter.sizes() == sizes[1]


def test_closing_the_window_saves_its_layout(qtbot, demo_db):
    window = MainWindow(db=str(demo_db))
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    window.close()
    assert QSettings().value("main_window/geometry") is not None
    assert QSettings().value("main_window/splitters/main_splitter") is not None


def _menu_actions(window: MainWindow):
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        yield top
        yield from (a for a in menu.actions() if not a.isSeparator())


def test_every_menu_action_has_a_shortcut_or_a_mnemonic(qtbot, demo_ctx):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    actions = list(_menu_actions(window))
    assert len(actions) >= 15
    for action in actions:
        assert "&" in action.text() or not action.shortcut().isEmpty(), action.text()
    shortcuts = [a.shortcut().toString() for a in actions if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts)), "two actions share a shortcut"
    assert "Ctrl+," in shortcuts  # Edit > Preferences
    assert "Ctrl+4" in shortcuts  # View > Administration


def _mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if index >= 0 else None


def test_every_button_of_the_new_pages_has_its_own_mnemonic(qtbot, demo_ctx):
    """Alt+letter reaches every button; no letter is shared with a menu, a tab or another button."""
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    menus = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    admin = window.admin_page
    tabs = [_mnemonic(admin.tabs.tabText(i)) for i in range(admin.tabs.count())]
    assert None not in tabs and len(set(menus + tabs)) == len(menus + tabs)
    for page, outer in [(window.audit_page, menus), *((tab, menus + tabs) for tab in admin.all_tabs())]:
        texts = [b.text() for b in page.findChildren(QAbstractButton) if b.text()]
        texts += [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
        letters = [_mnemonic(t) for t in texts]
        assert None not in letters, [t for t in texts if _mnemonic(t) is None]
        assert len(set(letters)) == len(letters), texts
        assert not set(letters) & set(outer), texts


def test_browse_fills_a_path_field_and_the_folder_is_remembered(qtbot, tmp_path, monkeypatch):
    """Issue 22: folders were typed by hand; Browse fills the field and the next dialog starts there."""
    from PySide6.QtWidgets import QFileDialog

    from labapp.gui.form_check import last_folder

    asked: list[str] = []
    chosen = tmp_path / "certificates out"
    chosen.mkdir()

    def fake_dialog(parent, title, start):  # the system dialog, answered by the test
        asked.append(start)
        return str(chosen)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", fake_dialog)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    field = dialog.folders["certificates"]
    field.setText("")
    field.browse_button.click()
    assert field.text() == str(chosen) and last_folder("certificates") == str(chosen)
    again = SettingsDialog()
    qtbot.addWidget(again)
    assert again.folders["certificates"].text() == str(chosen)  # the certificates page starts here too
    again.folders["certificates"].browse_button.click()
    assert asked == ["", str(chosen)]


def test_a_save_path_field_remembers_the_files_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from labapp.gui.form_check import PathField, last_folder

    target = tmp_path / "out" / "BM26-0001_settlement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), "PDF (*.pdf)"))
    field = PathField("statements", "save", "PDF (*.pdf)")
    qtbot.addWidget(field)
    field.browse_button.click()
    assert field.text() == str(target) and last_folder("statements") == str(target.parent)
