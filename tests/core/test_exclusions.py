import pandas as pd
import pytest

from labapp.core.exclusions import Exclusion, Scope, excluded_readings

FRAME = pd.DataFrame({
    "sample_label": ["BM-1", "BM-1", "BM-1", "BM-1", "BM-2"],
    "element": ["Ni", "Ni", "Ni", "Co", "Ni"],
    "line": ["231.604", "231.604", "221.648", "228.615", "231.604"],
    "replicate": [1, 2, 1, 1, 1],
})


def test_replicate_exclusion_removes_exactly_that_reading():
    item = Exclusion(Scope.REPLICATE, "Ni", "bubble in nebuliser", line="231.604", sample_label="BM-1",
                     replicate=2)
    assert excluded_readings(FRAME, [item]).tolist() == [False, True, False, False, False]


def test_line_exclusion_removes_the_line_for_every_solution():
    item = Exclusion(Scope.LINE, "Ni", "Fe interference on 231.604", line="231.604")
    assert excluded_readings(FRAME, [item]).tolist() == [True, True, False, False, True]


def test_result_exclusion_removes_no_reading():
    item = Exclusion(Scope.RESULT, "Co", "digest spilled", sample_label="BM-1")
    assert not excluded_readings(FRAME, [item]).any()


def test_reason_and_scope_fields_are_required():
    with pytest.raises(ValueError, match="needs a reason"):
        Exclusion(Scope.LINE, "Ni", " ", line="231.604")
    with pytest.raises(ValueError, match="needs line, sample_label, replicate"):
        Exclusion(Scope.REPLICATE, "Ni", "why")
