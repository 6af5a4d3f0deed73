"""The fast label searches give the answers of the plain ones: a lookahead on where a profile's label
patterns can start, and the reference-material scan of the labels folded to lower case."""

import re

import numpy as np
import pytest

from labapp.importers.labels import CRM_NAMES, _any_of, _behind_lookahead, _named_crm
from labapp.importers.regex_starts import start_lookahead

LABELS = [
    "", "BM-0000123", "Method Blank 2", "calibration  blank", "ccv 1", "xICV", "Lot 7 DUP", "Lot 7\tSPK",
    "DUP", "std 3", "Standard", "QC-2", "ſtd", "İCV", "ıcv", "K-1", "in-house-rm 4", "blk", "R Blank",
    " blank",
]  # fmt: skip
CRM_LABELS = [
    "OREAS 45e",
    "nist srm 2711",
    "xSRMx",
    "SRM-1",
    "ſrm 1",
    "Kelvin CRM",
    "Ö-CRM-ä",
    "bcr_1",
    "ncs\nx",
]
PATTERN_SETS = [
    ["(?i)\\b(method|reagent|prep|calibration) blank", "(?i)\\b(ICV|CCV)", "(?i)\\sSPK$", "(?i)\\sDUP$"],
    [
        "(?i)^(calib\\s*|reagent\\s*|method\\s*|r)?(blank|blk)\\b",
        "(?i)^(std|standard)\\b",
        "(?i)\\b(ICV|CCV|QC)",
    ],
    ["(?i)^(calib std|st\\d|std|standard)", "(?i)\\bIN-HOUSE-RM\\b", "[^a-z]CV", "(?a:\\w)-\\d"],
    ["(?i)(?<![a-z])cv", "(?=Lot)L\\w+", "(?>Lot|Lo)t", "x*DUP", "(?i:k)-"],
]


@pytest.mark.parametrize("patterns", PATTERN_SETS)
def test_the_lookahead_finds_the_labels_the_patterns_find(patterns):
    combined = _any_of(patterns)
    fast = _behind_lookahead(patterns, combined)
    assert fast is not combined  # the lookahead was worked out
    assert [bool(fast.search(s)) for s in LABELS] == [bool(combined.search(s)) for s in LABELS]


@pytest.mark.parametrize("pattern", ["a?", "(?P<x>a)?(?P=x)b", ".x", "(a)?(?(1)a|b)", "x|"])
def test_no_lookahead_for_what_the_analysis_does_not_know(pattern):
    assert start_lookahead([pattern, "abc"]) == ""  # may match empty, back-reference, any character


def test_reference_material_names_found_as_a_search_per_label_finds_them():
    labels = np.array([*LABELS, *CRM_LABELS], dtype=object)
    present = np.ones(len(labels), dtype=bool)
    present[3] = False
    expected = [bool(p and re.search(CRM_NAMES, s)) for s, p in zip(labels, present, strict=True)]
    assert _named_crm(labels, present).tolist() == expected
    assert sum(expected) >= 6
