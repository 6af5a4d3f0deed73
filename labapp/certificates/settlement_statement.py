"""The settlement statement of a lot: what the CLI prints and the PDF signed like a certificate.

The statement states, per payable element, the laboratory's assay and the value on it with its U, the
counter-party's assay, the comparison with the splitting limit, the umpire's assay and the settled
assay and value, and the final settlement value, with the terms file it used named by its SHA-256.
The PDF is a laboratory document (documents.py: PAdES signature with the issuer's key, the JSON
attached as settlement-statement.json), so `labapp verify STATEMENT.pdf` checks it against the same
root as the certificates and says what it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pyhanko.sign import signers

from labapp.certificates.documents import SignedDocument, sign_document
from labapp.certificates.settlement_text import both, settlement_text
from labapp.certificates.signing import SigningRequest
from labapp.certificates.text import Lang, languages
from labapp.certificates.verification import SETTLEMENT_STATEMENT
from labapp.core.analytes import ANALYTE_NAMES_JA, ANALYTES
from labapp.core.settlement import Settlement, SettlementLine
from labapp.core.settlement_terms import SettlementTerms
from labapp.core.splitting import AssaySource, LimitKind
from labapp.core.uncertainty.reporting import report
from labapp.core.vocabulary import UncertaintyBasis


@dataclass(frozen=True)
class StatementHeader:
    """Who issues the statement for which lot, from which terms file, when, in which language(s)."""

    laboratory: str
    lot: str
    terms_file: str
    terms_sha256: str
    issued_at: str  # ISO 8601 UTC
    issued_by: str  # printed name
    language: str = "en"  # en, ja or en+ja
    provisional: bool = False  # issued while an element is still open; the final statement supersedes it

    @property
    def title_key(self) -> str:
        return "title_provisional" if self.provisional else "title"

    @property
    def file_name(self) -> str:
        return f"{self.lot.replace('/', '-')}_settlement.pdf"


def money(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:,.2f}"


def statement_lines(header: StatementHeader, terms: SettlementTerms, settlement: Settlement) -> list[str]:
    """The statement as text lines in the header's language(s), for the command line."""
    langs = languages(header.language)
    lines = [both(header.title_key, langs)]
    lines += [f"{label}: {value}" for label, value in _rows(header, terms, settlement, langs)]
    table = _table(terms, settlement, langs)
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines += [
        "",
        *("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table),
    ]
    return lines + ["", *_statements(header, terms, settlement, langs)]


def sign_settlement_statement(
    header: StatementHeader,
    terms: SettlementTerms,
    settlement: Settlement,
    signer: signers.Signer,
    request: SigningRequest,
) -> bytes:
    """The signed statement PDF with its JSON attached (documents.py)."""
    langs = languages(header.language)
    document = SignedDocument(
        kind=SETTLEMENT_STATEMENT,
        payload=statement_payload(header, terms, settlement),
        attachment="settlement-statement.json",
        langs=langs,
        title=both(header.title_key, langs),
        laboratory=header.laboratory,
        rows=_rows(header, terms, settlement, langs),
        statements=_statements(header, terms, settlement, langs),
        table=_table(terms, settlement, langs),
        table_widths=(0.07, 0.10, 0.17, 0.10, 0.11, 0.16, 0.09, 0.09, 0.11),
        signer_name=header.issued_by,
        footer=f"{header.lot} - {terms.reference} - {both(header.title_key, langs)}",
    )
    return sign_document(document, signer, request)


def statement_payload(
    header: StatementHeader, terms: SettlementTerms, settlement: Settlement
) -> dict[str, Any]:
    """The machine-readable statement (the PDF's attachment and the stored record)."""
    return {
        "laboratory": header.laboratory,
        "lot": header.lot,
        "contract": {
            "reference": terms.reference,
            "seller": terms.seller,
            "buyer": terms.buyer,
            "laboratory_acts_for": terms.acts_for.value,
            "settle_agreed_on": terms.settle_on.value,
            "umpire_rule": terms.umpire_rule.value,
        },
        "terms_file": {"name": header.terms_file, "sha256": header.terms_sha256},
        "mass": {
            "wet_t": settlement.mass.wet_t,
            "u_wet_t": settlement.mass.u_wet_t,
            "moisture": settlement.mass.moisture,
            "u_moisture": settlement.mass.u_moisture,
            "moisture_source": terms.moisture_source.value,
            "dry_t": settlement.mass.dry_t,
        },
        "currency": terms.currency,
        "elements": [_line_payload(line) for line in settlement.lines],
        "total_on_laboratory_assays": _value_payload(settlement.total),
        "final_value": settlement.final_value,
        "provisional": header.provisional,
        "outstanding": [line.payable.element for line in settlement.outstanding],
        "issued_at": header.issued_at,
        "issued_by": header.issued_by,
        "language": header.language,
    }


def _line_payload(line: SettlementLine) -> dict[str, Any]:
    p, x = line.payable, line.exchange
    return {
        "element": p.element,
        "payable_pct": p.payable_pct,
        "price": {
            "value": p.price,
            "currency": p.currency,
            "per": p.unit.value,
            "basis": p.basis.value,
            "date": p.price_date.isoformat(),
            "reference": p.reference,
        },
        "splitting_limit": {"value": line.limit.limit, "kind": line.limit.kind.value},
        "laboratory": _value_payload(line.own),
        "counterparty": None if line.counterparty is None else vars(line.counterparty),
        "umpire": None if line.umpire is None else vars(line.umpire),
        "seller_pct": x.seller,
        "buyer_pct": x.buyer,
        "difference_pct": x.difference,
        "allowed_pct": x.allowed,
        "outcome": x.outcome.value,
        "settled_pct": x.settled,
        "settled_by": x.basis or None,
        "final_value": line.final_value,
    }


def _value_payload(v: Any) -> dict[str, Any]:
    return {
        "assay_pct": None if math.isnan(v.assay_pct) else v.assay_pct,
        "value": v.value,
        "u": v.u,
        "nu_eff": None if math.isinf(v.nu_eff) else v.nu_eff,
        "k": v.k,
        "U": v.U,
        "basis": v.basis.value,
        "note": v.note or None,
    }


def _rows(
    header: StatementHeader, terms: SettlementTerms, s: Settlement, langs: tuple[Lang, ...]
) -> list[tuple[str, str]]:
    m, cur = s.mass, terms.currency
    final = s.final_value
    outstanding = ", ".join(line.payable.element for line in s.outstanding)
    rows = [
        ("laboratory", header.laboratory),
        ("lot", header.lot),
        ("contract", terms.reference),
        ("seller", terms.seller),
        ("buyer", terms.buyer),
        ("acts_for", " / ".join(terms.acts_for.label(lang) for lang in langs)),
        ("terms", f"{header.terms_file} ({header.terms_sha256})"),
        ("wet_mass", f"{m.wet_t:.3f} t, u {m.u_wet_t:.3f} t"),
        (
            "moisture",
            f"{100 * m.moisture:.2f} %, u {100 * m.u_moisture:.2f} % ("
            + " / ".join(terms.moisture_source.label(lang) for lang in langs)
            + ")",
        ),
        ("dry_mass", f"{m.dry_t:.3f} t"),
        ("agreed_on", " / ".join(terms.settle_on.label(lang) for lang in langs)),
        ("umpire_rule", " / ".join(terms.umpire_rule.label(lang) for lang in langs)),
        ("total_own", f"{money(s.total.value)} ± {money(s.total.U)} {cur} (k = {s.total.k:.2f})"),
        (
            "final",
            f"{money(final)} {cur}"
            if final is not None
            else both("final_pending", langs, elements=outstanding),
        ),
        ("issued_at" if header.issued_by else "computed_at", header.issued_at.replace("T", " ")[:19]),
        ("issued_by", header.issued_by),
    ]
    return [(both(key, langs), value) for key, value in rows if value]


def _element(element: str, lang: Lang) -> str:
    return f"{element} ({ANALYTE_NAMES_JA[element] if lang == 'ja' else ANALYTES[element][1]})"


def _table(terms: SettlementTerms, s: Settlement, langs: tuple[Lang, ...]) -> list[list[str]]:
    cur = terms.currency
    keys = (
        "col_element",
        "col_own",
        "col_own_value",
        "col_counter",
        "col_limit",
        "col_outcome",
        "col_umpire",
        "col_settled",
        "col_final",
    )
    head = [both(key, langs, currency=cur) for key in keys]
    none = both("none", langs)
    rows = [head]
    for line in s.lines:
        own, x = line.own, line.exchange
        shown = report(own.assay_pct, own.assay_U, "wt%")
        kind = "limit_absolute" if line.limit.kind is LimitKind.ABSOLUTE else "limit_relative"
        rows.append(
            [
                line.payable.element,
                f"{shown.value} ± {shown.U}" if shown.U else shown.value,
                f"{money(own.value)} ± {money(own.U)} (k = {own.k:.2f})",
                none if line.counterparty is None else f"{line.counterparty.value_pct:.2f}",
                both(kind, langs, limit=f"{line.limit.limit:g}"),
                " / ".join(x.outcome.label(lang) for lang in langs),
                none if line.umpire is None else f"{line.umpire.value_pct:.2f}",
                none if x.settled is None else f"{x.settled:.3f}",
                none if line.final_value is None else money(line.final_value),
            ]
        )
    return rows


def _statements(
    header: StatementHeader, terms: SettlementTerms, s: Settlement, langs: tuple[Lang, ...]
) -> list[str]:
    out = []
    if header.provisional:
        elements = ", ".join(line.payable.element for line in s.outstanding)
        out += [settlement_text("provisional_note", lang, elements=elements) for lang in langs]
    for p in terms.payables:
        for lang in langs:
            out.append(
                settlement_text(
                    "price_term",
                    lang,
                    element=p.element,
                    payable=f"{p.payable_pct:g}",
                    price=money(p.price),
                    currency=p.currency,
                    unit=p.unit.label(lang),
                    basis=p.basis.label(lang),
                    reference=p.reference,
                    date=p.price_date.isoformat(),
                )
            )
    for line in s.lines:
        for source, other in (
            (AssaySource.COUNTERPARTY, line.counterparty),
            (AssaySource.UMPIRE, line.umpire),
        ):
            if other is not None:
                ref = f", {other.reference}" if other.reference else ""
                out += [
                    settlement_text(
                        "assayed_by",
                        lang,
                        element=_element(line.payable.element, lang),
                        source=source.label(lang),
                        value=f"{other.value_pct:.2f}",
                        laboratory=other.laboratory + ref,
                    )
                    for lang in langs
                ]
    for key in ("formula", "uncertainty", "user_terms"):
        out += [settlement_text(key, lang) for lang in langs]
    bases = dict.fromkeys([*(line.own.basis for line in s.lines), s.total.basis])
    out += [settlement_text(_BASIS[b], lang) for b in bases for lang in langs]
    return out


_BASIS = {
    UncertaintyBasis.CORRELATED: "basis_correlated",
    UncertaintyBasis.RESULT: "basis_independent",
    UncertaintyBasis.UPPER_BOUND: "basis_upper_bound",
}
