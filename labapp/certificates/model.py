"""What a certificate says, as plain data: the input of the layout and the JSON twin's content.

`CertificateData` mirrors docs/certificate-schema.json field for field, so the PDF and its JSON twin
come from one object and cannot disagree. The twin is canonical JSON (sorted keys, no whitespace,
UTF-8) so its SHA-256, printed in the QR code, is reproducible by any recipient with `sha256sum`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from labapp.core.canonical import canonical_json as core_canonical_json
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Basis, RuleKind, Vocabulary

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "urn:labapp:schema:certificate:1"
OPTIONAL_RESULT_FIELDS = ("u_with_sampling", "k_with_sampling")  # written only when set


class ResultStatus(Vocabulary):
    """A result on the certificate (docs/certificate-schema.json results[].status)."""

    REPORTED = "reported", "reported", "報告"
    EXCLUDED = "excluded", "excluded", "除外"
    OVERRIDDEN = "overridden", "overridden", "変更"
    NOT_REPORTABLE = "not_reportable", "not reportable", "報告不可"  # e.g. read above the calibration range
    DETECTED_NOT_QUANTIFIED = "detected_not_quantified", "detected, not quantified", "検出、定量不可"


# statuses that need no written reason: the status itself says what the reader needs to know
_SELF_EXPLAINED = (ResultStatus.REPORTED, ResultStatus.DETECTED_NOT_QUANTIFIED)


class ConformityOutcome(Vocabulary):
    """The statement of conformity's outcome in the twin's spelling (conformity.outcome)."""

    PASS = "pass", "conforms", "適合"
    CONDITIONAL_PASS = "conditional_pass", "conforms (conditional pass)", "適合（条件付き合格）"
    CONDITIONAL_FAIL = "conditional_fail", "does not conform (conditional fail)", "不適合（条件付き不合格）"
    FAIL = "fail", "does not conform", "不適合"
    OFF_SPEC = "off_spec", "off-spec", "規格外"


class ScreenMark(Vocabulary):
    """A regulatory screen's outcome in the twin's spelling (regulatory_screens[].outcome)."""

    PASS = "pass", "meets", "適合"
    FAIL = "fail", "does not meet", "不適合"
    FLAG = "flag", "flagged", "要注意"
    INFO = "info", "information", "情報"


RESULT_STATUSES = ResultStatus.values()
CENSORING = ("", "<")
BASES = Basis.values()
UNITS = ("wt%", "mg/kg", "g/kg", "%")
RULES = tuple(kind.code for kind in RuleKind)  # the twin spells decision rules by their code
OUTCOMES = ConformityOutcome.values()
SCREEN_OUTCOMES = ScreenMark.values()
MEANINGS = ("approval", "review", "authorship")
QR_PREFIX = "LABAPP-COA/1"
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class CertificateInfo:
    number: str
    revision: int
    issued_at: str  # ISO 8601 with offset, e.g. 2026-11-22T09:30:00+00:00
    language: str = "en"  # en, ja or en+ja
    supersedes: str | None = None  # "<number> rev <n>" this revision replaces


@dataclass
class Laboratory:
    name: str
    address: str
    location: str | None = None  # where the activities took place, when not the address
    accreditation: str | None = None  # body, number and standard
    verification: str | None = None  # where a recipient checks this certificate (web page, e-mail)


@dataclass
class Client:
    name: str
    address: str | None = None
    contact: str | None = None


@dataclass
class Lot:
    lot_id: str
    shipment_id: str | None = None
    container_ids: list[str] = field(default_factory=list)
    bag_ids: list[str] = field(default_factory=list)
    seal_ids: list[str] = field(default_factory=list)
    declared_chemistry: str | None = None
    origin: str | None = None  # end-of-life or production scrap
    waste_code: str | None = None
    customs_code: str | None = None
    description: str | None = None  # description and condition on receipt


@dataclass
class Sampling:
    standard: str | None = None
    plan: str | None = None
    sampled_by: str | None = None
    sampled_on: str | None = None
    by_laboratory: bool = True


@dataclass
class Dates:
    received_on: str
    analysis_start: str
    analysis_end: str


@dataclass
class Masses:
    gross_kg: float | None = None
    net_wet_kg: float | None = None
    net_dry_kg: float | None = None
    moisture_pct: float | None = None
    moisture_u: float | None = None
    moisture_k: float | None = None
    moisture_method: str | None = None


@dataclass
class Result:
    analyte: str
    value: float | None
    unit: str
    method: str
    basis: str = "dry"
    censored: str = ""  # "<" when below the LOQ: value is then None
    loq: float | None = None
    u_expanded: float | None = None
    k: float | None = None
    status: ResultStatus = ResultStatus.REPORTED
    note: str | None = None  # reason for an exclusion or override
    external_provider: str | None = None
    u_with_sampling: float | None = None  # the lot's U including sampling ([sampling] option)
    k_with_sampling: float | None = None


@dataclass
class ContainedMetal:
    analyte: str
    mass_kg: float
    expressed_as: str


@dataclass
class Criteria:
    id: str
    name: str
    version: str
    sha256: str


@dataclass
class DecisionRule:
    rule: str
    guard_band: str | None = None  # in words, e.g. "U (k = 2)"


@dataclass
class Conformity:
    outcome: ConformityOutcome
    grade: str | None = None
    family: str | None = None
    limiting_parameters: list[str] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)


@dataclass
class Screen:
    name: str
    outcome: ScreenMark
    detail: str | None = None


@dataclass
class Signature:
    name: str
    role: str
    meaning: str
    signed_at: str
    user_id: str | None = None


@dataclass
class AuditCheckpoint:
    """The laboratory's sealed audit chain head just before issue (labapp.security.checkpoints)."""

    database: str
    first_hash: str | None
    seq: int
    hash: str
    at: str
    reason: str
    seal: str


@dataclass
class CertificateData:
    certificate: CertificateInfo
    laboratory: Laboratory
    client: Client
    lot: Lot
    dates: Dates
    sampling: Sampling = field(default_factory=Sampling)
    masses: Masses = field(default_factory=Masses)
    results: list[Result] = field(default_factory=list)
    contained_metal: list[ContainedMetal] = field(default_factory=list)
    criteria: Criteria | None = None
    decision_rule: DecisionRule | None = None
    conformity: Conformity | None = None
    regulatory_screens: list[Screen] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    audit_checkpoint: AuditCheckpoint | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; the optional sampling fields of a result are left out while unset, so a twin
        without the [sampling] option has exactly the bytes it had before they existed."""
        out = dataclasses.asdict(self)
        if out["audit_checkpoint"] is None:  # twins issued without one keep their bytes
            del out["audit_checkpoint"]
        for result in out["results"]:
            for key in OPTIONAL_RESULT_FIELDS:
                if result.get(key) is None:
                    result.pop(key, None)
        return out

    @classmethod
    def from_dict(cls, payload: dict[str, Any]) -> CertificateData:
        """Build from a JSON-like dict (a parsed twin, or a service's record); unknown keys are an error."""
        data = _build(cls, payload, "certificate")
        data.validate()
        return data

    def validate(self) -> None:
        """Reject data a certificate must not be issued from; the message names the field."""
        _check(
            self.schema_version == SCHEMA_VERSION,
            f"schema_version {self.schema_version!r} is not {SCHEMA_VERSION}",
        )
        _check(self.certificate.revision >= 0, "certificate.revision must be 0 or more")
        _check(
            _NUMBER.fullmatch(self.certificate.number) is not None,
            f"certificate.number {self.certificate.number!r} must be letters, digits and . _ / -",
        )
        _check_iso(self.certificate.issued_at, "certificate.issued_at")
        for name in ("received_on", "analysis_start", "analysis_end"):
            _check_iso(getattr(self.dates, name), f"dates.{name}")
        for i, result in enumerate(self.results):
            where = f"results[{i}] ({result.analyte})"
            _check(result.status in RESULT_STATUSES, f"{where}: status must be one of {RESULT_STATUSES}")
            _check(result.censored in CENSORING, f"{where}: censored must be '' or '<'")
            _check(result.basis in BASES, f"{where}: basis must be one of {BASES}")
            _check(result.unit in UNITS, f"{where}: unit must be one of {UNITS}")
            if result.censored == "<":
                _check(result.loq is not None, f"{where}: a value below the LOQ needs the LOQ")
            elif result.status not in (ResultStatus.EXCLUDED, ResultStatus.NOT_REPORTABLE):
                _check(result.value is not None and math.isfinite(result.value), f"{where}: value missing")
            _check(
                result.status in _SELF_EXPLAINED or bool(result.note),
                f"{where}: {result.status} needs a reason",
            )
            _check(
                result.status != ResultStatus.DETECTED_NOT_QUANTIFIED or result.censored == "<",
                f"{where}: a result detected but not quantified is reported as '< LOQ'",
            )
        if self.decision_rule is not None:
            _check(self.decision_rule.rule in RULES, f"decision_rule.rule must be one of {RULES}")
        if self.conformity is not None:
            _check(self.conformity.outcome in OUTCOMES, f"conformity.outcome must be one of {OUTCOMES}")
        for screen in self.regulatory_screens:
            _check(
                screen.outcome in SCREEN_OUTCOMES, f"screen {screen.name}: outcome not in {SCREEN_OUTCOMES}"
            )
        for signature in self.signatures:
            _check(signature.meaning in MEANINGS, f"signature {signature.name}: meaning not in {MEANINGS}")
            _check_iso(signature.signed_at, f"signature {signature.name}: signed_at")


def canonical_json(data: CertificateData) -> bytes:
    """The JSON twin's exact bytes: labapp.core.canonical's form (sorted keys, compact, UTF-8, no NaN)."""
    return core_canonical_json(data.to_dict())


def twin_sha256(twin: bytes) -> str:
    return hashlib.sha256(twin).hexdigest()


def qr_payload(number: str, revision: int, sha256: str) -> str:
    """The text in the certificate's QR code: number, revision and the twin's SHA-256, nothing else."""
    return f"{QR_PREFIX};no={number};rev={revision};sha256={sha256}"


def parse_qr_payload(payload: str) -> tuple[str, int, str]:
    """(number, revision, sha256) from a scanned QR text; LabappError when it is not a labapp payload."""
    prefix, *pairs = payload.strip().split(";")
    fields = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
    ok = (
        prefix == QR_PREFIX
        and set(fields) == {"no", "rev", "sha256"}
        and fields["rev"].isdigit()
        and _NUMBER.fullmatch(fields["no"]) is not None
        and _SHA256.fullmatch(fields["sha256"]) is not None
    )
    if not ok:
        raise LabappError(f"not a labapp certificate QR payload: {payload[:80]!r}")
    return fields["no"], int(fields["rev"]), fields["sha256"]


def load_twin(twin: bytes) -> CertificateData:
    """Parse a JSON twin (e.g. the file attached to a signed certificate) back into data."""
    try:
        payload = json.loads(twin.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabappError(f"certificate JSON twin is not valid JSON: {exc}") from exc
    return CertificateData.from_dict(payload)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise LabappError(f"certificate data: {message}")


def _check_iso(value: str, where: str) -> None:
    try:
        (datetime if "T" in value else date).fromisoformat(value)
    except (TypeError, ValueError):
        raise LabappError(f"certificate data: {where} is not an ISO 8601 date or time: {value!r}") from None


def _build(kind: Any, payload: Any, where: str) -> Any:
    """Convert JSON-like data into the annotated type `kind` (dataclass, list, optional, scalar)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return None if payload is None else _build(options[0], payload, where)
    if origin is list:
        _check(isinstance(payload, list), f"{where} must be a list")
        (item,) = typing.get_args(kind)
        return [_build(item, value, f"{where}[{i}]") for i, value in enumerate(payload)]
    if dataclasses.is_dataclass(kind):
        _check(isinstance(payload, dict), f"{where} must be an object")
        hints = typing.get_type_hints(kind)
        unknown = set(payload) - set(hints)
        _check(not unknown, f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = [
            f.name
            for f in dataclasses.fields(kind)
            if f.name not in payload
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        _check(not missing, f"{where}: missing field(s) {', '.join(missing)}")
        return kind(
            **{name: _build(hints[name], value, f"{where}.{name}") for name, value in payload.items()}
        )
    return _scalar(kind, payload, where)


def _scalar(kind: type, payload: Any, where: str) -> Any:
    if issubclass(kind, Vocabulary):  # a word of the twin is read back into its type
        allowed = kind.values()
        _check(isinstance(payload, str) and payload in allowed, f"{where} must be one of {allowed}")
        return kind(payload)
    if kind is float and isinstance(payload, int | float) and not isinstance(payload, bool):
        return float(payload)
    _check(
        isinstance(payload, kind) and not (kind is int and isinstance(payload, bool)),
        f"{where} must be {kind.__name__}, not {type(payload).__name__}",
    )
    return payload
