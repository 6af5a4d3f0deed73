"""The settlement terms as a CSV file: one row per field, `section,field,value` (docs/settlement.md).

Labs keep contract terms in spreadsheets; this form carries exactly the fields of the TOML form
(contract, lot, payable.<element>) so one reader checks both and the errors read the same. A
spreadsheet saved with semicolons (as in locales whose decimal mark is a comma) or tabs is accepted,
and then a decimal comma in a number too. Rows that are empty or whose first cell starts with '#'
are comments.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from labapp.core.settlement_terms import SettlementTerms, TermsError, terms_from_tables

HEADER = ("section", "field", "value")
NUMBER_FIELDS = frozenset(
    {
        "wet_mass_t",
        "u_wet_mass_t",
        "moisture_pct",
        "u_moisture_pct",
        "payable_pct",
        "price",
        "splitting_limit",
    }
)
DATE_FIELDS = frozenset({"price_date"})
_SECTION = re.compile(r"contract|lot|payable\.[A-Za-z][A-Za-z0-9+]*")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_terms_csv(text: str, source: str) -> SettlementTerms:
    """The terms in the CSV `text` (the file `source`); TermsError names the file, line and field."""
    text = text.removeprefix("\ufeff")
    delimiter = _delimiter(text)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    data: dict[str, Any] = {}
    lines: dict[tuple[str, str | None], int] = {}
    header_seen = False
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if not header_seen:
            _check_header(cells, source, number)
            header_seen = True
            continue
        section, field, value = _cells(cells, source, number)
        table = _table(data, section)
        if field in table:
            raise TermsError(
                f"{source}:{number}: [{section}] {field}: given twice (first on line {lines[section, field]})"
            )
        table[field] = _typed(field, value, delimiter)
        lines.setdefault((section, None), number)
        lines[section, field] = number
    if not header_seen:
        raise TermsError(f"{source}:1: the file is empty; its first row is the header {','.join(HEADER)}")
    return terms_from_tables(data, source, lambda section, key=None: _line(lines, section, key))


def _delimiter(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
    for candidate in (",", ";", "\t"):
        if candidate in first:
            return candidate
    return ","


def _check_header(cells: list[str], source: str, number: int) -> None:
    if tuple(cell.lower() for cell in cells[:3]) != HEADER:
        raise TermsError(
            f"{source}:{number}: the first row must be the header {','.join(HEADER)}, "
            f"not {','.join(cells[:3])}"
        )


def _cells(cells: list[str], source: str, number: int) -> tuple[str, str, str]:
    if len(cells) < 3:
        raise TermsError(f"{source}:{number}: give three cells: section, field and value")
    section, field, value = cells[0], cells[1], cells[2]
    if not _SECTION.fullmatch(section):
        raise TermsError(
            f"{source}:{number}: {section!r} is not a section; use contract, lot or payable.<element> "
            "(e.g. payable.Ni)"
        )
    if not field:
        raise TermsError(f"{source}:{number}: [{section}]: the field name is empty")
    return section, field, value


def _table(data: dict[str, Any], section: str) -> dict[str, Any]:
    if section.startswith("payable."):
        return data.setdefault("payable", {}).setdefault(section.split(".", 1)[1], {})
    return data.setdefault(section, {})


def _typed(field: str, value: str, delimiter: str) -> Any:
    """Numbers and dates as the TOML form types them; a value that is neither stays text, so the
    reader reports it on its line ("give a number, not 'abc'")."""
    if field in NUMBER_FIELDS:
        candidate = value.replace(",", ".") if delimiter != "," else value
        return float(candidate) if _NUMBER.fullmatch(candidate) else value
    if field in DATE_FIELDS:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _line(lines: dict[tuple[str, str | None], int], section: str, key: str | None) -> int:
    if key is not None and (section, key) in lines:
        return lines[section, key]
    return lines.get((section, None), 1)
