"""Screenshots of the run view at 1280x720 (offscreen): the demo run's calibration with the per-line QC
status, the CCV recovery plot with three elements chosen, and a run still with the technician after
Standard 5 was taken off the Ni 231.604 curve (hollow point, samples above the new top standard):
.venv/bin/python tests/gui/make_run_view_screenshots.py [DEMO_FOLDER] [--ja]

Not a test. DEMO_FOLDER is a `labapp demo --out` folder (default: a fresh one); it is copied, never
changed. With --ja the Japanese translation is installed and names end in -ja.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_run_screenshots import OUT, _settle, demo_folder, start_shots  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from labapp.demo.build import DEMO_USERS  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.resources import resource_path  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.calculation import curve_edits  # noqa: E402
from labapp.services.calculation.calculate import calculate_run  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402
from labapp.services.importing.run_import import import_run  # noqa: E402

SIZE = (1280, 720)
RUN = "ICP-OES 2026-03-17"


def _window(ctx: ServiceContext, username: str) -> MainWindow:
    user = next(u for u in DEMO_USERS if u.username == username)
    window = MainWindow(ctx=ctx, user=authenticate(ctx, user.username, user.password))
    window.resize(*SIZE)
    window.show()
    return window


def _run_page(app, window):  # type: ignore[no-untyped-def]
    page = next(iter(window.run_pages.values()))
    window.navigation.setCurrentRow(window.pages.indexOf(page))
    _settle(app, lambda: page.calibration is not None and not page.progress.busy)
    return page


def _editable(tmp: Path) -> Path:
    """The demo lots with the ICP-OES run imported, calculated and Standard 5 left off Ni 231.604."""
    from partial_demo import TECH, registered_only

    path = registered_only(tmp / "editable.sqlite")
    with ServiceContext(str(path)) as ctx:
        tech = authenticate(ctx, TECH.username, TECH.password)
        import_run(ctx, resource_path("demo", "icp_oes_run.csv"), RUN, tech)
        curve_edits.exclude_point(
            ctx, tech, RUN, "Ni", "231.604", "Standard 5", "air bubble in the nebuliser"
        )
        calculate_run(ctx, RUN, tech)
    return path


def main() -> int:
    app, tmp, suffix, args = start_shots("labapp-run-view-shots-")

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        path = OUT / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    folder = demo_folder(tmp, args)
    os.environ["LABAPP_KEYS"] = str(folder / "keys")
    ctx = ServiceContext(str(folder / "labapp.sqlite"))
    window = _window(ctx, "qa")
    page = _run_page(app, window)
    page.line_list.sortItems(1, Qt.SortOrder.DescendingOrder)  # the lines needing a look first
    page.select_line("Mn 257.610")
    _settle(app)
    save(window, "run-view")
    page.tabs.setCurrentIndex(2)
    page.elements.choose(["Co", "Mn", "Ni"])
    _settle(app)
    save(window, "run-view-ccv")
    window.close()
    ctx.close()

    ctx = ServiceContext(str(_editable(tmp)))
    window = _window(ctx, "tech")
    page = _run_page(app, window)
    page.select_line("Ni 231.604")
    _settle(app)
    save(window, "run-view-exclusion")
    window.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
