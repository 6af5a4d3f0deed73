"""Exclusions and manual overrides: recorded with a reason, audited, and marked on every result they touch.

Rules (docs/workflow.md):
- A reason is always required; the audit event of the change carries it.
- Only while the run is with the technician: imported, calculated or rejected. After submission the
  run must first be rejected (returned with a reason), so nothing changes under a signature.
- An exclusion changes what the calculation uses: a calculated run goes back to "imported" until it is
  recalculated (the calculation reads `active_exclusions`), so stale results cannot be submitted.
- An override replaces a reportable (lot) value by hand; the uncertainty stays as calculated, the
  result is flagged "overridden", and a recalculation applies the override again (`apply_overrides`).
  To change what goes into a lot's mean, exclude a replicate, line or result instead.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion, Scope
from labapp.core.reportable import result_text
from labapp.core.vocabulary import ResultFlag
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import WorkflowError, find_run, run_name
from labapp.store.lots import Preparation, Sample
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun, Measurement
from labapp.store.states import RunState
from labapp.store.workflow import ResultOverride, RunExclusion

EDITABLE_STATES = (RunState.IMPORTED, RunState.CALCULATED, RunState.REJECTED)
EXCLUDED = ResultFlag.EXCLUDED
OVERRIDDEN = ResultFlag.OVERRIDDEN


@dataclass(frozen=True)
class OverrideInfo:
    id: int
    result_id: int
    lot_id: int | None
    element: str
    original_value: float | None
    new_value: float
    reason: str
    created_by: str


def add_flag(flags: str | None, flag: str) -> str:
    """`flags` (";"-separated) with `flag` added once, order kept."""
    items = [f for f in (flags or "").split(";") if f]
    return ";".join(items if flag in items else [*items, flag])


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise LabappError("a reason is required to exclude or override")
    return reason.strip()


def _editable(run: InstrumentRun, what: str) -> None:
    if run.state in EDITABLE_STATES:
        return
    then = (
        "an approved run is final: amend or retract the lot's certificate instead"
        if run.state is RunState.APPROVED
        else "reject it with a reason first"
    )
    raise WorkflowError(
        f"run {run_name(run)!r} is {run.state}: {what} only while it is with the technician "
        f"(imported, calculated or rejected); {then}"
    )


# --- exclusions --------------------------------------------------------------------------------


def active_exclusions(session: Session, run_id: int) -> list[Exclusion]:
    """The run's active exclusions as the calculation core takes them (oldest first)."""
    query = select(RunExclusion).where(RunExclusion.run_id == run_id, RunExclusion.active.is_(True))
    return [
        Exclusion(
            scope=Scope(row.scope),
            element=row.element,
            reason=row.reason,
            line=row.line,
            sample_label=row.sample_label,
            replicate=row.replicate,
        )
        for row in session.scalars(query.order_by(RunExclusion.id))
    ]


def _check_target(session: Session, run: InstrumentRun, item: Exclusion) -> None:
    """The exclusion must name readings that exist in the run (a typo must not be a silent no-op)."""
    query = select(Measurement.id).where(Measurement.run_id == run.id, Measurement.element == item.element)
    if item.scope in (Scope.REPLICATE, Scope.LINE, Scope.POINT):
        query = query.where(Measurement.line == str(item.line))
    if item.scope in (Scope.REPLICATE, Scope.RESULT, Scope.POINT):
        query = query.where(Measurement.sample_label == item.sample_label)
    if item.scope == Scope.REPLICATE:
        query = query.where(Measurement.replicate == item.replicate)
    if session.scalar(query.limit(1)) is None:
        where = ", ".join(
            f"{k} {v}"
            for k, v in (("line", item.line), ("sample", item.sample_label), ("replicate", item.replicate))
            if v not in (None, "")
        )
        raise LabappError(
            f"run {run_name(run)!r} has no {item.element} reading{' at ' + where if where else ''}"
        )


def _flag_rows(session: Session, run: InstrumentRun, item: Exclusion) -> list[tuple[Result, str]]:
    """Result rows an exclusion touches, each with the flag it gets.

    The preparation's own row: "excluded" (result scope: left out of the lot's mean, as the
    calculation flags it), "replicate_excluded" or "line_excluded" (calculated from fewer readings).
    The lot's reportable row of that element: "excluded" (the Result rows contract's flag), so a
    reported value shows that a person's exclusion shaped it; the reasons are in the exclusions table.
    """
    rows = list(
        session.scalars(select(Result).where(Result.run_id == run.id, Result.element == item.element))
    )
    own = {
        Scope.RESULT: EXCLUDED,
        Scope.REPLICATE: ResultFlag.REPLICATE_EXCLUDED,
        Scope.LINE: ResultFlag.LINE_EXCLUDED,
        Scope.POINT: ResultFlag.LINE_EXCLUDED,  # that solution's line: the others give its result
    }
    if item.scope == Scope.LINE:
        preps = [r for r in rows if not r.reportable and r.line in (None, str(item.line))]
    else:
        matched = json.loads(run.metadata_json or "{}").get("matched", {})
        label = matched.get(item.sample_label, item.sample_label)
        prep_ids = set(session.scalars(select(Preparation.id).where(Preparation.label == label)))
        preps = [r for r in rows if r.preparation_id in prep_ids]
    lots = {
        lot
        for (lot,) in session.execute(
            select(Sample.lot_id)
            .join(Preparation, Preparation.sample_id == Sample.id)
            .where(Preparation.id.in_({r.preparation_id for r in preps if r.preparation_id is not None}))
        )
    }
    lots |= {r.lot_id for r in preps if r.lot_id is not None}
    reported = [r for r in rows if r.reportable and r.lot_id in lots]
    return [(r, own[Scope(item.scope)]) for r in preps] + [(r, EXCLUDED) for r in reported]


def mark_exclusions(session: Session, run_id: int) -> int:
    """Flag the run's result rows touched by its active exclusions (call after writing new results,
    inside the calculation's unit of work); returns how many flags were added."""
    run = session.get(InstrumentRun, run_id)
    added = 0
    for item in active_exclusions(session, run_id):
        for result, flag in _flag_rows(session, run, item):
            flagged = add_flag(result.flags, flag)
            if flagged != (result.flags or ""):
                result.flags, added = flagged, added + 1
    return added


def reapply(session: Session, run_id: int) -> tuple[int, int]:
    """Re-apply a run's human decisions to freshly calculated rows: exclusion flags, then overrides."""
    return mark_exclusions(session, run_id), apply_overrides(session, run_id)


def exclude(ctx: ServiceContext, by: AuthenticatedUser, run: int | str, item: Exclusion) -> int:
    """Record an exclusion with its reason; returns its id. The run then needs recalculating."""
    by.require(Action.EXCLUDE_OR_OVERRIDE)
    reason = _reason(item.reason)
    with ctx.unit_of_work(by, Action.EXCLUDE_OR_OVERRIDE, reason, event="exclude") as session:
        record = find_run(session, run)
        _editable(record, "exclusions are recorded")
        _check_target(session, record, item)
        if any(_same_target(existing, item) for existing in active_exclusions(session, record.id)):
            raise LabappError("an identical exclusion is already active for this run")
        row = RunExclusion(
            run_id=record.id,
            scope=Scope(item.scope).value,
            element=item.element,
            line=None if item.line is None else str(item.line),
            sample_label=item.sample_label,
            replicate=item.replicate,
            reason=reason,
            created_by=by.username,
            active=True,
        )
        session.add(row)
        session.flush()
        mark_exclusions(session, record.id)
        if record.state is RunState.CALCULATED:
            record.state = RunState.IMPORTED  # results no longer reflect the exclusions: recalculate
        session.flush()
        return row.id


def _same_target(a: Exclusion, b: Exclusion) -> bool:
    key = ("scope", "element", "line", "sample_label", "replicate")
    return all(str(getattr(a, k)) == str(getattr(b, k)) for k in key)


def withdraw_exclusion(ctx: ServiceContext, by: AuthenticatedUser, exclusion_id: int, reason: str) -> None:
    """Set an exclusion inactive (it stays on record); the run then needs recalculating."""
    by.require(Action.EXCLUDE_OR_OVERRIDE)
    note = _reason(reason)
    with ctx.unit_of_work(by, Action.EXCLUDE_OR_OVERRIDE, note, event="withdraw_exclusion") as session:
        row = session.get(RunExclusion, exclusion_id)
        if row is None or not row.active:
            raise LabappError(f"no active exclusion with id {exclusion_id}")
        record = session.get(InstrumentRun, row.run_id)
        _editable(record, "exclusions are withdrawn")
        row.active = False
        if record.state is RunState.CALCULATED:
            record.state = RunState.IMPORTED


# --- overrides ---------------------------------------------------------------------------------


def active_overrides(session: Session, run_id: int) -> list[OverrideInfo]:
    query = select(ResultOverride).where(ResultOverride.run_id == run_id, ResultOverride.active.is_(True))
    return [
        OverrideInfo(
            o.id, o.result_id, o.lot_id, o.element, o.original_value, o.new_value, o.reason, o.created_by
        )
        for o in session.scalars(query.order_by(ResultOverride.id))
    ]


def override(ctx: ServiceContext, by: AuthenticatedUser, result_id: int, value: float, reason: str) -> int:
    """Replace a reportable result's value by hand, with a reason; returns the override's id."""
    by.require(Action.EXCLUDE_OR_OVERRIDE)
    note = _reason(reason)
    if not math.isfinite(float(value)):
        raise LabappError(f"override value must be a finite number, not {value!r}")
    with ctx.unit_of_work(by, Action.EXCLUDE_OR_OVERRIDE, note, event="override") as session:
        result = session.get(Result, result_id)
        if result is None:
            raise LabappError(f"no result with id {result_id}")
        if not result.reportable or result.lot_id is None:
            raise LabappError(
                f"result {result_id} is a preparation's result, not a reported lot value: "
                "exclude the replicate, line or result instead"
            )
        record = session.get(InstrumentRun, result.run_id)
        if record.state is RunState.IMPORTED:
            raise WorkflowError(f"run {run_name(record)!r} must be calculated before a result is overridden")
        _editable(record, "results are overridden")
        original = result.value
        for earlier in session.scalars(
            select(ResultOverride).where(
                ResultOverride.run_id == record.id,
                ResultOverride.lot_id == result.lot_id,
                ResultOverride.element == result.element,
                ResultOverride.active.is_(True),
            )
        ):
            earlier.active, original = (
                False,
                earlier.original_value,
            )  # the calculated value stays the original
        row = ResultOverride(
            run_id=record.id,
            result_id=result.id,
            lot_id=result.lot_id,
            element=result.element,
            original_value=original,
            new_value=float(value),
            reason=note,
            created_by=by.username,
            active=True,
        )
        session.add(row)
        _apply(result, float(value))
        session.flush()
        return row.id


def _apply(result: Result, value: float) -> None:
    result.value = value
    result.censored = None  # a value set by hand is a number, not "<LOQ"
    result.text = result_text(value, result.expanded_uncertainty, None, None)
    result.flags = add_flag(result.flags, OVERRIDDEN)


def apply_overrides(session: Session, run_id: int) -> int:
    """Apply the run's active overrides to its current reportable rows (call after writing new
    results, inside the calculation's unit of work); returns how many rows were overridden."""
    applied = 0
    for item in active_overrides(session, run_id):
        rows = session.scalars(
            select(Result).where(
                Result.run_id == run_id,
                Result.lot_id == item.lot_id,
                Result.element == item.element,
                Result.reportable.is_(True),
            )
        )
        for result in rows:
            _apply(result, item.new_value)
            applied += 1
    return applied
