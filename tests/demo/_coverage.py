"""Run demo data (shipped or freshly simulated) through labapp.core.pipeline.calculate, as the app does,
and compare every quantified reportable result with the truth the generator wrote down."""

from __future__ import annotations

import csv
import io
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from labapp.core.methods import method_from_dict
from labapp.core.pipeline import calculate
from labapp.importers import read_export
from labapp.resources import resource_path

TOOLS = Path(__file__).resolve().parents[2] / "tools"
TO_WT_PCT = {"wt%": 1.0, "mg/kg": 1e-4}


def generator():
    """tools/make_demo_data.py as a module (it is a script, not part of the installed package)."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    import make_demo_data

    return make_demo_data


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _preparations(manifest: bytes) -> pd.DataFrame:
    return pd.DataFrame([
        {"label": r["sample_label"], "lot": r["lot_code"], "kind": r["preparation"],
         "technique": r["technique"],
         "sample_mass_g": float(r["sample_mass_g"]), "digest_volume_ml": float(r["digest_volume_mL"]),
         "dilution_factor": float(r["dilution_factor"]), "moisture_pct": float(r["moisture_pct"]),
         "spike_added": float(r["spike_added_mg_per_L"] or "nan")}
        for r in _rows(manifest) if r["technique"] == "ICP-OES"])


def _references(crm: bytes) -> pd.DataFrame:
    return pd.DataFrame([
        {"name": r["crm_name"], "label": r["sample_label"], "element": r["element"],
         "certified": float(r["certified_wt_pct"]),
         "expanded_uncertainty": float(r["expanded_uncertainty_wt_pct"]),
         "coverage_factor": float(r["coverage_factor"]), "unit": "wt%",
         "sample_mass_g": float(r["sample_mass_g"]),
         "digest_volume_ml": float(r["digest_volume_mL"]), "dilution_factor": float(r["dilution_factor"])}
        for r in _rows(crm)])


def icp_method():
    path = resource_path("methods", "icp-oes-black-mass.toml")
    return method_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


def detected_profile(files: dict[str, bytes]) -> str:
    """The import profile the importer detects for a run's export, as the app's import does."""
    return read_export(Path("icp_oes_run.csv"), data=files["icp_oes_run.csv"]).profile


def compared(files: dict[str, bytes], method=None, profile: str | None = None) -> pd.DataFrame:
    """Quantified reportable results of one run beside their true values (wt %, dry):
    columns lot, element, value, u, U, true, z = (value - true) / u, inside = |value - true| <= U.
    `profile` skips the format detection (detected_profile) for runs of a format already detected."""
    frame = read_export(Path("icp_oes_run.csv"), profile, data=files["icp_oes_run.csv"]).frame
    result = calculate(frame, method or icp_method(), _preparations(files["manifest.csv"]),
                       _references(files["crm.csv"]))
    truth = {(r["label"], r["element"]): float(r["value"]) for r in _rows(files["truth.csv"])
             if r["kind"] == "lot" and r["quantity"] == "true_wt_pct_dry"}
    rep = result.reportable
    rep = rep[rep["censored"].fillna("").eq("") & np.isfinite(rep["u"].astype(float))]
    scale = rep["unit"].map(TO_WT_PCT).astype(float).to_numpy()
    out = pd.DataFrame({
        "lot": rep["lot"].to_numpy(), "element": rep["element"].to_numpy(),
        "value": rep["value"].astype(float).to_numpy() * scale,
        "u": rep["u"].astype(float).to_numpy() * scale,
        "U": rep["U"].astype(float).to_numpy() * scale, "flags": rep["flags"].fillna("").to_numpy()})
    out["true"] = [truth[(lot, el)] for lot, el in zip(out["lot"], out["element"], strict=True)]
    out["z"] = (out["value"] - out["true"]) / out["u"]
    out["inside"] = (out["value"] - out["true"]).abs() <= out["U"]
    return out
