"""Method schema: defaults, overrides and the error messages of broken method dicts."""

from __future__ import annotations

import copy

import pytest

from labapp.core.methods import MethodError, Range, method_from_dict, normalise_line

GOOD = {
    "id": "m",
    "version": "1",
    "name": "test",
    "technique": "icp-oes",
    "solution_unit": "mg/L",
    "qc": {"ccv_recovery": [95, 105]},
    "analytes": [
        {
            "element": "Ni",
            "lines": ["221.648", {"line": 231.604, "view": "radial"}],
            "preferred_line": "231.604",
        },
        {
            "element": "Li",
            "lines": ["670.783"],
            "qc": {"duplicate_rpd_max": 10},
            "unit": "mg/kg",
            "digits": 0,
        },
    ],
}


def test_defaults_are_the_epa_6010d_limits():
    data = copy.deepcopy(GOOD)
    del data["qc"]
    qc = method_from_dict(data).qc
    assert (qc.icv_recovery, qc.ccv_recovery, qc.low_check_recovery) == (Range(90, 110),) * 2 + (
        Range(70, 130),
    )
    assert (qc.lcs_recovery, qc.spike_recovery, qc.internal_standard_recovery) == (
        Range(80, 120),
        Range(75, 125),
        Range(80, 120),
    )
    assert (qc.duplicate_rpd_max, qc.calibration_r_min, qc.ccv_every) == (20.0, 0.995, 10)


def test_preferred_line_comes_first_and_overrides_cascade():
    method = method_from_dict(GOOD, "good.toml")
    ni, li = method.analytes
    assert ni.preferred.line == "231.604" and ni.preferred.view == "radial"
    assert [s.line for s in ni.lines] == ["231.604", "221.648"]
    assert ni.qc.ccv_recovery == Range(95, 105)  # from the method's [qc]
    assert li.qc.ccv_recovery == Range(95, 105) and li.qc.duplicate_rpd_max == 10.0  # its own override
    assert (li.unit, li.digits, ni.unit, ni.digits) == ("mg/kg", 0, "wt%", 2)
    assert method.loq_policy == "less_than" and method.uncertainty_spec.approach == "bottom_up"


def test_loq_target_and_auto_weighting():
    assert method_from_dict(GOOD).loq_target_rel_u_pct == 30.0  # issue 17: the default target
    data = copy.deepcopy(GOOD)
    data.update(loq_target_rel_u_pct=20, calibration={"weighting": "auto"})
    method = method_from_dict(data)
    assert method.loq_target_rel_u_pct == 20.0
    assert {a.calibration.weighting for a in method.analytes} == {"auto"}


def test_a_top_down_budget_above_the_loq_target_is_refused():
    """Review of issue 17: top-down U/x is the same at every level; above the target (here
    t(30) x sqrt(12^2 + 8^2 + 4^2) % = 30.6 % > 30 %) every result would be quantified anyway."""
    data = copy.deepcopy(GOOD)
    top_down = {"u_rw_percent": 12.0, "dof_rw": 30, "rms_bias_percent": 8.0, "u_cref_percent": 4.0}
    data.update(uncertainty={"approach": "top_down", "top_down": top_down})
    with pytest.raises(MethodError, match=r"Ni: the top-down relative expanded uncertainty 30\.6 %"):
        method_from_dict(data)
    data["loq_target_rel_u_pct"] = 31
    assert method_from_dict(data).uncertainty_spec.approach == "top_down"


def _broken(change) -> str:
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(MethodError) as caught:
        method_from_dict(data, "lab/ni.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("id"), "lab/ni.toml: id: required key is missing"),
        (lambda d: d.update(technique="aas"), "lab/ni.toml: technique: 'aas' is not one of 'icp-oes', 'xrf'"),
        (
            lambda d: d.update(solution_unit="wt%"),
            "lab/ni.toml: solution_unit: 'wt%' is not one of 'mg/L', 'ug/L'",
        ),
        (
            lambda d: d["qc"].update(ccv_recovry=[90, 110]),
            "lab/ni.toml: qc.ccv_recovry: unknown key (misspelt?)",
        ),
        (
            lambda d: d["qc"].update(ccv_recovery=[110, 90]),
            "lab/ni.toml: qc.ccv_recovery: needs 0 <= low < high, got [110, 90]",
        ),
        (
            lambda d: d["qc"].update(ccv_recovery=90),
            "lab/ni.toml: qc.ccv_recovery: expected [low, high] in percent",
        ),
        (
            lambda d: d["qc"].update(duplicate_rpd_max="20"),
            "lab/ni.toml: qc.duplicate_rpd_max: expected a finite number, got text '20'",
        ),
        (
            lambda d: d["qc"].update(calibration_r_min=1.2),
            "lab/ni.toml: qc.calibration_r_min: must be below 1",
        ),
        (lambda d: d.update(analytes=[]), "lab/ni.toml: analytes: expected a non-empty list"),
        (
            lambda d: d["analytes"][0].update(element="Nx"),
            "lab/ni.toml: analytes[0].element: 'Nx' is not an element symbol",
        ),
        (
            lambda d: d["analytes"][1].update(element="Ni"),
            "lab/ni.toml: analytes[1].element: Ni is listed twice",
        ),
        (
            lambda d: d["analytes"][0].update(preferred_line="231.60"),
            "lab/ni.toml: analytes[0].preferred_line: 231.600 is not one of the lines 221.648, 231.604",
        ),
        (
            lambda d: d["analytes"][0]["lines"].append("1231.6"),
            "lab/ni.toml: analytes[0].lines[2]: '1231.600' is not an ICP-OES wavelength in nm (160-900)",
        ),
        (
            lambda d: d["analytes"][0]["lines"][1].update(view="side"),
            "lab/ni.toml: analytes[0].lines[1].view: 'side' is not one of '', 'axial', 'radial'",
        ),
        (
            lambda d: d["analytes"][1].update(digits=9),
            "lab/ni.toml: analytes[1].digits: must be between 0 and 6",
        ),
        (
            lambda d: d["analytes"][1].update(reports="yes"),
            "lab/ni.toml: analytes[1].reports: expected true or false, got text 'yes'",
        ),
        (
            lambda d: d["analytes"][1].update(calibration={"weighting": "1/y"}),
            "lab/ni.toml: analytes[1].calibration.weighting: '1/y' is not one of 'none', '1/x', '1/x2'",
        ),
        (
            lambda d: d["analytes"][1].update(internal_standard={"element": "Y"}),
            "lab/ni.toml: analytes[1].internal_standard.line: required key is missing",
        ),
        (
            lambda d: d.update(uncertainty={"approach": "guess"}),
            "lab/ni.toml: uncertainty.approach: expected one of bottom_up, top_down, got 'guess'",
        ),
        (lambda d: d.update(analytes="Ni"), "lab/ni.toml: analytes: expected a non-empty list"),
        (
            lambda d: d.update(loq_target_rel_u_pct=150),
            "lab/ni.toml: loq_target_rel_u_pct: must be below 100 (U would reach the value), got 150",
        ),
        (
            lambda d: d.update(loq_target_rel_u_pct=100),
            "lab/ni.toml: loq_target_rel_u_pct: must be below 100 (U would reach the value), got 100",
        ),
        (
            lambda d: d.update(loq_target_rel_u_pct=0),
            "lab/ni.toml: loq_target_rel_u_pct: must be greater than 0",
        ),
        (
            lambda d: d.update(version=""),
            "lab/ni.toml: version: expected a version text or number, got text ''",
        ),
    ],
)
def test_broken_method_dicts_name_the_file_and_the_key(change, message):
    assert _broken(change).startswith(message)


def test_xrf_lines_and_li():
    data = {
        "id": "x",
        "version": 2,
        "name": "x",
        "technique": "xrf",
        "solution_unit": "wt%",
        "analytes": [{"element": "Co", "lines": ["Ka", "K-beta1"]}],
    }
    assert [s.line for s in method_from_dict(data).analytes[0].lines] == ["KA", "KB"]
    data["analytes"].append({"element": "Li", "lines": ["Ka"]})
    with pytest.raises(MethodError, match=r"analytes\[1\].element: Li cannot be determined by XRF"):
        method_from_dict(data)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (231.604, "231.604"),
        ("231.6040", "231.604"),
        (" 670.78", "670.780"),
        ("Kα1", "KA"),
        ("Lb1", "LB"),
        (None, ""),
    ],
)
def test_line_spelling_is_normalised(raw, text):
    assert normalise_line(raw) == text
