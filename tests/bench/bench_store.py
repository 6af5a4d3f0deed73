"""Store benchmark: archiving an import's readings (normalise, digest, bulk insert) against a bare
driver executemany of the same, already prepared rows into the same table, in the same run, on SQLite
and (when the throwaway server can start) PostgreSQL. Reports microseconds per reading and the ratio.

Run: .venv/bin/python tests/bench/bench_store.py [READINGS]
 or: .venv/bin/pytest tests/bench/bench_store.py -s
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/pg_server.py

from labapp.services.context import ServiceContext  # noqa: E402
from labapp.store.archive import archive_run  # noqa: E402
from labapp.store.measurements import FIELDS, INSERT_COLUMNS, normalised_rows  # noqa: E402

READINGS = 200_000
REPEATS = 3
ELEMENTS = np.array(["Ni", "Co", "Mn", "Li", "Cu", "Al", "Fe", "P"])


def tidy_frame(readings: int, seed: int = 1) -> pd.DataFrame:
    """A tidy measurement frame as an importer returns it (8 lines per solution, 3 replicates)."""
    rng = np.random.default_rng(seed)
    idx = np.arange(readings)
    value = rng.lognormal(0, 1.5, readings)
    value[rng.random(readings) < 0.01] = np.nan
    return pd.DataFrame(
        {
            "source_row": idx + 2,
            "sample_label": [f"BM26-{i // 24:05d}" for i in idx],
            "sample_type": "sample",
            "element": ELEMENTS[idx % 8],
            "species": "",
            "line": "231.604",
            "view": "axial",
            "replicate": (idx // 8) % 3 + 1,
            "intensity": rng.lognormal(8, 2, readings),
            "value": value,
            "unit": "mg/L",
            "censored": np.where(np.isnan(value), "<", ""),
            "detection_limit": np.where(np.isnan(value), 0.002, np.nan),
            "flags": "",
            "acquired_at": "2026-03-17T10:15:00",
        }
    )


def _archive_seconds(ctx: ServiceContext, frame: pd.DataFrame) -> float:
    start = time.perf_counter()
    with ctx.account_unit_of_work("bench", "benchmark") as session:
        archive_run(
            session, file_name="b.csv", raw_bytes=b"b", profile="p", records=frame, imported_by="bench"
        )
    return time.perf_counter() - start


def _bare_seconds(ctx: ServiceContext, rows: list[tuple], run_id: int, batch: int) -> float:
    """The floor: the driver's executemany of prepared tuples, one transaction, nothing else (its rows
    hang off the first archived run, at positions that cannot collide)."""
    placeholder = "?" if ctx.is_embedded else "%s"
    statement = (
        f"INSERT INTO measurements ({', '.join(INSERT_COLUMNS)}) "
        f"VALUES ({', '.join(placeholder for _ in INSERT_COLUMNS)})"
    )
    prepared = [(run_id, 10_000_000 * (1 + batch) + i, *row) for i, row in enumerate(rows)]
    raw = ctx.engine.raw_connection()
    try:
        cursor = raw.cursor()
        start = time.perf_counter()
        if ctx.is_embedded:
            cursor.execute("BEGIN IMMEDIATE")  # labapp's connections leave transactions to the caller
        cursor.executemany(statement, prepared)
        raw.commit()
        return time.perf_counter() - start
    finally:
        raw.close()


def measure(url: str, readings: int = READINGS, repeats: int = REPEATS) -> dict[str, float]:
    frame = tidy_frame(readings)
    rows = normalised_rows(frame)
    assert len(rows[0]) == len(FIELDS)
    archive = bare = float("inf")
    with ServiceContext(url, migrate_policy="upgrade") as ctx:
        for repeat in range(repeats):  # alternated, so both insert into a table of the same size
            archive = min(archive, _archive_seconds(ctx, frame))
            bare = min(bare, _bare_seconds(ctx, rows, 1, repeat))
    return {"archive_us": archive / readings * 1e6, "bare_us": bare / readings * 1e6, "ratio": archive / bare}


def _urls() -> dict[str, str]:
    urls = {"sqlite": str(Path(tempfile.mkdtemp()) / "bench.sqlite")}
    try:
        import pg_server

        server = pg_server.shared_server()
        urls["postgresql"] = server.url(server.create_database("bench"))
    except BaseException as exc:  # noqa: BLE001 - a skip outside pytest; the SQLite figures still count
        print(f"PostgreSQL not measured: {exc}")
    return urls


def report(readings: int = READINGS) -> None:
    for backend, url in _urls().items():
        m = measure(url, readings)
        print(
            f"{backend:10s} {readings} readings: archive {m['archive_us']:.2f} us/reading, "
            f"bare executemany {m['bare_us']:.2f} us/reading, ratio {m['ratio']:.2f}"
        )


@pytest.mark.bench
def test_bench_store() -> None:
    report()


if __name__ == "__main__":
    report(int(sys.argv[1]) if len(sys.argv) > 1 else READINGS)
