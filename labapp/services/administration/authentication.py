"""Log-in, the password re-entered for a signature, and changing one's own password (21 CFR 11.300).

Every attempt leaves one audit event named by purpose and outcome ("login_succeeded",
"login_unknown_user", "signature_failed" ...) with the name typed, never the password; a
signature's or a password change's success is recorded by the signature or the change itself.
Every attempt costs exactly one argon2 verification, so the time taken does not tell which user
names exist. Failures are written in their own transaction: the caller gets an error, the event stays.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.security.access import current_roles, require_current
from labapp.security.attempts import AttemptOutcome, AuthPurpose, audit_action
from labapp.security.checkpoints import CheckpointReason, request_checkpoint
from labapp.security.passwords import (
    LockoutPolicy,
    PasswordPolicy,
    PasswordPolicyError,
    PasswordRule,
    hash_password,
    spend_one_verification,
    verify_password,
)
from labapp.security.roles import Action, Role, parse_roles, require
from labapp.services.context import ServiceContext
from labapp.store.audit import record_event
from labapp.store.parties import User

PASSWORD_POLICY = PasswordPolicy()
LOCKOUT_POLICY = LockoutPolicy()
_ACTOR_LENGTH = 80  # audit_events.actor
_WRONG = "user name or password is wrong"


class AuthenticationError(LabappError):
    """Log-in or signature refused; the message never says which of user or password was wrong.

    `outcome` is the refusal as a typed word (an unknown user reads as FAILED, like a wrong password),
    so a front end words it in its own language; `until` is when a locked account opens again.
    """

    def __init__(
        self,
        *args: object,
        outcome: AttemptOutcome | None = None,
        until: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.outcome = outcome
        self.until = until


class PasswordChangeRequired(AuthenticationError):
    """The password was right, but an administrator chose it: the owner must choose a new one first."""

    def __init__(self, username: str) -> None:
        self.username = username
        super().__init__(f"the password of {username!r} was set by an administrator: choose a new password")


@dataclass(frozen=True)
class AuthenticatedUser:
    """Who signed in. `roles` are those held at log-in (for display); every permission check reads
    the account again from `ctx`, so a deactivation or a change of roles counts at the next action."""

    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    ctx: ServiceContext | None = field(default=None, compare=False, repr=False)

    def require(self, action: Action) -> None:
        """Raise PermissionDenied unless the account, as stored now, may do `action`.

        A user made without a database (unit tests of a service) is checked against `roles`.
        """
        if self.ctx is None:
            require(self.username, self.roles, action)
            return
        with self.ctx.read_session() as session:
            require_current(session, self.id, self.username, action)

    def current_roles(self) -> frozenset[Role]:
        """The roles the account may use now (none once deactivated), for what a page offers."""
        if self.ctx is None:
            return self.roles
        with self.ctx.read_session() as session:
            return current_roles(session, self.id, self.username)


def _now() -> datetime:
    return datetime.now(UTC)


def authenticate(
    ctx: ServiceContext, username: str, password: str, purpose: AuthPurpose | str = AuthPurpose.LOGIN
) -> AuthenticatedUser:
    """The user whose password this is; raises AuthenticationError (PasswordChangeRequired when the
    password is right but was set by an administrator). Failures count towards the lockout."""
    user, outcome = _attempt(ctx, username, password, AuthPurpose(purpose))
    if outcome is not AttemptOutcome.SUCCEEDED:
        raise _refusal(username.strip(), user, outcome)
    return AuthenticatedUser(user.id, user.username, user.full_name, parse_roles(user.role_set), ctx)


def change_password(ctx: ServiceContext, username: str, current_password: str, new_password: str) -> None:
    """The owner replaces their password (also the one an administrator set); sign in afterwards."""
    name = username.strip()
    if new_password == current_password:
        raise PasswordPolicyError(
            "the new password must differ from the current one", PasswordRule.SAME_AS_CURRENT
        )
    PASSWORD_POLICY.check(new_password, name)
    user, outcome = _attempt(ctx, name, current_password, AuthPurpose.PASSWORD_CHANGE)
    if outcome not in (AttemptOutcome.SUCCEEDED, AttemptOutcome.CHANGE_REQUIRED):
        raise _refusal(name, user, outcome)
    with ctx.account_unit_of_work(name, event="change_password") as session:
        account = session.get(User, user.id)
        account.password_hash = hash_password(new_password)
        account.must_change_password = False
        account.failed_attempts, account.locked_until = 0, None


def _attempt(
    ctx: ServiceContext, username: str, password: str, purpose: AuthPurpose
) -> tuple[User | None, AttemptOutcome]:
    """Check the password and audit the attempt; the account is returned as it was read."""
    name = username.strip()
    if not name:
        raise AuthenticationError("enter a user name")
    now = _now()
    with ctx.read_session() as session:
        user = session.scalar(select(User).where(User.username == name))
    outcome = _outcome(user, password, now)
    _audit(ctx, name, user, purpose, outcome, now)
    return user, outcome


def _outcome(user: User | None, password: str, now: datetime) -> AttemptOutcome:
    """Exactly one argon2 verification whatever the account, so the time taken names no account."""
    locked = user is not None and LOCKOUT_POLICY.is_locked(user.locked_until, now)
    if user is None or locked or not user.password_hash:
        matches = spend_one_verification(password)
    else:
        matches = verify_password(user.password_hash, password)
    if user is None:
        return AttemptOutcome.UNKNOWN_USER
    if locked:
        return AttemptOutcome.LOCKED
    if not matches:
        return AttemptOutcome.FAILED
    if not user.active:
        return AttemptOutcome.INACTIVE
    if user.must_change_password:
        return AttemptOutcome.CHANGE_REQUIRED
    return AttemptOutcome.SUCCEEDED


def _audit(
    ctx: ServiceContext,
    name: str,
    user: User | None,
    purpose: AuthPurpose,
    outcome: AttemptOutcome,
    now: datetime,
) -> None:
    """One event per attempt, under the name typed (a failure's event is its counted failure)."""
    action, actor = audit_action(purpose, outcome), name[:_ACTOR_LENGTH]
    if outcome is AttemptOutcome.FAILED:
        with ctx.account_unit_of_work(actor, f"wrong password at {purpose.value}", event=action) as session:
            account = session.get(User, user.id)
            account.failed_attempts, account.locked_until = LOCKOUT_POLICY.after_failure(
                account.failed_attempts, now
            )
            request_checkpoint(session, CheckpointReason.FAILED_LOGIN)  # a deleted failure shows
    elif outcome is AttemptOutcome.SUCCEEDED and user.failed_attempts:
        with ctx.account_unit_of_work(actor, event=action) as session:
            account = session.get(User, user.id)
            account.failed_attempts, account.locked_until = 0, None
    elif _worth_an_event(purpose, outcome):
        with ctx.account_unit_of_work(actor, event=action) as session:
            entity_id = None if user is None else user.id
            record_event(session, action, User.__tablename__, entity_id, {"username": name})
            if outcome is not AttemptOutcome.SUCCEEDED:
                request_checkpoint(session, CheckpointReason.FAILED_LOGIN)


@contextmanager
def refusal_audited(ctx: ServiceContext, username: str) -> Iterator[None]:
    """A signature refused after its password was right (missing role, run state, four eyes, a key
    that does not open) leaves a "signature_refused" event under the signer's name with the refusal,
    as a wrong password leaves "signature_failed": anyone may type a name at a signature dialog, so
    every refused attempt is on record (21 CFR 11.10(e)). It does not count towards the lockout."""
    try:
        yield
    except LabappError as exc:
        action = audit_action(AuthPurpose.SIGNATURE, AttemptOutcome.REFUSED)
        name = username[:_ACTOR_LENGTH]
        with ctx.account_unit_of_work(name, event=action) as session:
            account = session.scalar(select(User).where(User.username == username))
            detail = {"username": username, "refusal": str(exc)}
            record_event(session, action, User.__tablename__, None if account is None else account.id, detail)
        raise


def _worth_an_event(purpose: AuthPurpose, outcome: AttemptOutcome) -> bool:
    """Refusals always; a signature's or a password change's success is recorded by what follows it."""
    if purpose is AuthPurpose.LOGIN:
        return True
    accepted = {AttemptOutcome.SUCCEEDED}
    if purpose is AuthPurpose.PASSWORD_CHANGE:
        accepted.add(AttemptOutcome.CHANGE_REQUIRED)  # the reason for the change, not a refusal
    return outcome not in accepted


def _refusal(name: str, user: User | None, outcome: AttemptOutcome) -> AuthenticationError:
    """The message for a refused attempt: an unknown name reads like a wrong password."""
    if outcome is AttemptOutcome.LOCKED:
        until = f"{user.locked_until:%Y-%m-%d %H:%M} UTC"
        return AuthenticationError(
            f"account {name!r} is locked until {until} after repeated failures: "
            f"{Remedy.UNLOCK_ACCOUNT.label()}",
            remedy=Remedy.UNLOCK_ACCOUNT,
            subject=name,
            outcome=outcome,
            until=user.locked_until,
        )
    if outcome is AttemptOutcome.INACTIVE:
        return AuthenticationError(f"account {name!r} is deactivated", outcome=outcome, subject=name)
    if outcome is AttemptOutcome.CHANGE_REQUIRED:
        return PasswordChangeRequired(name)
    return AuthenticationError(_WRONG, outcome=AttemptOutcome.FAILED)
