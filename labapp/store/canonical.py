"""Canonical JSON and canonical column values: the exact text that audit hashes are computed over.

The same record must give the same text whether it comes from a Python object just before a
flush or from a row read back later, on SQLite or PostgreSQL. Values are therefore normalised by
column type (an int assigned to a Float column becomes a float; datetimes become UTC ISO 8601).
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column
from sqlalchemy.types import TypeDecorator

from labapp.core.canonical import canonical_json as core_canonical_json


def canonical_json(value: Any) -> str:
    """labapp.core.canonical's form as text; NaN is not allowed (it is stored as null)."""
    return core_canonical_json(value).decode("utf-8")


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def canonical_value(column: Column[Any], value: Any, *, redact: bool = False) -> Any:
    """The JSON-ready form of `value` for `column`; secrets and bytes become their SHA-256."""
    if value is None:
        return None
    if redact or isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value) if not isinstance(value, str) else value.encode("utf-8")
        return "sha256:" + sha256_hex(raw)
    return _normalise(column_python_type(column) or type(value), value)


def column_python_type(column: Column[Any]) -> type | None:
    """The Python type `canonical_value` normalises a column's values to (None: each value's own)."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def canonical_typed(python_type: type, value: Any) -> Any:
    """`canonical_value` of a value that is not None, not redacted and not bytes, for a column whose
    Python type the caller looked up once (`column_python_type`)."""
    return _normalise(python_type, value)


def _normalise(python_type: type, value: Any) -> Any:
    if python_type is bool:
        return bool(value)
    if python_type is int:
        return int(value)
    if python_type in (float, Decimal):
        number = float(value)
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"  # JSON has no infinity
        return None if math.isnan(number) else number + 0.0  # -0.0 and 0.0 are the same stored value
    if python_type is datetime:
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="microseconds")
    if python_type is date:
        return value.isoformat()
    if python_type is str:
        return str(value)
    return value
