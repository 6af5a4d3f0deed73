"""What a sign-in attempt is for and what it came to: the words its audit event is named with."""

from __future__ import annotations

from enum import StrEnum


class AuthPurpose(StrEnum):
    """Why the password was asked for."""

    LOGIN = "login"
    SIGNATURE = "signature"  # re-entered for an electronic signature (21 CFR 11.200)
    PASSWORD_CHANGE = "password_change"  # the current password, to choose a new one


class AttemptOutcome(StrEnum):
    """How the check ended; every outcome but a signature's or a change's success is audited."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"  # wrong password (counts towards the lockout)
    UNKNOWN_USER = "unknown_user"
    LOCKED = "locked"
    INACTIVE = "inactive"
    CHANGE_REQUIRED = "change_required"  # right password, but an administrator set it


def audit_action(purpose: AuthPurpose, outcome: AttemptOutcome) -> str:
    """The audit event's action, e.g. "login_failed", "signature_unknown_user"."""
    return f"{purpose.value}_{outcome.value}"
