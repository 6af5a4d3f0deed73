"""The trace-element run: Pb, Cd and Cr of every lot from its own digest, on a second instrument.

Each lot gets a trace digest "<lot> TR" (0.25 g to 50 mL, read undiluted; one duplicate "<lot> TR DUP"),
weighed from the same laboratory sample as the main digest, so it shares the lot's true moisture. The
run is read on a PerkinElmer Avio (axial view) the day after the main run and exported as a Syngistix
user-defined CSV report (one row per solution and line, replicate columns; standards carry their
entered value in brackets), which the shipped profile perkinelmer_winlab_long reads. The digests'
random effects are drawn from the trace method's own budget (resources/methods/icp-oes-trace.toml),
as digest.py does for the main method, so the results scatter about the truth as its U says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from .digest import Digest, budget_model, draw_contamination, draw_digest
from .signal import REPLICATES, InstrumentCurve, Line, fit_through_blank, mean, replicate_intensities, stdev

TRACE_ELEMENTS = ("Pb", "Cd", "Cr")
METHOD = Path(__file__).resolve().parents[2] / "resources" / "methods" / "icp-oes-trace.toml"
MASS_G, VOLUME_ML = 0.25, 50.0
RUN_START = datetime(2026, 3, 19, 8, 41, 5)
SECONDS_PER_SOLUTION = 128
CCV_EVERY = 10
DRIFT_PER_SOLUTION = 0.0004
DUPLICATES = ("BM26-0008",)
METHOD_BLANK = {"Pb": 0.6, "Cd": 0.05, "Cr": 1.2}  # ug/L in a digest's measured solution: acids, vessels
BLANK_SCATTER = {"Pb": 0.4, "Cd": 0.05, "Cr": 0.6}
STANDARDS = {"Pb": (5, 20, 100, 250, 500), "Cd": (1, 5, 20, 50, 200), "Cr": (10, 50, 250, 1000, 2500)}
CHECK_LEVEL = {"Pb": 100.0, "Cd": 20.0, "Cr": 250.0}  # ICV (second source) and CCV, ug/L
# Axial view: slope in cps per ug/L, background cps, blank noise in ug/L; in the method's line order.
LINES = (
    Line("Pb", "220.353", 11.5, 2400.0, 1.2),
    Line("Pb", "217.000", 4.8, 1900.0, 3.0),
    Line("Cd", "228.802", 62.0, 3100.0, 0.2),
    Line("Cd", "214.439", 55.0, 2800.0, 0.2),
    Line("Cr", "267.716", 41.0, 5200.0, 0.5),
    Line("Cr", "205.560", 46.0, 3600.0, 0.4),
)


@dataclass
class TraceSolution:
    label: str
    kind: str  # cal_blank, standard, icv, icb, ccv, ccb, method_blank, sample, duplicate
    conc: dict[str, float]  # true ug/L in the measured solution
    nominal: dict[str, float] | None = None  # standards and the calibration blank: the entered value
    when: datetime = RUN_START
    position: int = 0


@dataclass
class TraceReading:
    solution: TraceSolution
    line: Line
    drift: float
    true_mean: float
    replicates: list[float]


def trace_mass(code: str, duplicate: bool = False) -> float:
    """The weighed mass of a trace digest: about 0.25 g, a fixed offset per lot (no extra table columns)."""
    n = int(code[-2:])
    return round(MASS_G + 0.0007 * ((n * 5) % 9) - 0.0031 + (0.0024 if duplicate else 0.0), 4)


def trace_labels(code: str) -> list[tuple[str, str, float]]:
    """(label, preparation kind, weighed mass) of a lot's trace digests."""
    out = [(f"{code} TR", "digest", trace_mass(code))]
    if code in DUPLICATES:
        out.append((f"{code} TR DUP", "duplicate", trace_mass(code, duplicate=True)))
    return out


def draw_trace_digests(
    codes: list[str], moisture: dict[str, float], rng: np.random.Generator
) -> dict[str, Digest]:
    """Every trace digest's true preparation (lots in table order), from the trace method's budget."""
    model = budget_model(METHOD, TRACE_ELEMENTS)
    out = {}
    for code in codes:
        for label, _, mass in trace_labels(code):
            out[label] = draw_digest(mass, VOLUME_ML, 1, moisture[code], model, rng, TRACE_ELEMENTS)
    return out


def _zero() -> dict[str, float]:
    return dict.fromkeys(TRACE_ELEMENTS, 0.0)


def trace_sequence(
    codes: list[str], truth: dict[str, dict[str, float]], digests: dict[str, Digest], rng: np.random.Generator
) -> tuple[list[TraceSolution], dict[str, dict[str, float]]]:
    """Calibration, ICV/ICB, a method blank, the lots' digests with CCV/CCB every 10 and at the end, a
    second method blank; and every digest's and method blank's contamination (ug/L)."""
    labels = [*digests, "Blank Digest 1", "Blank Digest 2"]
    blanks = {label: draw_contamination(METHOD_BLANK, BLANK_SCATTER, rng, TRACE_ELEMENTS) for label in labels}
    seq = [TraceSolution("Calib Blank", "cal_blank", _zero(), _zero())]
    for i in range(5):
        level = {el: float(STANDARDS[el][i]) for el in TRACE_ELEMENTS}
        seq.append(TraceSolution(f"Calib Std {i + 1}", "standard", level, dict(level)))
    seq += [TraceSolution("ICV", "icv", dict(CHECK_LEVEL)), TraceSolution("ICB", "icb", _zero())]
    samples = [TraceSolution("Blank Digest 1", "method_blank", dict(blanks["Blank Digest 1"]))]
    for code in codes:
        wt_pct = {el: truth[code][el] / 1e4 for el in TRACE_ELEMENTS}  # mg/kg -> wt %
        for label, kind, _ in trace_labels(code):
            true = digests[label].conc(wt_pct)  # mg/L
            conc = {el: 1000.0 * c + blanks[label][el] for el, c in true.items()}
            samples.append(TraceSolution(label, "sample" if kind == "digest" else kind, conc))
    samples.append(TraceSolution("Blank Digest 2", "method_blank", dict(blanks["Blank Digest 2"])))
    for i, sample in enumerate(samples, start=1):
        seq.append(sample)
        if i % CCV_EVERY == 0 or i == len(samples):
            seq += [TraceSolution("CCV", "ccv", dict(CHECK_LEVEL)), TraceSolution("CCB", "ccb", _zero())]
    when = RUN_START
    for position, sol in enumerate(seq):
        sol.position, sol.when = position, when
        when += timedelta(seconds=SECONDS_PER_SOLUTION + int(rng.integers(-2, 3)))
    return seq, blanks


def simulate_trace(seq: list[TraceSolution], rng: np.random.Generator) -> list[TraceReading]:
    """Intensities with a slow common drift and the replicate noise model of signal.py."""
    readings = []
    for sol in seq:
        for line in LINES:
            drift = 1.0 - DRIFT_PER_SOLUTION * sol.position
            mu = line.background + line.slope * sol.conc[line.element] * drift
            readings.append(TraceReading(sol, line, drift, mu, replicate_intensities(line, mu, rng)))
    return readings


def trace_calibration(readings: list[TraceReading]) -> dict[str, InstrumentCurve]:
    """What Syngistix fits: standards minus the calibration blank, linear through zero."""
    curves = {}
    for line in LINES:
        mine = [r for r in readings if r.line is line]
        blank = mean(next(r for r in mine if r.solution.kind == "cal_blank").replicates)
        stds = [r for r in mine if r.solution.kind == "standard"]
        x = [r.solution.nominal[line.element] for r in stds]
        y = [mean(r.replicates) - blank for r in stds]
        curves[line.label] = InstrumentCurve(blank, *fit_through_blank(x, y, quadratic=False))
    return curves


def check_trace(readings: list[TraceReading], curves: dict[str, InstrumentCurve]) -> None:
    """Every ICV/CCV recovers within 90-110 % (the trace run is designed without failing QC checks)."""
    for r in readings:
        if r.solution.kind in ("icv", "ccv"):
            found = curves[r.line.label].conc(mean(r.replicates))
            recovery = 100.0 * found / r.solution.conc[r.line.element]
            if not 90.0 <= recovery <= 110.0:
                where = f"{r.solution.label} {r.line.label}"
                raise AssertionError(f"trace run: {where} recovers {recovery:.1f} %")


HEADER = (
    "Sample ID,Analyte Name,Date,Time,Int (Corr),RSD (Corr Int),Reported Conc (Calib),"
    "Reported Units (Calib),RSD (Conc),"
    + ",".join(f"Repl No{n},Int (Corr){n},Conc (Calib){n}" for n in range(1, REPLICATES + 1))
)


def _number(x: float) -> str:
    """Syngistix writes full-precision numbers; 10 significant digits here, as its CSV reports do."""
    return f"{x:.10g}"


def _clock(when: datetime) -> str:
    return f"{when.month}/{when.day}/{when.year}", when.strftime("%I:%M:%S %p").lstrip("0")


def _row(r: TraceReading, curve: InstrumentCurve) -> str:
    sol, line = r.solution, r.line
    date, time = _clock(sol.when)
    intensity, int_sd = mean(r.replicates), stdev(r.replicates)
    cells = [sol.label, line.label, date, time, _number(intensity), _number(100.0 * int_sd / intensity)]
    if sol.nominal is not None:  # the entered standard value, in brackets; no replicate concentrations
        cells += [f"[{sol.nominal[line.element]:g}]", "ug/L", " "]
        reps = [(n, value, " ") for n, value in enumerate(r.replicates, start=1)]
    else:
        rep_conc = [curve.conc(v) for v in r.replicates]
        conc = mean(rep_conc)
        rsd = 100.0 * stdev(rep_conc) / abs(conc) if conc else math.inf
        cells += [_number(conc), "ug/L", _number(rsd) if math.isfinite(rsd) else " "]
        pairs = zip(r.replicates, rep_conc, strict=True)
        reps = [(n, value, _number(c)) for n, (value, c) in enumerate(pairs, start=1)]
    for n, value, conc_text in reps:
        cells += [str(n), _number(value), conc_text]
    return ",".join(cells)


def trace_text(readings: list[TraceReading], curves: dict[str, InstrumentCurve]) -> str:
    """The Syngistix CSV report: ASCII, CRLF, one row per solution and line."""
    return "\r\n".join([HEADER] + [_row(r, curves[r.line.label]) for r in readings]) + "\r\n"
