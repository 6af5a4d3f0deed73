"""Users, roles, log-in with lockout, and the first administrator (21 CFR 11.10(d), 11.300).

Accounts are deactivated, never deleted, so every signature and audit event keeps its person.
Failed log-ins are counted and audited in their own transaction, so a wrong password is
recorded even though the caller receives an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.security.passwords import LockoutPolicy, PasswordPolicy, hash_password, verify_password
from labapp.security.roles import Action, Role, parse_roles, require
from labapp.services.context import ServiceContext
from labapp.store.parties import User

PASSWORD_POLICY = PasswordPolicy()
LOCKOUT_POLICY = LockoutPolicy()


class AuthenticationError(LabappError):
    """Log-in or signature refused; the message never says which of user or password was wrong."""


@dataclass(frozen=True)
class AuthenticatedUser:
    id: int
    username: str
    full_name: str
    roles: frozenset[Role]

    def require(self, action: Action) -> None:
        require(self.username, self.roles, action)


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    roles: tuple[str, ...]
    active: bool
    locked_until: datetime | None
    failed_attempts: int


def _now() -> datetime:
    return datetime.now(UTC)


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LabappError(f"no user {username!r}")
    return user


def _authenticated(user: User) -> AuthenticatedUser:
    return AuthenticatedUser(user.id, user.username, user.full_name, parse_roles(user.role_set))


def has_users(ctx: ServiceContext) -> bool:
    with ctx.read_session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def create_first_administrator(ctx: ServiceContext, username: str, full_name: str, password: str) -> None:
    """The first start: an empty database gets its administrator; afterwards this is refused."""
    if has_users(ctx):
        raise LabappError("the database already has users: ask an administrator to add you")
    _create(ctx, actor=username, username=username, full_name=full_name,
            roles=[Role.ADMINISTRATOR.value], password=password, reason="first start")


def add_user(ctx: ServiceContext, by: AuthenticatedUser, username: str, full_name: str,
             roles: list[str], password: str) -> None:
    by.require(Action.MANAGE_USERS)
    _create(ctx, actor=by.username, username=username, full_name=full_name, roles=roles,
            password=password, reason=None)


def _create(ctx: ServiceContext, actor: str, username: str, full_name: str, roles: list[str],
            password: str, reason: str | None) -> None:
    username, full_name = username.strip(), full_name.strip()
    if not username or not full_name:
        raise LabappError("a user needs a user name and a full (printed) name")
    role_set = parse_roles(roles)
    if not role_set:
        raise LabappError(f"user {username!r} needs at least one role")
    PASSWORD_POLICY.check(password, username)
    with ctx.unit_of_work(actor, reason) as session:
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise LabappError(f"user {username!r} already exists (deactivated users keep their name)")
        session.add(User(username=username, full_name=full_name, roles=_roles_text(role_set),
                         password_hash=hash_password(password), active=True, failed_attempts=0))


def _roles_text(roles: frozenset[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))


def list_users(ctx: ServiceContext) -> list[UserInfo]:
    with ctx.read_session() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        return [UserInfo(u.username, u.full_name, tuple(sorted(u.role_set)), u.active, u.locked_until,
                         u.failed_attempts) for u in users]


def set_roles(
    ctx: ServiceContext, by: AuthenticatedUser, username: str, roles: list[str], reason: str
) -> None:
    by.require(Action.MANAGE_USERS)
    role_set = parse_roles(roles)
    if not role_set:
        raise LabappError("give at least one role (deactivate the user to remove access)")
    with ctx.unit_of_work(by.username, _required(reason), action="set_roles") as session:
        _user(session, username).roles = _roles_text(role_set)


def deactivate(ctx: ServiceContext, by: AuthenticatedUser, username: str, reason: str) -> None:
    by.require(Action.MANAGE_USERS)
    if username == by.username:
        raise LabappError("you cannot deactivate your own account")
    with ctx.unit_of_work(by.username, _required(reason), action="deactivate") as session:
        _user(session, username).active = False


def reset_password(ctx: ServiceContext, by: AuthenticatedUser, username: str, new_password: str,
                   reason: str) -> None:
    """An administrator sets a new password; it also lifts a lockout."""
    by.require(Action.MANAGE_USERS)
    PASSWORD_POLICY.check(new_password, username)
    with ctx.unit_of_work(by.username, _required(reason), action="reset_password") as session:
        user = _user(session, username)
        user.password_hash = hash_password(new_password)
        user.failed_attempts = 0
        user.locked_until = None


def _required(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise LabappError("a reason is required for this change")
    return reason.strip()


def authenticate(
    ctx: ServiceContext, username: str, password: str, purpose: str = "login"
) -> AuthenticatedUser:
    """Check user name and password; count failures, lock after too many, audit every failure."""
    now = _now()
    with ctx.read_session() as session:
        user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AuthenticationError("user name or password is wrong")
    if not user.active:
        raise AuthenticationError(f"account {username!r} is deactivated")
    if LOCKOUT_POLICY.is_locked(user.locked_until, now):
        until = f"{user.locked_until:%Y-%m-%d %H:%M} UTC"
        raise AuthenticationError(f"account {username!r} is locked until {until} after repeated failures")
    if not (user.password_hash and verify_password(user.password_hash, password)):
        _record_failure(ctx, username, purpose, now)
        raise AuthenticationError("user name or password is wrong")
    if user.failed_attempts:
        with ctx.unit_of_work(username, action=f"{purpose}_succeeded") as session:
            fresh = _user(session, username)
            fresh.failed_attempts, fresh.locked_until = 0, None
    return _authenticated(user)


def _record_failure(ctx: ServiceContext, username: str, purpose: str, now: datetime) -> None:
    reason = f"wrong password at {purpose}"
    with ctx.unit_of_work(username, reason=reason, action=f"{purpose}_failed") as session:
        user = _user(session, username)
        user.failed_attempts, user.locked_until = LOCKOUT_POLICY.after_failure(user.failed_attempts, now)
