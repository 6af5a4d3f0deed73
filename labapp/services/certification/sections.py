"""The one mapping from a stored grading (`StoredGrading`) to the certificate's sections.

A certificate is issued from the grading *as stored* (the JSON of `GradingResult.to_dict()`, read back
into the vocabulary's types by labapp.services.grading.grade), so this is the only place a grading becomes
criteria, decision rule, statement of conformity, regulatory screens and contained metal in the JSON
twin's terms (docs/certificate-schema.json). The schema has no "not decidable" conformity outcome: a
lot that is not gradable or not decidable carries no statement of conformity (None), and the reasons
go in the remarks. Contained metal is rounded to its expanded uncertainty (GUM 7.2.6), as results are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    CriterionLimit,
    DecisionRule,
    Masses,
    Result,
    Screen,
    ScreenMark,
    SumResult,
)
from labapp.certificates.units import ucum
from labapp.core.analytes import UNITS, Quantity, convert
from labapp.core.decision_rules import DecisionRule as CoreDecisionRule
from labapp.core.errors import LabappError
from labapp.core.uncertainty.reporting import round_limit, round_uncertainty
from labapp.core.vocabulary import Basis, GradingStatus, Outcome, RuleKind, ScreenOutcome, UncertaintyBasis
from labapp.services.certification import japanese as jp
from labapp.services.grading.criteria_catalog import load_set
from labapp.services.grading.grade import StoredGrading

LCE = "Li2CO3 equivalent"
FAMILY_NAMES = {code: en for code, (en, _) in jp.FAMILY_NAMES.items()}
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
    return jp.guard_band_words(rule.guard_factor)[0]


def criteria(g: StoredGrading, content: Mapping[str, Any] | None = None) -> Criteria:
    """The set's identity and, from its stored canonical content (`criteria_sets.content_json`, the set
    exactly as it graded), every limit: flat for machines (the twin's `limits`, with UCUM codes) and by
    grade with the sources they cite (the certificate's criteria annex)."""
    out = Criteria(g.criteria.id, g.criteria.title, g.criteria.version, g.criteria.sha256)
    if content is not None:
        out.limits = criteria_limits(content)
        out.tiers = [_tier(t) for t in content.get("tiers", [])]
        out.sources = [CriteriaSource(k, v["text"]) for k, v in content.get("sources", {}).items()]
    return out


def criteria_limits(content: Mapping[str, Any]) -> list[CriterionLimit]:
    """Every tier limit of a set's canonical content (labapp.core.criteria_identity.canonical_content)."""
    sources = content.get("sources", {})
    out = []
    for tier in content.get("tiers", []):
        for lim in tier["limits"]:
            source = sources.get(lim["source"], {}).get("text") or lim["source"] or None
            out.append(
                CriterionLimit(
                    tier["id"],
                    tier["grade"],
                    lim["quantity"],
                    "<=" if lim["side"] == "max" else ">=",
                    float(lim["value"]),
                    lim["unit"],
                    ucum(lim["unit"]),
                    _limit_basis(lim["quantity"], lim["unit"], content.get("basis", "dry")),
                    list(tier.get("families", [])),
                    bool(lim.get("provisional")),
                    source,
                )
            )
    return out


def _limit_basis(quantity: str, unit: str, set_basis: str) -> str | None:
    """Moisture is as received; a mass fraction is on the set's basis; a length has none."""
    if UNITS.get(unit, ("",))[0] != "mass fraction":
        return None
    return Basis.AS_RECEIVED.value if quantity == "moisture" else set_basis


def sums(g: StoredGrading, results: Sequence[Result] = ()) -> list[SumResult]:
    """Sums of analytes as the grading computed them (labapp.core.lot_assay.quantity_value, U with the
    shared inputs correlated): the ones the tiers judged, then the commercial figures (Ni+Co+Mn) whose
    terms are all quantified; rounded as printed. Nothing is recomputed here."""
    out: dict[str, SumResult] = {}
    for tier in g.result.get("tiers", []):
        for row in tier["criteria"]:
            if "+" in row["quantity"] and row["quantity"] not in out and row["value_text"] != "not reported":
                out[row["quantity"]] = _sum_row(row)
    censored = {r.analyte for r in results if r.censored}
    for figure in g.commercial.get("content", []):
        terms = figure["name"].split("+")
        quantified = bool(results) and not censored.intersection(terms)
        if len(terms) > 1 and figure["name"] not in out and figure.get("value") is not None and quantified:
            out[figure["name"]] = _sum_figure(figure)
    return list(out.values())


def _sum_row(row: Mapping[str, Any]) -> SumResult:
    value, u = _as_printed(row.get("value"), row.get("expanded_uncertainty"))
    censored = "<" if row.get("value") is None else ""
    return SumResult(
        row["quantity"],
        row["quantity"].split("+"),
        value,
        row["unit"],
        ucum(row["unit"]),
        row["value_text"],
        u_expanded=None if censored else u,
        uncertainty_basis=str(row.get("uncertainty_basis", "result")),
        censored=censored,
    )


def _sum_figure(figure: Mapping[str, Any]) -> SumResult:
    value, u = _as_printed(figure["value"], figure.get("expanded_uncertainty"))
    text, u_text = format_result(figure["value"], figure.get("expanded_uncertainty"))
    # a content figure's note is set only when its U is the terms' U added (no budgets to correlate)
    basis = UncertaintyBasis.UPPER_BOUND if figure.get("note") else UncertaintyBasis.CORRELATED
    return SumResult(
        figure["name"],
        figure["name"].split("+"),
        value,
        figure["unit"],
        ucum(figure["unit"]),
        f"{text} ± {u_text} {figure['unit']}" if u_text else f"{text} {figure['unit']}",
        u_expanded=u,
        uncertainty_basis=basis.value,
    )


def _as_printed(value: float | None, u: float | None) -> tuple[float | None, float | None]:
    if value is None:
        return None, None
    value_text, u_text = format_result(value, u)
    return float(value_text), (float(u_text) if u_text else None)


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


def sum_results(g: StoredGrading, method: Callable[[tuple[str, ...]], str]) -> list[Result]:
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
                method(tuple(terms)),
                u_expanded=u,
                ucum=ucum(c["unit"]),
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
        tier=tested["tier"] if tested else None,
        criteria=[_row(c, by_quantity.get(c["quantity"]), masses) for c in rows],
        tested_grade=f"{family} {tested['grade']}" if tested else None,
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
        row.censored, row.loq = result.censored, result.bound if result.censored else None
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


def contained_metal(g: StoredGrading, results: Sequence[Result] | None = None) -> list[ContainedMetal]:
    """Contained metal in the lot's net dry mass, kg (the grading stores tonnes), with its U.

    The grading counts a result below its LOQ as 0 in a sum; contained metal must not print that 0
    as a finding. With the certificate's `results`, such an analyte is "< LOQ x net dry mass" (and
    Li2CO3 "< 5.323 x that"); without them, a zero figure is left out rather than printed.
    """
    by_analyte = {r.analyte: r for r in results or ()}
    dry_t = g.commercial.get("net_dry_mass_t")
    out = []
    for figure in g.commercial.get("contained", []):
        lce = figure["name"].startswith(LCE)
        analyte = "Li" if lce else figure["name"]
        expressed = jp.LCE_WORDS[0] if lce else figure["name"]
        result = by_analyte.get(analyte)
        if result is not None and result.censored == "<" and result.bound is not None and dry_t:
            bound = _bound_kg(result, dry_t, 5.323 if lce else 1.0)
            out.append(ContainedMetal(analyte, bound, expressed, None, "<"))
        elif figure.get("value"):  # None (not computed) and 0 (a censored term) are never printed
            mass, u = _kg(figure)
            out.append(ContainedMetal(analyte, mass, expressed, u))
    return out


def _bound_kg(result: Result, dry_t: float, factor: float) -> float:
    """The result's bound (LOQ, or LOD when not detected) x net dry mass (x factor), in kg, rounded up
    as every printed bound is."""
    fraction = convert(result.bound or 0.0, result.unit, "wt%") / 100.0
    return float(round_limit(fraction * dry_t * 1000.0 * factor))


def _kg(figure: dict[str, Any]) -> tuple[float, float | None]:
    u = figure.get("expanded_uncertainty")
    value, u_text = format_result(figure["value"] * 1000.0, None if u is None else u * 1000.0)
    return float(value), (float(u_text) if u_text else None)


def remarks(g: StoredGrading) -> list[str]:
    """Why there is no statement of conformity, and the grading's informational notes."""
    return [en for en, _ in bilingual_remarks(g)]


def bilingual_remarks(g: StoredGrading) -> list[tuple[str, str | None]]:
    """`remarks` with their Japanese (None for a grading stored before graded texts had Japanese)."""
    reasons = g.result.get("reasons", [])
    reasons_ja = _same_length(g.result.get("reasons_ja"), reasons)
    template = jp.NO_STATEMENT
    lines = [
        (template[0].format(reason=en), None if ja is None else template[1].format(reason=ja))
        for en, ja in zip(reasons, reasons_ja, strict=True)
    ]
    notes = g.result.get("notes", [])
    lines += zip(notes, _same_length(g.result.get("notes_ja"), notes), strict=True)
    lines += [
        (n, jp.CONTAINED_NOTE[1] if n == jp.CONTAINED_NOTE[0] else None)
        for n in g.commercial.get("notes", [])
        if "contained" in n
    ]
    return lines


def japanese(g: StoredGrading, data_conformity: Conformity | None) -> dict[str, str]:
    """The Japanese of the graded texts, by their JSON Pointer in the certificate (CertificateData.ja)."""
    ja: dict[str, str] = {}
    if g.criteria.title_ja:
        ja["/criteria/name"] = g.criteria.title_ja
    if guard_band_words(g.rule) is not None:
        ja["/decision_rule/guard_band"] = jp.guard_band_words(g.rule.guard_factor)[1]
    if data_conformity is not None:
        family = jp.FAMILY_NAMES.get(g.family or "", (g.family, g.family))[1]
        if data_conformity.family:
            ja["/conformity/family"] = family or data_conformity.family
        for key in ("grade", "tested_grade"):
            english = getattr(data_conformity, key)
            if english:
                grade = english.removeprefix(f"{data_conformity.family} ")
                ja[f"/conformity/{key}"] = f"{family} {grade}"
        rows = g.result.get("limiting_criteria", [])
        if len(rows) == len(data_conformity.limiting_parameters):
            for i, row in enumerate(rows):
                ja[f"/conformity/limiting_parameters/{i}"] = jp.criterion(row).words("ja")
    for i, s in enumerate(g.screens):
        title_ja = s["screen"].get("title_ja")
        if title_ja:
            code = f" {s['code']}" if s.get("code") else ""
            ja[f"/regulatory_screens/{i}/name"] = f"{title_ja}{code}"
        statement = s.get("statement", {}).get("ja")
        if statement:
            ja[f"/regulatory_screens/{i}/detail"] = f"{ScreenOutcome(s['outcome']).label('ja')}：{statement}"
    return ja


def criteria_japanese(criteria: Criteria | None) -> dict[str, str]:
    """The Japanese of the criteria annex: family names, and the set's citations from the shipped set
    of the same id and version whose citation reads the same (a laboratory's own set without one
    prints the English original, marked so)."""
    if criteria is None or not criteria.sources:
        return families_japanese(criteria)
    try:
        shipped = load_set(f"{criteria.id}@{criteria.version}").sources
    except LabappError:
        return families_japanese(criteria)
    return families_japanese(criteria) | {
        f"/criteria/sources/{i}/text": shipped[source.key].text_ja
        for i, source in enumerate(criteria.sources)
        if source.key in shipped and shipped[source.key].text == source.text and shipped[source.key].text_ja
    }


def families_japanese(criteria: Criteria | None) -> dict[str, str]:
    """The Japanese of the family names in the criteria annex (e.g. Mixed -> 混合)."""
    out = {}
    for t, tier in enumerate(criteria.tiers if criteria else []):
        for f, family in enumerate(tier.families):
            japanese = jp.FAMILY_NAMES.get(family, (family, family))[1]
            if japanese != family:
                out[f"/criteria/tiers/{t}/families/{f}"] = japanese
    return out


def contained_japanese(items: Sequence[ContainedMetal]) -> dict[str, str]:
    """The Japanese of the printed contained-metal rows (by position in the certificate's list)."""
    return {
        f"/contained_metal/{i}/expressed_as": jp.LCE_WORDS[1]
        for i, item in enumerate(items)
        if item.expressed_as == jp.LCE_WORDS[0]
    }


def _same_length(japanese: list[str] | None, english: list[str]) -> list[str | None]:
    return list(japanese) if japanese and len(japanese) == len(english) else [None] * len(english)
