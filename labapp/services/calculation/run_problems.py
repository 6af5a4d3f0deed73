"""What a signer of a run signs over: the QC checks that failed, the sample labels matched to no lot,
and the lots of the run whose current grading cannot lead to a certificate (not gradable: an analyte
the criteria need is missing).

Defined once here so the calculation summary, the workflow's signing rule, the GUI's dialogs and the
command line name the same problems; signing a run that has any needs an acknowledgement with a reason
(labapp.services.workflow.review.sign), stored with the signature.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.vocabulary import CheckOutcome, GradingStatus, QcCheck
from labapp.services.importing.run_import import normalised_label
from labapp.store.calculations import ReferenceDigest
from labapp.store.gradings import LotGrading
from labapp.store.lots import Lot
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun


@dataclass(frozen=True)
class FailedCheck:
    """One failed QC check of the run, as the reviewer needs to recognise it."""

    check: QcCheck
    sample_label: str | None
    element: str | None
    line: str | None
    statistic: float | None
    lower_limit: float | None
    upper_limit: float | None
    detail: str | None

    def describe(self, lang: str = "en") -> str:
        """One line: the check, where, and the value against its limits (or the check's own detail)."""
        where = " ".join(part for part in (self.sample_label, self.element, self.line) if part)
        limits = _limits(self.lower_limit, self.upper_limit, lang)
        if self.statistic is None:
            found = self.detail or CheckOutcome.FAIL.label(lang)
        elif not limits:
            found = f"{self.statistic:.4g}"
        elif lang == "ja":
            found = f"{self.statistic:.4g}（管理限界 {limits}）"
        else:
            found = f"{self.statistic:.4g} (limits {limits})"
        name = self.check.label(lang)
        return f"{name} {where}: {found}" if where else f"{name}: {found}"


def _limits(low: float | None, high: float | None, lang: str) -> str:
    if low is not None and high is not None:
        return f"{low:.4g}～{high:.4g}" if lang == "ja" else f"{low:.4g} to {high:.4g}"
    if low is not None:
        return f">= {low:.4g}"
    return f"<= {high:.4g}" if high is not None else ""


@dataclass(frozen=True)
class UncertifiableLot:
    """A lot of the run graded "not gradable": its certificate cannot be issued from these results."""

    lot: str
    status: GradingStatus
    limiting: tuple[str, ...]

    def describe(self, lang: str = "en") -> str:
        why = "; ".join(self.limiting)
        return f"{self.lot}: {self.status.label(lang)}" + (f" ({why})" if why else "")


@dataclass(frozen=True)
class RunProblems:
    """A run's failed QC checks, unmatched sample labels and lots that cannot be certified; empty
    when there is nothing to sign over."""

    failed_checks: tuple[FailedCheck, ...] = ()
    unmatched_labels: tuple[str, ...] = ()
    uncertifiable: tuple[UncertifiableLot, ...] = ()

    @property
    def found(self) -> bool:
        return bool(self.failed_checks or self.unmatched_labels or self.uncertifiable)

    def summary(self) -> str:
        """Counts in one phrase, e.g. "19 failed QC check(s), 64 unmatched sample label(s)"; "" when none."""
        parts = []
        if self.failed_checks:
            parts.append(f"{len(self.failed_checks)} failed QC check(s)")
        if self.unmatched_labels:
            parts.append(f"{len(self.unmatched_labels)} unmatched sample label(s)")
        if self.uncertifiable:
            parts.append(f"{len(self.uncertifiable)} lot(s) that cannot be certified")
        return ", ".join(parts)

    def lines(self) -> list[str]:
        """Every problem, one line each: the failed checks, then the unmatched labels."""
        checks = [f"failed QC: {check.describe()}" for check in self.failed_checks]
        labels = [f"unmatched sample label: {label}" for label in self.unmatched_labels]
        return checks + labels + [f"cannot be certified: {lot.describe()}" for lot in self.uncertifiable]


def run_problems(session: Session, run: InstrumentRun) -> RunProblems:
    """As stored now: the latest calculation's failed QC outcomes and the import's unmatched labels."""
    q = QcOutcome  # the columns alone: thousands of failed checks on a large run, no object each
    columns = (
        q.check,
        q.sample_label,
        q.element,
        q.line,
        q.statistic,
        q.lower_limit,
        q.upper_limit,
        q.detail,
    )
    query = (
        select(*columns).where(q.run_id == run.id, q.outcome == CheckOutcome.FAIL).order_by(q.position, q.id)
    )
    failed = tuple(FailedCheck(*row) for row in session.execute(query))
    return RunProblems(failed, tuple(unmatched_labels(session, run)), uncertifiable_lots(session, run))


def uncertifiable_lots(session: Session, run: InstrumentRun) -> tuple[UncertifiableLot, ...]:
    """Lots with results in the run whose certificate grading is "not gradable" (a lot not graded yet
    may still be: it is not a problem until it is graded). The certificate states the lot's newest
    current grading; a lot graded under other sets too (the demo grades every shipped set, the default
    last) is not made uncertifiable by another set that cannot grade it."""
    query = (
        select(Lot.code, LotGrading.status, LotGrading.limiting)
        .join(LotGrading, LotGrading.lot_id == Lot.id)
        .where(
            LotGrading.current.is_(True),
            Lot.id.in_(select(Result.lot_id).where(Result.run_id == run.id)),
        )
        .order_by(Lot.code, LotGrading.graded_at.desc(), LotGrading.id.desc())
    )
    newest: dict[str, tuple[GradingStatus, str | None]] = {}
    for code, status, limiting in session.execute(query):
        newest.setdefault(code, (status, limiting))
    return tuple(
        UncertifiableLot(code, status, tuple((limiting or "").splitlines()))
        for code, (status, limiting) in newest.items()
        if status == GradingStatus.NOT_GRADABLE
    )


def unmatched_labels(session: Session, run: InstrumentRun) -> list[str]:
    """Sample labels the import matched to no preparation (the run's metadata), less those the calculation
    matches to a registered reference material digest (a CRM is QC material, not a lot)."""
    try:
        labels = [str(label) for label in json.loads(run.metadata_json or "{}").get("unmatched", [])]
    except ValueError:
        return []
    technique = (run.technique or "ICP-OES").upper()
    digests = session.scalars(select(ReferenceDigest.label).where(ReferenceDigest.technique == technique))
    known = {normalised_label(label) for label in digests}
    return [label for label in labels if normalised_label(label) not in known]
