"""Benchmark: calculating a whole ICP-OES run end to end (labapp.core.pipeline.calculate).

A synthetic run of N solutions x 30 lines (15 elements, 2 lines each) x 3 replicates, with a
calibration blank, 5 standards, CCV + CCB every 10 samples, one method blank, digests in pairs per
lot; N = 100, 200 (the goal: under 0.3 s on a 2-core machine) and 400 to show the time is linear
in run size. Baseline, measured in the same process on the same frame: one pandas groupby-mean of
the intensities per solution and line (the least any calculation must do). Prints the median and
range of 7 runs, wall-clock and process CPU time, and the ratio of the CPU medians (the shared
machine's load moves absolute times, wall-clock most).
Run: ``.venv/bin/pytest tests/bench/bench_calculation.py -s`` or as a script.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from labapp.core.methods import method_from_dict
from labapp.core.pipeline import calculate

ELEMENTS = ("Ni", "Co", "Mn", "Li", "Cu", "Al", "Fe", "P", "Zn", "Mg", "Ca", "Na", "Ti", "Cr", "Si")
LEVELS = (1.0, 2.0, 5.0, 10.0, 20.0)
SIZES = (100, 200, 400)
UNCERTAINTY = {
    "digest_volume": {"tolerance": 0.10, "distribution": "triangular", "temperature_range": 4.0},
    "dilution": {"tolerance_percent": 0.8},
    "sample_mass": {"tolerance": 0.0002},
    "moisture": {"tolerance": 0.1, "coverage_factor": 2.0},
    "recovery": {"recovery_percent": 100.0, "u_percent": 1.5, "dof": 9},
    "reproducibility": {"rsd_percent": 1.2, "dof": 14},
}


def bench_method():
    lines = {e: (f"{200 + 20 * i:.3f}", f"{210 + 20 * i:.3f}") for i, e in enumerate(ELEMENTS)}
    return method_from_dict(
        {
            "id": "bench",
            "version": "1",
            "name": "bench",
            "technique": "icp-oes",
            "solution_unit": "mg/L",
            "calibration": {"model": "linear", "weighting": "1/x"},
            "analytes": [
                {"element": e, "lines": list(lines[e]), "check_standard": 10.0, "loq": 0.02} for e in ELEMENTS
            ],
            "uncertainty": UNCERTAINTY,
        },
        "bench",
    )


def synthetic_run(n_samples: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy frame, preparations) of a run with `n_samples` sample solutions."""
    rng = np.random.default_rng(seed)
    solutions: list[tuple[str, str, float]] = [("Blank", "blank", 0.0)]
    solutions += [(f"Std {i + 1}", "standard", c) for i, c in enumerate(LEVELS)]
    solutions.append(("Method Blank", "blank", 0.01))
    for i in range(n_samples):
        solutions.append((f"S{i:04d}", "sample", float(rng.uniform(0.5, 18.0))))
        if (i + 1) % 10 == 0 or i == n_samples - 1:
            solutions += [("CCV", "check", 10.0), ("CCB", "check_blank", 0.0)]
    lines = [(e, line) for e in ELEMENTS for line in bench_method().analyte(e).lines]
    n_sol, n_line = len(solutions), len(lines)
    label = np.repeat([s[0] for s in solutions], n_line * 3)
    kind = np.repeat([s[1] for s in solutions], n_line * 3)
    conc = np.repeat([s[2] for s in solutions], n_line * 3)
    element = np.tile(np.repeat([e for e, _ in lines], 3), n_sol)
    line = np.tile(np.repeat([spec.line for _, spec in lines], 3), n_sol)
    drift = np.repeat(1.0 - 0.0001 * np.arange(n_sol), n_line * 3)
    signal = 50.0 + 1000.0 * conc * drift
    intensity = signal + rng.normal(0.0, 2.0 + 0.005 * signal)
    value = np.where(kind == "standard", conc, np.nan)
    frame = pd.DataFrame(
        {
            "source_row": np.arange(1, len(label) + 1),
            "sample_label": label,
            "sample_type": kind,
            "element": element,
            "species": "",
            "line": line,
            "view": "",
            "replicate": np.tile([1, 2, 3], n_sol * n_line),
            "intensity": intensity,
            "value": value,
            "unit": "mg/L",
            "censored": "",
            "detection_limit": np.nan,
            "flags": "",
            "acquired_at": "",
        }
    )
    samples = [s[0] for s in solutions if s[1] == "sample"]
    preps = pd.DataFrame(
        {
            "label": samples,
            "lot": [f"L{i // 2:04d}" for i in range(len(samples))],
            "kind": ["digest" if i % 2 == 0 else "duplicate" for i in range(len(samples))],
            "technique": "ICP-OES",
            "sample_mass_g": 0.2,
            "digest_volume_ml": 100.0,
            "dilution_factor": 10.0,
            "moisture_pct": 2.0,
            "spike_added": np.nan,
        }
    )
    return frame, preps


def _times(fn, repeats: int) -> tuple[list[float], list[float]]:
    """(wall-clock, process CPU) seconds of `repeats` calls; CPU time is what a shared machine's
    other jobs disturb least (wall time also counts the time slices they take)."""
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return wall, cpu


Row = tuple[int, int, tuple[list[float], list[float]], tuple[list[float], list[float]]]


def run_benchmark(repeats: int = 7) -> list[Row]:
    """(solutions, readings, pipeline times, baseline times) per run size, `repeats` runs each."""
    method = bench_method()
    rows = []
    for n in SIZES:
        frame, preps = synthetic_run(n)
        result = calculate(frame, method, preps)  # warm-up, and a check that the run calculates
        assert len(result.preparations) == n * len(ELEMENTS), len(result.preparations)
        assert len(result.reportable) == (n // 2) * len(ELEMENTS)  # one row per lot and analyte
        pipeline = _times(lambda f=frame, p=preps: calculate(f, method, p), repeats)
        baseline = _times(
            lambda f=frame: f.groupby(["sample_label", "element", "line"])["intensity"].mean(), repeats * 5
        )
        rows.append((n, len(frame), pipeline, baseline))
    return rows


def report(rows: list[Row]) -> str:
    """Median and range of the pipeline (wall and CPU); ratio = median CPU time of the pipeline over
    that of the baseline on the same frame in the same process."""
    lines = [
        "solutions  readings  wall_median  wall_min  wall_max  cpu_median  cpu_min  baseline_cpu  ratio"
        "  cpu_s_per_1000"
    ]
    for n, readings, (wall, cpu), (_, base_cpu) in rows:
        median, base = float(np.median(cpu)), float(np.median(base_cpu))
        lines.append(
            f"{n:9d}  {readings:8d}  {np.median(wall):11.3f}  {min(wall):8.3f}  {max(wall):8.3f}"
            f"  {median:10.3f}  {min(cpu):7.3f}  {base:12.4f}  {median / base:5.0f}"
            f"  {1000 * median / readings:14.4f}"
        )
    return "\n".join(lines)


@pytest.mark.bench
def test_bench_calculation() -> None:
    rows = run_benchmark()
    print("\n" + report(rows))
    times = {n: float(np.median(cpu)) for n, _, (_, cpu), _ in rows}
    assert times[400] / times[200] < 3.0  # doubling the run at most ~doubles the time (quadratic: 4x)


if __name__ == "__main__":
    print(report(run_benchmark()))
