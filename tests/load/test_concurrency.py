"""Several workstations on one database, as separate processes: one unbroken audit chain, and two
people approving the same run at the same moment cannot both succeed.

Run on SQLite (one file, BEGIN IMMEDIATE, busy timeout) and on PostgreSQL (advisory lock taken by
every writing transaction). The processes are spawned, so they share nothing but the database.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import func, select
from workload import (
    LOAD_ACK,
    PASSWORD,
    append_process,
    approve_process,
    people,
    register_and_import,
    run_children,
    setup_lab,
)

from labapp.services.administration.audit_trail import verify_audit
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import sign
from labapp.store.audit_event import AuditEvent
from labapp.store.records import Signature
from labapp.store.runs import InstrumentRun

WRITERS = 3
UNITS = 10


def _events(ctx: ServiceContext) -> list[AuditEvent]:
    with ctx.read_session() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_writers_in_separate_processes_append_to_one_unbroken_chain(empty_url: str, workstation) -> None:
    ServiceContext(empty_url, migrate_policy="upgrade").close()
    actors = [f"writer{i}" for i in range(WRITERS)]
    reports = run_children(
        append_process, [(workstation(actor), actor, UNITS) for actor in actors], timeout=300
    )
    assert sorted(reports) == [(actor, None) for actor in actors]
    with ServiceContext(empty_url) as ctx:
        events = _events(ctx)
        report = verify_audit(ctx)
    assert [e.seq for e in events] == list(range(1, WRITERS * UNITS + 1))  # no gap, no duplicate
    assert all(e.prev_hash == before.hash for before, e in zip(events, events[1:], strict=False))
    assert Counter(e.actor for e in events) == dict.fromkeys(actors, UNITS)
    assert report.ok, [str(p) for p in report.problems]
    assert report.head_seq == WRITERS * UNITS


def test_two_approvals_of_one_run_at_once_exactly_one_succeeds(
    empty_url: str, workstation, tmp_path: Path
) -> None:
    """qa0 and qa1 both approve the reviewed run; one signs, the other is refused with a clear message."""
    setup_lab(empty_url, clients=2)
    tech, rev, _ = people(0)
    with ServiceContext(empty_url) as ctx:
        run = register_and_import(ctx, 0, 0, tmp_path)
        # Stands in for the calculation (covered by the load test), so that this test is only about
        # the race: the state change goes through a unit of work with the version check like any other.
        with ctx.account_unit_of_work(tech, event="calculate") as session:
            session.get(InstrumentRun, run).state = "calculated"
        sign(ctx, tech, PASSWORD, run, "submit", acknowledgement=LOAD_ACK)
        sign(ctx, rev, PASSWORD, run, "review", acknowledgement=LOAD_ACK)
    reports = dict(
        run_children(
            approve_process, [(workstation("qa0"), "qa0", run), (workstation("qa1"), "qa1", run)], 300
        )
    )
    assert sorted(reports) == ["qa0", "qa1"]
    assert list(reports.values()).count("approved") == 1, reports
    [loser] = [outcome for outcome in reports.values() if outcome != "approved"]
    # SQLite and PostgreSQL serialise writers, so the second approver normally sees the approved run;
    # a save that raced past that check would hit the version column instead. Both are clear refusals.
    assert loser.startswith(("WorkflowError: run 'load C0 N0' is approved", "ConflictError: record")), loser
    with ServiceContext(empty_url) as ctx:
        with ctx.read_session() as session:
            approvals = session.scalar(
                select(func.count()).select_from(Signature).where(Signature.meaning == "approved")
            )
            state = session.get(InstrumentRun, run).state
        report = verify_audit(ctx)
    assert (approvals, state) == (1, "approved")
    assert report.ok, [str(p) for p in report.problems]
