"""The desktop's Calculate grades the run's lots against the default set (services.calculation.
calculate_and_grade), but never switches a lot a QA manager graded against another set, and a grading
that fails for any reason leaves the calculation standing with the failure said beside it."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import TECH, registered_only

from labapp.gui.grading_note import grading_note
from labapp.resources import resource_path
from labapp.services.administration.users import authenticate
from labapp.services.calculation import calculate_and_grade as module
from labapp.services.calculation.calculate_and_grade import calculate_and_grade
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import default_set
from labapp.services.grading.grade import current_grading, grade_lots
from labapp.services.importing.run_import import import_run
from labapp.services.vocabulary import RunState
from labapp.services.workflow.review import find_run, lots_of_run

OTHER_SET = "t-cpcif-0169-2021"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return registered_only(tmp_path_factory.mktemp("calc-grade") / "registered.sqlite")


@pytest.fixture
def imported(template, tmp_path):
    path = tmp_path / "lab.sqlite"
    shutil.copyfile(template, path)
    ctx = ServiceContext(str(path))
    tech = authenticate(ctx, TECH.username, TECH.password)
    outcome = import_run(ctx, resource_path("demo", "icp_oes_run.csv"), "today", tech)
    yield ctx, tech, outcome.run_id
    ctx.close()


def _lots(ctx, run_id) -> list[str]:
    with ctx.read_session() as session:
        return sorted(lot.code for lot in lots_of_run(session, find_run(session, run_id)))


def test_a_lot_graded_against_another_set_keeps_it_and_the_rest_get_the_default(qapp, imported) -> None:
    ctx, tech, run_id = imported
    calculate_and_grade(ctx, run_id, tech)
    lots = _lots(ctx, run_id)
    chosen = lots[0]
    grade_lots(ctx, tech, lots=[chosen], criteria=OTHER_SET)  # the QA manager's choice for this lot

    outcome = calculate_and_grade(ctx, run_id, tech)  # a recalculation
    assert outcome.graded_elsewhere == (chosen,)
    assert chosen not in [g.lot_code for g in outcome.gradings]
    assert current_grading(ctx, chosen).criteria.id == OTHER_SET  # not switched to the default
    others = [current_grading(ctx, code) for code in lots[1:]]
    assert all(g is None or g.criteria.id == default_set().id for g in others)
    assert len(outcome.gradings) == len(lots) - 1
    note = grading_note(outcome)
    assert f"Graded against another set before, so not graded now: {chosen};" in note


def test_a_grading_that_fails_leaves_the_calculation_and_is_said(qapp, imported, monkeypatch) -> None:
    ctx, tech, run_id = imported

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(module, "grade_lots", broken)
    outcome = calculate_and_grade(ctx, run_id, tech)
    assert isinstance(outcome.grading_refusal, OSError) and outcome.gradings == ()
    with ctx.read_session() as session:
        assert find_run(session, run_id).state is RunState.CALCULATED  # the calculation stands
    assert grading_note(outcome) == "Lots not graded (disk full); grade them on the Grading page."
