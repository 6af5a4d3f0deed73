"""The certificate's sections as platypus flowables, in the order of ISO/IEC 17025 7.8.2.1 and black-mass.md.

Labels come from text.py; values come from the data, drawn with fonts.markup so any Japanese in a
client name or remark renders with the embedded Japanese font.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from labapp.certificates.fonts import LATIN, has_japanese, line_width, markup
from labapp.certificates.formatting import format_plain, format_result
from labapp.certificates.model import (
    CertificateData,
    ConformityOutcome,
    ConformityRow,
    ContainedMetal,
    CriteriaLimit,
    Result,
    ResultStatus,
)
from labapp.certificates.paragraphs import Paragraph
from labapp.certificates.text import Lang, needs_japanese, text
from labapp.core.analyte_names import NAMED
from labapp.core.analytes import quantity_label
from labapp.core.uncertainty.reporting import report_limit, round_uncertainty
from labapp.core.vocabulary import Basis, Outcome, RuleKind, SuppliedItem, UncertaintyBasis

Value = str | list[str] | None  # one text for all languages, or one per language
HEAD_FILL = colors.HexColor("#e8edf3")
LINE = colors.HexColor("#c5ccd4")
MUTED = colors.HexColor("#6b7280")
# which customer-supplied item (SuppliedItem value) a printed row belongs to
SUPPLIED_BY_KEY = {
    **dict.fromkeys(("gross_mass", "net_wet_mass"), SuppliedItem.MASSES.value),
    "origin": SuppliedItem.ORIGIN.value,
    "declared_chemistry": SuppliedItem.CHEMISTRY.value,
    **dict.fromkeys(
        ("shipment_id", "container_ids", "bag_ids", "seal_ids"), SuppliedItem.IDENTIFICATION.value
    ),
    **dict.fromkeys(("waste_code", "customs_code"), SuppliedItem.CODES.value),
    **dict.fromkeys(
        ("sampling_standard", "sampling_plan", "sampling_location", "sampled_by", "sampled_on"),
        SuppliedItem.SAMPLING.value,
    ),
}


# a unit whose code (UCUM, the twin) is not how a reader writes it
_UNIT_PRINTED = {"um": "µm"}


class Sections:
    """Builds the story for one certificate in one language choice."""

    def __init__(
        self,
        data: CertificateData,
        langs: tuple[Lang, ...],
        styles: dict[str, ParagraphStyle],
        width: float,
        twin_sha256: str | None = None,
    ) -> None:
        self.data, self.langs, self.styles, self.width = data, langs, styles, width
        self.twin_sha256 = twin_sha256  # printed in the title block, as in the QR code

    def story(self, qr: Flowable, signature: Flowable) -> list[Flowable]:
        return [
            *self._title(qr),
            *self._amendment(),
            *self._parties(),
            *self._item(),
            *self._sampling(),
            *self._masses(),
            *self._results(),
            *self._methods(),
            *self._contained(),
            *self._conformity(),
            *self._screens(),
            *self._free_text("section_deviations", "deviations", self.data.deviations),
            *self._free_text("section_remarks", "remarks", self.data.remarks),
            *self._statements(),
            *self._annex(),
            *self._signatures(signature),
        ]

    # --- sections ---------------------------------------------------------------------------------

    def _title(self, qr: Flowable) -> list[Flowable]:
        cert = self.data.certificate
        lines = [
            para(" / ".join(text("title", lang) for lang in self.langs), self.styles["title"]),
            para(" / ".join(text("subtitle", lang) for lang in self.langs), self.styles["subtitle"]),
            Spacer(1, 4),
        ]
        rows = [
            ("certificate_number", cert.number),
            ("revision", str(cert.revision)),
            ("supersedes", cert.supersedes),
            ("date_of_issue", _date_time(cert.issued_at)),
            ("twin_sha256", self.twin_sha256),
        ]
        caption = para([text("qr_caption", lang) for lang in self.langs], self.styles["small"])
        qr_width = qr.width + 6
        left = [*lines, self._kv(rows, self.width - qr_width - 8)]
        table = Table([[left, [qr, caption]]], colWidths=[self.width - qr_width, qr_width])
        table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return [table]

    def _amendment(self) -> list[Flowable]:
        """What this revision changed (7.8.8.2): the reason, then each field with its old and new value."""
        amendment = self.data.amendment
        if amendment is None:
            return []
        reason = self._kv([("amendment_reason", self._local("/amendment/reason", amendment.reason))])
        rows = [[c.field, c.old, c.new] for c in amendment.changes]
        grid = self._grid(["col_field", "col_old", "col_new"], rows, [0.3, 0.35, 0.35])
        return [self._heading("section_amendment"), reason, Spacer(1, 2), grid]

    def _parties(self) -> list[Flowable]:
        lab, client = self.data.laboratory, self.data.client
        return [
            self._heading("section_laboratory"),
            self._kv(
                [
                    ("lab_name", lab.name),
                    ("address", lab.address),
                    ("location", lab.location),
                    ("accreditation", self._local("/laboratory/accreditation", lab.accreditation)),
                    ("verification", lab.verification),
                ]
            ),
            self._heading("section_client"),
            self._kv(
                [("client_name", client.name), ("address", client.address), ("contact", client.contact)]
            ),
        ]

    def _item(self) -> list[Flowable]:
        lot = self.data.lot
        supplied = [SuppliedItem(v) for v in lot.customer_supplied]
        rows = [
            ("lot_id", lot.lot_id),
            ("lab_sample_id", lot.lab_sample_id),
            ("shipment_id", lot.shipment_id),
            ("container_ids", ", ".join(lot.container_ids)),
            ("bag_ids", ", ".join(lot.bag_ids)),
            ("seal_ids", ", ".join(lot.seal_ids)),
            ("declared_chemistry", self._local("/lot/declared_chemistry", lot.declared_chemistry)),
            ("origin", self._local("/lot/origin", lot.origin)),
            ("waste_code", lot.waste_code),
            ("customs_code", lot.customs_code),
            ("description", self._local("/lot/description", lot.description)),
            ("condition", self._local("/lot/condition", lot.condition)),
            (
                "customer_supplied",
                [_joined([item.label(lang) for item in supplied], lang) for lang in self.langs]
                if supplied
                else None,
            ),
        ]
        return [self._heading("section_item"), self._kv(self._marked(rows))]

    def _marked(self, rows: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
        """A value the customer supplied carries † (7.8.2.2); the Statements section says what † means."""
        supplied = set(self.data.lot.customer_supplied)
        if not self.data.sampling.by_laboratory:
            supplied.add(SuppliedItem.SAMPLING.value)
        return [
            (key, _dagger(value) if SUPPLIED_BY_KEY.get(key) in supplied else value) for key, value in rows
        ]

    def _sampling(self) -> list[Flowable]:
        sampling, dates = self.data.sampling, self.data.dates
        analysed = (
            dates.analysis_start
            if dates.analysis_start == dates.analysis_end
            else f"{dates.analysis_start} – {dates.analysis_end}"
        )
        rows = [
            ("sampling_standard", self._local("/sampling/standard", sampling.standard)),
            ("sampling_plan", self._local("/sampling/plan", sampling.plan)),
            ("sampling_location", self._local("/sampling/location", sampling.location)),
            ("sampled_by", sampling.sampled_by),
            ("sampled_on", sampling.sampled_on),
            ("received_on", dates.received_on),
            ("analysed", analysed),
        ]
        return [self._heading("section_sampling"), self._kv(self._marked(rows))]

    def _masses(self) -> list[Flowable]:
        masses = self.data.masses
        moisture = None
        if masses.moisture_pct is not None:
            value, u = format_result(masses.moisture_pct, masses.moisture_u)
            moisture = f"{value} %" + (f" ± {u} % (k = {format_plain(masses.moisture_k)})" if u else "")
        rows = [
            ("gross_mass", format_plain(masses.gross_kg, "kg")),
            ("net_wet_mass", format_plain(masses.net_wet_kg, "kg")),
            ("net_dry_mass", format_plain(masses.net_dry_kg, "kg")),
            ("moisture", moisture),
            ("moisture_method", self._local("/masses/moisture_method", masses.moisture_method)),
        ]
        return [self._heading("section_masses"), self._kv(self._marked(rows))]

    def _results(self) -> list[Flowable]:
        if not self.data.results:
            return []
        keys = [
            "col_analyte",
            "col_result",
            "col_u",
            "col_k",
            "col_unit",
            "col_loq",
            "col_method",
            "col_note",
        ]
        widths = [0.15, 0.09, 0.08, 0.05, 0.07, 0.08, 0.23, 0.25]
        rows = [self._result_row(i, result) for i, result in enumerate(self.data.results)]
        muted = [i for i, result in enumerate(self.data.results) if result.status == ResultStatus.EXCLUDED]
        legend = ["legend_loq", "legend_u", "legend_status"]
        if any(result.external_provider for result in self.data.results):
            legend.append("legend_external")
        notes = [
            para(" ".join(text(key, lang) for key in legend), self.styles["small"]) for lang in self.langs
        ]
        return [
            CondPageBreak(140),
            self._heading("section_results"),
            self._grid(keys, rows, widths, numeric=(1, 2, 3, 5), muted_rows=muted),
            Spacer(1, 2),
            *notes,
        ]

    def _result_row(self, index: int, result: Result) -> list[Value]:
        value, u = shown(result.value, result.u_expanded, result.censored, result.bound)
        loq = _limit(result.loq)
        note = self._lines(f"/results/{index}/note", result.note)
        notes = [self._result_notes(result, lang, line) for lang, line in zip(self.langs, note, strict=True)]
        k = format_plain(result.k) if u else ""
        method = self._local(f"/results/{index}/method", result.method, prose=False)
        unit = _UNIT_PRINTED.get(result.unit, result.unit)
        return [self._analyte(result.analyte), value, u, k, unit, loq, method, _distinct(notes)]

    def _result_notes(self, result: Result, lang: Lang, note: str | None) -> str:
        """The Note cell in one language: status, reason, basis, external provider, U with sampling."""
        notes = []
        if result.terms:
            key = "sum_upper_bound" if result.u_basis == UncertaintyBasis.UPPER_BOUND else "sum_correlated"
            notes.append(text(key, lang))
        if result.status != ResultStatus.REPORTED:
            notes.append(text(f"status_{result.status}", lang) + (f": {note}" if note else ""))
        elif note:
            notes.append(note)
        if result.basis != Basis.DRY:
            notes.append(text("basis_as_received", lang))
        if result.external_provider:
            notes.append(text("external_provider", lang) + f": {result.external_provider}")
        if result.u_with_sampling is not None and result.value is not None:
            _, lot_u = format_result(result.value, result.u_with_sampling)
            notes.append(
                text("with_sampling", lang) + f": ± {lot_u} (k = {format_plain(result.k_with_sampling)})"
            )
        return ("；" if lang == "ja" else "; ").join(notes)

    def _methods(self) -> list[Flowable]:
        """Each method by title and preparation (7.8.2.1 f), not only the id the results table names."""
        if not self.data.methods:
            return []
        rows = []
        for m in self.data.methods:
            titles = [m.title_ja or m.title if lang == "ja" else m.title for lang in self.langs]
            preparations = [
                (m.preparation_ja or m.preparation) if lang == "ja" else m.preparation for lang in self.langs
            ]
            rows.append(
                [
                    f"{m.id} v{m.version}",
                    m.technique,
                    list(dict.fromkeys(titles)),
                    list(dict.fromkeys(p for p in preparations if p)) or "",
                ]
            )
        grid = self._grid(
            ["col_method_id", "col_technique", "col_method_title", "col_preparation"],
            rows,
            [0.18, 0.1, 0.34, 0.38],
        )
        return [self._heading("section_methods"), grid]

    def _contained(self) -> list[Flowable]:
        if not self.data.contained_metal:
            return []
        rows = [
            [
                item.analyte,
                *_contained_cells(item),
                self._local(f"/contained_metal/{i}/expressed_as", item.expressed_as),
            ]
            for i, item in enumerate(self.data.contained_metal)
        ]
        legend = []
        if any(item.censored for item in self.data.contained_metal):
            legend = [para([text("contained_below_loq", lang) for lang in self.langs], self.styles["small"])]
        return [
            self._heading("section_contained"),
            self._grid(
                ["col_analyte", "col_contained", "col_u", "col_equivalent"],
                rows,
                [0.16, 0.22, 0.17, 0.45],
                numeric=(1, 2),
            ),
            *legend,
        ]

    def _conformity(self) -> list[Flowable]:
        criteria, rule, conformity = self.data.criteria, self.data.decision_rule, self.data.conformity
        if criteria is None and rule is None and conformity is None:
            return []
        rows: list[tuple[str, Value]] = []
        if criteria is not None:
            name = self._lines("/criteria/name", criteria.name)
            rows += [
                ("criteria_set", _distinct([f"{line} ({criteria.id})" for line in name])),
                ("criteria_version", criteria.version),
                ("criteria_hash", criteria.sha256),
            ]
        if rule is not None:
            w = self._lines("/decision_rule/guard_band", rule.guard_band or "U")
            rows.append(
                (
                    "decision_rule",
                    [
                        text(f"rule_{rule.rule}", lang, w=band)
                        for lang, band in zip(self.langs, w, strict=True)
                    ],
                )
            )
        table: list[Flowable] = []
        if conformity is not None:
            grade_lines = self._lines("/conformity/grade", conformity.grade)
            grade: Value = _distinct(grade_lines) if conformity.grade else None
            if conformity.grade and conformity.outcome == ConformityOutcome.CONDITIONAL_PASS:
                grade = [
                    text("grade_conditional", lang, grade=line)
                    for lang, line in zip(self.langs, grade_lines, strict=True)
                ]
            rows += [
                ("family", self._local("/conformity/family", conformity.family)),
                ("grade", grade),
                (
                    "outcome",
                    [
                        self._statement(lang, line or tested)
                        for lang, line, tested in zip(
                            self.langs,
                            grade_lines,
                            self._lines("/conformity/tested_grade", conformity.tested_grade),
                            strict=True,
                        )
                    ],
                ),
                (
                    "covered",
                    _distinct(
                        [
                            ", ".join(quantity_label(q, lang) for q in conformity.covered)
                            for lang in self.langs
                        ]
                    )
                    or None,
                ),
            ]
            if conformity.criteria:
                table = self._criteria_table(conformity.criteria)
        head = KeepTogether([self._heading("section_conformity"), self._kv(rows)])
        return [head, *table]

    def _statement(self, lang: Lang, grade: str | None) -> str:
        """The statement of conformity in one language (`grade` in that language): ILAC-G8 wording for
        conditional outcomes."""
        conformity = self.data.conformity
        assert conformity is not None
        stated = [r for r in conformity.criteria if _grade_of(conformity) == r.grade] or conformity.criteria
        named = grade or conformity.tested_grade or "—"

        def items(*outcomes: Outcome) -> str:
            quantities = dict.fromkeys(
                quantity_label(r.quantity, lang) for r in stated if r.outcome in outcomes
            )
            return _joined(list(quantities), lang, ", ")

        outcome = conformity.outcome
        if outcome == ConformityOutcome.PASS:
            return text("outcome_pass", lang, grade=named)
        if outcome == ConformityOutcome.CONDITIONAL_PASS:
            return text("outcome_conditional_pass", lang, grade=named, items=items(Outcome.CONDITIONAL_PASS))
        if outcome == ConformityOutcome.CONDITIONAL_FAIL:
            return text("outcome_conditional_fail", lang, grade=named, items=items(Outcome.CONDITIONAL_FAIL))
        failing = items(Outcome.FAIL, Outcome.CONDITIONAL_FAIL) or text("none", lang)
        sentence = text(f"outcome_{outcome}", lang, grade=named, items=failing)
        if items(Outcome.CONDITIONAL_FAIL):
            sentence += " " + text("outcome_outside", lang, items=items(Outcome.CONDITIONAL_FAIL))
        return sentence

    def _criteria_table(self, criteria: Sequence[ConformityRow]) -> list[Flowable]:
        keys = ["col_grade", "col_criterion", "col_limit", "col_result_u", "col_rule", "col_decision"]
        rows = [self._criterion_row(row) for row in criteria]
        legend = [
            para(f"{text('legend_conformity', lang)} {text('opinion_grade', lang)}", self.styles["small"])
            for lang in self.langs
        ]
        grid = self._grid(keys, rows, [0.09, 0.09, 0.23, 0.18, 0.22, 0.19], numeric=(3,))
        return [Spacer(1, 3), grid, Spacer(1, 2), *legend]

    def _criterion_row(self, row: ConformityRow) -> list[str]:
        if row.value is None and not row.censored:
            result = " / ".join(text("not_reported", lang) for lang in self.langs)
        else:
            value, u = shown(row.value, row.u_expanded, row.censored, row.loq)
            result = f"{value} ± {u} {row.result_unit}" if u else f"{value} {row.result_unit}"
        rule = self.data.decision_rule
        w = f"{round_uncertainty(row.guard_band):f} {row.unit}" if row.guard_band else "U"  # as U prints
        kind = RuleKind.parse(rule.rule).code if rule is not None else RuleKind.SIMPLE.code
        rule_text = " / ".join(text(f"rule_short_{kind}", lang) for lang in self.langs)
        rule_text += f", w = {w}" if kind != RuleKind.SIMPLE.code else ""
        decision = " / ".join(row.outcome.label(lang) for lang in self.langs)
        return [row.grade, self._quantity(row.quantity), self._limit_text(row), result, rule_text, decision]

    def _quantity(self, quantity: str) -> str:
        """A quantity in the printed languages: a symbol once (Ni+Co), a word in each (moisture/水分);
        without the Japanese label's basis (（受領時）), which the limit states next to it."""
        names = (_BASIS_SUFFIX.sub("", quantity_label(quantity, lang)) for lang in self.langs)
        return "/".join(dict.fromkeys(names))

    def _analyte(self, analyte: str) -> Value:
        """A results row's analyte: an element by its symbol; a panel analyte by its symbol, then its
        name in each printed language on its own line ("F_ws", "water-soluble fluoride", "水溶性フッ化物"),
        so F and F_ws are never told apart by a subscript alone (labapp.core.analyte_names)."""
        member = NAMED.get(analyte)
        if member is None or member.word_named:
            return self._quantity(analyte)
        return [member.value, *dict.fromkeys(member.label(lang) for lang in self.langs)]

    def _limit_text(self, limit: ConformityRow | CriteriaLimit) -> str:
        """ "Ni+Co ≥ 25 wt% (dry)": quantity, side, value, unit and basis; * when provisional."""
        value = limit.limit if isinstance(limit, ConformityRow) else limit.value
        basis = "/".join(text(f"basis_limit_{limit.basis}", lang) for lang in self.langs)
        star = " *" if limit.provisional else ""
        sign = "≥" if limit.side == "min" else "≤"
        return f"{self._quantity(limit.quantity)} {sign} {_plain_number(value)} {limit.unit} ({basis}){star}"

    def _annex(self) -> list[Flowable]:
        """Every grade's limits of the criteria set, as applied (frozen under its id and version)."""
        criteria = self.data.criteria
        if criteria is None or not criteria.tiers:
            return []
        names = self._lines("/criteria/name", criteria.name)
        heading = "  /  ".join(
            text("section_annex", lang, name=name, version=criteria.version)
            for lang, name in zip(self.langs, names, strict=True)
        )
        rows = []
        for t, tier in enumerate(criteria.tiers):
            limits = "; ".join(self._annex_limit(limit) for limit in tier.limits)
            names = [self._lines(f"/criteria/tiers/{t}/families/{f}", x) for f, x in enumerate(tier.families)]
            families = _distinct([", ".join(n[i] for n in names) for i in range(len(self.langs))])
            rows.append([f"{tier.grade} ({tier.id})", families, limits])
        grid = self._grid(["col_tier", "col_families", "col_limits"], rows, [0.14, 0.12, 0.74])
        cited_lines = [
            self._lines(f"/criteria/sources/{i}/text", source.text, distinct=True)
            for i, source in enumerate(criteria.sources)
        ]
        legend = [para(text("legend_annex", lang), self.styles["small"]) for lang in self.langs]
        cited = [  # a citation the same in every language (a standard's number) is printed once
            para([f"{source.key}: {line}" for line in lines], self.styles["small"])
            for source, lines in zip(criteria.sources, cited_lines, strict=True)
        ]
        heading_para = para(heading, self.styles["section"])
        return [CondPageBreak(120), heading_para, grid, Spacer(1, 2), *legend, *cited]

    def _annex_limit(self, limit: CriteriaLimit) -> str:
        sign = "≥" if limit.side == "min" else "≤"
        basis = (
            ""
            if limit.basis == Basis.DRY
            else " (" + "/".join(text(f"basis_limit_{limit.basis}", lang) for lang in self.langs) + ")"
        )
        star = "*" if limit.provisional else ""
        quantity = self._quantity(limit.quantity)
        return f"{quantity} {sign} {_plain_number(limit.value)} {limit.unit}{basis}{star}"

    def _screens(self) -> list[Flowable]:
        if not self.data.regulatory_screens:
            return []
        rows = [
            [
                self._local(f"/regulatory_screens/{i}/name", screen.name),
                " / ".join(text(f"screen_{screen.outcome}", lang) for lang in self.langs),
                self._local(f"/regulatory_screens/{i}/detail", screen.detail) or "",
            ]
            for i, screen in enumerate(self.data.regulatory_screens)
        ]
        opinion = [para(text("opinion_screens", lang), self.styles["small"]) for lang in self.langs]
        return [
            self._heading("section_screens"),
            self._grid(["col_screen", "col_screen_outcome", "col_detail"], rows, [0.42, 0.14, 0.44]),
            Spacer(1, 2),
            *opinion,
        ]

    def _free_text(self, key: str, field: str, items: Sequence[str]) -> list[Flowable]:
        if not items:
            return []
        bullets = [
            [f"• {line}" for line in self._lines(f"/{field}/{i}", item, distinct=True)]
            for i, item in enumerate(items)
        ]
        return [self._heading(key), *(para(lines, self.styles["body"]) for lines in bullets)]

    def _statements(self) -> list[Flowable]:
        keys = ["stmt_items", "stmt_reproduce", "stmt_basis"]
        if not self.data.sampling.by_laboratory:
            keys.append("stmt_sampling_by_client")
        if self.data.lot.customer_supplied or not self.data.sampling.by_laboratory:
            keys.append("stmt_customer_supplied")
        return [self._heading("section_statements"), *(self._side_by_side(key) for key in keys)]

    def _signatures(self, signature: Flowable) -> list[Flowable]:
        rows = [
            [
                s.name,
                self._local(f"/signatures/{i}/role", s.role),
                " / ".join(text(f"meaning_{s.meaning}", lang) for lang in self.langs),
                _date_time(s.signed_at),
            ]
            for i, s in enumerate(self.data.signatures)
        ]
        grid = self._grid(
            ["col_signer", "col_role", "col_meaning", "col_signed_at"], rows, [0.3, 0.25, 0.2, 0.25]
        )
        end = para(
            " / ".join(f"— {text('end_of_certificate', lang)} —" for lang in self.langs), self.styles["end"]
        )
        # the clear end of the report (7.8.2.1 d) always sits right under the signature block
        return [KeepTogether([self._heading("section_signatures"), grid, Spacer(1, 6), signature, end])]

    # --- texts in the certificate's languages ---------------------------------------------------

    def _lines(self, pointer: str, value: str | None, prose: bool = True, distinct: bool = False) -> list:
        """The text at `pointer` once per printed language: English as stored, Japanese from the twin's
        `ja` texts; a prose text with no Japanese is printed as the English original, marked so.
        With `distinct`, a text the same in every language is given once."""
        if value in (None, ""):
            return [value] * len(self.langs)
        lines = [value if lang == "en" else self._japanese(pointer, value, prose) for lang in self.langs]
        return lines[:1] if distinct and len(set(lines)) == 1 else lines

    def _local(self, pointer: str, value: str | None, prose: bool = True) -> Value:
        """A cell: one text when every language reads the same (a code, a name), else one per language."""
        return _distinct(self._lines(pointer, value, prose))

    def _japanese(self, pointer: str, value: str, prose: bool) -> str:
        japanese = self.data.japanese(pointer)
        if japanese:
            return japanese
        if not prose or not needs_japanese(value):
            return value  # a name, a code, a standard's number, or already Japanese
        return text("english_original", "ja") + value

    # --- building blocks ------------------------------------------------------------------------

    def _heading(self, key: str) -> Paragraph:
        return para("  /  ".join(text(key, lang) for lang in self.langs), self.styles["section"])

    def _side_by_side(self, key: str) -> Flowable:
        cells = [para(text(key, lang), self.styles["body"]) for lang in self.langs]
        table = Table([cells], colWidths=[self.width / len(cells)] * len(cells))
        table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def _kv(self, rows: Sequence[tuple[str, Value]], width: float | None = None) -> Table:
        """Label/value rows; in both languages the English and Japanese labels stand side by side."""
        width = width or self.width
        label_width = 0.24 * width if len(self.langs) == 1 else 0.2 * width
        body: list[list[Paragraph]] = []
        for key, value in rows:
            if value in (None, "", []):
                continue
            labels = [para(text(key, lang), self.styles["label"], label_width) for lang in self.langs]
            values = value if isinstance(value, list) else [value]
            cell = para(values, self.styles["cell"], width - label_width * len(self.langs))
            body.append([*labels, cell])
        widths = [label_width] * len(self.langs) + [width - label_width * len(self.langs)]
        table = Table(body or [[""] * len(widths)], colWidths=widths)
        table.setStyle(
            _table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
                ]
            )
        )
        return table

    def _grid(
        self,
        keys: Sequence[str],
        rows: Sequence[Sequence[str | list[str]]],
        fractions: Sequence[float],
        numeric: Sequence[int] = (),
        muted_rows: Sequence[int] = (),
    ) -> Table:
        """A table with a header repeated on each page; in both languages the header cells hold EN over JA."""
        widths = [f * self.width for f in fractions]
        head_right = ParagraphStyle("head-num", parent=self.styles["head"], alignment=2)
        header = [
            para(
                [text(key, lang) for lang in self.langs],
                head_right if col in numeric else self.styles["head"],
                widths[col],
            )
            for col, key in enumerate(keys)
        ]
        normal = self.styles["cell"]
        muted = ParagraphStyle("muted", parent=normal, textColor=MUTED)
        right = {
            normal.name: ParagraphStyle("num", parent=normal, alignment=2),
            muted.name: ParagraphStyle("muted-num", parent=muted, alignment=2),
        }
        body = []
        for index, row in enumerate(rows):
            plain = muted if index in muted_rows else normal
            body.append(
                [
                    para(cell, right[plain.name] if col in numeric else plain, widths[col])
                    for col, cell in enumerate(row)
                ]
            )
        table = Table([header, *body], colWidths=widths, repeatRows=1)
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        table.setStyle(_table_style(style))
        return table


def _distinct(lines: Sequence[str | None]) -> Value:
    """One text when every language's line is the same, else the lines."""
    if len(set(lines)) == 1:
        return lines[0]
    return [line or "" for line in lines]


def para(value: str | Sequence[str], style: ParagraphStyle, width: float | None = None) -> Paragraph:
    """A paragraph of plain text (several texts become lines); Japanese text may break between any two
    characters, as Japanese typesetting does, while Latin text breaks only at spaces.

    Japanese line breaking is several times slower in reportlab, so a text known to fit on one line
    of `width` points is set without it.
    """
    lines = [value] if isinstance(value, str) else list(value)
    if any(has_japanese(line) for line in lines) and not (
        width and all(_fits(line, style, width) for line in lines)
    ):
        style = ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
    return Paragraph("<br/>".join(markup(line) for line in lines), style)


def _fits(line: str, style: ParagraphStyle, width: float) -> bool:
    return line_width(line, style.fontName, style.fontSize) <= width - 8  # padding (4 + 3) and a point


def _date_time(value: str) -> str:
    """ISO 8601 shown without seconds' fraction and with the T replaced, e.g. 2026-11-22 09:30 UTC."""
    if "T" not in value:
        return value
    day, clock = value.split("T", 1)
    for suffix in ("+00:00", "Z"):
        if clock.endswith(suffix):
            return f"{day} {clock[:5]} UTC"
    return f"{day} {clock[:5]} {clock[-6:]}" if clock[-6] in "+-" else f"{day} {clock[:5]}"


def _contained_cells(item: ContainedMetal) -> list[str]:
    """(contained, U) as printed: "< 12 kg" below the LOQ, never "0 kg"; the value to U's digits."""
    if item.censored:
        return [f"< {format_plain(item.mass_kg, 'kg')}", ""]
    if item.u_kg is None:
        return [format_plain(item.mass_kg, "kg"), ""]
    value, u = format_result(item.mass_kg, item.u_kg)
    return [f"{value} kg", f"± {u} kg"]


def _table_style(commands: list[tuple]) -> TableStyle:
    """Table style with the embedded font set: reportlab selects a table font (Helvetica by default,
    never embedded) even when every cell is a Paragraph."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), LATIN), *commands])


_BASIS_SUFFIX = re.compile(r"（[^（）]*）$")  # a Japanese label's trailing basis, e.g. 水分（受領時）


def _dagger(value: Value) -> Value:
    """A customer-supplied value marked † in every language it is printed in."""
    if isinstance(value, list):
        return [f"{line} †" if _is_text(line) else line for line in value]
    return f"{value} †" if _is_text(value) else value


def shown(
    value: float | None, u_expanded: float | None, censored: str, bound: float | None
) -> tuple[str, str]:
    """(value, U) as the results table prints them, by the one rounding rule; every table that prints
    a result (results, conformity) goes through here, so they cannot disagree. `bound` is a censored
    result's bound (Result.bound: the LOD when not detected, else the LOQ)."""
    if censored == "<":  # the bound, rounded up (core.uncertainty.reporting)
        return (f"< {_limit(bound)}" if bound is not None else "< LOQ"), ""
    if value is None:
        return "—", ""
    return format_result(value, u_expanded)


def _is_text(value: Value) -> bool:
    return isinstance(value, str) and bool(value)


def _joined(items: list[str], lang: Lang, separator: str = "; ") -> str:
    """A list in running text: "a; b" (or `separator`) in English, "a、b" in Japanese."""
    return ("、" if lang == "ja" else separator).join(items)


def _grade_of(conformity: object) -> str | None:
    """The bare grade letter the statement is about ("B" of "NCM/NCA B")."""
    named = getattr(conformity, "grade", None) or getattr(conformity, "tested_grade", None)
    return named.rsplit(" ", 1)[-1] if named else None


def _plain_number(value: float | None) -> str:
    """A limit or guard band as written: shortest form (35, 0.005, 1.1)."""
    return "" if value is None else f"{value:g}"


def _limit(loq: float | None) -> str:
    """The LOQ as every output prints it (two significant digits kept, "0.030" not "0.03")."""
    return "" if loq is None else report_limit(loq)
