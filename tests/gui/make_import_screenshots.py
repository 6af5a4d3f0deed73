"""Regenerate docs/screenshots/import_one_step_en.png and _ja.png (offscreen): the one-step import's
confirmation page for the demo ICP-OES export. Not a test: python tests/gui/make_import_screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from partial_demo import TECH, registered_only  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.quick_import import QuickImportDialog  # noqa: E402
from labapp.gui.translation import install_translation  # noqa: E402
from labapp.resources import resource_path  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def main() -> int:
    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix="labapp-import-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    ctx = ServiceContext(str(registered_only(tmp / "import.sqlite")))
    tech = authenticate(ctx, TECH.username, TECH.password)
    for code in ("en", "ja"):
        install_translation(app, code)
        dialog = QuickImportDialog(ctx, tech, resource_path("demo", "icp_oes_run.csv"))
        dialog.show()
        deadline = time.monotonic() + 60
        while dialog.preview is None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.05)
        app.processEvents()
        dialog.grab().save(str(OUT / f"import_one_step_{code}.png"))
        print(OUT / f"import_one_step_{code}.png")
        dialog.reject()
        dialog.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
