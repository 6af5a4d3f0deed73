"""Import benchmark: read_export on a generated 1,000,000-reading long export (Agilent ICP Expert
layout) against pandas.read_csv of the same file, in the same run; reports the time ratio
(goal <= 2) and each one's peak resident memory. pandas 3.1 reads a local file of more than 5 MB
on several threads; the same read limited to one thread (mode.max_threads = 1) is a second
baseline (read_export parses the bytes it holds with pyarrow on all cores where it can).

Times are taken in one child process that alternates the two readers round by round (the machine
is shared: both see the same load): wall time best of ROUNDS each, the median of the per-round
ratios, and the ratio of the best process CPU times.
Peak memory is measured in two further fresh children, one per reader, so each peak is its own.

Run: .venv/bin/python tests/bench/bench_import.py [READINGS]  or  .venv/bin/pytest tests/bench -s
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

READINGS = 1_000_000
ROUNDS = 5
LINES = (
    "Mn 257.610",
    "Ni 231.604",
    "Co 228.616",
    "Li 670.783",
    "Cu 327.395",
    "Al 396.152",
    "Fe 259.940",
    "P 213.618",
)
_TIMES = r"""
import json, sys, time
import pandas as pd
from labapp.importers import all_profiles, read_export
path, rounds = sys.argv[1], int(sys.argv[2])
all_profiles()
def one_thread():
    with pd.option_context("mode.max_threads", 1):
        return len(pd.read_csv(path))
readers = {
    "pandas": lambda: len(pd.read_csv(path)),
    "pandas_1": one_thread,
    "labapp": lambda: len(read_export(path).frame),
}
seconds = {name: [] for name in readers}
cpu = {name: [] for name in readers}
for k in range(rounds):
    for name in (("pandas", "pandas_1", "labapp") if k % 2 == 0 else ("labapp", "pandas_1", "pandas")):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows = readers[name]()
        seconds[name].append(time.perf_counter() - start)
        cpu[name].append(time.process_time() - start_cpu)
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": rows}))
"""
_PEAK = r"""
import json, resource, sys
import pandas as pd
from labapp.importers import all_profiles, read_export
path, mode = sys.argv[1], sys.argv[2]
all_profiles()
rows = len(pd.read_csv(path)) if mode == "pandas" else len(read_export(path).frame)
print(json.dumps({"rows": rows, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_export(path: Path, readings: int, seed: int = 1) -> None:
    """A long export: one row per solution x wavelength, a few censored and flagged values."""
    rng = np.random.default_rng(seed)
    n_solutions = readings // len(LINES) + 1
    labels = np.array([f"BM-{i:07d}" for i in range(n_solutions)])
    idx = np.arange(readings)
    solution = idx // len(LINES)
    kinds = np.where(solution % 20 == 0, "Blk", np.where(solution % 20 == 1, "Std", "Samp"))
    conc = np.round(rng.lognormal(0, 1.5, readings), 6).astype(str)
    conc[rng.random(readings) < 0.001] = "####"
    flags = np.where(rng.random(readings) < 0.01, "o", "")
    intensity = np.round(rng.lognormal(8, 2, readings), 3).astype(str)
    seconds = solution * 95
    times = [f"{(s // 3600) % 24:02d}:{(s // 60) % 60:02d}:{s % 60:02d}" for s in seconds[:: len(LINES)]]
    time_col = np.repeat(np.array(times), len(LINES))[:readings]
    with path.open("w", newline="") as out:
        out.write('"Solution Label","Type","Element","Flags","Soln Conc","Units","Int","Date","Time"\r\n')
        body = np.char.add(np.char.add('"', labels[solution]), '","')
        for column in (kinds, np.array(LINES)[idx % len(LINES)]):
            body = np.char.add(np.char.add(body, column), '","')
        body = np.char.add(np.char.add(body, flags), '",')
        body = np.char.add(np.char.add(body, conc), ',"mg/L",')
        body = np.char.add(np.char.add(body, intensity), ',"08/02/2026","')
        body = np.char.add(np.char.add(body, time_col), '"\r\n')
        out.writelines(body.tolist())


def _child(script: str, *args: object) -> dict:
    run = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(run.stderr)
    return json.loads(run.stdout)


def measure(readings: int = READINGS, rounds: int = ROUNDS) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long_export.csv"
        # written in a child too, so that no measurement inherits the generator's memory peak
        subprocess.run([sys.executable, __file__, "--write", str(path), str(readings)], check=True)
        size = path.stat().st_size
        times = _child(_TIMES, path, rounds)
        base_peak = _child(_PEAK, path, "pandas")
        ours_peak = _child(_PEAK, path, "labapp")
    base, ours = times["seconds"]["pandas"], times["seconds"]["labapp"]
    base_cpu, ours_cpu = times["cpu"]["pandas"], times["cpu"]["labapp"]
    single = times["seconds"]["pandas_1"]
    return {
        "readings": readings,
        "file_mib": size / 2**20,
        "pandas_s": min(base),
        "read_export_s": min(ours),
        "ratio": min(ours) / min(base),
        "ratio_median_of_rounds": statistics.median(o / b for o, b in zip(ours, base, strict=True)),
        # process CPU time: less disturbed than wall time when other jobs share the cores
        "cpu_ratio": min(ours_cpu) / min(base_cpu),
        # pandas 3.1 splits a local file of more than 5 MB over its cores (mode.max_threads)
        "pandas_one_thread_s": min(single),
        "ratio_to_one_thread": min(ours) / min(single),
        "ratio_to_one_thread_median_of_rounds": statistics.median(
            o / b for o, b in zip(ours, single, strict=True)
        ),
        "pandas_peak_mib": base_peak["peak_mib"],
        "read_export_peak_mib": ours_peak["peak_mib"],
        "rows_out": ours_peak["rows"],
    }


@pytest.mark.bench
def test_bench_import():
    result = measure()
    print("\n" + json.dumps(result, indent=1))
    assert result["rows_out"] > 0.99 * READINGS


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_export(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else READINGS), indent=1))
