"""Registering records one by one, and the all-or-nothing unit of work underneath."""

from __future__ import annotations

import json
from datetime import date

import pytest
from accounts import account
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from labapp.core.errors import LabappError
from labapp.services.administration.audit_trail import audit_log, verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import (
    LotInput,
    PreparationInput,
    SampleInput,
    register_client,
    register_lot,
    register_preparation,
    register_sample,
)
from labapp.store.lots import Lot
from labapp.store.parties import Client

LOT = LotInput(
    code="BM26-0010",
    client_name="Kanto Cell Recycling",
    declared_chemistry="NCA",
    origin="production_scrap",
    gross_mass_kg=520.0,
    net_wet_mass_kg=498.0,
    seal_ids=("A1", "A2"),
    received_on=date(2026, 4, 1),
)
DIGEST = PreparationInput(
    label="BM26-0010",
    kind="digest",
    technique="ICP-OES",
    sample_mass_g=0.25,
    digest_volume_ml=100.0,
    dilution_factor=10.0,
)


def _counts(ctx: ServiceContext) -> tuple[int, int, int]:
    with ctx.engine.connect() as conn:
        return tuple(  # the acting user's own account is not what a test stores
            conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("clients", "lots", "audit_events WHERE entity_type <> 'users'")
        )


def test_failure_inside_a_unit_of_work_leaves_nothing(ctx: ServiceContext) -> None:
    with pytest.raises(RuntimeError, match="power cut"), ctx.account_unit_of_work("tech1") as session:
        session.add(
            Lot(
                code="BM26-0099",
                client=Client(name="Gone"),
                declared_chemistry="NCM",
                origin="end_of_life",
                registered_by="tech1",
            )
        )
        session.flush()  # rows and their events are written inside the transaction ...
        assert session.execute(text("SELECT count(*) FROM audit_events")).scalar_one() == 2
        raise RuntimeError("power cut")  # ... and all disappear with it
    assert _counts(ctx) == (0, 0, 0)


def test_constraint_violation_at_commit_leaves_nothing(ctx: ServiceContext) -> None:
    register_lot(ctx, account(ctx, "tech1"), LOT)
    before = _counts(ctx)
    with pytest.raises(IntegrityError), ctx.account_unit_of_work("tech1") as session:
        session.add(Client(name="Another client"))
        session.add(
            Lot(
                code=LOT.code,
                client_id=1,
                declared_chemistry="NCM",
                origin="end_of_life",
                registered_by="tech1",
            )
        )
    assert _counts(ctx) == before


def test_lot_sample_preparation_chain_with_audit_values(ctx: ServiceContext) -> None:
    lot_id = register_lot(ctx, account(ctx, "tech1"), LOT, reason="received at gate 2")
    register_sample(
        ctx,
        account(ctx, "tech1"),
        LOT.code,
        SampleInput(
            moisture_pct=3.1,
            moisture_method="ISO 10251, 105 C",
            sampled_on=date(2026, 4, 2),
            sampled_by="K. Sato",
        ),
    )
    register_preparation(ctx, account(ctx, "tech1"), LOT.code, DIGEST)
    (created,) = audit_log(ctx, account(ctx, "qa"), entity=f"lots:{lot_id}")
    assert created.old_values is None and created.reason == "received at gate 2"
    assert {
        k: created.new_values[k] for k in ("code", "seal_ids", "gross_mass_kg", "received_on", "state")
    } == {
        "code": "BM26-0010",
        "seal_ids": "A1;A2",
        "gross_mass_kg": 520.0,
        "received_on": "2026-04-01",
        "state": "registered",
    }
    (prep,) = audit_log(ctx, account(ctx, "qa"), entity="preparations")
    assert json.dumps(prep.new_values["dilution_factor"]) == "10.0"
    assert verify_audit(ctx).ok


def test_delete_event_keeps_the_full_old_record(ctx: ServiceContext) -> None:
    register_lot(ctx, account(ctx, "tech1"), LOT)
    register_sample(ctx, account(ctx, "tech1"), LOT.code, SampleInput(moisture_pct=3.1))
    with ctx.account_unit_of_work("qa1", "registered against the wrong lot") as session:
        lot = session.query(Lot).one()
        session.delete(lot.samples[0])
    deleted = audit_log(ctx, account(ctx, "qa"), entity="samples")[-1]
    assert (deleted.action, deleted.actor, deleted.new_values) == ("delete", "qa1", None)
    assert deleted.old_values["moisture_pct"] == 3.1 and deleted.old_values["lot_id"] == 1
    assert verify_audit(ctx).ok


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"declared_chemistry": "NMC"}, "declared_chemistry 'NMC' is not one of"),
        ({"net_wet_mass_kg": 600.0}, "net_wet_mass_kg 600.0 exceeds gross_mass_kg 520.0"),
        ({"gross_mass_kg": -1.0, "net_wet_mass_kg": None}, "gross_mass_kg must be a positive number"),
    ],
)
def test_invalid_lot_is_refused(ctx: ServiceContext, change: dict, message: str) -> None:
    from dataclasses import replace

    with pytest.raises(LabappError, match=message):
        register_lot(ctx, account(ctx, "tech1"), replace(LOT, **change))
    assert _counts(ctx) == (0, 0, 0)


def test_duplicates_and_order_are_enforced(ctx: ServiceContext) -> None:
    register_client(ctx, account(ctx, "tech1"), "Kanto Cell Recycling", "+81 3 5555 0000")
    with pytest.raises(LabappError, match="already exists"):
        register_client(ctx, account(ctx, "tech1"), "Kanto Cell Recycling")
    register_lot(ctx, account(ctx, "tech1"), LOT)  # reuses the existing client
    with pytest.raises(LabappError, match="lot BM26-0010 already exists"):
        register_lot(ctx, account(ctx, "tech1"), LOT)
    with pytest.raises(LabappError, match="register the sample first"):
        register_preparation(ctx, account(ctx, "tech1"), LOT.code, DIGEST)
    register_sample(ctx, account(ctx, "tech1"), LOT.code, SampleInput(moisture_pct=1.0))
    with pytest.raises(LabappError, match="already has its laboratory sample"):
        register_sample(ctx, account(ctx, "tech1"), LOT.code, SampleInput(moisture_pct=1.0))
    register_preparation(ctx, account(ctx, "tech1"), LOT.code, DIGEST)
    with pytest.raises(LabappError, match="already registered"):
        register_preparation(ctx, account(ctx, "tech1"), LOT.code, DIGEST)
    with pytest.raises(LabappError, match="lot BM26-9999 does not exist"):
        register_sample(ctx, account(ctx, "tech1"), "BM26-9999", SampleInput())
    assert _counts(ctx)[:2] == (1, 1)


def test_a_lot_and_its_sample_are_one_unit_of_work(ctx: ServiceContext) -> None:
    with pytest.raises(LabappError, match="moisture"):
        register_lot(ctx, account(ctx, "tech1"), LOT, sample=SampleInput(moisture_pct=140.0))
    assert _counts(ctx) == (0, 0, 0)  # the refused sample left no lot, client or event behind
    register_lot(ctx, account(ctx, "tech1"), LOT, sample=SampleInput(moisture_pct=3.1))
    with ctx.read_session() as session:
        lot = session.query(Lot).one()
        assert [s.moisture_pct for s in lot.samples] == [3.1]
