import pytest

from labapp.security.roles import PERMISSIONS, Action, PermissionDenied, Role, parse_roles, require


def test_every_action_has_an_entry():
    assert set(PERMISSIONS) == set(Action)


def test_only_qa_managers_approve_and_administrators_sign_nothing():
    assert PERMISSIONS[Action.APPROVE] == {Role.QA_MANAGER}
    for action in (Action.SUBMIT, Action.REVIEW, Action.APPROVE, Action.ISSUE_CERTIFICATE):
        assert Role.ADMINISTRATOR not in PERMISSIONS[action]


def test_require_names_user_roles_and_action():
    with pytest.raises(PermissionDenied, match=r"user 'tom' \(technician\) may not approve"):
        require("tom", {Role.TECHNICIAN}, Action.APPROVE)
    require("qa", {Role.TECHNICIAN, Role.QA_MANAGER}, Action.APPROVE)


def test_parse_roles_refuses_unknown_names():
    assert parse_roles(["technician", " reviewer"]) == {Role.TECHNICIAN, Role.REVIEWER}
    with pytest.raises(Exception, match="unknown role 'boss'"):
        parse_roles(["boss"])


def test_signing_roles_are_every_role_that_holds_a_signed_action():
    from labapp.security.roles import SIGNING_ACTIONS, SIGNING_ROLES

    assert {Action.SUBMIT, Action.REVIEW, Action.APPROVE, Action.ISSUE_CERTIFICATE} <= SIGNING_ACTIONS
    assert {Role.TECHNICIAN, Role.REVIEWER, Role.QA_MANAGER} == SIGNING_ROLES
    assert Role.ADMINISTRATOR not in SIGNING_ROLES


def test_audit_actions_name_purpose_and_outcome():
    from labapp.security.attempts import AttemptOutcome, AuthPurpose, audit_action

    assert audit_action(AuthPurpose.LOGIN, AttemptOutcome.FAILED) == "login_failed"
    assert audit_action(AuthPurpose.SIGNATURE, AttemptOutcome.UNKNOWN_USER) == "signature_unknown_user"
    longest = max(len(audit_action(p, o)) for p in AuthPurpose for o in AttemptOutcome)
    assert longest <= 40  # audit_events.action is String(40)


def test_a_refusal_says_which_roles_may_and_who_grants_them():
    with pytest.raises(PermissionDenied) as refused:
        require("tom", {Role.TECHNICIAN}, Action.APPROVE)
    assert str(refused.value) == (
        "user 'tom' (technician) may not approve: a QA manager may (an administrator grants roles)"
    )
    with pytest.raises(PermissionDenied) as refused:
        require("rita", set(), Action.VIEW_AUDIT)
    assert str(refused.value).endswith(
        "may not view audit trail: a reviewer, QA manager or administrator may "
        "(an administrator grants roles)"
    )
