"""What the main window's overview shows: where the database is and what it holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from labapp.services.context import ServiceContext
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


def overview(ctx: ServiceContext) -> Overview:
    """Record counts for the overview page and the status bar."""
    with ctx.read_session() as session:
        def count(model: type) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        return Overview(
            database=ctx.display_url, embedded=ctx.is_embedded, lots=count(Lot), samples=count(Sample),
            runs=count(InstrumentRun), results=count(Result), certificates=count(Certificate),
            audit_events=count(AuditEvent),
        )
