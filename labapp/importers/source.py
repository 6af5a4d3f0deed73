"""An export opened once: its bytes read within limits, then seen as text or as a workbook.

Detection and reading look at the same Source, so a file is read from disk once and the bytes
archived are the bytes parsed. A text source decodes once and splits into tables per delimiter;
a workbook source reads each sheet's head for detection and whole sheets only when asked.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from labapp.core.errors import InputFileError
from labapp.importers.table import SPACES, Table, sniff_delimiter, text_table
from labapp.importers.textio import DecodedText, cells, decode
from labapp.importers.xlsx import Limits, is_workbook, read_sheets

HEAD_ROWS = 60  # rows of each table detection looks at
HEAD_CHARS = 65536


def read_file(path: Path, limits: Limits) -> bytes:
    """The file's bytes: a regular file within the size limit (a device or FIFO is never read)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputFileError(path, None, f"cannot be opened: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(
            path, None, "is not a regular file (a device, folder or pipe cannot be imported)"
        )
    if info.st_size > limits.max_file_bytes:
        raise InputFileError(
            path,
            None,
            f"is {info.st_size / 2**20:,.0f} MiB, more than the "
            f"{limits.max_file_bytes / 2**20:,.0f} MiB an export may have (limit)",
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise InputFileError(path, None, f"cannot be opened: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise InputFileError(path, None, "grew past the size limit while being read")
    if not data or data.isspace():  # isspace: no copy of a large file
        raise InputFileError(path, None, "the file is empty")
    return data


@dataclass
class TextSource:
    data: bytes
    path: Path
    kind: str = "text"
    _decoded: dict[str, DecodedText] = field(default_factory=dict)
    _tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    _sniffed: dict[str, str] = field(default_factory=dict)  # encoding -> delimiter

    def decoded(self, encoding: str = "auto") -> DecodedText:
        if encoding not in self._decoded:
            self._decoded[encoding] = decode(self.data, self.path, encoding)
        return self._decoded[encoding]

    def head_text(self, encoding: str = "auto") -> str:
        text = self.decoded(encoding).head(HEAD_CHARS)
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def delimiter(self, configured: str, encoding: str = "auto") -> str:
        """The profile's delimiter, else the `sep=` line's, else the one the lines agree on (sniffed
        once per encoding: detection asks for every profile)."""
        if configured != "auto":
            return configured
        if encoding not in self._sniffed:
            decoded = self.decoded(encoding)
            self._sniffed[encoding] = decoded.sep_hint or sniff_delimiter(decoded.head_lines(HEAD_ROWS))
        return self._sniffed[encoding]

    def head_table(self, delimiter: str, encoding: str = "auto", rows: int = HEAD_ROWS) -> Table:
        key = ("head", delimiter + encoding + str(rows))
        if key not in self._tables:
            decoded = self.decoded(encoding)
            lines = decoded.head_lines(rows)  # whole lines only
            if delimiter == SPACES:
                rows = text_table("\n".join(lines), delimiter, self.path, decoded.first_line).rows
            else:
                rows = [cells(line, delimiter) for line in lines]
            self._tables[key] = Table(
                rows, list(range(decoded.first_line, decoded.first_line + len(rows))), "", delimiter
            )
        return self._tables[key]

    def table(self, delimiter: str, encoding: str = "auto") -> Table:
        key = ("all", delimiter + encoding)
        if key not in self._tables:
            decoded = self.decoded(encoding)
            self._tables[key] = text_table(decoded.text, delimiter, self.path, decoded.first_line)
        return self._tables[key]


@dataclass
class WorkbookSource:
    data: bytes
    path: Path
    limits: Limits
    kind: str = "workbook"
    _heads: dict[str, Table] | None = None
    _tables: dict[str, Table] = field(default_factory=dict)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.heads())

    def heads(self) -> dict[str, Table]:
        """The first rows of every sheet, read in one pass."""
        if self._heads is None:
            sheets = read_sheets(self.data, self.path, None, self.limits, max_rows=HEAD_ROWS)
            self._heads = {s.name: _sheet_table(s) for s in sheets}
        return self._heads

    def head_text(self, encoding: str = "auto") -> str:
        """Sheet names, then each sheet's first rows (cells joined by TAB), for signature regexes."""
        lines = list(self.heads())
        for table in self.heads().values():
            lines += [table.joined(i) for i in range(min(len(table), 10))]
        return "\n".join(lines)

    def table(self, sheet: str) -> Table:
        if sheet not in self._tables:
            read = read_sheets(self.data, self.path, lambda name: name == sheet, self.limits)
            self._tables[sheet] = _sheet_table(read[0]) if read else Table([], [], sheet)
        return self._tables[sheet]


def _sheet_table(sheet) -> Table:  # noqa: ANN001 - xlsx.Sheet
    rows = [[c.strip() for c in cells_] for _, cells_ in sheet.rows]
    return Table(rows, [n for n, _ in sheet.rows], sheet.name or "Sheet", "\t")


Source = TextSource | WorkbookSource


def open_source(data: bytes, path: Path, limits: Limits) -> Source:
    return WorkbookSource(data, path, limits) if is_workbook(data) else TextSource(data, path)


@dataclass(frozen=True)
class Preview:
    """A file's first rows as a person sees them, for the profile assistant."""

    kind: str  # "text" or "workbook"
    sheets: list[str]  # workbook sheet names ([] for text)
    sheet: str
    delimiter: str  # the sniffed delimiter of a text file ("" for a workbook)
    table: Table


def preview(path: Path, sheet: str | None = None, limits: Limits | None = None) -> Preview:
    """The first HEAD_ROWS rows of a text export (split on its sniffed delimiter) or of a sheet."""
    limits = limits or Limits()
    source = open_source(read_file(path, limits), path, limits)
    if isinstance(source, WorkbookSource):
        heads = source.heads()
        name = sheet if sheet in heads else next(iter(heads), "")
        return Preview("workbook", list(heads), name, "", heads.get(name, Table([], [], name)))
    delimiter = source.delimiter("auto")
    return Preview("text", [], "", delimiter, source.head_table(delimiter))
