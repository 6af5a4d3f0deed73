"""Regenerate docs/screenshots/ from the demo data (offscreen): .venv/bin/python tests/gui/make_screenshots.py

Not a test: it builds a fresh demo database in a temporary folder, drives the windows as a
technician would and saves `widget.grab()` of each main view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from labapp.demo.build import DEMO_USERS, run_demo  # noqa: E402
from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.first_start import FirstStartWizard  # noqa: E402
from labapp.gui.import_wizard import ImportWizard  # noqa: E402
from labapp.gui.login_dialog import LoginDialog  # noqa: E402
from labapp.gui.lot_form import LotFormDialog  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.resources import resource_path  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402
from labapp.services.importing.lot_edit import lot_details  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _settle(app: QApplication, until: object = None, rounds: int = 400) -> None:
    for _ in range(rounds):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(20)
        if until is None or until():  # type: ignore[operator]
            app.processEvents()
            return


def _save(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def main() -> int:
    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="labapp-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    database = run_demo(tmp / "demo").database
    ctx = ServiceContext(str(database))
    tech = next(u for u in DEMO_USERS if u.username == "tech")
    user = authenticate(ctx, tech.username, tech.password)

    login = LoginDialog(ctx, username="tech")
    login.resize(420, 180)
    login.show()
    _settle(app)
    _save(login, "login")

    empty = ServiceContext(str(tmp / "empty.sqlite"))
    wizard = FirstStartWizard(empty, keys_folder=str(tmp / "keys"))
    wizard.laboratory_page.name_edit.setText("Kitakyushu Battery Assay Lab")
    wizard.laboratory_page.address_edit.setPlainText("4-5-6 Hibikino, Kitakyushu, Fukuoka, Japan")
    wizard.laboratory_page.accreditation_edit.setText("ISO/IEC 17025, JAB RL0999")
    wizard.resize(640, 420)
    wizard.show()
    _settle(app)
    _save(wizard, "first-start")
    wizard.administrator_page.username_edit.setText("keiko")
    wizard.administrator_page.full_name_edit.setText("Keiko Kanri")
    for edit in (wizard.administrator_page.password_edit, wizard.administrator_page.confirm_edit):
        edit.setText("Kanri-Start-2026")
    wizard.next()
    wizard.next()
    wizard.keys_page.country_edit.setText("JP")
    _settle(app)
    _save(wizard, "first-start-keys")

    window = MainWindow(ctx=ctx, user=user)
    window.resize(1280, 760)
    window.show()
    window.navigation.setCurrentRow(1)
    _settle(app)
    _save(window, "lots")

    form = LotFormDialog(ctx, user, lot_details(ctx, "BM26-0003"), window)
    form.show()
    _settle(app)
    _save(form, "lot-edit")

    importer = ImportWizard(ctx, user, window)
    importer.resize(1180, 720)
    importer.show()
    importer.file_page.set_path(str(resource_path("demo", "icp_oes_run.csv")))
    importer.next()
    _settle(app)
    _save(importer, "import-format")
    importer.next()
    _settle(app, lambda: importer.preview_page.result is not None)
    _save(importer, "import-preview")
    importer.next()
    _settle(app)
    _save(importer, "import-matching")
    importer.next()
    importer.import_page.import_button.click()
    _settle(app, lambda: importer.import_page.outcome is not None)
    _save(importer, "import-done")
    importer.accept()

    window.refresh()
    window.navigation.setCurrentRow(2)
    window.audit_page.verify_button.click()
    _settle(app)
    _save(window, "audit")
    window.navigation.setCurrentRow(0)
    _settle(app)
    _save(window, "overview")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
