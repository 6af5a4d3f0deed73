"""The stated uncertainty covers the truth as often as it claims (issue 17, item 7).

The demo generator simulates every component of the bottom-up budget (tools/demodata/digest.py and
signal.py: replicate noise, reagent blank in samples and blanks alike, recovery and reproducibility
per digest, mass, volume, dilution, moisture, drift), so over many simulated runs about 95 % of the
true values must lie inside value +/- U and z = (value - true) / u_c must have SD near 1.

Tolerances: coverage 90-99 % and SD(z) 0.8-1.25 (the issue's ranges). With about 5,700 quantified
results over 50 runs the binomial standard error of a 95 % coverage is 0.3 %, and under 1.5 % even
if the ~115 results of one run moved together, so the range is wide against chance but narrow
against a budget that misses a component (SD(z) was 2.1 when recovery and reproducibility were not
simulated) or counts one twice. The runs go through the importer and labapp.core.pipeline.calculate
exactly as the app's calculation does; seeds are fixed, so the test is deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _coverage import compared, detected_profile, generator, icp_method
from _demo_files import DATA_FILES, DEMO_DIR

RUNS = 50
FIRST_SEED = 1000


@pytest.fixture(scope="module")
def simulated() -> pd.DataFrame:
    make, method = generator(), icp_method()
    runs = [make.build(seed=FIRST_SEED + i, check=False) for i in range(RUNS)]
    # every simulated run has the same format: detected once (0.3 s each), as the app detects it
    profile = detected_profile(runs[0])
    return pd.concat([compared(files, method, profile).assign(run=i) for i, files in enumerate(runs)],
                     ignore_index=True)


def test_shipped_demo_covers_its_true_values() -> None:
    files = {name: (DEMO_DIR / name).read_bytes() for name in DATA_FILES}
    d = compared(files)
    assert len(d) > 100  # every lot and element above its LOQ
    assert 0.90 <= d["inside"].mean() <= 0.99, d[~d["inside"]]
    assert 0.8 <= d["z"].std(ddof=1) <= 1.25


def test_repeated_runs_cover_about_95_percent(simulated: pd.DataFrame) -> None:
    assert len(simulated) > 5000
    assert 0.90 <= simulated["inside"].mean() <= 0.99


def test_z_scores_have_unit_spread_and_no_bias(simulated: pd.DataFrame) -> None:
    z = simulated["z"].to_numpy(float)
    assert np.isfinite(z).all()
    assert 0.8 <= z.std(ddof=1) <= 1.25
    # bias: the mean z of 5,700 results is within +/- 0.03 if unbiased; 0.15 allows for run-shared effects
    assert abs(z.mean()) < 0.15


@pytest.mark.parametrize("element", ["Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe", "P"])
def test_every_element_is_covered(simulated: pd.DataFrame, element: str) -> None:
    """No element hides an under-stated budget behind the others (about 650 results each: SE 0.9 %).
    Zn is left out: it is quantified in only about 8 results a run."""
    part = simulated[simulated["element"] == element]
    assert len(part) >= 500
    assert 0.90 <= part["inside"].mean() <= 1.0
    assert 0.65 <= part["z"].std(ddof=1) <= 1.25
