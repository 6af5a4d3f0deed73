"""A small signed PDF with a JSON attachment: the form of the laboratory's notices and status lists.

Why a signed PDF and not JSON with a detached signature: a recipient checks it with the tools they
already use for the certificates (pdfsig, Acrobat Reader, pyHanko, `labapp verify`) against the same
root, reads it as a page, and `pdfdetach` gives the JSON inside the signed revision. The JSON's
"document" member says which kind it is, so `labapp verify` never takes a notice for a certificate.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labapp._version import __version__
from labapp.certificates import fonts
from labapp.certificates.document_text import both
from labapp.certificates.layout import SignatureBox
from labapp.certificates.signing import SigningRequest, sign_pdf
from labapp.certificates.text import Lang
from labapp.certificates.verification import embedded_twin
from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError

MARGIN = 15 * mm
WIDTH = A4[0] - 2 * MARGIN
GRID = colors.HexColor("#c5ccd4")


@dataclass
class SignedDocument:
    """What one document prints and carries: title, label/value rows, statements, an optional table."""

    kind: str  # the JSON's "document" member, e.g. labapp-status-list/1
    payload: dict[str, Any]  # the attached JSON (with "document": kind)
    attachment: str  # its file name inside the PDF
    langs: tuple[Lang, ...]
    title: str
    laboratory: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)  # first row: headers
    table_widths: tuple[float, ...] = ()  # column shares of the page width (empty: reportlab decides)
    signer_name: str = ""
    footer: str = ""


def sign_document(document: SignedDocument, signer: signers.Signer, request: SigningRequest) -> bytes:
    """Render, attach the JSON (canonical bytes) and sign: the signature covers the whole file."""
    payload = dict(document.payload, document=document.kind)
    attached = canonical_json(payload)
    pdf, box = _render(document)
    return sign_pdf(pdf, attached, document.attachment, box, signer, request)


def read_document(pdf: bytes) -> dict[str, Any] | None:
    """The attached JSON of a labapp document (with its "document" kind), or None for anything else."""
    try:
        attached = embedded_twin(PdfFileReader(io.BytesIO(pdf), strict=False))
        payload = json.loads(attached.decode("utf-8")) if attached else None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("document"), str):
        return None
    return payload


def require_kind(payload: dict[str, Any] | None, kind: str, where: str) -> dict[str, Any]:
    if payload is None or payload.get("document") != kind:
        found = "another document" if payload else "no labapp document"
        raise LabappError(f"{where}: not a {kind} ({found} attached)")
    return payload


def _render(document: SignedDocument) -> tuple[bytes, SignatureBox]:
    latin, bold, _ = fonts.register_fonts()
    base = ParagraphStyle("body", fontName=latin, fontSize=8.4, leading=10.8)
    styles = {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=14, leading=18),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7, leading=8.6),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=7, leading=8.6),
    }
    recorder: dict[str, Any] = {}
    story: list[Flowable] = [
        Paragraph(fonts.markup(document.laboratory), styles["body"]),
        Paragraph(fonts.markup(document.title), styles["title"]),
        Spacer(1, 4),
    ]
    if document.rows:
        story.append(
            _grid(
                [[_p(k, styles["head"]), _p(v, styles["body"])] for k, v in document.rows],
                [WIDTH * 0.34, WIDTH * 0.66],
                header=False,
            )
        )
    for statement in document.statements:
        story += [Spacer(1, 4), Paragraph(fonts.markup(statement), styles["body"])]
    if document.table:
        head, *body = document.table
        cells = [[_p(h, styles["head"]) for h in head]] + [[_p(c, styles["cell"]) for c in r] for r in body]
        widths = [WIDTH * share for share in document.table_widths] or None
        story += [Spacer(1, 6), _grid(cells, widths, header=True)]
    story += [Spacer(1, 8), _SignatureBlock(document, styles["body"], recorder)]
    story += [Spacer(1, 4), Paragraph(fonts.markup(both("end", document.langs)), styles["head"])]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=document.title,
        author=document.laboratory,
        creator=f"labapp {__version__}",
        keywords=f"document={document.kind}",
        lang="ja" if document.langs == ("ja",) else "en",
    )
    doc.build(story, canvasmaker=_numbered(document))
    return buffer.getvalue(), recorder["box"]


def _p(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(fonts.markup(value), style)


def _grid(cells: list[list[Paragraph]], widths: list[float] | None, header: bool) -> Table:
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")))
    table.setStyle(TableStyle(commands))
    return table


def _numbered(document: SignedDocument) -> type[Canvas]:
    """Each page: the footer (document id) and "page x of y" (pages held back until the end)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = fonts.LATIN  # else an unembedded Helvetica is referenced
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                page = both("page_of", document.langs, page=self._pageNumber, pages=total)
                for x, value, right in ((MARGIN, document.footer, False), (A4[0] - MARGIN, page, True)):
                    runs = fonts.font_runs(value, fonts.LATIN)
                    width = sum(self.stringWidth(r, f, 7.5) for r, f in runs)
                    cursor = x - width if right else x
                    for run, font in runs:
                        self.setFont(font, 7.5)
                        self.drawString(cursor, MARGIN, run)
                        cursor += self.stringWidth(run, font, 7.5)
                super().showPage()
            super().save()

    return NumberedCanvas


class _SignatureBlock(Flowable):
    """The visible signature block; records where it landed for the PAdES signature field."""

    def __init__(self, document: SignedDocument, style: ParagraphStyle, recorder: dict[str, Any]) -> None:
        super().__init__()
        self.width, self.height, self.recorder = WIDTH, 16 * mm, recorder
        lines = [
            f"<b>{fonts.markup(both('signature', document.langs))}</b>",
            fonts.markup(document.signer_name),
        ]
        self.paragraph = Paragraph("<br/>".join(lines), style)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(GRID)
        self.canv.rect(0, 0, self.width, self.height)
        _, used = self.paragraph.wrap(self.width - 8, self.height - 6)
        self.paragraph.drawOn(self.canv, 4, self.height - 3 - used)
        x1, y1 = self.canv.absolutePosition(0, 0)
        x2, y2 = self.canv.absolutePosition(self.width, self.height)
        self.recorder["box"] = SignatureBox(
            self.canv.getPageNumber() - 1, (int(x1), int(y1), int(x2), int(y2))
        )
