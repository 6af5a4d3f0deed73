"""Editing a lot: corrections before submission, reasons after it, the same checks as registration."""

import hashlib
import json
from datetime import date

import pytest
from accounts import account
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.services.importing.lot_edit import lot_details, preparation_labels, update_lot
from labapp.services.importing.registration import (
    LotInput,
    PreparationInput,
    SampleInput,
    register_lot,
    register_preparation,
    register_sample,
)
from labapp.store.audit_event import AuditEvent
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

LOT = LotInput(
    code="BM26-0100",
    client_name="Hokuriku Recycling K.K.",
    declared_chemistry="NCM",
    origin="end_of_life",
    gross_mass_kg=1000.0,
    net_wet_mass_kg=950.0,
    seal_ids=("S1", "S2"),
)


@pytest.fixture
def lot(ctx):
    register_lot(ctx, account(ctx, "tech"), LOT)
    register_sample(ctx, account(ctx, "tech"), LOT.code, SampleInput(moisture_pct=2.0))
    register_preparation(
        ctx,
        account(ctx, "tech"),
        LOT.code,
        PreparationInput(
            label="BM26-0100-D1",
            kind="digest",
            technique="ICP-OES",
            sample_mass_g=0.2,
            digest_volume_ml=100,
            dilution_factor=10,
        ),
    )
    return LOT.code


def _submit_a_result(ctx, code: str, state: str = "submitted") -> None:
    raw = b"Solution Label,Element\n"
    with ctx.account_unit_of_work("tech") as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.code == code))
        run = InstrumentRun(
            file_name="run.csv",
            file_size=len(raw),
            sha256=hashlib.sha256(raw).hexdigest(),
            raw_bytes=raw,
            profile="agilent_icp_expert_long",
            imported_by="tech",
            measurements_digest=hashlib.sha256(b"").hexdigest(),
            state=state,
        )
        session.add(run)
        session.flush()
        session.add(
            Result(run_id=run.id, lot_id=lot_id, element="Ni", value=21.3, unit="wt%", calculated_by="tech")
        )


def test_a_correction_before_submission_needs_no_reason_and_is_audited(ctx, lot):
    assert lot_details(ctx, lot).reason_required is False
    changed = update_lot(
        ctx,
        account(ctx, "tech"),
        lot,
        {
            "net_wet_mass_kg": "940.5",
            "moisture_pct": 2.5,
            "seal_ids": "S1; S3",
            "received_on": date(2026, 3, 2),
        },
    )
    assert changed == ["seal_ids", "net_wet_mass_kg", "received_on", "moisture_pct"]
    details = lot_details(ctx, lot)
    assert details.lot.net_wet_mass_kg == 940.5 and details.lot.seal_ids == ("S1", "S3")
    assert details.sample.moisture_pct == 2.5
    with ctx.read_session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "lots").order_by(AuditEvent.seq.desc())
        ).first()
    assert event.action == "update" and event.actor == "tech"
    old, new = json.loads(event.old_values), json.loads(event.new_values)
    assert (old["net_wet_mass_kg"], new["net_wet_mass_kg"]) == (950.0, 940.5)
    assert (old["seal_ids"], new["seal_ids"]) == ("S1;S2", "S1;S3")


def test_after_submission_a_change_without_reason_is_refused_and_with_one_recorded(ctx, lot):
    _submit_a_result(ctx, lot)
    assert lot_details(ctx, lot).reason_required is True
    with pytest.raises(LabappError, match="give a reason"):
        update_lot(ctx, account(ctx, "tech"), lot, {"moisture_pct": 3.0}, reason="  ")
    assert lot_details(ctx, lot).sample.moisture_pct == 2.0  # nothing stored
    update_lot(
        ctx, account(ctx, "tech"), lot, {"moisture_pct": 3.0}, reason="moisture re-determined, balance drift"
    )
    with ctx.read_session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "samples").order_by(AuditEvent.seq.desc())
        ).first()
    assert event.reason == "moisture re-determined, balance drift"


def test_results_of_a_run_not_yet_submitted_do_not_require_a_reason(ctx, lot):
    _submit_a_result(ctx, lot, state="calculated")
    assert lot_details(ctx, lot).reason_required is False


def test_an_edit_obeys_the_registration_rules(ctx, lot):
    with pytest.raises(LabappError, match="net_wet_mass_kg 1200.0 exceeds gross_mass_kg 1000.0"):
        update_lot(ctx, account(ctx, "tech"), lot, {"net_wet_mass_kg": 1200})
    with pytest.raises(LabappError, match="moisture_pct must be between 0 and 100"):
        update_lot(ctx, account(ctx, "tech"), lot, {"moisture_pct": 100})
    with pytest.raises(LabappError, match="declared_chemistry 'NMC' is not one of"):
        update_lot(ctx, account(ctx, "tech"), lot, {"declared_chemistry": "NMC"})
    with pytest.raises(LabappError, match="cannot edit code"):
        update_lot(ctx, account(ctx, "tech"), lot, {"code": "BM26-0101"})
    with pytest.raises(LabappError, match="nothing to change"):
        update_lot(ctx, account(ctx, "tech"), lot, {"net_wet_mass_kg": 950.0})
    with pytest.raises(LabappError, match="does not exist"):
        update_lot(ctx, account(ctx, "tech"), "BM26-9999", {"net_wet_mass_kg": 1.0})


def test_a_retracted_lot_is_closed(ctx, lot):
    with ctx.account_unit_of_work("qa", "test setup: retracted certificate") as session:
        session.scalars(select(Lot).where(Lot.code == lot)).one().state = "retracted"
    with pytest.raises(LabappError, match="retracted"):
        update_lot(ctx, account(ctx, "qa"), lot, {"bag_id": "BB-1"}, reason="late correction")


def test_preparation_labels_name_their_lot(ctx, lot):
    labels = preparation_labels(ctx)
    assert [(p.label, p.technique, p.kind, p.lot_code) for p in labels] == [
        ("BM26-0100-D1", "ICP-OES", "digest", "BM26-0100")
    ]
    assert preparation_labels(ctx, technique="XRF") == []
