"""Streaming .xlsx reader on the standard library: every cell as text, read within limits.

openpyxl pads rows to a sheet's declared <dimension>, holds whole shared strings in memory, is slow
on large sheets, warns, and fails on damaged files with errors that name no place. Here each zip
member is fed to expat in 64 KB chunks, only the non-empty rows returned are kept, and a workbook
that is damaged, hostile or over the Limits is refused in one line (InputFileError) naming the
cell, row or member.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from labapp.core.errors import InputFileError, LabappError

CHUNK = 1 << 16  # bytes of XML fed to expat at a time; the time limit is checked between chunks
MAX_COLUMNS = 16_384  # XFD
MAX_ROWS = 1_048_576
MAX_TEXT = 32_767  # Excel's own limit on the characters of a cell
MAX_PARTS = 1 << 18  # sheets, relationships, number formats or cell formats a workbook may declare
MAX_DIRECTORY = 4 << 20  # bytes of zip central directory (some 50,000 members), parsed whole by zipfile
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DATE, _TIME, _DATETIME, _ELAPSED, _PERCENT = 1, 2, 3, 4, 5  # number-format kinds; 0 is plain
_BUILTIN_KINDS = {
    9: _PERCENT,
    10: _PERCENT,
    **dict.fromkeys((14, 15, 16, 17), _DATE),
    **dict.fromkeys((18, 19, 20, 21, 45, 47), _TIME),
    22: _DATETIME,
    46: _ELAPSED,
    **dict.fromkeys((*range(27, 37), *range(50, 59)), _DATE),  # East Asian dates: time part unknown
}
_FORMAT_NOISE = re.compile(r'"[^"]*"?|\\.|[_*].|\[[^\]]*\]?', re.S)  # quoted text, escapes, [..]
_ELAPSED_TOKEN = re.compile(r"\[(?:h+|m+|s+)\]", re.I)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH_1900 = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 once Excel's phantom 1900-02-29 is skipped
_EPOCH_1904 = dt.date(1904, 1, 1)
_LAST_SERIAL = 2_958_466  # 10000-01-01


@dataclass(frozen=True)
class Limits:
    """What one read of a workbook may cost; past any of them the workbook is refused."""

    max_cells: int = 5_000_000  # width of every row built, summed over the sheets read
    max_bytes: int = 256 * 2**20  # uncompressed bytes of the zip members read
    max_seconds: float = 30.0  # wall-clock time of the whole read
    max_file_bytes: int = 512 * 2**20  # the .xlsx file itself


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[str]]]  # (1-based row number, cell texts); no empty rows, no trailing ""


class _Stop(Exception):
    """Raised in an expat handler to end a member early (enough rows, or past <sheetData>)."""


def is_workbook(data: bytes) -> bool:
    """A zip archive (an .xlsx is one); everything else is read as text."""
    return data[:4] == b"PK\x03\x04"


def sheet_names(data: bytes, path: object, limits: Limits = Limits()) -> list[str]:
    """The sheets' names in workbook order, reading xl/workbook.xml only."""
    reader = _Reader(data, path, limits)
    try:
        reader.run(reader.open)
        return [name for name, _ in reader.sheets]
    finally:
        reader.close()


def read_sheets(
    data: bytes,
    path: object,
    wanted: Callable[[str], bool] | None = None,
    limits: Limits = Limits(),
    max_rows: int | None = None,
) -> list[Sheet]:
    """The wanted sheets (all when None), in workbook order, every cell as text.

    `max_rows` keeps the first that many non-empty rows of each sheet and stops decompressing
    there, so detection reads the head of a large workbook quickly.
    """
    reader = _Reader(data, path, limits)
    try:
        reader.run(reader.open)
        chosen = [(name, rid) for name, rid in reader.sheets if wanted is None or wanted(name)]
        if chosen:
            reader.run(reader.prepare)
        return [reader.run(reader.sheet, name, rid, max_rows) for name, rid in chosen]
    finally:
        reader.close()


class _Reader:
    """One read of one workbook: the zip, the budgets spent, and the parts read so far."""

    def __init__(self, data: bytes, path: object, limits: Limits) -> None:
        self.data = data
        self.path = path
        self.limits = limits
        self.deadline = time.monotonic() + limits.max_seconds
        self.declared = 0  # ZipInfo.file_size of the members opened
        self.fed = 0  # bytes decompressed
        self.cells = 0
        self.member: str | None = None  # the member being read, for messages
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, zipfile.ZipInfo] = {}  # lower-cased name -> member
        self.book = ""
        self.sheets: list[tuple[str, str]] = []  # (name, relationship id)
        self.date1904 = False
        self.rels: dict[str, str] = {}  # relationship id -> member name
        self.style_kinds = bytearray()  # number-format kind of each cell format (cellXfs)
        self.kind_of: dict[str, int] = {}  # s attribute -> kind, for the styles seen so far
        self.styled = False
        self.strings_part: zipfile.ZipInfo | None = None
        self.strings: _Strings | None = None

    # -- guards and budgets ------------------------------------------------------------------

    def refuse(self, location: str | None, reason: str) -> InputFileError:
        return InputFileError(self.path, location, reason)

    def run(self, step: Callable[..., Any], *args: object) -> Any:
        """Run one step; any failure below it becomes one InputFileError naming the member."""
        try:
            return step(*args)
        except LabappError:
            raise
        except MemoryError:
            raise self.refuse(self.member, "the workbook is too large to read (out of memory)") from None
        except RecursionError:
            raise self.refuse(self.member, "damaged Excel workbook (nested too deeply)") from None
        except Exception as exc:  # zipfile, zlib, lzma, bz2, struct and anything a hostile file provokes
            raise self.refuse(self.member, f"damaged Excel workbook ({_detail(exc)})") from None

    @contextmanager
    def damage(self, location: str | None) -> Iterator[None]:
        """Failures of zipfile/zlib here name `location` (a member read from inside another one)."""
        try:
            yield
        except (LabappError, _Stop):
            raise
        except Exception as exc:
            raise self.refuse(location, f"damaged Excel workbook ({_detail(exc)})") from None

    def tick(self, location: str | None) -> None:
        if time.monotonic() > self.deadline:
            raise self.refuse(location, f"reading took longer than {self.limits.max_seconds:g} s (limit)")

    def spend_bytes(self, amount: int, location: str) -> None:
        self.fed += amount
        if self.fed > self.limits.max_bytes:
            raise self.refuse(location, self._too_big())

    def reserve(self, info: zipfile.ZipInfo) -> None:
        """Count a member's declared size before reading it: a zip bomb is refused unread."""
        self.declared += info.file_size
        if self.declared > self.limits.max_bytes:
            raise self.refuse(info.filename, self._too_big())
        if info.flag_bits & 1:
            raise self.refuse(info.filename, "an encrypted workbook: labapp reads unencrypted .xlsx")

    def _too_big(self) -> str:
        return f"the workbook's sheets would uncompress to more than {_size(self.limits.max_bytes)} (limit)"

    def too_many_cells(self, width: int, location: str) -> InputFileError:
        return self.refuse(
            location,
            f"the workbook would need more than {self.limits.max_cells:,} cells (limit); "
            f"this row is {width:,} cells wide (to column {_letters(width - 1)})",
        )

    # -- members ------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the zip, find the workbook part and read its sheet list and date system."""
        data, limits = self.data, self.limits
        if len(data) > limits.max_file_bytes:
            raise self.refuse(
                None,
                f"is {_size(len(data))}, more than the {_size(limits.max_file_bytes)} "
                "an export may have (limit)",
            )
        if data[:8] == _OLE:
            raise self.refuse(
                None,
                "an Excel 97-2003 .xls workbook (or an encrypted .xlsx): labapp reads .xlsx; "
                "save it as .xlsx or CSV",
            )
        if data[:2] != b"PK":
            raise self.refuse(None, "damaged Excel workbook (not a zip archive)")
        directory = _directory_size(data)
        if directory > MAX_DIRECTORY:
            raise self.refuse(
                None,
                f"the workbook's zip directory is {_size(directory)}, more than an Excel workbook needs "
                f"({_size(MAX_DIRECTORY)}, limit)",
            )
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        for info in self.zip.infolist():
            self.members[info.filename.replace("\\", "/").lower()] = info
        self.book = self._book_part()
        self.member = self.book
        self._parse_workbook()

    def close(self) -> None:
        if self.strings is not None:
            self.strings.close()
        if self.zip is not None:
            self.zip.close()

    def info(self, name: str) -> zipfile.ZipInfo | None:
        key = name.lower()
        return self.members.get(key) or self.members.get(unquote(key))

    def _book_part(self) -> str:
        if self.info("xl/workbook.xml"):
            return "xl/workbook.xml"
        if self.info("_rels/.rels"):
            for kind, target in self._relationships("_rels/.rels", "").values():
                if kind == "officeDocument" and target.lower().endswith(".xml") and self.info(target):
                    return target
        names = set(self.members)
        if "xl/workbook.bin" in names:
            what = "an Excel binary workbook (.xlsb)"
        elif "content.xml" in names and "mimetype" in names:
            what = "an OpenDocument spreadsheet (.ods)"
        elif "word/document.xml" in names or "ppt/presentation.xml" in names:
            what = "a Word or PowerPoint document"
        else:
            raise self.refuse(None, "a zip archive but not an Excel workbook (it has no xl/workbook.xml)")
        raise self.refuse(None, f"{what}: labapp reads .xlsx; save it as .xlsx or CSV")

    def parser(self, member: str) -> expat.XMLParserType:
        """An expat parser that refuses DTDs (entity expansion bombs) and buffers text."""
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse(*_: object) -> None:
            raise self.refuse(member, "XML entity declarations are not allowed (a DOCTYPE in the workbook)")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.buffer_text = True
        parser.buffer_size = CHUNK
        return parser

    def chunks(self, stream: io.BufferedIOBase, member: str) -> Iterator[bytes]:
        """A member's bytes, 64 KB at a time, within the byte and time budgets."""
        while True:
            self.tick(member)
            with self.damage(member):
                chunk = stream.read(CHUNK)
            if not chunk:
                return
            self.spend_bytes(len(chunk), member)
            yield chunk

    def feed(
        self,
        info: zipfile.ZipInfo,
        parser: expat.XMLParserType,
        where: Callable[[], str] | None = None,
        drain: bool = True,
    ) -> None:
        """Stream one member through `parser`; after a _Stop, `drain` reads the rest (checking its CRC)."""
        member = info.filename
        self.reserve(info)
        self.member = member
        with self.damage(member):
            stream = self.zip.open(info)
        with stream:
            try:
                for chunk in self.chunks(stream, member):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except _Stop:
                if drain:
                    for _ in self.chunks(stream, member):
                        pass
            except expat.ExpatError as exc:
                raise self.xml_error(exc, member, where() if where else member) from None

    def xml_error(self, exc: expat.ExpatError, member: str, location: str) -> InputFileError:
        return self.refuse(
            location,
            f"damaged Excel workbook (XML error in {member}, line {exc.lineno}, column {exc.offset + 1}: "
            f"{expat.ErrorString(exc.code)})",
        )

    def _relationships(self, member: str, base: str) -> dict[str, tuple[str, str]]:
        """id -> (type's last word, member name) of a .rels part; external targets are left out."""
        found: dict[str, tuple[str, str]] = {}
        parser = self.parser(member)

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) != "Relationship" or attrs.get("TargetMode", "").lower() == "external":
                return
            if len(found) >= MAX_PARTS:
                raise self.refuse(member, f"the workbook declares more than {MAX_PARTS:,} relationships")
            target = attrs.get("Target", "").replace("\\", "/")
            name = target[1:] if target.startswith("/") else posixpath.join(base, target)
            kind = attrs.get("Type", "").rstrip("/").rpartition("/")[2]
            found[attrs.get("Id", "")] = (kind, posixpath.normpath(name).lstrip("/"))

        parser.StartElementHandler = start
        self.feed(self.info(member), parser)
        return found

    def _parse_workbook(self) -> None:
        parser = self.parser(self.book)
        in_sheets = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal in_sheets
            local = _local(tag)
            if local == "sheet" and in_sheets:
                if len(self.sheets) >= MAX_PARTS:
                    raise self.refuse(self.book, f"the workbook declares more than {MAX_PARTS:,} sheets")
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                self.sheets.append((attrs.get("name", ""), rid))
            elif local == "sheets":
                in_sheets = True
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")

        def end(tag: str) -> None:
            nonlocal in_sheets
            if _local(tag) == "sheets":
                in_sheets = False

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self.feed(self.info(self.book), parser)

    def prepare(self) -> None:
        """The workbook's relationships and cell formats, needed before any sheet is read."""
        base, name = posixpath.split(self.book)
        rels_part = posixpath.join(base, "_rels", name + ".rels")
        found = self._relationships(rels_part, base) if self.info(rels_part) else {}
        self.rels = {rid: target for rid, (_, target) in found.items()}
        by_kind = {kind: target for kind, target in found.values()}
        styles = self.info(by_kind.get("styles", "")) or self.info(posixpath.join(base, "styles.xml"))
        self.strings_part = self.info(by_kind.get("sharedStrings", "")) or self.info(
            posixpath.join(base, "sharedStrings.xml")
        )
        if styles is not None:
            self.styled = True
            self._parse_styles(styles)

    def _parse_styles(self, info: zipfile.ZipInfo) -> None:
        member = info.filename
        parser = self.parser(member)
        formats: dict[int, int] = {}  # custom numFmtId -> kind
        xfs: list[int] = []  # numFmtId of each cellXfs entry
        in_xfs = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal in_xfs
            local = _local(tag)
            if local == "xf" and in_xfs:
                xfs.append(_int(attrs.get("numFmtId", "0")))
            elif local == "numFmt":
                formats[_int(attrs.get("numFmtId", "-1"))] = _format_kind(attrs.get("formatCode", ""))
            elif local == "cellXfs":
                in_xfs = True
            if len(xfs) > MAX_PARTS or len(formats) > MAX_PARTS:
                raise self.refuse(member, f"the workbook declares more than {MAX_PARTS:,} cell formats")

        def end(tag: str) -> None:
            nonlocal in_xfs
            if _local(tag) == "cellXfs":
                in_xfs = False

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self.feed(info, parser)
        self.style_kinds = bytearray(formats.get(f, _BUILTIN_KINDS.get(f, 0)) for f in xfs)

    def style_kind(self, s: str, location: str) -> int:
        """The number-format kind of style index `s` (cached); a bad index names the cell."""
        try:
            index = int(s)
        except ValueError:
            raise self.refuse(location, f"bad style index {_clip(s)!r}") from None
        if index < len(self.style_kinds):
            kind = self.style_kinds[index] if index >= 0 else -1
        else:
            kind = 0 if index == 0 or not self.styled else -1  # no styles part: every cell is General
        if kind < 0:
            raise self.refuse(
                location, f"style {index} does not exist (the workbook has {len(self.style_kinds)})"
            )
        if len(self.kind_of) < MAX_COLUMNS:
            self.kind_of[s] = kind
        return kind

    def shared(self, v: str, location: Callable[[], str]) -> str:
        """Shared string number `v`, reading sharedStrings.xml only as far as needed."""
        try:
            index = int(v)
        except ValueError:
            raise self.refuse(location(), f"bad shared-string index {_clip(v)!r}") from None
        if index < 0:
            raise self.refuse(location(), f"bad shared-string index {_clip(v)!r}")
        if self.strings is None:
            self.strings = _Strings(self, self.strings_part)
        if not self.strings.ensure(index):
            raise self.refuse(
                location(),
                f"shared string {index} does not exist (the workbook has {len(self.strings.items)})",
            )
        return self.strings.items[index]

    def sheet(self, name: str, rid: str, max_rows: int | None) -> Sheet:
        target = self.rels.get(rid)
        info = self.info(target) if target else None
        if info is None:
            raise self.refuse(
                self.book, f"damaged Excel workbook (sheet {name!r} has no part {target or rid!r} in the zip)"
            )
        if max_rows is not None and max_rows <= 0:
            return Sheet(name, [])
        return Sheet(name, _read_sheet(self, name, info, max_rows))


class _Strings:
    """xl/sharedStrings.xml, parsed only as far as the cells read so far need it."""

    def __init__(self, reader: _Reader, info: zipfile.ZipInfo | None) -> None:
        self.reader = reader
        self.items: list[str] = []
        self.done = info is None
        self.stream = None
        if info is None:
            return
        self.member = member = info.filename
        reader.reserve(info)
        with reader.damage(member):
            self.stream = reader.zip.open(info)
        self.chunks = reader.chunks(self.stream, member)
        self.parser = parser = reader.parser(member)
        items, limit = self.items, reader.limits.max_cells
        tags: dict[str, str] = {}
        parts: list[str] = []
        size = 0  # characters in parts
        sink: list[str] | None = None
        in_rph = False

        def start(tag: str, attrs: dict[str, str]) -> None:
            nonlocal sink, in_rph, size
            local = tags.get(tag) or _cache_local(tag, tags)
            if local == "t":
                sink = None if in_rph else parts
            elif local == "si":
                parts.clear()
                size = 0
            elif local == "rPh":
                in_rph = True

        def end(tag: str) -> None:
            nonlocal sink, in_rph
            local = tags.get(tag) or _cache_local(tag, tags)
            if local == "t":
                sink = None
            elif local == "si":
                items.append(_unescape("".join(parts)))
                if len(items) > limit:
                    raise reader.refuse(
                        member, f"the workbook has more than {limit:,} shared strings (limit)"
                    )
            elif local == "rPh":
                in_rph = False

        def text(data: str) -> None:
            nonlocal size
            if sink is not None:
                sink.append(data)
                size += len(data)
                if size > MAX_TEXT:
                    raise reader.refuse(member, f"a shared string is longer than {MAX_TEXT:,} characters")

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text

    def ensure(self, index: int) -> bool:
        """Parse on until string `index` is known; False when the table ends before it."""
        while len(self.items) <= index and not self.done:
            chunk = next(self.chunks, b"")
            try:
                self.parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                raise self.reader.xml_error(exc, self.member, self.member) from None
            if not chunk:
                self.close()
        return index < len(self.items)

    def close(self) -> None:
        self.done = True
        if self.stream is not None:
            self.stream.close()
            self.stream = None


# element codes of a worksheet; other elements are skipped at the cost of one dict lookup
_C, _V, _ROW, _IS, _T, _RPH, _SHEETDATA = range(1, 8)
_SHEET_TAGS = {"c": _C, "v": _V, "row": _ROW, "is": _IS, "t": _T, "rPh": _RPH, "sheetData": _SHEETDATA}


def _read_sheet(
    reader: _Reader, name: str, info: zipfile.ZipInfo, max_rows: int | None
) -> list[tuple[int, list[str]]]:
    """One worksheet's non-empty rows.

    This is the hot path (millions of calls): state lives in closure variables, a cell's text is
    appended to the row as soon as the cell ends, and numbers without a date style are formatted inline.
    """
    rows: list[tuple[int, list[str]]] = []
    codes = dict(_SHEET_TAGS)  # prefixed names (x:c) are added as they are met
    code_for = codes.get
    columns: dict[str, int] = {}
    kind_of = reader.kind_of
    date1904 = reader.date1904
    isfinite = math.isfinite
    stop_at = -1 if max_rows is None else max_rows
    budget = reader.limits.max_cells - reader.cells  # cells this sheet may still build
    cells: list[str] = []
    vtext = itext = ""
    sink = 0  # 1: collecting a <v>, 2: an inline string's <t>
    in_data = in_is = has_is = in_rph = False
    row_no = 0
    col = -1
    ctype: str | None = None
    cstyle: str | None = None
    cref: str | None = None

    def cell_name() -> str:
        if cref is not None:
            return f"{name}!{_clip(cref)}"
        return f"{name}!{_letters(col)}{row_no}" if 0 <= col < MAX_COLUMNS else f"{name}!{row_no}"

    def row_name() -> str:
        return f"{name}!{row_no}" if row_no else info.filename

    def code_of(tag: str) -> int:
        code = codes.get(tag[tag.find(":") + 1 :], 0) if ":" in tag else 0
        if len(codes) < 1024:
            codes[tag] = code
        return code

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal in_data, in_is, has_is, in_rph, row_no, col, ctype, cstyle, cref, sink, vtext, itext
        code = code_for(tag)
        if code is None:
            code = code_of(tag)
        if code == _C:
            if not in_data:
                return
            cref = attrs.get("r")
            if cref is None:
                col += 1
                if col >= MAX_COLUMNS:
                    raise reader.refuse(row_name(), f"a row with more than {MAX_COLUMNS:,} columns")
            else:
                letters = cref.rstrip("0123456789")
                found = columns.get(letters) if len(letters) < len(cref) else -1
                if found is None:
                    found = columns[letters] = _column(letters)  # -1 (refused at once) or a column
                if found < 0:
                    raise reader.refuse(row_name(), f"bad cell reference {_clip(cref)!r}")
                col = found
            ctype = attrs.get("t")
            cstyle = attrs.get("s")
            vtext = ""
            has_is = False
        elif code == _V:
            sink = 1
        elif code == _ROW:
            if not in_data:
                return
            r = attrs.get("r")
            if r is None:
                row_no += 1
            else:
                try:
                    row_no = int(r) if len(r) < 8 else 0
                except ValueError:
                    row_no = 0
            if not 0 < row_no <= MAX_ROWS:
                raise reader.refuse(info.filename, f"bad row number {row_no if r is None else _clip(r)!r}")
            col = -1
            cells.clear()
        elif code == _T:
            if in_is and not in_rph:
                sink = 2
        elif code == _IS:
            in_is = has_is = True
            itext = ""
        elif code == _RPH:
            in_rph = True
        elif code == _SHEETDATA:
            in_data = True

    def end(tag: str) -> None:
        nonlocal in_is, in_rph, sink, cells, budget
        code = code_for(tag)
        if code is None:
            code = code_of(tag)
        if code in (_V, _T):
            sink = 0
        elif code == _C:
            if not in_data:
                return
            t = ctype
            v = vtext
            if t is None or t == "n":
                if not v:
                    return
                kind = 0 if cstyle is None else kind_of.get(cstyle)
                if kind is None:
                    kind = reader.style_kind(cstyle, cell_name())
                if kind:
                    text = _number(v, kind, date1904)
                else:
                    try:
                        x = float(v)
                    except ValueError:
                        text = v
                    else:
                        if not isfinite(x):
                            text = v
                        elif x.is_integer() and -1e15 <= x <= 1e15:
                            text = str(int(x))
                        else:
                            text = repr(x)
            elif t == "s":
                if not v:
                    return
                try:
                    index = int(v)
                except ValueError:
                    index = -1
                strings = reader.strings
                if strings is not None and 0 <= index < len(strings.items):
                    text = strings.items[index]
                else:  # the first shared string, one not parsed yet, or a bad index
                    text = reader.shared(v, cell_name)
                if not text:
                    return
            else:
                text = _other_text(t, v, itext if has_is else None)
                if not text:
                    return
            if col == len(cells):
                cells.append(text)
            elif col > len(cells):
                cells.extend([""] * (col - len(cells)))
                cells.append(text)
            else:  # cells out of order, or twice: the last one wins
                cells[col] = text
        elif code == _ROW:
            if cells:
                budget -= len(cells)
                if budget < 0:
                    raise reader.too_many_cells(len(cells), row_name())
                rows.append((row_no, cells))
                cells = []
                if len(rows) == stop_at:
                    raise _Stop
        elif code == _IS:
            in_is = False
        elif code == _RPH:
            in_rph = False
        elif code == _SHEETDATA:
            raise _Stop

    def text(data: str) -> None:
        nonlocal vtext, itext
        if sink == 1:
            vtext += data
            if len(vtext) > MAX_TEXT:
                raise reader.refuse(cell_name(), f"a cell longer than {MAX_TEXT:,} characters")
        elif sink == 2:
            itext += data
            if len(itext) > MAX_TEXT:
                raise reader.refuse(cell_name(), f"a cell longer than {MAX_TEXT:,} characters")

    parser = reader.parser(info.filename)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    reader.feed(info, parser, row_name, drain=max_rows is None)
    reader.cells = reader.limits.max_cells - budget
    return rows


def _other_text(t: str, v: str, inline: str | None) -> str:
    """Text of a cell that is neither a number nor a shared string."""
    if t == "inlineStr":
        return _unescape(v if inline is None else inline)
    if t == "str":
        return _unescape(v)
    if t == "b":
        return "TRUE" if v == "1" else "FALSE" if v == "0" else v
    if t == "d":
        return v.replace("T", " ", 1)
    return v  # "e" (#N/A, #DIV/0!) and types Excel does not write


# -- cell values ------------------------------------------------------------------------------


def _number(v: str, kind: int, date1904: bool) -> str:
    """A number cell's text: ISO date/time under a date format, an integer, else repr()."""
    try:
        x = float(v)
    except ValueError:
        return v
    if not math.isfinite(x):
        return v
    if kind == _PERCENT:  # 0.0027 shown as 0.27%: the text the sheet shows, with its unit
        return f"{_plain(round(x * 100, 12))} %"
    if kind:
        text = _serial(x, kind, date1904)
        if text is not None:
            return text
    return _plain(x)


def _plain(x: float) -> str:
    if x.is_integer() and -1e15 <= x <= 1e15:
        return str(int(x))
    return repr(x)


def _serial(x: float, kind: int, date1904: bool) -> str | None:
    """An Excel date serial as ISO text (to the second); None when no date has that serial."""
    if not 0 <= x < _LAST_SERIAL:
        return None
    seconds = round(x * 86400)
    if kind == _ELAPSED:  # [h]:mm:ss counts hours past 24
        hours, rest = divmod(seconds, 3600)
        return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    days, rest = divmod(seconds, 86400)
    clock = f"{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"
    if kind == _TIME or (days == 0 and not date1904):  # 1900 serials below 1 are times of day
        return clock
    if not date1904 and days < 60:  # before Excel's phantom 1900-02-29
        days += 1
    try:
        day = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=days)
    except OverflowError:
        return None
    return day.isoformat() if kind == _DATE and rest == 0 else f"{day.isoformat()} {clock}"


def _format_kind(code: str) -> int:
    """Date, time, date-time, elapsed time or plain number, from a custom number format's code.

    Letters count outside quoted text, backslash escapes, _x/*x padding and [..] (colours,
    locales, conditions) except the elapsed-time [h] [m] [s]. `m` is a month or a minute only
    beside y/d or h/s, so `0.0 mm` is no date; `0.00E+00` and General have no date letters.
    """
    elapsed = False

    def drop(match: re.Match) -> str:
        nonlocal elapsed
        elapsed = elapsed or bool(_ELAPSED_TOKEN.fullmatch(match.group()))
        return " "

    rest = _FORMAT_NOISE.sub(drop, code).lower()
    date = "y" in rest or "d" in rest
    clock = "h" in rest or "s" in rest
    if elapsed:
        return _DATETIME if date else _ELAPSED
    if date:
        return _DATETIME if clock else _DATE
    if clock:
        return _TIME
    return _PERCENT if "%" in rest else 0


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (a CR is _x000D_)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_unescape_one, text)


def _unescape_one(match: re.Match) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


# -- small helpers -----------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition(":")[2]


def _cache_local(tag: str, cache: dict[str, str]) -> str:
    local = tag.rpartition(":")[2]
    if len(cache) < 1024:
        cache[tag] = local
    return local


def _column(letters: str) -> int:
    """0-based column of `AB`; -1 when it is no column (past XFD, not letters)."""
    if not 0 < len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        return -1
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1 if n <= MAX_COLUMNS else -1


def _letters(col: int) -> str:
    """0 -> A, 16383 -> XFD."""
    out = ""
    col += 1
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def _size(n: int) -> str:
    return f"{n / 2**20:,.4g} MiB" if n >= 2**20 else f"{n:,} bytes"


def _detail(exc: BaseException) -> str:
    """An exception as one short line for a message."""
    text = " ".join(str(exc).split())
    if not text or not isinstance(exc, OSError | EOFError | zipfile.BadZipFile | zipfile.LargeZipFile):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "..."


def _directory_size(data: bytes) -> int:
    """Bytes of the zip's central directory per its end record; 0 when there is none (zipfile refuses)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return 0
    size = int.from_bytes(data[end + 12 : end + 16], "little")
    if size == 0xFFFFFFFF and end >= 20 and data[end - 20 : end - 16] == b"PK\x06\x07":
        record = int.from_bytes(data[end - 12 : end - 4], "little")
        if data[record : record + 4] == b"PK\x06\x06":
            size = int.from_bytes(data[record + 40 : record + 48], "little")
    return size
