"""Four eyes by person, not by account (issue 16, item 7): whoever imported, calculated, submitted or
reviewed a run may not approve it, and an old account with the same printed name is the same person."""

import pytest
from _workflow_support import PASSWORDS, RUN, build_template, copy_of, login, mark_calculated, run_state

from labapp.services.administration import users
from labapp.services.workflow.review import WorkflowError, set_second_review, sign

NEW_PASSWORD = "Betsu-Kouza!77"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("foureyes") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    yield context
    context.close()


def _sign(ctx, user, action, password=None):
    return sign(ctx, user, password or PASSWORDS[user], RUN, action)


def _second_account(ctx, old, new, printed, roles):
    """`old` leaves (deactivated); the same person gets a new account with `roles` under `printed`."""
    admin = login(ctx, "root")
    users.deactivate(ctx, admin, old, reason="left the laboratory, returns as QA")
    users.add_user(ctx, admin, new, printed, roles, NEW_PASSWORD, temporary_password=False)


def test_whoever_calculated_may_not_approve(ctx):
    mark_calculated(ctx, actor="dual")  # "dual" holds every role; "tom" imported the run
    _sign(ctx, "tess", "submit")
    _sign(ctx, "rita", "review")
    with pytest.raises(
        WorkflowError, match=r"^'dual' calculated run 'ICP 2026-03-17' and may not approve it"
    ):
        _sign(ctx, "dual", "approve")
    assert run_state(ctx) == "reviewed"
    _sign(ctx, "quinn", "approve")
    assert run_state(ctx) == "approved"


def test_the_importer_under_a_new_account_may_not_approve(ctx):
    mark_calculated(ctx)  # tom (Tom Tanaka) imported and calculated
    _sign(ctx, "tess", "submit")
    _sign(ctx, "rita", "review")
    _second_account(ctx, "tom", "ttanaka", "  tom   TANAKA ", ["qa_manager"])
    with pytest.raises(
        WorkflowError,
        match=r"'ttanaka' imported run 'ICP 2026-03-17' \(as 'tom', the same printed name\) and may not",
    ):
        _sign(ctx, "ttanaka", "approve", NEW_PASSWORD)
    assert run_state(ctx) == "reviewed"


def test_the_submitter_under_a_new_account_may_not_review(ctx):
    mark_calculated(ctx)
    _sign(ctx, "tess", "submit")
    _second_account(ctx, "tess", "ito", "Tess Ito", ["reviewer"])
    with pytest.raises(WorkflowError, match=r"'ito' submitted run .* \(as 'tess', .*\) and may not review"):
        _sign(ctx, "ito", "review", NEW_PASSWORD)
    _sign(ctx, "rita", "review")
    assert run_state(ctx) == "reviewed"


def test_the_reviewer_may_not_approve_even_after_second_review_is_switched_off(ctx):
    mark_calculated(ctx)
    _sign(ctx, "tess", "submit")
    _sign(ctx, "dual", "review")
    set_second_review(ctx, login(ctx, "quinn"), False, reason="two-person laboratory, SOP QA-7")
    with pytest.raises(WorkflowError, match="'dual' reviewed run .* may not approve"):
        _sign(ctx, "dual", "approve")
