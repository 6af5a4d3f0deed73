"""Every write through a service leaves exactly one attributable audit event per thing it changed.

For each write of tests/matrix_writes.py, done by a fresh user holding a role that may do it:
- every new event names that user as its actor;
- a write that changes one record or one file leaves exactly one event, naming it;
- a write that legitimately changes several records (a run import, a calculation, a signature with
  its state changes) says why in its catalogue row (`several_events`), and still leaves exactly one
  event per record: a record created and then changed again in the same write (two events for one
  change) fails. The one stated exception (`record_twice`, with its reason): issuing a certificate
  reserves its number in a unit of work of its own, then marks it used with the certificate;
- a refused write leaves no event, and the audit chain verifies after every write.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from accounts import account
from matrix_support import EXPECTED
from matrix_writes import WRITES, Lab, Templates, Write, open_lab, templates
from sqlalchemy import func, select

from labapp.security.roles import PermissionDenied, Role
from labapp.services.administration.audit_trail import verify_audit
from labapp.store.audit_event import AuditEvent

__all__ = ["templates"]  # the session fixture, imported for pytest


def _allowed_role(write: Write) -> Role:
    return sorted(EXPECTED[write.action])[0]


def _refused_role(write: Write) -> Role:
    return sorted(set(Role) - EXPECTED[write.action])[0]


def _last_seq(lab: Lab) -> int:
    with lab.ctx.read_session() as session:
        return session.scalar(select(func.max(AuditEvent.seq))) or 0


def _events_after(lab: Lab, seq: int) -> list[AuditEvent]:
    with lab.ctx.read_session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)))


@pytest.fixture
def lab_of(templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    opened: list[Lab] = []

    def make(write: Write) -> Lab:
        opened.append(open_lab(templates, write.template, tmp_path / "lab", monkeypatch))
        return opened[-1]

    yield make
    for lab in opened:
        lab.ctx.close()


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_a_write_leaves_one_attributed_event_per_change(write: Write, lab_of) -> None:
    lab = lab_of(write)
    role = _allowed_role(write)
    user = account(lab.ctx, f"writer_{role.value}", role.value)
    write.prepare(lab, user)
    seq = _last_seq(lab)
    write.write(lab, user)
    events = _events_after(lab, seq)
    assert {event.actor for event in events} == {user.username}
    records = Counter((e.entity_type, e.entity_id) for e in events if e.entity_id is not None)
    twice = [record for record, count in records.items() if count > 1]
    if write.record_twice is None:
        assert twice == []  # one event per record
    else:  # the stated exception: one record of that table, two events, never more
        assert [table for table, _ in twice] == [write.record_twice[0]]
        assert max(records.values()) == 2
    for event in events:  # each names what it changed: a record, or (a file) its content
        assert event.entity_type and (event.entity_id is not None or event.new_values)
    if write.several_events:
        assert len(events) > 1, f"{write.name} is said to change several records: {write.several_events}"
    else:
        assert len(events) == 1, [(e.action, e.entity_type, e.entity_id) for e in events]
    report = verify_audit(lab.ctx)
    assert report.ok, report.first_problem


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.name)
def test_a_refused_write_leaves_no_event(write: Write, lab_of) -> None:
    lab = lab_of(write)
    role = _refused_role(write)
    user = account(lab.ctx, f"refused_{role.value}", role.value)
    write.prepare(lab, user)
    seq = _last_seq(lab)
    with pytest.raises(PermissionDenied):
        write.write(lab, user)
    events = [(e.action, e.actor) for e in _events_after(lab, seq)]
    if write.name.startswith("workflow.review.sign"):  # a signature refused after its password is on
        assert events == [("signature_refused", user.username)]  # record (as a wrong one), nothing else
    else:
        assert events == []
    assert verify_audit(lab.ctx).ok


FILE_WRITES = {  # writes kept as files: the event names the file and the SHA-256 of what was written
    "administration.lab_logo.set_logo": lambda lab, result: result,
    "grading.criteria_files.clone_set": lambda lab, result: result,
    "grading.criteria_files.new_from_template": lambda lab, result: result,
    "grading.criteria_files.save_set_text": lambda lab, result: lab.notes["set"],
    "administration.instrument_profiles.save_lab_profile": lambda lab, result: result.path,
}


@pytest.mark.parametrize("name", sorted(FILE_WRITES))
def test_a_file_write_names_the_file_and_its_content(name: str, lab_of) -> None:
    write = next(w for w in WRITES if w.name == name)
    lab = lab_of(write)
    user = account(lab.ctx, "writer", _allowed_role(write).value)
    write.prepare(lab, user)
    seq = _last_seq(lab)
    written = Path(FILE_WRITES[name](lab, write.write(lab, user)))
    (event,) = _events_after(lab, seq)
    detail = json.loads(event.new_values)
    assert detail["sha256"] == hashlib.sha256(written.read_bytes()).hexdigest()
    assert Path(detail["file"]).name == written.name
