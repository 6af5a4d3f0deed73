"""The CSV tables beside the instrument files: manifest, CRM certificate, truth and expected outcomes."""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime, timedelta

from .design import ELEMENTS, Design, Lot, duplicate_mass, family_mismatch
from .digest import Digest
from .signal import LINES, REPLICATE_RSD, Reading
from .trace import VOLUME_ML, TraceReading, trace_labels
from .xrf import OXIDES, Pellet

MANIFEST_COLUMNS = (
    "lot_code", "client_name", "client_contact", "shipment_id", "container_id", "bag_id", "seal_ids",
    "declared_chemistry", "origin", "waste_code", "customs_code", "gross_mass_kg", "net_wet_mass_kg",
    "received_on", "sampled_on", "sampled_by", "sampling_method", "moisture_pct", "moisture_method",
    "sample_label", "preparation", "technique", "sample_mass_g", "digest_volume_mL", "dilution_factor",
    "spike_added_mg_per_L", "condition_on_receipt", "customer_supplied", "sampling_plan", "sampling_location",
    "method_deviations",
)
CRM_COLUMNS = ("crm_name", "sample_label", "element", "certified_wt_pct", "expanded_uncertainty_wt_pct",
               "coverage_factor", "basis", "sample_mass_g", "digest_volume_mL", "dilution_factor")
TRUTH_COLUMNS = ("kind", "label", "acquired_at", "element", "line", "quantity", "value", "unit")
EXPECTED_COLUMNS = ("lot_code", "declared_chemistry", "expected_family", "family_mismatch", "expected_grade",
                    "design_note")


def csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def lot_fields(index: int, lot: Lot, design: Design) -> dict[str, str]:
    """Logistics of a lot, derived from its position so the lot table needs no extra columns."""
    n = index + 1
    net = 780.0 + 23.5 * ((n * 7) % 13)
    received = datetime(2026, 3, 2) + timedelta(days=(n - 1) // 2)
    client, contact = design.clients[lot.client]
    return {
        "lot_code": lot.code, "client_name": client, "client_contact": contact,
        "shipment_id": f"SHP-26-{100 + (n + 1) // 2:04d}", "container_id": f"CNT-26-{200 + n:04d}",
        "bag_id": f"BB-{lot.code[-4:]}-01", "seal_ids": f"SL-{884200 + 2 * n};SL-{884201 + 2 * n}",
        "declared_chemistry": lot.declared, "origin": lot.origin, "waste_code": "19 14 02*",
        "customs_code": "8549.19", "gross_mass_kg": f"{net + 21.5:.1f}", "net_wet_mass_kg": f"{net:.1f}",
        "received_on": received.date().isoformat(),
        "sampled_on": (received + timedelta(days=1)).date().isoformat(),
        "sampled_by": ("A. Sato", "M. Weber")[n % 2], "sampling_method": "ISO 12743 practice, 20 increments",
        "moisture_pct": f"{lot.moisture_pct:.2f}", "moisture_method": "ISO 10251, 105 C",
        **iso_17025_fields(n),
    }


CONDITIONS = {3: "damp, lumpy powder; big bag intact, seals intact",
              8: "dry powder; outer bag torn at one corner (inner liner intact), seals intact"}
DEVIATIONS = {
    4: "moisture determined at 110 C instead of 105 C (oven set point); result not affected beyond its U",
    12: "ICP-OES digest diluted 1+19 instead of 1+9 (Fe above the calibration range at 1+9)",
}
CLIENT_SAMPLED = (5, 11)  # the client sampled these lots, by its own plan (ISO/IEC 17025 7.8.2.2)


def iso_17025_fields(n: int) -> dict[str, str]:
    """Condition on receipt, customer-supplied items, sampling plan and location and deviations of
    lot n, so the demo certificates show every ISO/IEC 17025 item (docs/certificates.md)."""
    supplied = "masses;origin;identification;codes"
    plan = "SP-BM-01: ISO 12743 practice, 20 increments from the falling stream, one gross sample"
    location = "laboratory receiving bay, Kitakyushu"
    if n in CLIENT_SAMPLED:
        supplied += ";sampling"
        plan = "client's plan CP-7: 10 increments per big bag by spear"
        location = "client's warehouse, Toyama"
    return {
        "condition_on_receipt": CONDITIONS.get(n, "dry free-flowing black powder; big bag and seals intact"),
        "customer_supplied": supplied, "sampling_plan": plan, "sampling_location": location,
        "method_deviations": DEVIATIONS.get(n, ""),
    }


def manifest_rows(design: Design) -> list[dict[str, str]]:
    """Per lot: primary digest, duplicate and spike where planned, the XRF pellet, then the trace digest
    (and its duplicate where planned) of the trace-element run (trace.py)."""
    rows = []
    for i, lot in enumerate(design.lots):
        base = lot_fields(i, lot, design)
        volume, df = f"{design.digest_volume_ml:.0f}", str(lot.dilution)
        preps = [(lot.code, "digest", "ICP-OES", lot.mass_g, volume, df, "")]
        if lot.code in design.duplicates:
            preps.append((f"{lot.code} DUP", "duplicate", "ICP-OES", duplicate_mass(lot), volume, df, ""))
        if lot.code in design.spikes:
            spike = f"{design.spikes[lot.code]:.1f}"
            preps.append((f"{lot.code} SPK", "spike", "ICP-OES", lot.mass_g, volume, df, spike))
        preps.append((lot.code, "pellet", "XRF", design.pellet_mass_g, "", "1", ""))
        preps += [(label, kind, "ICP-OES", mass, f"{VOLUME_ML:.0f}", "1", "") for label, kind, mass in
                  trace_labels(lot.code)]
        for label, kind, technique, mass, vol, dil, spike in preps:
            rows.append({**base, "sample_label": label, "preparation": kind, "technique": technique,
                         "sample_mass_g": f"{mass:.4f}", "digest_volume_mL": vol, "dilution_factor": dil,
                         "spike_added_mg_per_L": spike})
    return rows


def crm_rows(design: Design) -> list[dict[str, str]]:
    return [{"crm_name": design.crm_name, "sample_label": label, "element": el, "certified_wt_pct": f"{v:g}",
             "expanded_uncertainty_wt_pct": f"{u:g}", "coverage_factor": "2", "basis": "dry",
             "sample_mass_g": f"{mass:.4f}", "digest_volume_mL": f"{design.digest_volume_ml:.0f}",
             "dilution_factor": str(design.crm_dilution)}
            for label, mass in design.crm_digests for el, (v, u) in design.crm_certified.items()]


class _Truth:
    """Collects truth rows; values are written with repr() so they round-trip exactly."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, kind: str, label: str, element: str, quantity: str, value: float, unit: str,
            line: str = "", at: str = "") -> None:
        self.rows.append({"kind": kind, "label": label, "acquired_at": at, "element": element, "line": line,
                          "quantity": quantity, "value": repr(float(value)), "unit": unit})


def _design_truth(t: _Truth, design: Design) -> None:
    for lot in design.lots:
        t.add("lot", lot.code, "", "moisture_pct", lot.moisture_pct, "%")
        for el, w in lot.wt_pct.items():
            t.add("lot", lot.code, el, "true_wt_pct_dry", w, "wt%")
    for el, (v, u) in design.crm_certified.items():
        t.add("crm", design.crm_name, el, "certified_wt_pct_dry", v, "wt%")
        t.add("crm", design.crm_name, el, "expanded_uncertainty_k2", u, "wt%")
    for code, level in design.spikes.items():
        for el in ELEMENTS:
            t.add("spike", f"{code} SPK", el, "added_conc", level, "mg/L")


def _calibration_truth(t: _Truth) -> None:
    for line in LINES:
        def add(quantity: str, value: float, unit: str, line=line) -> None:
            t.add("calibration", line.label, line.element, quantity, value, unit, line.nm)

        add("intercept", line.background, "cps")
        add("slope", line.slope, "cps per mg/L")
        add("quadratic", line.slope * line.curvature, "cps per (mg/L)^2")
        add("blank_sd", line.blank_sd, "mg/L")
        add("replicate_rsd", REPLICATE_RSD, "1")
        if math.isfinite(line.saturation):
            add("saturation", line.saturation, "cps")


def _digest_truth(t: _Truth, design: Design, digests: dict[str, Digest],
                  blanks: dict[str, dict[str, float]]) -> None:
    for label, d in digests.items():
        t.add("digest", label, "", "true_mass_g", d.mass_g, "g")
        t.add("digest", label, "", "true_volume_ml", d.volume_ml, "mL")
        t.add("digest", label, "", "true_dilution", d.dilution, "1")
        t.add("digest", label, "", "true_moisture_pct", d.moisture_pct, "%")
        t.add("digest", label, "", "recovery", d.recovery, "1")
        for el in ELEMENTS:
            t.add("digest", label, el, "reproducibility_factor", d.reproducibility[el], "1")
    for el in ELEMENTS:
        t.add("blank", "reagents", el, "contamination", design.method_blank.get(el, 0.0), "mg/L")
        t.add("blank", "reagents", el, "contamination_sd", design.blank_scatter.get(el, 0.0), "mg/L")
    for label, contamination in blanks.items():  # every digest's and method blank's own draw
        for el in ELEMENTS:
            t.add("blank", label, el, "contamination", contamination[el], "mg/L")


def truth_rows(design: Design, readings: list[Reading], pellets: list[Pellet],
               digests: dict[str, Digest], blanks: dict[str, dict[str, float]]) -> list[dict[str, str]]:
    t = _Truth()
    _design_truth(t, design)
    _digest_truth(t, design, digests, blanks)
    _calibration_truth(t)
    for r in readings:
        sol, line, at = r.solution, r.line, r.solution.when.isoformat()
        t.add("solution", sol.label, line.element, "true_conc", sol.conc[line.element], "mg/L", line.nm, at)
        t.add("solution", sol.label, line.element, "drift_factor", r.drift, "1", line.nm, at)
        t.add("solution", sol.label, line.element, "true_intensity", r.true_mean, "cps", line.nm, at)
    for pellet in pellets:
        for el, compound, _, _ in OXIDES:
            value = pellet.true[compound]
            t.add("xrf", pellet.lot.code, el, "true_compound_wt_pct_dry", value, "wt%", compound)
    return t.rows


def expected_rows(design: Design) -> list[dict[str, str]]:
    return [{"lot_code": lot.code, "declared_chemistry": lot.declared, "expected_family": lot.family,
             "family_mismatch": "yes" if family_mismatch(lot) else "no", "expected_grade": lot.grade,
             "design_note": lot.why} for lot in design.lots]


def trace_truth_rows(design: Design, truth: dict[str, dict[str, float]], digests: dict[str, Digest],
                     blanks: dict[str, dict[str, float]],
                     readings: list[TraceReading]) -> list[dict[str, str]]:
    """The trace run's truth, in kinds of its own (trace_lot, trace_digest, trace_blank, trace_solution)
    so readers of the main run's kinds are unaffected; concentrations in ug/L, contents in mg/kg dry."""
    t = _Truth()
    for lot in design.lots:
        for el, value in truth[lot.code].items():
            t.add("trace_lot", lot.code, el, "true_mg_kg_dry", value, "mg/kg")
    for label, d in digests.items():
        t.add("trace_digest", label, "", "true_mass_g", d.mass_g, "g")
        t.add("trace_digest", label, "", "true_volume_ml", d.volume_ml, "mL")
        t.add("trace_digest", label, "", "true_moisture_pct", d.moisture_pct, "%")
        t.add("trace_digest", label, "", "recovery", d.recovery, "1")
        for el, factor in d.reproducibility.items():
            t.add("trace_digest", label, el, "reproducibility_factor", factor, "1")
    for label, contamination in blanks.items():
        for el, value in contamination.items():
            t.add("trace_blank", label, el, "contamination", value, "ug/L")
    for r in readings:
        sol, line, at = r.solution, r.line, r.solution.when.isoformat()
        t.add("trace_solution", sol.label, line.element, "true_conc", sol.conc[line.element], "ug/L",
              line.nm, at)
    return t.rows
