"""Benchmark: the calculate step as the user waits for it, service included, on SQLite and PostgreSQL.

`calculate_run` reads the run from the store (readings, preparations, reference values, exclusions),
calculates it (labapp.core.pipeline), and in one unit of work writes the results, QC outcomes, the
inputs record and one audit event per row; grading the run's lots follows. Timed per step:

- read: `load_inputs` in a read session (what `compute_run` does before the core calculation);
- core: `labapp.core.pipeline.calculate` on those inputs alone: the baseline in the same run, the
  part no store can make faster;
- calculate: the whole `calculate_run` on a fresh copy of the database (first calculation);
- recalculate: `calculate_run` again on the same database (previous results and QC outcomes are
  deleted, each deletion audited);
- grade: `grade_lots` for the run's lots.

Runs: the demo ICP-OES run (2,664 readings, the demo's lots) and generated runs of 50, 100 and 200
solutions (30 lines, 3 replicates: tests/bench/bench_calculation.py's run, its preparations registered
through a manifest). `labapp demo` is timed as a fresh process against a fresh interpreter that only
imports the CLI. A cProfile of the 200-solution calculate step on SQLite is printed (top cumulative).

Run: ``.venv/bin/python tests/bench/bench_service.py [--profile] [--no-postgres] [--no-sqlite] [--no-demo]
[--repeats N]``
 or: ``.venv/bin/pytest tests/bench/bench_service.py -s``
"""

from __future__ import annotations

import cProfile
import csv
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/pg_server.py
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_calculation

from bench_calculation import bench_method, synthetic_run  # noqa: E402

from labapp.core.pipeline import calculate  # noqa: E402
from labapp.demo import build  # noqa: E402
from labapp.importers import TIDY_COLUMNS  # noqa: E402
from labapp.resources import resource_path  # noqa: E402
from labapp.security.roles import Action  # noqa: E402
from labapp.services.administration import users  # noqa: E402
from labapp.services.administration.methods import load_methods  # noqa: E402
from labapp.services.calculation.calculate import calculate_run  # noqa: E402
from labapp.services.calculation.inputs import load_inputs  # noqa: E402
from labapp.services.context import ServiceContext  # noqa: E402
from labapp.services.grading.grade import grade_lots  # noqa: E402
from labapp.services.importing.registration import import_manifest  # noqa: E402
from labapp.services.workflow.review import find_run  # noqa: E402
from labapp.store.archive import archive_run, frame_records  # noqa: E402

DEMO_RUN = "ICP-OES 2026-03-17"
SIZES = (50, 100, 200)
REPEATS = 3
TECH = build.DEMO_USERS[1]
ROOT = Path(__file__).resolve().parents[2]


# --- databases -------------------------------------------------------------------------------


def prepare_demo(ctx: ServiceContext) -> None:
    """The demo database up to its imported runs (users, lots, CRM, both runs), nothing calculated."""
    report = build.DemoReport(out_dir=Path(tempfile.mkdtemp()), database=Path("x"), reused_folder=False)
    stages = dict(build._stages(ctx, report))
    for name in ("users", "lots", "import"):
        stages[name]()


def _manifest(n_samples: int, prefix: str) -> bytes:
    """A manifest registering the generated run's lots: lot i has a digest and a duplicate."""
    with open(resource_path("demo", "manifest.csv"), newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        template, fields = next(reader), reader.fieldnames
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for i in range(n_samples):
        lot = f"{prefix}-{i // 2:04d}"
        row = {
            **template,
            "lot_code": lot,
            "sample_label": lot,
            "preparation": "digest" if i % 2 == 0 else "duplicate",
            "technique": "ICP-OES",
            "sample_mass_g": "0.2",
            "digest_volume_mL": "100",
            "dilution_factor": "10",
            "moisture_pct": "2.0",
            "bag_id": f"BB-{prefix}-{i // 2:04d}",
            "container_id": f"CNT-{prefix}-{i // 2:04d}",
            "seal_ids": f"SL-{prefix}-{i // 2:04d}",
        }
        if i % 2 == 1:
            row["sample_label"] = f"{lot} DUP"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def prepare_generated(ctx: ServiceContext, n_samples: int, folder: Path) -> str:
    """Register the lots of a generated run and store its readings as an import would (matched labels)."""
    prefix = f"GX{n_samples}"
    frame, _ = synthetic_run(n_samples)
    samples = sorted(label for label in frame["sample_label"].unique() if label.startswith("S"))
    rename = {
        label: f"{prefix}-{i // 2:04d}" + ("" if i % 2 == 0 else " DUP") for i, label in enumerate(samples)
    }
    frame["sample_label"] = frame["sample_label"].replace(rename)
    frame.loc[frame["sample_label"].str.endswith(" DUP"), "sample_type"] = "duplicate"
    manifest = folder / f"manifest-{prefix}.csv"
    manifest.write_bytes(_manifest(n_samples, prefix))
    tech = users.authenticate(ctx, TECH.username, TECH.password)
    import_manifest(ctx, manifest, tech)
    name = f"generated {n_samples}"
    metadata = {"run_name": name, "matched": {v: v for v in rename.values()}, "technique": "icp-oes"}
    with ctx.unit_of_work(tech, Action.IMPORT_RUN, None, event="import_run") as session:
        archive_run(
            session,
            file_name=f"{prefix}.csv",
            raw_bytes=prefix.encode(),
            profile="bench",
            records=frame_records(frame[list(TIDY_COLUMNS)]),
            imported_by=tech.username,
            technique="icp-oes",
            metadata=metadata,
        )
    return name


class Backend:
    """A template database per backend, copied for every timed first calculation."""

    def __init__(self, kind: str, folder: Path) -> None:
        self.kind, self.folder, self.copies = kind, folder, 0
        if kind == "postgresql":
            import pg_server

            self.server = pg_server.shared_server()
            self.template = self.server.create_database("bench_tpl")
            self.template_url = self.server.url(self.template)
        else:
            self.template_url = str(folder / "template.sqlite")
        with ServiceContext(self.template_url, migrate_policy="upgrade") as ctx:
            prepare_demo(ctx)
            self.runs = [DEMO_RUN] + [prepare_generated(ctx, n, folder) for n in SIZES]

    def copy(self) -> str:
        self.copies += 1
        if self.kind == "postgresql":
            return self.server.url(self.server.create_database("bench", template=self.template))
        target = self.folder / f"copy{self.copies}.sqlite"
        shutil.copyfile(self.template_url, target)
        return str(target)


# --- timing ------------------------------------------------------------------------------------


@contextmanager
def clock(into: dict[str, list[float]], key: str) -> Iterator[None]:
    """Adds (wall, CPU) seconds of the block to `into[key]` (CPU: this process only; the PostgreSQL
    server's own work shows in wall time)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    yield
    into.setdefault(key, []).append(time.perf_counter() - start)
    into.setdefault(key + "_cpu", []).append(time.process_time() - start_cpu)


def _methods_for(run: str) -> tuple[dict, str | None]:
    if run == DEMO_RUN:
        return load_methods(), None
    return {"bench": bench_method()}, "bench"


def measure_run(backend: Backend, run: str, repeats: int = REPEATS) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    methods, method_id = _methods_for(run)
    for _ in range(repeats):
        with ServiceContext(backend.copy(), migrate_policy="upgrade") as ctx:
            tech = users.authenticate(ctx, TECH.username, TECH.password)
            with clock(times, "read"), ctx.read_session() as session:
                inputs = load_inputs(session, find_run(session, run), methods, method_id)
            with clock(times, "core"):
                calculate(
                    inputs.frame,
                    inputs.method,
                    inputs.preparations,
                    inputs.references,
                    inputs.exclusions,
                    methods=list(methods.values()),
                )
            with clock(times, "calculate"):
                summary = calculate_run(ctx, run, tech, methods=methods, method_id=method_id)
            with clock(times, "recalculate"):
                calculate_run(ctx, run, tech, methods=methods, method_id=method_id)
            lots = sorted(set(inputs.preparations["lot"]))
            if run == DEMO_RUN:
                with clock(times, "grade"):
                    grade_lots(ctx, tech, lots=lots)
            times.setdefault("rows", []).append(summary.preparation_results + summary.reportable_results)
            times.setdefault("readings", []).append(len(inputs.frame))
    return times


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def demo_command(repeats: int = 2) -> dict[str, list[float]]:
    """`labapp demo` in a fresh process, against a fresh process that imports the CLI and exits (wall
    time, and the child process's CPU time, which a loaded machine disturbs less)."""
    times: dict[str, list[float]] = {}
    code = "import sys; from labapp.cli import main; sys.exit(main(sys.argv[1:]))"
    commands = {
        "floor": [sys.executable, "-c", "import labapp.cli"],
        "demo": [sys.executable, "-c", code, "demo", "--out"],
    }
    for _ in range(repeats):
        out = Path(tempfile.mkdtemp()) / "demo"
        for name, command in commands.items():
            start, cpu = time.perf_counter(), _children_cpu()
            args = [*command, str(out)] if name == "demo" else command
            subprocess.run(args, check=True, capture_output=True)
            times.setdefault(name, []).append(time.perf_counter() - start)
            times.setdefault(name + "_children", []).append(_children_cpu() - cpu)
        shutil.rmtree(out.parent, ignore_errors=True)
    return times


def profile_calculate(backend: Backend, run: str, top: int = 25) -> str:
    methods, method_id = _methods_for(run)
    with ServiceContext(backend.copy(), migrate_policy="upgrade") as ctx:
        tech = users.authenticate(ctx, TECH.username, TECH.password)
        profiler = cProfile.Profile()
        profiler.runcall(calculate_run, ctx, run, tech, methods=methods, method_id=method_id)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _med(values: list[float]) -> float:
    return float(np.median(values))


def report_run(backend: str, run: str, t: dict[str, list[float]]) -> str:
    """Medians of wall and process CPU seconds; ratios to the core calculation on CPU time (the machine
    is shared: other jobs stretch wall time, CPU time much less). On PostgreSQL the server's own CPU
    is not in this process's CPU time: there the wall time counts."""
    core = _med(t["core_cpu"])
    parts = [f"{backend:10s} {run:20s} readings {int(t['readings'][0]):6d} rows {int(t['rows'][0]):5d} |"]
    for step in ("read", "core", "calculate", "recalculate", "grade"):
        if step in t:
            cpu = _med(t[step + "_cpu"])
            ratio = "" if step in ("read", "core", "grade") else f" = {cpu / core:.1f}x core"
            parts.append(f"{step} {_med(t[step]):.3f} wall / {cpu:.3f} cpu{ratio} |")
    return " ".join(parts) + " (s, medians)"


def main(
    postgres: bool = True,
    profile: bool = False,
    repeats: int = REPEATS,
    demo: bool = True,
    sqlite: bool = True,
) -> dict[tuple[str, str], dict[str, list[float]]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-service-"))
    kinds = (["sqlite"] if sqlite else []) + (["postgresql"] if postgres else [])
    results: dict[tuple[str, str], dict[str, list[float]]] = {}
    for kind in kinds:
        try:
            backend = Backend(kind, folder)
        except BaseException as exc:  # noqa: BLE001 - PostgreSQL missing: the SQLite figures still count
            print(f"{kind} not measured: {exc}")
            continue
        for run in backend.runs:
            results[(kind, run)] = measure_run(backend, run, repeats)
            print(report_run(kind, run, results[(kind, run)]), flush=True)
        if profile and kind == "sqlite":
            print(profile_calculate(backend, f"generated {SIZES[-1]}"))
            print(profile_calculate(backend, DEMO_RUN))
    if demo:
        t = demo_command()
        print(
            f"labapp demo: {_med(t['demo']):.2f} s wall (children's CPU {_med(t['demo_children']):.2f} s); "
            f"a fresh interpreter importing the CLI {_med(t['floor']):.2f} s wall "
            f"({_med(t['floor_children']):.2f} s CPU)"
        )
    for kind in kinds:
        if (kind, f"generated {SIZES[-1]}") in results:
            t50, t100, t200 = linearity(results, kind)
            print(f"{kind}: calculate cpu 50 / 100 / 200 solutions: {t50:.3f} / {t100:.3f} / {t200:.3f} s")
    shutil.rmtree(folder, ignore_errors=True)
    return results


def linearity(results: dict[tuple[str, str], dict[str, list[float]]], kind: str) -> list[float]:
    return [_med(results[(kind, f"generated {n}")]["calculate_cpu"]) for n in SIZES]


@pytest.mark.bench
def test_bench_service() -> None:
    results = main(profile=True)
    for kind in ("sqlite", "postgresql"):
        if (kind, f"generated {SIZES[-1]}") in results:
            t50, _, t200 = linearity(results, kind)
            print(f"{kind}: t(200) / t(50) = {t200 / t50:.2f} (4.0 = proportional; less: a fixed cost)")
            assert t200 / t50 < 8.0  # quadratic growth would give 16


if __name__ == "__main__":
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else REPEATS
    flags = {"postgres": "--no-postgres" not in sys.argv, "sqlite": "--no-sqlite" not in sys.argv}
    main(profile="--profile" in sys.argv, repeats=repeats, demo="--no-demo" not in sys.argv, **flags)
