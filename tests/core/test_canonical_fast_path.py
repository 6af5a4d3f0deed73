"""Canonical JSON takes exact plain types first (the audit trail canonicalises every stored row); its
bytes and its refusals must be those of the plain rule-by-rule form, for every kind of value, since
audit hashes already stored were computed with it."""

from __future__ import annotations

import enum
import json
import math
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labapp.core.canonical import canonical_json


def reference(value: Any) -> bytes:
    """The rules of labapp.core.canonical written out one isinstance test at a time."""

    def norm(v: Any) -> Any:
        if isinstance(v, dict):
            return {str(k): norm(i) for k, i in v.items()}
        if isinstance(v, list | tuple):
            return [norm(i) for i in v]
        if isinstance(v, float):
            if not math.isfinite(v):
                raise ValueError(f"cannot canonicalise non-finite number {v!r}")
            return v
        if isinstance(v, datetime | date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        if hasattr(v, "item") and callable(v.item):
            return norm(v.item())
        return v

    return json.dumps(
        norm(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


class Mixed(str, enum.Enum):  # noqa: UP042 - str() of a member is "Mixed.A", its JSON "a"
    A = "a"


class Word(enum.StrEnum):
    B = "b"


class Count(enum.IntEnum):
    ONE = 1


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from([Mixed.A, Word.B, Count.ONE, Decimal("1.10"), date(2026, 3, 17)]),
    st.sampled_from([datetime(2026, 3, 17, 9, 2, tzinfo=UTC), np.float64(0.1), np.int64(-3), np.bool_(True)]),
)
KEYS = st.one_of(st.text(max_size=4), st.sampled_from([Mixed.A, Word.B, Count.ONE, 7]))
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_same_bytes_as_the_rule_by_rule_form(value: Any) -> None:
    try:
        expected: bytes | str = reference(value)
    except (TypeError, ValueError) as error:  # e.g. keys of mixed types cannot be sorted
        expected = type(error).__name__
    try:
        got: bytes | str = canonical_json(value)
    except (TypeError, ValueError) as error:
        got = type(error).__name__
    assert got == expected


FLAT_ROWS = st.dictionaries(
    st.text(max_size=6),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), LEAVES),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(FLAT_ROWS)
def test_a_flat_row_gives_the_same_bytes_and_refusals(row: dict[str, Any]) -> None:
    """A stored row's snapshot (str keys, plain values) is written as it is: same bytes, and a
    non-finite float still refused with the rule-by-rule message."""
    try:
        expected: bytes | str = reference(row)
    except (TypeError, ValueError) as error:
        expected = str(error)
    try:
        got: bytes | str = canonical_json(row)
    except (TypeError, ValueError) as error:
        got = str(error)
    assert got == expected


def test_a_mixed_in_enum_key_is_written_as_str_gives_it() -> None:
    assert canonical_json({Mixed.A: 1, Word.B: 2}) == b'{"Mixed.A":1,"b":2}'


@pytest.mark.parametrize(
    "bad", [math.nan, math.inf, {"a": [1.0, -math.inf]}, np.float64("nan"), {"flat": 1.0, "row": math.nan}]
)
def test_non_finite_numbers_are_refused_with_the_same_message(bad: Any) -> None:
    with pytest.raises(ValueError, match="cannot canonicalise non-finite number"):
        canonical_json(bad)
