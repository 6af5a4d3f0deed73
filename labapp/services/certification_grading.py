"""A stored grading (`StoredGrading`, the JSON of `GradingResult.to_dict()`) in the certificate's terms.

`labapp.core.grading_certificate.certificate_sections` maps a live `GradingResult`; a certificate is
issued later from the grading *as stored*, so this maps the stored form with the same vocabulary
(schema rule names, conformity outcomes, screen outcomes, contained metal in kg). Contained metal is
rounded to its expanded uncertainty (GUM 7.2.6), as the results are.
"""

from __future__ import annotations

from typing import Any

from labapp.certificates.formatting import format_result
from labapp.certificates.model import Conformity, ContainedMetal, Criteria, DecisionRule, Screen
from labapp.core.decision_rules import Outcome
from labapp.core.grading_certificate import CONFORMITY, FAMILY_NAMES, RULES, SCREENS, guard_band_words
from labapp.services.grading import StoredGrading

LCE = "Li2CO3 equivalent"


def criteria(g: StoredGrading) -> Criteria:
    return Criteria(g.criteria.id, g.criteria.title, g.criteria.version, g.criteria.sha256)


def decision_rule(g: StoredGrading) -> DecisionRule:
    return DecisionRule(RULES[g.rule.kind], guard_band_words(g.rule))


def conformity(g: StoredGrading) -> Conformity | None:
    """The statement of conformity; None when the lot was not decidable (the reasons go to remarks)."""
    if g.status not in CONFORMITY:
        return None
    tiers = g.result.get("tiers", [])
    awarded = next((t for t in tiers if t["tier"] == g.tier), None)
    tested = awarded or (tiers[-1] if tiers else None)
    grade = g.grade or (tested["grade"] if tested else None)
    family = FAMILY_NAMES.get(g.family or "", g.family)
    covered = sorted({c["quantity"] for c in tested["criteria"] if c["outcome"] != Outcome.NOT_ASSESSED}
                     ) if tested else []
    return Conformity(CONFORMITY[g.status], f"{family} {grade}" if grade else None, family,
                      list(g.limiting), covered)


def screens(g: StoredGrading) -> list[Screen]:
    out = []
    for s in g.screens:
        code = f" {s['code']}" if s.get("code") else ""
        statement = s.get("statement", {}).get("en", "")
        out.append(Screen(f"{s['screen']['title']}{code}", SCREENS.get(s["outcome"], "info"),
                          f"{s['outcome']}: {statement}"))
    return out


def contained_metal(g: StoredGrading) -> list[ContainedMetal]:
    """Contained metal in the lot's net dry mass, kg (the grading stores tonnes)."""
    out = []
    for figure in g.commercial.get("contained", []):
        if figure.get("value") is None:
            continue
        lce = figure["name"].startswith(LCE)
        out.append(ContainedMetal("Li" if lce else figure["name"], _kg(figure),
                                  "Li2CO3 equivalent (Li x 5.323)" if lce else figure["name"]))
    return out


def _kg(figure: dict[str, Any]) -> float:
    u = figure.get("expanded_uncertainty")
    value, _ = format_result(figure["value"] * 1000.0, None if u is None else u * 1000.0)
    return float(value)


def remarks(g: StoredGrading) -> list[str]:
    """Why there is no statement of conformity, and the grading's informational notes."""
    lines = [f"No statement of conformity: {reason}" for reason in g.result.get("reasons", [])]
    lines += list(g.result.get("notes", []))
    lines += [n for n in g.commercial.get("notes", []) if "contained" in n]
    return lines
