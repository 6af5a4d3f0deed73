"""The GUI shell opens on a database, shows what it holds, and closes cleanly (pytest-qt, offscreen)."""

from labapp.gui.main_window import MainWindow
from labapp.services.context import ServiceContext
from labapp.services.registration import register_client


def test_main_window_opens_shows_counts_and_closes(qtbot, tmp_path):
    db = tmp_path / "shell.sqlite"
    with ServiceContext(str(db)) as ctx:
        register_client(ctx, actor="tester", name="Hokuriku Recycling K.K.")
    window = MainWindow(db=str(db))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert str(db) in window.windowTitle()
    assert window.navigation.count() == window.pages.count() == 1
    assert window.overview_page.count_labels["lots"].text() == "0"
    assert window.overview_page.count_labels["audit_events"].text() == "1"  # the client's creation
    window.close()
    assert not window.isVisible()


def test_a_database_that_cannot_be_opened_is_reported_not_raised(qtbot, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(MainWindow, "_show_error", lambda self, text: messages.append(text))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    window = MainWindow(db=str(blocker / "sub" / "x.sqlite"))
    qtbot.addWidget(window)
    assert window.ctx is None
    assert len(messages) == 1 and str(blocker) in messages[0]
