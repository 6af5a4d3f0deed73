"""The shipped criteria files against the tables they transcribe (shared/domain/black-mass.md).

The expected numbers are typed in from the domain tables, with [J] (engineering judgement) marked,
so a typo in a TOML file or a judgement number not marked provisional fails here.
"""

from __future__ import annotations

import tomllib

import pytest

from labapp.core.criteria import CriteriaSet, criteria_set_from_dict
from labapp.resources import resource_path


def shipped(name: str) -> CriteriaSet:
    return criteria_set_from_dict(tomllib.loads(resource_path("criteria", name).read_text(encoding="utf-8")))


JPEU = shipped("jp-eu-black-mass-provisional.toml")
CPCIF = shipped("t-cpcif-0169-2021.toml")

# (tier, quantity, side, value, judgement) from "Proposed default criteria set", black-mass.md.
JPEU_TABLE = [
    ("NCM-A", "Ni+Co", "min", 35, False), ("NCM-A", "Li", "min", 5.0, False),
    ("NCM-A", "Cu", "max", 1.0, True),
    ("NCM-A", "Al", "max", 1.0, False), ("NCM-A", "Fe", "max", 0.5, False), ("NCM-A", "P", "max", 0.8, False),
    ("NCM-A", "F_ws", "max", 0.4, False), ("NCM-A", "F", "max", 3, True),
    ("NCM-A", "moisture", "max", 3, True),
    ("NCM-A", "Pb", "max", 0.005, False), ("NCM-A", "Cd", "max", 0.005, False),
    ("NCM-A", "Cr", "max", 0.005, False),
    ("NCM-B", "Ni+Co", "min", 25, False), ("NCM-B", "Li", "min", 3.5, False),
    ("NCM-B", "Cu", "max", 2, False),
    ("NCM-B", "Al", "max", 2, False), ("NCM-B", "Fe", "max", 1, False), ("NCM-B", "P", "max", 0.8, False),
    ("NCM-B", "F_ws", "max", 0.4, False), ("NCM-B", "F", "max", 5, False),
    ("NCM-B", "moisture", "max", 5, False),
    ("NCM-B", "Pb", "max", 0.02, False), ("NCM-B", "Cr", "max", 0.01, False),
    ("NCM-C", "Ni+Co", "min", 16, False), ("NCM-C", "Li", "min", 3.0, False),
    ("NCM-C", "Cu", "max", 3, False),
    ("NCM-C", "Al", "max", 4, False), ("NCM-C", "Fe", "max", 2, False), ("NCM-C", "F_ws", "max", 1.0, True),
    ("NCM-C", "F", "max", 8, True), ("NCM-C", "moisture", "max", 10, True),
    ("NCM-C", "Cd", "max", 0.02, False),
    ("LCO-A", "Co", "min", 30, True), ("LCO-A", "Li", "min", 4, True), ("LCO-B", "Co", "min", 20, True),
    ("LCO-B", "Li", "min", 3, True), ("LCO-C", "Co", "min", 12, True), ("LCO-C", "Li", "min", 2, True),
    ("LFP-A", "Li", "min", 3.0, False), ("LFP-A", "Fe", "min", 27, False), ("LFP-A", "P", "min", 15, False),
    ("LFP-A", "Cu", "max", 0.1, False), ("LFP-A", "Al", "max", 0.3, False),
    ("LFP-A", "F_ws", "max", 0.1, False),
    ("LFP-A", "F", "max", 2, True), ("LFP-A", "moisture", "max", 3, True),
    ("LFP-A", "Pb", "max", 0.005, False),
    ("LFP-B", "Li", "min", 2.0, False), ("LFP-B", "Fe", "min", 18, False), ("LFP-B", "P", "min", 10, False),
    ("LFP-B", "Cu", "max", 2.0, False), ("LFP-B", "Al", "max", 3.8, False), ("LFP-B", "F", "max", 4, True),
    ("LFP-B", "moisture", "max", 5, True),
    ("LFP-C", "Li", "min", 1.5, True), ("LFP-C", "Cu", "max", 3, True), ("LFP-C", "Al", "max", 5, True),
    ("LFP-C", "F_ws", "max", 0.5, True), ("LFP-C", "F", "max", 6, True),
    ("LFP-C", "moisture", "max", 10, True),
    ("LFP-C", "Pb", "max", 0.02, True),
    ("LMO-A", "Mn", "min", 35, False), ("LMO-A", "Li", "min", 4, False), ("LMO-A", "Cu", "max", 1.0, False),
    ("LMO-A", "Al", "max", 1.5, False), ("LMO-A", "Fe", "max", 0.1, False),
    ("LMO-A", "F_ws", "max", 0.4, True),
    ("LMO-B", "Mn", "min", 25, True), ("LMO-B", "Li", "min", 3, True), ("LMO-B", "Al", "max", 2, False),
    ("LMO-C", "Mn", "min", 15, True), ("LMO-C", "Fe", "max", 2, True),
    ("LMO-C", "moisture", "max", 5, False),
]

# (class, quantity, side, value) from the T/CPCIF 0169-2021 table, black-mass.md.
CPCIF_TABLE = [
    ("I-1", "Ni+Co", "min", 35), ("I-1", "Mn", "max", 18), ("I-1", "Li", "min", 5.0),
    ("I-1", "Cu", "max", 2.0),
    ("I-1", "Fe", "max", 0.5), ("I-1", "Al", "max", 1.0), ("I-1", "F", "max", 0.1),
    ("I-1", "Pb", "max", 0.005),
    ("I-1", "Cr", "max", 0.005),
    ("I-2", "Ni+Co", "min", 16), ("I-2", "Mn", "max", 15), ("I-2", "Li", "min", 3.0),
    ("I-2", "Cu", "max", 3.0),
    ("I-2", "Fe", "max", 2.0), ("I-2", "Al", "max", 4.0), ("I-2", "F", "max", 0.5),
    ("I-2", "Cd", "max", 0.02),
    ("I-2", "Cr", "max", 0.01),
    ("II", "Mn", "min", 35), ("II", "Li", "min", 4.0), ("II", "Cu", "max", 1.0), ("II", "Fe", "max", 0.1),
    ("II", "Al", "max", 1.5), ("II", "F", "max", 0.1),
    ("III-1", "Ni+Co", "max", 0.02), ("III-1", "Mn", "max", 0.1), ("III-1", "Li", "min", 3.0),
    ("III-1", "Cu", "max", 0.1), ("III-1", "Fe", "min", 27), ("III-1", "Al", "max", 0.3),
    ("III-1", "P", "min", 15),
    ("III-2", "Li", "min", 2.0), ("III-2", "Cu", "max", 2.0), ("III-2", "Fe", "min", 17),
    ("III-2", "Al", "max", 3.8),
    ("III-2", "P", "min", 10), ("III-2", "Pb", "max", 0.005),
]


def limit_of(cs: CriteriaSet, tier: str, quantity: str, side: str):  # noqa: ANN201 - test helper
    [t] = [t for t in cs.tiers if t.id == tier]
    [lim] = [lim for lim in t.limits if lim.quantity.label == quantity and lim.side == side]
    return lim


@pytest.mark.parametrize(("tier", "quantity", "side", "value", "judgement"), JPEU_TABLE)
def test_default_set_transcribes_the_proposed_table(
    tier: str, quantity: str, side: str, value: float, judgement: bool
) -> None:
    lim = limit_of(JPEU, tier, quantity, side)
    assert (lim.value, lim.unit) == (value, "wt%")
    assert lim.provisional is judgement
    assert (JPEU.sources[lim.source].judgement) is judgement


@pytest.mark.parametrize(("tier", "quantity", "side", "value"), CPCIF_TABLE)
def test_cpcif_set_transcribes_the_standard(tier: str, quantity: str, side: str, value: float) -> None:
    lim = limit_of(CPCIF, tier, quantity, side)
    assert lim.value == value and not lim.provisional


def test_default_set_metadata() -> None:
    assert (JPEU.title, JPEU.status, JPEU.basis) == ("JP-EU black mass, provisional", "provisional", "dry")
    assert JPEU.decision_rule.kind == "non-binary" and JPEU.decision_rule.guard_factor == 1.0
    # Mixed is graded with the NCM rules capped at B.
    assert [t.id for t in JPEU.tiers_for("Mixed")] == ["NCM-B", "NCM-C"]
    assert "moisture" in JPEU.required_analytes


def test_every_judgement_number_is_provisional_and_every_limit_has_a_source() -> None:
    for cs in (JPEU, CPCIF):
        for tier in cs.tiers:
            for lim in tier.limits:
                assert lim.source in cs.sources
                if cs.sources[lim.source].judgement:
                    assert lim.provisional, f"{tier.id} {lim.key} is judgement but not provisional"
    assert not any(lim.provisional for t in CPCIF.tiers for lim in t.limits)
    assert sum(lim.provisional for t in JPEU.tiers for lim in t.limits) >= 30


@pytest.mark.parametrize("name", ["cn-import-black-mass-2025.toml", "eu-low-19-14-02.toml"])
def test_screens_are_screens(name: str) -> None:
    cs = shipped(name)
    assert cs.kind == "screen" and cs.tiers == ()


def test_china_screen_sections() -> None:
    cn = shipped("cn-import-black-mass-2025.toml")
    ternary = {lim.key: lim.value for lim in cn.sections_for("NCM")[0].limits}
    lfp = {lim.key: lim.value for lim in cn.sections_for("LFP")[0].limits}
    assert ternary == {"Ni+Co min": 25, "Li min": 3.5, "P max": 0.8, "F_ws max": 0.4}
    assert lfp == {"Li min": 2, "P min": 10, "Fe min": 18, "F_ws max": 0.1}
    assert str(cn.effective) == "2025-08-01" and cn.sections_for("LMO") == ()


def test_eu_screen_is_a_hazardous_classification_from_9_november_2026() -> None:
    eu = shipped("eu-low-19-14-02.toml")
    assert eu.classification is not None
    assert (eu.classification.code, eu.classification.hazardous) == ("19 14 02*", True)
    assert str(eu.effective) == "2026-11-09"
