"""What a sign-in attempt is for and what it came to: the words its audit event is named with."""

from __future__ import annotations

from labapp.core.vocabulary import Vocabulary


class AuthPurpose(Vocabulary):
    """Why the password was asked for."""

    LOGIN = "login", "sign-in", "サインイン"
    # re-entered for an electronic signature (21 CFR 11.200)
    SIGNATURE = "signature", "signature", "電子署名"
    # the current password, to choose a new one
    PASSWORD_CHANGE = "password_change", "password change", "パスワード変更"


class AttemptOutcome(Vocabulary):
    """How the check ended; every outcome but a signature's or a change's success is audited."""

    SUCCEEDED = "succeeded", "succeeded", "成功"
    FAILED = "failed", "wrong password", "パスワード誤り"  # wrong password (counts towards the lockout)
    UNKNOWN_USER = "unknown_user", "unknown user", "未登録のユーザー"
    LOCKED = "locked", "account locked", "アカウントロック中"
    INACTIVE = "inactive", "account deactivated", "無効化されたアカウント"
    # right password, but an administrator set it
    CHANGE_REQUIRED = "change_required", "password change required", "パスワード変更が必要"
    # right password, but the signature itself was refused (role, run state, four eyes, key)
    REFUSED = (
        "refused",
        "refused after the password (role, state, four eyes or key)",
        "パスワード確認後に拒否（権限・状態・四つの目・鍵）",
    )


def audit_action(purpose: AuthPurpose, outcome: AttemptOutcome) -> str:
    """The audit event's action, e.g. "login_failed", "signature_unknown_user"."""
    return f"{purpose.value}_{outcome.value}"
