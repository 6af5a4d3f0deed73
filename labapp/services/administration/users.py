"""User accounts and roles, and the first administrator (21 CFR 11.10(d), 11.300).

Accounts are deactivated, never deleted, so every signature and audit event keeps its person. One
printed name holds at most one active account, so four eyes means two people, not two accounts. A
password an administrator sets (a new account, a reset) is temporary: its owner must choose a new
one at the next log-in and cannot sign before. Log-in itself lives in
services.administration.authentication.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.security.passwords import hash_password
from labapp.security.roles import SIGNING_ROLES, Action, PermissionDenied, Role, parse_roles
from labapp.services.administration.authentication import (
    LOCKOUT_POLICY,
    PASSWORD_POLICY,
    AuthenticatedUser,
    AuthenticationError,
    PasswordChangeRequired,
    authenticate,
    change_password,
)
from labapp.services.context import ServiceContext
from labapp.store.parties import User

__all__ = [
    "LOCKOUT_POLICY",
    "PASSWORD_POLICY",
    "AuthenticatedUser",
    "AuthenticationError",
    "LabappError",
    "PasswordChangeRequired",
    "UserInfo",
    "add_user",
    "authenticate",
    "change_password",
    "create_first_administrator",
    "deactivate",
    "has_users",
    "list_users",
    "printed_name_key",
    "reset_password",
    "set_roles",
]


@dataclass(frozen=True)
class UserInfo:
    username: str
    full_name: str
    roles: tuple[Role, ...]  # stored by value; shown by label
    active: bool
    locked_until: datetime | None
    failed_attempts: int
    must_change_password: bool = False


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise LabappError(f"no user {username!r}")
    return user


def printed_name_key(full_name: str) -> str:
    """The printed name as compared for "one person, one account": case and spacing ignored."""
    return " ".join(full_name.split()).casefold()


def has_users(ctx: ServiceContext) -> bool:
    with ctx.read_session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def create_first_administrator(ctx: ServiceContext, username: str, full_name: str, password: str) -> None:
    """The first start: an empty database gets its administrator; afterwards this is refused.

    The administrator chose this password themselves, so it is not temporary.
    """
    if has_users(ctx):
        raise LabappError("the database already has users: ask an administrator to add you")
    _create(
        ctx,
        by=None,
        account=_NewAccount(username, full_name, [Role.ADMINISTRATOR.value], password),
        reason="first start",
        temporary=False,
    )


def add_user(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    username: str,
    full_name: str,
    roles: list[str],
    password: str,
    *,
    temporary_password: bool = True,
) -> None:
    """An administrator opens an account. The first password is temporary unless the caller says not
    (scripted set-ups such as the demo, whose passwords are published anyway)."""
    by.require(Action.MANAGE_USERS)
    _create(
        ctx,
        by=by,
        account=_NewAccount(username, full_name, roles, password),
        reason=None,
        temporary=temporary_password,
    )


@dataclass(frozen=True)
class _NewAccount:
    username: str
    full_name: str
    roles: list[str]
    password: str


def _create(
    ctx: ServiceContext,
    by: AuthenticatedUser | None,
    account: _NewAccount,
    reason: str | None,
    temporary: bool,
) -> None:
    """A new account, made by an administrator (`by`), or the first one (no user yet to act)."""
    username, full_name = account.username.strip(), " ".join(account.full_name.split())
    if not username or not full_name:
        raise LabappError("a user needs a user name and a full (printed) name")
    role_set = parse_roles(account.roles)
    if not role_set:
        raise LabappError(f"user {username!r} needs at least one role")
    PASSWORD_POLICY.check(account.password, username)
    opened = (
        ctx.unit_of_work(by, Action.MANAGE_USERS, reason)
        if by is not None
        else ctx.account_unit_of_work(username, reason)
    )
    with opened as session:
        if by is None and session.scalar(select(func.count()).select_from(User)):
            raise LabappError("the database already has users: ask an administrator to add you")
        if session.scalar(select(User).where(User.username == username)) is not None:
            raise LabappError(f"user {username!r} already exists (deactivated users keep their name)")
        _refuse_second_account(session, full_name)
        session.add(
            User(
                username=username,
                full_name=full_name,
                roles=_roles_text(role_set),
                password_hash=hash_password(account.password),
                active=True,
                failed_attempts=0,
                must_change_password=temporary,
            )
        )


def _refuse_second_account(session: Session, full_name: str) -> None:
    """One printed name, one active account: otherwise one person could sign twice as "two people"."""
    key = printed_name_key(full_name)
    for other in session.scalars(select(User).where(User.active.is_(True))):
        if printed_name_key(other.full_name) == key:
            raise LabappError(
                f"{full_name!r} already has an active account ({other.username}): one person holds one "
                "account (deactivate the old one first)"
            )


def _roles_text(roles: frozenset[Role]) -> str:
    return ",".join(sorted(role.value for role in roles))


def list_users(ctx: ServiceContext) -> list[UserInfo]:
    with ctx.read_session() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        return [
            UserInfo(
                u.username,
                u.full_name,
                tuple(sorted(parse_roles(u.role_set))),
                u.active,
                u.locked_until,
                u.failed_attempts,
                bool(u.must_change_password),
            )
            for u in users
        ]


def set_roles(
    ctx: ServiceContext, by: AuthenticatedUser, username: str, roles: list[str], reason: str
) -> None:
    """Replace a user's roles. An administrator may not give itself a signing role: another
    administrator does, so no one signs on a grant they made to themselves."""
    by.require(Action.MANAGE_USERS)
    role_set = parse_roles(roles)
    if not role_set:
        raise LabappError("give at least one role (deactivate the user to remove access)")
    with ctx.unit_of_work(by, Action.MANAGE_USERS, _required(reason), event="set_roles") as session:
        user = _user(session, username)
        gained = role_set - parse_roles(user.role_set)
        if user.id == by.id and gained & SIGNING_ROLES:
            names = ", ".join(sorted(role.label() for role in gained & SIGNING_ROLES))
            raise PermissionDenied(
                f"an administrator may not give itself a signing role ({names}): another administrator must"
            )
        user.roles = _roles_text(role_set)


def deactivate(ctx: ServiceContext, by: AuthenticatedUser, username: str, reason: str) -> None:
    by.require(Action.MANAGE_USERS)
    if username == by.username:
        raise LabappError("you cannot deactivate your own account")
    with ctx.unit_of_work(by, Action.MANAGE_USERS, _required(reason), event="deactivate") as session:
        _user(session, username).active = False


def reset_password(
    ctx: ServiceContext, by: AuthenticatedUser, username: str, new_password: str, reason: str
) -> None:
    """An administrator sets a temporary password: it lifts a lockout, and the owner must choose a new
    one at the next log-in; until then the account can neither act nor sign."""
    by.require(Action.MANAGE_USERS)
    if username.strip() == by.username:
        raise LabappError('change your own password with "change password" (it asks for the current one)')
    PASSWORD_POLICY.check(new_password, username)
    with ctx.unit_of_work(by, Action.MANAGE_USERS, _required(reason), event="reset_password") as session:
        user = _user(session, username)
        user.password_hash = hash_password(new_password)
        user.must_change_password = True
        user.failed_attempts = 0
        user.locked_until = None


def _required(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise LabappError("a reason is required for this change")
    return reason.strip()
