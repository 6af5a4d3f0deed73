"""Run structure read from the tidy frame: solution types from labels, check and blank kinds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading
from hypothesis import given, settings
from hypothesis import strategies as st

from labapp.core.runorder import _text_codes, refine_sample_types, with_expected, with_structure

# Labels as the demo Agilent run writes them, every solution typed "Samp" (-> sample).
LABELS = {
    "ICB": ("check_blank", None),
    "CCB": ("check_blank", None),
    "CCV": ("check", None),
    "Method Blank 1": ("blank", None),
    "CRM LBM-01 #1": ("crm", None),
    "BM26-0003": ("sample", None),
    "BM26-0003 DUP": ("duplicate", "BM26-0003"),
    "BM26-0003 SPK": ("spike", "BM26-0003"),
    "MS-2026-17": ("sample", None),  # a lot id that starts with MS is not a matrix spike
}


def test_solution_types_are_read_from_labels_when_the_file_says_sample():
    out = refine_sample_types(frame([reading(label, "sample", 1.0) for label in LABELS])).set_index(
        "sample_label"
    )
    for label, (kind, parent) in LABELS.items():
        assert out.loc[label, "sample_type"] == kind, label
        if parent:
            assert out.loc[label, "parent_label"] == parent
        else:
            assert pd.isna(out.loc[label, "parent_label"]), label
    assert out.loc["CCV", "type_from_label"] and not out.loc["BM26-0003", "type_from_label"]


def test_a_type_given_by_the_file_or_a_parent_given_by_the_caller_wins():
    rows = [reading("Std 1 CCV", "standard", 1.0), reading("X DUP", "duplicate", 1.0, parent_label="Lot 7")]
    out = refine_sample_types(frame(rows)).set_index("sample_label")
    assert out.loc["Std 1 CCV", "sample_type"] == "standard"
    assert out.loc["X DUP", "parent_label"] == "Lot 7"


@pytest.mark.parametrize(
    ("label", "kind"),
    [("ICV", "icv"), ("CCV 3", "ccv"), ("LLCCV", "low_check"), ("ICS-A", "ics"), ("QC std", "ccv")],
)
def test_check_kinds(label, kind):
    assert with_structure(frame([reading(label, "check", 1.0)]))["check_kind"].item() == kind


def test_expected_values_default_to_the_method_check_standards():
    rows = [
        reading("ICV", "check", 9.8),
        reading("CCV", "check", 5.1, expected=5.0),
        reading("S1", "sample", 1.0),
    ]
    out = with_expected(with_structure(frame(rows)), method()).set_index("sample_label")
    # Ni check_standard in the test method is 10 mg/L; a given expected value is kept; samples get none
    assert out.loc["ICV", "expected"] == 10.0 and out.loc["CCV", "expected"] == 5.0
    assert np.isnan(out.loc["S1", "expected"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([1.0, 2.0, 3.0, -0.0, 0.0, np.nan, 1e-300, 0.1 + 0.2, 0.3]), max_size=30))
def test_numeric_key_codes_split_readings_as_their_text_does(values: list[float]) -> None:
    """solution_index tells replicates apart by each key column's text (missing = ''): numbers coded
    by value must give the same codes, in order of first appearance, as the text would (0.0 and -0.0
    are different text, every NaN is the same '')."""
    column = pd.Series(values, dtype=float)
    text = [("" if np.isnan(v) else str(v)) for v in values]
    expected, uniques = pd.factorize(np.array(text, dtype=object))
    codes, size = _text_codes(column)
    assert list(codes) == list(expected) and size == len(uniques)
