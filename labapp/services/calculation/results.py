"""Stored results of a run as plain records, for `labapp results`, the GUI and the certificate."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.core.uncertainty.reporting import report, report_limit
from labapp.core.vocabulary import CheckOutcome, ElementStatus, QcCheck, ResultFlag
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import find_run
from labapp.store.lots import Lot, Preparation
from labapp.store.results import QcOutcome, Result

COLUMNS = (
    "lot",
    "preparation",
    "element",
    "line",
    "value",
    "text",
    "unit",
    "basis",
    "censored",
    "loq",
    "u",
    "U",
    "k",
    "nu_eff",
    "method",
    "technique",
    "flags",
    "qc_state",
    "result_id",
    "U_text",
    "k_text",
    "loq_text",
    "lod",
    "lod_text",
)


@dataclass(frozen=True)
class ResultRecord:
    lot: str | None
    preparation: str | None
    element: str
    line: str | None
    value: float | None
    text: str | None
    unit: str
    basis: str
    censored: str | None
    loq: float | None
    u: float | None
    U: float | None  # noqa: N815 - the GUM symbol
    k: float | None
    nu_eff: float | None  # None: infinite degrees of freedom
    method: str | None
    technique: str | None
    flags: str | None
    qc_state: ElementStatus | None
    result_id: int
    U_text: str = ""  # noqa: N815 - U, k and LOQ as printed (core.uncertainty.reporting), like `text`
    k_text: str = ""
    loq_text: str = ""
    lod: float | None = None  # the detection limit; a result not detected prints "< LOD" with it
    lod_text: str = ""

    @property
    def not_detected(self) -> bool:
        """Censored at the detection limit ("< LOD") rather than the quantification limit."""
        return self.censored == "<" and ResultFlag.NOT_DETECTED in ResultFlag.split(self.flags)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class QcRecord:
    check: QcCheck
    sample_label: str | None
    element: str | None
    line: str | None
    measured: float | None
    expected: float | None
    statistic: float | None
    lower_limit: float | None
    upper_limit: float | None
    outcome: CheckOutcome | None
    detail: str | None


def run_results(
    ctx: ServiceContext, run: int | str, *, lot: str | None = None, reportable_only: bool = True
) -> list[ResultRecord]:
    """The run's results: reportable rows per lot and analyte, or every row with `reportable_only=False`."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        query = (
            select(Result, Lot.code, Preparation.label)
            .outerjoin(Lot, Result.lot_id == Lot.id)
            .outerjoin(Preparation, Result.preparation_id == Preparation.id)
            .where(Result.run_id == record.id)
        )
        if reportable_only:
            query = query.where(Result.reportable.is_(True))
        if lot is not None:
            if session.scalar(select(Lot.id).where(Lot.code == lot)) is None:
                raise LabappError(
                    f"no lot {lot!r} in this database: {Remedy.LIST_LOTS.label()}", remedy=Remedy.LIST_LOTS
                )
            query = query.where(Lot.code == lot)
        rows = session.execute(
            query.order_by(Lot.code, Result.reportable.desc(), Preparation.label, Result.element)
        ).all()
        return [
            ResultRecord(
                code,
                label,
                r.element,
                r.line,
                r.value,
                r.text,
                r.unit,
                r.basis,
                r.censored,
                r.loq,
                r.standard_uncertainty,
                r.expanded_uncertainty,
                r.coverage_factor,
                r.effective_dof,
                r.method,
                r.technique,
                r.flags,
                r.qc_state,
                r.id,
                *_printed(r),
                r.lod,
                report_limit(r.lod) if r.lod is not None else "",
            )
            for r, code, label in rows
        ]


def _printed(row: Result) -> tuple[str, str, str]:
    """U, k and LOQ of a stored result as every output prints them (the value's text is stored)."""
    if row.censored or row.value is None:
        return "", "", report_limit(row.loq)
    shown = report(row.value, row.expanded_uncertainty, k=row.coverage_factor)
    return shown.U or "", shown.k or "", report_limit(row.loq)


def run_qc(ctx: ServiceContext, run: int | str) -> list[QcRecord]:
    """The run's stored QC outcomes in run order."""
    with ctx.read_session() as session:
        record = find_run(session, run)
        rows = session.scalars(
            select(QcOutcome).where(QcOutcome.run_id == record.id).order_by(QcOutcome.position, QcOutcome.id)
        ).all()
        return [
            QcRecord(
                q.check,
                q.sample_label,
                q.element,
                q.line,
                q.measured,
                q.expected,
                q.statistic,
                q.lower_limit,
                q.upper_limit,
                q.outcome,
                q.detail,
            )
            for q in rows
        ]
