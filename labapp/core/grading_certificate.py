"""A grading result in the shape of the certificate's JSON twin (docs/certificate-schema.json).

The schema names rules and outcomes with underscores and has no "not decidable" conformity
outcome: a lot that is not gradable or not decidable carries no statement of conformity (null),
and the reasons go in the certificate's remarks.
"""

from __future__ import annotations

from typing import Any

from labapp.core.decision_rules import DecisionRule, Outcome
from labapp.core.grading import CONDITIONAL, GRADED, OFF_SPEC, GradingResult
from labapp.core.screening import (
    CLASSIFICATION,
    CONDITIONALLY_DOES_NOT_MEET,
    CONDITIONALLY_MEETS,
    DOES_NOT_MEET,
    MEETS,
    ScreenResult,
)

FAMILY_NAMES = {"NCM": "NCM/NCA", "LCO": "LCO", "LFP": "LFP", "LMO": "LMO", "Mixed": "Mixed"}
# The twin schema's vocabulary; the certification service maps stored gradings with the same tables.
RULES = {"simple": "simple", "binary-guarded": "guarded_binary", "non-binary": "non_binary"}
CONFORMITY = {GRADED: "pass", CONDITIONAL: "conditional_pass", OFF_SPEC: "off_spec"}
SCREENS = {MEETS: "pass", DOES_NOT_MEET: "fail", CONDITIONALLY_MEETS: "flag",
           CONDITIONALLY_DOES_NOT_MEET: "flag", CLASSIFICATION: "info"}


def guard_band_words(rule: DecisionRule) -> str | None:
    """"U (95 % coverage)", "2 U (95 % coverage)", or None for simple acceptance."""
    if rule.kind == "simple" or rule.guard_factor == 0:
        return None
    factor = "" if rule.guard_factor == 1 else f"{rule.guard_factor:g} "
    return f"{factor}U (95 % coverage)"


def certificate_sections(result: GradingResult) -> dict[str, Any]:
    """The "criteria", "decision_rule", "conformity", "regulatory_screens" and "contained_metal" members."""
    ref = result.criteria_set
    family = result.family.family
    conformity = None
    if result.status in CONFORMITY:
        awarded = next((t for t in result.tiers if t.tier == result.tier), None)
        tested = awarded or (result.tiers[-1] if result.tiers else None)
        grade = result.grade or (tested.grade if tested else None)
        conformity = {
            "outcome": CONFORMITY[result.status],
            "grade": f"{FAMILY_NAMES.get(family or '', family)} {grade}" if grade else None,
            "family": FAMILY_NAMES.get(family or "", family),
            "limiting_parameters": list(result.limiting),
            "covered": sorted({r.quantity for r in tested.criteria if r.outcome is not Outcome.NOT_ASSESSED})
            if tested else [],
        }
    return {
        "criteria": {"id": ref.id, "name": ref.title, "version": ref.version, "sha256": ref.sha256},
        "decision_rule": {"rule": RULES[result.decision_rule.kind],
                          "guard_band": guard_band_words(result.decision_rule)},
        "conformity": conformity,
        "regulatory_screens": [_screen(s) for s in result.screens],
        "contained_metal": [
            {"analyte": "Li" if f.name.startswith("Li2CO3") else f.name, "mass_kg": f.value * 1000.0,
             "expressed_as": "Li2CO3 equivalent (Li x 5.323)" if f.name.startswith("Li2CO3") else f.name}
            for f in result.commercial.contained if f.value is not None
        ],
    }


def _screen(s: ScreenResult) -> dict[str, Any]:
    code = f" {s.code}" if s.code else ""
    return {"name": f"{s.screen.title}{code}", "outcome": SCREENS.get(s.outcome, "info"),
            "detail": f"{s.outcome}: {s.statement.get('en', '')}"}
