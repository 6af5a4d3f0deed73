"""The instrument's per-reading error (review of issue 17, finding 9) read from real XRF exports, with
the coverage each profile documents, and carried through the calculation as a named budget term;
a real concentration-only ICP-OES export (finding 10) given its repeatability and check-standard
calibration term. The numbers below were read off the files' own text.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from labapp.core.elements import element_factor
from labapp.core.methods import method_from_dict
from labapp.core.pipeline import calculate
from labapp.core.vocabulary import ResultFlag
from labapp.importers import read_export
from labapp.importers.profile import ProfileError, parse_profile

pytestmark = pytest.mark.real_files


def _first(frame: pd.DataFrame, label: str, element: str, species: str = "") -> pd.Series:
    rows = frame[
        frame["sample_label"].eq(label) & frame["element"].eq(element) & frame["species"].eq(species)
    ]
    return rows.iloc[0]


def test_niton_errors_are_at_the_sigma_value_the_file_states(real_files_dir):
    frame = read_export(real_files_dir / "thermo_niton" / "bodmerton.csv").frame
    ba = _first(frame, "Standardprobe_Bodemerton_getr", "Ba")  # `3522,06;66,22`, Sigma Value 2
    assert (ba["value"], ba["uncertainty"], ba["uncertainty_k"]) == (3522.06, 66.22, 2.0)
    assert set(frame["uncertainty_k"].dropna()) == {2.0}


def test_vanta_error1s_is_one_sigma(real_files_dir):
    frame = read_export(real_files_dir / "olympus_vanta" / "chemistry-841524-2022-01-10-14-39-13.csv").frame
    al = _first(frame, "1", "Al")  # Al Concentration 23663, Al Error1s 460 (ppm)
    assert (al["value"], al["uncertainty"], al["uncertainty_k"]) == (23663.0, 460.0, 1.0)


def test_bruker_tracer_err_has_no_documented_coverage(real_files_dir):
    frame = read_export(real_files_dir / "bruker_tracer_5i" / "Results.csv").frame
    na = _first(frame, "OBSIDIAN", "Na")  # first result block: Na 0.4511, Na Err 0.0367
    assert (na["value"], na["uncertainty"]) == (0.4511, 0.0367)
    assert frame["uncertainty_k"].isna().all()  # not documented: the calculation takes it as 1 sigma


def test_s8_tiger_stat_error_is_relative_to_the_value(real_files_dir):
    frame = read_export(real_files_dir / "bruker_s8_tiger" / "DU-0001.csv").frame
    si = _first(frame, "DU-0001", "Si", "SiO2")  # `SiO2,28.8 % -,...,0.73%`
    assert si["value"] == pytest.approx(28.8 * element_factor("SiO2"), rel=1e-12)
    assert si["uncertainty"] == pytest.approx(0.0073 * si["value"], rel=1e-12)
    assert np.isnan(si["uncertainty_k"])


def test_a_profile_coverage_outside_1_to_3_sigma_is_refused(tmp_path):
    text = 'id = "x"\nname = "x"\nfamily = "wide"\n[uncertainty]\ncoverage = 5\n'
    with pytest.raises(ProfileError, match=r"\[uncertainty\] 'coverage' must be 1, 2 or 3"):
        parse_profile(text, tmp_path / "x.toml")


def _niton_method():
    return method_from_dict(
        {
            "id": "niton-test",
            "version": "1",
            "name": "handheld XRF",
            "technique": "xrf",
            "solution_unit": "mg/kg",
            "analytes": [{"element": "Sr", "lines": ["Ka"], "loq": 1.0, "unit": "mg/kg", "reports": True}],
            "uncertainty": {
                "approach": "top_down",
                "top_down": {"u_rw_percent": 2.0, "rms_bias_percent": 2.0, "u_cref_percent": 1.0},
            },
        },
        "niton-test.toml",
    )


NITON_LABEL = "Standardprobe_Bodemerton_getr"


def _niton_budget(frame: pd.DataFrame):
    preps = pd.DataFrame(
        {"label": [NITON_LABEL], "lot": ["L1"], "kind": ["pellet"], "technique": ["XRF"]}
    ).reindex(
        columns=[
            "label",
            "lot",
            "kind",
            "technique",
            "sample_mass_g",
            "digest_volume_ml",
            "dilution_factor",
            "moisture_pct",
            "spike_added",
        ]
    )
    result = calculate(frame, _niton_method(), preps)
    row = result.preparations.iloc[0]
    budget = result.budget_tables[int(row["budget_table"])].budget(int(row["budget_row"]))
    return row, {c.name: c for c in budget.components}


def test_a_real_niton_result_carries_its_counting_error_as_a_named_term(real_files_dir):
    frame = read_export(real_files_dir / "thermo_niton" / "bodmerton.csv").frame
    sr = frame[frame["element"].eq("Sr") & frame["sample_label"].eq(NITON_LABEL)]
    last = sr.iloc[-1]  # the standard's readings under this label: the last is the result (351,39)
    assert last["value"] == 351.39
    row, terms = _niton_budget(frame)
    assert row["value"] == pytest.approx(last["value"])
    assert terms["counting"].u == pytest.approx(last["uncertainty"] / 2.0, rel=1e-12)  # 2 sigma
    expected = math.hypot(last["uncertainty"] / 2.0, row["value"] * math.sqrt(0.02**2 + 0.02**2 + 0.01**2))
    assert row["u"] == pytest.approx(expected, rel=1e-12)


def test_without_the_error_column_the_real_repeated_readings_give_the_repeatability(real_files_dir):
    frame = read_export(real_files_dir / "thermo_niton" / "bodmerton.csv").frame
    # five readings of one soil standard, but the operator typed the label two ways
    # (`Standardprobe_...` twice, `Standarprobe_...` three times): two repeats of this label
    values = frame.loc[frame["element"].eq("Sr") & frame["sample_label"].eq(NITON_LABEL), "value"]
    assert values.tolist() == [350.02, 351.39]
    row, terms = _niton_budget(frame.drop(columns=["uncertainty", "uncertainty_k"]))
    assert "counting" not in terms
    assert terms["repeatability"].u == pytest.approx(float(np.std(values, ddof=1)), rel=1e-12)
    assert terms["repeatability"].dof == 1
    assert ResultFlag.NO_COUNTING_UNCERTAINTY.value not in row["flags"]


def test_a_real_concentration_only_icp_run_gets_repeatability_and_a_check_standard_term(real_files_dir):
    """PG DV5000: the instrument's concentrations, two replicate readings and a mean row per
    solution, check standards QC 1 and QC 7 (mg/L, as their labels state)."""
    frame = read_export(real_files_dir / "pg_instruments_dv5000" / "PGDV5000ICP.xlsx").frame
    frame["expected"] = frame["sample_label"].map({"QC 1": 1.0, "QC 7": 7.0})
    method = method_from_dict(
        {
            "id": "dv5000-test",
            "version": "1",
            "name": "ICP-OES",
            "technique": "icp-oes",
            "solution_unit": "mg/L",
            "analytes": [{"element": "Fe", "lines": ["259.940"], "check_standard": 7.0, "loq": 0.001}],
            "uncertainty": {"sample_mass": {"tolerance": 0.0002}},
        },
        "dv5000-test.toml",
    )
    preps = pd.DataFrame(
        {
            "label": ["BATCH 66 A"],
            "lot": ["L66"],
            "kind": ["digest"],
            "technique": ["ICP-OES"],
            "sample_mass_g": [0.5],
            "digest_volume_ml": [50.0],
            "dilution_factor": [1.0],
            "moisture_pct": [0.0],
            "spike_added": [np.nan],
        }
    )
    result = calculate(frame, method, preps)
    row = result.preparations.iloc[0]
    fe = frame[frame["element"].eq("Fe")]
    qc = fe[fe["sample_label"].isin(["QC 1", "QC 7"]) & fe["replicate"].isna()]  # the instrument's means
    b = qc["value"].to_numpy(float) / qc["expected"].to_numpy(float) - 1.0  # 1.068/1 and 7.286/7
    rms = math.sqrt(float(np.mean(b**2)))
    reps = fe.loc[fe["sample_label"].eq("BATCH 66 A") & fe["replicate"].notna(), "value"].to_numpy(float)
    u_rep = float(np.std(reps, ddof=1)) / math.sqrt(len(reps))  # 0.943 twice: 0
    c = float(fe.loc[fe["sample_label"].eq("BATCH 66 A") & fe["replicate"].isna(), "value"].iloc[0])
    budget = result.budget_tables[int(row["budget_table"])].budget(int(row["budget_row"]))
    calibration = budget.components[0]
    assert calibration.u == pytest.approx(math.hypot(u_rep, c * rms), rel=1e-12)
    assert calibration.dof == pytest.approx(1.0)  # two checks
    assert ResultFlag.NO_CALIBRATION_UNCERTAINTY.value not in row["flags"]
    assert "instrument_concentration" in row["flags"]
