"""The one-step import's preview states what the import will store (issue 22 review): a label is held
only when its preparation takes no readings (importing.open_preparations), as import_run holds it, not
whenever its lot left the registered state."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import QA, REVIEWER, TECH, submitted

from labapp.resources import resource_path
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.importing.import_preview import preview_import
from labapp.services.importing.run_import import import_run
from labapp.services.workflow.review import sign

MAIN_RUN = "ICP-OES 2026-03-17"


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("preview-submitted") / "submitted.sqlite")


@pytest.fixture
def approved_ctx(submitted_template, tmp_path):
    """The main ICP-OES run reviewed and approved: its lots are approved, not certified."""
    path = tmp_path / "approved.sqlite"
    shutil.copyfile(submitted_template, path)
    with ServiceContext(str(path)) as ctx:
        sign(
            ctx, REVIEWER.username, REVIEWER.password, MAIN_RUN, "review", acknowledgement="pytest: reviewed"
        )
        sign(ctx, QA.username, QA.password, MAIN_RUN, "approve", acknowledgement="pytest: approved")
        yield ctx


def test_after_the_main_runs_approval_preview_and_import_agree_on_the_trace_run(approved_ctx):
    file = resource_path("demo", "icp_trace_run.csv")
    preview = preview_import(approved_ctx, file)
    tech = authenticate(approved_ctx, TECH.username, TECH.password)
    stored = import_run(approved_ctx, file, "ICP-OES trace 2026-03-19", tech)
    assert len(stored.matched) == 15  # the trace digests are new preparations: an approved lot takes them
    assert preview.matched == dict(stored.matched)
    assert preview.held == {}


def test_after_the_main_runs_approval_its_own_file_is_held_in_the_preview_and_the_import(approved_ctx):
    file = resource_path("demo", "icp_oes_run.csv")
    preview = preview_import(approved_ctx, file)
    tech = authenticate(approved_ctx, TECH.username, TECH.password)
    stored = import_run(approved_ctx, file, "ICP-OES again", tech, allow_duplicate=True)
    assert preview.matched == dict(stored.matched) == {}
    assert preview.held and sorted(preview.held) == sorted(stored.held)
