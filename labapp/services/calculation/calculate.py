"""Calculate a stored run and store its results, QC outcomes and inputs, all or nothing.

`calculate_run` reads the run (services.calculation.inputs), computes it with the pure pipeline
(labapp.core.pipeline), and in one unit of work replaces the run's previous results and QC
outcomes (each deletion and insertion is an audit event), stores the calculation's inputs
(method id, version and SHA-256, preparations, reference values, exclusions, readings digest),
re-applies the human decisions (exclusion flags, then manual overrides: exclusions.reapply) and
sets the run to "calculated". Cancelling between stages, or any error, leaves the database as it was.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError
from labapp.core.methods import Method
from labapp.core.pipeline import STAGES, RunCalculation, calculate
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.core.reportable import censoring_bound, result_text
from labapp.core.vocabulary import Basis, CheckOutcome, ElementStatus, QcCheck, QcVerdict, ResultFlag
from labapp.security.roles import Action
from labapp.services.administration.methods import load_methods
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation import exclusions
from labapp.services.calculation.inputs import RunInputs, load_inputs
from labapp.services.calculation.run_problems import RunProblems, run_problems
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import find_run, run_name
from labapp.store.audit_bulk import delete_audited, insert_audited
from labapp.store.calculations import Calculation
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import RunState

CALCULABLE_STATES = (RunState.IMPORTED, RunState.CALCULATED, RunState.REJECTED)
WHAT = "calculation"


@dataclass(frozen=True)
class CalculationSummary:
    run_id: int
    run_name: str
    method_id: str
    verdict: QcVerdict
    preparation_results: int
    reportable_results: int
    qc_checks: int
    qc_failed: int
    replaced: int
    notes: list[str] = field(default_factory=list)
    problems: RunProblems = RunProblems()  # what signing the run must acknowledge (failed QC, unmatched)


def held_notes(held: Mapping[str, str]) -> list[str]:
    """Readings matched to a lot that is already approved or certified give it no results."""
    return [
        f"{label}: lot {lot} is already released; no results calculated for it "
        "(a change to released data needs a signed amendment)"
        for label, lot in sorted(held.items())
    ]


def _check_state(run: InstrumentRun) -> None:
    if run.state not in CALCULABLE_STATES:
        raise LabappError(
            f"run {run_name(run)!r} is {run.state}: results under a signature cannot be recalculated; "
            "a reviewer must reject the run first"
        )


def compute_run(
    ctx: ServiceContext,
    run: int | str,
    *,
    methods: Mapping[str, Method] | None = None,
    method_id: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> tuple[RunInputs, RunCalculation]:
    """Compute a run from the store without writing anything (the GUI uses it for calibration plots)."""
    methods = dict(methods) if methods is not None else load_methods()
    progress.report(0, len(STAGES) + 2, "reading the run")
    with ctx.read_session() as session:
        record = find_run(session, run)
        inputs = load_inputs(session, record, methods, method_id)

    def check(stage: str) -> None:
        progress.check(WHAT)
        progress.report(1 + STAGES.index(stage), len(STAGES) + 2, stage)

    result = calculate(
        inputs.frame,
        inputs.method,
        inputs.preparations,
        inputs.references,
        inputs.exclusions,
        methods=list(methods.values()),
        check=check,
    )
    return inputs, result


def calculate_run(
    ctx: ServiceContext,
    run: int | str,
    by: AuthenticatedUser,
    progress: Progress = NO_PROGRESS,
    *,
    methods: Mapping[str, Method] | None = None,
    method_id: str | None = None,
    reason: str | None = None,
) -> CalculationSummary:
    """Calculate `run` (name or id) as `by` and store the outcome; refused after submission."""
    by.require(Action.CALCULATE)
    with ctx.read_session() as session:
        _check_state(find_run(session, run))
    inputs, result = compute_run(ctx, run, methods=methods, method_id=method_id, progress=progress)
    progress.check(WHAT)
    progress.report(len(STAGES) + 1, len(STAGES) + 2, "storing results")
    with ctx.unit_of_work(by, Action.CALCULATE, reason, event="calculate") as session:
        record = session.get(InstrumentRun, inputs.run_id)
        _check_state(record)
        replaced = _remove_previous(session, record.id)
        prep_rows = _preparation_rows(result, inputs, by.username)
        lot_rows = _reportable_rows(result, inputs, by.username, _moisture_elsewhere(session, inputs))
        session.add(_calculation_row(result, record, by.username))
        record.state = RunState.CALCULATED
        insert_audited(session, Result, prep_rows + lot_rows)  # events join this flush's, ORM order
        insert_audited(session, QcOutcome, _qc_rows(result, record.id))
        session.flush()
        exclusions.reapply(session, record.id)  # exclusion flags, then manual overrides
        problems = run_problems(session, record)
        progress.check(WHAT)  # last chance: cancelling here rolls the whole unit of work back
    progress.report(len(STAGES) + 2, len(STAGES) + 2, "done")
    failed = int(result.qc.checks["outcome"].eq(CheckOutcome.FAIL).sum())
    return CalculationSummary(
        inputs.run_id,
        inputs.run_name,
        result.method.id,
        result.qc.verdict.verdict,
        len(prep_rows),
        len(lot_rows),
        len(result.qc.checks),
        failed,
        replaced,
        [*result.notes, *held_notes(inputs.held)],
        problems,
    )


def _remove_previous(session: Session, run_id: int) -> int:
    """Delete the run's results and QC outcomes, each deletion audited with the values it removed
    (results first, then QC outcomes, newest first: the order an ORM flush of the deletions gives)."""
    replaced = delete_audited(session, Result, Result.run_id == run_id)
    delete_audited(session, QcOutcome, QcOutcome.run_id == run_id)
    return replaced


def _number(value: object) -> float | None:
    """A finite float, or None (NaN, missing; infinite dof is stored as None = infinite)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _preparation_rows(result: RunCalculation, inputs: RunInputs, actor: str) -> list[dict[str, Any]]:
    """One Result row (column -> value, labapp.store.audit_bulk.insert_audited) per preparation and
    element."""
    prep = result.preparations
    rows = []
    for i, row in enumerate(prep.itertuples(index=False)):
        value = _number(row.value)
        censored = "<" if row.censored == "<" else None
        bound = censoring_bound(_text(row.flags), _number(row.loq), _number(row.lod))
        shown = result_text(value, _number(row.U), censored, bound) if value is not None else ""
        rows.append(
            dict(
                run_id=inputs.run_id,
                preparation_id=inputs.preparation_ids.get(row.label),
                lot_id=inputs.lot_ids.get(row.lot),
                element=row.element,
                species=_text(row.species),
                line=_text(row.line),
                value=value,
                unit=row.unit,
                basis=row.basis,
                censored=censored,
                standard_uncertainty=_number(row.u),
                expanded_uncertainty=_number(row.U),
                coverage_factor=_number(row.k),
                effective_dof=_number(row.nu_eff),
                loq=_number(row.loq),
                lod=_number(row.lod),
                method=result.method.id,
                budget_json=result.budget_json(i),
                reportable=False,
                calculated_by=actor,
                technique=row.technique,
                flags=_text(row.flags),
                qc_state=None if _text(row.status) is None else ElementStatus(row.status),
                text=shown or None,
            )
        )
    return rows


def _moisture_elsewhere(session: Session, inputs: RunInputs) -> frozenset[str]:
    """Lots whose manifest moisture another run already reports: a second run of the lot (the trace-
    element run beside the main ICP-OES run) adds no second copy of the same moisture."""
    ids = {lot_id: code for code, lot_id in inputs.lot_ids.items()}
    query = select(Result.lot_id).where(
        Result.lot_id.in_(list(ids)),
        Result.element == "moisture",
        Result.reportable.is_(True),
        Result.run_id.is_not(None),
        Result.run_id != inputs.run_id,
    )
    return frozenset(ids[lot_id] for lot_id in session.scalars(query))


def _reportable_rows(
    result: RunCalculation, inputs: RunInputs, actor: str, moisture_elsewhere: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    table = result.reportable
    status = result.qc.verdict.elements
    technique = {"icp-oes": "ICP-OES", "xrf": "XRF"}[result.method.technique]
    rows = []
    for i, row in enumerate(table.itertuples(index=False)):
        flags = _text(row.flags)
        rpd_failed = CheckOutcome(row.rpd_outcome) is CheckOutcome.FAIL
        if rpd_failed and ResultFlag.DIGEST_RPD not in ResultFlag.split(flags):
            flags = ";".join([*ResultFlag.split(flags), ResultFlag.DIGEST_RPD])
        rows.append(
            dict(
                run_id=inputs.run_id,
                preparation_id=None,
                lot_id=inputs.lot_ids.get(row.lot),
                element=row.element,
                value=_number(row.value),
                unit=row.unit,
                basis=Basis.DRY,
                censored="<" if row.censored == "<" else None,
                standard_uncertainty=_number(row.u),
                expanded_uncertainty=_number(row.U),
                coverage_factor=_number(row.k),
                effective_dof=_number(row.nu_eff),
                loq=_number(row.loq),
                lod=_number(row.lod),
                method=result.method.id,
                budget_json=result.reportable_budget_json(i),
                reportable=True,
                calculated_by=actor,
                technique=technique,
                flags=flags,
                qc_state=status.get(row.element, ElementStatus.OK),
                text=_text(row.text),
            )
        )
    rows += _moisture_rows(result, inputs, actor, set(table["lot"]) - moisture_elsewhere)
    return rows


def _moisture_rows(
    result: RunCalculation, inputs: RunInputs, actor: str, lots: set[str]
) -> list[dict[str, Any]]:
    """Moisture per lot from the sample (as received, no calculation), U from the method's tolerance;
    none for a lot whose moisture a panel test measured (its row is the lot's moisture)."""
    spec = result.method.uncertainty_spec.moisture
    u = spec.u() * 100.0 if spec is not None else None  # the method keeps moisture as a mass fraction
    moisture = inputs.preparations.dropna(subset=["moisture_pct"]).drop_duplicates("lot")
    return [
        dict(
            run_id=inputs.run_id,
            preparation_id=None,
            lot_id=inputs.lot_ids.get(lot),
            element="moisture",
            value=float(pct),
            unit="wt%",
            basis=Basis.AS_RECEIVED,
            censored=None,
            standard_uncertainty=u,
            expanded_uncertainty=None if u is None else 2.0 * u,
            coverage_factor=None if u is None else 2.0,
            effective_dof=None,
            method=result.method.id,
            reportable=True,
            calculated_by=actor,
            technique=None,
            flags=ResultFlag.FROM_MANIFEST.value,
            qc_state=ElementStatus.OK,
            text=result_text(float(pct), None if u is None else 2.0 * u, None, None),
        )
        for lot, pct in zip(moisture["lot"], moisture["moisture_pct"], strict=True)
        if lot in lots and lot not in inputs.measured_moisture
    ]


def _qc_rows(result: RunCalculation, run_id: int) -> list[dict[str, Any]]:
    checks = result.qc.checks
    rows = []
    for row in checks.itertuples(index=False):
        detail = "; ".join(
            t
            for t in (
                _text(row.note),
                _text(row.metric_name),
                f"affects {row.affected}" if _text(row.affected) else None,
            )
            if t
        )
        rows.append(
            dict(
                run_id=run_id,
                check=QcCheck(row.check),
                sample_label=_text(row.sample_label),
                element=_text(row.element),
                line=_text(row.line),
                measured=_number(row.measured),
                expected=_number(row.expected),
                statistic=_number(row.metric),
                lower_limit=_number(row.low),
                upper_limit=_number(row.high),
                passed=CheckOutcome(row.outcome) is CheckOutcome.PASS,
                outcome=CheckOutcome(row.outcome),
                position=None if _number(row.solution) is None else int(row.solution),
                detail=detail or None,
            )
        )
    return rows


def _calculation_row(result: RunCalculation, run: InstrumentRun, actor: str) -> Calculation:
    inputs = {
        **result.inputs,
        "readings": {"count": run.measurement_count, "sha256": run.measurements_digest},
    }
    method = result.inputs["method"]
    return Calculation(
        run_id=run.id,
        method=method["id"],
        method_version=method["version"],
        method_sha256=method["sha256"],
        inputs_json=canonical_json(inputs).decode("utf-8"),
        notes="\n".join(result.notes) or None,
        verdict=result.qc.verdict.verdict,
        calculated_by=actor,
    )


def stored_inputs(ctx: ServiceContext, run: int | str) -> dict | None:
    """The inputs record of the run's latest calculation (None before the first)."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        row = session.scalars(
            select(Calculation)
            .where(Calculation.run_id == record.id)
            .order_by(Calculation.id.desc())
            .limit(1)
        ).first()
        return None if row is None else json.loads(row.inputs_json)


def reproduce(
    ctx: ServiceContext, run: int | str, *, methods: Mapping[str, Method] | None = None
) -> list[str]:
    """Recompute a calculated run and say what no longer matches its stored calculation: inputs
    (method content, preparations, reference values, exclusions, readings) or result values.
    An empty list means the stored results are exactly what the stored inputs give today."""
    stored = stored_inputs(ctx, run)
    if stored is None:
        raise LabappError(f"run {run!r} has not been calculated")
    inputs, result = compute_run(ctx, run, methods=methods)
    with ctx.read_session() as session:
        record = session.get(InstrumentRun, inputs.run_id)
        now = {
            **result.inputs,
            "readings": {"count": record.measurement_count, "sha256": record.measurements_digest},
        }
        values = {
            (r.preparation_id, r.lot_id, r.element): r.value
            for r in session.scalars(select(Result).where(Result.run_id == inputs.run_id))
        }
    now = json.loads(canonical_json(now))
    problems = [
        f"{key} changed since the calculation" for key in sorted(stored) if stored[key] != now.get(key)
    ]
    fresh = _preparation_rows(result, inputs, "check") + _reportable_rows(result, inputs, "check")
    lots = {lot_id: code for code, lot_id in inputs.lot_ids.items()}
    labels = {prep_id: label for label, prep_id in inputs.preparation_ids.items()}
    differing = [
        f"{row['element']} of {labels.get(row['preparation_id']) or lots.get(row['lot_id'])} differs"
        + (" (reportable)" if row["reportable"] else "")
        for row in fresh
        if (key := (row["preparation_id"], row["lot_id"], row["element"])) in values
        and not _same(values[key], row["value"])
    ]
    return problems + sorted(set(differing))


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
