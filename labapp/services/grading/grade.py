"""Grade lots against a criteria set and store each grading with the set's identity (issue 6).

A grading is a statement of conformity (ISO/IEC 17025:2017, 7.8.6), so it is stored with the id,
version and SHA-256 of the set that decided it, the decision rule used and every criterion, and
the set is frozen from its first use: an edited file under a used id and version is refused. The
lot's reportable results (one per analyte, dry basis, with U) and its sample's moisture feed the
pure core (`labapp.core.grading.grade_lot`); all gradings of one call commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from labapp.core.canonical import canonical_json
from labapp.core.criteria import CriteriaSet
from labapp.core.criteria_identity import (
    CriteriaSetRef,
    FrozenCriteriaSetError,
    StoredSet,
    admit,
    canonical_content,
)
from labapp.core.decision_rules import DecisionRule
from labapp.core.errors import LabappError
from labapp.core.grading import GradingResult, grade_lot
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.core.vocabulary import Admission, GradingStatus, Outcome, RuleKind, ScreenOutcome, SetKind
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import default_screens, default_set, load_set
from labapp.services.grading.inputs import NO_RESULTS, Assay, lot_assay, lots_of_run
from labapp.store.base import utcnow
from labapp.store.gradings import CriteriaSetRecord, LotGrading
from labapp.store.lots import Lot

__all__ = [
    "FrozenCriteriaSetError",
    "LotGradingSummary",
    "StoredGrading",
    "current_grading",
    "batch_summary",
    "decision_rule",
    "grade_lots",
    "list_gradings",
    "read_result_json",
]


@dataclass(frozen=True)
class LotGradingSummary:
    """What one lot got; `stored` is False when there was nothing to grade (no results)."""

    lot_code: str
    status: GradingStatus
    grade: str | None
    family: str | None
    declared_chemistry: str | None
    family_mismatch: bool
    criteria: CriteriaSetRef
    rule: str
    limiting: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    screens: tuple[tuple[str, str], ...] = ()  # (screen id, outcome)
    stored: bool = False
    grading_id: int | None = None
    superseded: tuple[int, ...] = ()  # ids of earlier gradings this one made not current
    # each screen's statement ({"en": ..., "ja": ...}, same order as `screens`): "conforms to the tested
    # limits of ...; not assessed: ..."
    screen_statements: tuple[dict[str, str], ...] = ()
    not_assessed: tuple[str, ...] = ()  # what the set's source requires and the lab did not test


@dataclass(frozen=True)
class StoredGrading:
    """A grading as stored, for the GUI and certificates, its words read back into their types: in
    `result`, every tier's and criterion's "outcome" is an `Outcome`; in `screens`, a `ScreenOutcome`."""

    id: int
    lot_code: str
    criteria: CriteriaSetRef
    rule: DecisionRule
    status: GradingStatus
    grade: str | None
    tier: str | None
    family: str | None
    family_mismatch: bool
    limiting: tuple[str, ...]
    result: dict[str, Any]
    screens: list[dict[str, Any]]
    commercial: dict[str, Any]
    result_ids: tuple[int, ...]
    graded_on: dt.date
    graded_by: str
    graded_at: dt.datetime
    current: bool
    frozen_set: bool = True


def decision_rule(name: str | RuleKind | DecisionRule | None, cs: CriteriaSet) -> DecisionRule:
    """The rule to grade with: the set's own, or the one agreed with the customer (ISO/IEC 17025, 7.1.3).

    `name` is a `RuleKind`, its code (simple, guarded_binary, non_binary) or its value. A guarded rule
    keeps the set's guard-band factor (1 x U when the set uses simple acceptance).
    """
    if name is None or isinstance(name, DecisionRule):
        return name or cs.decision_rule
    try:
        kind = RuleKind.parse(name)
    except ValueError:
        codes = ", ".join(k.code for k in RuleKind)
        raise LabappError(f"unknown decision rule {name!r}; use one of {codes}") from None
    simple = RuleKind.SIMPLE
    factor = cs.decision_rule.guard_factor if cs.decision_rule.kind is not simple else 1.0
    return DecisionRule(kind, 0.0 if kind is simple else factor)


def grade_lots(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    *,
    run: str | int | None = None,
    lots: Sequence[str] | None = None,
    criteria: str | Path | CriteriaSet | None = None,
    rule: str | DecisionRule | None = None,
    on_date: dt.date | None = None,
    progress: Progress = NO_PROGRESS,
    assays: Callable[[Session, Lot], Assay] = lot_assay,
) -> list[LotGradingSummary]:
    """Grade the lots of `run` and/or the lots named in `lots` against `criteria` (default set).

    Screens are the default ones. Every grading and the registration (and freezing) of the sets
    used commit in one unit of work; a frozen set whose file was edited is refused before anything
    is graded. Lots without reportable results are reported "not gradable" and not stored.
    `assays` reads a lot's assay: a caller grading under several sets passes one KeptAssays
    (labapp.services.grading.kept_assays) to every call, so each lot is read once while unchanged.
    """
    by.require(Action.GRADE)
    if run is None and not lots:
        raise LabappError("name a run or at least one lot to grade")
    cs = _criteria(criteria)
    job = _Job(cs, tuple(default_screens()), decision_rule(rule, cs), on_date or dt.date.today(), by.username)
    summaries: list[LotGradingSummary] = []
    with ctx.unit_of_work(by, Action.GRADE, event="grade") as session:
        registry = _SetRegistry(session, by.username)
        for s in (cs, *job.screens):
            registry.check(s)
        codes = _lot_codes(session, run, lots)
        for done, code in enumerate(codes):
            progress.check("grading")
            progress.report(done, len(codes), code)
            summaries.append(_grade_one(session, registry, _lot(session, code), job, assays))
        progress.report(len(codes), len(codes), "done")
    return summaries


@dataclass(frozen=True)
class _Job:
    criteria: CriteriaSet
    screens: tuple[CriteriaSet, ...]
    rule: DecisionRule
    on_date: dt.date
    actor: str


def _criteria(ref: str | Path | CriteriaSet | None) -> CriteriaSet:
    cs = ref if isinstance(ref, CriteriaSet) else (default_set() if ref is None else load_set(ref))
    if cs.kind is not SetKind.GRADING:
        raise LabappError(f"{cs.id} version {cs.version} is a screen; grade against a grading set")
    return cs


def _lot_codes(session: Session, run: str | int | None, lots: Sequence[str] | None) -> list[str]:
    codes = list(lots or ())
    if run is not None:
        codes += lots_of_run(session, run)
    return list(dict.fromkeys(c.strip() for c in codes if c.strip()))


def _lot(session: Session, code: str) -> Lot:
    query = select(Lot).where(Lot.code == code).options(selectinload(Lot.samples))
    lot = session.scalars(query).one_or_none()
    if lot is None:
        raise LabappError(f"lot {code} does not exist")
    return lot


def _grade_one(
    session: Session,
    registry: _SetRegistry,
    lot: Lot,
    job: _Job,
    assays: Callable[[Session, Lot], Assay] = lot_assay,
) -> LotGradingSummary:
    cs = job.criteria
    assay, result_ids, problem = assays(session, lot)
    if assay is None:
        return LotGradingSummary(
            lot.code,
            GradingStatus.NOT_GRADABLE,
            None,
            None,
            lot.declared_chemistry,
            False,
            CriteriaSetRef.of(cs),
            job.rule.describe(),
            reasons=(problem or NO_RESULTS,),
        )
    result = grade_lot(cs, assay, screens=job.screens, rule=job.rule, on_date=job.on_date)
    record = registry.record(cs)
    for s in job.screens:
        registry.record(s)
    superseded = _supersede(session, lot, cs.id)
    stored = _grading_row(lot, record, result, job.rule, result_ids, job.actor)
    session.add(stored)
    session.flush()
    return _summary(lot, result, stored.id, superseded)


def _supersede(session: Session, lot: Lot, set_id: str) -> tuple[int, ...]:
    """Mark the lot's current grading(s) against `set_id` (any version) not current."""
    query = (
        select(LotGrading)
        .join(CriteriaSetRecord, LotGrading.criteria_set_id == CriteriaSetRecord.id)
        .where(LotGrading.lot_id == lot.id, LotGrading.current.is_(True), CriteriaSetRecord.set_id == set_id)
    )
    earlier = session.scalars(query).all()
    for grading in earlier:
        grading.current = False
    return tuple(g.id for g in earlier)


def _json(value: Any) -> str:
    return canonical_json(value).decode("utf-8")


def _grading_row(
    lot: Lot,
    record: CriteriaSetRecord,
    result: GradingResult,
    rule: DecisionRule,
    result_ids: tuple[int, ...],
    actor: str,
) -> LotGrading:
    data = result.to_dict()
    return LotGrading(
        lot_id=lot.id,
        criteria_set=record,
        rule_kind=rule.kind,
        guard_factor=float(rule.guard_factor),
        status=result.status,
        grade=result.grade,
        tier=result.tier,
        family=result.family.family,
        family_mismatch=bool(result.family.mismatch),
        limiting="\n".join(result.limiting) or None,
        result_json=_json(data),
        screens_json=_json(data["screens"]),
        commercial_json=_json(data["commercial"]),
        result_ids=",".join(map(str, result_ids)) or None,
        graded_on=result.graded_on.isoformat(),
        graded_by=actor,
        current=True,
    )


def _summary(lot: Lot, g: GradingResult, grading_id: int, superseded: tuple[int, ...]) -> LotGradingSummary:
    return LotGradingSummary(
        lot.code,
        g.status,
        g.grade,
        g.family.family,
        lot.declared_chemistry,
        bool(g.family.mismatch),
        g.criteria_set,
        g.decision_rule.describe(),
        g.limiting,
        g.reasons,
        g.notes,
        tuple((s.screen.id, s.outcome) for s in g.screens),
        True,
        grading_id,
        superseded,
        tuple(dict(s.statement) for s in g.screens),
        g.not_assessed,
    )


class _SetRegistry:
    """Criteria sets of one unit of work: checked against the stored ones, stored and frozen on first use."""

    def __init__(self, session: Session, actor: str) -> None:
        self._session = session
        self._actor = actor
        self._records: dict[tuple[str, str], CriteriaSetRecord] = {}

    def _stored(self, cs: CriteriaSet) -> list[CriteriaSetRecord]:
        return list(self._session.scalars(select(CriteriaSetRecord).where(CriteriaSetRecord.set_id == cs.id)))

    def check(self, cs: CriteriaSet) -> Admission:
        """admit() against the stored versions; raises FrozenCriteriaSetError for an edited used set."""
        known = [StoredSet(r.set_id, r.set_version, r.sha256, r.frozen) for r in self._stored(cs)]
        return admit(cs, known)

    def record(self, cs: CriteriaSet) -> CriteriaSetRecord:
        key = (cs.id, cs.version)
        if key in self._records:
            return self._records[key]
        verdict = self.check(cs)
        ref = CriteriaSetRef.of(cs)
        record = next((r for r in self._stored(cs) if r.set_version == cs.version), None)
        if record is None or verdict is Admission.REPLACES_DRAFT:
            if record is None:
                record = CriteriaSetRecord(set_id=cs.id, set_version=cs.version, registered_by=self._actor)
            record.sha256, record.kind, record.title, record.status = ref.sha256, cs.kind, cs.title, cs.status
            record.content_json = _json(canonical_content(cs))
            self._session.add(record)
        if not record.frozen:
            record.frozen, record.first_used_at = True, utcnow()
        self._records[key] = record
        return record


def current_grading(ctx: ServiceContext, lot_code: str, criteria: str | None = None) -> StoredGrading | None:
    """The lot's current grading: against `criteria` (id or id@version, or a .toml path), else the latest."""
    set_id, version = _set_key(criteria)
    gradings = [g for g in list_gradings(ctx, lot_code) if g.current]
    if set_id is not None:
        gradings = [g for g in gradings if g.criteria.id == set_id and version in (None, g.criteria.version)]
    return gradings[0] if gradings else None


def _set_key(criteria: str | None) -> tuple[str | None, str | None]:
    if criteria is None:
        return None, None
    text = str(criteria)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        cs = load_set(text)
        return cs.id, cs.version
    set_id, _, version = text.partition("@")
    return set_id, version or None


def list_gradings(ctx: ServiceContext, lot_code: str) -> list[StoredGrading]:
    """Every grading of a lot, newest first (current and superseded)."""
    query = (
        select(LotGrading, Lot.code)
        .join(Lot, LotGrading.lot_id == Lot.id)
        .options(selectinload(LotGrading.criteria_set))
        .where(Lot.code == lot_code)
        .order_by(LotGrading.graded_at.desc(), LotGrading.id.desc())
    )
    with ctx.read_session() as session:
        if session.scalar(select(Lot.id).where(Lot.code == lot_code)) is None:
            raise LabappError(f"lot {lot_code} does not exist")
        return [_stored(g, code) for g, code in session.execute(query)]


def _stored(g: LotGrading, code: str) -> StoredGrading:
    cs = g.criteria_set
    return StoredGrading(
        id=g.id,
        lot_code=code,
        criteria=CriteriaSetRef(
            cs.set_id, cs.set_version, cs.sha256, cs.title, cs.status, _title_ja(cs.content_json)
        ),
        rule=DecisionRule(g.rule_kind, g.guard_factor),
        status=g.status,
        grade=g.grade,
        tier=g.tier,
        family=g.family,
        family_mismatch=g.family_mismatch,
        limiting=tuple((g.limiting or "").splitlines()),
        result=read_result_json(g.result_json),
        screens=_typed_screens(json.loads(g.screens_json)),
        commercial=json.loads(g.commercial_json),
        result_ids=tuple(int(i) for i in (g.result_ids or "").split(",") if i),
        graded_on=dt.date.fromisoformat(g.graded_on),
        graded_by=g.graded_by,
        graded_at=g.graded_at,
        current=g.current,
        frozen_set=cs.frozen,
    )


def _title_ja(content_json: str) -> str:
    """The set's Japanese title from its stored content (sets without one give "")."""
    return str(json.loads(content_json).get("title_ja") or "")


def read_result_json(text: str) -> dict[str, Any]:
    """A stored `GradingResult.to_dict()` (JSON) with its words read back into their types: the status
    a `GradingStatus`, the rule's kind a `RuleKind`, every tier's, criterion's and screen's outcome an
    `Outcome` or `ScreenOutcome`."""
    result = json.loads(text)
    if "status" in result:
        result["status"] = GradingStatus(result["status"])
    for tier in result.get("tiers", []):
        tier["outcome"] = Outcome(tier["outcome"])
        for criterion in tier.get("criteria", []):
            criterion["outcome"] = Outcome(criterion["outcome"])
    if "decision_rule" in result:
        result["decision_rule"]["kind"] = RuleKind(result["decision_rule"]["kind"])
    result["screens"] = _typed_screens(result.get("screens", []))
    return result


def _typed_screens(screens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for screen in screens:
        screen["outcome"] = ScreenOutcome(screen["outcome"])
        for criterion in screen.get("criteria", []):
            criterion["outcome"] = Outcome(criterion["outcome"])
    return screens


def batch_summary(summaries: Sequence[LotGradingSummary], lang: str = "en") -> str:
    """One line for the demo, logs and the Grading page: "14 lot(s) against Japan/EU black mass 0.2: A 3,
    B 6, off-spec 2", in English or Japanese (`lang`): the set by its title, the statuses by their
    vocabulary labels."""
    ja = lang == "ja"
    if not summaries:
        return "格付けしたロットはありません" if ja else "no lots graded"
    counts: dict[str, int] = {}
    for s in summaries:
        key = _count_key(s, lang)
        counts[key] = counts.get(key, 0) + 1
    ref = summaries[0].criteria
    mismatches = sum(s.family_mismatch for s in summaries)
    listed = ("、" if ja else ", ").join(f"{k} {n}" for k, n in sorted(counts.items()))
    if ja:
        text = f"{len(summaries)} ロットを {ref.display_title(lang)} {ref.version} で格付け: {listed}"
        return text + (f"；化学組成の不一致 {mismatches} 件" if mismatches else "")
    text = f"{len(summaries)} lot(s) against {ref.display_title(lang)} {ref.version}: {listed}"
    return text + (f"; {mismatches} chemistry mismatch(es)" if mismatches else "")


def _count_key(summary: LotGradingSummary, lang: str) -> str:
    """The grade awarded ("B", "B (conditional)"), else the status's label."""
    if not summary.grade or summary.status not in (GradingStatus.GRADED, GradingStatus.CONDITIONAL):
        return GradingStatus(summary.status).label(lang)
    if summary.status is GradingStatus.GRADED:
        return str(summary.grade)
    conditional = GradingStatus.CONDITIONAL.label(lang)
    return f"{summary.grade}（{conditional}）" if lang == "ja" else f"{summary.grade} ({conditional})"
