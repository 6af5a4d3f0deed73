"""The demo's trace-element run (Pb, Cd, Cr) end to end: calculated results against the generator's
truth, T/CPCIF 0169-2021 graded with real outcomes, certificates and their JSON twins carrying the
three analytes with U (resources/demo/icp_trace_run.csv, tools/demodata/trace.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from contextlib import closing

from _demo_files import read_csv

from labapp.demo.build import DemoReport

TRACE = ("Pb", "Cd", "Cr")
TRACE_RUN = "ICP-OES trace 2026-03-19"


def _query(report: DemoReport, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(f"file:{report.database}?mode=ro", uri=True)) as db:
        return db.execute(sql).fetchall()


def _truth() -> dict[tuple[str, str], float]:
    return {
        (r["label"], r["element"]): float(r["value"])
        for r in read_csv("truth.csv")
        if r["kind"] == "trace_lot" and r["quantity"] == "true_mg_kg_dry"
    }


def test_truth_levels_are_plausible_and_straddle_the_cpcif_limits():
    truth = _truth()
    assert len(truth) == 14 * 3
    cr = [v for (_, el), v in truth.items() if el == "Cr"]
    assert all(5 <= v <= 80 for (_, el), v in truth.items() if el == "Pb")
    assert all(1 <= v <= 20 for (_, el), v in truth.items() if el == "Cd")
    assert min(cr) >= 20 and max(cr) <= 400
    # T/CPCIF: 50 mg/kg (classes I-1, II, III), Cr 100 mg/kg in I-2: lots on both sides of each
    assert any(v < 50 for v in cr) and any(50 < v < 100 for v in cr) and any(v > 100 for v in cr)


def test_trace_digests_are_in_the_manifest():
    rows = [r for r in read_csv("manifest.csv") if r["sample_label"].endswith((" TR", " TR DUP"))]
    assert len(rows) == 15  # one per lot and one duplicate
    assert {(r["technique"], r["digest_volume_mL"], r["dilution_factor"]) for r in rows} == {
        ("ICP-OES", "50", "1")
    }
    assert all(0.24 <= float(r["sample_mass_g"]) <= 0.26 for r in rows)
    assert {r["sample_label"][:9] for r in rows} == {r["lot_code"] for r in read_csv("manifest.csv")}


def test_the_trace_run_is_calculated_with_the_trace_method_and_recovers_the_truth(demo_build: DemoReport):
    rows = _query(
        demo_build,
        """
        select l.code, r.element, r.value, r.expanded_uncertainty, r.unit, r.censored, r.method, r.basis
        from results r join lots l on l.id = r.lot_id
        where r.reportable = 1 and r.element in ('Pb', 'Cd', 'Cr')""",
    )
    truth = _truth()
    assert len(rows) == 42
    assert {(r[4], r[5], r[6], r[7]) for r in rows} == {("mg/kg", None, "icp-oes-trace", "dry")}
    ratios = [abs(value - truth[(code, el)]) / u for code, el, value, u, *_ in rows]
    assert all(0.05 < u / value < 0.2 for _, _, value, u, *_ in rows)  # about 10 % relative U (k ~ 2)
    assert sum(r <= 1.0 for r in ratios) >= 39  # 95 % coverage: at most a few of 42 outside U
    assert max(ratios) < 2.0


def test_the_trace_runs_only_finding_is_the_pb_check_line_at_the_lowest_levels(demo_build: DemoReport):
    flagged = _query(
        demo_build,
        """
        select l.code, r.element, r.flags from results r join lots l on l.id = r.lot_id
        where r.reportable = 1 and r.element in ('Pb', 'Cd', 'Cr') and r.flags is not null""",
    )
    assert sorted(flagged) == [
        ("BM26-0001", "Pb", "line_disagreement"),
        ("BM26-0007", "Pb", "line_disagreement"),
    ]
    qc = _query(
        demo_build,
        """
        select count(*), sum(q.outcome = 'fail') from qc_outcomes q join instrument_runs r on r.id = q.run_id
        where r.metadata_json like '%ICP-OES trace 2026-03-19%'""",
    )
    assert qc[0][0] > 50 and qc[0][1] == 0  # every ICV/CCV/blank/duplicate check of the trace run passes


def test_each_run_was_signed_on_its_own(demo_build: DemoReport):
    runs = _query(demo_build, "select metadata_json, state from instrument_runs")
    states = {json.loads(meta)["run_name"]: state for meta, state in runs}
    assert states[TRACE_RUN] == "approved" and len(states) == 3 and set(states.values()) == {"approved"}
    approvals = _query(demo_build, "select entity_id from signatures where action = 'approve'")
    assert len(approvals) == 3


def test_cpcif_grades_every_lot_without_a_missing_analyte(demo_build: DemoReport):
    line = next(text for name, text in demo_build.stages if name == "grade")
    cpcif = next(part for part in line.splitlines() if "T/CPCIF 0169-2021" in part)  # by its title
    assert "not gradable" not in cpcif and "Pb" not in cpcif
    rows = _query(
        demo_build,
        """
        select l.code, g.status, g.grade, g.limiting from lot_gradings g
        join criteria_sets c on c.id = g.criteria_set_id join lots l on l.id = g.lot_id
        where c.set_id = 't-cpcif-0169-2021'""",
    )
    assert {code for code, *_ in rows} == {f"BM26-{n:04d}" for n in range(1, 15)}
    assert all(status != "not gradable" for _, status, _, _ in rows)
    limiting = "\n".join(text or "" for *_, text in rows)
    assert "chromium (Cr)" in limiting  # the trace results decide grades, not only the majors
    assert len({grade for _, _, grade, _ in rows}) >= 2


def test_certificates_and_twins_carry_pb_cd_cr_with_u(demo_build: DemoReport):
    folder = demo_build.out_dir / "certificates"
    twins = sorted(folder.glob("*_rev0.json"))
    assert len(twins) == 14
    for twin in twins:
        results = {r["analyte"]: r for r in json.loads(twin.read_text(encoding="utf-8"))["results"]}
        for element in TRACE:
            result = results[element]
            assert result["unit"] == "mg/kg" and result["basis"] == "dry"
            assert result["value"] > 0 and result["u_expanded"] > 0
            assert result["method"] == "ICP-OES, icp-oes-trace v1.0"
    pdf = twins[-1].with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    lines = [line.split() for line in text.decode("utf-8").splitlines()]
    # the results table's rows: analyte, value, U, k, unit (the grading table repeats the symbol later)
    shown = {}
    for words in lines:
        if words and words[0] in TRACE and len(words) > 4 and words[4] == "mg/kg":
            shown.setdefault(words[0], words[1:3])
    twin = {r["analyte"]: r for r in json.loads(twins[-1].read_text(encoding="utf-8"))["results"]}
    for element in TRACE:  # the PDF prints the twin's value and U
        assert [float(x) for x in shown[element]] == [twin[element]["value"], twin[element]["u_expanded"]]


def test_the_trace_method_and_its_preparation_are_on_every_certificate(demo_build: DemoReport):
    for twin in sorted((demo_build.out_dir / "certificates").glob("*_rev0.json")):
        methods = {m["id"]: m for m in json.loads(twin.read_text(encoding="utf-8"))["methods"]}
        trace = methods["icp-oes-trace"]
        assert trace["version"] == "1.0" and "to 50 mL" in trace["preparation"]
        assert "50 mL" in trace["preparation_ja"] and trace["title_ja"]
