"""Every output prints a result with the same digits (issue 17, item 4): the certificate's JSON twin,
the text of its PDF (pdftotext), the frame the GUI's results grid shows, and `labapp results`, for every
demo lot. The digits obey the one rule (labapp.core.uncertainty.reporting): U with two significant
digits, the value to U's decimal place, a "<" bound never below the computed LOQ."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from _certification_support import gum_round, pdf_text
from demo_builds import copy_demo

from labapp.cli import main
from labapp.core.vocabulary import PanelKind
from labapp.demo.build import DemoReport
from labapp.gui.results_view import RESULTS_COLUMNS
from labapp.services.calculation.run_views import results_frame
from labapp.services.context import ServiceContext

RUNS = ("ICP-OES 2026-03-17", "ICP-OES trace 2026-03-19")  # the main run, and Pb, Cd, Cr (issue 21)
_PDF_ROW = re.compile(
    r"^\s*(?P<analyte>[A-Z][a-z]?)\s+(?P<result>< [\d.]+|[\d.]+|—)\s+"
    r"(?:(?P<U>[\d.]+)\s+(?P<k>[\d.]+)\s+)?(?:wt%|mg/kg)\s+(?P<loq>[\d.]+)\s"
)

PANEL_TECHNIQUES = {kind.technique for kind in PanelKind}


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    report = copy_demo(demo_build, tmp_path_factory.mktemp("digits") / "out")
    return report.database, report.out_dir / "certificates"


def _cli_rows(db: Path, lot: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    rows = {}
    for run in RUNS:
        assert main(["--db", str(db), "results", "--run", run, "--lot", lot]) == 0
        header, *lines = capsys.readouterr().out.splitlines()
        starts = [header.index(name) for name in header.split()]
        names = header.split()
        for line in lines:
            cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
            row = dict(zip(names, cells, strict=True))
            rows[row["element"]] = row
    return rows


def _pdf_rows(pdf: Path) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in pdf_text(pdf).splitlines():
        found = _PDF_ROW.match(line)
        if found and found["analyte"] not in rows:  # the results table comes before contained metal
            rows[found["analyte"]] = {k: v or "" for k, v in found.groupdict().items()}
    return rows


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_twin_pdf_grid_and_cli_print_the_same_digits(demo, capsys) -> None:
    db, certificates = demo
    with ServiceContext(str(db)) as ctx:
        grid = pd.concat([results_frame(ctx, run) for run in RUNS], ignore_index=True)
    shown = {c.key for c in RESULTS_COLUMNS}
    assert {"text", "U_text", "k_text", "loq_text", "lod_text"} <= shown  # what the grid displays
    grid = grid[grid["reportable"]].set_index(["lot_code", "element"])
    twins = sorted(certificates.glob("*.json"))
    assert len(twins) == 14
    compared = censored = withheld = absent = 0
    for twin_path in twins:
        twin = json.loads(twin_path.read_text(encoding="utf-8"))
        lot = twin["lot"]["lot_id"]
        pdf = _pdf_rows(twin_path.with_suffix(".pdf"))
        cli = _cli_rows(db, lot, capsys)
        for result in twin["results"]:
            if result.get("terms"):  # a sum the criteria limit (Ni+Co): no stored result row of its own;
                continue  # tests/services/test_certificate_conformity.py checks its digits
            analyte = result["analyte"]
            if result["method"].split(",")[0] in PANEL_TECHNIQUES:  # a panel test's (issue 21): no run,
                assert analyte not in cli  # so not in a run's grid or `labapp results`
                continue  # tests/services/test_panel_certificate_rows.py checks its digits
            p, c, g = pdf[analyte], cli[analyte], grid.loc[(lot, analyte)]
            where = f"{lot} {analyte}"
            assert p["loq"] == c["loq"] == g["loq_text"], where
            assert Decimal(p["loq"]) == Decimal(repr(result["loq"])), where
            assert float(p["loq"]) >= g["loq"] * (1 - 1e-12), where  # a bound is never tightened
            if result["censored"] == "<" and result["status"] == "not_detected":  # "< LOD", its LOD
                absent += 1
                bound = f"< {g['lod_text']}"
                assert Decimal(g["lod_text"]) == Decimal(repr(result["lod"])), where
                assert float(g["lod_text"]) >= g["lod"] * (1 - 1e-12) and g["lod"] < g["loq"], where
                assert p["result"] == g["text"] == c["result"].removesuffix(" (LOD)") == bound, where
                assert c["result"].endswith(" (LOD)"), where
                continue
            if result["censored"] == "<":
                censored += 1
                bound = f"< {p['loq']}"
                assert "lod" not in result, where  # the twin writes the LOD only as a bound
                assert p["result"] == g["text"] == c["result"].removesuffix(" (LOQ)") == bound, where
                continue
            if result["value"] is None:  # read above the calibration range: not reportable
                withheld += 1
                grid_text = g["text"] if isinstance(g["text"], str) else ""  # None in the store: NaN here
                assert (p["result"], c["result"], grid_text, g["U_text"]) == ("—", "no result", "", ""), where
                assert result["status"] == "not_reportable" and "dilute and re-measure" in result["note"]
                continue
            compared += 1
            assert p["result"] == c["result"] == g["text"], where
            assert p["U"] == c["U"] == g["U_text"] and p["k"] == c["k"] == g["k_text"], where
            assert Decimal(p["result"]) == Decimal(repr(result["value"])), where
            assert Decimal(p["U"]) == Decimal(repr(result["u_expanded"])), where
            assert Decimal(p["k"]) == Decimal(repr(result["k"])), where
            # the rule, checked independently: U to two significant digits, the value to its place
            rounded = gum_round(float(g["value"]), float(g["expanded_uncertainty"]))
            assert (p["result"], p["U"]) == rounded, where
            assert _decimals(p["result"]) == _decimals(p["U"]), where
    assert compared >= 100 and censored >= 5 and withheld == 0  # the regenerated demo: nothing above range
    assert absent >= 3  # BM26-0007 Ni and Co, BM26-0006 Zn are not detected


def test_the_application_rule_agrees_with_an_independent_implementation() -> None:
    """`gum_round` (tests/services/_certification_support) is written without the application's code."""
    import numpy as np

    from labapp.certificates.formatting import format_result

    rng = np.random.default_rng(17)
    values = rng.uniform(-100, 100, 20_000) * 10.0 ** rng.integers(-4, 5, 20_000)
    us = rng.uniform(0.01, 99.9, 20_000) * 10.0 ** rng.integers(-5, 4, 20_000)
    pairs = [(float(v), float(u)) for v, u in zip(values, us, strict=True)]
    assert [gum_round(v, u) for v, u in pairs] == [format_result(v, u) for v, u in pairs]
    # the two GUM 7.2.6 cases and a carry into the next decade
    assert [gum_round(1.0, u)[1] for u in (10.47, 28.05, 0.996)] == ["11", "28", "1.0"]
