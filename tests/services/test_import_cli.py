"""`labapp import FILE --run NAME`, with labels assigned by hand: a decision with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts import PASSWORD, account

from labapp.cli import main
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
pytestmark = pytest.mark.skipif(not (DEMO / "icp_oes_run.csv").exists(), reason="demo data not generated")


@pytest.fixture
def db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    with ServiceContext(str(db_path)) as ctx:
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)  # `--user tech` signs in like anyone
    return str(db_path)


def _import(db: str, *extra: str) -> int:
    source = str(DEMO / "icp_oes_run.csv")
    return main(["--db", db, "import", source, "--run", "ICP", "--user", "tech", *extra])


def test_an_assignment_without_a_reason_is_refused_and_stores_nothing(db, capsys):
    assert _import(db, "--assign", "CRM LBM-01 #1=BM26-0001") != 0
    assert "by hand needs a reason" in capsys.readouterr().err
    assert _import(db, "--assign", "CRM LBM-01 #1", "--assign-reason", "x") != 0
    assert "write LABEL=PREPARATION" in capsys.readouterr().err


def test_an_assignment_with_a_reason_is_reported(db, capsys):
    code = _import(db, "--assign", "CRM LBM-01 #1=BM26-0001", "--assign-reason", "vial swapped on the rack")
    out = capsys.readouterr().out
    assert code == 0
    assert "assigned by hand (1): CRM LBM-01 #1 -> BM26-0001; reason: vial swapped on the rack" in out
    assert "not matched (1): CRM LBM-01 #2" in out
