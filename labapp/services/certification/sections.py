"""The one mapping from a stored grading (`StoredGrading`) to the certificate's sections.

A certificate is issued from the grading *as stored* (the JSON of `GradingResult.to_dict()`, read back
into the vocabulary's types by labapp.services.grading.grade), so this is the only place a grading becomes
criteria, decision rule, statement of conformity, regulatory screens and contained metal in the JSON
twin's terms (docs/certificate-schema.json). The schema has no "not decidable" conformity outcome: a
lot that is not gradable or not decidable carries no statement of conformity (None), and the reasons
go in the remarks. Contained metal is rounded to its expanded uncertainty (GUM 7.2.6), as results are.
"""

from __future__ import annotations

import json
from typing import Any

from labapp.certificates.formatting import format_result
from labapp.certificates.model import (
    Conformity,
    ConformityOutcome,
    ConformityRow,
    ContainedMetal,
    Criteria,
    CriteriaLimit,
    CriteriaSource,
    CriteriaTier,
    DecisionRule,
    Masses,
    Result,
    Screen,
    ScreenMark,
)
from labapp.core.analytes import Quantity
from labapp.core.decision_rules import DecisionRule as CoreDecisionRule
from labapp.core.uncertainty.reporting import round_uncertainty
from labapp.core.vocabulary import Basis, GradingStatus, Outcome, RuleKind, ScreenOutcome
from labapp.services.grading.grade import StoredGrading

LCE = "Li2CO3 equivalent"
FAMILY_NAMES = {"NCM": "NCM/NCA", "LCO": "LCO", "LFP": "LFP", "LMO": "LMO", "Mixed": "Mixed"}
# A grading's status as the twin's conformity outcome; a status not listed gives no statement.
CONFORMITY = {
    GradingStatus.GRADED: ConformityOutcome.PASS,
    GradingStatus.CONDITIONAL: ConformityOutcome.CONDITIONAL_PASS,
    GradingStatus.OFF_SPEC: ConformityOutcome.OFF_SPEC,
}
SCREENS = {
    ScreenOutcome.MEETS: ScreenMark.PASS,
    ScreenOutcome.DOES_NOT_MEET: ScreenMark.FAIL,
    ScreenOutcome.CONDITIONALLY_MEETS: ScreenMark.FLAG,
    ScreenOutcome.CONDITIONALLY_DOES_NOT_MEET: ScreenMark.FLAG,
    ScreenOutcome.CLASSIFICATION: ScreenMark.INFO,
}  # not decidable, not applicable, not yet in force: information


def guard_band_words(rule: CoreDecisionRule) -> str | None:
    """ "U (95 % coverage)", "2 U (95 % coverage)", or None for simple acceptance."""
    if rule.kind is RuleKind.SIMPLE or rule.guard_factor == 0:
        return None
    factor = "" if rule.guard_factor == 1 else f"{rule.guard_factor:g} "
    return f"{factor}U (95 % coverage)"


def criteria(g: StoredGrading, content_json: str | None = None) -> Criteria:
    """The set's identity and, from its stored canonical content (the set exactly as it graded),
    every grade's limits and the sources they cite: the certificate's criteria annex."""
    out = Criteria(g.criteria.id, g.criteria.title, g.criteria.version, g.criteria.sha256)
    if content_json:
        content = json.loads(content_json)
        out.tiers = [_tier(t) for t in content.get("tiers", [])]
        out.sources = [CriteriaSource(k, v["text"]) for k, v in content.get("sources", {}).items()]
    return out


def _tier(tier: dict[str, Any]) -> CriteriaTier:
    limits = [
        CriteriaLimit(
            lim["quantity"],
            lim["side"],
            float(lim["value"]),
            lim["unit"],
            _basis(lim["quantity"]),
            bool(lim.get("provisional")),
            lim.get("source") or None,
        )
        for lim in tier["limits"]
    ]
    return CriteriaTier(tier["id"], tier["grade"], list(tier.get("families", [])), limits)


def _basis(quantity: str) -> str:
    """Limits are on the dry basis, moisture on the lot as received (criteria_model.BASES)."""
    return Basis.AS_RECEIVED.value if quantity == "moisture" else Basis.DRY.value


def _rounded(value: float, u: float | None) -> tuple[float, float | None]:
    """value and U as the results table prints them (the one rounding rule), as numbers."""
    value_text, u_text = format_result(value, u)
    return float(value_text), float(u_text) if u_text else None


def sum_results(g: StoredGrading, method: str) -> list[Result]:
    """The sums the criteria set limits (Ni+Co, Cu+Al), as result rows with the U the grading used:
    propagated with the shared inputs correlated (labapp.core.lot_assay), never recomputed here."""
    seen: dict[str, Result] = {}
    for tier in g.result.get("tiers", []):
        for c in tier["criteria"]:
            terms = Quantity.parse(c["quantity"]).terms
            if len(terms) < 2 or c["quantity"] in seen or c.get("value") is None:
                continue
            value, u = _rounded(c["value"], c.get("expanded_uncertainty"))
            seen[c["quantity"]] = Result(
                c["quantity"],
                value,
                c["unit"],
                method,
                u_expanded=u,
                terms=list(terms),
                u_basis=c.get("uncertainty_basis") or None,
            )
    return list(seen.values())


def decision_rule(g: StoredGrading) -> DecisionRule:
    return DecisionRule(g.rule.kind.code, guard_band_words(g.rule))


def conformity(
    g: StoredGrading, results: list[Result] | None = None, masses: Masses | None = None
) -> Conformity | None:
    """The statement of conformity; None when the lot was not decidable (the reasons go to remarks).

    Its rows are the criteria of the grade stated (the grade met, or the lowest grade when off-spec),
    then those of the next better grade that were not met (why not that grade); each row carries the
    numbers of the results table's row for its quantity (`results`, sums included; moisture from
    `masses`), so the two tables cannot print different digits. An off-spec lot meets no grade.
    """
    if g.status not in CONFORMITY:
        return None
    tiers = g.result.get("tiers", [])
    awarded = next((t for t in tiers if t["tier"] == g.tier), None)
    tested = awarded or (tiers[-1] if tiers else None)
    family = FAMILY_NAMES.get(g.family or "", g.family)
    criteria = tested["criteria"] if tested else []
    covered = sorted({c["quantity"] for c in criteria if Outcome(c["outcome"]) is not Outcome.NOT_ASSESSED})
    rows = [c for c in criteria if Outcome(c["outcome"]) is not Outcome.NOT_ASSESSED]
    if awarded is not None and tiers.index(awarded) > 0:
        better = tiers[tiers.index(awarded) - 1]["criteria"]
        rows += [
            c
            for c in better
            if not Outcome(c["outcome"]).passes and Outcome(c["outcome"]) is not Outcome.NOT_ASSESSED
        ]
    by_quantity = {r.analyte: r for r in results or []}
    masses = masses or Masses()
    met = g.grade if g.status is not GradingStatus.OFF_SPEC else None
    return Conformity(
        CONFORMITY[g.status],
        f"{family} {met}" if met else None,
        family,
        list(g.limiting),
        covered,
        [_row(c, by_quantity.get(c["quantity"]), masses) for c in rows],
        f"{family} {tested['grade']}" if tested else None,
    )


def _row(c: dict[str, Any], result: Result | None, masses: Masses) -> ConformityRow:
    w = c.get("guard_band")
    row = ConformityRow(
        c["quantity"],
        c["grade"],
        c["side"],
        float(c["limit"]),
        c["unit"],
        _basis(c["quantity"]),
        Outcome(c["outcome"]),
        guard_band=float(round_uncertainty(w)) if w else None,
        provisional=bool(c.get("provisional")),
    )
    if c["quantity"] == "moisture" and masses.moisture_pct is not None:
        row.value, row.u_expanded, row.result_unit = masses.moisture_pct, masses.moisture_u, "%"
    elif result is not None and c.get("value_text") not in ("not reported", "not reportable"):
        row.value, row.u_expanded, row.result_unit = result.value, result.u_expanded, result.unit
        row.censored, row.loq = result.censored, result.loq if result.censored else None
    return row


def screens(g: StoredGrading) -> list[Screen]:
    out = []
    for s in g.screens:
        code = f" {s['code']}" if s.get("code") else ""
        statement = s.get("statement", {}).get("en", "")
        outcome = ScreenOutcome(s["outcome"])
        out.append(
            Screen(
                f"{s['screen']['title']}{code}",
                SCREENS.get(outcome, ScreenMark.INFO),
                f"{outcome}: {statement}",
            )
        )
    return out


def contained_metal(g: StoredGrading) -> list[ContainedMetal]:
    """Contained metal in the lot's net dry mass, kg (the grading stores tonnes)."""
    out = []
    for figure in g.commercial.get("contained", []):
        if figure.get("value") is None:
            continue
        lce = figure["name"].startswith(LCE)
        out.append(
            ContainedMetal(
                "Li" if lce else figure["name"],
                _kg(figure),
                "Li2CO3 equivalent (Li x 5.323)" if lce else figure["name"],
            )
        )
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
