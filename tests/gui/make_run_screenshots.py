"""Screenshots of the run, results, grading, review and certificate views (offscreen):
.venv/bin/python tests/gui/make_run_screenshots.py [DEMO_FOLDER] [--ja]

Not a test. DEMO_FOLDER is a `labapp demo --out` folder (default: a fresh one in a temporary folder);
it is copied, never changed. With --ja the Japanese translation is installed and names end in -ja.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from labapp.demo.build import DEMO_USERS, run_demo  # noqa: E402
from labapp.gui.app import create_application  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _settle(app: QApplication, until=None, rounds: int = 600) -> None:  # type: ignore[no-untyped-def]
    for _ in range(rounds):
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(20)
        if until is None or until():
            app.processEvents()
            return


def start_shots(prefix: str) -> tuple[QApplication, Path, str, list[str]]:
    """The screenshot scripts' common start: the application, a throwaway folder whose settings file
    is used (never the user's), the Japanese translation with --ja, and the name suffix."""
    japanese = "--ja" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--ja"]
    app = create_application()
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    if japanese:
        from labapp.gui.translation import install_translation

        install_translation(app, "ja")
    return app, tmp, "-ja" if japanese else "", args


def demo_folder(tmp: Path, args: list[str]) -> Path:
    """A copy of the demo folder given on the command line, or a fresh demo."""
    if args:
        shutil.copytree(args[0], tmp / "demo")
        return tmp / "demo"
    return run_demo(tmp / "demo").out_dir


def main() -> int:
    app, tmp, suffix, args = start_shots("labapp-run-shots-")
    folder = demo_folder(tmp, args)
    os.environ["LABAPP_KEYS"] = str(folder / "keys")
    ctx = ServiceContext(str(folder / "labapp.sqlite"))
    qa = next(u for u in DEMO_USERS if u.username == "qa")
    window = MainWindow(ctx=ctx, user=authenticate(ctx, qa.username, qa.password))
    window.resize(1280, 800)
    window.show()
    pages = list(window.run_pages.values())
    _run_page, results, grading, review, certificates = pages

    def save(widget: QWidget, name: str) -> None:
        path = OUT / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    def show(page: QWidget) -> None:
        window.navigation.setCurrentRow(window.pages.indexOf(page))
        _settle(app)

    # the run view's own shots (1280x720, an exclusion on an editable run): make_run_view_screenshots.py
    show(results)
    _settle(app, lambda: not results.progress.busy and results.grid.model.rowCount() > 0)
    results.grid.filter_edit.setText("BM26-0003")
    results.grid.table.selectRow(0)
    _settle(app)
    save(window, "results")
    save(results.detail, "result-detail")
    show(grading)
    grading.choose_lot("BM26-0003")
    _settle(app)
    save(window, "grading")
    show(certificates)
    certificates.select("LA-2026-000003", 0)
    _settle(app)
    save(window, "certificate-preview")
    verify = certificates.open_verify()
    verify.verify(folder / "certificates" / "LA-2026-000003_rev0.pdf")
    _settle(app)
    save(verify, "verify")
    window.close()
    ctx.close()
    _review_shots(app, tmp, save)
    return 0


def _review_shots(app: QApplication, tmp: Path, save) -> None:  # type: ignore[no-untyped-def]
    """The review queue as the reviewer sees it: both demo runs submitted, second review on."""
    from partial_demo import REVIEWER, submitted

    ctx = ServiceContext(str(submitted(tmp / "submitted.sqlite")))
    window = MainWindow(ctx=ctx, user=authenticate(ctx, REVIEWER.username, REVIEWER.password))
    window.resize(1280, 800)
    window.show()
    review = list(window.run_pages.values())[3]
    window.navigation.setCurrentRow(window.pages.indexOf(review))
    _settle(app)
    save(window, "review")
    dialog = review.sign("reject")
    dialog.reason_edit.setPlainText("CCV Mn below 90 % at position 35: re-run the last bracket")
    dialog.resize(560, 330)
    _settle(app)
    save(dialog, "signature")
    dialog.reject()
    window.close()
    ctx.close()


if __name__ == "__main__":
    sys.exit(main())
