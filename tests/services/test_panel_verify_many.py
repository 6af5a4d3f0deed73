"""Verifying several panel tests with one signing act: four eyes per test, a signature and an audited
state change per test, and all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from accounts import PASSWORD, account
from sqlalchemy import select

from labapp.services.administration.audit_trail import audit_log, verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import LotInput, register_lot
from labapp.services.panel import PanelWorkflowError, enter_test, list_tests, verify_tests
from labapp.store.records import Signature
from labapp.store.states import PanelTestState

CARBON = [{"carbon_pct": "31.2"}, {"carbon_pct": "31.6"}]


def _lots(ctx: ServiceContext, n: int) -> list[str]:
    tech = account(ctx, "tech1")
    codes = []
    for i in range(n):
        code = f"BM26-04{i:02d}"
        register_lot(
            ctx,
            tech,
            LotInput(
                code=code,
                client_name="Kanto Cell Recycling",
                declared_chemistry="NCM",
                origin="end_of_life",
                gross_mass_kg=500.0,
                net_wet_mass_kg=480.0,
                received_on=date(2026, 4, 2),
            ),
        )
        codes.append(code)
    return codes


def test_one_signing_act_verifies_each_test_with_its_own_signature_and_audit(ctx: ServiceContext) -> None:
    codes = _lots(ctx, 3)
    tech = account(ctx, "tech1")
    ids = [enter_test(ctx, tech, code, "carbon-combustion", CARBON).id for code in codes]
    account(ctx, "reviewer")
    done = verify_tests(ctx, "reviewer", PASSWORD, ids, "checked against the analyser printout")
    assert [(t.id, t.state, t.verified_by) for t in done] == [
        (i, PanelTestState.VERIFIED, "reviewer") for i in ids
    ]
    with ctx.read_session() as session:
        signed = session.scalars(select(Signature).where(Signature.entity_type == "panel_test")).all()
        assert sorted(s.entity_id for s in signed) == sorted(ids)
        assert {(s.meaning, s.username, s.reason) for s in signed} == {
            ("reviewed", "reviewer", "checked against the analyser printout")
        }
        assert len({s.content_sha256 for s in signed}) == 3  # each over its own test's content
    events = audit_log(ctx, account(ctx, "qa", "qa_manager"), entity="panel_tests", limit=500)
    verified = [e for e in events if e.actor == "reviewer" and e.new_values.get("state") == "verified"]
    assert sorted(int(e.entity_id) for e in verified) == sorted(ids)
    assert verify_audit(ctx).ok


def test_one_refusal_verifies_none_and_names_the_test(ctx: ServiceContext) -> None:
    codes = _lots(ctx, 2)
    first = enter_test(ctx, account(ctx, "tech1"), codes[0], "carbon-combustion", CARBON)
    dana = account(ctx, "dana", "technician", "reviewer")
    own = enter_test(ctx, dana, codes[1], "carbon-combustion", CARBON)
    with pytest.raises(PanelWorkflowError, match=rf"entered panel test #{own.id} and may not verify it"):
        verify_tests(ctx, "dana", PASSWORD, [first.id, own.id])
    assert {t.state for t in list_tests(ctx)} == {PanelTestState.ENTERED}  # the first was not kept
    with ctx.read_session() as session:
        assert session.scalars(select(Signature).where(Signature.entity_type == "panel_test")).all() == []
    verify_tests(ctx, "dana", PASSWORD, [first.id])
    with pytest.raises(
        PanelWorkflowError, match=rf"panel test #{first.id} is verified: verify needs entered"
    ):
        verify_tests(ctx, "dana", PASSWORD, [first.id])
