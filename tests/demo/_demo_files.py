"""Plain readers for the shipped demo files (deliberately independent of labapp.importers)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_DIR = REPO_ROOT / "resources" / "demo"
GENERATOR = REPO_ROOT / "tools" / "make_demo_data.py"
DATA_FILES = ("icp_oes_run.csv", "icp_trace_run.csv", "xrf_pellets.csv", "manifest.csv", "crm.csv",
              "truth.csv", "expected.csv")


TRACE_SUFFIXES = (" TR", " TR DUP")  # the trace-element run's digests (tools/demodata/trace.py)


def is_trace(label: str) -> bool:
    """A preparation of the trace-element run (icp_trace_run.csv), not of the main ICP-OES run."""
    return label.endswith(TRACE_SUFFIXES)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def icp_rows() -> tuple[list[str], list[list[str]]]:
    """Header and data rows of the ICP Expert export (the header repeats 'Units', so lists, not dicts)."""
    text = (DEMO_DIR / "icp_oes_run.csv").read_bytes().decode("ascii")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


@dataclass
class IcpSolution:
    label: str
    type_code: str
    time: str
    rows: list[list[str]]


def icp_solutions() -> list[IcpSolution]:
    """Rows grouped into solutions in run order (label, type and timestamp identify one measurement)."""
    _, rows = icp_rows()
    return [IcpSolution(key[0], key[1], key[2], list(group))
            for key, group in groupby(rows, key=lambda r: (r[0], r[4], r[14]))]


def truth_index(kind: str, quantity: str) -> dict[tuple[str, ...], float]:
    """truth.csv rows of one kind and quantity keyed by (label, acquired_at time, element, line)."""
    out = {}
    for row in read_csv("truth.csv"):
        if row["kind"] == kind and row["quantity"] == quantity:
            time = row["acquired_at"][11:]
            out[(row["label"], time, row["element"], row["line"])] = float(row["value"])
    return out


def lot_truth() -> dict[str, dict[str, float]]:
    """lot -> element -> true wt % (dry), plus 'moisture'."""
    out: dict[str, dict[str, float]] = {}
    for row in read_csv("truth.csv"):
        if row["kind"] == "lot":
            key = row["element"] or "moisture"
            out.setdefault(row["label"], {})[key] = float(row["value"])
    return out
