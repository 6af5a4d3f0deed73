"""Screenshots of the panel tests' result sheet (offscreen):
.venv/bin/python tests/gui/make_panel_screenshots.py [--ja]

Not a test. Registers the demo's users and lots in a temporary database (tests/gui/partial_demo.py),
types a moisture batch for three lots and saves it (docs/screenshots/panel-sheet.png), then pastes a
sieve block with a missing value and a reading finer than the balance shows
(docs/screenshots/panel-sheet-problems.png). With --ja the names end in -ja.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from partial_demo import TECH, registered_only  # noqa: E402
from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.gui.panel_sheet_grid import FIRST_VALUE_COLUMN  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MOISTURE = {
    "BM26-0001": [
        ["25.0000", "35.0000", "34.7000", "105", "3"],
        ["24.0000", "34.0000", "33.6900", "104", "2.5"],
    ],
    "BM26-0002": [
        ["26.1000", "36.1000", "35.9000", "105", "3"],
        ["25.5000", "35.5000", "35.3100", "105", "3"],
    ],
    "BM26-0003": [
        ["25.2000", "37.2000", "36.4000", "106", "2.5"],
        ["25.9000", "37.9000", "37.1100", "106", "2.5"],
    ],
}
SIEVE = (
    "100.00\t0.00\t0.00\t0.50\t0.40\t30.00\t40.00\t29.05\n100.00\t0.00\t\t0.60\t0.125\t31.00\t39.00\t28.80"
)


def _settle(app: QApplication, until=None, rounds: int = 600) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(20)
        if until is None or until():
            app.processEvents()
            return


def main() -> int:
    japanese = "--ja" in sys.argv
    settings_dir = tempfile.mkdtemp(prefix="labapp-settings-")  # never the user's own settings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    app = create_application(["labapp"])
    from labapp.gui.translation import install_translation

    install_translation(app, "ja" if japanese else "en")
    suffix = "-ja" if japanese else ""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = ServiceContext(str(registered_only(Path(tmp) / "registered.sqlite")))
        user = authenticate(ctx, TECH.username, TECH.password)
        window = MainWindow(ctx=ctx, user=user)
        window.resize(1400, 860)
        window.show()
        window.navigation.setCurrentRow(
            window.pages.indexOf(
                next(iter(p for p in window.run_pages.values() if p.objectName() == "panel_sheet_page"))
            )
        )
        page = window.pages.currentWidget()
        _settle(app, lambda: page.method_combo.count() > 0)
        page.choose_method("moisture-105c")
        page.check_lots(list(MOISTURE))
        page.add_checked_lots()
        for row, values in enumerate(v for lot in MOISTURE.values() for v in lot):
            for offset, text in enumerate(values):
                page.grid.set_text(row, FIRST_VALUE_COLUMN + offset, text)
        page.save()
        _settle(app, lambda: not page.progress.busy)
        page.select_tests(list(page.tests)[:1])
        _settle(app)
        window.grab().save(str(OUT / f"panel-sheet{suffix}.png"))
        page.choose_method("particle-size-sieve")
        page.check_lots(["BM26-0004", "BM26-0005"])
        page.add_checked_lots()
        page.grid.setCurrentCell(0, FIRST_VALUE_COLUMN)
        page.grid.paste(SIEVE)
        _settle(app)
        window.grab().save(str(OUT / f"panel-sheet-problems{suffix}.png"))
        window.close()
        ctx.close()
    shutil.rmtree(settings_dir, ignore_errors=True)
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
