"""Regenerate docs/screenshots/admin-*.png and audit-viewer*.png, in English and Japanese (offscreen):
.venv/bin/python tests/gui/make_admin_screenshots.py

Not a test: builds a fresh demo database in a temporary folder, signs in as the demo administrator
and saves `widget.grab()` of each administration tab and of the audit trail viewer.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt, QThreadPool  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from labapp.demo.build import DEMO_USERS, run_demo  # noqa: E402
from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.gui.translation import install_translation  # noqa: E402
from labapp.resources import resource_path  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TABS = ("users", "laboratory", "methods", "criteria", "profiles", "keys")


def _settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(20)


def _save(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def _logo(path: Path) -> None:
    image = QImage(360, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("#1b4f8a"))
    painter.setFont(QFont("DejaVu Sans", 30, QFont.Weight.Bold))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "HBAL")
    painter.end()
    image.save(str(path))


def _shoot(app: QApplication, ctx: ServiceContext, suffix: str) -> None:
    admin = next(u for u in DEMO_USERS if u.username == "admin")
    window = MainWindow(ctx=ctx, user=authenticate(ctx, admin.username, admin.password))
    window.resize(1280, 760)
    window.show()
    window.navigation.setCurrentRow(window.pages.indexOf(window.admin_page))
    page = window.admin_page
    page.profiles_tab.try_file(resource_path("demo", "icp_oes_run.csv"))
    for name, tab in zip(TABS, page.all_tabs(), strict=True):
        page.tabs.setCurrentWidget(tab)
        if name == "criteria":
            tab.select("jp-eu-black-mass", "0.2-lab")
        if name == "users":
            tab.page.table.selectRow(1)
        _settle(app)
        _save(window, f"admin-{name}{suffix}")
    window.navigation.setCurrentRow(window.pages.indexOf(window.audit_page))
    audit = window.audit_page
    audit.entity_combo.setCurrentIndex(audit.entity_combo.findData("lots"))
    audit.apply_button.click()
    audit.table.selectRow(0)
    audit.verify_button.click()
    _settle(app)
    _save(window, f"audit-viewer{suffix}")
    window.hide()
    window.deleteLater()


def main() -> int:
    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="labapp-admin-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    os.environ["LABAPP_DATA"] = str(tmp / "data")
    os.environ["LABAPP_KEYS"] = str(tmp / "keys")
    ctx = ServiceContext(str(run_demo(tmp / "demo").database))
    admin = next(u for u in DEMO_USERS if u.username == "admin")
    user = authenticate(ctx, admin.username, admin.password)

    from labapp.services.administration.keys import init_ca, issue_signer
    from labapp.services.administration.lab_logo import set_logo
    from labapp.services.grading.criteria_catalog import list_sets
    from labapp.services.grading.criteria_files import clone_set

    _logo(tmp / "logo.png")
    set_logo(ctx, user, tmp / "logo.png")
    clone_set(ctx, user, next(e.path for e in list_sets() if e.id == "jp-eu-black-mass"), "0.2-lab")
    init_ca(
        ctx, user, "Hibikino Battery Assay Lab Root CA", "Hibikino Battery Assay Lab", b"Root-Pass-2026", "JP"
    )
    issue_signer(ctx, user, "qa", b"Root-Pass-2026", b"Signer-Pass-2026")
    _shoot(app, ctx, "")
    install_translation(app, "ja")
    _shoot(app, ctx, "-ja")
    return 0


if __name__ == "__main__":
    sys.exit(main())
