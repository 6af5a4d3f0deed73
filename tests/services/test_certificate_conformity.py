"""Issue 19 item 4 on the demo's signed certificates: the statement of conformity is a table whose
numbers are the results table's, sums are result rows with the grading's correlated U, an off-spec
lot names what it fails and shows no grade, conditional outcomes use ILAC-G8 wording, and the
criteria set's limits are printed in an annex."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _certification_support import gum_round, pdf_text
from demo_builds import copy_demo
from sqlalchemy import select

from labapp.core.analytes import quantity_label
from labapp.demo.build import DemoReport
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import default_set
from labapp.store.gradings import LotGrading
from labapp.store.lots import Lot

_NUMBER = r"(< )?(\d+(?:\.\d+)?)"


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("conformity") / "demo"
    copy_demo(demo_build, out)
    return out


def _certificates(demo: Path) -> list[tuple[Path, dict]]:
    pdfs = sorted((demo / "certificates").glob("*_rev0.pdf"))
    assert len(pdfs) == 14
    return [(pdf, json.loads(pdf.with_suffix(".json").read_text("utf-8"))) for pdf in pdfs]


def _section(text: str, start: str, end: str) -> str:
    """The lines of a section, from its heading to the next heading (page furniture included)."""
    return text[text.index(start) : text.index(end, text.index(start))]


def _results_table(text: str) -> dict[str, tuple[str, str, str]]:
    """Analyte -> (value, U, unit) as the results table prints them (pdftotext -layout)."""
    rows = {}
    for line in _section(text, "Results on a dry basis", "< LOQ: below").splitlines():
        found = re.match(
            rf"^\s*(\S+)\s+{_NUMBER}\s+(?:(\d+(?:\.\d+)?)\s+(?:\d+(?:\.\d+)?\s+)?)?(wt%|mg/kg)\s", line
        )
        if found:
            analyte, lt, value, u, unit = found.groups()
            rows[analyte] = ((lt or "") + value, u or "", unit)
    moisture = re.search(r"Moisture\s+水分\s+(\d+\.\d+) % ± (\d+\.\d+) %", text)
    assert moisture, "the masses section prints the moisture with its U"
    rows["moisture"] = (moisture.group(1), moisture.group(2), "%")
    return rows


def _conformity_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    """(grade, criterion, value, U, unit) of every row of the conformity table."""
    rows = []
    for line in _section(text, "Statement of conformity", "Rows: the limits").splitlines():
        found = re.match(
            rf"^\s*([A-C])\s+(\S+)\s+\S+ [≥≤] [\d.]+ \S+ \(.*?\s{_NUMBER}"
            r"(?: ± (\d+(?:\.\d+)?))? (wt%|mg/kg|%)\s",
            line,
        )
        if found:
            grade, criterion, lt, value, u, unit = found.groups()
            criterion = criterion.split("/")[0]  # "moisture/水分" (bilingual; may wrap after the slash)
            rows.append((grade, criterion, (lt or "") + value, u or "", unit))
    return rows


def test_every_number_of_every_conformity_table_is_the_results_tables(demo) -> None:
    compared = 0
    for pdf, twin in _certificates(demo):
        text = pdf_text(pdf)
        results = _results_table(text)
        rows = _conformity_rows(text)
        # mass fractions: the rows this test reads from the PDF (a size limit in mm is issue 21's, below)
        stated = [r for r in twin["conformity"]["criteria"]
                  if (r["value"] is not None or r["censored"]) and r["unit"] != "mm"]
        assert len(rows) == len(stated), pdf.name  # every row with a result was read from the PDF
        for _grade, criterion, value, u, unit in rows:
            assert results[criterion] == (value, u, unit), (pdf.name, criterion)
            compared += 1
        # and in the twin: the same numbers, row by row (moisture from the masses)
        by_analyte = {r["analyte"]: r for r in twin["results"]}
        for row in stated:
            if row["quantity"] == "moisture":
                shown = (twin["masses"]["moisture_pct"], twin["masses"]["moisture_u"])
            else:
                shown = (by_analyte[row["quantity"]]["value"], by_analyte[row["quantity"]]["u_expanded"])
            assert (row["value"], row["u_expanded"]) == shown, (pdf.name, row)
    assert compared > 14 * 6  # every certificate has rows for its grade's limits


def test_the_largest_particle_size_row_is_the_result_with_its_u(demo) -> None:
    """The demo measures the largest size by sieving (issue 21): its conformity row in the twin is the
    result's value and U, in mm."""
    checked = 0
    for _pdf, twin in _certificates(demo):
        by_analyte = {r["analyte"]: r for r in twin["results"]}
        for row in twin["conformity"]["criteria"]:
            if row["quantity"] == "particle_size" and row["value"] is not None:
                shown = by_analyte["particle_size"]
                expected = (shown["value"], shown["u_expanded"], "mm")
                assert (row["value"], row["u_expanded"], row["unit"]) == expected
                checked += 1
    assert checked >= 10


def test_sums_are_result_rows_with_the_correlated_u_the_grading_used(demo) -> None:
    ctx = ServiceContext(str(demo / "labapp.sqlite"))
    try:
        with ctx.read_session() as session:
            gradings = {
                lot.code: json.loads(g.result_json)
                for lot, g in session.execute(
                    select(Lot, LotGrading)
                    .join(LotGrading, LotGrading.lot_id == Lot.id)
                    .where(LotGrading.current)
                    .order_by(LotGrading.graded_at, LotGrading.id)  # the newest (the certificate's) wins
                )
            }
    finally:
        ctx.close()
    sums = 0
    for pdf, twin in _certificates(demo):
        printed = _results_table(pdf_text(pdf))
        graded = {
            c["quantity"]: c
            for tier in gradings[twin["lot"]["lot_id"]]["tiers"]
            for c in tier["criteria"]
            if "+" in c["quantity"] and c["value"] is not None
        }
        rows = {r["analyte"]: r for r in twin["results"] if r.get("terms")}
        assert set(rows) == set(graded), pdf.name
        for quantity, criterion in graded.items():
            value, u = gum_round(criterion["value"], criterion["expanded_uncertainty"])
            assert printed[quantity][:2] == (value, u), (pdf.name, quantity)
            assert rows[quantity]["terms"] == quantity.split("+")
            assert rows[quantity]["u_basis"] == criterion["uncertainty_basis"] == "correlated"
            sums += 1
    assert sums >= 14  # Ni+Co or Cu+Al on the NCM/LCO certificates


def test_an_off_spec_lot_names_the_criteria_it_fails_and_shows_no_grade(demo) -> None:
    off_spec = [
        (pdf, twin) for pdf, twin in _certificates(demo) if twin["conformity"]["outcome"] == "off_spec"
    ]
    # BM26-0003 (Li 2.6) joined the off-spec lots with set 0.2, whose NCM grade C takes Li >= 3.0
    assert len(off_spec) == 3
    for pdf, twin in off_spec:
        conformity = twin["conformity"]
        assert conformity["grade"] is None and conformity["tested_grade"]
        text = pdf_text(pdf)
        section = re.sub(r"\s+", " ", _section(text, "Statement of conformity", "Rows: the limits"))
        assert not re.search(r"^Grade\s+グレード", _section(text, "Statement of conformity", "Rows:"), re.M)
        lowest = conformity["tested_grade"].rsplit(" ", 1)[-1]
        failing = [
            r["quantity"]
            for r in conformity["criteria"]
            if r["grade"] == lowest and r["outcome"] in ("fail", "conditional fail")
        ]
        assert failing
        assert f"It fails: {', '.join(quantity_label(q) for q in failing)}." in section
        failing_ja = "、".join(quantity_label(q, "ja") for q in failing)  # particle_size: 最大粒径 (issue 21)
        assert f"不適合の項目：{failing_ja}。" in section.replace(" ", "")
        assert "The lot conforms" not in section and "Mixed C." not in section


def test_a_conditional_pass_uses_the_ilac_g8_wording_not_conforms(demo) -> None:
    conditional = [
        (pdf, twin)
        for pdf, twin in _certificates(demo)
        if twin["conformity"]["outcome"] == "conditional_pass"
    ]
    assert len(conditional) == 3
    for pdf, twin in conditional:
        flat = re.sub(r"\s+", " ", pdf_text(pdf))
        inside = [r["quantity"] for r in twin["conformity"]["criteria"] if r["outcome"] == "conditional pass"]
        assert inside
        assert (
            f"conformity cannot be stated at the 95 % level; the measured value is inside the limit "
            f"({', '.join(inside)})" in flat
        )
        dense = flat.replace(" ", "")  # Japanese wraps between any two characters
        assert "95%の信頼水準では適合を表明できません。測定値は限度の内側にあります" in dense
        assert "The lot conforms" not in flat and "に適合します" not in dense


def test_the_annex_prints_every_grades_limits_of_the_set(demo) -> None:
    cs = default_set()
    pdf, twin = _certificates(demo)[0]
    flat = re.sub(r"\s+", " ", pdf_text(pdf))
    assert f"Annex: limits of the criteria set {cs.title}, version {cs.version}" in flat
    annex = flat[flat.index("Annex: limits") :]
    assert [t["id"] for t in twin["criteria"]["tiers"]] == [t.id for t in cs.tiers]
    for tier in cs.tiers:
        assert f"{tier.grade} ({tier.id})" in annex
        row = annex[annex.index(f"({tier.id})") :]
        for lim in tier.limits:
            sign = "≥" if lim.side == "min" else "≤"
            names = (quantity_label(lim.quantity.label, lang).split("（")[0] for lang in ("en", "ja"))
            printed = "/".join(dict.fromkeys(names))  # bilingual: moisture/水分, Ni+Co once
            # Japanese wraps between any two characters ("最大 粒径"): compare without spaces
            dense = f"{printed} {sign} {lim.value:g} {lim.unit}".replace(" ", "")
            assert dense in row.replace(" ", ""), (tier.id, lim.key)
    for key, source in cs.sources.items():
        assert f"{key}: {source.text}" in annex


def test_every_china_screen_on_a_certificate_says_what_it_did_not_test(demo) -> None:
    """Issue 23: the screen's verdict is never read as covering Annex 1's Zn, Pb, Cd limits, the molar
    ratio or appearance: the twin's detail, its Japanese and the PDF name them after "not assessed"."""
    china = 0
    for pdf, twin in _certificates(demo):
        for i, screen in enumerate(twin["regulatory_screens"]):
            if not screen["name"].startswith("China import criteria"):
                continue
            if "not applicable" in screen["detail"]:
                continue  # LMO: the criteria do not cover the lot, so there is no verdict to qualify
            china += 1
            said = "; not assessed: limits whose published values were not found (not encoded) (Zn, Pb, Cd), "
            assert said + "main-element molar ratio, appearance, particle size" in screen["detail"]
            ja = twin["ja"][f"/regulatory_screens/{i}/detail"]
            assert "未評価：公表値を確認できず収録していない限度（Zn、Pb、Cd）、主要元素のモル比、外観" in ja
            dense = re.sub(r"\s+", "", pdf_text(pdf))
            # the detail column wraps among the other cells: its pieces are printed
            assert "notassessed:limits" in dense and "(Zn,Pb,Cd),main-elementmolarratio" in dense
            assert "未評価：公表値を確認できず" in dense
    assert china == 13  # every demo lot but the LMO one
