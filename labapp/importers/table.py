"""One table model for text exports and workbook sheets, and the number format of a file.

Every layout family reads a Table: rows of trimmed text cells, each row knowing where it came
from (the physical line of a text file, `Sheet!12` in a workbook), so a CSV and an XLSX of the
same layout are read by the same code and every message names the line or cell.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from labapp.importers.textio import cells, grid

DELIMITERS = (",", ";", "\t", "|")
SPACES = "  "  # columns aligned by runs of spaces (no delimiter character)
_RUN_OF_SPACES = re.compile(r" {2,}")
T = TypeVar("T")


@dataclass
class Table:
    """Rows of trimmed cells; `numbers[i]` is row i's line (text) or row number (sheet)."""

    rows: list[list[str]]
    numbers: list[int]
    sheet: str = ""
    delimiter: str = ","
    _joined: dict[int, str] = field(default_factory=dict, repr=False)
    _memo: dict[Hashable, object] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def where(self, i: int) -> int | str:
        """Row i's location for a message: a line number, or `Sheet!12`."""
        n = self.numbers[i] if i < len(self.numbers) else self.numbers[-1] + 1 if self.numbers else 1
        return f"{self.sheet}!{n}" if self.sheet else n

    def cell(self, i: int, j: int) -> int | str:
        """Cell (i, j)'s location: `Sheet!C12` in a workbook, the line number in a text file."""
        return f"{self.sheet}!{column_letter(j)}{self.numbers[i]}" if self.sheet else self.numbers[i]

    def joined(self, i: int) -> str:
        """Row i as one string (cells joined by the delimiter, TAB in sheets) for a profile's regexes."""
        if i not in self._joined:
            self._joined[i] = (self.delimiter if not self.sheet else "\t").join(self.rows[i])
        return self._joined[i]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute() once per key: what is worked out from the rows (a header's column names) is
        the same for each of the 20 profiles detection tries on this table."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[return-value]

    def head(self, count: int) -> Table:
        return Table(self.rows[:count], self.numbers[:count], self.sheet, self.delimiter)


def column_letter(j: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        out = chr(65 + rest) + out
    return out


def text_table(text: str, delimiter: str, path: object, first_line: int = 1) -> Table:
    """A text export as a Table (quoted fields may span lines)."""
    if delimiter == SPACES:
        text = "\n".join(_RUN_OF_SPACES.sub("\t", line.strip()) for line in text.split("\n"))
        rows = grid(text, "\t", path, first_line)
    else:
        rows = grid(text, delimiter, path, first_line)
    return Table([r for _, r in rows], [n for n, _ in rows], "", delimiter)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample lines into the most consistent number of fields > 1.

    Counting characters alone fails on decimal-comma files (a `;` file has as many commas as
    semicolons); a delimiter is right when many lines share the same field count.
    """
    sample = [line for line in lines if line.strip()][:60]
    best, best_score = ",", 0.0
    for delimiter in DELIMITERS:
        counts = Counter(len(cells(line, delimiter)) for line in sample)
        score = max((n * k + 0.001 * k for k, n in counts.items() if k > 1), default=0.0)
        if score > best_score:
            best, best_score = delimiter, score
    if best_score == 0.0 and any(_RUN_OF_SPACES.search(line.strip()) for line in sample):
        return SPACES
    return best


_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+(?:[eE][-+]?\d+)?$")
_POINT_DECIMAL = re.compile(r"^[-+]?\d*\.\d+(?:[eE][-+]?\d+)?$")
_COMMA_GROUPS = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_POINT_GROUPS = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


@dataclass(frozen=True)
class NumberFormat:
    decimal: str
    thousands: str
    warning: str = ""


def infer_number_format(
    rows: list[list[str]], decimal: str, thousands: str, workbook: bool = False
) -> NumberFormat:
    """Decimal mark and thousands separator of a file, from the numbers it holds.

    `12,5` or `0,001` can only be a decimal comma; `1,226,220.526` only thousands commas; a file
    whose only commas are `12,501`-like groups is ambiguous and read with a decimal comma, with a
    warning. In a workbook, number cells are written with a point whatever the locale, so only text
    cells with a comma tell (and numbers stay numbers either way).
    """
    if decimal != "auto":
        return NumberFormat(decimal, thousands)
    comma_decimal = point_decimal = comma_groups = point_groups = 0
    example = ""
    for row in rows:
        for cell in row:
            if not cell or not (cell[0].isdigit() or cell[0] in "-+.") or len(cell) > 40:
                continue
            if _COMMA_DECIMAL.match(cell):
                if _COMMA_GROUPS.match(cell) and not cell.lstrip("+-").startswith("0"):
                    comma_groups += 1
                    example = example or cell
                else:
                    comma_decimal += 1
            elif _COMMA_GROUPS.match(cell):
                comma_groups += 1
            elif _POINT_GROUPS.match(cell) and "," in cell:
                point_groups += 1
            elif _POINT_DECIMAL.match(cell) and not workbook:
                point_decimal += 1
    if comma_decimal and not point_decimal:
        return NumberFormat(",", thousands or ("." if point_groups else ""))
    if comma_groups and not comma_decimal:
        if point_decimal:
            return NumberFormat(".", thousands or ",")
        warning = (
            f"numbers such as {example!r} could use a decimal comma or a thousands comma; read with a "
            "decimal comma; set [text] decimal in the profile if that is wrong"
        )
        return NumberFormat(",", thousands, warning)
    return NumberFormat(".", thousands)
