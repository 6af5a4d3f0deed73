"""Generate the demo data set in resources/demo/ from a fixed seed, so every true value is known.

    python tools/make_demo_data.py [--out DIR]

Writes, byte for byte reproducibly:
  icp_oes_run.csv   one ICP-OES run in the Agilent ICP Expert (Vista-PRO) long CSV layout
  icp_trace_run.csv the trace-element run (Pb, Cd, Cr) of the same lots' own digests, read on a second
                    instrument and exported as a PerkinElmer Syngistix CSV report (demodata/trace.py)
  xrf_pellets.csv   a PANalytical SuperQ "Results quantitative" table of the same lots (oxides)
  manifest.csv      the lot manifest (one row per preparation, per the manifest contract)
  crm.csv           the certificate of the fictitious CRM LBM-01 and its two digests
  truth.csv         every true value behind the numbers above (long format; the trace run's in kinds trace_*)
  expected.csv      the family and grade each lot was designed to land in, and why

The lot table below is the design; demodata/ holds the run order, the signal model and the writers.
resources/demo/README.md documents the files, the model and the intended QC findings.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from demodata.design import Design, lot
from demodata.digest import budget_model
from demodata.icp_export import icp_text
from demodata.run import draw_blanks, draw_digests, run_sequence
from demodata.signal import check_findings, instrument_calibration, simulate
from demodata.tables import (
    CRM_COLUMNS,
    EXPECTED_COLUMNS,
    MANIFEST_COLUMNS,
    TRUTH_COLUMNS,
    crm_rows,
    csv_text,
    expected_rows,
    manifest_rows,
    trace_truth_rows,
    truth_rows,
)
from demodata.trace import (
    check_trace,
    draw_trace_digests,
    simulate_trace,
    trace_calibration,
    trace_sequence,
    trace_text,
)
from demodata.xrf import measure, xrf_text

SEED = 20260317
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "demo"

# True dry composition (wt %) in the order Li, Ni, Co, Mn, Cu, Al, Fe, P, Zn; moisture %; the mass (g,
# as received) weighed into 100 mL; the further dilution; the family and grade the lot should get.
LOTS = (
    #   code        client decl.   origin              moist  mass_g  DF
    lot("BM26-0001", "HKR", "NCM", "production_scrap", 1.20, 0.1702, 10,
        (5.60, 28.50, 9.50, 8.90, 0.35, 0.62, 0.12, 0.25, 0.004), "NCM", "A",
        "NCM622 scrap; Zn below LOQ; 0.17 g keeps Ni (about 48 mg/L) inside the calibrated range"),
    lot("BM26-0002", "HKR", "NCM", "end_of_life", 3.80, 0.1987, 10,
        (3.90, 18.80, 7.60, 10.60, 1.40, 1.60, 0.45, 0.55, 0.030), "NCM", "B", "typical EOL NCM523"),
    lot("BM26-0003", "RRB", "NCM", "end_of_life", 6.50, 0.2011, 10,
        (2.60, 12.10, 5.30, 9.60, 2.60, 3.10, 1.40, 0.60, 0.080), "NCM", "off-spec",
        "poorly separated EOL; Li 2.6 < NCM C 3.0 (set 0.2); moisture 6.5 > 5; duplicate, spike"),
    lot("BM26-0004", "RRB", "NCA", "end_of_life", 2.40, 0.1994, 10,
        (3.75, 24.50, 4.60, 0.15, 1.10, 1.90, 0.30, 0.40, 0.020), "NCM", "B",
        "NCA: Al from cathode and foil"),
    lot("BM26-0005", "NCR", "NCM", "end_of_life", 4.20, 0.2008, 10,
        (3.70, 17.05, 8.10, 7.20, 1.50, 1.70, 0.70, 0.50, 0.030), "NCM", "B",
        "near a limit: Ni+Co = 25.15 against B >= 25"),
    lot("BM26-0006", "KEM", "LCO", "end_of_life", 1.50, 0.2002, 100,
        (4.30, 0.80, 36.00, 0.25, 0.70, 0.90, 0.20, 0.30, 0.020), "LCO", "A", "portable-electronics LCO"),
    lot("BM26-0007", "KEM", "LFP", "production_scrap", 1.10, 0.1002, 10,
        (3.80, 0.010, 0.005, 0.040, 0.060, 0.22, 30.50, 16.90, 0.004), "LFP", "A",
        "LFP cathode scrap, 0.1 g digest; Ni, Co, Zn below LOQ; matrix spike"),
    lot("BM26-0008", "OBL", "LFP", "end_of_life", 4.60, 0.2005, 10,
        (2.75, 0.050, 0.020, 0.080, 1.30, 2.70, 22.40, 12.40, 0.010), "LFP", "B", "EOL LFP; duplicate"),
    lot("BM26-0009", "OBL", "LMO", "end_of_life", 3.10, 0.1999, 100,
        (2.10, 1.80, 0.90, 33.00, 1.60, 1.90, 0.50, 0.30, 0.040), "LMO", "C", "LMO: Li 2.1 < 3 fails B"),
    lot("BM26-0010", "NCR", "Mixed", "end_of_life", 5.50, 0.2013, 10,
        (2.80, 9.00, 4.20, 6.10, 2.20, 2.40, 7.50, 4.10, 0.090), "Mixed", "off-spec",
        "NCM + LFP blend: Ni+Co 13.2 < 16"),
    lot("BM26-0011", "HKR", "NCM", "end_of_life", 2.80, 0.1992, 10,
        (2.90, 0.90, 0.40, 0.30, 1.50, 3.20, 24.00, 13.30, 0.020), "LFP", "B",
        "declared NCM but assays as LFP (family mismatch); duplicate"),
    lot("BM26-0012", "RRB", "NCM", "end_of_life", 7.80, 0.2009, 10,
        (2.40, 13.50, 6.00, 6.80, 3.60, 4.60, 1.20, 0.50, 0.110), "NCM", "off-spec",
        "Cu 3.6 > 3, Al 4.6 > 4, Li 2.4 < 3.0; moisture 7.8"),
    lot("BM26-0013", "KEM", "LCO", "end_of_life", 3.50, 0.2001, 100,
        (3.25, 1.60, 24.00, 0.60, 1.70, 1.80, 0.60, 0.40, 0.030), "LCO", "B", "laptop LCO: Co 24 < 30"),
    lot("BM26-0014", "OBL", "LFP", "end_of_life", 7.20, 0.2016, 10,
        (1.90, 0.120, 0.060, 0.150, 2.40, 4.10, 16.50, 9.20, 0.050), "LFP", "C",
        "low-grade LFP: P 9.2 < 10, Li 1.9 < 2; read in the failing-CCV bracket"),
)

# True Pb, Cd, Cr (mg/kg, dry) of each lot: solder, pigments and stainless steel from casings and shredder
# wear. T/CPCIF 0169-2021 allows 50 mg/kg of each in classes I-1, II and III (Cr 100, Pb and Cd 200 in
# I-2): most lots are clean; 0002 and 0008 carry Cr above 50 (0002 stays I-2 on Cr), 0004, 0013 and 0014
# sit near the 50 mg/kg Cr limit, 0010 and 0012 (poorly sorted, with casing fines) exceed every class.
TRACE = {
    "BM26-0001": {"Pb": 6.0, "Cd": 1.2, "Cr": 28.0},
    "BM26-0002": {"Pb": 22.0, "Cd": 3.1, "Cr": 65.0},
    "BM26-0003": {"Pb": 48.0, "Cd": 8.5, "Cr": 180.0},
    "BM26-0004": {"Pb": 15.0, "Cd": 2.2, "Cr": 45.0},
    "BM26-0005": {"Pb": 31.0, "Cd": 4.8, "Cr": 88.0},
    "BM26-0006": {"Pb": 9.0, "Cd": 1.5, "Cr": 34.0},
    "BM26-0007": {"Pb": 5.0, "Cd": 1.0, "Cr": 22.0},
    "BM26-0008": {"Pb": 27.0, "Cd": 3.6, "Cr": 58.0},
    "BM26-0009": {"Pb": 12.0, "Cd": 2.0, "Cr": 41.0},
    "BM26-0010": {"Pb": 64.0, "Cd": 12.0, "Cr": 240.0},
    "BM26-0011": {"Pb": 18.0, "Cd": 2.4, "Cr": 39.0},
    "BM26-0012": {"Pb": 78.0, "Cd": 18.5, "Cr": 390.0},
    "BM26-0013": {"Pb": 11.0, "Cd": 1.8, "Cr": 52.0},
    "BM26-0014": {"Pb": 35.0, "Cd": 6.0, "Cr": 47.0},
}

DESIGN = Design(
    lots=LOTS,
    clients={
        "HKR": ("Hokuriku Recycling K.K.", "qa@hokuriku-recycling.example"),
        "RRB": ("Rhein-Ruhr Batterierecycling GmbH", "+49 201 555 0142"),
        "NCR": ("Nordisk Cellåtervinning AB", "lab@cellatervinning.example"),
        "KEM": ("Kansai Eco Metals Co., Ltd.", "assay@kansai-ecometals.example"),
        "OBL": ("Ostrava Battery Loop s.r.o.", "+420 596 555 018"),
    },
    duplicates=("BM26-0003", "BM26-0008", "BM26-0011"),
    spikes={"BM26-0003": 2.0, "BM26-0007": 2.0},
    crm_name="LBM-01",  # fictitious: certified value = true value, dry basis
    crm_certified={"Li": (3.41, 0.06), "Ni": (20.15, 0.25), "Co": (6.62, 0.10), "Mn": (6.08, 0.10),
                   "Cu": (1.23, 0.04), "Al": (1.58, 0.05), "Fe": (0.482, 0.020), "P": (0.361, 0.015),
                   "Zn": (0.052, 0.004)},
    crm_digests=(("CRM LBM-01 #1", 0.2004), ("CRM LBM-01 #2", 0.1998)),
    method_blank={"Cu": 0.001, "Al": 0.004, "Fe": 0.003, "Zn": 0.002},
    # digest-to-digest SD of the contamination, about the reading noise of a solution's mean on the
    # element's main line (s0 / sqrt(3)), so the blanks' scatter is half contamination, half noise
    blank_scatter={"Cu": 0.001, "Al": 0.0025, "Fe": 0.0015, "Zn": 0.0012},
)


def build(design: Design = DESIGN, seed: int = SEED, check: bool = True) -> dict[str, bytes]:
    """Every demo file's bytes, keyed by file name. Independent RNG streams for timing, ICP noise, XRF and
    the digests' true preparation and their blank contamination, and one for the whole trace run (a sixth
    stream: the first five, and the files drawn from them, are as before it existed; `check=False` skips
    the designed-findings checks, for simulated runs)."""
    streams = np.random.SeedSequence(seed).spawn(6)
    time_rng, icp_rng, xrf_rng, digest_rng, blank_rng, trace_rng = (np.random.default_rng(s) for s in streams)
    digests = draw_digests(design, budget_model(), digest_rng)
    blanks = draw_blanks(design, digests, blank_rng)
    readings = simulate(run_sequence(design, time_rng, digests, blanks), icp_rng)
    curves = instrument_calibration(readings)
    if check:
        check_findings(readings, curves)
    pellets = measure(design.lots, xrf_rng)
    codes = [lot.code for lot in design.lots]
    trace_digests = draw_trace_digests(codes, {c: digests[c].moisture_pct for c in codes}, trace_rng)
    trace_solutions, trace_blanks = trace_sequence(codes, TRACE, trace_digests, trace_rng)
    trace_readings = simulate_trace(trace_solutions, trace_rng)
    trace_curves = trace_calibration(trace_readings)
    if check:
        check_trace(trace_readings, trace_curves)
    truth = truth_rows(design, readings, pellets, digests, blanks)
    truth += trace_truth_rows(design, TRACE, trace_digests, trace_blanks, trace_readings)
    return {
        "icp_oes_run.csv": icp_text(readings, curves).encode("ascii"),
        "icp_trace_run.csv": trace_text(trace_readings, trace_curves).encode("ascii"),
        "xrf_pellets.csv": xrf_text(pellets).encode("ascii"),
        "manifest.csv": csv_text(MANIFEST_COLUMNS, manifest_rows(design)).encode("utf-8"),
        "crm.csv": csv_text(CRM_COLUMNS, crm_rows(design)).encode("utf-8"),
        "truth.csv": csv_text(TRUTH_COLUMNS, truth).encode("utf-8"),
        "expected.csv": csv_text(EXPECTED_COLUMNS, expected_rows(design)).encode("utf-8"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate the demo data set (fixed seed, byte-identical).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (resources/demo)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (args.out / name).write_bytes(data)
    print(f"demo data written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
