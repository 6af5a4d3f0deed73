"""The demo run's blank component holds each digest's own blank (review of issue 17, finding 8).

The generator now draws a digest-to-digest contamination for samples and method blanks alike and runs
four method blanks, so the run shows a blank scatter beyond the reading noise. The pipeline's blank
component must then be the one-way ANOVA of the method blanks (labapp.core.blank_term), recomputed
here independently from the run's drift-corrected method-blank readings; the former component,
s0/sqrt(n_b), is smaller wherever the blanks scatter beyond their reading noise.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from _coverage import _preparations, _references, icp_method
from _demo_files import DATA_FILES, DEMO_DIR

from labapp.core.pipeline import PREPARATION_FIELDS, calculate
from labapp.core.pipeline_solution import solution_stage
from labapp.core.runorder import solution_means
from labapp.importers import read_export

LINES = {"Zn": "213.857", "Al": "396.152", "Cu": "324.754", "Fe": "238.204"}  # the contaminated elements


@pytest.fixture(scope="module")
def run():
    files = {name: (DEMO_DIR / name).read_bytes() for name in DATA_FILES}
    frame = read_export(Path("icp_oes_run.csv"), data=files["icp_oes_run.csv"]).frame
    method, prep, refs = icp_method(), _preparations(files["manifest.csv"]), _references(files["crm.csv"])
    result = calculate(frame, method, prep, refs)
    stage = solution_stage(frame, method, prep.reindex(columns=list(PREPARATION_FIELDS)), refs, [])
    return result, stage.frame


def _anova(frame, element: str, line: str) -> tuple[float, float, int]:
    """s0^2 of the blank results, s_w^2 of single readings within a blank, and n_b, by hand."""
    blanks = frame[frame["blank_kind"].eq("method") & frame["element"].eq(element) & frame["line"].eq(line)]
    means = solution_means(blanks, ["conc_drift"], carry=())["conc_drift"].to_numpy(float)
    single = blanks[blanks["replicate"].notna()]
    groups = [g["conc_drift"].to_numpy(float) for _, g in single.groupby("solution")]
    ss = sum(float(((g - g.mean()) ** 2).sum()) for g in groups)
    s_w_sq = ss / sum(len(g) - 1 for g in groups)
    return float(np.var(means, ddof=1)), s_w_sq / np.mean([len(g) for g in groups]), len(means)


@pytest.mark.parametrize("element", sorted(LINES))
def test_the_blank_component_is_the_anova_of_the_method_blanks(run, element: str):
    result, frame = run
    prep = result.preparations
    rows = prep[prep["element"].eq(element)]
    assert len(rows) > 10
    for line, at, row_at in zip(
        rows["line"].astype(str), rows["budget_table"], rows["budget_row"], strict=True
    ):
        s0_sq, noise, n_b = _anova(frame, element, line)
        assert n_b == 4  # at least four method blanks, so s0 has dof
        expected = math.sqrt(s0_sq / n_b + max(0.0, s0_sq - noise))
        table = result.budget_tables[at]
        assert table.u[row_at, table.names.index("blank")] == pytest.approx(expected, rel=1e-9)


def test_the_demo_blanks_scatter_beyond_their_reading_noise(run):
    """Where they do, the former s0/sqrt(n_b) leaves the digest's own contamination out."""
    _, frame = run
    beyond = []
    for element, line in LINES.items():
        s0_sq, noise, n_b = _anova(frame, element, line)
        if s0_sq > noise:
            beyond.append(element)
            assert math.sqrt(s0_sq / n_b + s0_sq - noise) > 1.2 * math.sqrt(s0_sq / n_b)
    assert len(beyond) >= 2, beyond
