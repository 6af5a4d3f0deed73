"""The Japanese translation is complete, compiled and used; English stays the default."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialogButtonBox

import labapp.gui
from labapp.gui.main_window import MainWindow
from labapp.gui.translation import dynamic_texts, install_translation
from labapp.resources import resource_path

TS = resource_path("i18n", "labapp_ja.ts")
QM = resource_path("i18n", "labapp_ja.qm")
GUI = Path(labapp.gui.__file__).parent
_PLACEHOLDER = re.compile(r"\{\d+\}")
_KEPT = {"labapp", "PDF (*.pdf)", "JSON (*.json)"}  # a name and file patterns read the same in Japanese
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _messages() -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(TS).getroot()
    return {(context.findtext("name"), message.findtext("source")): message.find("translation")
            for context in root.iter("context") for message in context.iter("message")}


def _literal_tr_calls() -> set[tuple[str, str]]:
    """(class, text) of every self.tr("...") and (context, text) of translate("ctx", "...") in labapp/gui."""
    found: set[tuple[str, str]] = set()
    for path in GUI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "tr" and call.args and isinstance(call.args[0], ast.Constant)):
                    found.add((node.name, call.args[0].value))
        for call in ast.walk(tree):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "translate" and len(call.args) >= 2
                    and all(isinstance(a, ast.Constant) for a in call.args[:2])):
                found.add((call.args[0].value, call.args[1].value))
    return found


def test_every_entry_is_translated_into_japanese():
    messages = _messages()
    assert len(messages) > 300
    for (context, source), translation in messages.items():
        assert translation.get("type") is None, f"{context}: {source!r} is {translation.get('type')}"
        text = translation.text or ""
        assert text.strip(), f"{context}: {source!r} has no translation"
        assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), source
        if "&" in source.replace("&&", ""):
            assert re.search(r"\(&[A-Z0-9,.]\)", text), f"{source!r}: the mnemonic is lost in {text!r}"
        if re.search(r"[a-z]{3}", source) and not source.startswith("Ctrl+") and source not in _KEPT:
            assert _JAPANESE.search(text), f"{source!r} is not translated: {text!r}"


def test_every_string_in_the_gui_source_has_a_translation():
    """So a new tr("...") or a new table column cannot ship untranslated."""
    known = set(_messages())
    wanted = _literal_tr_calls() | set(dynamic_texts())
    missing = sorted(wanted - known)
    assert not missing, f"run tests/gui/update_translations.py and translate: {missing[:10]}"


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists() and shutil.which("pyside6-lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes()


@pytest.fixture
def japanese(qapp: QApplication):
    font = qapp.font()
    install_translation(qapp, "ja")
    yield qapp
    install_translation(qapp, "en")
    qapp.setFont(font)


def test_main_window_shows_japanese_menus(qtbot, demo_ctx, japanese):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["ファイル(&F)", "編集(&E)", "ロット(&L)", "表示(&V)", "ヘルプ(&H)"]
    pages = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert pages[:4] == ["概要", "ロット", "監査証跡", "管理"]
    assert window.admin_page.tabs.tabText(0) == "ユーザー(&U)"
    assert window.audit_page.model.headerData(2, Qt.Orientation.Horizontal) == "実行者"
    assert japanese.font().families()[0] in QFontDatabase.applicationFontFamilies(0) + ["IPAexGothic"]
    assert "IPAex" in japanese.font().families()[0]


def test_qt_own_buttons_speak_japanese_too(qtbot, japanese):
    """Cancel, Yes and No come from Qt, not from labapp's file: a Japanese dialog had "Cancel"."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert box.button(QDialogButtonBox.StandardButton.Yes).text().startswith("はい")


def test_english_is_the_default(qtbot, demo_ctx):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    assert [a.text() for a in window.menuBar().actions()][0] == "&File"


def test_roles_and_yes_no_speak_japanese(qtbot, demo_ctx, japanese):
    from labapp.gui.record_model import display_text
    from labapp.services.administration.users import authenticate

    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    window.user = authenticate(demo_ctx, "qa", "Hinshitsu-Demo-2026")
    window._show_user()
    assert "品質保証責任者" in window.user_status.text() and "qa_manager" not in window.user_status.text()
    assert (display_text(True), display_text(False)) == ("はい", "いいえ")
