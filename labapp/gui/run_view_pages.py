"""The pages of a run's way from calculation to certificate, built for the main window."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThreadPool
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMainWindow

from labapp.gui.certificates_view import CertificatesPage
from labapp.gui.grading_view import GradingPage
from labapp.gui.results_view import ResultsPage
from labapp.gui.review import ReviewPage
from labapp.gui.run_view import RunViewPage
from labapp.gui.run_view_common import RunChooser, ViewPage
from labapp.gui.selection import Selection
from labapp.gui.settlement_view import SettlementPage


class _ReviewOnShow(ReviewPage):
    """The queue depends on who is signed in: it is read again whenever the page is shown. The run
    chosen here is the window's current run; the current run is chosen here when it is in the queue."""

    shared: Selection | None = None
    _reloading = False

    def share(self, selection: Selection) -> None:
        self.shared = selection
        self.queue.currentItemChanged.connect(self._chosen_here)
        selection.run_changed.connect(lambda _: self._follow())

    def _chosen_here(self, *_: object) -> None:
        if not self._reloading and self.shared is not None:  # a reload's first row is no choice
            self.shared.set_run(self.selected_run())

    def _follow(self) -> None:
        if self.isVisible():
            self._follow_visible()
        else:
            self.refresh()

    def reload(self) -> None:
        self._reloading = True
        try:
            super().reload()
        finally:
            self._reloading = False
        if self.shared is not None and self.shared.run_id not in (None, self.selected_run()):
            self._follow_visible()

    def _follow_visible(self) -> None:
        for row in range(self.queue.count()):
            if self.queue.item(row).data(Qt.ItemDataRole.UserRole) == self.shared.run_id:  # type: ignore[union-attr]
                self.queue.setCurrentRow(row)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._stale = True
        super().showEvent(event)


class _StopWorkOnClose(QObject):
    """Before the window closes (and its database with it), cancel the pages' background work and wait."""

    def __init__(self, pages: list[ViewPage], parent: QObject) -> None:
        super().__init__(parent)
        self.pages = pages

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Close and any(page.progress.busy for page in self.pages):
            for page in self.pages:
                page.progress.abandon()
            QThreadPool.globalInstance().waitForDone(10_000)
        return False


def build_run_pages(window: QMainWindow) -> dict[str, ViewPage]:
    """Title -> page; pages reach the database and the acting user through the window."""
    context = lambda: window.ctx  # noqa: E731 - the window swaps its context on File > Open
    acting = window._acting_user  # noqa: SLF001 - the window's one sign-in-and-permission gate
    certificates = CertificatesPage(context, acting)
    pages: dict[str, ViewPage] = {
        QCoreApplication.translate("MainWindow", "Runs"): RunViewPage(context, acting),
        QCoreApplication.translate("MainWindow", "Results"): ResultsPage(context, acting),
        QCoreApplication.translate("MainWindow", "Grading"): GradingPage(context, acting),
        QCoreApplication.translate("MainWindow", "Review"): _ReviewOnShow(
            context, acting, lambda: window.user
        ),
        QCoreApplication.translate("MainWindow", "Certificates"): certificates,
        QCoreApplication.translate("MainWindow", "Settlement"): SettlementPage(context, acting),
    }
    window._action(
        QCoreApplication.translate("MainWindow", "Verify a certificate..."),  # noqa: SLF001
        certificates.open_verify,
        "Ctrl+Shift+V",
    )
    for page in pages.values():
        chooser = getattr(page, "runs", None)
        if isinstance(chooser, RunChooser):
            chooser.bind(window.selection, page)
        elif isinstance(page, _ReviewOnShow):
            page.share(window.selection)
        if hasattr(page, "share_lot"):
            page.share_lot(window.selection)
        lots = getattr(page, "lot_combo", None)
        if lots is not None and hasattr(page, "choose_lot"):
            window.selection.lot_changed.connect(
                lambda code, p=page, c=lots: p.choose_lot(code) if c.findText(code) >= 0 else None)
    certificates.signed_in = lambda: window.user
    review = next(p for p in pages.values() if isinstance(p, ReviewPage))
    review.certify_offer.certify.connect(lambda codes: _certify(window, certificates, codes))
    window.installEventFilter(_StopWorkOnClose(list(pages.values()), window))
    return pages


def _certify(window: QMainWindow, certificates: CertificatesPage, codes: list[str]) -> None:
    """The Review page's offer after an approval: open Certificates and issue the lots, whole."""
    window.navigation.setCurrentRow(window.pages.indexOf(certificates))  # type: ignore[attr-defined]
    certificates.issue(codes, whole=True)
