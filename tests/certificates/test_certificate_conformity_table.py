"""The conformity table of a certificate (issue 19 item 4), from certificate data alone: its numbers
must be the results table's (validate refuses others), an off-spec lot has no grade, and conditional
outcomes read as ILAC-G8 says, in English, Japanese and both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labapp.certificates.layout import render_certificate
from labapp.certificates.model import (
    Conformity,
    ConformityOutcome,
    ConformityRow,
    CriteriaLimit,
    CriteriaTier,
    DecisionRule,
    canonical_json,
    load_twin,
    twin_sha256,
)
from labapp.core.errors import LabappError
from labapp.core.vocabulary import Outcome
from tests.certificates.helpers import example_data, run_tool


def _row(quantity: str, grade: str, side: str, limit: float, outcome: Outcome, data) -> ConformityRow:
    result = next(r for r in data.results if r.analyte == quantity)
    return ConformityRow(
        quantity,
        grade,
        side,
        limit,
        "wt%",
        "dry",
        outcome,
        result.value,
        result.u_expanded,
        result.unit,
        guard_band=result.u_expanded,
    )


def _data(language: str, outcome: ConformityOutcome, grade: str | None, rows: list[tuple]) -> object:
    data = example_data(language)
    data.decision_rule = DecisionRule("non_binary", "U (95 % coverage)")
    data.conformity = Conformity(
        outcome,
        grade,
        "NCM/NCA",
        [],
        ["Ni", "Li", "Fe"],
        [_row(*spec, data=data) for spec in rows],
        "NCM/NCA C",
    )
    data.criteria.tiers = [CriteriaTier("NCM-C", "C", ["NCM"], [CriteriaLimit("Li", "min", 2.0, "wt%")])]
    data.validate()
    return data


def _text(data, tmp_path: Path) -> str:
    twin = canonical_json(data)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(data, twin_sha256(twin)).pdf)
    out = run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-").stdout
    return re.sub(r"\s+", " ", out)


OFF_SPEC = [
    ("Li", "C", "min", 3.7, Outcome.CONDITIONAL_FAIL),
    ("Fe", "C", "max", 0.3, Outcome.FAIL),
    ("Ni", "C", "min", 16.0, Outcome.PASS),
]


@pytest.mark.parametrize("language", ["en", "ja", "en+ja"])
def test_an_off_spec_lot_lists_its_failures_and_the_outside_wording(language: str, tmp_path: Path) -> None:
    text = _text(_data(language, ConformityOutcome.OFF_SPEC, None, OFF_SPEC), tmp_path)
    dense = text.replace(" ", "")
    if "en" in language:
        assert "Off-spec: the lot does not meet the lowest grade of the criteria set (NCM/NCA C)" in text
        assert "It fails: Li, Fe." in text
        assert (
            "Conformity cannot be stated at the 95 % level; the measured value is outside the limit (Li)"
            in text
        )
        assert "Grade NCM/NCA" not in text
    if "ja" in language:
        assert "規格外：本ロットは判定基準の最低グレード（NCM/NCAC）を満たさず" in dense
        assert "不適合の項目：Li、Fe。" in dense
        assert "95%の信頼水準では適合を表明できません。測定値は限度の外側にあります（Li）" in dense
    if language == "ja":
        assert "It fails" not in text and "Conformity cannot" not in text
    # each row prints the results table's digits (Li 3.621, U 0.118 print as 3.62 and 0.12)
    assert re.search(r" Li 3\.62 0\.12 2 wt% ", text)
    assert "3.62 ± 0.12 wt%" in text and "Li ≥ 3.7 wt%" in text
    # the annex prints the set's limits
    assert "C (NCM-C)" in text and "Li ≥ 2 wt%" in text


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_conditional_pass_never_reads_conforms(language: str, tmp_path: Path) -> None:
    rows = [("Li", "B", "min", 3.5, Outcome.CONDITIONAL_PASS), ("Ni", "B", "min", 16.0, Outcome.PASS)]
    text = _text(_data(language, ConformityOutcome.CONDITIONAL_PASS, "NCM/NCA B", rows), tmp_path)
    dense = text.replace(" ", "")
    if language == "en":
        assert (
            "Grade NCM/NCA B: conformity cannot be stated at the 95 % level; the measured value is inside"
            " the limit (Li). Conditional pass under the decision rule."
        ) in text
        assert "conforms to grade" not in text
        assert "NCM/NCA B (conditional pass)" in text
    else:
        assert "95%の信頼水準では適合を表明できません。測定値は限度の内側にあります（Li）" in dense
        assert "に適合します" not in dense
        assert "NCM/NCAB（条件付き合格）" in dense


def test_a_pass_still_states_conformity(tmp_path: Path) -> None:
    text = _text(
        _data("en", ConformityOutcome.PASS, "NCM/NCA C", [("Ni", "C", "min", 16.0, Outcome.PASS)]), tmp_path
    )
    assert "The lot conforms to grade NCM/NCA C." in text


def test_validate_refuses_a_conformity_row_whose_numbers_differ_from_the_results_table() -> None:
    data = _data("en", ConformityOutcome.PASS, "NCM/NCA C", [("Li", "C", "min", 2.0, Outcome.PASS)])
    data.conformity.criteria[0].value = 3.62  # the results row holds 3.621
    with pytest.raises(LabappError, match="conformity row Li .*differ from the results table"):
        data.validate()


def test_validate_refuses_a_grade_on_an_off_spec_lot() -> None:
    data = _data("en", ConformityOutcome.OFF_SPEC, None, OFF_SPEC)
    data.conformity.grade = "NCM/NCA C"
    with pytest.raises(LabappError, match="off-spec"):
        data.validate()


def test_the_rows_and_the_annex_survive_the_twin_round_trip() -> None:
    data = _data("en", ConformityOutcome.OFF_SPEC, None, OFF_SPEC)
    again = load_twin(canonical_json(data))
    assert again.conformity.criteria[0].outcome is Outcome.CONDITIONAL_FAIL
    assert again.criteria.tiers[0].limits[0].value == 2.0
    assert canonical_json(again) == canonical_json(data)
