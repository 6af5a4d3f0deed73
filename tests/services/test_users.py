"""Users, roles, lockout and first start, asserted through the services (not the GUI)."""

import pytest
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import PermissionDenied, Role
from labapp.services import users
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent

ADMIN_PW = "Admin-Passw0rd!"


@pytest.fixture()
def ctx(tmp_path):
    with ServiceContext(str(tmp_path / "users.sqlite")) as context:
        users.create_first_administrator(context, "root", "Rita Root", ADMIN_PW)
        yield context


def admin(ctx):
    return users.authenticate(ctx, "root", ADMIN_PW)


def test_first_start_creates_an_administrator_once(ctx):
    assert admin(ctx).roles == {Role.ADMINISTRATOR}
    with pytest.raises(LabappError, match="already has users"):
        users.create_first_administrator(ctx, "eve", "Eve", "Another-Passw0rd")


def test_add_list_set_roles_deactivate(ctx):
    users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "Tech-Passw0rd1")
    users.set_roles(ctx, admin(ctx), "tom", ["technician", "reviewer"], reason="covers reviews in December")
    info = {u.username: u for u in users.list_users(ctx)}
    assert info["tom"].roles == ("reviewer", "technician") and info["tom"].active
    users.deactivate(ctx, admin(ctx), "tom", reason="left the laboratory")
    with pytest.raises(users.AuthenticationError, match="deactivated"):
        users.authenticate(ctx, "tom", "Tech-Passw0rd1")
    assert [u.username for u in users.list_users(ctx)] == ["root", "tom"]  # never deleted


def test_only_administrators_manage_users(ctx):
    users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "Tech-Passw0rd1")
    tom = users.authenticate(ctx, "tom", "Tech-Passw0rd1")
    with pytest.raises(PermissionDenied, match="may not manage users"):
        users.add_user(ctx, tom, "mallory", "Mallory", ["qa_manager"], "Mallory-Passw0rd1")


def test_lockout_after_five_failures_is_audited_and_reset_lifts_it(ctx):
    users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "Tech-Passw0rd1")
    for _ in range(5):
        with pytest.raises(users.AuthenticationError, match="wrong"):
            users.authenticate(ctx, "tom", "guess")
    with pytest.raises(users.AuthenticationError, match="locked until"):
        users.authenticate(ctx, "tom", "Tech-Passw0rd1")  # even the right password
    with ctx.read_session() as session:
        failures = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert len(failures) == 5 and {f.actor for f in failures} == {"tom"}
    users.reset_password(ctx, admin(ctx), "tom", "Fresh-Passw0rd2", reason="locked out")
    assert users.authenticate(ctx, "tom", "Fresh-Passw0rd2").username == "tom"


def test_policy_and_roles_are_checked_before_anything_is_stored(ctx):
    with pytest.raises(LabappError, match="at least 10 characters"):
        users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "short")
    with pytest.raises(LabappError, match="unknown role 'boss'"):
        users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["boss"], "Tech-Passw0rd1")
    assert [u.username for u in users.list_users(ctx)] == ["root"]
