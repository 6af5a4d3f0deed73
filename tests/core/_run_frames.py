"""Small hand-built run frames in the tidy layout (DESIGN.md) for the corrections/QC/lines tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labapp.core.methods import Method, method_from_dict

DEFAULTS = {"view": "", "replicate": np.nan, "unit": "mg/L", "flags": "", "censored": "", "intensity": np.nan}


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows in acquisition order; source_row numbers them 1, 2, 3 ..."""
    data = pd.DataFrame([{**DEFAULTS, **row} for row in rows])
    data.insert(0, "source_row", np.arange(1, len(data) + 1))
    return data


def reading(
    label: str, kind: str, value: float = np.nan, element: str = "Ni", line: str = "231.604", **extra
):
    return {
        "sample_label": label,
        "sample_type": kind,
        "element": element,
        "line": line,
        "value": value,
        **extra,
    }


def method(**overrides) -> Method:
    """Ni (231.604 preferred, 221.648 check) and Co, EPA default limits unless overridden."""
    data = {
        "id": "test-icp",
        "version": "1",
        "name": "test method",
        "technique": "icp-oes",
        "solution_unit": "mg/L",
        "analytes": [
            {"element": "Ni", "lines": ["231.604", "221.648"], "check_standard": 10.0, "loq": 0.01},
            {"element": "Co", "lines": ["228.615"], "check_standard": 5.0, "loq": 0.01},
        ],
    }
    data.update(overrides)
    return method_from_dict(data, "test.toml")
