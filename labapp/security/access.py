"""Permission checked against the account as it is now, not as it was at log-in.

A deactivation, a change of roles or an administrator's password reset takes effect at the next
action of a user who is already signed in.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from labapp.security.roles import Action, PermissionDenied, Role, parse_roles, require
from labapp.store.parties import User


def current_roles(session: Session, user_id: int, username: str) -> frozenset[Role]:
    """The roles the stored account holds now; none when it is deactivated, gone or must change its
    password (what it may do, not what it was given)."""
    account = session.get(User, user_id)
    if account is None or account.username != username or not account.active or account.must_change_password:
        return frozenset()
    return parse_roles(account.role_set)


def require_current(session: Session, user_id: int, username: str, action: Action) -> None:
    """Raise PermissionDenied unless the stored account is active, owns its password and may act."""
    account = session.get(User, user_id)
    if account is None or account.username != username:
        raise PermissionDenied(f"user {username!r} does not exist in this database: sign in again")
    if not account.active:
        raise PermissionDenied(f"account {username!r} is deactivated")
    if account.must_change_password:
        raise PermissionDenied(
            f"the password of {username!r} was set by an administrator: sign in again and choose a new one"
        )
    require(username, parse_roles(account.role_set), action)
