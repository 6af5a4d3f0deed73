"""Released data changes only by signature: a certified lot never silently differs from its certificate."""

from __future__ import annotations

import json

import pytest
from accounts import PASSWORD, account
from sqlalchemy import select

from labapp.certificates.model import twin_sha256
from labapp.certificates.verification import CurrencyStatus, TwinIdentity
from labapp.cli import main
from labapp.core.errors import LabappError
from labapp.security.signatures import Meaning
from labapp.services.administration.authentication import AuthenticationError
from labapp.services.calculation.run_views import lots_awaiting_certificate
from labapp.services.certification.issuing import currency_check
from labapp.services.certification.records import awaits_first_certificate
from labapp.services.importing.lot_edit import ChangeSignature, lot_details, update_lot
from labapp.services.importing.registration import LotInput, SampleInput, register_lot
from labapp.services.workflow.released_changes import lots_needing_amendment
from labapp.store.audit_event import AuditEvent
from labapp.store.lots import Lot
from labapp.store.records import Certificate, Signature
from labapp.store.states import CertificateState, LotState

CODE = "BM26-0200"
TWIN = json.dumps({"certificate": {"number": "LA-2026-000007", "revision": 0}})
IDENTITY = TwinIdentity("LA-2026-000007", 0, twin_sha256(TWIN.encode("utf-8")))


def _released(ctx, state: LotState, certificate: bool) -> None:
    """A lot with its sample, moved to `state` (and given an issued certificate) as the services would."""
    lot = LotInput(code=CODE, client_name="Kanto Recycling", declared_chemistry="NCM", origin="end_of_life",
                   gross_mass_kg=1000.0, net_wet_mass_kg=950.0)
    register_lot(ctx, account(ctx, "tech"), lot, sample=SampleInput(moisture_pct=2.0))
    with ctx.account_unit_of_work("qa", "test setup: released lot") as session:
        record = session.scalars(select(Lot).where(Lot.code == CODE)).one()
        record.state = state
        if certificate:
            session.add(Certificate(number=IDENTITY.number, revision=0, lot_id=record.id,
                                    state=CertificateState.ISSUED, issued_by="qa", json_twin=TWIN))


@pytest.fixture
def certified(ctx):
    _released(ctx, LotState.CERTIFIED, certificate=True)
    return CODE


def _certificate_state(ctx) -> CertificateState:
    with ctx.read_session() as session:
        return session.scalars(select(Certificate.state)).one()


def test_the_reported_bug_moisture_of_a_certified_lot_with_a_free_text_reason_is_refused(ctx, certified):
    details = lot_details(ctx, certified)
    assert details.signature_required is True
    with pytest.raises(LabappError, match="certified: changing released data needs your electronic"):
        update_lot(ctx, account(ctx, "tech"), certified, {"moisture_pct": 3.1}, reason="typo on bench sheet")
    assert lot_details(ctx, certified).sample.moisture_pct == 2.0
    assert lot_details(ctx, certified).state is LotState.CERTIFIED
    assert currency_check(ctx)(IDENTITY).status is CurrencyStatus.CURRENT


def test_a_signed_change_marks_lot_and_certificate_and_the_certificate_is_no_longer_current(ctx, certified):
    tech = account(ctx, "tech")
    changed = update_lot(ctx, tech, certified, {"moisture_pct": 3.1},
                         signature=ChangeSignature(PASSWORD, "moisture re-determined: balance drift"))
    assert changed == ["moisture_pct"]
    details = lot_details(ctx, certified)
    assert (details.state, details.sample.moisture_pct) == (LotState.AMENDMENT_NEEDED, 3.1)
    assert _certificate_state(ctx) is CertificateState.AMENDMENT_NEEDED
    answer = currency_check(ctx)(IDENTITY)
    assert answer.status is CurrencyStatus.AMENDMENT_NEEDED
    assert "moisture_pct of lot BM26-0200 changed by tech" in answer.detail
    assert answer.detail.endswith("moisture re-determined: balance drift")
    with ctx.read_session() as session:
        signature = session.scalars(select(Signature)).one()
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "amend_released")))
    assert (signature.entity_type, signature.action) == ("lot", "amend_released")
    assert signature.meaning == Meaning.AMENDED
    assert (signature.username, signature.reason) == ("tech", "moisture re-determined: balance drift")
    assert {e.entity_type for e in events} >= {"samples", "lots", "certificates"}
    assert all(e.actor == "tech" and e.reason == "moisture re-determined: balance drift" for e in events)
    pending = lots_needing_amendment(ctx)
    assert [(p.lot_code, p.certificate, p.changed_by) for p in pending] == [
        (CODE, "LA-2026-000007 rev 0", "tech")
    ]


def test_a_wrong_password_or_no_reason_changes_nothing(ctx, certified):
    tech = account(ctx, "tech")
    with pytest.raises(AuthenticationError):
        update_lot(ctx, tech, certified, {"moisture_pct": 3.1},
                   signature=ChangeSignature("Wrong-Pass-2026!", "x"))
    with pytest.raises(LabappError, match="a reason is required"):
        update_lot(ctx, tech, certified, {"moisture_pct": 3.1}, signature=ChangeSignature(PASSWORD, "  "))
    with pytest.raises(LabappError, match="signed amended"):
        update_lot(ctx, tech, certified, {"moisture_pct": 3.1},
                   signature=ChangeSignature(PASSWORD, "x", Meaning.APPROVED))
    assert lot_details(ctx, certified).state is LotState.CERTIFIED
    assert _certificate_state(ctx) is CertificateState.ISSUED
    with ctx.read_session() as session:
        assert session.scalars(select(Signature)).first() is None
        failed = session.scalars(select(AuditEvent).where(AuditEvent.action == "signature_failed")).one()
    assert failed.actor == "tech"


def test_a_refused_change_leaves_no_signature(ctx, certified):
    with pytest.raises(LabappError, match="moisture_pct must be between 0 and 100"):
        update_lot(ctx, account(ctx, "tech"), certified, {"moisture_pct": 100},
                   signature=ChangeSignature(PASSWORD, "new value"))
    with ctx.read_session() as session:
        assert session.scalars(select(Signature)).first() is None
    assert _certificate_state(ctx) is CertificateState.ISSUED


def test_only_holders_of_edit_lots_may_sign_a_change(ctx, certified):
    with pytest.raises(LabappError, match="may not edit lots"):
        update_lot(ctx, account(ctx, "rev", "reviewer"), certified, {"bag_id": "BB-9"},
                   signature=ChangeSignature(PASSWORD, "bag relabelled"))
    assert lot_details(ctx, certified).state is LotState.CERTIFIED


def test_an_approved_lot_without_certificate_is_issued_not_amended_after_a_change(ctx):
    _released(ctx, LotState.APPROVED, certificate=False)
    update_lot(ctx, account(ctx, "qa"), CODE, {"customs_code": "3825.90"},
               signature=ChangeSignature(PASSWORD, "customs code from the shipper's papers"))
    assert lot_details(ctx, CODE).state is LotState.AMENDMENT_NEEDED
    assert lots_awaiting_certificate(ctx) == [CODE]
    assert [p.certificate for p in lots_needing_amendment(ctx)] == [None]
    with ctx.read_session() as session:
        lot = session.scalars(select(Lot).where(Lot.code == CODE)).one()
        assert awaits_first_certificate(session, lot)


def test_a_lot_needing_amendment_with_a_certificate_waits_for_the_amendment(ctx, certified):
    tech = account(ctx, "tech")
    update_lot(ctx, tech, certified, {"bag_id": "BB-2"}, signature=ChangeSignature(PASSWORD, "x"))
    update_lot(ctx, tech, certified, {"bag_id": "BB-3"}, signature=ChangeSignature(PASSWORD, "y"))
    assert lots_awaiting_certificate(ctx) == []
    assert lot_details(ctx, certified).state is LotState.AMENDMENT_NEEDED
    assert lots_needing_amendment(ctx)[0].reason == "y"


def test_a_registered_lot_needs_no_signature(ctx):
    _released(ctx, LotState.REGISTERED, certificate=False)
    assert lot_details(ctx, CODE).signature_required is False
    update_lot(ctx, account(ctx, "tech"), CODE, {"bag_id": "BB-1"})
    assert lot_details(ctx, CODE).state is LotState.REGISTERED


def test_command_line_edit_of_a_certified_lot_asks_for_the_signature(ctx, db_path, certified, monkeypatch,
                                                                    capsys):
    monkeypatch.setattr("sys.stdin", None)
    account(ctx, "tech")
    edit = ["--db", str(db_path), "lots", "edit", certified, "--set", "moisture_pct=3.1", "--user", "tech"]
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    assert main(edit) == 2
    assert "certified: give --reason; the change is signed" in capsys.readouterr().err
    monkeypatch.setenv("LABAPP_PASSWORD", "Wrong-Pass-2026!")
    assert main([*edit, "--reason", "re-weighed"]) == 2
    assert lot_details(ctx, certified).state is LotState.CERTIFIED
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main([*edit, "--reason", "re-weighed", "--set", "received_on=2026-03-02"]) == 0
    out = capsys.readouterr().out
    assert "changed received_on, moisture_pct; state amendment needed" in out
    assert "signed by tech (amended)" in out
    details = lot_details(ctx, certified)
    assert (details.sample.moisture_pct, str(details.lot.received_on)) == (3.1, "2026-03-02")
    assert currency_check(ctx)(IDENTITY).status is CurrencyStatus.AMENDMENT_NEEDED


def test_command_line_edit_of_a_registered_lot_is_a_plain_login(ctx, db_path, monkeypatch, capsys):
    _released(ctx, LotState.REGISTERED, certificate=False)
    monkeypatch.setattr("sys.stdin", None)
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    edit = ["--db", str(db_path), "lots", "edit", CODE, "--set", "bag_id=BB-7", "--user", "tech"]
    assert main(edit) == 0
    assert "changed bag_id; state registered" in capsys.readouterr().out
    assert main([*edit[:-2], "--set", "received_on=March", "--user", "tech"]) == 2
    assert "received_on is a date" in capsys.readouterr().err
