"""The GUI shell opens on a database, shows what it holds, and closes cleanly (pytest-qt, offscreen)."""

from accounts import account

from labapp.gui.main_window import MainWindow
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import register_client


def test_main_window_opens_shows_counts_and_closes(qtbot, tmp_path):
    db = tmp_path / "shell.sqlite"
    with ServiceContext(str(db)) as ctx:
        register_client(ctx, account(ctx, "tester"), name="Hokuriku Recycling K.K.")
    window = MainWindow(db=str(db))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert str(db) in window.windowTitle()
    assert window.navigation.count() == window.pages.count()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert {"Overview", "Lots", "Audit trail"} <= set(titles)
    assert window.overview_page.count_labels["lots"].text() == "0"
    # the acting account's creation and the client's
    assert window.overview_page.count_labels["audit_events"].text() == "2"
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


def test_a_mistyped_database_is_refused_not_created(qtbot, tmp_path, monkeypatch):
    messages = []
    monkeypatch.setattr(MainWindow, "_show_error", lambda self, text: messages.append(text))
    typo = tmp_path / "labap.sqlite"
    window = MainWindow(db=str(typo))
    qtbot.addWidget(window)
    assert window.ctx is None and not typo.exists()
    assert messages == [  # the fix in words, then where the desktop does it (gui/error_text.py)
        f"database {typo} does not exist: check the path, or create a new database there\n"
        "In labapp: File > Open database..."
    ]


def test_lots_and_audit_pages_show_the_demo_and_verify_the_chain(qtbot, demo_db):
    window = MainWindow(db=str(demo_db))
    qtbot.addWidget(window)
    lots = window.lots_page
    assert lots.proxy.rowCount() == 14
    lots.filter_edit.setText("BM26-0003")
    assert lots.proxy.rowCount() == 1
    assert lots.proxy.index(0, 0).data() == "BM26-0003"
    window.audit_page.verify_button.click()
    assert window.audit_page.verdict_label.text().startswith("Chain intact")
    with window.ctx.engine.begin() as conn:  # tamper behind the application's back
        conn.exec_driver_sql("UPDATE lots SET net_wet_mass_kg = net_wet_mass_kg * 2 WHERE code = 'BM26-0003'")
    window.audit_page.verify_button.click()
    assert window.audit_page.verdict_label.text().startswith("BROKEN")
    assert "lots" in window.audit_page.verdict_label.text()


def test_actions_have_shortcuts_and_need_a_permitted_signed_in_user(qtbot, demo_db, monkeypatch):
    from labapp.demo.build import DEMO_USERS
    from labapp.gui import main_window
    from labapp.services.administration.users import authenticate

    messages: list[str] = []
    monkeypatch.setattr(MainWindow, "_show_error", lambda self, text: messages.append(text))
    monkeypatch.setattr(main_window, "ask_user", lambda ctx, parent=None: None)  # the user cancels the log-in
    window = MainWindow(db=str(demo_db))
    qtbot.addWidget(window)
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in window.actions()}
    assert shortcuts["Import instrument export..."] == "Ctrl+I"
    assert shortcuts["Import lot manifest..."] == "Ctrl+M"
    assert shortcuts["New lot..."] == "Ctrl+N" and shortcuts["Edit lot..."] == "Ctrl+E"
    assert shortcuts["Sign in..."] == "Ctrl+L" and shortcuts["Lots"] == "Ctrl+2"
    assert window.user_status.text() == "Not signed in (read only)"
    window.new_lot()
    assert messages == []  # nobody signed in and the log-in was cancelled: nothing happens
    admin = DEMO_USERS[0]
    window.user = authenticate(window.ctx, admin.username, admin.password)
    window.new_lot()
    assert messages == [
        "user 'admin' (administrator) may not register lots: a technician or QA manager may "
        "(an administrator grants roles)"
    ]
