"""What a signature on a run signs, and whether that is still what the database holds.

The signed content is the run's canonical content: the raw file's SHA-256, the measurements digest,
the latest calculation record (method, version, SHA-256 of method and inputs), every result (value,
uncertainty, flags, reportable ...), every QC outcome, every exclusion and every override. The run's
`state` and `version` are left out on purpose: signing changes them.

A signature is valid only while the content hash matches *and* the row's seal under the laboratory's
record key matches (labapp.security.signatures): someone who changes a result and recomputes the
stored hash, without the record key, leaves a seal that no longer fits ("signature invalidated").
A signer with a personal signing key also signed the row with it, and that signature must verify
against the signer's certificate in the keys folder (labapp.security.key_signatures): someone who
holds the record key too, and reseals the rewritten row, still cannot make it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.canonical import sha256_hex
from labapp.core.vocabulary import Vocabulary
from labapp.security.key_signatures import key_problem, signer_lookup_of
from labapp.security.signatures import (
    Meaning,
    SignatureManifest,
    content_digest,
    record_key_of,
    seal_problem,
)
from labapp.store.calculations import Calculation
from labapp.store.records import Signature
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun
from labapp.store.workflow import ResultOverride, RunExclusion

RUN_ENTITY = "instrument_run"


class SignatureState(Vocabulary):
    """Whether the run still holds what a signature signed."""

    VALID = "valid", "valid", "有効"
    INVALIDATED = "signature invalidated", "signature invalidated", "署名無効（記録が変更された）"
    SUPERSEDED = "superseded", "superseded", "差戻しにより失効"  # signed before the run was rejected


_RESULT_FIELDS = (
    "id",
    "preparation_id",
    "lot_id",
    "element",
    "species",
    "line",
    "value",
    "unit",
    "basis",
    "censored",
    "standard_uncertainty",
    "expanded_uncertainty",
    "coverage_factor",
    "effective_dof",
    "lod",
    "loq",
    "method",
    "reportable",
    "flags",
    "technique",
    "qc_state",
    "text",
)
_QC_FIELDS = (
    "id",
    "check",
    "sample_label",
    "element",
    "measured",
    "expected",
    "statistic",
    "lower_limit",
    "upper_limit",
    "passed",
    "outcome",
    "line",
    "position",
    "detail",
)
_EXCLUSION_FIELDS = (
    "id",
    "scope",
    "element",
    "line",
    "sample_label",
    "replicate",
    "reason",
    "created_by",
    "active",
)
_OVERRIDE_FIELDS = (
    "id",
    "result_id",
    "lot_id",
    "element",
    "original_value",
    "new_value",
    "reason",
    "created_by",
    "active",
)


@dataclass(frozen=True)
class SignatureStatus:
    """One stored signature, its manifestation and whether the run still matches it."""

    signature_id: int
    action: str
    manifest: SignatureManifest
    status: SignatureState
    acknowledgement: str = ""  # the signer's reason for signing over the problems below
    acknowledged_problems: str = ""  # what it covered, e.g. "2 failed QC check(s)"; "" when none
    problem: str = ""  # why it is not valid: the content changed, or the row's seal does not fit
    signer_fingerprint: str = ""  # the certificate of the signer's personal key it is signed with, else ""

    def display(self) -> str:
        return f"{self.manifest.display()} [{self.action}] - {self.status}"

    def acknowledged(self) -> str:
        """One phrase for the review record: "signed over <problems>: <reason>", or "" when nothing was."""
        if not self.acknowledgement:
            return ""
        return f"signed over {self.acknowledged_problems}: {self.acknowledgement}"


def _plain(value: Any) -> Any:
    """A value canonical JSON accepts: a non-finite float (never stored as such) becomes None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _rows(objects: list[Any], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{name: _plain(getattr(obj, name, None)) for name in fields} for obj in objects]


def run_content(session: Session, run: InstrumentRun) -> dict[str, Any]:
    """The canonical content of a run that signatures bind to (no state, no version)."""

    def children(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.run_id == run.id).order_by(model.id)))

    return {
        "run": {
            "id": run.id,
            "file_name": run.file_name,
            "file_sha256": run.sha256,
            "profile": run.profile,
            "measurement_count": run.measurement_count,
            "measurements_digest": run.measurements_digest,
            "imported_by": run.imported_by,
        },
        "calculation": _calculation(session, run.id),
        "results": _rows(children(Result), _RESULT_FIELDS),
        "qc_outcomes": _rows(children(QcOutcome), _QC_FIELDS),
        "exclusions": _rows(children(RunExclusion), _EXCLUSION_FIELDS),
        "overrides": _rows(children(ResultOverride), _OVERRIDE_FIELDS),
    }


def _calculation(session: Session, run_id: int) -> dict[str, Any] | None:
    """The latest calculation record: which method (and its hash) and which inputs gave the results."""
    latest = session.scalars(
        select(Calculation).where(Calculation.run_id == run_id).order_by(Calculation.id.desc()).limit(1)
    ).first()
    if latest is None:
        return None
    return {
        "id": latest.id,
        "method": latest.method,
        "method_version": latest.method_version,
        "method_sha256": latest.method_sha256,
        "inputs_sha256": sha256_hex(latest.inputs_json),
        "calculated_by": latest.calculated_by,
    }


def run_signatures(session: Session, run_id: int) -> list[Signature]:
    """A run's signatures, oldest first."""
    query = select(Signature).where(Signature.entity_type == RUN_ENTITY, Signature.entity_id == run_id)
    return list(session.scalars(query.order_by(Signature.id)))


def run_label(metadata_json: str | None, file_name: str) -> str:
    """A run's name: the one given at import (stored in its metadata), else its file name."""
    try:
        name = json.loads(metadata_json or "{}").get("run_name")
    except ValueError:
        name = None
    return str(name) if name else file_name


def signed_by(signature: Any, run_name: str | None) -> str:
    """Which signature, for a message: its number, the run, the signer and the meaning."""
    on = f" of run {run_name!r}" if run_name is not None else ""
    return f"signature #{signature.id}{on} by {signature.username} ({signature.meaning})"


def manifest_of(signature: Signature) -> SignatureManifest:
    return SignatureManifest(
        printed_name=signature.printed_name,
        user_id=signature.username,
        signed_at_utc=signature.signed_at_utc,
        local_offset=signature.local_offset,
        meaning=Meaning(signature.meaning),
        content_sha256=signature.content_sha256,
        reason=signature.reason or "",
    )


def statuses(session: Session, run: InstrumentRun) -> list[SignatureStatus]:
    """Every signature of the run with its status, the content hash recomputed now.

    A signature whose content no longer matches is "signature invalidated", unless a rejection was
    signed at or after it: the workflow itself then returned the run for changes ("superseded").
    """
    digest = content_digest(run_content(session, run))  # once per run, not once per signature
    signatures = run_signatures(session, run.id)
    key, certificates = record_key_of(session), signer_lookup_of(session)
    last_rejection = max((s.id for s in signatures if s.meaning == Meaning.REJECTED), default=0)
    out = []
    for signature in signatures:
        unsealed = seal_problem(signature, key) or key_problem(signature, certificates(signature.username))
        if unsealed is not None:
            which = signed_by(signature, run_label(run.metadata_json, run.file_name))
            status, problem = SignatureState.INVALIDATED, f"{which}: {unsealed}"
        elif signature.content_sha256 == digest:  # what still_valid compares
            status, problem = SignatureState.VALID, ""
        else:
            rejected = signature.id <= last_rejection
            status = SignatureState.SUPERSEDED if rejected else SignatureState.INVALIDATED
            problem = f"signature #{signature.id}: the run changed after it was signed"
        out.append(
            SignatureStatus(
                signature.id,
                signature.action,
                manifest_of(signature),
                status,
                signature.acknowledgement or "",
                signature.acknowledged_problems or "",
                problem,
                signature.signer_fingerprint or "",
            )
        )
    return out
