"""The long reader's pyarrow fast path reads exactly what pandas' C parser reads: the same tidy
frame, warnings and metadata, or the same one-line error, on every real export, on the project's
own fixtures and on generated files full of what parsers disagree on (quotes, padding, blank and
short rows, tokens, `True`, `-0`, line endings)."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labapp.importers.long as long_reader
from labapp.core.errors import InputFileError
from labapp.importers import read_export
from labapp.importers.arrow_table import arrow_table as real_arrow_table

REPO = Path(__file__).resolve().parents[2]
HEADER = '"Solution Label","Type","Element","Flags","Soln Conc","Units","Int","Date","Time"'
CELLS = [
    "",
    '""',
    "BM-1",
    '"BM-2"',
    '"a,b"',
    '"say ""x"""',
    'x"y',
    '"q"z',
    " padded",
    "Samp",
    '"Std"',
    "Ni 231.604",
    "Co 228.616",
    "1.5",
    "-0",
    "0012",
    "1e5",
    "####",
    "<LOD",
    "True",
    "inf",
    "nan",
    "12.25 ",
    "08/02/2026",
    "10:15:00",
    "é",
    '"multi\nline"',
]


class Spy:
    """Counts the files pyarrow read (a test of the fast path must not pass by never taking it)."""

    def __init__(self) -> None:
        self.read = 0
        self.real = long_reader.arrow_table

    def __call__(self, *args, **kwargs):
        table = self.real(*args, **kwargs)
        self.read += table is not None
        return table


def outcome(path: Path, arrow: bool) -> tuple:
    patch = mock.patch.object(long_reader, "arrow_table", return_value=None)
    try:
        if arrow:
            result = read_export(path)
        else:
            with patch:
                result = read_export(path)
    except InputFileError as exc:
        return ("refused", str(exc))
    return ("read", result.frame, result.warnings, result.metadata)


def assert_same(path: Path) -> None:
    fast, slow = outcome(path, True), outcome(path, False)
    assert fast[0] == slow[0], (path, fast[:1] + fast[1:2], slow[:2])
    if fast[0] == "refused":
        assert fast[1] == slow[1]
        return
    pd.testing.assert_frame_equal(fast[1], slow[1], check_exact=True)
    assert fast[2:] == slow[2:]


def text_exports(folder: Path) -> list[Path]:
    suffixes = {".csv", ".txt", ".tsv", ".asc", ".dat"}
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in suffixes)


def test_every_real_text_export_reads_the_same_through_pyarrow(real_files_dir):
    spy = Spy()
    with mock.patch.object(long_reader, "arrow_table", spy):
        files = text_exports(real_files_dir)
        for path in files:
            assert_same(path)
    assert len(files) >= 20
    assert spy.read >= 2  # taken (Agilent ICP Expert, Bruker S8), not only declined


def test_the_demo_exports_read_the_same():
    files = [REPO / "resources" / "demo" / name for name in ("icp_oes_run.csv", "xrf_pellets.csv")]
    for path in files:
        assert_same(path)


@st.composite
def long_export(draw) -> bytes:
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    rows = [HEADER]
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 15)) == 0:
            rows.append("")
            continue
        width = 9 if draw(st.integers(0, 9)) else draw(st.integers(1, 11))
        row = [draw(st.sampled_from(CELLS)) for _ in range(width)]
        if draw(st.booleans()):  # a typical reading: label, type, element, value
            row[: min(width, 5)] = ["BM-1", "Samp", "Ni 231.604", "", "1.5"][: min(width, 5)]
        rows.append(",".join(row))
    text = ending.join(rows) + (ending if draw(st.booleans()) else "")
    return text.encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=long_export())
def test_generated_long_exports_read_the_same_or_are_refused_alike(tmp_path, data):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    assert_same(path)


@pytest.mark.parametrize(
    "body, taken",
    [
        ('"BM-1","Samp","Ni 231.604","",1.5,"mg/L",100,"08/02/2026","10:15:00"', True),
        ('"BM-1", "Samp","Ni 231.604","",1.5,"mg/L",100,"08/02/2026","10:15:00"', False),  # padding
        ('"BM-1","Samp","Ni 231.604","",1.5,"mg/L",100,"08/02/2026"', False),  # a short row
        ('"BM-1","Samp","Ni 231.604","",True,"mg/L",100,"08/02/2026","10:15:00"', False),
    ],
)
def test_the_fast_path_declines_what_pandas_reads_differently(tmp_path, body, taken):
    path = tmp_path / "export.csv"
    path.write_text(f"{HEADER}\r\n{body}\r\n", encoding="utf-8")
    spy = Spy()
    with mock.patch.object(long_reader, "arrow_table", spy):
        assert_same(path)
    assert spy.read == int(taken)


def test_the_parse_takes_its_memory_from_the_c_allocator(tmp_path):
    """pyarrow's default pool (mimalloc) kept a million-reading parse's freed blocks: the reader sets
    the C allocator's pool, which returns them (docs/PERFORMANCE.md, "Readers re-measured")."""
    import pyarrow as pa

    assert pa.default_memory_pool().backend_name == "system"
    path = tmp_path / "long.csv"
    rows = [f'"BM-{n}","Samp","Ni 231.604","",{n}.25,"mg/L",1.5,"08/02/2026","10:00:00"' for n in range(50)]
    path.write_text("\r\n".join([HEADER, *rows, ""]))
    parsed = []
    with mock.patch.object(
        long_reader, "arrow_table", side_effect=lambda *a: parsed.append(real_arrow_table(*a)) or parsed[-1]
    ):
        frame = read_export(path).frame
    assert len(parsed) == 1 and parsed[0] is not None  # pyarrow parsed it, from that pool
    assert len(frame) == 50 and frame["value"].iloc[-1] == 49.25
