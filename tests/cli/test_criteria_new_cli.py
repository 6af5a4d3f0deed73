"""`labapp criteria new --from TEMPLATE --id ... --customer ...`: a customer's contract specification
from the shipped template, validated, audited, versioned, and frozen once it has graded a lot."""

from __future__ import annotations

import csv
import json

import pytest
from accounts import account
from sqlalchemy import select

from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.resources import resource_path
from labapp.services.administration import users
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import read_criteria_file
from labapp.services.grading.criteria_files import save_set_text
from labapp.services.grading.grade import grade_lots
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.store.audit_event import AuditEvent
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

DEMO = resource_path("demo")
PASSWORDS = {"admin": "Kanri-Test-2026x", "tech": "Bunseki-Test-2026x"}
pytestmark = pytest.mark.skipif(not (DEMO / "truth.csv").is_file(), reason="demo data not generated")


@pytest.fixture
def db(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LABAPP_DATA", str(tmp_path / "data"))
    path = str(tmp_path / "lab.sqlite")
    with ServiceContext(path) as ctx:
        users.create_first_administrator(ctx, "admin", "Aiko Admin", PASSWORDS["admin"])
        admin = users.authenticate(ctx, "admin", PASSWORDS["admin"])
        users.add_user(
            ctx, admin, "tech", "Takumi Tanaka", ["technician"], PASSWORDS["tech"], temporary_password=False
        )
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
        import_run(ctx, DEMO / "icp_oes_run.csv", "ICP 1", account(ctx, "tech"))
        truth = [
            r
            for r in csv.DictReader((DEMO / "truth.csv").open(encoding="utf-8"))
            if r["kind"] == "lot" and r["label"] == "BM26-0002"
        ]
        with ctx.account_unit_of_work("tech", event="calculate") as session:
            run_id = session.scalar(select(InstrumentRun.id))
            lot_id = session.scalar(select(Lot.id).where(Lot.code == "BM26-0002"))
            for r in truth:
                element = r["element"] or "moisture"
                unit = "wt%" if r["element"] else "%"
                session.add(
                    Result(
                        run_id=run_id,
                        lot_id=lot_id,
                        element=element,
                        unit=unit,
                        basis="dry",
                        value=float(r["value"]),
                        expanded_uncertainty=0.03 * float(r["value"]),
                        coverage_factor=2.0,
                        method="icp-oes-black-mass",
                        reportable=True,
                        calculated_by="tech",
                    )
                )
    return path


def run(capsys, monkeypatch, db: str, user: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS[user])
    code = main(["--db", db, "criteria", "new", *args, "--user", user])
    out, err = capsys.readouterr()
    return code, out, err


def _events(db: str) -> list[AuditEvent]:
    with ServiceContext(db, existing=True) as ctx, ctx.read_session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == "new_criteria_set")))


def test_new_contract_set_from_the_template(capsys, monkeypatch, db, tmp_path) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        db,
        "admin",
        "--from",
        "buyer-contract",
        "--id",
        "acme-bm",
        "--customer",
        "Acme Recycling GmbH",
    )
    assert code == 0, err
    target = tmp_path / "data" / "criteria" / "acme-bm-1.0.toml"
    assert f"created acme-bm version 1.0 for Acme Recycling GmbH in {target}" in out
    cs = read_criteria_file(target)
    assert (cs.id, cs.version, cs.customer, cs.title) == (
        "acme-bm",
        "1.0",
        "Acme Recycling GmbH",
        "Contract specification of Acme Recycling GmbH",
    )
    assert "{{" not in target.read_text(encoding="utf-8")
    [event] = _events(db)
    detail = json.loads(event.new_values)
    assert (event.actor, detail["set_id"], detail["customer"], detail["template"]) == (
        "admin",
        "acme-bm",
        "Acme Recycling GmbH",
        "buyer-contract",
    )
    # the same id and version again is refused in one line, nothing written
    code, _, err = run(
        capsys,
        monkeypatch,
        db,
        "admin",
        "--from",
        "buyer-contract",
        "--id",
        "acme-bm",
        "--customer",
        "Acme Recycling GmbH",
    )
    assert code == 2 and err.count("\n") == 1 and "acme-bm version 1.0 already exists" in err
    assert len(_events(db)) == 1


def test_bad_input_and_missing_permission_write_nothing(capsys, monkeypatch, db, tmp_path) -> None:
    code, _, err = run(
        capsys, monkeypatch, db, "tech", "--from", "buyer-contract", "--id", "x-bm", "--customer", "X"
    )
    assert code == 2 and err.startswith("labapp: user 'tech' (technician) may not manage criteria sets: ")
    assert err.count("\n") == 1
    code, _, err = run(
        capsys, monkeypatch, db, "admin", "--from", "buyer-contract", "--id", "Bad Id", "--customer", "X"
    )
    assert code == 2 and "set id 'Bad Id'" in err
    code, _, err = run(
        capsys, monkeypatch, db, "admin", "--from", "no-such", "--id", "x-bm", "--customer", "X"
    )
    assert code == 2 and "no criteria template 'no-such'; shipped: buyer-contract" in err
    assert not (tmp_path / "data" / "criteria").exists() or not list(
        (tmp_path / "data" / "criteria").iterdir()
    )
    assert _events(db) == []


def test_the_contract_set_grades_and_is_then_frozen(capsys, monkeypatch, db, tmp_path) -> None:
    code, _, err = run(
        capsys, monkeypatch, db, "admin", "--from", "buyer-contract", "--id", "acme-bm", "--customer", "Acme"
    )
    assert code == 0, err
    path = tmp_path / "data" / "criteria" / "acme-bm-1.0.toml"
    with ServiceContext(db, existing=True) as ctx:
        admin = users.authenticate(ctx, "admin", PASSWORDS["admin"])
        # before use the lab may still edit it (validated)
        save_set_text(
            ctx,
            admin,
            path,
            path.read_text(encoding="utf-8").replace(
                '{ quantity = "Ni+Co", min = 20, source = "FMEU23" }',
                '{ quantity = "Ni+Co", min = 21, source = "CONTRACT" }',
            ),
        )
        [s] = grade_lots(ctx, account(ctx, "tech"), lots=["BM26-0002"], criteria=str(path))
        assert (s.criteria.id, s.criteria.version) == ("acme-bm", "1.0") and s.stored
        with pytest.raises(LabappError, match="frozen by use"):
            save_set_text(ctx, admin, path, path.read_text(encoding="utf-8") + "\n# changed\n")
