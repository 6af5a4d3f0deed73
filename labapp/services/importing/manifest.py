"""Read and check a lot manifest (CSV or .xlsx, contract in docs/storage.md).

One row per preparation; lot and sample fields repeat on each row of a lot and must agree.
Every problem is collected with its file and line, so a technician can fix the whole file in one
pass; nothing is stored unless the whole manifest is clean.
"""

from __future__ import annotations

import csv
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from labapp.core.errors import InputFileError
from labapp.importers.source import read_file
from labapp.importers.xlsx import Limits, read_sheets, sheet_names
from labapp.services.importing.lot_inputs import (
    LotInput,
    PreparationInput,
    SampleInput,
    first_difference,
    lot_problems,
    preparation_problems,
    sample_problems,
)
from labapp.store.lots import DECLARED_CHEMISTRIES

REQUIRED_COLUMNS = (
    "lot_code",
    "client_name",
    "declared_chemistry",
    "origin",
    "gross_mass_kg",
    "net_wet_mass_kg",
    "moisture_pct",
    "sample_label",
    "preparation",
    "technique",
    "sample_mass_g",
    "digest_volume_mL",
    "dilution_factor",
)
OPTIONAL_COLUMNS = (
    "client_contact",
    "shipment_id",
    "container_id",
    "bag_id",
    "seal_ids",
    "waste_code",
    "customs_code",
    "received_on",
    "sampled_on",
    "sampled_by",
    "sampling_method",
    "moisture_method",
    "spike_added_mg_per_L",
    "primary_sample",
    "condition_on_receipt",
    "customer_supplied",
    "sampling_plan",
    "sampling_location",
    "method_deviations",
)
_CANONICAL = {name.lower(): name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}


class ManifestError(InputFileError):
    """All problems of a manifest; str() is the first one and how many more there are."""

    def __init__(self, problems: list[InputFileError]) -> None:
        first = problems[0]
        more = len(problems) - 1
        reason = first.reason + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        super().__init__(first.path, first.line, reason)
        self.problems = problems


@dataclass
class ManifestLot:
    line: int
    lot: LotInput
    sample: SampleInput
    preparations: list[tuple[int, PreparationInput]] = field(default_factory=list)


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, [cell.strip() for cell in cells]
    except UnicodeDecodeError as exc:
        raise InputFileError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise InputFileError(path, None, f"not a readable CSV file: {exc}") from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows, read by the importers' streaming reader (the same limits and one-line
    refusals as an instrument workbook)."""
    limits = Limits()
    data = read_file(path, limits)
    first = sheet_names(data, path, limits)[:1]
    for sheet in read_sheets(data, path, lambda name: name in first, limits):
        for number, cells in sheet.rows:
            cells = [c.strip() for c in cells]
            if any(cells):
                yield number, cells


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    if not path.is_file():
        raise InputFileError(path, None, "file not found")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    raise InputFileError(path, None, f"unsupported manifest type {suffix or '(none)'}: use .csv or .xlsx")


class _Row:
    """Typed access to one manifest row; conversion problems are collected, not raised."""

    def __init__(self, values: dict[str, str], problems: list[str]) -> None:
        self.values = values
        self.problems = problems

    def text(self, name: str) -> str | None:
        return self.values.get(name) or None

    def required(self, name: str) -> str:
        value = self.values.get(name, "")
        if not value:
            self.problems.append(f"{name} is empty")
        return value

    def number(self, name: str, required: bool = False) -> float | None:
        raw = self.values.get(name, "")
        if not raw:
            if required:
                self.problems.append(f"{name} is empty")
            return None
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.problems.append(f"{name}: {raw!r} is not a number")
            return None
        return value

    def day(self, name: str) -> date | None:
        raw = self.values.get(name, "")
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problems.append(f"{name}: {raw!r} is not an ISO date (YYYY-MM-DD)")
            return None


def _chemistry(raw: str) -> str:
    matches = [c for c in DECLARED_CHEMISTRIES if c.lower() == raw.lower()]
    return matches[0] if matches else raw


def _listed(text: str | None) -> tuple[str, ...]:
    """A ";"-separated cell as its items (customer_supplied, method_deviations)."""
    return tuple(s.strip() for s in (text or "").split(";") if s.strip())


def _parse_row(row: _Row) -> tuple[LotInput, SampleInput, PreparationInput]:
    lot = LotInput(
        code=row.required("lot_code"),
        client_name=row.required("client_name"),
        declared_chemistry=_chemistry(row.required("declared_chemistry")),
        origin=row.required("origin").lower(),
        client_contact=row.text("client_contact"),
        shipment_id=row.text("shipment_id"),
        container_id=row.text("container_id"),
        bag_id=row.text("bag_id"),
        seal_ids=tuple(s.strip() for s in (row.text("seal_ids") or "").split(";") if s.strip()),
        waste_code=row.text("waste_code"),
        customs_code=row.text("customs_code"),
        gross_mass_kg=row.number("gross_mass_kg", required=True),
        net_wet_mass_kg=row.number("net_wet_mass_kg", required=True),
        received_on=row.day("received_on"),
        condition_on_receipt=row.text("condition_on_receipt"),
        customer_supplied=_listed(row.text("customer_supplied")),
        sampling_plan=row.text("sampling_plan"),
        sampling_location=row.text("sampling_location"),
        method_deviations=_listed(row.text("method_deviations")),
    )
    sample = SampleInput(
        moisture_pct=row.number("moisture_pct", required=True),
        moisture_method=row.text("moisture_method"),
        sampled_on=row.day("sampled_on"),
        sampled_by=row.text("sampled_by"),
        sampling_method=row.text("sampling_method"),
    )
    prep = PreparationInput(
        label=row.required("sample_label"),
        kind=row.required("preparation").lower(),
        technique=row.required("technique").upper(),
        sample_mass_g=row.number("sample_mass_g"),
        digest_volume_ml=row.number("digest_volume_mL"),
        dilution_factor=row.number("dilution_factor"),
        spike_added_mg_per_l=row.number("spike_added_mg_per_L"),
        primary_sample=row.text("primary_sample"),
    )
    if not row.problems:
        row.problems.extend(lot_problems(lot) + sample_problems(sample) + preparation_problems(prep))
    return lot, sample, prep


def _header(path: Path, line: int, cells: list[str]) -> list[str]:
    names = [_CANONICAL.get(cell.lower(), cell) for cell in cells]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise ManifestError(
            [
                InputFileError(
                    path, line, f"missing column{'s' if len(missing) > 1 else ''}: " + ", ".join(missing)
                )
            ]
        )
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        raise ManifestError([InputFileError(path, line, f"column repeated: {', '.join(duplicated)}")])
    return names


def read_manifest(path: str | Path) -> list[ManifestLot]:
    """Parse and check a manifest; raises ManifestError listing every problem with its line."""
    path = Path(path)
    rows = _rows(path)
    first = next(rows, None)
    if first is None:
        raise InputFileError(path, None, "empty manifest: no header row")
    names = _header(path, first[0], first[1])
    lots: dict[str, ManifestLot] = {}
    labels: dict[tuple[str, str], int] = {}
    problems: list[InputFileError] = []
    for line, cells in rows:
        row_problems: list[str] = []
        values = {name: cells[i] if i < len(cells) else "" for i, name in enumerate(names)}
        lot, sample, prep = _parse_row(_Row(values, row_problems))
        if not row_problems:
            row_problems.extend(_merge(lots, labels, line, lot, sample, prep))
        problems.extend(InputFileError(path, line, p) for p in row_problems)
    if not problems:
        problems.extend(InputFileError(path, line, p) for line, p in duplicate_design_problems(lots.values()))
    if not lots and not problems:
        problems.append(InputFileError(path, first[0], "the manifest has a header but no rows"))
    if problems:
        raise ManifestError(problems)
    return list(lots.values())


def _merge(
    lots: dict[str, ManifestLot],
    labels: dict[tuple[str, str], int],
    line: int,
    lot: LotInput,
    sample: SampleInput,
    prep: PreparationInput,
) -> list[str]:
    known = lots.get(lot.code)
    if known is None:
        known = lots[lot.code] = ManifestLot(line, lot, sample)
    else:
        for old, new in ((known.lot, lot), (known.sample, sample)):
            name = first_difference(old, new)
            if name is not None:
                return [
                    f"lot {lot.code}: {name} {getattr(new, name)!r} differs from line {known.line} "
                    f"({getattr(old, name)!r}); a lot code must be unique"
                ]
    key = (prep.label, prep.technique)
    if key in labels:
        return [f"sample_label {prep.label!r} ({prep.technique}) already used on line {labels[key]}"]
    labels[key] = line
    known.preparations.append((line, prep))
    return []


def duplicate_design_problems(lots: Iterable[ManifestLot]) -> list[tuple[int, str]]:
    """A lot whose preparations name a primary_sample is a duplicate-method target: per technique,
    exactly two primary samples with two preparations each (docs/calculations.md, sampling)."""
    problems = []
    for item in lots:
        marked = [(line, p) for line, p in item.preparations if p.primary_sample]
        for technique in sorted({p.technique for _, p in marked}):
            counts = Counter(p.primary_sample for _, p in marked if p.technique == technique)
            if len(counts) != 2 or set(counts.values()) != {2}:
                found = ", ".join(f"{name} x {n}" for name, n in sorted(counts.items()))
                problems.append((marked[0][0], f"lot {item.lot.code}: the duplicate method needs two primary "
                                 f"samples with two {technique} preparations each, got {found}"))
    return problems
