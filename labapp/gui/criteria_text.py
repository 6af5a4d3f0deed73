"""A criteria set as a QA manager reads it: its identity and decision rule in words, then one table of
limits per grade (tier) or section with the families, the limit with its unit and the source of each
limit, then the sources, what the set does not assess, and its notes. Never the stored JSON.

The text is built from the catalogue's canonical content (labapp.services.grading.criteria_catalog
.describe), so it shows exactly what grading uses; the words come from the vocabularies (decision rule,
basis, set kind and status, untested requirements) in the interface language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication

from labapp.core.analytes import quantity_label
from labapp.gui.translation import interface_language, word
from labapp.services.vocabulary import Basis, RuleKind, SetKind, SetStatus, UntestedRequirement, Vocabulary

_SIDES = {"min": "≥", "max": "≤"}
# every text _tr() translates here, for the translation file (labapp.gui.translation.dynamic_texts)
TEXTS = (
    "(provisional)",
    "Customer: {0}",
    "(when reported)",
    "Parameter",
    "Limit",
    "Source",
    "Note",
    "(no limits)",
    "{0}, w = {1:g} U",
    "Kind: {0}; status: {1}; effective from {2}",
    "(not stated)",
    "Results on: {0}",
    "Decision rule: {0}",
    "Families: {0}",
    "Required: {0}",
    "Fingerprint (SHA-256): {0}",
    "Warning: {0}",
    "Grade {0} ({1}), families {2}",
    "Section {0}, families {1}",
    "Classification: {0}",
    "Payable {0} ({1}): {2}, families {3}",
    "Notes:",
    "Statement when met",
    "Statement when not met",
    "Statement",
    "Sources:",
    "(the laboratory's judgement)",
    "Not assessed by this laboratory:",
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CriteriaText", text)


def _word(vocabulary: type[Vocabulary], value: Any) -> str:
    try:
        return word(vocabulary(value))
    except ValueError:
        return str(value)


def _limit_text(limit: dict[str, Any]) -> str:
    value = limit.get("value")
    number = f"{value:g}" if isinstance(value, int | float) else str(value)
    return (
        f"{_SIDES.get(limit.get('side', ''), limit.get('side', ''))} {number} {limit.get('unit', '')}".strip()
    )


def _table(rows: list[list[str]], header: list[str]) -> list[str]:
    """Columns aligned for a fixed-width font (Japanese characters count twice)."""

    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  " + "  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]


def _limits(limits: Iterable[dict[str, Any]]) -> list[str]:
    lang = interface_language()
    rows = []
    for limit in limits:
        source = str(limit.get("source") or "")
        if limit.get("provisional"):
            source += " " + _tr("(provisional)")
        if limit.get("optional"):
            source += " " + _tr("(when reported)")
        rows.append(
            [
                quantity_label(str(limit.get("quantity", "")), lang),
                _limit_text(limit),
                source.strip(),
                str(limit.get("note") or ""),
            ]
        )
    header = [_tr("Parameter"), _tr("Limit"), _tr("Source"), _tr("Note")]
    return _table(rows, header) if rows else ["  " + _tr("(no limits)")]


def _rule_text(rule: dict[str, Any] | None) -> str:
    if not rule:
        return ""
    kind = _word(RuleKind, rule.get("kind"))
    band = rule.get("guard_band")
    return kind if not band else _tr("{0}, w = {1:g} U").format(kind, float(band))


def criteria_text(content: dict[str, Any] | None) -> str:
    """The readable text of a criteria set's canonical content (describe()); "" for None."""
    if not content:
        return ""
    title = content.get("title_ja") if interface_language() == "ja" and content.get("title_ja") else None
    lines = [
        f"{title or content.get('title', '')} ({content.get('id', '')} {content.get('version', '')})",
        _tr("Kind: {0}; status: {1}; effective from {2}").format(
            _word(SetKind, content.get("kind")),
            _word(SetStatus, content.get("status")),
            content.get("effective") or _tr("(not stated)"),
        ),
    ]
    if content.get("customer"):
        lines.append(_tr("Customer: {0}").format(content["customer"]))
    if content.get("basis"):
        lines.append(_tr("Results on: {0}").format(_word(Basis, content["basis"])))
    if content.get("decision_rule"):
        lines.append(_tr("Decision rule: {0}").format(_rule_text(content["decision_rule"])))
    if content.get("families"):
        lines.append(_tr("Families: {0}").format(", ".join(content["families"])))
    if content.get("required_analytes"):
        lang = interface_language()
        required = ", ".join(quantity_label(a, lang) for a in content["required_analytes"])
        lines.append(_tr("Required: {0}").format(required))
    lines.append(_tr("Fingerprint (SHA-256): {0}").format(content.get("sha256", "")))
    for warning in content.get("warnings") or []:
        lines.append(_tr("Warning: {0}").format(warning))
    for tier in content.get("tiers") or []:
        lines += [
            "",
            _tr("Grade {0} ({1}), families {2}").format(
                tier.get("grade", ""), tier.get("id", ""), ", ".join(tier.get("families") or [])
            ),
        ]
        if tier.get("note"):
            lines.append("  " + str(tier["note"]))
        lines += _limits(tier.get("limits") or [])
    for section in content.get("sections") or []:
        lines += [
            "",
            _tr("Section {0}, families {1}").format(
                section.get("title") or section.get("id", ""), ", ".join(section.get("families") or [])
            ),
        ]
        lines += _limits(section.get("limits") or [])
        lines += _statements(section)
    classification = content.get("classification")
    if classification:
        lines += ["", _tr("Classification: {0}").format(classification.get("code", ""))]
        lines += _statements({"statement": classification.get("statement")})
    for payable in content.get("payables") or []:
        lines.append(
            _tr("Payable {0} ({1}): {2}, families {3}").format(
                payable.get("element", ""),
                payable.get("indicator", ""),
                payable.get("reference_price", ""),
                ", ".join(payable.get("families") or []),
            )
        )
    lines += _sources(content)
    lines += _untested(content.get("not_assessed") or [])
    if content.get("notes"):
        lines += ["", _tr("Notes:")] + ["  " + line for line in str(content["notes"]).splitlines()]
    return "\n".join(lines)


def _statements(section: dict[str, Any]) -> list[str]:
    lang = interface_language()
    out = []
    for key, title in (
        ("statement_meets", _tr("Statement when met")),
        ("statement_fails", _tr("Statement when not met")),
        ("statement", _tr("Statement")),
    ):
        text = section.get(key)
        if isinstance(text, dict):
            out.append(f"  {title}: {text.get(lang) or text.get('en', '')}")
    return out


def _sources(content: dict[str, Any]) -> list[str]:
    sources = content.get("sources") or {}
    urls = content.get("source_urls") or {}
    if not sources and not urls:
        return []
    lines = ["", _tr("Sources:")]
    for key in [*sources, *(k for k in urls if k not in sources)]:
        source = sources.get(key) or {}
        text = source.get("text", "") if isinstance(source, dict) else str(source)
        if isinstance(source, dict) and source.get("judgement"):
            text += " " + _tr("(the laboratory's judgement)")
        lines.append(f"  {key}: {text}".rstrip())
        if key in urls:
            lines.append(f"      {urls[key]}")
    return lines


def _untested(items: list[dict[str, Any]]) -> list[str]:
    if not items:
        return []
    lang = interface_language()
    lines = ["", _tr("Not assessed by this laboratory:")]
    for item in items:
        name = _word(UntestedRequirement, item.get("requirement"))
        quantities = ", ".join(quantity_label(q, lang) for q in item.get("quantities") or [])
        detail = "; ".join(t for t in (quantities, str(item.get("note") or "")) if t)
        lines.append(f"  {name}" + (f": {detail}" if detail else ""))
    return lines
