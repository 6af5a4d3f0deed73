"""What a certificate says, as plain data: the input of the layout and the JSON twin's content.

`CertificateData` mirrors docs/certificate-schema.json field for field, so the PDF and its JSON twin
come from one object and cannot disagree. The twin is canonical JSON (sorted keys, no whitespace,
UTF-8) so its SHA-256, printed in the QR code, is reproducible by any recipient with `sha256sum`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, unquote

from labapp.certificates.units import ucum
from labapp.core.canonical import canonical_json as core_canonical_json
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Basis, Outcome, RuleKind, SuppliedItem, Vocabulary

SCHEMA_VERSION = "1.1"
# 1.1 only added fields (identifiers, sums, criteria limits, UCUM codes, contained metal U): a 1.0 twin
# still reads, and keeps its exact bytes, because every field added since is written only when set.
READABLE_SCHEMA_VERSIONS = ("1.0", "1.1")
SCHEMA_ID = "urn:labapp:schema:certificate:1"
# written only when set: a twin without them has exactly the bytes it had before they existed
OPTIONAL_LOT_FIELDS = ("lab_sample_id", "condition", "customer_supplied")  # ISO/IEC 17025 fields
OPTIONAL_RESULT_FIELDS = ("u_with_sampling", "k_with_sampling", "ucum", "terms", "u_basis", "lod")


class ResultStatus(Vocabulary):
    """A result on the certificate (docs/certificate-schema.json results[].status)."""

    REPORTED = "reported", "reported", "報告"
    EXCLUDED = "excluded", "excluded", "除外"
    OVERRIDDEN = "overridden", "overridden", "変更"
    NOT_REPORTABLE = "not_reportable", "not reportable", "報告不可"  # e.g. read above the calibration range
    DETECTED_NOT_QUANTIFIED = "detected_not_quantified", "detected, not quantified", "検出、定量不可"
    NOT_DETECTED = "not_detected", "not detected (< LOD)", "不検出（検出下限未満）"  # bound: the LOD


# statuses that need no written reason: the status itself says what the reader needs to know
_SELF_EXPLAINED = (ResultStatus.REPORTED, ResultStatus.DETECTED_NOT_QUANTIFIED, ResultStatus.NOT_DETECTED)


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
UNITS = ("wt%", "mg/kg", "g/kg", "%", "mm", "um")  # mm: the largest particle size; um: D-values
COMPARISONS = ("<=", ">=")  # a criterion's limit is inclusive: at most, at least
RULES = tuple(kind.code for kind in RuleKind)  # the twin spells decision rules by their code
OUTCOMES = ConformityOutcome.values()
SCREEN_OUTCOMES = ScreenMark.values()
MEANINGS = ("approval", "review", "authorship")
QR_PREFIX = "LABAPP-COA/1"
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_QR_SAFE = ":/@.-_~!$&'()*+,"  # kept as is in the QR's address; ";", "=", "%", spaces are escaped


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
    lab_sample_id: str | None = None  # the laboratory's own id, distinct from the customer's lot code
    condition: str | None = None  # condition of the item on receipt (7.8.2.1 g)
    customer_supplied: list[str] = field(default_factory=list)  # SuppliedItem values (7.8.2.2)


@dataclass
class Sampling:
    standard: str | None = None
    plan: str | None = None
    sampled_by: str | None = None
    sampled_on: str | None = None
    by_laboratory: bool = True
    location: str | None = None  # where the lot was sampled (7.8.2.1 k)


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
    ucum: str | None = None  # UCUM code of `unit` ("%" for wt%), for machines; basis says dry or as received
    terms: list[str] | None = None  # a sum graded by the criteria set (Ni+Co): its analytes
    u_basis: str | None = None  # how a sum's U was obtained (UncertaintyBasis value: correlated, ...)
    lod: float | None = None  # detection limit, set for a result not detected (its bound, "< LOD")

    @property
    def bound(self) -> float | None:
        """The printed bound of a censored result: the LOD when not detected, else the LOQ."""
        return self.lod if self.status == ResultStatus.NOT_DETECTED else self.loq


@dataclass
class MethodInfo:
    """A method the results come from, by title and preparation, not only its id (7.8.2.1 f)."""

    id: str
    version: str
    technique: str
    title: str
    preparation: str | None = None  # digestion, fusion, pellet pressing
    title_ja: str | None = None
    preparation_ja: str | None = None


@dataclass
class ContainedMetal:
    analyte: str
    mass_kg: float  # with censored "<": the upper bound (LOQ x net dry mass), never a 0 for "not found"
    expressed_as: str
    u_kg: float | None = None  # expanded U (about 95 % coverage), lot mass taken as exact
    censored: str = ""  # "<" when the result is below its LOQ


@dataclass
class CriterionLimit:
    """One limit of the criteria set, as the set states it (the twin's criteria.limits[])."""

    tier: str
    grade: str
    analyte: str  # an analyte or a sum, e.g. "Ni+Co"
    comparison: str  # "<=" (maximum) or ">=" (minimum): limits are inclusive
    limit: float
    unit: str
    ucum: str
    basis: str | None  # dry or as_received; None for a quantity without one (particle size)
    families: list[str] = field(default_factory=list)
    provisional: bool = False
    source: str | None = None


@dataclass
class CriteriaLimit:
    """One limit of a grade as the criteria set states it (printed in the annex)."""

    quantity: str
    side: str  # "min" or "max"
    value: float
    unit: str
    basis: str = "dry"
    provisional: bool = False
    source: str | None = None


@dataclass
class CriteriaTier:
    """One grade of the criteria set: the families it grades and its limits."""

    id: str
    grade: str
    families: list[str] = field(default_factory=list)
    limits: list[CriteriaLimit] = field(default_factory=list)


@dataclass
class CriteriaSource:
    key: str
    text: str


@dataclass
class Criteria:
    id: str
    name: str
    version: str
    sha256: str
    limits: list[CriterionLimit] = field(default_factory=list)
    tiers: list[CriteriaTier] = field(default_factory=list)  # every grade's limits (the annex)
    sources: list[CriteriaSource] = field(default_factory=list)


@dataclass
class SumResult:
    """A sum (Ni+Co, Cu+Al) exactly as the grading computed it: U propagated with shared inputs correlated."""

    quantity: str
    terms: list[str]
    value: float | None  # None when a term is below its LOQ: then `text` gives the interval
    unit: str
    ucum: str
    text: str  # as graded, e.g. "28.6 ± 1.1 wt%" or "0.52 to < 0.54 wt%"
    basis: str = "dry"
    u_expanded: float | None = None  # about 95 % coverage
    uncertainty_basis: str = "result"  # correlated, or upper_bound (the terms' U added)
    censored: str = ""


@dataclass
class Identifiers:
    """Stable names a recipient's system can key on (docs/certificates.md, "Stable identifiers")."""

    laboratory: str
    lot: str
    certificate: str  # this revision


@dataclass
class DecisionRule:
    rule: str
    guard_band: str | None = None  # in words, e.g. "U (k = 2)"


@dataclass
class ConformityRow:
    """One criterion of the statement of conformity: the limit, the result as the results table prints
    it (value and U in the result's unit, already rounded by the one rounding rule), the decision."""

    quantity: str  # an analyte or a sum ("Ni+Co"), as in the results table
    grade: str  # the grade whose limit this is ("B")
    side: str  # "min" or "max"
    limit: float
    unit: str  # of the limit
    basis: str  # of the limit: dry, or as_received (moisture)
    outcome: Outcome
    value: float | None = None  # the results table's value (None when censored or not reported)
    u_expanded: float | None = None
    result_unit: str | None = None
    censored: str = ""
    loq: float | None = None  # the bound of a censored result
    guard_band: float | None = None  # w applied, in the limit's unit, rounded as U is
    provisional: bool = False


@dataclass
class Conformity:
    outcome: ConformityOutcome
    grade: str | None = None  # the grade met; None when off-spec
    family: str | None = None
    limiting_parameters: list[str] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)
    criteria: list[ConformityRow] = field(default_factory=list)  # the stated grade's, then the next better's
    tested_grade: str | None = None  # the grade the statement is about (the lowest one when off-spec)
    tier: str | None = None  # the criteria set's tier the statement is about (criteria.limits[].tier)


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
class Change:
    """One field an amendment changed (ISO/IEC 17025 7.8.8.2), as printed: its path and both values."""

    field: str  # e.g. "lot.customs_code", "results[Ni].value"
    old: str
    new: str


@dataclass
class Amendment:
    """Why this revision replaces the previous one, and every field it changed."""

    reason: str
    changes: list[Change] = field(default_factory=list)


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
    methods: list[MethodInfo] = field(default_factory=list)
    contained_metal: list[ContainedMetal] = field(default_factory=list)
    criteria: Criteria | None = None
    decision_rule: DecisionRule | None = None
    conformity: Conformity | None = None
    regulatory_screens: list[Screen] = field(default_factory=list)
    deviations: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    amendment: Amendment | None = None  # set on revision 1 and later
    schema_version: str = SCHEMA_VERSION
    # The Japanese of the texts above, keyed by the JSON Pointer (RFC 6901) of the English text, e.g.
    # {"/lot/origin": "使用済み電池", "/remarks/0": "..."}. A text with no entry has no Japanese: a
    # Japanese certificate prints it marked as the English original (docs/certificates.md).
    ja: dict[str, str] = field(default_factory=dict)
    audit_checkpoint: AuditCheckpoint | None = None
    sums: list[SumResult] = field(default_factory=list)
    identifiers: Identifiers | None = None

    def japanese(self, pointer: str) -> str | None:
        """The Japanese of the text at `pointer`, or None when it has none."""
        return self.ja.get(pointer)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; fields added after schema 1.0 are left out while unset, so a twin without them
        (the [sampling] option off, a 1.0 twin read back) has exactly the bytes it had before."""
        out = _as_dict(self)
        if not out["ja"]:  # a twin with no Japanese texts keeps the bytes it had before they existed
            del out["ja"]
        if out["amendment"] is None:  # revision 0 has none: its twin has no such key
            del out["amendment"]
        if out["audit_checkpoint"] is None:  # twins issued without one keep their bytes
            del out["audit_checkpoint"]
        for result in out["results"]:
            _drop_unset(result, OPTIONAL_RESULT_FIELDS)
        for item in out["contained_metal"]:
            _drop_unset(item, ("u_kg", "censored"))
        _drop_unset(out["lot"], OPTIONAL_LOT_FIELDS)
        _drop_unset(out["sampling"], ("location",))
        if out["criteria"] is not None:
            _drop_unset(out["criteria"], ("limits", "tiers", "sources"))
        if out["conformity"] is not None:
            _drop_unset(out["conformity"], ("tier", "criteria", "tested_grade"))
        _drop_unset(out, ("sums", "identifiers", "methods"))
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
            self.schema_version in READABLE_SCHEMA_VERSIONS,
            f"schema_version {self.schema_version!r} is not one of {READABLE_SCHEMA_VERSIONS}",
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
            _check(
                result.status != ResultStatus.NOT_DETECTED
                or (result.censored == "<" and result.lod is not None),
                f"{where}: a result not detected is reported as '< LOD' and needs the LOD",
            )
        self._validate_exchange()
        for item in self.lot.customer_supplied:
            _check(
                item in SuppliedItem.values(),
                f"lot.customer_supplied: {item!r} not in {SuppliedItem.values()}",
            )
        if self.decision_rule is not None:
            _check(self.decision_rule.rule in RULES, f"decision_rule.rule must be one of {RULES}")
        if self.conformity is not None:
            _check(self.conformity.outcome in OUTCOMES, f"conformity.outcome must be one of {OUTCOMES}")
            _check(
                self.conformity.outcome != ConformityOutcome.OFF_SPEC or self.conformity.grade is None,
                "conformity.grade must be empty for an off-spec lot (no grade is met)",
            )
            self._check_rows_match_results()
        for screen in self.regulatory_screens:
            _check(
                screen.outcome in SCREEN_OUTCOMES, f"screen {screen.name}: outcome not in {SCREEN_OUTCOMES}"
            )
        for signature in self.signatures:
            _check(signature.meaning in MEANINGS, f"signature {signature.name}: meaning not in {MEANINGS}")
            _check_iso(signature.signed_at, f"signature {signature.name}: signed_at")
        if self.ja:
            plain = self.to_dict()
            for pointer, japanese in self.ja.items():
                target = resolve_pointer(plain, pointer)
                _check(
                    isinstance(target, str) and bool(target),
                    f"ja: {pointer} is not a text of the certificate",
                )
                _check(bool(japanese.strip()), f"ja: {pointer} is empty")

    def _validate_exchange(self) -> None:
        """The machine-readable additions: UCUM codes agree with the printed unit, bounds are bounds."""
        for result in self.results:
            if result.ucum is not None:
                _check(
                    result.ucum == ucum(result.unit),
                    f"results ({result.analyte}): ucum is not {ucum(result.unit)}",
                )
        for item in self.contained_metal:
            _check(
                item.censored in CENSORING, f"contained_metal ({item.analyte}): censored must be '' or '<'"
            )
            _check(  # a result below its LOQ is "< bound", never 0 kg
                item.mass_kg > 0, f"contained_metal ({item.analyte}): mass_kg must be > 0 (or a '<' bound)"
            )
        for limit in self.criteria.limits if self.criteria else []:
            where = f"criteria.limits ({limit.tier} {limit.analyte})"
            _check(limit.comparison in COMPARISONS, f"{where}: comparison must be one of {COMPARISONS}")
            _check(limit.ucum == ucum(limit.unit), f"{where}: ucum is not {ucum(limit.unit)}")
            _check(limit.basis is None or limit.basis in BASES, f"{where}: basis must be one of {BASES}")
        for total in self.sums:
            _check(total.ucum == ucum(total.unit), f"sums ({total.quantity}): ucum is not {ucum(total.unit)}")
            _check(total.censored in CENSORING, f"sums ({total.quantity}): censored must be '' or '<'")

    def _check_rows_match_results(self) -> None:
        """Each conformity row prints the numbers of the results table's row for its quantity (the
        masses section's moisture for moisture), so the two can never show different digits."""
        by_analyte = {r.analyte: (r.value, r.u_expanded, r.unit, r.censored, r.bound) for r in self.results}
        m = self.masses
        by_analyte.setdefault("moisture", (m.moisture_pct, m.moisture_u, "%", "", None))
        for row in self.conformity.criteria if self.conformity else []:
            where = f"conformity row {row.quantity} (grade {row.grade})"
            _check(row.side in ("min", "max"), f"{where}: side must be min or max")
            _check(row.outcome in Outcome.values(), f"{where}: outcome must be one of {Outcome.values()}")
            if row.value is None and not row.censored:
                continue
            shown = by_analyte.get(row.quantity)
            _check(shown is not None, f"{where}: no result row for it")
            mine = (row.value, row.u_expanded, row.result_unit, row.censored, row.loq)
            if not row.censored and shown is not None:
                shown = (*shown[:4], None)
            _check(mine == shown, f"{where}: its numbers differ from the results table")


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at a JSON Pointer (RFC 6901) in plain JSON-like data; None when there is none."""
    if not pointer.startswith("/"):
        return None
    value = document
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def canonical_json(data: CertificateData) -> bytes:
    """The JSON twin's exact bytes: labapp.core.canonical's form (sorted keys, compact, UTF-8, no NaN)."""
    return core_canonical_json(data.to_dict())


def twin_sha256(twin: bytes) -> str:
    return hashlib.sha256(twin).hexdigest()


def qr_payload(number: str, revision: int, sha256: str, verification: str | None = None) -> str:
    """The text in the certificate's QR code: number, revision, the twin's SHA-256 and, when the
    laboratory has one, its verification address (`at=`, percent-encoded so `;` and `=` stay
    separators). Without an address the payload is exactly the old three-field form."""
    payload = f"{QR_PREFIX};no={number};rev={revision};sha256={sha256}"
    if verification and verification.strip():
        payload += f";at={quote(verification.strip(), safe=_QR_SAFE)}"
    return payload


@dataclass(frozen=True)
class QrContent:
    """What a scanned certificate QR code says."""

    number: str
    revision: int
    sha256: str
    verification: str | None = None


def parse_qr(payload: str) -> QrContent:
    """Read a scanned QR text (old three-field or new form); LabappError when it is not a labapp payload."""
    prefix, *pairs = payload.strip().split(";")
    fields = dict(pair.split("=", 1) for pair in pairs if "=" in pair)
    ok = (
        prefix == QR_PREFIX
        and {"no", "rev", "sha256"} <= set(fields) <= {"no", "rev", "sha256", "at"}
        and len(fields) == len(pairs)
        and fields["rev"].isdigit()
        and _NUMBER.fullmatch(fields["no"]) is not None
        and _SHA256.fullmatch(fields["sha256"]) is not None
    )
    if not ok:
        raise LabappError(f"not a labapp certificate QR payload: {payload[:80]!r}")
    at = unquote(fields["at"]) if fields.get("at") else None
    return QrContent(fields["no"], int(fields["rev"]), fields["sha256"], at)


def parse_qr_payload(payload: str) -> tuple[str, int, str]:
    """(number, revision, sha256) from a scanned QR text, old or new form (parse_qr has the address)."""
    content = parse_qr(payload)
    return content.number, content.revision, content.sha256


def load_twin(twin: bytes) -> CertificateData:
    """Parse a JSON twin (e.g. the file attached to a signed certificate) back into data."""
    try:
        payload = json.loads(twin.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LabappError(f"certificate JSON twin is not valid JSON: {exc}") from exc
    return CertificateData.from_dict(payload)


def _drop_unset(record: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if record.get(key) in (None, "", []):
            record.pop(key, None)


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
    if origin is dict:  # the Japanese texts: pointer -> text
        _check(
            isinstance(payload, dict) and all(isinstance(v, str) for v in payload.values()),
            f"{where} must be an object of texts",
        )
        return dict(payload)
    if origin is list:
        _check(isinstance(payload, list), f"{where} must be a list")
        (item,) = typing.get_args(kind)
        return [_build(item, value, f"{where}[{i}]") for i, value in enumerate(payload)]
    if dataclasses.is_dataclass(kind):
        _check(isinstance(payload, dict), f"{where} must be an object")
        hints, required = _fields_of(kind)
        unknown = set(payload) - set(hints)
        _check(not unknown, f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        missing = [name for name in required if name not in payload]
        _check(not missing, f"{where}: missing field(s) {', '.join(missing)}")
        return kind(
            **{name: _build(hints[name], value, f"{where}.{name}") for name, value in payload.items()}
        )
    return _scalar(kind, payload, where)


@functools.cache
def _fields_of(kind: type) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A dataclass's resolved field types and its fields without a default, once per class (resolving
    the annotations, which are strings here, was most of the time of reading a twin)."""
    required = tuple(
        f.name
        for f in dataclasses.fields(kind)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return typing.get_type_hints(kind), required


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _as_dict(value: Any) -> Any:
    """`dataclasses.asdict`, the same dict: dataclasses become dicts of their fields in order, lists,
    tuples and dicts are rebuilt, and values are copied, except that texts, numbers and the
    vocabularies' members (immutable) are taken as they are instead of through `copy.deepcopy`,
    which made asdict most of the cost of a certificate's twin."""
    kind = type(value)
    if kind in _PLAIN_TYPES or isinstance(value, Vocabulary):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _as_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if kind is list:
        return [_as_dict(item) for item in value]
    if kind is dict:
        return {_as_dict(k): _as_dict(v) for k, v in value.items()}
    return dataclasses.asdict(_Box(value))["value"]  # anything else exactly as asdict treats it


@dataclass
class _Box:
    value: Any


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
