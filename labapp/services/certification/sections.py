"""The one mapping from a stored grading (`StoredGrading`) to the certificate's sections.

A certificate is issued from the grading *as stored* (the JSON of `GradingResult.to_dict()`, read back
into the vocabulary's types by labapp.services.grading.grade), so this is the only place a grading becomes
criteria, decision rule, statement of conformity, regulatory screens and contained metal in the JSON
twin's terms (docs/certificate-schema.json). The schema has no "not decidable" conformity outcome: a
lot that is not gradable or not decidable carries no statement of conformity (None), and the reasons
go in the remarks. Contained metal is rounded to its expanded uncertainty (GUM 7.2.6), as results are.
"""

from __future__ import annotations

from typing import Any

from labapp.certificates.formatting import format_result
from labapp.certificates.model import (
    Conformity,
    ConformityOutcome,
    ContainedMetal,
    Criteria,
    DecisionRule,
    Screen,
    ScreenMark,
)
from labapp.core.decision_rules import DecisionRule as CoreDecisionRule
from labapp.core.vocabulary import GradingStatus, Outcome, RuleKind, ScreenOutcome
from labapp.services.certification import japanese as jp
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


def criteria(g: StoredGrading) -> Criteria:
    return Criteria(g.criteria.id, g.criteria.title, g.criteria.version, g.criteria.sha256)


def decision_rule(g: StoredGrading) -> DecisionRule:
    return DecisionRule(g.rule.kind.code, guard_band_words(g.rule))


def conformity(g: StoredGrading) -> Conformity | None:
    """The statement of conformity; None when the lot was not decidable (the reasons go to remarks)."""
    if g.status not in CONFORMITY:
        return None
    tiers = g.result.get("tiers", [])
    awarded = next((t for t in tiers if t["tier"] == g.tier), None)
    tested = awarded or (tiers[-1] if tiers else None)
    grade = g.grade or (tested["grade"] if tested else None)
    family = FAMILY_NAMES.get(g.family or "", g.family)
    criteria = tested["criteria"] if tested else []
    covered = sorted({c["quantity"] for c in criteria if Outcome(c["outcome"]) is not Outcome.NOT_ASSESSED})
    return Conformity(
        CONFORMITY[g.status], f"{family} {grade}" if grade else None, family, list(g.limiting), covered
    )


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
                jp.LCE_WORDS[0] if lce else figure["name"],
            )
        )
    return out


def _kg(figure: dict[str, Any]) -> float:
    u = figure.get("expanded_uncertainty")
    value, _ = format_result(figure["value"] * 1000.0, None if u is None else u * 1000.0)
    return float(value)


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
        if data_conformity.grade:
            grade = data_conformity.grade.removeprefix(f"{data_conformity.family} ")
            ja["/conformity/grade"] = f"{family} {grade}"
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
    contained = [f for f in g.commercial.get("contained", []) if f.get("value") is not None]
    for i, figure in enumerate(contained):
        if figure["name"].startswith(LCE):
            ja[f"/contained_metal/{i}/expressed_as"] = jp.LCE_WORDS[1]
    return ja


def _same_length(japanese: list[str] | None, english: list[str]) -> list[str | None]:
    return list(japanese) if japanese and len(japanese) == len(english) else [None] * len(english)
