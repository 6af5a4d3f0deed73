"""read_export: file -> profile (given or detected) -> family reader -> normaliser -> ImportResult."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd

from labapp.core.errors import InputFileError, LabappError
from labapp.importers.base import Raw
from labapp.importers.blocks import read_blocks
from labapp.importers.detect import detect
from labapp.importers.excel import read_excel
from labapp.importers.long import read_long
from labapp.importers.normalise import Context, normalise
from labapp.importers.positional import read_positional
from labapp.importers.profile import Profile, get_profile
from labapp.importers.result import ImportResult
from labapp.importers.textio import decode
from labapp.importers.wide import read_wide

TEXT_READERS = {"long": read_long, "wide": read_wide, "blocks": read_blocks, "positional": read_positional}
# Failures of the libraries underneath that a malformed file can still provoke.
_LIBRARY_ERRORS = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    csv.Error,
    UnicodeError,
    zipfile.BadZipFile,
    pd.errors.ParserError,
    OverflowError,
    EOFError,
)


def read_export(path: str | Path, profile: str | Profile | None = None) -> ImportResult:
    """Read an instrument export into the tidy measurement frame (DESIGN.md).

    `profile` is a profile id (or Profile); without it the file is auto-detected. Any problem
    with the file raises InputFileError naming the file, the line when known, and the reason.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, None, f"cannot be opened: {exc.strerror or exc}") from None
    if not data or data.isspace():  # isspace: no copy of a large file
        raise InputFileError(path, None, "the file is empty")
    try:
        chosen = _choose(profile, data, path)
        raw, metadata = _read_raw(data, path, chosen)
        del data  # the file's bytes are not needed any more: freed before the normaliser allocates
        return _tidy(raw, metadata, path, chosen)
    except LabappError:
        raise
    except _LIBRARY_ERRORS as exc:
        raise InputFileError(path, None, f"cannot be read: {type(exc).__name__}: {exc}") from None


def _choose(profile: str | Profile | None, data: bytes, path: Path) -> Profile:
    if profile is None:
        return detect(data, path)
    return profile if isinstance(profile, Profile) else get_profile(profile)


def _read_raw(data: bytes, path: Path, profile: Profile) -> tuple[Raw, dict]:
    metadata: dict = {
        "file": path.name,
        "profile_name": profile.name,
        "vendor": profile.vendor,
        "technique": profile.technique,
        "family": profile.family,
    }
    if profile.family == "excel":
        raw = read_excel(path, profile)
    else:
        decoded = decode(data, path, profile.text.encoding)
        metadata["encoding"] = decoded.encoding
        raw = TEXT_READERS[profile.family](decoded, profile, path)
    return raw, metadata


def _tidy(raw: Raw, metadata: dict, path: Path, profile: Profile) -> ImportResult:
    warnings = list(raw.warnings)
    metadata.update(raw.metadata)
    if raw.frame.empty or "analyte" not in raw.frame:
        raise InputFileError(path, None, f"no readings found (profile {profile.id})")
    ctx = Context(profile, path, warnings)
    frame = normalise(raw.frame, ctx, metadata)
    if frame.empty:
        raise InputFileError(path, None, f"no readings found (profile {profile.id})")
    metadata["readings"] = len(frame)
    metadata["samples"] = ctx.samples
    return ImportResult(frame=frame, profile=profile.id, warnings=warnings, metadata=metadata)
