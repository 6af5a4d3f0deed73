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

from collections.abc import Callable
from functools import cache
from unicodedata import category

from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Paragraph as _ReportlabParagraph
from reportlab.platypus.paragraph import FragLine, ParaLines, _handleBulletWidth
from reportlab.platypus.paraparser import ParaFrag
from reportlab.rl_config import _FUZZ

from labapp.certificates import parsed_markup


class Paragraph(_ReportlabParagraph):
    """A Paragraph that breaks its lines once per available width."""

    _broken_for: float | None = None
    _broken_lines: object = None
    _broken_height: float = 0.0

    def _setup(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: object,
        frags: list | None,
        cleaner: Callable[[str], str],
    ) -> None:
        """reportlab's setup, the markup's parse taken from `parsed_markup` when it was parsed before."""
        key = None if frags is not None or bulletText or text is None else parsed_markup.style_key(style)
        kept = None if key is None else parsed_markup.lookup(text, key)
        if kept is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            # a <para> tag may give a new style, a <bullet> tag a bullet: neither is kept
            if key is not None and self.style is style and self.bulletText is None:
                parsed_markup.keep(text, key, self.text, self.frags)
            return
        self.text, attributes = kept
        self.frags = parsed_markup.fragments(attributes, ParaFrag)
        self.style, self.bulletText, self.debug = style, bulletText, 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        # reportlab deletes blPara when a split leaves the paragraph whole for the next frame: break again
        if self._broken_for == availWidth and getattr(self, "blPara", None) is self._broken_lines:
            self.width, self.height = availWidth, self._broken_height
            return availWidth, self._broken_height
        width, height = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:  # below it reportlab returns early, breaking nothing
            self._broken_for, self._broken_lines, self._broken_height = availWidth, self.blPara, height
        return width, height

    def breakLinesCJK(self, maxWidths: list[float] | float) -> ParaLines:  # noqa: N802, N803 - reportlab's
        """reportlab's CJK line breaking, its general case (several fragments) by `cjk_frag_split`."""
        frags = self.frags
        special = len(frags) <= 1 or self.style.endDots or getattr(self, "_splitpara", 0)
        if special or any(hasattr(f, "cbDefn") for f in frags):
            return super().breakLinesCJK(maxWidths)
        widths = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, widths)
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return cjk_frag_split(frags, widths, auto_leading not in ("", "off"))


def cjk_frag_split(frags: list, max_widths: list[float], calc_bounds: bool) -> ParaLines:
    """reportlab's `cjkFragSplit` (its "dumb" CJK wrap: any character may end a line; a Latin run goes
    back to its last space; a character that may not start a line hangs), giving the same lines.

    reportlab makes one string object per character with its width, compares every character's
    fragment with the line's current one (`sameFrag`, the largest single cost of a bilingual
    certificate) and looks up the font's ascent per character. Here the widths are cached per
    character and font, and the fragments are compared once per run of characters of one fragment
    object: within such a run the comparison cannot change its answer.
    """
    chars: list[str] = []
    owners: list[int] = []  # index of each character's fragment
    widths: list[float] = []
    for n, frag in enumerate(frags):
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        measure = _width_table(frag.fontName, frag.fontSize)
        for char in text or ("",):
            chars.append(char)
            owners.append(n)
            widths.append(measure(char))
    breaks = [hasattr(frag, "lineBreak") for frag in frags]
    lines = []
    i = width_used = line_start = 0
    max_width = max_widths[0]
    count = len(chars)
    while i < count:
        u, w = chars[i], widths[i]
        i += 1
        width_used += w
        line_break = breaks[owners[i - 1]]
        if (width_used > max_width + _FUZZ and width_used > 0) or line_break:
            extra_space = max_width - width_used
            if not line_break:
                if ord(u) < 0x3000:  # inside a Latin run: back to its last space or Japanese character
                    for j in range(i - 1, (line_start + i) >> 1, -1):
                        uj = chars[j]
                        if uj and category(uj) == "Zs" or ord(uj) >= 0x3000:
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra_space += sum(widths[j:i])
                                w, u = widths[k], chars[k]
                                i = j
                                break
                if u not in ALL_CANNOT_START and i > line_start + 1:
                    i -= 1  # the character goes to the next line (one that may not start a line hangs)
                    extra_space += w
            lines.append(
                _cjk_line(
                    frags,
                    chars,
                    owners,
                    line_start,
                    i,
                    max_width,
                    width_used,
                    extra_space,
                    line_break,
                    calc_bounds,
                )
            )
            max_width = max_widths[min(len(lines), len(max_widths) - 1)]
            line_start, width_used = i, 0
    if width_used > 0:
        lines.append(
            _cjk_line(
                frags,
                chars,
                owners,
                line_start,
                count,
                max_width,
                width_used,
                max_width - width_used,
                False,
                calc_bounds,
            )
        )
    return ParaLines(kind=1, lines=lines)


def _cjk_line(
    frags: list,
    chars: list[str],
    owners: list[int],
    start: int,
    stop: int,
    max_width: float,
    width_used: float,
    extra_space: float,
    line_break: bool,
    calc_bounds: bool,
) -> FragLine:
    """reportlab's `makeCJKParaLine` for characters start..stop: a word per run of alike fragments."""
    words = []
    max_size = max_ascent = min_descent = 0
    current = FragLine()  # matches no fragment: the first character starts the first word
    texts: list[str] = []
    n = start
    while n < stop:
        owner = owners[n]
        run_end = n + 1
        while run_end < stop and owners[run_end] == owner:
            run_end += 1
        frag = frags[owner]
        ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
        max_size = max(max_size, frag.fontSize)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        # the first character of the run is compared as reportlab does; the others compare a fragment
        # with itself (equal unless it is a line break, which reportlab never joins)
        if sameFrag(current, frag):
            texts.append("".join(chars[n:run_end]))
            run = range(0)
        else:
            _close_word(words, current, texts)
            current, texts = frag, [chars[n]]
            run = range(n + 1, run_end)
        for m in run:
            if frag is current and not _joinable(frag):
                _close_word(words, current, texts)
                texts = [chars[m]]
            else:
                texts.append(chars[m])
        n = run_end
    if texts:
        _close_word(words, current, texts)
    return FragLine(
        kind=1,
        extraSpace=extra_space,
        wordCount=1,
        words=words[1:],
        fontSize=max_size,
        ascent=max_ascent,
        descent=min_descent,
        maxWidth=max_width,
        currentWidth=width_used,
        lineBreak=line_break,
    )


def _close_word(words: list, frag: object, texts: list[str]) -> None:
    word = frag.clone()
    word.text = "".join(texts)
    words.append(word)


def _joinable(frag: object) -> bool:
    return not (hasattr(frag, "cbDefn") or hasattr(frag, "lineBreak"))


@cache
def _width_table(font_name: str, font_size: float) -> Callable[[str], float]:
    """Character -> width in one font and size, each measured once (pdfmetrics.stringWidth)."""

    @cache
    def measure(char: str) -> float:
        return stringWidth(char, font_name, font_size)

    return measure
