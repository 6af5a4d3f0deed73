"""Taking a standard point or one replicate off a run's curve, and putting it back, from the desktop.

Each edit is one exclusion record (labapp.services.calculation.exclusions: reason required, audited,
permission-checked, refused once the run is signed) — whole or nothing. The run then needs its
calculation again; the desktop runs it in the background, so the curve, residuals and results it
shows afterwards are the recalculated ones. Nothing here is a second rule for what an exclusion removes:
that stays `labapp.core.exclusions.excluded_readings`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion, Scope
from labapp.core.pipeline_solution import solution_stage
from labapp.services.administration.methods import load_methods
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation import exclusions
from labapp.services.calculation.inputs import load_inputs
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import find_run
from labapp.store.runs import Measurement
from labapp.store.workflow import RunExclusion


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise LabappError("a reason is required to exclude or restore")
    return reason.strip()


@dataclass(frozen=True)
class ExclusionRecord:
    """An active exclusion as the desktop lists it (its id is what a restore names)."""

    id: int
    scope: Scope
    element: str
    line: str | None
    sample_label: str | None
    replicate: int | None
    reason: str
    created_by: str


def run_exclusions(ctx: ServiceContext, run: int | str) -> list[ExclusionRecord]:
    """The run's active exclusions, oldest first."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        rows = session.scalars(
            select(RunExclusion)
            .where(RunExclusion.run_id == record.id, RunExclusion.active.is_(True))
            .order_by(RunExclusion.id)
        )
        return [
            ExclusionRecord(
                r.id, Scope(r.scope), r.element, r.line, r.sample_label, r.replicate, r.reason, r.created_by
            )
            for r in rows
        ]


def exclude_point(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    run: int | str,
    element: str,
    line: str,
    label: str,
    reason: str,
) -> int:
    """Leave every reading of solution `label` at `line` out of the run (a standard point off the curve)."""
    item = Exclusion(Scope.POINT, element, _reason(reason), line=line, sample_label=label)
    return exclusions.exclude(ctx, by, run, item)


def exclude_replicate(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    run: int | str,
    element: str,
    line: str,
    label: str,
    replicate: int,
    reason: str,
) -> int:
    """Leave one reading (replicate) of solution `label` at `line` out of the run."""
    item = Exclusion(
        Scope.REPLICATE, element, _reason(reason), line=line, sample_label=label, replicate=replicate
    )
    return exclusions.exclude(ctx, by, run, item)


def restore(ctx: ServiceContext, by: AuthenticatedUser, exclusion_id: int, reason: str) -> None:
    """Put an excluded point or replicate back (the exclusion stays on record, inactive)."""
    exclusions.withdraw_exclusion(ctx, by, exclusion_id, reason)


def exclude_preparation(
    ctx: ServiceContext, by: AuthenticatedUser, run: int | str, element: str, preparation: str, reason: str
) -> int:
    """Leave a preparation's result for `element` out of its lot's value (the reading stays shown)."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        matched = json.loads(record.metadata_json or "{}").get("matched", {})
    labels = [file_label for file_label, prep in matched.items() if prep == preparation]
    item = Exclusion(
        Scope.RESULT, element, _reason(reason), sample_label=labels[0] if labels else preparation
    )
    return exclusions.exclude(ctx, by, run, item)


def replicates_of(ctx: ServiceContext, run: int | str, element: str, line: str, label: str) -> list[int]:
    """The replicate numbers of solution `label` at `line` in the run (what a replicate exclusion names)."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        found = session.scalars(
            select(Measurement.replicate)
            .where(
                Measurement.run_id == record.id,
                Measurement.element == element,
                Measurement.line == str(line),
                Measurement.sample_label == label,
            )
            .distinct()
        )
        return sorted(int(r) for r in found if r is not None)


def excluded_points(ctx: ServiceContext, run: int | str) -> pd.DataFrame:
    """Standard points left off the run's curves: element, line, view, sample_label, x, y, exclusion_id,
    reason — where they would lie, so a plot can show them hollow and a click can restore them."""
    columns = ["element", "line", "view", "sample_label", "x", "y", "exclusion_id", "reason"]
    points = [e for e in run_exclusions(ctx, run) if e.scope is Scope.POINT]
    if not points:
        return pd.DataFrame(columns=columns)
    with ctx.read_session() as session:
        inputs = load_inputs(session, find_run(session, run), load_methods())
    kept = [e for e in inputs.exclusions if e.scope is not Scope.POINT]
    stage = solution_stage(inputs.frame, inputs.method, inputs.preparations, inputs.references, kept)
    standards = stage.standards
    rows = []
    for item in points:
        hit = standards[
            (standards["element"] == item.element)
            & (standards["line"].astype(str) == str(item.line))
            & (standards["sample_label"] == item.sample_label)
        ]
        rows += [
            (
                item.element,
                str(item.line),
                s.view or "",
                item.sample_label,
                float(s.x),
                float(s.y),
                item.id,
                item.reason,
            )
            for s in hit.itertuples(index=False)
        ]
    return pd.DataFrame(rows, columns=columns)
