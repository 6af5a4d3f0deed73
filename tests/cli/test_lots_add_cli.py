"""`labapp lots add`: one lot, its sample and its digests and pellets without a manifest, all or nothing."""

from __future__ import annotations

import pytest
from accounts import PASSWORD, account
from sqlalchemy import select

from labapp.cli import main
from labapp.services.context import ServiceContext
from labapp.store.lots import Lot, Preparation


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    path = str(tmp_path / "lab.sqlite")
    with ServiceContext(path) as ctx:
        account(ctx, "tina", "technician")
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    return path


def _add(db: str, code: str, *more: str) -> int:
    return main([
        "--db", db, "lots", "add", code, "--client", "Acme Recycling", "--chemistry", "NCM", "--origin",
        "end_of_life", *more, "--user", "tina",
    ])


def _preparations(db: str) -> dict[str, tuple]:
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        rows = session.execute(select(Preparation)).scalars().all()
        return {p.label: (p.kind, p.technique, p.sample_mass_g, p.digest_volume_ml, p.dilution_factor)
                for p in rows}


def test_a_lot_with_its_sample_digests_and_pellet(db, capsys):
    code = _add(db, "BM26-0100", "--moisture", "4.5", "--received", "2026-11-30",
                "--digest", "BM26-0100-D1", "0.2503", "50", "10",
                "--duplicate", "BM26-0100-D2", "0.2497", "50", "10", "--pellet", "BM26-0100-P")
    assert code == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert said.startswith("lot BM26-0100 registered as laboratory sample LS-")
    assert "with its sample: BM26-0100-D1 (digest)" in said
    assert _preparations(db) == {
        "BM26-0100-D1": ("digest", "ICP-OES", 0.2503, 50.0, 10.0),
        "BM26-0100-D2": ("duplicate", "ICP-OES", 0.2497, 50.0, 10.0),
        "BM26-0100-P": ("pellet", "XRF", None, None, None),
    }
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        lot = session.scalars(select(Lot).where(Lot.code == "BM26-0100")).one()
        assert (lot.received_on.isoformat(), lot.samples[0].moisture_pct) == ("2026-11-30", 4.5)


def test_a_wrong_value_registers_nothing(db, capsys):
    assert _add(db, "BM26-0100", "--digest", "BM26-0100-D1", "0.25", "50", "10") == 0
    # the second lot's first digest is new, its second one's label is taken: no lot, no digest
    assert _add(db, "BM26-0101", "--digest", "BM26-0101-D1", "0.25", "50", "10",
                "--digest", "BM26-0100-D1", "0.25", "50", "10") == 2
    assert "'BM26-0100-D1' (ICP-OES) is already registered" in capsys.readouterr().err
    assert set(_preparations(db)) == {"BM26-0100-D1"}
    assert _add(db, "BM26-0102", "--digest", "BM26-0102-D1", "0.25", "0", "10") == 2
    expected = "labapp: --digest BM26-0102-D1: VOLUME_ML must be a positive number, not '0'\n"
    assert capsys.readouterr().err == expected
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        assert session.scalars(select(Lot.code)).all() == ["BM26-0100"]


def test_the_17025_items_of_a_lot_and_its_own_laboratory_sample_id(db, capsys):
    """Issue 19 item 6: condition on receipt, customer-supplied items, sampling plan and location and
    deviations are stored; each lot gets a laboratory sample id of its own, unique, not the lot code."""
    code = _add(db, "BM26-0100", "--condition", "dry powder, seals intact",
                "--customer-supplied", "masses", "--customer-supplied", "sampling",
                "--sampling-plan", "ISO 12743, 20 increments", "--sampling-location", "client yard, Kobe",
                "--deviation", "digested 0.15 g instead of 0.10 g (limited sample)")
    assert code == 0, capsys.readouterr().err
    assert _add(db, "BM26-0101") == 0
    with ServiceContext(db) as ctx, ctx.read_session() as session:
        lots = {lot.code: lot for lot in session.scalars(select(Lot))}
        first = lots["BM26-0100"]
        assert first.condition_on_receipt == "dry powder, seals intact"
        assert [i.value for i in first.supplied_items] == ["masses", "sampling"]
        plan_and_location = (first.sampling_plan, first.sampling_location)
        assert plan_and_location == ("ISO 12743, 20 increments", "client yard, Kobe")
        assert first.deviation_list == ["digested 0.15 g instead of 0.10 g (limited sample)"]
        ids = [lots[c].lab_sample_id for c in ("BM26-0100", "BM26-0101")]
    assert all(i and i.startswith("LS-") for i in ids) and ids[0] != ids[1]
    assert ids[0] in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        _add(db, "BM26-0102", "--customer-supplied", "price")
    assert refused.value.code == 2
    assert "invalid choice: 'price'" in capsys.readouterr().err
