"""The probe of issue 20 on the demo database: Co of BM26-0001 changed to 12.5 wt % (the issue's demo
had 9.49; today's prints 9.3), the run signatures' SHA-256 recomputed and the chain rehashed from the
first touched event. Before seals and checkpoints, `labapp audit verify` read "intact" and the three
run signatures "valid"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _insider_support import chain_alone_is_fooled, reportable, rewrite_result_signatures_and_chain
from demo_builds import copy_demo
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from labapp.cli import main
from labapp.demo.build import DATABASE_NAME, DemoReport


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(demo_build, tmp_path_factory.mktemp("insider-demo") / "demo").out_dir


def _twins(demo: Path) -> dict[str, Path]:
    """Lot code -> its certificate's JSON twin."""
    twins = {}
    for path in sorted((demo / "certificates").glob("*.json")):
        twins[json.loads(path.read_text(encoding="utf-8"))["lot"]["lot_id"]] = path
    return twins


def test_every_twin_carries_a_checkpoint_the_chain_matches(demo: Path, capsys: pytest.CaptureFixture) -> None:
    twins = _twins(demo)
    assert "BM26-0001" in twins
    seqs = []
    for path in twins.values():
        checkpoint = json.loads(path.read_text(encoding="utf-8"))["audit_checkpoint"]
        assert checkpoint["reason"] == "certificate" and checkpoint["seal"].startswith("v1:")
        seqs.append(checkpoint["seq"])
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)  # one per certificate, in issue order
    database = str(demo / DATABASE_NAME)
    assert main(["--db", database, "audit", "verify", "--checkpoint", str(twins["BM26-0001"])]) == 0
    assert "audit trail intact" in capsys.readouterr().out


def test_co_of_bm26_0001_rewritten_with_its_hashes_is_named(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """On a copy (so elsewhere, as a database taken away to be edited would be): the twin's checkpoint
    still applies, since it names the copy's first event."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(demo / DATABASE_NAME, copy)
    twin = _twins(demo)["BM26-0001"]
    printed = {r["analyte"]: r["value"] for r in json.loads(twin.read_text(encoding="utf-8"))["results"]}
    engine = create_engine(f"sqlite:///{copy}")
    with Session(engine) as session:
        co = reportable(session, "BM26-0001", "Co")
        assert abs(co.value - printed["Co"]) < 0.05  # the signed value the certificate prints
        run_id = co.run_id
    rewrite_result_signatures_and_chain(engine, "BM26-0001", "Co", 12.5)
    chain_alone_is_fooled(engine)
    engine.dispose()

    assert main(["--db", str(copy), "audit", "verify", "--checkpoint", str(twin)]) == 1
    err = capsys.readouterr().err
    assert "labapp: audit trail broken at event" in err
    assert "signature: its seal does not match its content" in err or "history rewritten" in err
    assert main(["--db", str(copy), "signatures", "--run", str(run_id)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("signature invalidated") == 3
    assert "3 signature(s) invalidated" in captured.err and "seal does not match" in captured.err
