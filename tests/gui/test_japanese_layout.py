"""Japanese screens: mnemonics never show their ampersand, the navigation fits its titles, and the
main window's visible text in Japanese carries no literal "&" mnemonic."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from visible_text import visible_texts

from labapp.gui.main_window import MainWindow
from labapp.gui.mnemonics import plain_text
from labapp.gui.translation import install_translation


@pytest.fixture
def japanese(qapp):
    install_translation(qapp, "ja")
    yield
    install_translation(qapp, "en")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("ファイル(&F)", "ファイル"),
        ("&File", "File"),
        ("C&hange password...", "Change password..."),
        ("Ni && Co", "Ni & Co"),
        ("ロット(&L)...", "ロット..."),
        ("", ""),
    ],
)
def test_plain_text_drops_mnemonics_and_keeps_real_ampersands(text, plain):
    assert plain_text(text) == plain


def test_japanese_navigation_is_wide_enough_for_every_title(qtbot, demo_ctx, japanese):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    nav = window.navigation
    titles = [nav.item(n).text() for n in range(nav.count())]
    assert any("\u30a2" <= ch <= "\u9fff" for title in titles for ch in title)  # the titles are Japanese
    widest = max(nav.fontMetrics().horizontalAdvance(title) for title in titles)
    assert nav.minimumWidth() > widest


def test_no_literal_mnemonic_ampersand_outside_menus(qtbot, demo_ctx, japanese):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    texts = [(page, text) for page, shown in visible_texts(window).items() for text in shown]
    assert len(texts) > 20
    stray = [(page, text) for page, text in texts if "&" in text and "&&" not in text]
    assert stray == [], stray
