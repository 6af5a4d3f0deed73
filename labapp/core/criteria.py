"""Criteria sets: named, versioned grading tables and regulatory screens, validated from a parsed dict.

A set is data (TOML in resources/criteria or a lab's own file); this module turns the parsed
dict into an immutable model and reports every problem at once, each located by its path in the
file ("tiers[3] NCM-B, limits[2]: ..."), so a lab editing a set sees all its mistakes in one go.
Two kinds exist: "grading" sets with ordered grade tiers per chemistry family, and "screen" sets
(import criteria, waste classification) whose outcome is reported beside the grade.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from labapp.core.analytes import ANALYTES, Quantity, UnitError, convert
from labapp.core.criteria_checks import Problems, check_coverage, check_sources_and_status, check_tier_order
from labapp.core.criteria_model import (
    BASES,
    KINDS,
    SCHEMA_VERSION,
    STATUSES,
    Classification,
    CriteriaError,
    CriteriaSet,
    Limit,
    NotAssessed,
    Payable,
    Section,
    Source,
    Tier,
)
from labapp.core.decision_rules import DecisionRule
from labapp.core.family import FAMILIES
from labapp.core.vocabulary import RuleKind, SetKind, SetStatus, UntestedRequirement

_TOP_KEYS = {
    "schema", "kind", "id", "version", "title", "title_ja", "status", "effective", "basis", "families",
    "decision_rule", "sources", "notes", "required_analytes", "tiers", "sections", "classification",
    "published", "not_assessed", "payables", "customer",
}
_LIMIT_KEYS = {"quantity", "min", "max", "unit", "source", "provisional", "note"}


def criteria_set_from_dict(data: dict[str, Any], name: str = "<unnamed>") -> CriteriaSet:
    """Validate a parsed criteria file and build its model; CriteriaError lists every problem."""
    problems = Problems()
    if not isinstance(data, dict):
        raise CriteriaError(name, ["the file does not hold a table of keys"])
    _unknown_keys(problems, "", data, _TOP_KEYS)
    kind = SetKind(_choice(problems, "kind", data.get("kind", SetKind.GRADING.value), KINDS))
    if data.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        problems.at("schema", f"unsupported schema {data.get('schema')!r}; this version reads "
                    f"{SCHEMA_VERSION}")
    set_id = _text(problems, "id", data.get("id"))
    if name == "<unnamed>" and set_id:
        name = f"{set_id} version {data.get('version')}"
    version = _text(problems, "version", data.get("version"))
    title = _text(problems, "title", data.get("title"))
    status = SetStatus(_choice(problems, "status", data.get("status"), STATUSES))
    effective = _date(problems, "effective", data.get("effective"))
    basis = _choice(problems, "basis", data.get("basis", "dry"), BASES)
    families = _families(problems, "families", data.get("families"))
    rule = _rule(problems, data.get("decision_rule"))
    sources = _sources(problems, data.get("sources"))
    tiers = _tiers(problems, data.get("tiers", []), sources) if kind is SetKind.GRADING else ()
    sections = _sections(problems, data.get("sections", []), sources) if kind is SetKind.SCREEN else ()
    required = _required(problems, kind, data, tiers, sections)
    tiers = tuple(replace(t, limits=_mark_optional(t.limits, required)) for t in tiers)
    sections = tuple(replace(s, limits=_mark_optional(s.limits, required)) for s in sections)
    classification = _classification(problems, data.get("classification")) if kind is SetKind.SCREEN else None
    if kind is SetKind.GRADING and (data.get("sections") or data.get("classification")):
        problems.at("", "a grading set has tiers; sections and classification belong to kind = \"screen\"")
    if kind is SetKind.SCREEN and data.get("tiers"):
        problems.at("tiers", "a screen has sections or a classification, not grade tiers")
    all_limits = [lim for t in tiers for lim in t.limits] + [lim for s in sections for lim in s.limits]
    check_sources_and_status(problems, all_limits, sources, status)
    check_coverage(problems, kind, families, tiers, sections, classification)
    warnings = check_tier_order(problems, families, tiers)
    published = _date(problems, "published", data["published"]) if "published" in data else None
    not_assessed = _not_assessed(problems, data.get("not_assessed", []))
    payables = _payables(problems, data.get("payables", []), families)
    if problems:
        raise CriteriaError(name, list(problems))
    return CriteriaSet(
        kind=kind, id=set_id, version=version, title=title, status=status, effective=effective,
        basis=basis, families=families, decision_rule=rule, sources=sources,
        notes=str(data.get("notes", "")).strip(), title_ja=str(data.get("title_ja", "")),
        required_analytes=required, tiers=tiers, sections=sections, classification=classification,
        published=published, not_assessed=not_assessed, payables=payables,
        customer=str(data.get("customer", "")).strip(), warnings=tuple(warnings),
    )


def _not_assessed(problems: Problems, value: Any) -> tuple[NotAssessed, ...]:
    """What the source requires and the laboratory does not test: typed, so each has EN/JA labels."""
    if not isinstance(value, list):
        problems.at("not_assessed", "must be a list of { requirement = \"...\" } tables")
        return ()
    out = []
    for i, item in enumerate(value, 1):
        where = f"not_assessed[{i}]"
        if not isinstance(item, dict):
            problems.at(where, "give { requirement = \"...\", quantities = [...], note = \"...\" }")
            continue
        _unknown_keys(problems, where, item, {"requirement", "quantities", "note"})
        try:
            requirement = UntestedRequirement.parse(item.get("requirement"))
        except ValueError as exc:
            problems.at(where, str(exc))
            continue
        quantities = item.get("quantities", [])
        if not isinstance(quantities, list) or not all(isinstance(q, str) and q for q in quantities):
            problems.at(f"{where}.quantities", "must be a list of analyte or quantity names")
            quantities = []
        out.append(NotAssessed(requirement, tuple(quantities), str(item.get("note", "")).strip()))
    return tuple(out)


def _payables(problems: Problems, value: Any, families: tuple[str, ...]) -> tuple[Payable, ...]:
    """Payable elements of a price specification (indicator and reference price; no numbers)."""
    if not isinstance(value, list):
        problems.at("payables", "must be a list of [[payables]] tables")
        return ()
    out = []
    for i, item in enumerate(value, 1):
        where = f"payables[{i}]"
        if not isinstance(item, dict):
            problems.at(where, "must be a table { element, indicator, reference_price }")
            continue
        _unknown_keys(problems, where, item, {"element", "indicator", "reference_price", "families"})
        element = item.get("element")
        if element not in ANALYTES:
            problems.at(where, f"unknown payable element {element!r}")
            continue
        fams = _families(problems, f"{where}.families", item["families"]) if "families" in item else families
        out.append(Payable(str(element), _text(problems, f"{where}.indicator", item.get("indicator")),
                           _text(problems, f"{where}.reference_price", item.get("reference_price")),
                           tuple(fams)))
    return tuple(out)


def _required(
    problems: Problems, kind: SetKind, data: dict[str, Any], tiers: tuple[Tier, ...],
    sections: tuple[Section, ...],
) -> tuple[str, ...]:
    """Analytes whose absence makes a lot not gradable: as listed, else every analyte a limit names.

    Moisture is always required for grading (results are stated on a dry basis).
    """
    if "required_analytes" in data:
        listed = _analyte_list(problems, "required_analytes", data["required_analytes"])
    else:
        named = (t for g in (*tiers, *sections) for lim in g.limits for t in lim.quantity.terms)
        listed = tuple(dict.fromkeys(named))
    if kind is SetKind.GRADING and "moisture" not in listed:
        listed = (*listed, "moisture")
    return listed


def _mark_optional(limits: tuple[Limit, ...], required: tuple[str, ...]) -> tuple[Limit, ...]:
    return tuple(replace(lim, optional=not all(t in required for t in lim.quantity.terms)) for lim in limits)


def _unknown_keys(problems: Problems, where: str, table: dict[str, Any], allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            problems.at(where or key, f"unknown key {key!r}; allowed: {', '.join(sorted(allowed))}")


def _text(problems: Problems, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.at(where, "required text is missing" if value is None else f"must be text, not {value!r}")
        return ""
    return value.strip()


def _choice(problems: Problems, where: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        problems.at(where, f"{value!r} is not one of {', '.join(allowed)}")
        return allowed[0]
    return str(value)


def _date(problems: Problems, where: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.at(where, f"{value!r} is not a date (YYYY-MM-DD)")
        return dt.date.min


def _families(problems: Problems, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        problems.at(where, f"give a non-empty list of families from {', '.join(FAMILIES)}")
        return ()
    for fam in value:
        if fam not in FAMILIES:
            problems.at(where, f"unknown chemistry family {fam!r}; known: {', '.join(FAMILIES)}")
    if len(set(value)) != len(value):
        problems.at(where, "a family is listed twice")
    return tuple(f for f in value if f in FAMILIES)


def _analyte_list(problems: Problems, where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.at(where, "must be a list of analytes")
        return ()
    for item in value:
        if item not in ANALYTES:
            problems.at(where, f"unknown analyte {item!r}; known: {', '.join(ANALYTES)}")
    return tuple(a for a in value if a in ANALYTES)


def _rule(problems: Problems, value: Any) -> DecisionRule:
    if not isinstance(value, dict):
        problems.at("decision_rule", "required table, e.g. { kind = \"non-binary\", guard_band = 1.0 }")
        return DecisionRule()
    _unknown_keys(problems, "decision_rule", value, {"kind", "guard_band"})
    kind = value.get("kind")
    simple = kind == RuleKind.SIMPLE  # the file's text; DecisionRule reads it into the type
    factor = value.get("guard_band", 0.0 if simple else 1.0)
    if simple and factor not in (0, 0.0):
        problems.at("decision_rule", "simple acceptance has no guard band (guard_band = 0)")
    if not isinstance(factor, int | float) or isinstance(factor, bool):
        problems.at("decision_rule.guard_band", f"must be a number (multiple of U), not {factor!r}")
        factor = 1.0
    try:
        return DecisionRule(kind=str(kind), guard_factor=float(factor))
    except ValueError as exc:
        problems.at("decision_rule", str(exc))
        return DecisionRule()


def _sources(problems: Problems, value: Any) -> dict[str, Source]:
    if not isinstance(value, dict) or not value:
        problems.at("sources", "required table naming every source a limit cites")
        return {}
    out: dict[str, Source] = {}
    for key, item in value.items():
        if isinstance(item, str) and item.strip():
            out[key] = Source(key, item.strip())
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            _unknown_keys(problems, f"sources.{key}", item, {"text", "text_ja", "judgement", "url"})
            text_ja = item.get("text_ja", "")
            if not isinstance(text_ja, str):
                problems.at(f"sources.{key}.text_ja", "give the Japanese of the reference as text")
                text_ja = ""
            url = item.get("url", "")
            if not isinstance(url, str):
                problems.at(f"sources.{key}.url", "give the address of the public text as text")
                url = ""
            out[key] = Source(key, item["text"].strip(), bool(item.get("judgement", False)), text_ja.strip(),
                              url.strip())
        else:
            problems.at(
                f"sources.{key}",
                "give the reference as text or { text = \"...\", text_ja = \"...\", judgement = true }",
            )
    return out


def _limits(problems: Problems, where: str, value: Any, sources: dict[str, Source]) -> tuple[Limit, ...]:
    if not isinstance(value, list) or not value:
        problems.at(where, "give a non-empty list of limits")
        return ()
    out: list[Limit] = []
    for i, item in enumerate(value, 1):
        out.extend(_limit(problems, f"{where}[{i}]", item, sources))
    seen: set[str] = set()
    for lim in out:
        if lim.key in seen:
            problems.at(where, f"the {lim.side}imum of {lim.quantity.label} is given twice")
        seen.add(lim.key)
    _check_min_below_max(problems, where, out)
    return tuple(out)


def _limit(problems: Problems, where: str, item: Any, sources: dict[str, Source]) -> list[Limit]:
    if not isinstance(item, dict):
        problems.at(where, "a limit is a table { quantity = ..., min|max = ..., source = ... }")
        return []
    _unknown_keys(problems, where, item, _LIMIT_KEYS)
    try:
        quantity = Quantity.parse(item.get("quantity", ""))
    except ValueError as exc:
        problems.at(where, str(exc))
        return []
    where = f"{where} {quantity.label}"
    unit = item.get("unit", quantity.unit)
    try:
        convert(1.0, str(unit), quantity.unit)
    except UnitError as exc:
        problems.at(where, f"unit {unit!r} does not suit {quantity.label}: {exc}")
        return []
    source = item.get("source")
    if source not in sources:
        problems.at(where, f"source {source!r} is not a key of [sources]" if source
                    else "every limit needs a source")
    sides = [s for s in ("min", "max") if s in item]
    if not sides:
        problems.at(where, "give a min, a max or both")
    out = []
    for side in sides:
        val = item[side]
        if not isinstance(val, int | float) or isinstance(val, bool) or val < 0:
            problems.at(where, f"{side} must be a non-negative number, not {val!r}")
            continue
        out.append(Limit(quantity, side, float(val), str(unit), str(source or ""),
                         bool(item.get("provisional", False)), False, str(item.get("note", ""))))
    return out


def _check_min_below_max(problems: Problems, where: str, limits: list[Limit]) -> None:
    by_quantity: dict[str, dict[str, float]] = {}
    for lim in limits:
        by_quantity.setdefault(lim.quantity.label, {})[lim.side] = lim.canonical_value()
    for label, sides in by_quantity.items():
        if "min" in sides and "max" in sides and sides["min"] > sides["max"]:
            problems.at(where, f"{label}: min {sides['min']:g} is above max {sides['max']:g}")


def _tiers(problems: Problems, value: Any, sources: dict[str, Source]) -> tuple[Tier, ...]:
    if not isinstance(value, list) or not value:
        problems.at("tiers", "a grading set needs at least one [[tiers]] table, best first")
        return ()
    out: list[Tier] = []
    for i, item in enumerate(value, 1):
        where = f"tiers[{i}]"
        if not isinstance(item, dict):
            problems.at(where, "must be a table")
            continue
        _unknown_keys(problems, where, item, {"id", "grade", "families", "limits", "note"})
        tier_id = _text(problems, f"{where}.id", item.get("id"))
        where = f"{where} {tier_id}"
        out.append(Tier(tier_id, _text(problems, f"{where}.grade", item.get("grade")),
                        _families(problems, f"{where}.families", item.get("families")),
                        _limits(problems, f"{where}.limits", item.get("limits"), sources),
                        str(item.get("note", ""))))
    ids = [t.id for t in out]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.at("tiers", f"tier id {dup!r} is used twice")
    return tuple(out)


def _sections(problems: Problems, value: Any, sources: dict[str, Source]) -> tuple[Section, ...]:
    if not isinstance(value, list):
        problems.at("sections", "must be a list of [[sections]] tables")
        return ()
    out = []
    for i, item in enumerate(value, 1):
        where = f"sections[{i}]"
        if not isinstance(item, dict):
            problems.at(where, "must be a table")
            continue
        _unknown_keys(problems, where, item,
                      {"id", "title", "families", "limits", "statement_meets", "statement_fails"})
        out.append(Section(
            _text(problems, f"{where}.id", item.get("id")),
            _text(problems, f"{where}.title", item.get("title")),
            _families(problems, f"{where}.families", item.get("families")),
            _limits(problems, f"{where}.limits", item.get("limits"), sources),
            _statement(problems, f"{where}.statement_meets", item.get("statement_meets")),
            _statement(problems, f"{where}.statement_fails", item.get("statement_fails")),
        ))
    return tuple(out)


def _statement(problems: Problems, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        problems.at(where, "give the statement as { en = \"...\", ja = \"...\" }")
        return {}
    _unknown_keys(problems, where, value, {"en", "ja"})
    return {lang: str(text).strip() for lang, text in value.items()}


def _classification(problems: Problems, value: Any) -> Classification | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.at("classification", "must be a table with code, hazardous and statement")
        return None
    _unknown_keys(problems, "classification", value, {"code", "hazardous", "statement"})
    return Classification(_text(problems, "classification.code", value.get("code")),
                          bool(value.get("hazardous", False)),
                          _statement(problems, "classification.statement", value.get("statement")))


__all__ = ["BASES", "KINDS", "SCHEMA_VERSION", "STATUSES", "Classification", "CriteriaError", "CriteriaSet",
           "Limit", "NotAssessed", "Payable", "Section", "Source", "Tier", "criteria_set_from_dict"]
