"""What the main window's overview shows: where the database is, what it holds, and the lots whose
released data changed by signature and wait for their certificate's amendment (the worklist)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from labapp.services.context import ServiceContext
from labapp.services.workflow.released_changes import AmendmentNeeded, lots_needing_amendment
from labapp.store.models import AuditEvent, Certificate, InstrumentRun, Lot, Result, Sample


@dataclass(frozen=True)
class Overview:
    database: str
    embedded: bool
    lots: int
    samples: int
    runs: int
    results: int
    certificates: int
    audit_events: int
    amendment_needed: list[AmendmentNeeded] = field(default_factory=list)


def overview(ctx: ServiceContext) -> Overview:
    """Record counts for the overview page and the status bar."""
    with ctx.read_session() as session:

        def count(model: type) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        return Overview(
            database=ctx.display_url,
            embedded=ctx.is_embedded,
            lots=count(Lot),
            samples=count(Sample),
            runs=count(InstrumentRun),
            results=count(Result),
            certificates=count(Certificate),
            audit_events=count(AuditEvent),
            amendment_needed=lots_needing_amendment(ctx),
        )
