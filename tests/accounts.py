"""Signed-in users for tests of services that write: every write needs an authenticated user whose
account, as stored, may do the action (labapp.services.context.ServiceContext.unit_of_work).

`account(ctx, "tech1", "technician")` stores the account once (as the first start and an
administrator would: audited, with a real argon2 hash of PASSWORD) and returns it signed in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from sqlalchemy import select

from labapp.security import passwords
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


# Small argon2 parameters for test accounts and templates (never the application's: passwords._HASHER).
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@contextmanager
def cheap_hashes() -> Iterator[None]:
    """Hash the passwords set inside with small argon2 parameters (8 MiB, t=1: a few milliseconds
    instead of about 0.2 s of CPU). Verification reads the parameters from each stored hash, so every
    later log-in and signature check stays a real argon2 check, only faster. For templates that many
    tests copy and sign in to; tests about the hashing itself use the full cost."""
    saved = passwords._HASHER
    passwords._HASHER = CHEAP_HASHER
    try:
        yield
    finally:
        passwords._HASHER = saved


@cache
def _hash() -> str:
    """PASSWORD hashed once per process with the small parameters: the accounts' sign-ins and
    signatures (hundreds per run) are real argon2 verifications at a few milliseconds each instead of
    about 0.24 s. tests/services/test_authentication.py and tests/security/test_passwords.py check
    the application's full cost on hashes of their own."""
    with cheap_hashes():
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
