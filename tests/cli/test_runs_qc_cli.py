"""`labapp runs list` and `labapp qc --run R`: the runs of a database and each QC check of one run,
as the stored outcomes say (which checks failed, their value, statistic, limits)."""

from __future__ import annotations

import pytest
from demo_builds import copy_demo

from labapp.cli import main
from labapp.core.vocabulary import CheckOutcome, QcCheck
from labapp.demo.build import DemoReport
from labapp.services.calculation.results import run_qc
from labapp.services.context import ServiceContext

ICP = "ICP-OES 2026-03-17"


@pytest.fixture(scope="module")
def demo_db(demo_build: DemoReport, tmp_path_factory) -> str:
    return str(copy_demo(demo_build, tmp_path_factory.mktemp("runs-qc") / "demo").database)


def _out(capsys, *argv: str) -> list[str]:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


def test_runs_list_and_by_state(demo_db, capsys):
    lines = _out(capsys, "--db", demo_db, "runs", "list")
    assert lines[0].split() == ["id", "name", "state", "imported", "by", "file"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]  # ICP-OES, XRF, ICP-OES trace
    assert ICP in lines[1] and "approved" in lines[1] and lines[1].endswith("icp_oes_run.csv")
    assert "ICP-OES trace 2026-03-19" in lines[3] and "approved" in lines[3]
    assert _out(capsys, "--db", demo_db, "runs", "list", "--state", "imported") == [
        "no runs in state imported: `labapp import` adds one"
    ]


def test_qc_lists_each_failed_check_with_its_numbers(demo_db, capsys):
    with ServiceContext(demo_db) as ctx:
        stored = run_qc(ctx, ICP)
    failed = [c for c in stored if c.outcome is CheckOutcome.FAIL]
    applicable = [c for c in stored if c.outcome is not CheckOutcome.NOT_APPLICABLE]
    assert failed  # the demo run is designed with failing checks (resources/demo/README.md)
    lines = _out(capsys, "--db", demo_db, "qc", "--run", ICP, "--failed")
    summary = f"{len(failed)} of {len(applicable)} checks failed ({len(stored)} listed by the method)"
    assert lines[-1] == summary
    rows = lines[1:-1]
    assert len(rows) == len(failed)
    for row, check in zip(rows, failed, strict=True):
        assert row.startswith(check.check.label()[:36])
        assert f"{check.element} {check.line}" in row
        assert f"{check.statistic:.6g}" in row
        assert f"{check.lower_limit:.4g} .. {check.upper_limit:.4g}" in row
        assert " fail" in row


def test_qc_shows_the_correlation_coefficient_unrounded(demo_db, capsys):
    lines = _out(capsys, "--db", demo_db, "qc", "--run", ICP)
    with ServiceContext(demo_db) as ctx:
        stored = run_qc(ctx, ICP)
    first_r = next(c for c in stored if c.check is QcCheck.CALIBRATION_R)
    assert len(lines) == len(stored) + 2
    shown = f"{first_r.statistic:.6g}"
    assert any(shown in line and line.startswith("calibration correlation") for line in lines)
    assert f"{first_r.statistic:.6g}" != "1"


def test_an_unknown_state_is_a_one_line_error(demo_db, capsys):
    assert main(["--db", demo_db, "runs", "list", "--state", "finished"]) == 2
    assert capsys.readouterr().err == (
        "labapp: unknown RunState 'finished'; use one of imported, calculated, submitted, reviewed, "
        "approved, rejected\n"
    )
