"""The Japanese interface names the grading page and its action one way (等級判定, the page's title)
and the second review one way (二次レビュー), in the compiled translation the desktop loads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from labapp.gui.translation import install_translation


@pytest.fixture
def japanese(qapp):  # type: ignore[no-untyped-def]
    install_translation(qapp, "ja")
    yield
    install_translation(qapp, "en")


def test_grading_is_named_as_the_page_is_titled(japanese) -> None:  # type: ignore[no-untyped-def]
    def tr(context: str, text: str) -> str:
        return QCoreApplication.translate(context, text)

    page = tr("MainWindow", "Grading")
    assert page == "等級判定"
    note = tr("GradingNote", "Lots not graded ({0}); grade them on the Grading page.")
    assert f"{page}ページで{page}してください" in note and "格付け" not in note
    assert "等級判定" in tr("GradingNote", "{0} lot(s) graded against {1} {2}")
    assert "等級判定" in tr("GradingNote", "Lots not graded: your roles do not include grading.")
    assert "等級判定" in tr("GradingNote", " ({0} not gradable: the Grading page says why)")
    second = tr("ReviewPage", "Second review is switched off: a submitted run goes straight to approval.")
    assert second.startswith("二次レビュー")
