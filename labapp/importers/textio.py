"""Text decoding shared by the text families: encoding sniffing, `sep=` lines, line endings, cells.

Instrument software writes UTF-16 with BOM (PerkinElmer), UTF-8 with BOM and a `sep=` line
(Olympus Vanta), or the Windows code page (latin-1 family). Decoding is decided once here so
every reader sees the same `str` and the same physical line numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from labapp.core.errors import InputFileError

_SEP_LINE = re.compile(r'^\s*sep\s*=\s*"?(.)"?\s*$', re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DELIMITERS = (",", ";", "\t")
# The first bytes of files a technician may pick by mistake (a screenshot, a report), by what they are.
_NOT_TEXT = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.xls or .doc)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
NOT_TEXT_ADVICE = "choose the instrument's text export (CSV or TXT), or export the results again as text"


class DecodedText:
    """A decoded export: its text, the encoding used, and the delimiter a `sep=` line declared.

    An ASCII file (most exports) is decoded only when a reader asks for the whole text: the long
    reader hands the bytes to pandas' C parser and needs only the head, so a large file is not held
    twice in memory.
    """

    def __init__(
        self,
        text: str | None,
        encoding: str,
        sep_hint: str | None,
        first_line: int,  # physical line number of the first line of `text` (2 after a sep= line)
        data: bytes = b"",  # the file's bytes, for readers that hand them to a C parser
        start: int = 0,  # where `text` starts in `data` when it is decoded lazily (ASCII only)
    ) -> None:
        self._text = text
        self.encoding = encoding
        self.sep_hint = sep_hint
        self.first_line = first_line
        self.data = data
        self._start = start

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.data[self._start :].decode("ascii")
        return self._text

    def head(self, chars: int) -> str:
        """The first `chars` characters of the text, without decoding the rest."""
        if self._text is None:
            return self.data[self._start : self._start + chars].decode("ascii")
        return self._text[:chars]

    def head_lines(self, count: int) -> list[str]:
        """The first `count` physical lines (split at LF, trailing CR removed)."""
        size = 1 << 16
        while True:
            part = self.head(size)
            lines = part.split("\n", count)
            if len(lines) > count or len(part) < size:
                return [line.rstrip("\r") for line in lines[:count]]
            size *= 4


def sniff_encoding(data: bytes) -> str:
    """Encoding of an export from its BOM, else UTF-16 without BOM (NUL pattern), UTF-8, cp1252.

    Only the first 64 KB are examined; `decode` falls back to cp1252 if UTF-8 fails later on.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        zeros_at_odd = head[1::2].count(0)
        zeros_at_even = head[0::2].count(0)
        return "utf-16-le" if zeros_at_odd > zeros_at_even else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[:65536], final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def decode(data: bytes, path: object, encoding: str = "auto") -> DecodedText:
    """Decode an export's bytes, refusing binary content, and strip a leading `sep=` line."""
    if not data or data.isspace():
        raise InputFileError(path, None, "the file is empty")
    _refuse_known_binary(data, path)
    name = sniff_encoding(data) if encoding == "auto" else encoding
    if name == "utf-8" and data.isascii():
        return _ascii(data, path, name)
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        if encoding != "auto" or name.startswith("utf-16") or name.startswith("utf-32"):
            line = data[: exc.start].count(b"\n") + 1
            if encoding == "auto":  # a guess from the bytes that failed: the file is not text at all
                reason = f"not a text export: its bytes are not text; {NOT_TEXT_ADVICE}"
                raise InputFileError(path, None, reason) from None
            raise InputFileError(path, line, f"not valid {name} text") from None
        name = "cp1252" if _cp1252_ok(data) else "latin-1"
        text = data.decode(name)
    if text.startswith("\ufeff"):
        text = text[1:]
    _refuse_binary(text, path)
    end = text.find("\n", 0, 4096)
    match = _SEP_LINE.match(text[: end if end >= 0 else 4096].rstrip("\r"))
    if match:
        return DecodedText(text[end + 1 :] if end >= 0 else "", name, match.group(1), 2, data)
    return DecodedText(text, name, None, 1, data)


def _ascii(data: bytes, path: object, name: str) -> DecodedText:
    """decode() for ASCII bytes: the same checks on the head, the text decoded when first used."""
    head = data[:65536].decode("ascii")
    _refuse_binary(head, path)
    end = head.find("\n", 0, 4096)
    match = _SEP_LINE.match(head[: end if end >= 0 else 4096].rstrip("\r"))
    if match:
        if end < 0:
            return DecodedText("", name, match.group(1), 2, data)
        return DecodedText(None, name, match.group(1), 2, data, end + 1)
    return DecodedText(None, name, None, 1, data)


def _cp1252_ok(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _refuse_known_binary(data: bytes, path: object) -> None:
    """A file that starts like an image, a PDF or an archive is named as such, not decoded as text
    (a PNG renamed .csv looks like UTF-16 to the sniffer, and its decoding error would mislead)."""
    for magic, kind in _NOT_TEXT:
        if data.startswith(magic) and (magic != b"BM" or b"\x00" in data[:64]):
            raise InputFileError(path, None, f"not a text export: the file is {kind}; {NOT_TEXT_ADVICE}")


def _refuse_binary(text: str, path: object) -> None:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        bad = next(i for i, ch in enumerate(sample) if ch < " " and ch not in "\t\r\n\f")
        raise InputFileError(path, sample[:bad].count("\n") + 1, "binary content, not a text export")


def split_lines(text: str) -> list[str]:
    """Physical lines, accepting CRLF, LF, lone CR and any mix of them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def choose_delimiter(configured: str, sep_hint: str | None, sample_lines: list[str]) -> str:
    """The profile's delimiter, else the `sep=` line's, else the most frequent of , ; TAB."""
    if configured != "auto":
        return configured
    if sep_hint:
        return sep_hint
    counts = {d: sum(line.count(d) for line in sample_lines) for d in _DELIMITERS}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def cells(line: str, delimiter: str) -> list[str]:
    """The trimmed fields of one line (quotes removed, space padding stripped)."""
    try:
        row = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])
    except csv.Error:
        row = line.split(delimiter)
    return [c.strip() for c in row]


def grid(text: str, delimiter: str, path: object, first_line: int = 1) -> list[tuple[int, list[str]]]:
    """All rows as (physical line number, trimmed fields); quoted fields may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start + first_line - 1, [c.strip() for c in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputFileError(path, start + first_line - 1, f"malformed quoting: {exc}") from None
    return rows


def is_blank(row: list[str]) -> bool:
    return not any(row)
