"""The certificate page layout: reportlab platypus on A4, English, Japanese or both side by side.

Every page carries the laboratory, the certificate number and revision, and "page x of y"
(ISO/IEC 17025 7.8.2.1 d); the last flowable is an explicit end mark. The visible signature block is
a flowable that records where it landed, so signing can put the PAdES signature field exactly there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from labapp._version import __version__
from labapp.certificates import fonts
from labapp.certificates.model import CertificateData, qr_payload
from labapp.certificates.paragraphs import Paragraph
from labapp.certificates.sections import Sections
from labapp.certificates.text import Lang, languages, text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
HEADER_HEIGHT = 16 * mm
FOOTER_HEIGHT = 14 * mm
SIGNATURE_FIELD = "Signature1"
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible signature block was drawn: 0-based page index and PDF user-space rectangle."""

    page_index: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class RenderedCertificate:
    pdf: bytes
    signature_box: SignatureBox
    pages: int


def render_certificate(
    data: CertificateData, twin_sha256: str, root_fingerprint: str | None = None
) -> RenderedCertificate:
    """Lay out the certificate for `data` (already validated) and return the unsigned PDF bytes.

    `root_fingerprint` (the short form of the signing root's SHA-256) is printed in every page's
    footer, so a recipient can compare it with the one the laboratory publishes."""
    fonts.register_fonts()
    langs = languages(data.certificate.language)
    styles = _styles()
    recorder: dict[str, Any] = {}
    cert = data.certificate
    payload = qr_payload(cert.number, cert.revision, twin_sha256, data.laboratory.verification)
    story = Sections(data, langs, styles, CONTENT_WIDTH, twin_sha256=twin_sha256).story(
        qr=QrCode(payload, 26 * mm),
        signature=_SignatureBlock(data, langs, styles, recorder),
    )
    buffer = io.BytesIO()
    doc = _document(buffer, data, langs, twin_sha256)
    recorder["root_fingerprint"] = root_fingerprint
    doc.build(story, canvasmaker=_numbered_canvas(data, langs, recorder))
    return RenderedCertificate(buffer.getvalue(), recorder["box"], recorder["pages"])


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), error correction M, with the 4-module quiet zone.

    The mask is fixed (pattern 2) instead of scored over all eight: every mask decodes, and scoring
    costs a quarter of the render time. The test decodes the printed code with zbar.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=2)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


class QrCode(Flowable):
    """A QR code drawn as one vector path: crisp at any zoom, a few kilobytes, and no font involved."""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload, self.matrix = payload, qr_matrix(payload)
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        module = self.width / len(self.matrix)
        path = self.canv.beginPath()
        for row, cells in enumerate(self.matrix):
            for col, dark in enumerate(cells):
                if dark:
                    path.rect(col * module, self.height - (row + 1) * module, module, module)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def _document(
    buffer: io.BytesIO, data: CertificateData, langs: tuple[Lang, ...], sha: str
) -> BaseDocTemplate:
    frame = Frame(
        MARGIN,
        MARGIN + FOOTER_HEIGHT,
        CONTENT_WIDTH,
        PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    cert = data.certificate
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{' / '.join(text('title', lang) for lang in langs)} {cert.number} rev {cert.revision}",
        author=data.laboratory.name,
        subject=f"Lot {data.lot.lot_id}",
        creator=f"labapp {__version__}",
        keywords=f"certificate={cert.number}; revision={cert.revision}; json-twin-sha256={sha}",
        lang="ja" if langs == ("ja",) else "en",
    )
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[frame])])
    return doc


def _numbered_canvas(
    data: CertificateData, langs: tuple[Lang, ...], recorder: dict[str, Any]
) -> type[Canvas]:
    """A canvas class that holds pages back until the end, so each can say "page x of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = fonts.LATIN  # else an unembedded Helvetica is referenced
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = recorder["pages"] = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _draw_furniture(self, data, langs, self._pageNumber, total)
                _draw_root_fingerprint(self, langs, recorder.get("root_fingerprint"))
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_furniture(
    canvas: Canvas, data: CertificateData, langs: tuple[Lang, ...], page: int, total: int
) -> None:
    """Header and footer of one page: lab, title, number and revision, page x of y, the two warnings."""
    latin, bold, _ = fonts.register_fonts()
    top = PAGE_HEIGHT - MARGIN
    cert = data.certificate
    canvas.saveState()
    _string(canvas, MARGIN, top - 10, data.laboratory.name, bold, 10)
    _string(canvas, MARGIN, top - 22, " / ".join(text("title", lang) for lang in langs), latin, 9)
    number = f"{' / '.join(text('certificate_number', lang) for lang in langs)}: {cert.number}"
    revision = f"{' / '.join(text('revision', lang) for lang in langs)}: {cert.revision}"
    _string(canvas, PAGE_WIDTH - MARGIN, top - 10, number, bold, 9, right=True)
    _string(canvas, PAGE_WIDTH - MARGIN, top - 22, revision, latin, 9, right=True)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - HEADER_HEIGHT + 8, PAGE_WIDTH - MARGIN, top - HEADER_HEIGHT + 8)
    bottom = MARGIN + FOOTER_HEIGHT - 4
    canvas.line(MARGIN, bottom, PAGE_WIDTH - MARGIN, bottom)
    y = bottom - 9
    for lang in langs:
        _string(
            canvas,
            MARGIN,
            y,
            f"{text('stmt_items', lang)} {text('stmt_reproduce', lang)}",
            latin,
            6.2,
            color=GREY,
        )
        y -= 8
    page_text = " / ".join(text("page_of", lang, page=page, pages=total) for lang in langs)
    _string(canvas, PAGE_WIDTH - MARGIN, MARGIN + 1, page_text, bold, 8, right=True)
    _string(canvas, MARGIN, MARGIN + 1, f"{cert.number} rev {cert.revision} - labapp {__version__}", latin, 8)
    canvas.restoreState()


def _draw_root_fingerprint(canvas: Canvas, langs: tuple[Lang, ...], short: str | None) -> None:
    """The trust anchor's short fingerprint on its own footer line, under the statements."""
    if not short:
        return
    latin, _, _ = fonts.register_fonts()
    label = " / ".join(text("root_fingerprint", lang) for lang in langs)
    canvas.saveState()
    _string(canvas, MARGIN, MARGIN + 10, f"{label}: {short}", latin, 6.5, color=GREY)
    canvas.restoreState()


def _string(
    canvas: Canvas,
    x: float,
    y: float,
    value: str,
    font: str,
    size: float,
    right: bool = False,
    color: colors.Color = colors.black,
) -> None:
    """Draw one line, Japanese runs in the Japanese font (as fonts.markup does for paragraphs)."""
    runs = fonts.font_runs(value, font)
    width = sum(canvas.stringWidth(run, run_font, size) for run, run_font in runs)
    cursor = x - width if right else x
    canvas.setFillColor(color)
    for run, run_font in runs:
        canvas.setFont(run_font, size)
        canvas.drawString(cursor, y, run)
        cursor += canvas.stringWidth(run, run_font, size)


class _SignatureBlock(Flowable):
    """The visible signature block; records its page and rectangle for the PAdES signature field."""

    def __init__(
        self,
        data: CertificateData,
        langs: tuple[Lang, ...],
        styles: dict[str, ParagraphStyle],
        recorder: dict[str, Any],
    ) -> None:
        super().__init__()
        self.width, self.height = CONTENT_WIDTH, 24 * mm
        self.recorder = recorder
        approvers = [s for s in data.signatures if s.meaning == "approval"] or data.signatures
        signer = approvers[0].name if approvers else ""
        lines = [f"<b>{fonts.markup(' / '.join(text('digital_signature', lang) for lang in langs))}</b>"]
        lines.append(fonts.markup(signer))
        lines += [fonts.markup(text("digital_signature_note", lang)) for lang in langs]
        self.paragraph = Paragraph("<br/>".join(lines), styles["small"])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.8)
        canvas.rect(0, 0, self.width, self.height)
        _, used = self.paragraph.wrap(self.width - 8, self.height - 6)
        self.paragraph.drawOn(canvas, 4, self.height - 3 - used)
        x1, y1 = canvas.absolutePosition(0, 0)
        x2, y2 = canvas.absolutePosition(self.width, self.height)
        self.recorder["box"] = SignatureBox(canvas.getPageNumber() - 1, (int(x1), int(y1), int(x2), int(y2)))


def _styles() -> dict[str, ParagraphStyle]:
    latin, bold, _ = fonts.register_fonts()
    base = ParagraphStyle("body", fontName=latin, fontSize=8.2, leading=10.4, splitLongWords=True)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7, leading=8.8),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.6, leading=9.4),
        "label": ParagraphStyle("label", parent=base, fontSize=7.6, leading=9.4, textColor=GREY),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=7.4, leading=9),
        "section": ParagraphStyle(
            "section",
            parent=base,
            fontName=bold,
            fontSize=9.6,
            leading=12,
            keepWithNext=1,
            spaceBefore=7,
            spaceAfter=3,
            textColor=colors.HexColor("#1f3a5f"),
        ),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=9, leading=12, textColor=GREY),
        "end": ParagraphStyle("end", parent=base, fontName=bold, fontSize=8.6, alignment=1, spaceBefore=8),
    }
