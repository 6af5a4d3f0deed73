"""Users, roles, lockout and first start, asserted through the services (not the GUI)."""

import pytest
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.security.roles import Action, PermissionDenied, Role
from labapp.services.administration import users
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


def add_tom(ctx, roles=("technician",), temporary=False):
    users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", list(roles), "Tech-Passw0rd1",
                   temporary_password=temporary)


def test_first_start_creates_an_administrator_once(ctx):
    assert admin(ctx).roles == {Role.ADMINISTRATOR}
    with pytest.raises(LabappError, match="already has users"):
        users.create_first_administrator(ctx, "eve", "Eve", "Another-Passw0rd")


def test_add_list_set_roles_deactivate(ctx):
    add_tom(ctx)
    users.set_roles(ctx, admin(ctx), "tom", ["technician", "reviewer"], reason="covers reviews in December")
    info = {u.username: u for u in users.list_users(ctx)}
    assert info["tom"].roles == ("reviewer", "technician") and info["tom"].active
    users.deactivate(ctx, admin(ctx), "tom", reason="left the laboratory")
    with pytest.raises(users.AuthenticationError, match="deactivated"):
        users.authenticate(ctx, "tom", "Tech-Passw0rd1")
    assert [u.username for u in users.list_users(ctx)] == ["root", "tom"]  # never deleted


def test_only_administrators_manage_users(ctx):
    add_tom(ctx)
    tom = users.authenticate(ctx, "tom", "Tech-Passw0rd1")
    with pytest.raises(PermissionDenied, match="may not manage users"):
        users.add_user(ctx, tom, "mallory", "Mallory", ["qa_manager"], "Mallory-Passw0rd1")


def test_lockout_after_five_failures_is_audited_and_reset_lifts_it(ctx):
    add_tom(ctx)
    for _ in range(5):
        with pytest.raises(users.AuthenticationError, match="wrong"):
            users.authenticate(ctx, "tom", "guess")
    with pytest.raises(users.AuthenticationError, match="locked until"):
        users.authenticate(ctx, "tom", "Tech-Passw0rd1")  # even the right password
    with ctx.read_session() as session:
        failures = session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert len(failures) == 5 and {f.actor for f in failures} == {"tom"}
    users.reset_password(ctx, admin(ctx), "tom", "Fresh-Passw0rd2", reason="locked out")
    with pytest.raises(users.PasswordChangeRequired):  # the lock is lifted, the password is temporary
        users.authenticate(ctx, "tom", "Fresh-Passw0rd2")
    users.change_password(ctx, "tom", "Fresh-Passw0rd2", "Own-Choice-Passw0rd3")
    assert users.authenticate(ctx, "tom", "Own-Choice-Passw0rd3").username == "tom"


def test_policy_and_roles_are_checked_before_anything_is_stored(ctx):
    with pytest.raises(LabappError, match="at least 12 characters"):
        users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "Password12")
    with pytest.raises(LabappError, match="list of common passwords"):
        users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["technician"], "Password1234")
    with pytest.raises(LabappError, match="unknown role 'boss'"):
        users.add_user(ctx, admin(ctx), "tom", "Tom Tanaka", ["boss"], "Tech-Passw0rd1")
    assert [u.username for u in users.list_users(ctx)] == ["root"]


def test_every_place_a_password_is_set_applies_the_policy(tmp_path):
    with ServiceContext(str(tmp_path / "policy.sqlite")) as fresh:
        with pytest.raises(LabappError, match="list of common passwords"):
            users.create_first_administrator(fresh, "root", "Rita Root", "qwertyuiop12")
        assert not users.has_users(fresh)
        users.create_first_administrator(fresh, "root", "Rita Root", ADMIN_PW)
        root = users.authenticate(fresh, "root", ADMIN_PW)
        users.add_user(fresh, root, "tom", "Tom Tanaka", ["technician"], "Tech-Passw0rd1")
        with pytest.raises(LabappError, match="at least 12 characters"):
            users.reset_password(fresh, root, "tom", "Password12", reason="forgotten")
        with pytest.raises(LabappError, match="list of common passwords"):
            users.change_password(fresh, "tom", "Tech-Passw0rd1", "Password1234")
        with pytest.raises(LabappError, match="must differ"):
            users.change_password(fresh, "tom", "Tech-Passw0rd1", "Tech-Passw0rd1")
        with pytest.raises(users.PasswordChangeRequired):  # nothing was changed by the refusals
            users.authenticate(fresh, "tom", "Tech-Passw0rd1")


def test_a_password_an_administrator_set_must_be_changed_before_acting_or_signing(ctx):
    users.add_user(ctx, admin(ctx), "quinn", "Quinn Sato", ["qa_manager"], "Hinshitsu-Pass!4")
    must_change = {u.username: u.must_change_password for u in users.list_users(ctx)}
    assert must_change == {"root": False, "quinn": True}
    for purpose in ("login", "signature"):
        with pytest.raises(users.PasswordChangeRequired, match="set by an administrator"):
            users.authenticate(ctx, "quinn", "Hinshitsu-Pass!4", purpose=purpose)
    users.change_password(ctx, "quinn", "Hinshitsu-Pass!4", "Hinshitsu-Choice-7")
    quinn = users.authenticate(ctx, "quinn", "Hinshitsu-Choice-7")
    quinn.require(Action.APPROVE)
    users.reset_password(ctx, admin(ctx), "quinn", "Admin-Knows-This-1", reason="forgotten")
    with pytest.raises(PermissionDenied, match="set by an administrator"):
        quinn.require(Action.APPROVE)  # the session opened before the reset cannot act either
    with pytest.raises(users.PasswordChangeRequired):
        users.authenticate(ctx, "quinn", "Admin-Knows-This-1", purpose="signature")
    users.change_password(ctx, "quinn", "Admin-Knows-This-1", "Hinshitsu-Choice-8")
    quinn.require(Action.APPROVE)
    with ctx.read_session() as session:
        changes = session.scalars(select(AuditEvent).where(AuditEvent.action == "change_password")).all()
    assert [c.actor for c in changes] == ["quinn", "quinn"]
    assert all("must_change_password" in (c.new_values or "") for c in changes)


def test_an_administrator_resets_others_and_changes_its_own_password(ctx):
    with pytest.raises(LabappError, match="change your own password"):
        users.reset_password(ctx, admin(ctx), "root", "Another-Passw0rd2", reason="forgot")
    users.change_password(ctx, "root", ADMIN_PW, "Another-Passw0rd2")
    assert users.authenticate(ctx, "root", "Another-Passw0rd2").username == "root"
    with pytest.raises(users.AuthenticationError, match="wrong"):
        users.change_password(ctx, "root", ADMIN_PW, "Third-Passw0rd3")


def test_one_printed_name_holds_one_active_account(ctx):
    add_tom(ctx)
    for printed in ("Tom Tanaka", "  tom   TANAKA ", "TOM TANAKA"):
        with pytest.raises(LabappError, match="already has an active account \\(tom\\)"):
            users.add_user(ctx, admin(ctx), "tom2", printed, ["reviewer"], "Review-Passw0rd1")
    with pytest.raises(LabappError, match="already has an active account \\(root\\)"):
        users.add_user(ctx, admin(ctx), "rita", "Rita  Root", ["qa_manager"], "Hinshitsu-Pass!4")
    users.deactivate(ctx, admin(ctx), "tom", reason="account replaced")
    users.add_user(ctx, admin(ctx), "tom2", "tom tanaka", ["reviewer"], "Review-Passw0rd1")
    assert sorted(u.username for u in users.list_users(ctx) if u.active) == ["root", "tom2"]


def test_an_administrator_cannot_give_itself_a_signing_role(ctx):
    for role in ("qa_manager", "reviewer", "technician"):
        with pytest.raises(PermissionDenied, match="may not give itself a signing role"):
            users.set_roles(ctx, admin(ctx), "root", ["administrator", role], reason="small lab")
    users.set_roles(ctx, admin(ctx), "root", ["administrator"], reason="no change")
    users.add_user(ctx, admin(ctx), "ada", "Ada Second", ["administrator"], "Second-Admin-Pass1",
                   temporary_password=False)
    ada = users.authenticate(ctx, "ada", "Second-Admin-Pass1")
    users.set_roles(ctx, ada, "root", ["administrator", "qa_manager"], reason="another administrator grants")
    assert {u.username: u.roles for u in users.list_users(ctx)}["root"] == ("administrator", "qa_manager")


def test_roles_and_active_state_are_read_at_each_action_not_at_log_in(ctx):
    add_tom(ctx)
    tom = users.authenticate(ctx, "tom", "Tech-Passw0rd1")
    with pytest.raises(PermissionDenied, match="may not review"):
        tom.require(Action.REVIEW)
    users.set_roles(ctx, admin(ctx), "tom", ["technician", "reviewer"], reason="covers reviews")
    tom.require(Action.REVIEW)  # no new log-in needed
    users.set_roles(ctx, admin(ctx), "tom", ["reviewer"], reason="no longer at the bench")
    with pytest.raises(PermissionDenied, match=r"\(reviewer\) may not calculate"):
        tom.require(Action.CALCULATE)
    assert tom.roles == {Role.TECHNICIAN} and tom.current_roles() == {Role.REVIEWER}
    users.add_user(ctx, admin(ctx), "ada", "Ada Second", ["administrator"], "Second-Admin-Pass1",
                   temporary_password=False)
    ada = users.authenticate(ctx, "ada", "Second-Admin-Pass1")
    users.deactivate(ctx, admin(ctx), "ada", reason="left the laboratory")
    with pytest.raises(PermissionDenied, match="'ada' is deactivated"):
        users.add_user(ctx, ada, "eve", "Eve Evans", ["technician"], "Eve-Passw0rd-123")  # a real service
    assert "eve" not in {u.username for u in users.list_users(ctx)}
    assert ada.current_roles() == frozenset()  # what a page offers follows the account too
