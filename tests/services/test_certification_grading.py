"""The one mapping from a stored grading to the certificate sections (services.certification.sections).

A grading is stored as the JSON of `GradingResult.to_dict()` and read back into the vocabulary's types
(`read_result_json`); the certificate is built from that stored form only.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import tomllib

import pytest

from labapp.certificates.model import ConformityOutcome, ScreenMark
from labapp.core.canonical import canonical_json
from labapp.core.criteria import CriteriaSet, criteria_set_from_dict
from labapp.core.decision_rules import DecisionRule
from labapp.core.grading import GradingResult, grade_lot
from labapp.core.lot_assay import AnalyteResult, LotAssay
from labapp.core.vocabulary import GradingStatus, Outcome, RuleKind, ScreenOutcome
from labapp.resources import resource_path
from labapp.services.certification import sections as graded
from labapp.services.grading.grade import StoredGrading, read_result_json

TODAY = dt.date(2026, 11, 22)


def shipped(name: str) -> CriteriaSet:
    path = resource_path("criteria", name)
    return criteria_set_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), name)


JPEU = shipped("jp-eu-black-mass-provisional.toml")
CN = shipped("cn-import-black-mass-2025.toml")
EU = shipped("eu-low-19-14-02.toml")
# A good calcined NCM black mass (as in tests/core/test_grading_shipped_sets.py)
NCM_A = dict(
    Ni=28.0,
    Co=9.0,
    Mn=5.0,
    Li=5.4,
    Cu=0.5,
    Al=0.6,
    Fe=0.3,
    P=0.2,
    F_ws=0.15,
    F=1.8,
    moisture=2.0,
    Pb="<0.002",
    Cd="<0.002",
    Cr=0.002,
)


def assay(**values: float | str | None) -> LotAssay:
    """A float gets U = 3 % (k = 2); "<x" is a result below LOQ x; None leaves it out."""
    results = []
    for name, v in values.items():
        if isinstance(v, str):
            results.append(AnalyteResult(name, None, censored="<", loq=float(v[1:])))
        elif v is not None:
            results.append(AnalyteResult(name, v, 0.03 * v))
    return LotAssay.of("L", results, net_dry_mass_kg=20_000.0)


def stored(g: GradingResult) -> StoredGrading:
    """The grading as the grading service stores and reads it back (JSON, then the typed words)."""
    result = read_result_json(canonical_json(g.to_dict()).decode("utf-8"))
    return StoredGrading(
        id=1,
        lot_code=g.lot_id,
        criteria=g.criteria_set,
        rule=g.decision_rule,
        status=GradingStatus(g.status.value),
        grade=g.grade,
        tier=g.tier,
        family=g.family.family,
        family_mismatch=bool(g.family.mismatch),
        limiting=g.limiting,
        result=result,
        screens=result["screens"],
        commercial=result["commercial"],
        result_ids=(),
        graded_on=g.graded_on,
        graded_by="tech",
        graded_at=dt.datetime.now(dt.UTC),
        current=True,
    )


def test_stored_grading_reads_back_into_the_types() -> None:
    g = stored(grade_lot(JPEU, assay(**{**NCM_A, "Cu": 0.98}), screens=[CN, EU], on_date=TODAY))
    assert g.status is GradingStatus.CONDITIONAL
    assert g.rule.kind is RuleKind.NON_BINARY
    outcomes = {c["outcome"] for t in g.result["tiers"] for c in t["criteria"]}
    assert all(type(o) is Outcome for o in outcomes) and Outcome.CONDITIONAL_PASS in outcomes
    assert [type(s["outcome"]) for s in g.screens] == [ScreenOutcome, ScreenOutcome]


def test_certificate_sections_follow_the_json_twin_schema() -> None:
    g = stored(grade_lot(JPEU, assay(**{**NCM_A, "Cu": 0.98}), screens=[CN, EU], on_date=TODAY))
    assert graded.criteria(g).id == "jp-eu-black-mass" and graded.criteria(g).version == "0.2"
    rule = graded.decision_rule(g)
    assert (rule.rule, rule.guard_band) == ("non_binary", "U (95 % coverage)")
    conformity = graded.conformity(g)
    assert conformity is not None
    assert conformity.outcome is ConformityOutcome.CONDITIONAL_PASS and conformity.grade == "NCM/NCA A"
    assert "Cu+Al" in conformity.covered and "moisture" in conformity.covered
    assert [s.outcome for s in graded.screens(g)] == [ScreenMark.PASS, ScreenMark.INFO]
    li = next(m for m in graded.contained_metal(g) if m.expressed_as.startswith("Li2CO3"))
    assert li.mass_kg == pytest.approx(20_000 * 0.054 * 5.323, rel=0.01)  # 20 t dry, Li 5.4 %
    partial = graded.conformity(stored(grade_lot(JPEU, assay(**{**NCM_A, "Pb": None}), on_date=TODAY)))
    assert partial is not None and "Pb" not in partial.covered and "Cd" in partial.covered


@pytest.mark.parametrize(
    ("changes", "status", "outcome"),
    [
        ({}, GradingStatus.GRADED, ConformityOutcome.PASS),
        ({"Cu": 0.98}, GradingStatus.CONDITIONAL, ConformityOutcome.CONDITIONAL_PASS),
        ({"Cu": 9.0}, GradingStatus.OFF_SPEC, ConformityOutcome.OFF_SPEC),
        ({"moisture": None}, GradingStatus.NOT_GRADABLE, None),
    ],
)
def test_each_status_has_one_conformity_outcome(
    changes: dict, status: GradingStatus, outcome: object
) -> None:
    g = stored(grade_lot(JPEU, assay(**{**NCM_A, **changes}), on_date=TODAY))
    assert g.status is status
    conformity = graded.conformity(g)
    assert (conformity.outcome if conformity else None) == outcome
    if conformity is None:
        assert graded.remarks(g)[0].startswith("No statement of conformity: moisture not reported")


def test_simple_rule_has_no_guard_band_words() -> None:
    g = stored(grade_lot(JPEU, assay(**NCM_A), rule=DecisionRule(RuleKind.SIMPLE, 0.0), on_date=TODAY))
    assert (graded.decision_rule(g).rule, graded.decision_rule(g).guard_band) == ("simple", None)


def test_the_core_mapper_is_gone() -> None:
    assert importlib.util.find_spec("labapp.core.grading_certificate") is None
