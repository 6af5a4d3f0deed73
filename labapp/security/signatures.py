"""Electronic signature manifestations (21 CFR 11.50/11.70): who, when, meaning, and what was signed.

A signature binds to the SHA-256 of the canonical content of the signed record, so a later change to
the record is detected by recomputing that hash ("signature invalidated").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from labapp.core.canonical import sha256_hex


class Meaning(StrEnum):
    AUTHORED = "authored"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETRACTED = "retracted"
    AMENDED = "amended"  # released data changed: "I made this change for the reason given"


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
    printed_name: str, user_id: str, meaning: Meaning, content: Any, reason: str = "",
    now: datetime | None = None,
) -> SignatureManifest:
    """A manifest over `content` (any JSON-like value) signed now, in UTC with the local offset noted."""
    moment = (now or datetime.now(UTC)).astimezone()
    offset = moment.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
    utc = moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")
    return SignatureManifest(
        printed_name=printed_name, user_id=user_id, signed_at_utc=utc, local_offset=offset,
        meaning=Meaning(meaning), content_sha256=sha256_hex(content), reason=reason,
    )


def still_valid(manifest_sha256: str, current_content: Any) -> bool:
    """False when the record changed after it was signed."""
    return sha256_hex(current_content) == manifest_sha256
