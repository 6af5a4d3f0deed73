"""Validation of criteria sets from a parsed dict: every problem found, each located and worded clearly."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from labapp.core.criteria import CriteriaError, criteria_set_from_dict

BASE: dict[str, Any] = {
    "schema": 1, "kind": "grading", "id": "lab-set", "version": "1.0", "title": "Lab set",
    "status": "provisional",
    "effective": "2026-01-01", "basis": "dry", "families": ["NCM"],
    "decision_rule": {"kind": "non-binary", "guard_band": 1.0},
    "sources": {"S": "a published table", "J": {"text": "our judgement", "judgement": True}},
    "tiers": [
        {"id": "A", "grade": "A", "families": ["NCM"], "limits": [
            {"quantity": "Ni+Co", "min": 35, "source": "S"},
            {"quantity": "Cu", "max": 1.0, "source": "J", "provisional": True},
        ]},
        {"id": "B", "grade": "B", "families": ["NCM"], "limits": [
            {"quantity": "Ni+Co", "min": 25, "source": "S"},
            {"quantity": "Cu", "max": 2.0, "source": "S"},
        ]},
    ],
}


def problems_of(mutate: Any) -> list[str]:
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(CriteriaError) as info:
        criteria_set_from_dict(data)
    return info.value.problems


def test_base_is_valid_and_limits_are_single_sided() -> None:
    cs = criteria_set_from_dict(copy.deepcopy(BASE))
    assert [lim.key for lim in cs.tiers[0].limits] == ["Ni+Co min", "Cu max"]
    assert cs.tiers_for("NCM")[0].id == "A" and cs.warnings == ()


def test_unknown_analyte() -> None:
    def bad(d: dict) -> None:
        d["tiers"][0]["limits"][1]["quantity"] = "Cx"
    [msg] = problems_of(bad)
    assert msg.startswith("tiers[1] A.limits[2]: unknown analyte 'Cx'")


def test_unknown_analyte_in_a_sum() -> None:
    def bad(d: dict) -> None:
        d["tiers"][0]["limits"][0]["quantity"] = "Ni+Kobalt"
    assert "unknown analyte 'Kobalt' in 'Ni+Kobalt'" in problems_of(bad)[0]


def test_min_above_max_in_one_entry_and_across_entries() -> None:
    def bad(d: dict) -> None:
        d["tiers"][1]["limits"][1] = {"quantity": "Cu", "min": 3.0, "max": 2.0, "source": "S"}
    assert problems_of(bad) == ["tiers[2] B.limits: Cu: min 3 is above max 2"]


def test_min_above_max_compares_in_one_unit() -> None:
    def bad(d: dict) -> None:
        d["tiers"][1]["limits"].append({"quantity": "Pb", "max": 100, "unit": "mg/kg", "source": "S"})
        d["tiers"][1]["limits"].append({"quantity": "Pb", "min": 0.02, "source": "S"})  # 200 mg/kg
    assert problems_of(bad) == ["tiers[2] B.limits: Pb: min 0.02 is above max 0.01"]


def test_overlapping_tiers_a_lower_tier_that_can_never_be_awarded() -> None:
    def bad(d: dict) -> None:  # B stricter than A on every limit of A: B implies A
        d["tiers"][1]["limits"][0]["min"] = 40
        d["tiers"][1]["limits"][1]["max"] = 0.5
    [msg] = problems_of(bad)
    assert "tiers B: overlaps the higher tier A for NCM" in msg and "could never be awarded" in msg


def test_non_nested_tiers_are_a_warning_not_an_error() -> None:
    data = copy.deepcopy(BASE)
    data["tiers"][0]["limits"].append({"quantity": "Mn", "max": 18, "source": "S"})
    data["tiers"][1]["limits"].append({"quantity": "Mn", "max": 15, "source": "S"})
    cs = criteria_set_from_dict(data)
    assert cs.warnings == (
        "tier A Mn max 18 is looser than the lower tier B (15); tiers are not nested on Mn",)


def test_duplicate_limit_and_duplicate_tier() -> None:
    def bad(d: dict) -> None:
        d["tiers"][0]["limits"].append({"quantity": "Cu", "max": 0.9, "source": "S"})
        d["tiers"][1]["id"] = "A"
    found = problems_of(bad)
    assert "tiers[1] A.limits: the maximum of Cu is given twice" in found
    assert "tiers: tier id 'A' is used twice" in found


def test_judgement_numbers_must_be_provisional_and_approved_sets_have_none() -> None:
    def unmarked(d: dict) -> None:
        d["tiers"][0]["limits"][1]["provisional"] = False
    assert problems_of(unmarked) == [
        "Cu max: cites the judgement source 'J' and must be marked provisional = true"]

    def approved(d: dict) -> None:
        d["status"] = "approved"
    assert problems_of(approved) == ["Cu max: an approved set cannot contain a provisional limit"]


def test_every_limit_needs_a_known_source() -> None:
    def bad(d: dict) -> None:
        del d["tiers"][1]["limits"][0]["source"]
        d["tiers"][1]["limits"][1]["source"] = "nowhere"
    found = problems_of(bad)
    assert "tiers[2] B.limits[1] Ni+Co: every limit needs a source" in found
    assert "tiers[2] B.limits[2] Cu: source 'nowhere' is not a key of [sources]" in found


def test_all_problems_are_reported_at_once() -> None:
    def bad(d: dict) -> None:
        d["status"] = "draft"
        d["effective"] = "next week"
        d["families"] = ["NCM", "NiMH"]
        d["decision_rule"] = {"kind": "strict"}
        d["colour"] = "blue"
        d["tiers"][0]["limits"][0]["min"] = -1
    found = problems_of(bad)
    assert len(found) == 6
    assert any(p.startswith("status: 'draft' is not one of provisional, approved") for p in found)
    assert any("'next week' is not a date" in p for p in found)
    assert any("unknown chemistry family 'NiMH'" in p for p in found)
    assert any("unknown decision rule 'strict'" in p for p in found)
    assert any(p.startswith("colour: unknown key 'colour'") for p in found)
    assert any("min must be a non-negative number, not -1" in p for p in found)


def test_the_error_message_is_one_line_naming_the_set() -> None:
    def bad(d: dict) -> None:
        d["tiers"][0]["limits"][1]["quantity"] = "Cx"
        d["tiers"][1]["limits"][1]["quantity"] = "Cy"
    data = copy.deepcopy(BASE)
    bad(data)
    with pytest.raises(CriteriaError) as info:
        criteria_set_from_dict(data)
    assert str(info.value).startswith(
        "criteria set lab-set version 1.0: tiers[1] A.limits[2]: unknown analyte")
    assert str(info.value).endswith("(and 1 more)") and "\n" not in str(info.value)


def test_family_without_tiers_and_unit_of_another_kind() -> None:
    def bad(d: dict) -> None:
        d["families"] = ["NCM", "LFP"]
        d["tiers"][1]["limits"][1]["unit"] = "mm"
    found = problems_of(bad)
    assert "families: no tier grades family 'LFP'" in found
    assert any("unit 'mm' does not suit Cu" in p for p in found)


def test_simple_rule_has_no_guard_band() -> None:
    def bad(d: dict) -> None:
        d["decision_rule"] = {"kind": "simple", "guard_band": 1.0}
    assert problems_of(bad) == ["decision_rule: simple acceptance has no guard band (guard_band = 0)"]


def test_screen_needs_sections_or_a_classification() -> None:
    def bad(d: dict) -> None:
        d["kind"] = "screen"
    found = problems_of(bad)
    assert "tiers: a screen has sections or a classification, not grade tiers" in found
    assert "a screen needs [[sections]] with limits or a [classification]" in found


def test_required_analytes_default_to_every_limited_analyte_plus_moisture() -> None:
    cs = criteria_set_from_dict(copy.deepcopy(BASE))
    assert cs.required_analytes == ("Ni", "Co", "Cu", "moisture")
    assert not any(lim.optional for t in cs.tiers for lim in t.limits)
    data = copy.deepcopy(BASE)
    data["required_analytes"] = ["Ni", "Co"]
    cs = criteria_set_from_dict(data)
    assert cs.required_analytes == ("Ni", "Co", "moisture")
    assert [lim.optional for lim in cs.tiers[0].limits] == [False, True]  # Cu is assessed when reported
