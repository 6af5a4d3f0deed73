"""Screens and grades state exactly what they tested (issue 23): "conforms to the tested limits of
...; not assessed: ..." in English and Japanese, from the set's typed `not_assessed` list; and the
Fastmarkets price specifications grade a lot (their indicator symbol) or off-spec on their published
limits."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from labapp.core.criteria import CriteriaError, criteria_set_from_dict
from labapp.core.grading import GradingStatus, grade_lot
from labapp.core.lot_assay import AnalyteResult, LotAssay
from labapp.core.vocabulary import UntestedRequirement
from labapp.services.grading.criteria_catalog import load_set

TODAY = dt.date(2026, 11, 22)
NCM = dict(Ni=20.0, Co=7.0, Mn=5.0, Li=4.0, Cu=0.8, Al=0.9, Fe=0.4, P=0.2, F_ws=0.15, F=1.8, moisture=2.0)


def lot(**values: float | None) -> LotAssay:
    return LotAssay.of(
        "L",
        [AnalyteResult(k, v, 0.03 * v) for k, v in values.items() if v is not None],
        net_dry_mass_kg=20_000.0,
    )


def test_china_screen_says_what_it_tested_and_what_it_did_not() -> None:
    g = grade_lot(
        load_set("jp-eu-black-mass"),
        lot(**NCM),
        screens=[load_set("cn-import-black-mass-2025")],
        on_date=TODAY,
    )
    screen = g.screens[0]
    assert screen.outcome == "meets"
    en, ja = screen.statement["en"], screen.statement["ja"]
    assert en.startswith("The composition conforms to the tested limits of the China import criteria")
    assert en.endswith(
        "; not assessed: limits whose published values were not found (not encoded) "
        "(Zn, Pb, Cd), main-element molar ratio, appearance, particle size, impurity "
        "elements other than those tested, packing and loading (no bulk or mixed loading)."
    )
    assert (
        "のうち試験した限度に適合する。未評価：公表値を確認できず収録していない限度（Zn、Pb、Cd）、主要元素のモル比、外観"
        in ja
    )
    assert screen.not_assessed[1] == "main-element molar ratio" and screen.not_assessed_ja[2] == "外観"
    # the JSON twin and the stored grading carry the same words
    data = json.loads(json.dumps(g.to_dict()))["screens"][0]
    assert data["statement"]["en"] == en and data["not_assessed"] == list(screen.not_assessed)


def test_a_failing_screen_still_names_what_it_did_not_test() -> None:
    g = grade_lot(
        load_set("jp-eu-black-mass"),
        lot(**{**NCM, "Ni": 15.0, "Co": 6.0}),
        screens=[load_set("cn-import-black-mass-2025")],
        on_date=TODAY,
    )
    screen = g.screens[0]
    assert screen.outcome == "does not meet"
    assert screen.statement["en"].startswith("The composition does not meet the China import criteria")
    assert "not assessed: limits whose published values were not found" in screen.statement["en"]


def test_an_optional_limit_not_reported_is_named_after_the_declared_items() -> None:
    data = {
        "schema": 1,
        "kind": "screen",
        "id": "s",
        "version": "1",
        "title": "S",
        "status": "approved",
        "effective": "2025-01-01",
        "families": ["NCM"],
        "decision_rule": {"kind": "simple"},
        "sources": {"X": "x"},
        "required_analytes": ["Ni", "Co"],
        "not_assessed": [{"requirement": "appearance"}],
        "sections": [
            {
                "id": "a",
                "title": "a",
                "families": ["NCM"],
                "limits": [
                    {"quantity": "Ni+Co", "min": 20, "source": "X"},
                    {"quantity": "Zn", "max": 0.1, "source": "X"},
                ],
                "statement_meets": {"en": "Conforms to the tested limits of S.", "ja": "Sに適合。"},
                "statement_fails": {"en": "Fails S.", "ja": "S不適合。"},
            }
        ],
    }
    screen = grade_lot(
        load_set("jp-eu-black-mass"), lot(**NCM), screens=[criteria_set_from_dict(data)], on_date=TODAY
    ).screens[0]
    assert screen.statement == {
        "en": "Conforms to the tested limits of S; not assessed: appearance, Zn (not reported).",
        "ja": "Sに適合。未評価：外観、Zn（報告なし）。",
    }


def test_a_grade_against_a_set_with_untested_requirements_says_so() -> None:
    g = grade_lot(load_set("fastmarkets-bm-cif-korea"), lot(**NCM), on_date=TODAY)
    assert (g.status, g.grade) == (GradingStatus.GRADED, "MB-BMS-0001")
    note = next(n for n in g.notes if n.startswith("the grade covers the tested limits"))
    assert "not assessed: limits whose published values were not found (not encoded) (Ni, Co, Ni+Co)" in note
    assert any("未評価：公表値を確認できず収録していない限度（Ni、Co、Ni+Co）" in n for n in g.notes_ja)


@pytest.mark.parametrize(
    ("set_id", "changes", "status"),
    [
        ("fastmarkets-bm-cif-korea", {}, GradingStatus.GRADED),
        ("fastmarkets-bm-cif-korea", {"Li": 6.0}, GradingStatus.OFF_SPEC),  # above the Li 3-5 range
        ("fastmarkets-bm-exw-europe", {}, GradingStatus.GRADED),
        (
            "fastmarkets-bm-exw-europe",
            {"Ni": 12.0, "Co": 7.0},
            GradingStatus.OFF_SPEC,
        ),  # Ni < 15, Ni+Co 19 < 20
        ("fastmarkets-bm-exw-usa", {}, GradingStatus.GRADED),
        ("fastmarkets-bm-exw-usa", {"Fe": 1.3}, GradingStatus.OFF_SPEC),  # Fe > 1
        ("fastmarkets-bm-exw-usa", {"moisture": 6.0}, GradingStatus.OFF_SPEC),  # moisture > 5
    ],
)
def test_fastmarkets_specifications(set_id: str, changes: dict[str, float], status: GradingStatus) -> None:
    g = grade_lot(load_set(set_id), lot(**{**NCM, **changes}), on_date=TODAY)
    assert g.status == status


def test_payables_are_data_for_settlement() -> None:
    korea = load_set("fastmarkets-bm-cif-korea")
    assert [(p.element, p.indicator) for p in korea.payables] == [
        ("Ni", "MB-BMS-0001"),
        ("Co", "MB-BMS-0002"),
        ("Li", "MB-BMS-0003"),
    ]
    assert [p.element for p in load_set("fastmarkets-bm-exw-europe").payables] == ["Ni", "Co"]


def test_an_unknown_untested_requirement_is_one_clear_problem() -> None:
    data = {
        "schema": 1,
        "kind": "screen",
        "id": "s",
        "version": "1",
        "title": "S",
        "status": "approved",
        "effective": "2025-01-01",
        "families": ["NCM"],
        "decision_rule": {"kind": "simple"},
        "sources": {"X": "x"},
        "not_assessed": [{"requirement": "colour"}],
        "classification": {"code": "c", "statement": {"en": "c"}},
    }
    with pytest.raises(CriteriaError) as err:
        criteria_set_from_dict(data)
    assert err.value.problems == [
        "not_assessed[1]: unknown UntestedRequirement 'colour'; use one of "
        + ", ".join(UntestedRequirement.values())
    ]


def test_a_set_without_the_new_keys_keeps_its_identity_hash() -> None:
    """A lab's own set written before `published`, `not_assessed`, `payables` and source `url` existed
    hashes as before, so the store's freeze rule does not refuse it after an upgrade."""
    from labapp.core.criteria_identity import canonical_content

    data = {
        "schema": 1,
        "kind": "screen",
        "id": "s",
        "version": "1",
        "title": "S",
        "status": "approved",
        "effective": "2025-01-01",
        "families": ["NCM"],
        "decision_rule": {"kind": "simple"},
        "sources": {"X": "x"},
        "classification": {"code": "c", "statement": {"en": "c"}},
    }
    assert not {"published", "not_assessed", "payables", "source_urls"} & set(
        canonical_content(criteria_set_from_dict(data))
    )
    data["not_assessed"] = [{"requirement": "appearance"}]
    assert canonical_content(criteria_set_from_dict(data))["not_assessed"][0]["requirement"] == "appearance"
