"""Draw the labapp icon with QPainter and write resources/icons/labapp.png and labapp.ico.

Run once when the design changes and commit the output (no downloaded artwork):

    QT_QPA_PLATFORM=offscreen python installer/make_icon.py

The motif is an Erlenmeyer flask holding a dark powder slurry on a teal tile. The .ico carries PNG
images at the sizes Windows asks for (16-256 px), packed by hand so no Qt image plugin is needed.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def flask_path(s: float) -> QPainterPath:
    """Outline of the flask in a square of side `s`: neck, shoulders, flat base with rounded corners."""
    path = QPainterPath()
    path.moveTo(0.41 * s, 0.17 * s)
    path.lineTo(0.41 * s, 0.40 * s)
    path.lineTo(0.20 * s, 0.76 * s)
    path.quadTo(0.16 * s, 0.84 * s, 0.25 * s, 0.84 * s)
    path.lineTo(0.75 * s, 0.84 * s)
    path.quadTo(0.84 * s, 0.84 * s, 0.80 * s, 0.76 * s)
    path.lineTo(0.59 * s, 0.40 * s)
    path.lineTo(0.59 * s, 0.17 * s)
    path.closeSubpath()
    return path


def draw(size: int) -> QImage:
    """The icon at `size` x `size` pixels, drawn from vectors (so small sizes stay sharp)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = float(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#0f6e74"))
    painter.drawRoundedRect(QRectF(0.02 * s, 0.02 * s, 0.96 * s, 0.96 * s), 0.2 * s, 0.2 * s)

    flask = flask_path(s)
    slurry = QPainterPath()
    slurry.addRect(QRectF(0, 0.60 * s, s, s))
    painter.setBrush(QColor("#f4f7f7"))
    painter.drawPath(flask)
    painter.setBrush(QColor("#2b2b2e"))  # black mass
    painter.drawPath(flask.intersected(slurry))
    painter.setBrush(QBrush(QColor("#d9a441")))  # a few bright grains: the metals being assayed
    for x, y, r in ((0.42, 0.72, 0.035), (0.55, 0.77, 0.03), (0.64, 0.70, 0.025)):
        painter.drawEllipse(QPointF(x * s, y * s), r * s, r * s)

    pen = QPen(QColor("#0a3d40"), max(1.0, 0.035 * s))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(flask)
    painter.drawLine(QPointF(0.36 * s, 0.17 * s), QPointF(0.64 * s, 0.17 * s))  # the lip
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("Qt could not encode PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO container of PNG-compressed images (ICONDIR + ICONDIRENTRY per image, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage/QPainter need it
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "labapp.png").write_bytes(png_bytes(draw(256)))
    (OUT / "labapp.ico").write_bytes(ico_bytes([(size, png_bytes(draw(size))) for size in ICO_SIZES]))
    print(f"wrote {OUT / 'labapp.png'} and {OUT / 'labapp.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
