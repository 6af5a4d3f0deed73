"""Electronic signatures on runs: re-authentication, audited failures, lockout, manifestation, tampering."""

import re

import pytest
from _workflow_support import (
    PASSWORDS,
    RUN,
    build_template,
    copy_of,
    mark_calculated,
    reportable_result_ids,
    run_state,
)
from sqlalchemy import select, text

from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.users import AuthenticationError
from labapp.services.workflow.review import sign, signatures_of
from labapp.store.audit_event import AuditEvent
from labapp.store.records import Signature


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("sig") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    yield context
    context.close()


def _approved(ctx):
    sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
    sign(ctx, "rita", PASSWORDS["rita"], RUN, "review")
    sign(ctx, "quinn", PASSWORDS["quinn"], RUN, "approve")


def _events(ctx, action):
    with ctx.read_session() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_wrong_password_is_refused_and_audited(ctx):
    with pytest.raises(AuthenticationError, match="user name or password is wrong"):
        sign(ctx, "tess", "Sokutei-Pass!3", RUN, "submit")
    failed = _events(ctx, "signature_failed")
    assert [(e.actor, e.reason) for e in failed] == [("tess", "wrong password at signature")]
    assert run_state(ctx) == "calculated" and signatures_of(ctx, RUN) == []


def test_five_wrong_signature_passwords_lock_the_account(ctx):
    for _ in range(5):
        with pytest.raises(AuthenticationError, match="wrong"):
            sign(ctx, "tess", "not-my-password", RUN, "submit")
    with pytest.raises(AuthenticationError, match="locked until"):
        sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")  # even the right password
    assert len(_events(ctx, "signature_failed")) == 5
    assert run_state(ctx) == "calculated"


def test_manifestation_holds_name_user_time_offset_meaning_and_hash(ctx):
    outcome = sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit", reason="first run of the week")
    manifest = outcome.manifest
    assert (manifest.printed_name, manifest.user_id, manifest.meaning.value) == (
        "Tess Ito",
        "tess",
        "authored",
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", manifest.signed_at_utc)
    assert re.fullmatch(r"[+-]\d\d:\d\d", manifest.local_offset)
    assert re.fullmatch(r"[0-9a-f]{64}", manifest.content_sha256)
    assert "Tess Ito (tess)" in manifest.display() and "authored" in manifest.display()
    with ctx.read_session() as session:
        stored = session.scalars(select(Signature)).one()
    assert (
        stored.printed_name,
        stored.username,
        stored.meaning,
        stored.content_sha256,
        stored.reason,
        stored.signed_at_utc,
        stored.local_offset,
    ) == (
        "Tess Ito",
        "tess",
        "authored",
        manifest.content_sha256,
        "first run of the week",
        manifest.signed_at_utc,
        manifest.local_offset,
    )
    created = [e for e in _events(ctx, "create") if e.entity_type == "signatures"]
    assert len(created) == 1 and manifest.content_sha256 in created[0].new_values


def test_tampering_with_a_signed_result_invalidates_every_signature(ctx):
    _approved(ctx)
    assert {s.status for s in signatures_of(ctx, RUN)} == {"valid"}
    result_id = reportable_result_ids(ctx)["BM26-0001"]
    with ctx.engine.begin() as conn:  # behind the application's back
        conn.execute(text("UPDATE results SET value = 57.1 WHERE id = :id"), {"id": result_id})
    assert [s.status for s in signatures_of(ctx, RUN)] == ["signature invalidated"] * 3
    assert not verify_audit(ctx).ok  # and the audit trail no longer matches the record


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE qc_outcomes SET passed = 0",
        "UPDATE results SET flags = 'checked' WHERE reportable = 0",
        "UPDATE instrument_runs SET measurements_digest = 'x'",
    ],
)
def test_other_signed_content_is_covered(ctx, statement):
    _approved(ctx)
    with ctx.engine.begin() as conn:
        conn.execute(text(statement))
    assert {s.status for s in signatures_of(ctx, RUN)} == {"signature invalidated"}


def test_state_and_version_changes_do_not_invalidate(ctx):
    sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE instrument_runs SET version = version + 5"))
    sign(ctx, "rita", PASSWORDS["rita"], RUN, "review")
    assert [s.status for s in signatures_of(ctx, RUN)] == ["valid", "valid"]
