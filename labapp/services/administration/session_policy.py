"""How long a workstation may stay idle before its window locks (21 CFR 11.300(d) safeguards against
unauthorised use of a session left open; EU GMP Annex 11 clause 12.1 access control).

The time is a laboratory setting, the same on every workstation of the database; a change is an
audited change of the laboratory record with a reason. 0 turns the lock off.
"""

from __future__ import annotations

from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.parties import Laboratory

DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 480  # one shift; a longer time is no lock at all

__all__ = [
    "DEFAULT_IDLE_LOCK_MINUTES",
    "MAX_IDLE_LOCK_MINUTES",
    "idle_lock_minutes",
    "idle_lock_problem",
    "set_idle_lock_minutes",
]


def idle_lock_minutes(ctx: ServiceContext) -> int:
    """The minutes of inactivity before the window locks; the default until an administrator sets it."""
    with ctx.read_session() as session:
        stored = session.scalar(select(Laboratory.idle_lock_minutes).order_by(Laboratory.id).limit(1))
    return DEFAULT_IDLE_LOCK_MINUTES if stored is None else int(stored)


def idle_lock_problem(minutes: int) -> str | None:
    """Why `minutes` is not an idle time (the form shows the same words), or None."""
    if not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        return f"the idle time must be between 0 (off) and {MAX_IDLE_LOCK_MINUTES} minutes, got {minutes}"
    return None


def set_idle_lock_minutes(ctx: ServiceContext, by: AuthenticatedUser, minutes: int, reason: str) -> None:
    """Store the idle time (audited with its reason; the laboratory details must exist first)."""
    problem = idle_lock_problem(minutes)
    if problem:
        raise LabappError(problem)
    if not (reason or "").strip():
        raise LabappError("changing the idle lock needs a reason")
    with ctx.unit_of_work(by, Action.MANAGE_LABORATORY, reason.strip()) as session:
        lab = session.scalar(select(Laboratory).order_by(Laboratory.id))
        if lab is None:
            raise LabappError("enter the laboratory details first (Administration > Laboratory)")
        lab.idle_lock_minutes = minutes
