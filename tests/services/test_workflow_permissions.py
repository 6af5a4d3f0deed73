"""The permission matrix: every role against every action.

The expected matrix (tests/matrix_support.py) is written out from issue 7 (who may do what),
independently of labapp.security.roles.PERMISSIONS, and asserted through the services wherever a
service checks the action: submit/review/approve/reject (workflow.sign), exclude_or_override
(exclusions.exclude and exclusions.override), manage_methods (workflow.set_second_review),
manage_users (users.add_user).
security.roles.require is checked for every role and action here too; every writing service,
command and desktop control is checked against the same matrix in test_permission_matrix.py,
test_permission_matrix_cli.py and tests/gui/test_permission_matrix_gui.py.
"""

import pytest
from _workflow_support import PASSWORDS, RUN, copy_of, mark_calculated, reportable_result_ids, run_state
from _workflow_support import build_template as _build
from matrix_support import EXPECTED

from labapp.core.exclusions import Exclusion, Scope
from labapp.security.roles import Action, PermissionDenied, Role, require
from labapp.services.administration import users
from labapp.services.calculation import exclusions
from labapp.services.workflow import review as workflow

SIGNING = {
    Action.SUBMIT: "submit",
    Action.REVIEW: "review",
    Action.APPROVE: "approve",
    Action.REJECT: "reject",
}
# The run state each signing action starts from, reached by other people.
PREPARE = {
    "submit": [],
    "review": [("tess", "submit")],
    "approve": [("tess", "submit"), ("rita", "review")],
    "reject": [("tess", "submit")],
}
PROBE = "probe"
PROBE_PASSWORD = "Shiken-Pass!9"
BY_SERVICE = {*SIGNING, Action.EXCLUDE_OR_OVERRIDE, Action.MANAGE_METHODS, Action.MANAGE_USERS}


def test_the_matrix_covers_every_role_and_action():
    assert set(EXPECTED) == set(Action)
    assert set().union(*EXPECTED.values()) == set(Role)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("perm") / "template.sqlite")


@pytest.fixture(params=list(Role), ids=str)
def probe(request, template, tmp_path):
    """A database with a calculated run and a user "probe" holding exactly one role."""
    with copy_of(template, tmp_path) as ctx:
        mark_calculated(ctx)
        admin = users.authenticate(ctx, "root", PASSWORDS["root"])
        users.add_user(ctx, admin, PROBE, "Pat Probe", [request.param.value], PROBE_PASSWORD,
            temporary_password=False)
        yield ctx, request.param


@pytest.mark.parametrize("action", list(SIGNING), ids=str)
def test_signing_actions_through_the_workflow(probe, action):
    ctx, role = probe
    step = SIGNING[action]
    for who, earlier in PREPARE[step]:
        workflow.sign(ctx, who, PASSWORDS[who], RUN, earlier)
    before = run_state(ctx)
    if role in EXPECTED[action]:
        outcome = workflow.sign(ctx, PROBE, PROBE_PASSWORD, RUN, step, reason="permission matrix")
        assert (
            outcome.state
            == {"submit": "submitted", "review": "reviewed", "approve": "approved", "reject": "rejected"}[
                step
            ]
        )
    else:
        with pytest.raises(PermissionDenied, match=f"may not {action.value}"):
            workflow.sign(ctx, PROBE, PROBE_PASSWORD, RUN, step, reason="permission matrix")
        assert run_state(ctx) == before


def test_exclude_and_override_through_the_services(probe):
    ctx, role = probe
    user = users.authenticate(ctx, PROBE, PROBE_PASSWORD)
    result_id = reportable_result_ids(ctx)["BM26-0001"]
    item = Exclusion(
        Scope.REPLICATE,
        "Ni",
        "replicate 2 aspirated an air bubble",
        line="231.604",
        sample_label="BM26-0001",
        replicate=2,
    )
    if role in EXPECTED[Action.EXCLUDE_OR_OVERRIDE]:
        exclusions.override(ctx, user, result_id, 56.0, "value confirmed by referee laboratory")
        exclusions.exclude(ctx, user, RUN, item)
        with ctx.read_session() as session:
            assert len(exclusions.active_exclusions(session, 1)) == 1
    else:
        with pytest.raises(PermissionDenied, match="may not exclude or override"):
            exclusions.override(ctx, user, result_id, 56.0, "value confirmed by referee laboratory")
        with pytest.raises(PermissionDenied, match="may not exclude or override"):
            exclusions.exclude(ctx, user, RUN, item)


def test_workflow_settings_and_user_management_through_the_services(probe):
    ctx, role = probe
    user = users.authenticate(ctx, PROBE, PROBE_PASSWORD)
    for action, call in (
        (Action.MANAGE_METHODS, lambda: workflow.set_second_review(ctx, user, False, "matrix check")),
        (
            Action.MANAGE_USERS,
            lambda: users.add_user(ctx, user, "newbie", "New Bie", ["technician"], "Atarashii-Pass!7"),
        ),
    ):
        if role in EXPECTED[action]:
            call()
        else:
            with pytest.raises(PermissionDenied):
                call()


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("action", [a for a in Action if a not in BY_SERVICE], ids=str)
def test_other_actions_through_roles_require(role, action):
    if role in EXPECTED[action]:
        require("someone", {role}, action)
    else:
        with pytest.raises(PermissionDenied):
            require("someone", {role}, action)
