"""Assemble a certificate's content (`CertificateData`) from the store, for one lot.

Everything printed comes from stored records: the lot, its client and sample, the reportable results
the current grading used (so the certificate states exactly what was graded), that grading, the
laboratory, and the electronic signatures of the approved runs the results come from. Values are
rounded as printed (U to two significant digits, the value to the same decimal place, GUM 7.2.6),
so the JSON twin and the PDF say the same numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.certificates import model as cm
from labapp.certificates.formatting import format_result
from labapp.certificates.identifiers import identifiers
from labapp.certificates.units import ucum
from labapp.core.analytes import ANALYTES
from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.core.uncertainty.reporting import report_k, report_limit
from labapp.core.vocabulary import WITHHOLDING_FLAGS, LotOrigin, ResultFlag, SuppliedItem
from labapp.security.signatures import Meaning
from labapp.services.administration.methods import load_methods
from labapp.services.administration.panel_methods import bundled_panel_methods
from labapp.services.administration.phrases import PhraseBook, phrase_book
from labapp.services.certification import japanese as jp
from labapp.services.certification import sections as graded
from labapp.services.certification.freshness import Statuses
from labapp.services.grading.grade import StoredGrading
from labapp.services.grading.inputs import moisture_expanded_uncertainty
from labapp.services.grading.sampling import result_sampling
from labapp.services.workflow import signing
from labapp.services.workflow.review import run_name
from labapp.store.gradings import CriteriaSetRecord
from labapp.store.lots import Lot
from labapp.store.parties import Laboratory
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import RunState
from labapp.store.workflow import ResultOverride, RunExclusion

MEANINGS = {Meaning.AUTHORED: "authorship", Meaning.REVIEWED: "review", Meaning.APPROVED: "approval"}
Remark = tuple[str, str | None]  # (English, Japanese or None when it has none)
# Flags a certificate note leaves out: the status and its reason say it, or it is no news to the reader.
_SILENT_FLAGS = {
    ResultFlag.EXCLUDED,
    ResultFlag.OVERRIDDEN,
    ResultFlag.FROM_MANIFEST,
    ResultFlag.CENSORED_DIGEST,
    ResultFlag.DETECTED_NOT_QUANTIFIED,
    ResultFlag.NOT_DETECTED,
}


@dataclass(frozen=True)
class Issuer:
    """The person issuing the certificate: their manifestation is the certificate's own signature."""

    username: str
    full_name: str
    role: jp.Bilingual = jp.ISSUER_ROLE


def certificate_data(
    session: Session,
    lot: Lot,
    grading: StoredGrading,
    info: cm.CertificateInfo,
    issuer: Issuer,
    remarks: list[Remark] | None = None,
    statuses: Statuses = signing.statuses,
) -> cm.CertificateData:
    """The certificate of `lot` from its current grading; LabappError names anything missing.

    `remarks` (English, Japanese) come first, then the grading's; `CertificateData.ja` gets the
    Japanese of every stored text that has one (labapp.services.certification.japanese).
    `statuses` gives a run's signature statuses (an issuing session keeps them per run)."""
    return gather_content(session, lot, grading, remarks, statuses).assemble(info, issuer)


@dataclass(frozen=True)
class GatheredContent:
    """Everything a certificate of the lot says that comes from the store, read once: the number,
    revision, moment of issue and the issuer are added by `assemble` (the check before a number is
    reserved and the issue itself assemble the same content; labapp.services.certification.freshness)."""

    fields: dict[str, Any]  # CertificateData's fields but certificate, signatures and identifiers
    run_signatures: list[tuple[cm.Signature, str]]
    ja_before: dict[str, str | None]  # the Japanese texts before the signatures' roles, then after
    ja_after: dict[str, str | None]
    ja_stored: dict[str, str]  # the laboratory's phrases: replace what is above (as dict.update)

    def assemble(self, info: cm.CertificateInfo, issuer: Issuer) -> cm.CertificateData:
        """The validated certificate of this content, numbered and issued as `info` says."""
        signatures = [*self.run_signatures, _own_signature(issuer, info.issued_at)]
        laboratory, lot = self.fields["laboratory"], self.fields["lot"]
        data = cm.CertificateData(
            certificate=info,
            signatures=[signature for signature, _ in signatures],
            identifiers=identifiers(laboratory.name, lot.lot_id, info.number, info.revision),
            **{
                name: list(value) if isinstance(value, list) else value for name, value in self.fields.items()
            },
        )
        ja = {
            **self.ja_before,
            **{f"/signatures/{i}/role": role for i, (_, role) in enumerate(signatures)},
            **self.ja_after,
        }
        ja.update(self.ja_stored)
        data.ja = {pointer: japanese for pointer, japanese in ja.items() if japanese}
        data.validate()
        return data


def gather_content(
    session: Session,
    lot: Lot,
    grading: StoredGrading,
    remarks: list[Remark] | None = None,
    statuses: Statuses = signing.statuses,
) -> GatheredContent:
    """Read and check everything the certificate of `lot` says (certificate_data without the number)."""
    rows = _graded_rows(session, lot, grading)
    runs = _runs(session, rows)
    sample = lot.samples[0] if lot.samples else None
    laboratory = _laboratory(session)
    book = phrase_book(session)
    masses = _masses(lot, rows)
    results = [_result(session, row, book) for row in rows if row.element != "moisture"]
    plain_results = [result for result, _ in results]
    plain_results += graded.sum_results(grading, lambda terms: _sum_method(rows, terms))
    run_signatures = _run_signatures(session, runs, statuses)
    all_remarks = [*(remarks or []), *graded.bilingual_remarks(grading)]
    origin = LotOrigin.parse(lot.origin)
    fields: dict[str, Any] = dict(
        laboratory=laboratory,
        client=cm.Client(lot.client.name, None, lot.client.contact),
        lot=cm.Lot(
            lot.code,
            lot.shipment_id,
            _listed(lot.container_id),
            _listed(lot.bag_id),
            lot.seal_list,
            lot.declared_chemistry,
            origin.label("en"),
            lot.waste_code,
            lot.customs_code,
            lab_sample_id=lot.lab_sample_id,
            condition=lot.condition_on_receipt,
            customer_supplied=[item.value for item in lot.supplied_items],
        ),
        sampling=cm.Sampling(
            sample.sampling_method if sample else None,
            lot.sampling_plan,
            sample.sampled_by if sample else None,
            _iso(sample.sampled_on) if sample else None,
            by_laboratory=SuppliedItem.SAMPLING not in lot.supplied_items,
            location=lot.sampling_location,
        ),
        dates=_dates(lot, runs),
        masses=masses,
        results=plain_results,
        methods=_methods(rows),
        contained_metal=graded.contained_metal(grading, plain_results),
        criteria=graded.criteria(grading, _criteria_content(session, grading)),
        decision_rule=graded.decision_rule(grading),
        conformity=graded.conformity(grading, plain_results, masses),
        regulatory_screens=graded.screens(grading),
        deviations=lot.deviation_list,
        remarks=[en for en, _ in all_remarks],
        sums=graded.sums(grading, plain_results),
    )
    ja_before = {
        "/lot/origin": origin.label("ja"),
        "/lot/declared_chemistry": jp.chemistry(lot.declared_chemistry),
        **{f"/results/{i}/note": note for i, (_, note) in enumerate(results) if note},
        **{
            f"/results/{i}/method": jp.NOT_STATED[1]
            for i, r in enumerate(plain_results)
            if r.method == jp.NOT_STATED[0]
        },
        **_panel_japanese(rows),
    }
    ja_after = {
        **{f"/remarks/{i}": remark for i, (_, remark) in enumerate(all_remarks) if remark},
        **graded.japanese(grading, fields["conformity"]),
        **graded.contained_japanese(fields["contained_metal"]),
        **graded.criteria_japanese(fields["criteria"]),
    }
    stored = {  # free texts the laboratory types: Japanese when they are phrases of its list
        "/laboratory/accreditation": laboratory.accreditation,
        "/sampling/standard": fields["sampling"].standard,
        "/sampling/plan": fields["sampling"].plan,
        "/sampling/location": fields["sampling"].location,
        "/lot/condition": fields["lot"].condition,
        "/lot/description": fields["lot"].description,
        "/masses/moisture_method": masses.moisture_method,
        **{f"/deviations/{i}": deviation for i, deviation in enumerate(fields["deviations"])},
    }
    ja_stored = {pointer: book.japanese(value) for pointer, value in stored.items() if book.japanese(value)}
    return GatheredContent(fields, run_signatures, ja_before, ja_after, ja_stored)


def _criteria_content(session: Session, grading: StoredGrading) -> dict[str, Any] | None:
    """The graded set's canonical content as frozen at its first use (its limits go into the twin)."""
    query = select(CriteriaSetRecord.content_json).where(
        CriteriaSetRecord.set_id == grading.criteria.id,
        CriteriaSetRecord.set_version == grading.criteria.version,
    )
    text = session.scalar(query)
    return json.loads(text) if text else None


def _sum_method(rows: list[Result], terms: tuple[str, ...]) -> str:
    """The method of a sum's terms (Ni and Co for Ni+Co): their one method, else their methods joined."""
    methods = dict.fromkeys(_method(r.method, r.technique) for r in rows if r.element in terms)
    return "; ".join(methods) or jp.NOT_STATED[0]


def _graded_rows(session: Session, lot: Lot, grading: StoredGrading) -> list[Result]:
    """The Result rows the grading used, in the analyte table's order; refused when results changed."""
    latest: dict[str, Result] = {}
    query = select(Result).where(Result.lot_id == lot.id, Result.reportable.is_(True))
    for row in session.scalars(query.order_by(Result.calculated_at, Result.id)):
        latest[row.element] = row
    current = {row.id for element, row in latest.items() if element in ANALYTES}
    if not grading.result_ids or set(grading.result_ids) != current:
        raise LabappError(f"lot {lot.code}: its results changed after grading #{grading.id}; grade it again")
    order = list(ANALYTES)
    rows = [row for row in latest.values() if row.id in current]
    return sorted(rows, key=lambda r: order.index(r.element))


def _runs(session: Session, rows: list[Result]) -> list[InstrumentRun]:
    # a panel test's result has no run (labapp.services.panel): its own signatures are its four eyes
    ids = sorted({r.run_id for r in rows if r.run_id is not None})
    runs = [session.get(InstrumentRun, run_id) for run_id in ids]
    for run in runs:
        if run.state is not RunState.APPROVED:
            raise LabappError(f"run {run_name(run)!r} is {run.state}: only approved results are certified")
    return runs


def _laboratory(session: Session) -> cm.Laboratory:
    lab = session.scalar(select(Laboratory).order_by(Laboratory.id))
    where = Remedy.SET_LABORATORY.label()
    if lab is None:
        raise LabappError(
            f"the laboratory's name and address are not set (ISO/IEC 17025 7.8.2.1 b): {where}",
            remedy=Remedy.SET_LABORATORY,
        )
    if not (lab.address or "").strip():
        raise LabappError(
            f"the laboratory's address is not set (ISO/IEC 17025 7.8.2.1 b): {where}",
            remedy=Remedy.SET_LABORATORY,
        )
    return cm.Laboratory(lab.name, lab.address or "", None, lab.accreditation, lab.verification_address)


def _listed(value: str | None) -> list[str]:
    return [value] if value else []


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _dates(lot: Lot, runs: list[InstrumentRun]) -> cm.Dates:
    if lot.received_on is None:
        raise LabappError(f"lot {lot.code} has no date of receipt (ISO/IEC 17025 7.8.2.1 h)")
    days = sorted(_run_day(run) for run in runs)
    return cm.Dates(lot.received_on.isoformat(), days[0], days[-1])


def _run_day(run: InstrumentRun) -> str:
    """The day the instrument acquired the run, else the day it was imported."""
    if run.acquired_at:
        try:
            return dt.datetime.fromisoformat(run.acquired_at).date().isoformat()
        except ValueError:
            pass
    return run.imported_at.date().isoformat()


def _masses(lot: Lot, rows: list[Result]) -> cm.Masses:
    sample = lot.samples[0] if lot.samples else None
    moisture = next((r for r in rows if r.element == "moisture"), None)
    pct = moisture.value if moisture else (sample.moisture_pct if sample else None)
    u, k = (moisture.expanded_uncertainty, moisture.coverage_factor) if moisture else (None, None)
    if k is not None:  # k to three significant digits, as every printed k (a panel test's is t-based)
        k = float(report_k(k))
    if moisture is None and pct is not None:
        u, k = moisture_expanded_uncertainty({r.method for r in rows if r.method}), 2.0
    if pct is not None:  # rounded as printed, so the JSON twin says what the PDF says
        pct, u = _rounded(pct, u)
    dry = lot.net_dry_mass_kg
    if moisture is not None and moisture.value is not None and lot.net_wet_mass_kg is not None:
        dry = lot.net_wet_mass_kg * (1.0 - moisture.value / 100.0)  # the moisture graded (a panel test's)
    return cm.Masses(
        lot.gross_mass_kg,
        lot.net_wet_mass_kg,
        None if dry is None else round(dry, 1),
        pct,
        u,
        k if u is not None else None,
        _moisture_method(moisture, sample),
    )


def _panel_japanese(rows: list[Result]) -> dict[str, str]:
    """The Japanese of the moisture's method when a panel test measured it (labapp.services.panel)."""
    moisture = next((r for r in rows if r.element == "moisture"), None)
    panel = bundled_panel_methods().get(moisture.method or "") if moisture is not None else None
    if panel is None:
        return {}
    return {"/masses/moisture_method": f"{panel.title('ja')} ({panel.id} v{panel.version})"}


def _moisture_method(moisture: Result | None, sample: Any) -> str | None:
    """The panel method that measured the moisture (labapp.services.panel), else the sample's."""
    panel = bundled_panel_methods().get(moisture.method or "") if moisture is not None else None
    if panel is not None:
        return f"{panel.name} ({panel.id} v{panel.version})"
    return sample.moisture_method if sample else None


def _method(method_id: str | None, technique: str | None) -> str:
    method = load_methods().get(method_id or "")
    panel = bundled_panel_methods().get(method_id or "")
    if method is None and panel is not None:  # a panel test: its technique code, id and version
        return f"{panel.kind.technique}, {panel.id} v{panel.version}"
    if method is None:
        return ", ".join(x for x in (technique, method_id) if x) or jp.NOT_STATED[0]
    return f"{technique or method.technique.upper()}, {method.id} v{method.version}"


def _methods(rows: list[Result]) -> list[cm.MethodInfo]:
    """Each method the results come from, with its title and preparation from the method file."""
    out = []
    for method_id in dict.fromkeys(r.method for r in rows if r.method):
        method = load_methods().get(method_id)
        panel = bundled_panel_methods().get(method_id)
        if method is not None:
            out.append(cm.MethodInfo(
                method.id, method.version, method.technique.upper(), method.name, method.preparation or None,
                method.name_ja or None, method.preparation_ja or None,
            ))
        elif panel is not None:  # moisture, F_ws, carbon, particle size ... (labapp.services.panel)
            out.append(cm.MethodInfo(
                panel.id, panel.version, panel.kind.technique, panel.name, panel.preparation or None,
                panel.name_ja or None, panel.preparation_ja or None,
            ))
    return out


def _result(session: Session, row: Result, book: PhraseBook) -> tuple[cm.Result, str | None]:
    """The certificate's result and the Japanese of its note."""
    flags = ResultFlag.split(row.flags)
    censored = "<" if row.censored == "<" else ""
    value, u = (
        (None, None) if censored or row.value is None else _rounded(row.value, row.expanded_uncertainty)
    )
    status, note, note_ja = cm.ResultStatus.REPORTED, None, None
    if value is None and not censored and any(f in flags for f in WITHHOLDING_FLAGS):
        status = cm.ResultStatus.NOT_REPORTABLE  # the flag's words say why (re-measure, or what is missing)
    if censored and ResultFlag.DETECTED_NOT_QUANTIFIED in flags:  # above the LOD, U/x above the target
        status = cm.ResultStatus.DETECTED_NOT_QUANTIFIED
    not_detected = censored and ResultFlag.NOT_DETECTED in flags and row.lod is not None
    if not_detected:  # below the decision limit: "< LOD", the detection limit the bound
        status = cm.ResultStatus.NOT_DETECTED
    if ResultFlag.OVERRIDDEN in flags:
        reason, reason_ja = _override_reason(session, row)
        status, note = cm.ResultStatus.OVERRIDDEN, reason
        note_ja = reason_ja or jp.free_text(book, reason)
    if ResultFlag.EXCLUDED in flags:
        reasons = [(en, ja or jp.free_text(book, en)) for en, ja in _exclusion_reasons(session, row)]
        status = cm.ResultStatus.EXCLUDED if value is None and not censored else status
        excluded = [
            t.format(reasons=sep.join(r[n] for r in reasons))
            for n, (t, sep) in enumerate(zip(jp.EXCLUDED_READINGS, ("; ", "；"), strict=True))
        ]
        note = "; ".join(x for x in (note, excluded[0]) if x)
        note_ja = "；".join(x for x in (note_ja, excluded[1]) if x)
    shown = [f for f in flags if f not in _SILENT_FLAGS]
    note = "; ".join(x for x in (note, *(ResultFlag.words(f) for f in shown)) if x) or None
    note_ja = "；".join(x for x in (note_ja, *(ResultFlag.words(f, "ja") for f in shown)) if x) or None
    lot_u, lot_k = _with_sampling(row, value)
    result = cm.Result(
        analyte=row.element,
        value=value,
        unit=row.unit,
        method=_method(row.method, row.technique),
        basis=row.basis or "dry",
        censored=censored,
        loq=None if row.loq is None else float(report_limit(row.loq)),
        lod=float(report_limit(row.lod)) if not_detected else None,
        u_expanded=u,
        k=None if u is None or row.coverage_factor is None else float(report_k(row.coverage_factor)),
        status=status,
        note=note,
        u_with_sampling=lot_u,
        k_with_sampling=lot_k,
        ucum=ucum(row.unit),
    )
    return result, note_ja


def _with_sampling(row: Result, value: float | None) -> tuple[float | None, float | None]:
    """The lot's U and k including sampling, when the row is a lot's and its method enables it."""
    if value is None or not row.reportable or not row.lot_id:
        return None, None
    part = result_sampling(
        row.element, row.value, row.expanded_uncertainty, row.unit, row.coverage_factor, row.method
    )
    if part is None:
        return None, None
    _, u_text = format_result(row.value, part.expanded_uncertainty)
    return (float(u_text) if u_text else None), round(part.k, 2)


def _rounded(value: float, u: float | None) -> tuple[float, float | None]:
    value_text, u_text = format_result(value, u)
    return float(value_text), float(u_text) if u_text else None


def _override_reason(session: Session, row: Result) -> tuple[str, str | None]:
    """The active override's reason (English as typed, Japanese left to the phrase list)."""
    query = select(ResultOverride.reason).where(
        ResultOverride.run_id == row.run_id,
        ResultOverride.lot_id == row.lot_id,
        ResultOverride.element == row.element,
        ResultOverride.active.is_(True),
    )
    reason = session.scalars(query.order_by(ResultOverride.id.desc())).first()
    return (reason, None) if reason else jp.VALUE_BY_HAND


def _exclusion_reasons(session: Session, row: Result) -> list[tuple[str, str | None]]:
    query = select(RunExclusion.reason).where(
        RunExclusion.run_id == row.run_id, RunExclusion.element == row.element, RunExclusion.active.is_(True)
    )
    reasons = [(reason, None) for reason in dict.fromkeys(session.scalars(query.order_by(RunExclusion.id)))]
    return reasons or [jp.SEE_RUN_RECORD]


def _run_signatures(
    session: Session, runs: list[InstrumentRun], statuses: Statuses = signing.statuses
) -> list[tuple[cm.Signature, str]]:
    """Valid authorship, review and approval signatures of the runs; each run needs a valid approval."""
    out = []
    for run in runs:
        valid = [s for s in statuses(session, run) if s.status is signing.SignatureState.VALID]
        if not any(s.manifest.meaning == Meaning.APPROVED for s in valid):
            raise LabappError(
                f"run {run_name(run)!r} has no valid approval signature: the run changed "
                "after approval, or was never approved"
            )
        for s in valid:
            m = s.manifest
            if m.meaning in MEANINGS:
                en, ja = (words.format(run=run_name(run)) for words in jp.ROLES[m.meaning])
                signature = cm.Signature(
                    m.printed_name, en, MEANINGS[m.meaning], f"{m.signed_at_utc}+00:00", m.user_id
                )
                out.append((signature, ja))
    return out


def _own_signature(issuer: Issuer, issued_at: str) -> tuple[cm.Signature, str]:
    en, ja = issuer.role
    return cm.Signature(issuer.full_name, en, "approval", issued_at, issuer.username), ja
