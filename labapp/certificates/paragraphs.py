"""reportlab's Paragraph with its line breaking done once per width (issue 24: certificates < 100 ms).

reportlab lays out a table cell two or three times with the same width (the table's row heights, a
KeepTogether's trial, the drawing), and every time it breaks the text into lines again; for a Japanese
text (the character-by-character CJK wrap) that is most of a bilingual certificate's time. The lines
of a paragraph depend only on its text, style and width, so `Paragraph.wrap` here keeps the lines it
broke for a width and gives them back for the same width. The output is the same PDF, byte for byte
(tests/certificates/test_paragraph_layout.py renders every language in reportlab's invariant mode
both ways and compares).
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _ReportlabParagraph
from reportlab.rl_config import _FUZZ


class Paragraph(_ReportlabParagraph):
    """A Paragraph that breaks its lines once per available width."""

    _broken_for: float | None = None
    _broken_lines: object = None
    _broken_height: float = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        # reportlab deletes blPara when a split leaves the paragraph whole for the next frame: break again
        if self._broken_for == availWidth and getattr(self, "blPara", None) is self._broken_lines:
            self.width, self.height = availWidth, self._broken_height
            return availWidth, self._broken_height
        width, height = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:  # below it reportlab returns early, breaking nothing
            self._broken_for, self._broken_lines, self._broken_height = availWidth, self.blPara, height
        return width, height
