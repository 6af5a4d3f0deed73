"""`labapp grade` and `labapp gradings` on the demo lots, with results inserted from their true values."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from accounts import account
from sqlalchemy import select

from labapp.cli import main
from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

DEMO = resource_path("demo")
PASSWORDS = {"admin": "Kanri-Test-2026x", "tech": "Bunseki-Test-2026x", "rev": "Kensa-Test-2026x"}
pytestmark = pytest.mark.skipif(not (DEMO / "truth.csv").is_file(), reason="demo data not generated")


def _truth(code: str) -> dict[str, float]:
    rows = csv.DictReader((DEMO / "truth.csv").open(encoding="utf-8"))
    return {r["element"]: float(r["value"]) for r in rows if r["kind"] == "lot" and r["label"] == code
            and r["element"]}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("grade_cli") / "lab.sqlite")
    with ServiceContext(path) as ctx:
        users.create_first_administrator(ctx, "admin", "Aiko Admin", PASSWORDS["admin"])
        admin = users.authenticate(ctx, "admin", PASSWORDS["admin"])
        users.add_user(ctx, admin, "tech", "Takumi Tanaka", ["technician"], PASSWORDS["tech"],
            temporary_password=False)
        users.add_user(ctx, admin, "rev", "Rei Reviewer", ["reviewer"], PASSWORDS["rev"],
            temporary_password=False)
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
        import_run(ctx, DEMO / "icp_oes_run.csv", "ICP 1", account(ctx, "tech"))
        with ctx.account_unit_of_work("tech", event="calculate") as session:
            run_id = session.scalar(select(InstrumentRun.id))
            for code in ("BM26-0002", "BM26-0011"):
                lot_id = session.scalar(select(Lot.id).where(Lot.code == code))
                for element, value in _truth(code).items():  # U = 3 % of the value, k = 2
                    session.add(Result(run_id=run_id, lot_id=lot_id, element=element, unit="wt%", basis="dry",
                                       value=value, expanded_uncertainty=0.03 * value, coverage_factor=2.0,
                                       method="icp-oes-black-mass", reportable=True, calculated_by="tech"))
    return path


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, user: str | None,
        *args: str) -> tuple[int, str, str]:
    if user:
        monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS[user])
    code = main(["--db", db, *args, *(["--user", user] if user else [])])
    out, err = capsys.readouterr()
    return code, out, err


def test_grade_lots_prints_grade_family_mismatch_and_screens(capsys, monkeypatch, db) -> None:
    code, out, err = run(capsys, monkeypatch, db, "tech", "grade", "--lot", "BM26-0002", "--lot", "BM26-0011")
    assert code == 0, err
    assert out.startswith("criteria jp-eu-black-mass version 0.2 (SHA-256 ")
    assert "BM26-0002: grade B; family NCM\n" in out
    # BM26-0011 is declared NCM and assays as LFP (resources/demo/expected.csv): LFP grade B
    assert "BM26-0011: grade B; family LFP (declared NCM: mismatch)" in out
    assert "  screen eu-low-19-14-02: " in out and "  screen cn-import-black-mass-2025: " in out
    # the China screen says what it did not test (issue 23), whatever its outcome
    china = next(line for line in out.splitlines() if line.startswith("  screen cn-import-black-mass-2025: "))
    assert "not assessed: limits whose published values were not found (not encoded) (Zn, Pb, Cd)" in china
    code, out, err = run(capsys, monkeypatch, db, None, "gradings", "--lot", "BM26-0002", "--format", "json")
    assert code == 0, err
    [latest, *_] = json.loads(out)
    assert (latest["criteria"]["id"], latest["criteria"]["version"], latest["grade"]) == ("jp-eu-black-mass",
                                                                                          "0.2", "B")
    assert len(latest["criteria"]["sha256"]) == 64 and latest["current"] is True


def test_grade_a_run_reports_lots_without_results(capsys, monkeypatch, db) -> None:
    code, out, err = run(capsys, monkeypatch, db, "tech", "grade", "--run", "ICP 1", "--rule", "simple")
    assert code == 0, err
    assert "BM26-0004: not gradable; family -; not stored\n  reason: no results" in out
    assert "simple acceptance (w = 0)" in out.splitlines()[0]
    code, out, _ = run(capsys, monkeypatch, db, None, "gradings", "--lot", "BM26-0002")
    lines = out.splitlines()
    assert "simple" in lines[0] and lines[0].endswith("[current]") and lines[-1].endswith("[superseded]")


def test_edited_frozen_set_and_missing_permission_fail_in_one_line(capsys, monkeypatch, db, tmp_path) -> None:
    run(capsys, monkeypatch, db, "tech", "grade", "--lot", "BM26-0002")
    text = resource_path("criteria", "jp-eu-black-mass-provisional.toml").read_text(encoding="utf-8")
    edited = Path(tmp_path / "edited.toml")
    edited.write_text(text.replace('title = "JP-EU black mass, provisional"', 'title = "JP-EU, edited"'),
                      encoding="utf-8")
    code, _, err = run(capsys, monkeypatch, db, "tech", "grade", "--lot", "BM26-0002",
                       "--criteria", str(edited))
    assert code == 2 and err.count("\n") == 1
    assert "jp-eu-black-mass version 0.2 is frozen" in err and "new version" in err
    code, _, err = run(capsys, monkeypatch, db, "rev", "grade", "--lot", "BM26-0002")
    assert code == 2 and "grade" in err
