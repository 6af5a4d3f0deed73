"""The idle-lock time (21 CFR 11.300(d), Annex 11 12.1): a laboratory setting, validated, audited."""

from __future__ import annotations

import pytest
from accounts import account
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import PermissionDenied
from labapp.services.administration.laboratory import LaboratoryDetails, set_laboratory
from labapp.services.administration.session_policy import (
    DEFAULT_IDLE_LOCK_MINUTES,
    idle_lock_minutes,
    idle_lock_problem,
    set_idle_lock_minutes,
)
from labapp.store.audit_event import AuditEvent


def test_the_default_until_set_then_the_stored_minutes_with_an_audit_event(ctx):
    admin = account(ctx, "admin", "administrator")
    assert idle_lock_minutes(ctx) == DEFAULT_IDLE_LOCK_MINUTES == 15
    with pytest.raises(LabappError, match="laboratory details first"):
        set_idle_lock_minutes(ctx, admin, 5, "shared room")
    set_laboratory(ctx, admin, LaboratoryDetails("Test Lab"))
    set_idle_lock_minutes(ctx, admin, 5, "shared room")
    assert idle_lock_minutes(ctx) == 5
    with ctx.read_session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.actor, event.reason, event.entity_type) == ("admin", "shared room", "laboratories")
    assert "idle_lock_minutes" in (event.new_values or "")
    set_idle_lock_minutes(ctx, admin, 0, "instrument PC in a locked room")
    assert idle_lock_minutes(ctx) == 0  # off, not the default


@pytest.mark.parametrize("minutes", [-1, 481])
def test_a_time_outside_0_to_480_is_refused(ctx, minutes):
    admin = account(ctx, "admin", "administrator")
    set_laboratory(ctx, admin, LaboratoryDetails("Test Lab"))
    assert idle_lock_problem(minutes) is not None and idle_lock_problem(480) is None
    with pytest.raises(LabappError, match="between 0 \\(off\\) and 480 minutes"):
        set_idle_lock_minutes(ctx, admin, minutes, "typo")
    assert idle_lock_minutes(ctx) == DEFAULT_IDLE_LOCK_MINUTES


def test_a_change_needs_a_reason_and_the_right_role(ctx):
    admin = account(ctx, "admin", "administrator")
    set_laboratory(ctx, admin, LaboratoryDetails("Test Lab"))
    with pytest.raises(LabappError, match="needs a reason"):
        set_idle_lock_minutes(ctx, admin, 30, "  ")
    with pytest.raises(PermissionDenied):
        set_idle_lock_minutes(ctx, account(ctx, "tech", "technician"), 0, "I want no lock")
    assert idle_lock_minutes(ctx) == DEFAULT_IDLE_LOCK_MINUTES
