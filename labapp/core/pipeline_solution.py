"""Stage 1 of the run calculation: from readings to one solution result per solution and element.

Annotates the tidy frame with what the instrument file cannot know (spike amounts, certified
values of CRM digests in solution units, LOQ per line), applies the exclusions, then takes the
path the data allow: with intensities, internal standard -> calibration blank -> calibration ->
drift -> method blank (labapp.core.corrections, quantitation); with only the instrument's
concentrations, those (flag ``instrument_concentration``). QC and line selection follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labapp.core.calibration import CalibrationFit
from labapp.core.corrections import correct_concentrations, correct_intensities, has_intensities
from labapp.core.exclusions import Exclusion, excluded_readings
from labapp.core.lines import select_lines
from labapp.core.methods import Method
from labapp.core.qc import QcReport, run_qc
from labapp.core.qc_checks import CHECK_COLUMNS
from labapp.core.quantitation import calibrate
from labapp.core.runorder import KEYS, solution_means, with_default_lines, with_structure

STANDARD_COLUMNS = ["element", "line", "view", "sample_label", "x", "y"]


@dataclass
class SolutionStage:
    """Corrected readings, the chosen line per solution and element, QC and calibration summaries."""

    frame: pd.DataFrame
    selected: pd.DataFrame
    qc: QcReport
    calibrations: pd.DataFrame
    standards: pd.DataFrame
    recalculated: bool
    notes: list[str]
    fits: dict[tuple[str, str, str], CalibrationFit] = field(default_factory=dict)


def annotate(
    frame: pd.DataFrame, method: Method, preparations: pd.DataFrame, references: pd.DataFrame
) -> pd.DataFrame:
    """Add `spike_added`, `expected`/`expected_u` (CRM digests, solution units) and `loq` columns."""
    out = with_default_lines(with_structure(frame), method)
    spikes = preparations.dropna(subset=["spike_added"])
    out["spike_added"] = out["sample_label"].map(
        dict(zip(spikes["label"], spikes["spike_added"], strict=True))
    )
    out["spike_added"] = out["spike_added"].where(out["sample_type"].eq("spike"))
    if len(references):
        refs = references.assign(_to_solution=_solid_to_solution(references, method))
        refs = refs.assign(
            expected=refs["certified"] * refs["_to_solution"],
            expected_u=refs["expanded_uncertainty"] * refs["_to_solution"],
        )
        keyed = refs.set_index(["label", "element"])[["expected", "expected_u"]].add_prefix("_ref_")
        hit = out.join(keyed, on=["sample_label", "element"])
        is_crm = out["sample_type"].eq("crm") & hit["_ref_expected"].notna()
        base = out["expected"].astype(float) if "expected" in out else pd.Series(np.nan, index=out.index)
        out["expected"] = base.mask(is_crm, hit["_ref_expected"])
        out["expected_u"] = hit["_ref_expected_u"].where(is_crm)
    loq = pd.DataFrame(
        [(a.element, spec.line, a.loq_of(spec.line)) for a in method.analytes for spec in a.lines],
        columns=["element", "line", "loq"],
    ).drop_duplicates(["element", "line"])
    out["loq"] = (
        out[["element", "line"]].merge(loq, how="left", on=["element", "line"])["loq"].to_numpy(float)
    )
    return out


def _solid_to_solution(references: pd.DataFrame, method: Method) -> pd.Series:
    """Factor from a certified solid content (its unit, dry) to the concentration in the measured
    solution: c = w m / (V DF); (mg/kg)(g)/(mL) = mg/L. XRF measures the solid itself (factor 1
    up to the unit)."""
    per_mg_kg = references["unit"].map({"wt%": 1e4, "mg/kg": 1.0}).astype(float)
    if method.technique == "xrf":
        return per_mg_kg / {"wt%": 1e4, "mg/kg": 1.0}[method.solution_unit]
    scale = 1.0 if method.solution_unit == "mg/L" else 1e3
    mass = references["sample_mass_g"].astype(float)
    volume = references["digest_volume_ml"].astype(float) * references["dilution_factor"].astype(float)
    return per_mg_kg * mass / volume * scale


def solution_stage(
    frame: pd.DataFrame,
    method: Method,
    preparations: pd.DataFrame,
    references: pd.DataFrame,
    exclusions: list[Exclusion],
) -> SolutionStage:
    """Corrections, calibration, QC and line selection of one run (all vectorised over readings)."""
    data = annotate(frame, method, preparations, references)
    removed = excluded_readings(data, exclusions)
    data = data[~removed] if removed.any() else data
    notes = [f"{int(removed.sum())} reading(s) excluded"] if removed.any() else []
    recalculated = has_intensities(data)
    fits: dict[tuple[str, str, str], CalibrationFit] = {}
    if recalculated:
        calibrated, summary = calibrate(correct_intensities(data, method), method, fits=fits)
        corrected = correct_concentrations(calibrated, method, column="conc")
        measured = "conc"
        standards = _standards(corrected.frame)
    else:
        corrected = correct_concentrations(data, method, column="value")
        corrected.frame["conc"] = corrected.frame["value"]
        corrected.frame["conc_drift"] = corrected.frame["value"]
        corrected.frame[["conc_u", "solution_u", "replicates"]] = np.nan
        summary, measured = None, "value"
        standards = pd.DataFrame(columns=STANDARD_COLUMNS)
    qc = _qc(corrected.frame, method, measured, summary)
    selected = select_lines(corrected.frame, method, column="result")
    calibrations = summary if summary is not None else pd.DataFrame()
    return SolutionStage(
        corrected.frame, selected, qc, calibrations, standards, recalculated, notes + corrected.notes, fits
    )


def _qc(frame: pd.DataFrame, method: Method, column: str, summary: pd.DataFrame | None) -> QcReport:
    """run_qc, tolerating a run with no QC solutions at all (e.g. an XRF table of samples only)."""
    try:
        return run_qc(frame, method, column=column, result_column="result", calibrations=summary)
    except ValueError:  # pandas.concat of no check rows
        from labapp.core.qc import FLAG_COLUMNS, run_verdict

        checks = pd.DataFrame(columns=CHECK_COLUMNS)
        return QcReport(checks, pd.DataFrame(columns=FLAG_COLUMNS), run_verdict(checks, method))


def _standards(frame: pd.DataFrame) -> pd.DataFrame:
    """Calibration points per line: nominal concentration x and corrected mean signal y (for plots)."""
    rows = frame[frame["sample_type"].eq("standard")]
    if rows.empty:
        return pd.DataFrame(columns=STANDARD_COLUMNS)
    nominal = "expected" if rows["expected"].notna().any() else "value"
    means = solution_means(rows, ["net_signal", nominal], carry=("sample_label",))
    means["x"] = means[nominal].to_numpy(float)
    return means.rename(columns={"net_signal": "y"})[STANDARD_COLUMNS].sort_values([*KEYS, "x"])
