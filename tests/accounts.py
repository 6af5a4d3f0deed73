"""Signed-in users for tests of services that write: every write needs an authenticated user whose
account, as stored, may do the action (labapp.services.context.ServiceContext.unit_of_work).

`account(ctx, "tech1", "technician")` stores the account once (as the first start and an
administrator would: audited, with a real argon2 hash of PASSWORD) and returns it signed in.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import select

from labapp.security.passwords import hash_password
from labapp.security.roles import parse_roles
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.parties import User

PASSWORD = "Pruefung-Test-2026!"
DEFAULT_ROLES = {
    "admin": ("administrator",),
    "qa": ("qa_manager", "reviewer"),
    "quinn": ("qa_manager", "reviewer"),
    "reviewer": ("reviewer",),
}


@cache
def _hash() -> str:
    """PASSWORD hashed once per process, at the session's small cost (tests/costs.py)."""
    return hash_password(PASSWORD)


def account(ctx: ServiceContext, username: str, *roles: str) -> AuthenticatedUser:
    """The user `username` (created with `roles`, by default a technician's, when missing), signed in."""
    wanted = roles or DEFAULT_ROLES.get(username, ("technician",))
    with ctx.account_unit_of_work("test-setup", "test account") as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(
                username=username,
                full_name=f"Test {username}",
                roles=",".join(sorted(wanted)),
                password_hash=_hash(),
                active=True,
                failed_attempts=0,
                must_change_password=False,
            )
            session.add(user)
            session.flush()
        return AuthenticatedUser(user.id, user.username, user.full_name, parse_roles(user.role_set), ctx)
