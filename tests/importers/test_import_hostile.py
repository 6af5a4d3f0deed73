"""Hostile files cost nothing: devices, pipes and oversized files are refused before they are read,
workbooks are read within limits, and every failure is one line naming the file, line or cell."""

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from labapp.core.errors import InputFileError
from labapp.importers import read_export
from labapp.importers.xlsx import Limits


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_a_symlink_to_a_device_is_refused_unread(tmp_path):
    link = tmp_path / "run.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputFileError, match="run.csv: is not a regular file"):
        read_export(link)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_is_refused_unread(tmp_path):
    pipe = tmp_path / "run.csv"
    os.mkfifo(pipe)
    with pytest.raises(InputFileError, match="is not a regular file"):
        read_export(pipe)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="is not a regular file"):
        read_export(tmp_path)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "run.csv"
    big.write_bytes(b"Solution Label,Element,Soln Conc\n" + b"x,Ni 231.604,1\n" * 2000)
    with pytest.raises(
        InputFileError, match=r"run.csv: is 0 MiB, more than the 0 MiB an export may have \(limit\)"
    ):
        read_export(big, limits=Limits(max_file_bytes=1000))


def test_a_formula_with_a_zero_count_is_no_analyte(tmp_path, real_files_dir):
    lines = (real_files_dir / "rigaku/BOG.csv").read_text().split("\n")
    lines[0] = lines[0].replace("Al2O3", "B0", 1)
    source = tmp_path / "bog.csv"
    source.write_text("\n".join(lines))
    frame = read_export(source).frame  # the B0 column is no analyte: skipped, the rest is read
    assert "B" not in set(frame["element"]) and len(frame[frame["element"] == "As"]) > 0


def _workbook(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_damaged_workbook_names_the_file(tmp_path):
    good = _workbook(
        tmp_path / "good.xlsx", [["Solution Label", "Element", "Soln Conc"], ["A", "Ni 231.604", 1]]
    )
    data = bytearray(good.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 40] = b"\0" * 40
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputFileError) as info:
        read_export(bad)
    assert str(info.value).startswith(f"{bad}") and "\n" not in str(info.value)


def test_a_dimension_claiming_a_million_rows_costs_nothing(tmp_path):
    source = _workbook(
        tmp_path / "run.xlsx",
        [
            ["Solution Label", "Type", "Element", "Soln Conc", "Units"],
            ["BM-1", "Samp", "Ni 231.604", 1.5, "ppm"],
        ],
    )
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    text = parts[sheet].decode()
    start = text.index("<dimension")
    parts[sheet] = (
        text[:start] + '<dimension ref="A1:XFD1048576"/>' + text[text.index(">", start) + 1 :]
    ).encode()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    frame = read_export(source, limits=Limits(max_cells=10_000, max_seconds=5)).frame
    assert frame["value"].tolist() == [1.5] and frame["source_row"].tolist() == ["Sheet1!2"]


def test_a_workbook_forced_through_a_text_profile_says_so(tmp_path):
    source = _workbook(tmp_path / "run.xlsx", [["Probe", "Wert"], ["a", 1]])
    with pytest.raises(
        InputFileError,
        match="this is an Excel workbook, and profile shimadzu_icpesolution reads text exports only",
    ):
        read_export(source, "shimadzu_icpesolution")
