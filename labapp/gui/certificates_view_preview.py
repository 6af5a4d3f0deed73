"""Certificate preview and printing without QtPdf (not in PySide6-Essentials): the signed PDF's pages
are rendered by PDFium (pypdfium2) to images, shown in a scroll area and painted onto a QPrinter.

The preview shows exactly the stored bytes; printing prints the same page images at printer size.
Pages are fitted to the preview's width (a 1280x720 screen shows a whole page width without scrolling
sideways) and follow it when the window or the splitter changes size.
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

PREVIEW_SCALE = 1.4  # 72 dpi x 1.4 ~ 100 dpi on screen
PAGE_MARGIN = 24  # pixels around a fitted page (layout margins and the page's border)
PRINT_SCALE = 300 / 72  # pages rendered at 300 dpi for the printer


def render_pages(pdf: bytes, scale: float = PREVIEW_SCALE) -> list[QImage]:
    """Every page of `pdf` as an RGB image (copies: PDFium's buffers are released afterwards)."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            array = page.render(scale=scale, rev_byteorder=True).to_numpy()
            height, width = array.shape[:2]
            image = QImage(array.data, width, height, array.strides[0], QImage.Format.Format_RGB888)
            images.append(image.copy())
        return images
    finally:
        document.close()


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: bytes | None = None
        self.pages: list[QImage] = []
        self.page_labels: list[QLabel] = []
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # fitted to the width
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setStyleSheet("QScrollArea { background: #777; }")
        self._show([])

    def show_pdf(self, pdf: bytes | None) -> None:
        self.pdf = pdf
        self.pages = render_pages(pdf) if pdf else []
        self._show(self.pages)

    def _show(self, pages: list[QImage]) -> None:
        holder = QWidget()
        holder.setStyleSheet("background: #777")
        column = QVBoxLayout(holder)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels = []
        for _image in pages:
            label = QLabel()
            label.setStyleSheet("border: 1px solid #444")
            column.addWidget(label)
            self.page_labels.append(label)
        if not pages:
            empty = QLabel(self.tr("Choose a certificate to preview it."))
            empty.setStyleSheet("color: white")
            column.addWidget(empty)
        self.setWidget(holder)
        self.fit_width()

    def page_width(self) -> int:
        """The width a page is shown at: the visible width less the margins (never wider than rendered)."""
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return max(self.viewport().width() - PAGE_MARGIN - scroll_bar, 100)

    def fit_width(self) -> None:
        width = self.page_width()
        for image, label in zip(self.pages, self.page_labels, strict=True):
            shown = (
                image
                if image.width() <= width
                else image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            )
            label.setPixmap(QPixmap.fromImage(shown))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_width()


def print_pdf(
    pdf: bytes,
    parent: QWidget | None = None,
    dialog_factory: Callable[[QPrinter, QWidget | None], QPrintDialog] = QPrintDialog,
) -> QPrinter | None:
    """Ask the system print dialog where to print, then print every page; None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = dialog_factory(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    paint_pages(printer, render_pages(pdf, PRINT_SCALE))
    return printer


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
    finally:
        painter.end()
