"""Which method calculates a run, now that two ICP-OES methods ship (black mass and trace elements).

A run calculated with the wrong method gives plausible wrong numbers, so the choice must never be a
guess: the run's lines decide, two fitting methods are refused in one line naming the run and the
candidates, and a method named by the user wins (labapp.services.calculation.method_choice).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from labapp.core.errors import LabappError
from labapp.importers import read_export
from labapp.services.administration.methods import load_methods
from labapp.services.calculation.method_choice import choose_method

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture(scope="module")
def methods():
    return load_methods()


@pytest.fixture(scope="module")
def main_run() -> pd.DataFrame:
    return read_export(DEMO / "icp_oes_run.csv").frame


@pytest.fixture(scope="module")
def trace_run() -> pd.DataFrame:
    return read_export(DEMO / "icp_trace_run.csv").frame


def test_two_icp_methods_ship(methods):
    icp = sorted(m.id for m in methods.values() if m.technique == "icp-oes")
    assert icp == ["icp-oes-black-mass", "icp-oes-trace"]


def test_the_runs_lines_decide(methods, main_run, trace_run):
    assert choose_method("main", "ICP-OES", main_run, methods).id == "icp-oes-black-mass"
    assert choose_method("trace", "ICP-OES", trace_run, methods).id == "icp-oes-trace"


def test_a_run_reading_the_lines_of_both_methods_is_refused(methods, main_run, trace_run):
    both = pd.concat([main_run, trace_run], ignore_index=True)
    with pytest.raises(LabappError) as error:
        choose_method("ICP 2026-03-20", "ICP-OES", both, methods)
    message = str(error.value)
    assert "\n" not in message and "'ICP 2026-03-20'" in message
    assert "icp-oes-black-mass" in message and "icp-oes-trace" in message
    assert message.endswith("choose the calculation method for this run") and "--method" not in message
    assert "Pb 220.353" in message  # it says which lines made the trace method fit


def test_a_run_with_no_line_of_either_method_is_refused(methods, trace_run):
    other = trace_run.assign(element="Ba", line="455.403")
    with pytest.raises(LabappError, match=r"run 'odd': none of its lines is a line of icp-oes-black-mass"):
        choose_method("odd", "ICP-OES", other, methods)


def test_a_named_method_wins_over_the_lines_and_the_earlier_choice(methods, main_run, trace_run):
    both = pd.concat([main_run, trace_run], ignore_index=True)
    named = choose_method("both", "ICP-OES", both, methods, "icp-oes-black-mass", "icp-oes-trace")
    assert named.id == "icp-oes-black-mass"
    with pytest.raises(LabappError, match="read none of the lines of method 'icp-oes-black-mass'"):
        choose_method("trace", "ICP-OES", trace_run, methods, "icp-oes-black-mass", "icp-oes-trace")
    with pytest.raises(LabappError, match=r"\(ICP-OES\): method 'xrf-black-mass' is for XRF runs"):
        choose_method("trace", "ICP-OES", trace_run, methods, "xrf-black-mass")
    with pytest.raises(LabappError, match="no method 'icp-nope'"):
        choose_method("trace", "ICP-OES", trace_run, methods, "icp-nope")


def test_the_runs_earlier_choice_is_kept(methods, main_run, trace_run):
    """A run once calculated with a named method keeps it for plots and recalculations."""
    both = pd.concat([main_run, trace_run], ignore_index=True)
    assert choose_method("x", "ICP-OES", both, methods, previous="icp-oes-trace").id == "icp-oes-trace"
    # an earlier method of another technique (or no longer loaded) is not taken
    assert choose_method("x", "ICP-OES", trace_run, methods, previous="xrf-black-mass").id == "icp-oes-trace"


def test_one_method_of_the_technique_is_taken_whatever_the_lines(methods, trace_run):
    xrf_only = {"xrf-black-mass": methods["xrf-black-mass"]}
    assert choose_method("x", "XRF", trace_run, xrf_only).id == "xrf-black-mass"
    with pytest.raises(LabappError, match="no method of that technique"):
        choose_method("x", "ICP-OES", trace_run, xrf_only)


def test_the_refusal_names_each_front_ends_way_to_choose(methods, main_run, trace_run, qapp):
    """The command line adds its option, the desktop the Method list (never a command to type there)."""
    from labapp.cli.remedy_hints import command_hint
    from labapp.gui.error_text import error_text
    from labapp.gui.method_box import MethodBox

    both = pd.concat([main_run, trace_run], ignore_index=True)
    with pytest.raises(LabappError) as error:
        choose_method("ICP 2026-03-20", "ICP-OES", both, methods)
    assert command_hint(error.value) == ' (run: labapp calculate "ICP 2026-03-20" --method ID)'
    shown = error_text(error.value)
    assert "the Method list beside Calculate on the Runs page" in shown and "--method" not in shown
    box = MethodBox()
    assert box.chosen() is None  # by default the run's lines choose
    ids = [box.itemData(i) for i in range(1, box.count())]
    assert {"icp-oes-black-mass", "icp-oes-trace", "xrf-black-mass"} <= set(ids)
    box.setCurrentIndex(ids.index("icp-oes-trace") + 1)
    assert box.chosen() == "icp-oes-trace"
