"""Electronic signature manifestations (21 CFR 11.50/11.70): who, when, meaning, and what was signed.

A signature binds to the SHA-256 of the canonical content of the signed record, so a later change to
the record is detected by recomputing that hash ("signature invalidated"). That hash alone anyone with
write access to the database could recompute; so every signature row is also sealed with the
laboratory's record key (labapp.security.record_key), which the database never holds: the seal covers
the manifestation and the content hash, and a row changed together with its hash no longer matches.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from labapp.core.canonical import sha256_hex
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary
from labapp.security.checkpoints import CheckpointReason, request_checkpoint
from labapp.security.key_signatures import SignerCertificate, sign_row
from labapp.security.record_key import RecordKey, SealPurpose

RECORD_KEY_LOADER = "labapp.record_key"  # session.info: a callable returning the RecordKey
SEALED_FIELDS = (
    "user_id",
    "username",
    "printed_name",
    "entity_type",
    "entity_id",
    "action",
    "meaning",
    "content_sha256",
    "reason",
    "acknowledgement",
    "acknowledged_problems",
    "signed_at_utc",
    "local_offset",
)


@dataclass(frozen=True)
class PersonalKey:
    """A signer's own key, unlocked with its passphrase for one signature, and its certificate."""

    private_key: Any
    certificate: SignerCertificate


class Meaning(Vocabulary):
    """What a signature means (21 CFR 11.50(a)(3)): stored by value in the signed manifest."""

    AUTHORED = "authored", "authored", "作成"
    REVIEWED = "reviewed", "reviewed", "レビュー"
    APPROVED = "approved", "approved", "承認"
    REJECTED = "rejected", "rejected", "差戻し"
    RETRACTED = "retracted", "retracted", "取消"
    AMENDED = "amended", "amended", "変更"  # released data changed: "I made this change for the reason given"


@dataclass(frozen=True)
class SignatureManifest:
    """What is stored, audited and printed for one signature."""

    printed_name: str
    user_id: str
    signed_at_utc: str
    local_offset: str
    meaning: Meaning
    content_sha256: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["meaning"] = self.meaning.value
        return data

    def display(self) -> str:
        """One line for screens and printouts: name, date and time with offset, meaning."""
        when = f"{self.signed_at_utc} UTC (local offset {self.local_offset})"
        return f"{self.printed_name} ({self.user_id}), {when}, {self.meaning.value}"


def make_manifest(
    printed_name: str,
    user_id: str,
    meaning: Meaning,
    content: Any,
    reason: str = "",
    now: datetime | None = None,
) -> SignatureManifest:
    """A manifest over `content` (any JSON-like value) signed now, in UTC with the local offset noted."""
    moment = (now or datetime.now(UTC)).astimezone()
    offset = moment.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
    utc = moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")
    return SignatureManifest(
        printed_name=printed_name,
        user_id=user_id,
        signed_at_utc=utc,
        local_offset=offset,
        meaning=Meaning(meaning),
        content_sha256=sha256_hex(content),
        reason=reason,
    )


def content_digest(content: Any) -> str:
    """The hash a manifest holds of `content` (compare it with each manifest's `content_sha256`)."""
    return sha256_hex(content)


def still_valid(manifest_sha256: str, current_content: Any) -> bool:
    """False when the record changed after it was signed."""
    return content_digest(current_content) == manifest_sha256


def record_key_of(session: Any) -> RecordKey:
    """The record key of the database a session belongs to (ServiceContext puts a loader in
    `session.info`); a session opened some other way has none, and sealing or checking refuses."""
    loader = session.info.get(RECORD_KEY_LOADER)
    if loader is None:
        raise LabappError("no record key for this session: open the database through the services")
    key: RecordKey = loader()
    return key


def _sealed_content(row: Any) -> dict[str, Any]:
    """The sealed fields; with a personal-key signature (labapp.security.key_signatures) also its
    fingerprint and value, so the seal of an unkeyed row made before they existed stays the same."""
    content = {name: getattr(row, name) for name in SEALED_FIELDS}
    if getattr(row, "signer_fingerprint", None) or getattr(row, "key_signature", None):
        content["signer_fingerprint"] = row.signer_fingerprint
        content["key_signature"] = row.key_signature
    return content


def seal_signature(row: Any, key: RecordKey) -> None:
    """Seal a signature row (before it is first flushed, so its create event already holds the seal)."""
    row.seal = key.seal(SealPurpose.SIGNATURE, _sealed_content(row))


def seal_new_signature(
    session: Any,
    row: Any,
    reason: CheckpointReason = CheckpointReason.SIGNATURE,
    personal_key: PersonalKey | None = None,
) -> None:
    """Seal a new signature row with the session's record key and ask for an audit checkpoint once
    the unit of work commits: every signature leaves a sealed chain head outside the database.
    With the signer's unlocked `personal_key`, the row is first signed with it, and the seal covers
    that signature too (labapp.security.key_signatures)."""
    if personal_key is not None:
        sign_row(row, personal_key.private_key, personal_key.certificate)
    seal_signature(row, record_key_of(session))
    request_checkpoint(session, reason)


def seal_problem(row: Any, key: RecordKey) -> str | None:
    """None when the row's seal matches its manifestation and content hash, else why not."""
    return key.check(SealPurpose.SIGNATURE, _sealed_content(row), row.seal)
