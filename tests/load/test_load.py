"""Load: eight workstations (processes) registering, importing, calculating and approving batches
against one database for a bounded time. Marked `load`; run on demand:

    LABAPP_LOAD_SECONDS=120 .venv/bin/pytest -m load tests/load -s

CI runs it once with a short duration. Checks: no client fails, no event is lost or duplicated (the
chain holds exactly the events the clients' cycles produce, seq without gaps), and `verify` passes.
The throughput line it prints is what docs/PERFORMANCE.md ("Several workstations") reports.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from workload import READINGS_PER_RUN, client_process, cycle, people, run_children, setup_lab

from labapp.services.administration.audit_trail import verify_audit
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent
from labapp.store.runs import InstrumentRun

pytestmark = pytest.mark.load

CLIENTS = 8
SECONDS = float(os.environ.get("LABAPP_LOAD_SECONDS", "60"))


def _actors(ctx: ServiceContext) -> Counter[str]:
    with ctx.read_session() as session:
        query = select(AuditEvent.actor, func.count()).group_by(AuditEvent.actor)
        return Counter(dict(session.execute(query).all()))


def test_eight_workstations_lose_and_duplicate_no_event(
    empty_url: str, workstation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_lab(empty_url, CLIENTS + 1)
    # A ninth set of people warms up: the first batch also creates the manifest's clients; the second
    # measures how many events every later batch makes.
    warm_up = CLIENTS
    with ServiceContext(empty_url) as ctx:
        cycle(ctx, warm_up, 0, tmp_path / "warm-up")
        before = _actors(ctx)
        cycle(ctx, warm_up, 1, tmp_path / "warm-up")
        after = _actors(ctx)
    per_cycle = sum(after.values()) - sum(before.values())
    assert per_cycle > 0 and after - before == Counter({n: after[n] - before[n] for n in people(warm_up)})

    arguments = [
        (workstation(client), client, SECONDS, str(tmp_path / f"client{client}")) for client in range(CLIENTS)
    ]
    reports = sorted(run_children(client_process, arguments, timeout=SECONDS + 900), key=lambda r: r.client)
    assert [r.error for r in reports if r.error] == []
    assert all(r.cycles >= 1 for r in reports), reports

    cycles = sum(r.cycles for r in reports)
    expected = sum(after.values()) + per_cycle * cycles
    with ServiceContext(empty_url) as ctx:
        with ctx.read_session() as session:
            seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
            approved = session.scalar(
                select(func.count()).select_from(InstrumentRun).where(InstrumentRun.state == "approved")
            )
        counts = _actors(ctx)
        report = verify_audit(ctx)
    assert seqs == list(range(1, expected + 1))  # nothing lost, nothing duplicated, no gap
    for r in reports:
        assert sum(counts[name] for name in people(r.client)) == r.cycles * per_cycle, r
    assert approved == 2 + cycles
    assert report.ok, [str(p) for p in report.problems]

    wall = max(r.seconds for r in reports)
    backend = "sqlite" if "://" not in empty_url else "postgresql"
    with capsys.disabled():
        print(
            f"\nload[{backend}]: {CLIENTS} clients, {wall:.0f} s, {cycles} batches "
            f"({cycles * 60 / wall:.1f}/min), {cycles * per_cycle / wall:.0f} audit events/s, "
            f"{cycles * READINGS_PER_RUN / wall:.0f} readings/s; per client {[r.cycles for r in reports]}; "
            f"{per_cycle} events per batch; verify ok at seq {report.head_seq}"
        )
