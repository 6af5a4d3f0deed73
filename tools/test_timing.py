"""Where the test suite's time goes, measured so that a loaded machine does not hide it.

A pytest plugin, loaded on demand (docs/PERFORMANCE.md, "Test suite"):

    LABAPP_TEST_TIMING=timing.jsonl python -m pytest -p tools.test_timing

It appends one JSON line per test phase (setup, call, teardown) to the file LABAPP_TEST_TIMING names,
as the phase ends, so a run that is stopped still leaves its figures: the test id, the phase, wall
seconds, CPU seconds of the test process and of the child processes it waited for (subprocess tests,
the demo's CLI), and the pytest-xdist worker. Wall time on a shared machine grows with the other
load; CPU seconds do not, and their sum is what one idle core would need. `summarise` prints the
figures by directory and the slowest tests and setups.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path

import pytest

ENV = "LABAPP_TEST_TIMING"


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _record(item: pytest.Item, phase: str, wall: float, cpu: tuple[float, float]) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    line = {
        "id": item.nodeid,
        "phase": phase,
        "wall": round(wall, 4),
        "cpu": round(cpu[0], 4),
        "child_cpu": round(cpu[1], 4),
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        "end": round(time.time(), 3),
    }
    with open(path, "a", encoding="utf-8") as stream:  # one short line per write: appends stay whole
        stream.write(json.dumps(line) + "\n")


def _timed(item: pytest.Item, phase: str) -> Generator[None, None, None]:
    start, (own, children) = time.perf_counter(), _cpu()
    yield
    after = _cpu()
    _record(item, phase, time.perf_counter() - start, (after[0] - own, after[1] - children))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    timer = _timed(item, "setup")
    next(timer)
    try:
        return (yield)
    finally:
        next(timer, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    timer = _timed(item, "call")
    next(timer)
    try:
        return (yield)
    finally:
        next(timer, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    timer = _timed(item, "teardown")
    next(timer)
    try:
        return (yield)
    finally:
        next(timer, None)


def summarise(path: Path, top: int = 25) -> str:
    """Totals by top-level test folder and the slowest phases, from a timing file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_dir: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows:
        parts = row["id"].split("::")[0].split("/")
        folder = "/".join(parts[:2]) if len(parts) > 2 else parts[0]
        totals = by_dir[folder]
        totals[0] += row["wall"]
        totals[1] += row["cpu"] + row["child_cpu"]
        totals[2] += row["phase"] == "call"
    out = [f"{'folder':40} {'tests':>6} {'wall s':>9} {'cpu s':>9}"]
    for folder, (wall, cpu, count) in sorted(by_dir.items(), key=lambda kv: -kv[1][1]):
        out.append(f"{folder:40} {count:6d} {wall:9.1f} {cpu:9.1f}")
    wall = sum(r["wall"] for r in rows)
    cpu = sum(r["cpu"] + r["child_cpu"] for r in rows)
    out.append(f"{'total':40} {sum(v[2] for v in by_dir.values()):6d} {wall:9.1f} {cpu:9.1f}")
    out.append(f"\nslowest {top} phases by CPU seconds (test, phase, cpu, wall):")
    for row in sorted(rows, key=lambda r: -(r["cpu"] + r["child_cpu"]))[:top]:
        out.append(f"  {row['cpu'] + row['child_cpu']:7.1f} {row['wall']:7.1f}  {row['phase']:8} {row['id']}")
    return "\n".join(out)


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1])))
