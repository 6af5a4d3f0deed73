"""Acquisition times: date and time cells combined once per distinct pair, white space tolerated."""

import numpy as np
import pandas as pd

from labapp.importers import get_profile
from labapp.importers.coding import Context, distinct_codes
from labapp.importers.labels import timestamps


def test_date_and_time_cells_combine_to_iso_8601():
    raw = pd.DataFrame(
        {
            "source_row": [2, 3, 4, 5, 6],
            "date": ["08/02/2016", " 08/02/2016", "08/02/2016", "", "12/31/2016"],
            "time": ["14:11:28", "14:11:28 ", "14:11:29", "", "23:59:59"],
        }
    )
    warnings: list[str] = []
    # Agilent ICP Expert writes MM/DD/YYYY (profile's first format)
    out = timestamps(raw, Context(get_profile("agilent_icp_expert_long"), "x.csv", warnings))
    assert out.tolist() == [
        "2016-08-02T14:11:28",
        "2016-08-02T14:11:28",
        "2016-08-02T14:11:29",
        "",
        "2016-12-31T23:59:59",
    ]
    assert warnings == []


def test_inner_white_space_is_collapsed_and_unknown_text_warned():
    raw = pd.DataFrame({"source_row": [2, 3], "datetime": ["08/02/2016 \t 14:11:28", "yesterday"]})
    warnings: list[str] = []
    out = timestamps(raw, Context(get_profile("agilent_icp_expert_long"), "x.csv", warnings))
    assert out.tolist() == ["2016-08-02T14:11:28", ""]
    # 08/02/2016 alone does not reveal the order: the profile's MDY is used, and said
    assert len(warnings) == 2
    assert "do not show whether the day or the month comes first" in warnings[0]
    assert "'yesterday'" in warnings[1]


def test_distinct_codes_lookup_and_sort_agree():
    codes = np.array([5, 2, 5, 9, 2])
    for space in (10, 10**12):  # a lookup table for a small code range, a sort otherwise
        keys, inverse = distinct_codes(codes, space)
        assert keys.tolist() == [2, 5, 9] and inverse.tolist() == [1, 0, 1, 2, 0]
