"""Four eyes by person, not by account: who already worked on a run, and whether a signer is one of them.

A person is an account, and also every account with the same printed name (the user's full name, compared
without case and extra spaces: users.printed_name_key): one printed name holds one active account, but old
inactive accounts may share it, and they must not let the same person fill two roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.services.administration.users import printed_name_key
from labapp.store.calculations import Calculation
from labapp.store.parties import User
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import RunState


@dataclass(frozen=True)
class Person:
    """One account and the printed names it went by (at signing, and as stored now)."""

    username: str
    names: frozenset[str]

    def same_as(self, other: Person) -> bool:
        return self.username == other.username or bool(self.names & other.names)


@dataclass(frozen=True)
class Contribution:
    """A step a person did on the run: `step` is the run state that step produced."""

    step: RunState
    person: Person


def person(session: Session, username: str, *printed: str | None) -> Person:
    """The person behind an account name: its stored full name plus any printed names given."""
    stored = session.scalar(select(User.full_name).where(User.username == username))
    names = (printed_name_key(name) for name in (stored, *printed) if name)
    return Person(username, frozenset(key for key in names if key))


def _signer(session: Session, signature: Signature) -> Person:
    return person(session, signature.username, signature.printed_name)


def contributions(
    session: Session, run: InstrumentRun, submitter: Signature | None, reviewer: Signature | None
) -> list[Contribution]:
    """Who imported and calculated the run (any calculation of it), and the current cycle's signers."""
    calculated = set(session.scalars(select(Calculation.calculated_by).where(Calculation.run_id == run.id)))
    calculated |= set(session.scalars(select(Result.calculated_by).where(Result.run_id == run.id)))
    found = [Contribution(RunState.IMPORTED, person(session, run.imported_by))]
    found += [Contribution(RunState.CALCULATED, person(session, name)) for name in sorted(calculated) if name]
    if submitter is not None:
        found.append(Contribution(RunState.SUBMITTED, _signer(session, submitter)))
    if reviewer is not None:
        found.append(Contribution(RunState.REVIEWED, _signer(session, reviewer)))
    return found


def conflict(signer: Person, done: list[Contribution], steps: frozenset[RunState]) -> Contribution | None:
    """The first of `steps` the signer (or an account of the same printed name) already did, if any."""
    return next((c for c in done if c.step in steps and c.person.same_as(signer)), None)
