"""Workbook benchmark: labapp's streaming xlsx reader on a generated 100,000-row workbook (the Agilent
ICP Expert long layout of bench_import.py, written by openpyxl) against openpyxl's read-only
iteration of the same sheet (`load_workbook(read_only=True)`, `iter_rows(values_only=True)`), in the
same process, alternated round by round so both see the same load.

Timed: openpyxl read-only iteration (the baseline); `xlsx.read_sheets` (every cell as text, what the
table readers start from); `read_export` of the workbook (the whole import: detection, the long
reader, the tidy frame). Best wall time of each, the median of the per-round ratios and the ratio of
the best process CPU times; peak memory of each in a fresh child.

Run: .venv/bin/python tests/bench/bench_workbook.py [ROWS]
 or: .venv/bin/pytest tests/bench/bench_workbook.py -s
"""

from __future__ import annotations

import contextlib
import csv
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import write_export  # noqa: E402

ROWS = 100_000
ROUNDS = 5
_TIMES = r"""
import json, sys, time
import openpyxl
from labapp.importers import all_profiles, read_export
from labapp.importers.xlsx import Limits, read_sheets
path, rounds = sys.argv[1], int(sys.argv[2])
LIMITS = Limits(max_seconds=3600.0)  # a loaded shared machine must not trip the time limit
all_profiles()
def baseline():
    book = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows
def sheets():
    with open(path, "rb") as handle:
        data = handle.read()
    return len(read_sheets(data, path, limits=LIMITS)[0].rows)
readers = {
    "openpyxl": baseline,
    "read_sheets": sheets,
    "read_export": lambda: len(read_export(path, limits=LIMITS).frame),
}
seconds = {name: [] for name in readers}
cpu = {name: [] for name in readers}
rows = {}
for k in range(rounds):
    for name in (list(readers) if k % 2 == 0 else list(readers)[::-1]):
        start, start_cpu = time.perf_counter(), time.process_time()
        rows[name] = readers[name]()
        seconds[name].append(time.perf_counter() - start)
        cpu[name].append(time.process_time() - start_cpu)
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": rows}))
"""
_PEAK = r"""
import json, resource, sys
import openpyxl
from labapp.importers import all_profiles, read_export
from labapp.importers.xlsx import Limits, read_sheets
path, mode = sys.argv[1], sys.argv[2]
LIMITS = Limits(max_seconds=3600.0)
all_profiles()
if mode == "openpyxl":
    book = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
elif mode == "read_sheets":
    rows = len(read_sheets(open(path, "rb").read(), path, limits=LIMITS)[0].rows)
else:
    rows = len(read_export(path, limits=LIMITS).frame)
print(json.dumps({"rows": rows, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def write_workbook(path: Path, rows: int) -> None:
    """The long export of bench_import.py as one sheet: numbers as numbers, the rest as text."""
    import openpyxl

    text = path.with_suffix(".csv")
    write_export(text, rows)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Results")
    with text.open(newline="") as handle:
        for i, row in enumerate(csv.reader(handle)):
            if i:
                for j in (4, 6):  # concentration and intensity: numbers unless a token (####)
                    with contextlib.suppress(ValueError):
                        row[j] = float(row[j])
            sheet.append(row)
    book.save(path)
    text.unlink()


def _child(script: str, *args: object) -> dict:
    run = subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(run.stderr)
    return json.loads(run.stdout)


def measure(rows: int = ROWS, rounds: int = ROUNDS) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long_export.xlsx"
        subprocess.run([sys.executable, __file__, "--write", str(path), str(rows)], check=True)
        times = _child(_TIMES, path, rounds)
        peaks = {
            mode: _child(_PEAK, path, mode)["peak_mib"] for mode in ("openpyxl", "read_sheets", "read_export")
        }
        size = path.stat().st_size
    base, base_cpu = times["seconds"]["openpyxl"], times["cpu"]["openpyxl"]
    out: dict = {"rows": rows, "file_mib": size / 2**20, "openpyxl_read_only_s": min(base)}
    for name in ("read_sheets", "read_export"):
        ours, ours_cpu = times["seconds"][name], times["cpu"][name]
        out[f"{name}_s"] = min(ours)
        out[f"{name}_ratio"] = min(ours) / min(base)
        out[f"{name}_ratio_median_of_rounds"] = statistics.median(
            o / b for o, b in zip(ours, base, strict=True)
        )
        out[f"{name}_cpu_ratio"] = min(ours_cpu) / min(base_cpu)
    out["peak_mib"] = peaks
    out["rows_out"] = times["rows"]
    return out


@pytest.mark.bench
def test_bench_workbook() -> None:
    result = measure()
    print("\n" + json.dumps(result, indent=1))
    assert result["rows_out"]["read_export"] > 0.99 * ROWS


if __name__ == "__main__":
    if sys.argv[1:2] == ["--write"]:
        write_workbook(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS), indent=1))
