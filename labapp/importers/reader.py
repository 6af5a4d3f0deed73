"""read_export: file -> source (text or workbook) -> profile (given or detected) -> family reader
-> normaliser -> ImportResult."""

from __future__ import annotations

import csv
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labapp.core.errors import InputFileError, LabappError
from labapp.core.remedies import Remedy
from labapp.importers.base import Raw
from labapp.importers.blocks import read_blocks
from labapp.importers.catalog import Catalog, catalog
from labapp.importers.coding import Context
from labapp.importers.detect import KIND_WORDS, detect
from labapp.importers.long import read_long_table, read_long_text
from labapp.importers.normalise import normalise
from labapp.importers.positional import read_positional
from labapp.importers.profile import Profile
from labapp.importers.result import ImportResult
from labapp.importers.roles import matches_any
from labapp.importers.source import HEAD_ROWS, Source, TextSource, WorkbookSource, open_source, read_file
from labapp.importers.table import NumberFormat, infer_number_format
from labapp.importers.wide import read_wide
from labapp.importers.workbook import read_quantities, read_sheet
from labapp.importers.xlsx import Limits

TABLE_READERS = {
    "long": read_long_table,
    "wide": read_wide,
    "blocks": read_blocks,
    "positional": read_positional,
}
# Failures of the libraries underneath that a malformed file can still provoke.
_LIBRARY_ERRORS = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    ArithmeticError,
    csv.Error,
    UnicodeError,
    zipfile.BadZipFile,
    zlib.error,
    pd.errors.ParserError,
    EOFError,
    RecursionError,
)


@dataclass(frozen=True)
class Chosen:
    profile: Profile
    detected: bool


def read_export(
    path: str | Path,
    profile: str | Profile | None = None,
    *,
    limits: Limits | None = None,
    data: bytes | None = None,
) -> ImportResult:
    """Read an instrument export into the tidy measurement frame (DESIGN.md).

    `profile` is a profile id (or Profile); without it the file is auto-detected among the shipped
    and the laboratory's profiles. `data` are the file's bytes when the caller has read them (an
    import archives exactly the bytes it parses). Any problem with the file raises InputFileError
    naming the file, the line or cell when known, and the reason.
    """
    path = Path(path)
    limits = limits or Limits()
    if data is None:
        data = read_file(path, limits)
    elif not data or data.isspace():
        raise InputFileError(path, None, "the file is empty")
    try:
        source = open_source(data, path, limits)
        del data  # from here only the source holds the bytes (unless the caller does)
        profiles = catalog()
        chosen = _choose(profile, source, profiles)
        raw, fmt = _read_raw(source, chosen.profile)
        del source  # the normaliser needs neither the bytes nor the decoded text: 80 MB less at 1M
        result = _tidy(raw, fmt, path, chosen.profile)
    except LabappError:
        raise
    except _LIBRARY_ERRORS as exc:
        raise InputFileError(path, None, f"cannot be read: {type(exc).__name__}: {exc}") from None
    result.warnings.extend(profiles.problems)
    result.metadata["detected"] = chosen.detected
    return result


def _choose(profile: str | Profile | None, source: Source, profiles: Catalog) -> Chosen:
    if profile is None:
        return Chosen(detect(source, profiles.profiles).profile, True)
    chosen = profile if isinstance(profile, Profile) else profiles.get(profile)
    if source.kind not in chosen.formats:
        kind = "an Excel workbook" if source.kind == "workbook" else "a text file"
        reads = " and ".join(KIND_WORDS[f] for f in chosen.formats)
        raise InputFileError(
            source.path,
            None,
            f"this is {kind}, and profile {chosen.id} reads {reads} only; {Remedy.CHOOSE_PROFILE.label()}",
        )
    return Chosen(chosen, False)


def _read_raw(source: Source, profile: Profile) -> tuple[Raw, NumberFormat]:
    reader = TABLE_READERS[profile.family]
    if isinstance(source, WorkbookSource):
        if profile.workbook.quantities:
            raw, tables = read_quantities(source, profile, reader)
        else:
            raw, table = read_sheet(source, profile, reader)
            tables = [table]
        rows = [r for t in tables for r in t.rows[: HEAD_ROWS * 10]]
        raw.metadata.setdefault("sheet", ", ".join(t.sheet for t in tables))
        return raw, infer_number_format(rows, profile.text.decimal, profile.text.thousands, workbook=True)
    return _read_text(source, profile)


def _read_text(source: TextSource, profile: Profile) -> tuple[Raw, NumberFormat]:
    encoding = profile.text.encoding
    delimiter = source.delimiter(profile.text.delimiter, encoding)
    decoded = source.decoded(encoding)
    if profile.family == "long":
        fmt = infer_number_format(
            _head_rows(source, delimiter, encoding), profile.text.decimal, profile.text.thousands
        )
        raw = read_long_text(decoded, profile, source.path, delimiter, fmt.decimal, fmt.thousands)
    else:
        table = source.table(delimiter, encoding)
        fmt = infer_number_format(table.rows[: HEAD_ROWS * 10], profile.text.decimal, profile.text.thousands)
        raw = TABLE_READERS[profile.family](table, profile, source.path)
    raw.metadata.update(encoding=decoded.encoding, delimiter=_delimiter_name(delimiter))
    return raw, fmt


def _head_rows(source: TextSource, delimiter: str, encoding: str) -> list[list[str]]:
    return source.head_table(delimiter, encoding).rows


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar", "  ": "aligned spaces"}.get(
        delimiter, delimiter
    )


def _mark_factored(frame: pd.DataFrame, metadata: dict, profile: Profile, warnings: list[str]) -> None:
    """Concentrations in the instrument's sample units already carry its dilution and weight factors:
    applying labapp's preparation factors again would count them twice, so the reader says so."""
    source = metadata.get("value_column") or metadata.get("value_sheet") or ""
    if not source or not profile.values.factored or not matches_any(str(source), profile.values.factored):
        return
    where = "column" if metadata.get("value_column") else "sheet"
    warnings.append(
        f"concentrations read from the {where} {source!r}: the instrument's sample units, after its own "
        "dilution and weight factors; enter the preparation without them, or export calibration units"
    )
    has = frame["value"].notna().to_numpy()
    frame.loc[has, "flags"] = [
        ";".join(filter(None, [f, "instrument_factored"])) for f in frame.loc[has, "flags"]
    ]


def _tidy(raw: Raw, fmt: NumberFormat, path: Path, profile: Profile) -> ImportResult:
    warnings = list(raw.warnings)
    if fmt.warning:
        warnings.append(fmt.warning)
    metadata = {
        "file": path.name,
        "profile_name": profile.name,
        "vendor": profile.vendor,
        "technique": profile.technique,
        "family": profile.family,
        "origin": str(profile.origin),
        "decimal": fmt.decimal,
        **raw.metadata,
    }
    if raw.frame.empty or "analyte" not in raw.frame:
        raise InputFileError(path, None, f"no readings found (profile {profile.id})")
    ctx = Context(profile, path, warnings, fmt.decimal, fmt.thousands)
    frame = normalise(raw.frame, ctx, metadata)
    _mark_factored(frame, metadata, profile, warnings)
    if frame.empty:
        raise InputFileError(path, None, f"no readings found (profile {profile.id})")
    metadata["readings"] = len(frame)
    metadata["samples"] = ctx.samples
    return ImportResult(frame=frame, profile=profile.id, warnings=warnings, metadata=metadata)
