"""Log-in attempts of every kind are audited under the name typed, and cost the same argon2 work."""

from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from costs import application_costs
from sqlalchemy import select

from labapp.services.administration import users
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent

ADMIN_PW = "Admin-Passw0rd!"
TOM_PW = "Tech-Passw0rd1"


@pytest.fixture(scope="module", autouse=True)
def _application_costs():
    """This module checks the application's own argon2 cost (tests/costs.py)."""
    with application_costs():
        yield


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An active, a deactivated and a must-change account, hashed at full cost (built once)."""
    path = tmp_path_factory.mktemp("login") / "login.sqlite"
    with ServiceContext(str(path)) as context:
        users.create_first_administrator(context, "root", "Rita Root", ADMIN_PW)
        root = users.authenticate(context, "root", ADMIN_PW)
        users.add_user(context, root, "tom", "Tom Tanaka", ["technician"], TOM_PW, temporary_password=False)
        users.add_user(
            context, root, "olga", "Olga Old", ["technician"], "Old-Timer-Pass1", temporary_password=False
        )
        users.deactivate(context, root, "olga", reason="retired")
        users.add_user(context, root, "nina", "Nina New", ["technician"], "Neuling-Pass-2026")
    return path


@pytest.fixture()
def ctx(tmp_path, template):
    shutil.copyfile(template, tmp_path / "login.sqlite")
    with ServiceContext(str(tmp_path / "login.sqlite")) as context:
        yield context


def _events_after(ctx: ServiceContext, seq: int) -> list[AuditEvent]:
    with ctx.read_session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)))


def _head(ctx: ServiceContext) -> int:
    events = _events_after(ctx, 0)
    return events[-1].seq if events else 0


def _attempt(ctx: ServiceContext, name: str, password: str, purpose: str = "login") -> str:
    try:
        users.authenticate(ctx, name, password, purpose=purpose)
    except users.AuthenticationError as exc:
        return str(exc)
    return "signed in"


def _lock(ctx: ServiceContext, name: str) -> None:
    for _ in range(5):
        _attempt(ctx, name, "not-the-password")


@pytest.mark.parametrize(
    ("name", "password", "action", "message"),
    [
        ("tom", TOM_PW, "login_succeeded", "signed in"),
        ("tom", "Guess-Passw0rd-1", "login_failed", "user name or password is wrong"),
        ("ghost", "Guess-Passw0rd-1", "login_unknown_user", "user name or password is wrong"),
        ("olga", "Old-Timer-Pass1", "login_inactive", "account 'olga' is deactivated"),
        ("olga", "Guess-Passw0rd-1", "login_failed", "user name or password is wrong"),
        ("nina", "Neuling-Pass-2026", "login_change_required", "set by an administrator"),
    ],
)
def test_each_attempt_leaves_one_event_with_the_name_typed_and_never_the_password(
    ctx, name, password, action, message
):
    before = _head(ctx)
    assert message in _attempt(ctx, name, password)
    [event] = _events_after(ctx, before)
    assert (event.actor, event.action, event.entity_type) == (name, action, "users")
    text = " ".join(str(v) for v in (event.old_values, event.new_values, event.reason))
    assert password not in text
    if event.new_values and "username" in event.new_values:
        assert json.loads(event.new_values)["username"] == name
    assert (event.entity_id is None) == (name == "ghost")


def test_a_locked_account_is_audited_even_with_the_right_password(ctx):
    _lock(ctx, "tom")
    before = _head(ctx)
    message = _attempt(ctx, "tom", TOM_PW)
    assert "locked until" in message and "an administrator unlocks it" in message  # how to unlock
    assert "labapp" not in message  # in words: the desktop shows it too
    [event] = _events_after(ctx, before)
    assert (event.actor, event.action) == ("tom", "login_locked")


def test_signature_and_password_change_attempts_are_audited_when_refused(ctx):
    before = _head(ctx)
    _attempt(ctx, "ghost", "Guess-Passw0rd-1", purpose="signature")
    _attempt(ctx, "tom", "Guess-Passw0rd-1", purpose="signature")
    _attempt(ctx, "nina", "Neuling-Pass-2026", purpose="signature")
    with pytest.raises(users.AuthenticationError):
        users.change_password(ctx, "tom", "Guess-Passw0rd-1", "Brand-New-Passw0rd")
    assert _attempt(ctx, "tom", "Tech-Passw0rd1", purpose="signature") == "signed in"  # resets the count
    actions = [(e.actor, e.action) for e in _events_after(ctx, before)]
    assert actions == [
        ("ghost", "signature_unknown_user"),
        ("tom", "signature_failed"),
        ("nina", "signature_change_required"),
        ("tom", "password_change_failed"),
        ("tom", "signature_succeeded"),
    ]


def test_a_forced_change_then_log_in_is_two_events_by_the_owner(ctx):
    before = _head(ctx)
    users.change_password(ctx, "nina", "Neuling-Pass-2026", "Neuling-Chose-This-1")
    assert _attempt(ctx, "nina", "Neuling-Chose-This-1") == "signed in"
    assert [(e.actor, e.action) for e in _events_after(ctx, before)] == [
        ("nina", "change_password"),
        ("nina", "login_succeeded"),
    ]


@pytest.fixture()
def verifications(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hash, password):  # noqa: A002 - argon2's own parameter name
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def test_every_kind_of_attempt_costs_exactly_one_argon2_verification(ctx, verifications):
    _lock(ctx, "root")
    cases = [
        ("tom", TOM_PW),
        ("tom", "wrong-Passw0rd-1"),
        ("ghost", "wrong-Passw0rd-1"),
        ("olga", "Old-Timer-Pass1"),
        ("nina", "Neuling-Pass-2026"),
        ("root", ADMIN_PW),
    ]
    for name, password in cases:
        verifications.clear()
        _attempt(ctx, name, password)
        assert len(verifications) == 1, name
        assert verifications[0].startswith("$argon2id$v=19$m=65536,t=3,p=2$"), name  # full cost


def test_an_unknown_name_takes_about_as_long_as_a_wrong_password(ctx):
    def seconds(name: str) -> float:
        started = time.perf_counter()
        _attempt(ctx, name, "wrong-Passw0rd-1")
        return time.perf_counter() - started

    _attempt(ctx, "ghost", "warm-up-the-dummy-hash")
    wrong = statistics.median(seconds("olga") for _ in range(3))  # a real account, never locked here
    unknown = statistics.median(seconds(f"ghost{i}") for i in range(3))
    assert 0.5 < unknown / wrong < 2.0, (unknown, wrong)
