"""Read-only views of a run for the desktop application: calibration plots, the results grid, the
detail of one result, the review queue and a batch summary, and a stored certificate's PDF.

Nothing here writes. The calibration is recomputed from the stored readings with the same core
functions the calculation used (labapp.core.pipeline_solution), so the plotted curve is the one the
results came from; the fit is repeated per line only to get its coefficients and residuals.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from labapp.core.analytes import Quantity
from labapp.core.calibration import fit
from labapp.core.errors import LabappError
from labapp.core.pipeline_solution import solution_stage
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.core.reportable import censoring_bound
from labapp.core.runorder import SAMPLE_LIKE, solution_means
from labapp.core.uncertainty.reporting import report
from labapp.core.uncertainty.sampling import SAMPLING
from labapp.core.vocabulary import CheckOutcome, ElementStatus, GradingStatus, Outcome, QcCheck, Vocabulary
from labapp.security.roles import Action, allowed
from labapp.services.administration.audit_trail import AuditEntry, record_history
from labapp.services.administration.methods import load_methods
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation.inputs import load_inputs
from labapp.services.calculation.results import QcRecord, run_qc, run_results
from labapp.services.certification.records import awaits_first_certificate
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import StoredGrading, current_grading
from labapp.services.grading.limiting_words import limiting_words
from labapp.services.grading.sampling import result_sampling
from labapp.services.workflow.review import (
    RunSummary,
    find_run,
    list_runs,
    lots_of_run,
    second_review_enabled,
    signatures_of,
)
from labapp.services.workflow.signing import SignatureStatus
from labapp.store.lots import Lot
from labapp.store.records import Certificate
from labapp.store.results import QcOutcome, Result
from labapp.store.states import RELEASED_LOT_STATES, LotState, RunState
from labapp.store.workflow import ResultOverride

RECOVERY_CHECKS = tuple(check for check in QcCheck if check.charted)


# --- calibration ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationLine:
    """One calibrated line: its standards, the fitted curve, residuals, the samples read on it, verdicts."""

    element: str
    line: str
    view: str
    model: str
    weighting: str | None
    r: float
    residual_sd: float
    mandel_p: float  # NaN when not tested (quadratic model, fewer than 4 standards)
    mandel_verdict: FitVerdict
    coefficients: tuple[float, ...]  # low order first; empty when the line could not be fitted
    standards: pd.DataFrame  # sample_label, x (nominal), y (mean net signal), residual
    samples: pd.DataFrame  # sample_label, sample_type, x (read-back concentration), y (mean net signal)
    unit: str
    # the weighting the standards' replicate SDs support (None: no weighting; "" when not testable),
    # the ML exponent g of var ~ x^g and Bartlett's p-value of the weighting used (core.variance_function)
    weighting_supported: str | None = ""
    variance_exponent: float = math.nan
    weighting_p: float = math.nan

    @property
    def title(self) -> str:
        view = f" {self.view}" if self.view else ""
        return f"{self.element} {self.line}{view}"

    def curve(self, points: int = 200) -> tuple[np.ndarray, np.ndarray]:
        """The fitted curve from 0 to beyond the highest standard or sample, for plotting."""
        top = np.nanmax([self.standards["x"].max(), self.samples["x"].max() if len(self.samples) else 0.0])
        x = np.linspace(0.0, float(top) * 1.05 if np.isfinite(top) and top > 0 else 1.0, points)
        return x, np.polynomial.polynomial.polyval(x, np.asarray(self.coefficients, dtype=float))


@dataclass(frozen=True)
class RunCalibration:
    run_id: int
    run_name: str
    method_id: str
    lines: list[CalibrationLine]
    notes: list[str] = field(default_factory=list)


class FitVerdict(Vocabulary):
    """What the Mandel test (ISO 8466-1) says of a linear calibration, shown beside the curve."""

    NOT_TESTED = "not_tested", "not tested", "未検定"
    LINEAR_ADEQUATE = "linear_adequate", "linear adequate", "直線で十分"
    CURVATURE = (
        "curvature_significant",
        "curvature significant: consider a quadratic fit",
        "曲率が有意：二次式の適用を検討",
    )


def _mandel_verdict(p_value: float, alpha: float) -> FitVerdict:
    if not np.isfinite(p_value):
        return FitVerdict.NOT_TESTED
    return FitVerdict.LINEAR_ADEQUATE if p_value >= alpha else FitVerdict.CURVATURE


def run_calibration(ctx: ServiceContext, run: int | str, progress: Progress = NO_PROGRESS) -> RunCalibration:
    """Every calibrated line of a run (empty for a run reported as concentrations, e.g. XRF tables)."""
    progress.report(0, 3, "reading the run")
    methods = load_methods()
    with ctx.read_session() as session:
        inputs = load_inputs(session, find_run(session, run), methods)
    progress.check("calibration view")
    progress.report(1, 3, "calibrating")
    stage = solution_stage(
        inputs.frame, inputs.method, inputs.preparations, inputs.references, inputs.exclusions
    )
    progress.check("calibration view")
    progress.report(2, 3, "fitting lines for the plots")
    alpha = {a.element: a.qc.mandel_alpha for a in inputs.method.analytes}
    lines = []
    for row in stage.calibrations.itertuples(index=False) if len(stage.calibrations) else ():
        lines.append(
            _line(
                stage.frame, stage.standards, row, alpha.get(row.element, 0.01), inputs.method.solution_unit
            )
        )
    progress.report(3, 3, "done")
    return RunCalibration(inputs.run_id, inputs.run_name, inputs.method.id, lines, list(stage.notes))


def _line(frame: pd.DataFrame, standards: pd.DataFrame, row: Any, alpha: float, unit: str) -> CalibrationLine:
    keys = (
        (standards["element"] == row.element)
        & (standards["line"] == row.line)
        & (standards["view"] == row.view)
    )
    points = standards[keys & np.isfinite(standards["x"]) & np.isfinite(standards["y"].astype(float))]
    points = points[["sample_label", "x", "y"]].reset_index(drop=True)
    coefficients: tuple[float, ...] = ()
    points["residual"] = np.nan
    try:
        curve = fit(points["x"], points["y"], row.model, row.weighting or None)
        coefficients = tuple(float(c) for c in curve.coefficients)
        points["residual"] = curve.residuals
    except LabappError:
        pass
    mine = frame[
        (frame["element"] == row.element) & (frame["line"] == row.line) & (frame["view"] == row.view)
    ]
    mine = mine[mine["sample_type"].isin(SAMPLE_LIKE)]
    samples = pd.DataFrame(columns=["sample_label", "sample_type", "x", "y"])
    if len(mine):
        signal = solution_means(mine, "net_signal")
        conc = solution_means(mine, "conc")
        samples = pd.DataFrame(
            {
                "sample_label": signal["sample_label"],
                "sample_type": signal["sample_type"],
                "x": conc["conc"].to_numpy(float),
                "y": signal["net_signal"].to_numpy(float),
            }
        )
        samples = samples[np.isfinite(samples["x"]) & np.isfinite(samples["y"])].reset_index(drop=True)
    p_value = float(row.mandel_p) if row.mandel_p is not None else math.nan
    return CalibrationLine(
        str(row.element),
        str(row.line),
        str(row.view or ""),
        str(row.model),
        row.weighting,
        float(row.r),
        float(row.residual_sd),
        p_value,
        _mandel_verdict(p_value, alpha),
        coefficients,
        points,
        samples,
        unit,
        *_weighting_evidence(row),
    )


def _weighting_evidence(row: Any) -> tuple[str | None, float, float]:
    supported = getattr(row, "weighting_supported", None)
    if not isinstance(supported, str):  # NaN: too few replicated standards to judge
        return "", math.nan, math.nan
    return (
        None if supported == "none" else supported,
        float(getattr(row, "variance_exponent", math.nan)),
        float(getattr(row, "weighting_p", math.nan)),
    )


def recovery_sequence(ctx: ServiceContext, run: int | str) -> pd.DataFrame:
    """ICV/CCV recoveries against the run sequence: position (solution number in the run), check,
    element, line, recovery %, limits, outcome."""
    columns = [
        "position",
        "check",
        "sample_label",
        "element",
        "line",
        "recovery_pct",
        "low",
        "high",
        "outcome",
    ]
    with ctx.read_session() as session:
        record = find_run(session, run)
        rows = session.scalars(
            select(QcOutcome)
            .where(QcOutcome.run_id == record.id, QcOutcome.check.in_(RECOVERY_CHECKS))
            .order_by(QcOutcome.position, QcOutcome.id)
        ).all()
        data = [
            (
                q.position,
                q.check,
                q.sample_label,
                q.element,
                q.line,
                q.statistic,
                q.lower_limit,
                q.upper_limit,
                q.outcome,
            )
            for q in rows
            if q.statistic is not None
        ]
    return pd.DataFrame(data, columns=columns)


# --- results grid and detail ----------------------------------------------------------------------


def _printed_result(row: Result) -> str:
    """'18.78 ± 0.78 wt% (k = 2.07)', '< 0.016 wt%', by the one rounding rule (core.uncertainty.reporting)."""
    censored = "<" if row.censored == "<" else ""
    if row.value is None and not censored:
        return f"{row.text or ''} {row.unit}".strip()
    return report(
        row.value, row.expanded_uncertainty, row.unit, k=row.coverage_factor, censored=censored,
        limit=censoring_bound(row.flags, row.loq, row.lod) if censored else None,
    ).text


def results_frame(ctx: ServiceContext, run: int | str) -> pd.DataFrame:
    """Every result row of a run (preparations and reportable lot rows) as one frame for the grid.

    Colour columns come from the lot's current grading: `grading_outcome` is the worst `Outcome` of
    the criteria on this analyte (alone or in a sum such as Ni+Co) in the grade reached (or, off-spec,
    the last grade tried); `out_of_spec` when that is a fail, `conditional` when it is a conditional
    pass or a conditional fail (within the guard band); `qc_affected` when the row's QC state
    (`ElementStatus`) is flagged or blocked.
    """
    records = run_results(ctx, run, reportable_only=False)
    frame = pd.DataFrame([r.as_dict() for r in records])
    if frame.empty:
        return pd.DataFrame(columns=["result_id", "lot_code", "sample_label", "element", "value", "unit"])
    frame = frame.rename(
        columns={"lot": "lot_code", "preparation": "sample_label", "U": "expanded_uncertainty"}
    )
    frame["reportable"] = frame["sample_label"].isna()  # a lot's row has no preparation label
    outcomes = _grading_outcomes(ctx, sorted(set(frame["lot_code"].dropna())))
    keys = list(zip(frame["lot_code"], frame["element"], strict=True))
    found = [outcomes.get(k) for k in keys]
    frame["grading_outcome"] = found
    frame["out_of_spec"] = [o is Outcome.FAIL for o in found]
    frame["conditional"] = [o is not None and o.conditional for o in found]
    frame["qc_affected"] = [_qc_affected(s) for s in frame["qc_state"]]
    return frame


def _qc_affected(state: object) -> bool:
    """A result whose element failed a QC check (flagged) or gives no reportable value (blocked)."""
    if state is None or (isinstance(state, float) and math.isnan(state)):
        return False
    return ElementStatus(state) is not ElementStatus.OK


def _grading_outcomes(ctx: ServiceContext, lots: list[str]) -> dict[tuple[str, str], Outcome]:
    """(lot, analyte) -> the worst outcome (`Outcome.severity`) among the criteria of the grade the lot
    reached on that analyte; a sum (Ni+Co) counts for each of its terms."""
    found: dict[tuple[str, str], list[Outcome]] = {}
    for code in lots:
        grading = current_grading(ctx, code)
        if grading is None:
            continue
        for criterion in _reached_tier(grading).get("criteria", []):
            outcome = Outcome(criterion["outcome"])
            for analyte in Quantity.parse(str(criterion["quantity"])).terms:
                found.setdefault((code, analyte), []).append(outcome)
    return {key: Outcome.worst(outcomes) for key, outcomes in found.items()}


def _reached_tier(grading: StoredGrading) -> dict[str, Any]:
    """The tier of the grade the lot got, else the last tier tried (why it is off-spec)."""
    tiers = grading.result.get("tiers") or []
    chosen = [t for t in tiers if grading.grade is not None and t.get("grade") == grading.grade]
    return chosen[0] if chosen else (tiers[-1] if tiers else {})


@dataclass(frozen=True)
class BudgetComponent:
    name: str
    description: str
    value: float | None
    unit: str
    u: float | None
    sensitivity: float | None
    contribution: float | None
    percent: float | None
    dof: float | None
    shared: float | None = None  # r with the same input of the digest's other analytes; None: not named



class BudgetShown(Vocabulary):
    """Which uncertainty budget a result's detail shows (a lot's value is the mean of its digests)."""

    NONE = "no_budget", "no uncertainty budget (no calculated value)", "不確かさの収支なし（計算値なし）"
    NO_DIGEST = "no_digest_budget", "no digest budget", "分解液の収支なし"
    FIRST_DIGEST = "first_digest", "budget of the first digest", "最初の分解液の収支"
    THIS_DIGEST = "this_digest", "budget of this digest", "この分解液の収支"


@dataclass(frozen=True)
class ResultDetail:
    result_id: int
    title: str  # lot code and element
    lot_result: bool  # the lot's reportable row (the mean of its digests), not one digest's
    value_text: str
    budget: BudgetShown
    budget_digest: str | None  # the digest whose budget is shown
    budget_digests: int  # how many digests the lot's value is the mean of
    components: list[BudgetComponent]
    inputs: list[tuple[str, object]]  # (input name, value as stored: a number, text or typed word)
    history: list[AuditEntry]
    overrides: list[tuple[str, str]]


def result_detail(ctx: ServiceContext, result_id: int) -> ResultDetail:
    """Budget, calculation inputs and audit history of one result row."""
    with ctx.read_session() as session:
        row = session.get(Result, result_id)
        if row is None:
            raise LabappError(f"no result with id {result_id}")
        lot = session.get(Lot, row.lot_id) if row.lot_id else None
        overrides = [
            (
                o.created_by,
                f"{o.original_value} -> {o.new_value}: {o.reason}" + ("" if o.active else " (replaced)"),
            )
            for o in session.scalars(select(ResultOverride).where(ResultOverride.result_id == result_id))
        ]
        budget = json.loads(row.budget_json) if row.budget_json else None
        snapshot = {
            name: getattr(row, name)
            for name in (
                "element",
                "line",
                "value",
                "unit",
                "basis",
                "censored",
                "loq",
                "lod",
                "standard_uncertainty",
                "expanded_uncertainty",
                "coverage_factor",
                "effective_dof",
                "method",
                "technique",
                "flags",
                "qc_state",
                "calculated_by",
            )
        }
        title = f"{lot.code if lot else ''} {row.element}"
        text = _printed_result(row)
    shown, components, extra = _budget(budget)
    if row.reportable and row.lot_id:
        components, extra = _with_sampling(row, components, extra)
    inputs: list[tuple[str, object]] = [*snapshot.items(), *extra]
    history = record_history(ctx, f"results:{result_id}")
    digests = [value for name, value in extra if name == "digest"]  # a lot's value: its digests, in order
    first = None if not digests else str(digests[0])
    return ResultDetail(
        result_id,
        title.strip(),
        bool(row.reportable),
        text,
        shown,
        first,
        len(digests),
        components,
        inputs,
        history,
        overrides,
    )


def _with_sampling(row: Result, components: list[BudgetComponent], extra: list[tuple[str, object]]
                   ) -> tuple[list[BudgetComponent], list[tuple[str, object]]]:
    """A lot's row under a method with [sampling] on: the sampling input as its own budget line, and
    the lot's U that grading uses (docs/calculations.md, "Uncertainty from sampling")."""
    part = result_sampling(row.element, row.value, row.expanded_uncertainty, row.unit, row.coverage_factor,
                           row.method)
    if part is None:
        return components, extra
    line = BudgetComponent(SAMPLING, "sampling (duplicate method, Eurachem/CITAC UfS 2019), lot level",
                           0.0, part.unit, part.u_sampling, 1.0, part.u_sampling,
                           100.0 * part.sampling_share, part.dof_sampling)
    analytical = 1.0 - part.sampling_share  # the shown shares become shares of the lot's variance
    rescaled = [replace(c, percent=None if c.percent is None else c.percent * analytical) for c in components]
    lot_u = [("coverage_factor_with_sampling", part.k),
             ("expanded_uncertainty_with_sampling", part.expanded_uncertainty)]
    return [*rescaled, line], [*extra, *lot_u]


def _budget(
    record: dict[str, Any] | None,
) -> tuple[BudgetShown, list[BudgetComponent], list[tuple[str, object]]]:
    if record is None:
        return BudgetShown.NONE, [], []
    extra: list[tuple[str, object]] = []
    if "digests" in record:  # a lot's reportable row: the mean of its digests
        extra.append(("uncertainty rule", record.get("rule")))
        digests = record.get("digests") or []
        extra += [("digest", d.get("label")) for d in digests]
        if not digests:
            return BudgetShown.NO_DIGEST, [], extra
        shown = BudgetShown.FIRST_DIGEST
        record = digests[0]["budget"]
    else:
        shown = BudgetShown.THIS_DIGEST
    extra += [(k, record.get(k)) for k in ("quantity", "model", "confidence") if k in record]
    components = [
        BudgetComponent(
            str(c.get("name")),
            str(c.get("description") or ""),
            c.get("value"),
            str(c.get("unit") or ""),
            c.get("u"),
            c.get("sensitivity"),
            c.get("contribution"),
            c.get("contribution_percent"),
            c.get("dof"),
            c.get("shared"),  # absent in budgets stored before inputs were named (schema 1)
        )
        for c in record.get("components", [])
    ]
    return shown, components, extra


# --- review queue and batch page ------------------------------------------------------------------


def review_queue(ctx: ServiceContext, user: AuthenticatedUser | None) -> list[RunSummary]:
    """Runs waiting for a signature `user` may give: review (submitted, second review on) or approval."""
    with ctx.read_session() as session:
        second = second_review_enabled(session)
    waiting: list[RunState] = []
    roles = user.current_roles() if user is not None else frozenset()
    if user is None or allowed(roles, Action.REVIEW) and second:
        waiting.append(RunState.SUBMITTED)
    if user is None or allowed(roles, Action.APPROVE):
        waiting += [RunState.REVIEWED] if second else [RunState.SUBMITTED, RunState.REVIEWED]
    return [run for run in list_runs(ctx) if run.state in waiting]


@dataclass(frozen=True)
class LotGradeLine:
    lot_code: str
    state: LotState
    grade: str | None
    status: GradingStatus | None
    limiting: str
    limiting_ja: str = ""


@dataclass(frozen=True)
class BatchSummary:
    run: RunSummary
    second_review: bool
    qc_counts: dict[QcCheck, tuple[int, int]]  # check -> (passed, failed)
    qc_failures: list[QcRecord]
    flagged: pd.DataFrame  # result rows with flags or a QC state other than ok
    overrides: list[tuple[str, str, str]]  # (lot element, change, reason)
    grades: list[LotGradeLine]
    signatures: list[SignatureStatus]
    history: list[AuditEntry]


def batch_summary(ctx: ServiceContext, run: int | str) -> BatchSummary:
    """Everything a reviewer looks at before signing a run."""
    summary = next(r for r in list_runs(ctx) if r.id == _run_id(ctx, run))
    checks = run_qc(ctx, summary.id)
    counts: dict[QcCheck, tuple[int, int]] = {}
    for q in checks:
        ok, bad = counts.get(q.check, (0, 0))
        failed = q.outcome is CheckOutcome.FAIL
        counts[q.check] = (ok + (not failed), bad + failed)
    counts = {check: counts[check] for check in QcCheck if check in counts}  # the run's order: ICV first
    frame = results_frame(ctx, summary.id)
    flagged = frame[frame["flags"].fillna("").ne("") | frame["qc_affected"]] if len(frame) else frame
    with ctx.read_session() as session:
        second = second_review_enabled(session)
        lots = [(lot.code, lot.state) for lot in lots_of_run(session, find_run(session, summary.id))]
        rows = session.execute(
            select(ResultOverride, Result.element, Lot.code)
            .join(Result, ResultOverride.result_id == Result.id)
            .outerjoin(Lot, Result.lot_id == Lot.id)
            .where(Result.run_id == summary.id)
        )
        overrides = [
            (f"{code} {element}", f"{o.original_value} -> {o.new_value}", o.reason)
            for o, element, code in rows
        ]
    grades = []
    for code, state in lots:
        g = current_grading(ctx, code)
        grades.append(
            LotGradeLine(
                code,
                state,
                g.grade if g else None,
                g.status if g else None,
                "; ".join(g.limiting) if g else "",
                "；".join(limiting_words(g, "ja")) if g else "",
            )
        )
    history = record_history(ctx, f"instrument_runs:{summary.id}")
    return BatchSummary(
        summary,
        second,
        counts,
        [q for q in checks if q.outcome is CheckOutcome.FAIL],
        flagged,
        overrides,
        grades,
        signatures_of(ctx, summary.id),
        history,
    )


def _run_id(ctx: ServiceContext, run: int | str) -> int:
    with ctx.read_session() as session:
        return find_run(session, run).id


# --- certificates -------------------------------------------------------------------------------


def certificate_pdf(ctx: ServiceContext, number: str, revision: int) -> bytes:
    """The signed PDF exactly as stored with the certificate revision."""
    with ctx.read_session() as session:
        row = session.scalar(
            select(Certificate).where(Certificate.number == number, Certificate.revision == revision)
        )
        if row is None or row.pdf_bytes is None:
            raise LabappError(f"no stored PDF for certificate {number} rev {revision}")
        return bytes(row.pdf_bytes)


def lots_awaiting_certificate(ctx: ServiceContext) -> list[str]:
    """Codes of lots waiting for their first certificate (approved, or amendment needed before any)."""
    with ctx.read_session() as session:
        lots = session.scalars(select(Lot).where(Lot.state.in_(RELEASED_LOT_STATES)).order_by(Lot.code))
        return [lot.code for lot in lots if awaits_first_certificate(session, lot)]
