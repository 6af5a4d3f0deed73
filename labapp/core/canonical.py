"""Canonical JSON: one byte form for hashing records, signatures, criteria sets and certificates.

Sorted keys, no insignificant whitespace, UTF-8, floats in shortest round-trip form; NaN is refused
because it has no JSON form and would make two different records hash alike.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

_PLAIN = frozenset({str, int, bool, type(None)})  # exact types that JSON writes as they are


def _normalise(value: Any) -> Any:
    kind = type(value)  # exact types first: the audit trail canonicalises every stored row
    if kind in _PLAIN:
        return value
    if kind is dict:
        if all(type(key) is str and _flat(item) for key, item in value.items()):
            return value  # a stored row's values: already in canonical form
        return {key if type(key) is str else str(key): _normalise(item) for key, item in value.items()}
    if kind is float:
        if not math.isfinite(value):
            raise ValueError(f"cannot canonicalise non-finite number {value!r}")
        return value
    if kind is list:
        return [_normalise(item) for item in value]
    return _normalise_other(value)


def _flat(value: Any) -> bool:
    """A value JSON writes as it is: a plain str, int, bool, None or finite float."""
    kind = type(value)
    return kind in _PLAIN or (kind is float and math.isfinite(value))


def _normalise_other(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _normalise(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(item) for item in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot canonicalise non-finite number {value!r}")
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _normalise(value.item())
    return value


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON-like value."""
    return json.dumps(
        _normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of a value."""
    return hashlib.sha256(canonical_json(value)).hexdigest()
