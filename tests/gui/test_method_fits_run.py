"""A method named by the user must fit the run (issue 22 review): a method of another technique, or one
of whose lines the run read none, is refused in one line before anything is stored; the Runs page's
Method list offers only the methods of the chosen run's technique."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import TECH, registered_only

from labapp.core.errors import LabappError
from labapp.gui.method_box import MethodBox
from labapp.resources import resource_path
from labapp.services.administration.users import authenticate
from labapp.services.calculation.calculate import calculate_run
from labapp.services.context import ServiceContext
from labapp.services.importing.run_import import import_run
from labapp.services.workflow.review import list_runs

RUNS = (
    ("ICP main", "icp_oes_run.csv"),
    ("XRF pellets", "xrf_pellets.csv"),
    ("ICP trace", "icp_trace_run.csv"),
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    path = registered_only(tmp_path_factory.mktemp("method-fits") / "registered.sqlite")
    with ServiceContext(str(path)) as ctx:
        tech = authenticate(ctx, TECH.username, TECH.password)
        for name, file in RUNS:
            import_run(ctx, resource_path("demo", file), name, tech)
    return path


@pytest.fixture
def ctx(imported, tmp_path):
    path = tmp_path / "copy.sqlite"
    shutil.copyfile(imported, path)
    with ServiceContext(str(path)) as context:
        yield context


def _results(ctx) -> list:
    return [r for r in list_runs(ctx) if r.state.value != "imported"]


def test_a_method_of_another_technique_is_refused(ctx):
    tech = authenticate(ctx, TECH.username, TECH.password)
    with pytest.raises(LabappError) as error:
        calculate_run(ctx, "XRF pellets", tech, method_id="icp-oes-black-mass")
    message = str(error.value)
    assert message == (
        "run 'XRF pellets' (XRF): method 'icp-oes-black-mass' is for ICP-OES runs; "
        "choose a method of the run's technique"
    )
    assert _results(ctx) == []  # nothing calculated, nothing stored


@pytest.mark.parametrize(
    ("run", "method", "lines"),
    [
        ("ICP trace", "icp-oes-black-mass", "Ni 231.604, Ni 221.648, Co 228.615 and"),
        ("ICP main", "icp-oes-trace", "Pb 220.353, Pb 217.000, Cd 228.802 and"),
    ],
)
def test_a_method_none_of_whose_lines_the_run_read_is_refused(ctx, run, method, lines):
    tech = authenticate(ctx, TECH.username, TECH.password)
    with pytest.raises(LabappError) as error:
        calculate_run(ctx, run, tech, method_id=method)
    message = str(error.value)
    assert message.startswith(f"run {run!r} read none of the lines of method {method!r} ({lines}")
    assert "blank" not in message and "\n" not in message
    assert _results(ctx) == []


def test_the_method_that_fits_is_still_taken_when_named(ctx):
    tech = authenticate(ctx, TECH.username, TECH.password)
    summary = calculate_run(ctx, "ICP trace", tech, method_id="icp-oes-trace")
    assert summary.method_id == "icp-oes-trace"


def test_the_method_list_offers_the_runs_technique_only(ctx, qapp):
    techniques = {r.name: r.technique for r in list_runs(ctx)}
    assert techniques == {"ICP main": "ICP-OES", "XRF pellets": "XRF", "ICP trace": "ICP-OES"}
    box = MethodBox()
    box.show_technique(techniques["XRF pellets"])
    assert [box.itemData(i) for i in range(box.count())] == [None, "xrf-black-mass"]
    box.show_technique(techniques["ICP trace"])
    assert [box.itemData(i) for i in range(box.count())] == [None, "icp-oes-black-mass", "icp-oes-trace"]
    box.setCurrentIndex(2)
    box.show_technique("ICP-OES")  # the same technique again keeps the choice
    assert box.chosen() == "icp-oes-trace"
    box.show_technique("XRF")  # a choice of another technique is not carried over
    assert box.chosen() is None
