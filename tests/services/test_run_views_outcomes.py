"""The results grid's colours from the lot's stored grading (run_views.results_frame).

Issue 16: the view tested for "inconclusive" / "conditional", words the core never writes, so no
conditional row was highlighted, and a conditional fail ranked as a pass. The outcome is now read
back into `Outcome` and ranked by its severity, whatever the order of the criteria.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from labapp.core.vocabulary import ElementStatus, Outcome
from labapp.services.calculation import run_views
from labapp.services.calculation.results import ResultRecord


def _grading(grade: str | None, tiers: dict[str, list[tuple[str, Outcome]]]) -> SimpleNamespace:
    return SimpleNamespace(
        grade=grade,
        result={
            "tiers": [
                {"grade": g, "criteria": [{"quantity": q, "outcome": o} for q, o in criteria]}
                for g, criteria in tiers.items()
            ]
        },
    )


GRADINGS = {
    # off-spec: the last tier tried decides the colours; Fe's min passed, its max failed conditionally
    "OFF": _grading(
        None,
        {
            "B": [("Fe", Outcome.FAIL)],
            "C": [
                ("Fe", Outcome.CONDITIONAL_FAIL),
                ("Fe", Outcome.PASS),
                ("Cu", Outcome.FAIL),
                ("Ni+Co", Outcome.CONDITIONAL_PASS),
                ("Mn", Outcome.PASS),
                ("P", Outcome.NOT_ASSESSED),
            ],
        },
    ),
    # grade B reached conditionally: only B's criteria count, not the failed A
    "CONDB": _grading(
        "B",
        {"A": [("Li", Outcome.FAIL)], "B": [("Li", Outcome.PASS), ("moisture", Outcome.CONDITIONAL_PASS)]},
    ),
}


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_views, "current_grading", lambda ctx, code: GRADINGS.get(code))


def test_the_worst_outcome_per_analyte_counts_and_a_conditional_fail_is_not_a_pass(stored: None) -> None:
    found = run_views._grading_outcomes(None, ["OFF", "CONDB", "NONE"])
    assert found[("OFF", "Fe")] is Outcome.CONDITIONAL_FAIL  # pass listed after it does not hide it
    assert found[("OFF", "Cu")] is Outcome.FAIL
    assert (
        found[("OFF", "Ni")] is found[("OFF", "Co")] is Outcome.CONDITIONAL_PASS
    )  # a sum counts for its terms
    assert found[("OFF", "Mn")] is Outcome.PASS and found[("OFF", "P")] is Outcome.NOT_ASSESSED
    assert found[("CONDB", "Li")] is Outcome.PASS and found[("CONDB", "moisture")] is Outcome.CONDITIONAL_PASS
    assert not any(code == "NONE" for code, _ in found)


def _record(
    i: int, lot: str, element: str, qc_state: ElementStatus | None = ElementStatus.OK
) -> ResultRecord:
    return ResultRecord(
        lot,
        None,
        element,
        None,
        1.0,
        "1.0",
        "wt%",
        "dry",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        qc_state,
        i,
    )


def test_results_frame_colours_conditional_and_failed_rows(
    stored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        _record(1, "OFF", "Fe"),
        _record(2, "OFF", "Cu"),
        _record(3, "OFF", "Ni"),
        _record(4, "OFF", "Mn"),
        _record(5, "CONDB", "moisture"),
        _record(6, "CONDB", "Li", ElementStatus.FLAGGED),
        _record(7, "CONDB", "Zn", None),
    ]
    monkeypatch.setattr(run_views, "run_results", lambda ctx, run, reportable_only: records)
    frame = run_views.results_frame(None, 1).set_index("result_id")
    assert frame["conditional"].to_dict() == {
        1: True,
        2: False,
        3: True,
        4: False,
        5: True,
        6: False,
        7: False,
    }
    assert frame["out_of_spec"].to_dict() == {
        1: False,
        2: True,
        3: False,
        4: False,
        5: False,
        6: False,
        7: False,
    }
    assert frame["qc_affected"].to_dict() == {
        1: False,
        2: False,
        3: False,
        4: False,
        5: False,
        6: True,
        7: False,
    }
    assert frame.loc[1, "grading_outcome"] is Outcome.CONDITIONAL_FAIL
