"""Regenerate docs/screenshots/home_en.png and home_ja.png (offscreen): the home worklist of a reviewer
on a demo database stopped at submission. Not a test: python tests/gui/make_home_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from partial_demo import REVIEWER, submitted  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.gui.translation import install_translation  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main() -> int:
    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="labapp-home-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    ctx = ServiceContext(str(submitted(tmp / "home.sqlite")))
    for code in ("en", "ja"):
        install_translation(app, code)
        window = MainWindow(ctx=ctx, user=authenticate(ctx, REVIEWER.username, REVIEWER.password))
        window.resize(1280, 720)
        window.show()
        app.processEvents()
        window.grab().save(str(OUT / f"home_{code}.png"))
        print(OUT / f"home_{code}.png")
        window.hide()
        window.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
