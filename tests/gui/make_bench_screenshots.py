"""Screenshots of issue 22's bench features at 1280x720 into docs/screenshots/:
.venv/bin/python tests/gui/make_bench_screenshots.py [DEMO_FOLDER] [--ja]

Not a test. A copy of DEMO_FOLDER (made by `labapp demo`) or a fresh demo is opened offscreen; the
results grid, the review page as a technician sees it (an approved run: nothing left to sign), the
offer to certify an approved run's lots, the certificate preview fitted to the width, the lot form
with two problems at once and the lock screen are saved.
With --ja the Japanese translation is installed and names end in -ja.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from make_run_screenshots import OUT, _settle, demo_folder, start_shots  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QWidget  # noqa: E402

from labapp.demo.build import DEMO_USERS  # noqa: E402
from labapp.gui.certificates_view import CertificatesPage  # noqa: E402
from labapp.gui.lot_form import LotFormDialog  # noqa: E402
from labapp.gui.main_window import MainWindow  # noqa: E402
from labapp.gui.results_view import ResultsPage  # noqa: E402
from labapp.gui.review import ReviewPage  # noqa: E402
from labapp.services.administration.users import authenticate  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402

USERS = {u.username: u for u in DEMO_USERS}


def main() -> int:
    app, tmp, suffix, args = start_shots("labapp-bench-shots-")
    folder = demo_folder(tmp, args)
    os.environ["LABAPP_KEYS"] = str(folder / "keys")
    ctx = ServiceContext(str(folder / "labapp.sqlite"))

    def save(widget: QWidget, name: str) -> None:
        path = OUT / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)

    tech = authenticate(ctx, "tech", USERS["tech"].password)
    window = MainWindow(ctx=ctx, user=tech)
    window.resize(1280, 720)
    window.show()
    pages = list(window.run_pages.values())
    results = next(p for p in pages if isinstance(p, ResultsPage))
    window.navigation.setCurrentRow(window.pages.indexOf(results))
    _settle(app, lambda: not results.progress.busy and results.grid.model.rowCount() > 0)
    save(window, "bench-results-1280")
    review = next(p for p in pages if isinstance(p, ReviewPage))
    review.all_runs_check.setChecked(True)
    window.navigation.setCurrentRow(window.pages.indexOf(review))
    _settle(app)
    save(window, "bench-review-technician-1280")
    # the bar an approval at this window leaves (the demo's lots are certified already, so it is shown
    # with the run's lots as ReviewPage._signed shows it)
    review.certify_offer.offer([g.lot_code for g in review.summary.grades])
    _settle(app)
    save(window, "bench-review-certify-offer-1280")
    review.certify_offer.withdraw()

    form = LotFormDialog(ctx, tech, None, window)
    values = {
        "code": "BM26-0201",
        "client_name": "Kyushu Cell Recycling",
        "gross_mass_kg": "900",
        "net_wet_mass_kg": "950",
        "moisture_pct": "120",
    }
    for name, text in values.items():
        form.findChild(QLineEdit, name).setText(text)
    form.show()
    _settle(app)
    save(form, "lot-form-problems")
    form.close()

    window.session_lock.lock()
    _settle(app)
    save(window, "bench-locked-1280")
    window.session_lock.screen.password_edit.setText(USERS["tech"].password)
    window.session_lock.unlock()

    window.user = authenticate(ctx, "qa", USERS["qa"].password)
    window.user_changed()
    certificates = next(p for p in pages if isinstance(p, CertificatesPage))
    window.navigation.setCurrentRow(window.pages.indexOf(certificates))
    _settle(app)
    certificates.select("LA-2026-000003", 0)
    _settle(app, lambda: bool(certificates.preview.page_labels))
    save(window, "bench-certificates-1280")
    window.close()
    ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
