"""Calculating the demo runs end to end, judged against the generator's truth (resources/demo/truth.csv).

The demo data were generated from known true contents with noise, drift and a failing final Mn CCV
(resources/demo/README.md): a correct calculation must put the true value inside the stated
expanded uncertainty for (nearly) every result, censor what is truly below the LOQ and find the
designed QC failures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from accounts import account
from sqlalchemy import func, select

from labapp.core.errors import LabappError
from labapp.core.progress import Cancelled, Progress
from labapp.security.roles import PermissionDenied
from labapp.services.administration import users
from labapp.services.calculation.calculate import calculate_run, reproduce, stored_inputs
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.calculation.results import run_qc, run_results
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.calculations import Calculation
from labapp.store.lots import Lot, Preparation
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
ICP, XRF = "ICP 2026-03-17", "XRF 2026-03-18"
PASSWORDS = {"admin": "Kanri-Test-2026!", "tech": "Bunseki-Test-2026!", "qa": "Hinshitsu-Test-2026!"}

pytestmark = pytest.mark.skipif(not (DEMO / "icp_oes_run.csv").exists(), reason="demo data not generated")


def _login(ctx: ServiceContext, name: str) -> users.AuthenticatedUser:
    return users.authenticate(ctx, name, PASSWORDS[name])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with users, the demo lots, the CRM and both demo runs imported (not calculated)."""
    path = tmp_path_factory.mktemp("calc") / "imported.sqlite"
    with ServiceContext(str(path)) as ctx:
        users.create_first_administrator(ctx, "admin", "Ada Admin", PASSWORDS["admin"])
        admin = _login(ctx, "admin")
        users.add_user(ctx, admin, "tech", "Tom Tech", ["technician"], PASSWORDS["tech"],
            temporary_password=False)
        users.add_user(ctx, admin, "qa", "Quinn QA", ["qa_manager", "reviewer"], PASSWORDS["qa"],
            temporary_password=False)
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
        import_reference_materials(ctx, DEMO / "crm.csv", _login(ctx, "qa"))
        import_run(ctx, DEMO / "icp_oes_run.csv", ICP, account(ctx, "tech"))
        import_run(ctx, DEMO / "xrf_pellets.csv", XRF, account(ctx, "tech"))
    return path


@pytest.fixture(scope="module")
def calculated(imported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("calc") / "calculated.sqlite"
    shutil.copyfile(imported, path)
    with ServiceContext(str(path)) as ctx:
        tech = _login(ctx, "tech")
        calculate_run(ctx, ICP, tech)
        calculate_run(ctx, XRF, tech)
    return path


@pytest.fixture
def fresh(imported: Path, tmp_path: Path):
    path = tmp_path / "lab.sqlite"
    shutil.copyfile(imported, path)
    with ServiceContext(str(path)) as ctx:
        yield ctx


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    data = pd.read_csv(DEMO / "truth.csv")
    lots = data[(data["kind"] == "lot") & (data["quantity"] == "true_wt_pct_dry")]
    return lots.rename(columns={"label": "lot", "value": "true_wt_pct"})[["lot", "element", "true_wt_pct"]]


def _reportable(path: Path, run: str) -> pd.DataFrame:
    with ServiceContext(str(path)) as ctx:
        return pd.DataFrame([r.as_dict() for r in run_results(ctx, run)])


def test_reportable_results_cover_the_truth_within_their_expanded_uncertainty(calculated, truth):
    table = _reportable(calculated, ICP).merge(truth, on=["lot", "element"])
    assert len(table) == 14 * 9  # every lot and ICP-OES analyte (moisture is not in truth's wt% table)
    table["true"] = table["true_wt_pct"] * table["unit"].map({"wt%": 1.0, "mg/kg": 1e4})
    # the regenerated demo weighs BM26-0001 so that no reading is above the top standard (issue 17)
    assert not table["flags"].fillna("").str.contains("above_calibration_range").any()
    quantified = table[(table["true"] > 5 * table["loq"]) & table["value"].notna()]
    assert len(quantified) >= 90
    assert (quantified["censored"] != "<").all()
    error = (quantified["value"] - quantified["true"]).abs()
    assert (error <= quantified["U"]).mean() >= 0.90
    assert (error <= 3 * quantified["U"]).all(), quantified[error > 3 * quantified["U"]]
    # GUM: U = k u_c with k = t(0.975, nu_eff) (2.06 for 24 dof, never below the normal 1.96)
    assert (quantified["U"] / quantified["u"]).to_numpy() == pytest.approx(quantified["k"].to_numpy())
    assert (quantified["k"] >= 1.96).all()


def test_results_truly_below_the_loq_are_censored(calculated, truth):
    table = _reportable(calculated, ICP).merge(truth, on=["lot", "element"])
    table["true"] = table["true_wt_pct"] * table["unit"].map({"wt%": 1.0, "mg/kg": 1e4})
    below = table[table["true"] < table["loq"]]
    # README "Below LOQ": Zn in BM26-0001, Ni/Co/Zn in BM26-0007, P and Zn in the DF 100 lots
    assert {("BM26-0001", "Zn"), ("BM26-0007", "Ni"), ("BM26-0007", "Co"), ("BM26-0006", "P")} <= set(
        zip(below["lot"], below["element"], strict=True)
    )
    assert (below["censored"] == "<").all()
    # less_than policy: the bound is reported, "< LOD" for a result not detected, else "< LOQ"
    absent = below["flags"].fillna("").str.split(";").map(lambda f: "not_detected" in f).astype(bool)
    assert (below["value"] == below["loq"].where(~absent, below["lod"])).all()
    assert absent.any() and (~absent).any()


def test_no_quantified_result_has_a_relative_u_above_the_methods_target(calculated, truth):
    """Issue 17 item 3: the LOQ is at least the level where U/x reaches the method's target (30 %), so
    no quantified result has U near, let alone above, its value; the issue's examples (Fe 0.18 +/- 0.41,
    Mn 0.25 +/- 0.25 in BM26-0006, Co 0.022 +/- 0.048 in BM26-0008) are "detected, not quantified"
    and reported as "< LOQ", a bound above their true value."""
    table = pd.concat([_reportable(calculated, ICP), _reportable(calculated, XRF)], ignore_index=True)
    table = table[table["element"] != "moisture"]
    quantified = table[(table["censored"] != "<") & table["value"].notna()]
    assert len(quantified) >= 100
    assert (quantified["U"] < quantified["value"]).all()
    assert (quantified["U"] <= 0.30 * quantified["value"] * (1 + 1e-6)).all(), quantified.nlargest(
        3, "U")[["lot", "element", "value", "U"]]
    icp = _reportable(calculated, ICP).merge(truth, on=["lot", "element"])
    icp["true"] = icp["true_wt_pct"] * icp["unit"].map({"wt%": 1.0, "mg/kg": 1e4})
    dnq = icp[icp["flags"].fillna("").str.contains("detected_not_quantified")]
    assert {("BM26-0006", "Fe"), ("BM26-0006", "Mn"), ("BM26-0008", "Co")} <= set(
        zip(dnq["lot"], dnq["element"], strict=True))
    assert (dnq["censored"] == "<").all() and (dnq["true"] <= dnq["value"]).all()
    # not detected (below the decision limit): "< LOD", the detection limit the bound, not the LOQ
    absent = icp["flags"].fillna("").str.split(";").map(lambda f: "not_detected" in f)
    nd = icp[absent].set_index(["lot", "element"])
    assert {("BM26-0007", "Ni"), ("BM26-0007", "Co"), ("BM26-0006", "Zn")} <= set(nd.index)
    assert (nd["censored"] == "<").all() and (nd["value"] == nd["lod"]).all()
    assert (nd["lod"] < nd["loq"]).all()
    assert nd.loc[("BM26-0007", "Ni"), "text"] == "< 0.040" and nd.loc[("BM26-0006", "Zn"), "text"] == "< 310"
    assert (nd["true"] <= nd["value"]).all()  # the LOD bounds the true content
    assert not set(nd.index) & set(zip(dnq["lot"], dnq["element"], strict=True))


def test_designed_qc_findings_are_stored(calculated):
    with ServiceContext(str(calculated)) as ctx:
        qc = run_qc(ctx, ICP)
        failed = [q for q in qc if q.outcome == "fail"]
        # README: both Mn lines of the final CCV read about 88 %. (CRM LBM-01 #1's Zn 206.200 miss by a
        # hair was a draw; with each digest's own blank draw, issue 17 finding 8, it passes.)
        assert {(q.check, q.element, q.sample_label) for q in failed} == {("ccv", "Mn", "CCV")}
        ccv = [q for q in failed if q.check == "ccv"]
        assert len(ccv) == 2 and all(86.0 < q.statistic < 90.0 for q in ccv)
        every = pd.DataFrame([r.as_dict() for r in run_results(ctx, ICP, reportable_only=False)])
    flagged = every[every["flags"].fillna("").str.contains("qc_ccv_bracket")]
    assert set(zip(flagged["lot"], flagged["element"], strict=True)) == {("BM26-0014", "Mn")}
    # no reading above the top standard by design (issue 17: such a reading cannot support a grade)
    assert not every["flags"].fillna("").str.contains("above_calibration_range").any()


def test_per_preparation_rows_and_budgets_follow_the_contract(calculated):
    with ServiceContext(str(calculated)) as ctx, ctx.read_session() as session:
        run = session.scalar(select(InstrumentRun).where(InstrumentRun.file_name == "icp_oes_run.csv"))
        assert run.state == "calculated"
        rows = session.scalars(select(Result).where(Result.run_id == run.id)).all()
        per_prep = [r for r in rows if not r.reportable]
        lot_rows = [r for r in rows if r.reportable]
        assert all(r.preparation_id is not None and r.lot_id is not None for r in per_prep)
        assert all(r.preparation_id is None and r.lot_id is not None for r in lot_rows)
        # 14 digests + 3 duplicates, 9 analytes each; spikes are QC, not results
        assert len(per_prep) == 17 * 9
        assert sum(r.element == "moisture" for r in lot_rows) == 14
        ni = next(r for r in lot_rows if r.element == "Ni" and r.budget_json)
        record = json.loads(ni.budget_json)
        names = {c["name"] for c in record["digests"][0]["budget"]["components"]}
        assert {"calibration", "sample_mass", "digest_volume", "moisture", "reproducibility"} <= names
        # a lot's record holds each digest's stored budget text as it is, in json.dumps's own form
        labels = {pid: label for pid, label in session.execute(select(Preparation.id, Preparation.label))}
        budgets = {(labels[r.preparation_id], r.element): r.budget_json for r in per_prep}
        for row in (r for r in lot_rows if r.budget_json):
            assert json.dumps(json.loads(row.budget_json)) == row.budget_json
            digests = json.loads(row.budget_json)["digests"]
            assert digests
            for digest in digests:
                assert json.dumps(digest["budget"]) == budgets[(digest["label"], row.element)]
        calc = session.scalars(select(Calculation).where(Calculation.run_id == run.id)).one()
        inputs = json.loads(calc.inputs_json)
        assert inputs["method"]["id"] == "icp-oes-black-mass" and len(inputs["method"]["sha256"]) == 64
        assert inputs["readings"]["sha256"] == run.measurements_digest
        assert {r["label"] for r in inputs["reference_values"]} == {"CRM LBM-01 #1", "CRM LBM-01 #2"}


def test_xrf_results_use_the_xrf_budget(calculated, truth):
    with ServiceContext(str(calculated)) as ctx, ctx.read_session() as session:
        run = session.scalar(select(InstrumentRun).where(InstrumentRun.file_name == "xrf_pellets.csv"))
        rows = session.scalars(select(Result).where(Result.run_id == run.id)).all()
    assert rows and not any(r.reportable for r in rows)  # the XRF method reports nothing by default
    for row in rows:
        assert "instrument_concentration" in row.flags
        budget = json.loads(row.budget_json)
        assert budget["model"] == "xrf_counting_top_down"
    ni = next(r for r in rows if r.element == "Ni" and r.value > 10)
    # Nordtest: u_rel = sqrt(1.5^2 + 1.8^2 + 1.0^2) % = 2.5475 % (counting u not given by the file)
    assert ni.standard_uncertainty / ni.value == pytest.approx(0.0254755, rel=1e-5)


def test_a_result_only_xrf_table_has_no_spurious_qc_failures(calculated):
    """xrf_pellets.csv lists pellets only (no drift monitor, no CCV): checks looking for check
    solutions do not apply, so nothing fails and no result is flagged for QC."""
    with ServiceContext(str(calculated)) as ctx, ctx.read_session() as session:
        qc = run_qc(ctx, XRF)
        run = session.scalar(select(InstrumentRun).where(InstrumentRun.file_name == "xrf_pellets.csv"))
        rows = session.scalars(select(Result).where(Result.run_id == run.id)).all()
        verdict = session.scalars(select(Calculation.verdict).where(Calculation.run_id == run.id)).one()
    assert not [q for q in qc if q.outcome == "fail"]
    frequency = [q for q in qc if q.check == "ccv_frequency"]
    assert len(frequency) == 8 and all(q.outcome == "not_applicable" for q in frequency)
    assert verdict == "pass"
    assert len(rows) == 14 * 8  # one pellet per lot, 8 elements
    assert all(r.qc_state == "ok" for r in rows)
    assert not any("qc_" in (r.flags or "") for r in rows)


def test_recalculation_replaces_results_and_audits_it(calculated, tmp_path):
    path = tmp_path / "again.sqlite"
    shutil.copyfile(calculated, path)
    with ServiceContext(str(path)) as ctx:
        with ctx.read_session() as session:
            before = set(session.scalars(select(Result.id).where(Result.run_id == 1)))
            events = session.scalar(select(func.count()).select_from(AuditEvent))
        done = calculate_run(ctx, ICP, _login(ctx, "tech"), reason="check")
        assert done.replaced == len(before)
        with ctx.read_session() as session:
            after = set(session.scalars(select(Result.id).where(Result.run_id == 1)))
            deleted = session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == "delete",
                    AuditEvent.entity_type == "results",
                    AuditEvent.seq > events,
                )
            )
            calcs = session.scalar(
                select(func.count()).select_from(Calculation).where(Calculation.run_id == 1)
            )
    assert len(after) == len(before) and not (before & after)
    assert deleted == len(before)
    assert calcs == 2


def _trail(ctx: ServiceContext) -> tuple[int, str]:
    with ctx.read_session() as session:
        head = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
        return head.seq, head.hash


def _verified(ctx: ServiceContext) -> None:
    with ctx.engine.connect() as conn:
        report = verify_audit_trail(conn)
    assert report.ok, [str(p) for p in report.problems[:5]]


def test_recalculation_events_come_in_the_order_of_one_flush_and_verify(calculated, tmp_path):
    """The rows written in bulk are audited as one ORM flush would audit them: the old results, then
    the old QC outcomes are deleted (newest first); then the calculation record, the QC outcomes and
    the results (ids ascending) are created; the chain verifies."""
    path = tmp_path / "order.sqlite"
    shutil.copyfile(calculated, path)
    with ServiceContext(str(path)) as ctx:
        tech = _login(ctx, "tech")
        start = _trail(ctx)[0]
        calculate_run(ctx, ICP, tech, reason="check")
        with ctx.read_session() as session:
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.seq > start)))
            results = list(session.scalars(select(Result.id).where(Result.run_id == 1).order_by(Result.id)))
        _verified(ctx)
    kinds = [(e.action, e.entity_type) for e in events]
    blocks = [k for i, k in enumerate(kinds) if i == 0 or kinds[i - 1] != k]
    assert blocks == [  # the run was calculated already: its state does not change
        ("delete", "results"),
        ("delete", "qc_outcomes"),
        ("create", "calculations"),
        ("create", "qc_outcomes"),
        ("create", "results"),
    ]
    deleted = [e.entity_id for e in events if e.action == "delete"]
    created = [e.entity_id for e in events if kinds[events.index(e)] == ("create", "results")]
    assert deleted[: len(results)] == sorted(deleted[: len(results)], reverse=True)
    assert created == results
    assert all(e.reason == "check" and e.actor == "tech" for e in events)


def test_a_recalculation_failing_after_its_writes_keeps_the_previous_results_and_trail(calculated, tmp_path):
    """Whole or nothing: cancelled at the last check, after the old rows were deleted and the new ones
    inserted and audited, the database holds the previous calculation and the trail its old head."""
    path = tmp_path / "late.sqlite"
    shutil.copyfile(calculated, path)
    with ServiceContext(str(path)) as ctx:
        with ctx.read_session() as session:
            results = session.execute(select(Result.id, Result.value, Result.budget_json)).all()
            outcomes = set(session.scalars(select(QcOutcome.id)))
        tech = _login(ctx, "tech")  # a sign-in is an event of its own
        head = _trail(ctx)
        progress = Progress(
            lambda done, total, message: progress.cancel() if message == "storing results" else None
        )
        with pytest.raises(Cancelled):
            calculate_run(ctx, ICP, tech, progress)
        with ctx.read_session() as session:
            assert session.execute(select(Result.id, Result.value, Result.budget_json)).all() == results
            assert set(session.scalars(select(QcOutcome.id))) == outcomes
            assert session.scalar(select(Calculation.id).order_by(Calculation.id.desc()).limit(1)) == 2
        assert _trail(ctx) == head
        _verified(ctx)


def test_cancelling_stores_nothing(fresh):
    progress = Progress(lambda done, total, message: progress.cancel() if "solid" in message else None)
    with pytest.raises(Cancelled):
        calculate_run(fresh, ICP, _login(fresh, "tech"), progress)
    with fresh.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Result)) == 0
        assert session.scalar(select(func.count()).select_from(QcOutcome)) == 0
        assert session.scalar(select(InstrumentRun.state).where(InstrumentRun.id == 1)) == "imported"
    assert stored_inputs(fresh, ICP) is None


def test_only_technicians_calculate_and_never_after_submission(fresh):
    with pytest.raises(PermissionDenied):
        calculate_run(fresh, ICP, _login(fresh, "qa"))
    with fresh.account_unit_of_work("tech") as session:
        session.get(InstrumentRun, 1).state = "submitted"
    with pytest.raises(LabappError, match="submitted"):
        calculate_run(fresh, ICP, _login(fresh, "tech"))
    with fresh.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Result)) == 0


def test_stored_inputs_reproduce_the_results_and_changes_are_named(calculated, tmp_path):
    path = tmp_path / "reproduce.sqlite"
    shutil.copyfile(calculated, path)
    with ServiceContext(str(path)) as ctx:
        assert reproduce(ctx, ICP) == []
        with ctx.account_unit_of_work("tech", "typo in the weighing") as session:
            prep = session.scalar(
                select(Preparation).where(
                    Preparation.label == "BM26-0002", Preparation.technique == "ICP-OES"
                )
            )
            prep.sample_mass_g = 0.2
        problems = reproduce(ctx, ICP)
    assert problems[0] == "preparations changed since the calculation"
    assert "Ni of BM26-0002 differs (reportable)" in problems and "Ni of BM26-0003 differs" not in problems


def test_a_lot_released_after_the_import_gets_no_results_from_the_run(fresh):
    with fresh.account_unit_of_work("qa", "test: certified meanwhile") as session:
        lot = session.scalars(select(Lot).where(Lot.code == "BM26-0002")).one()
        lot.state = LotState.CERTIFIED
    summary = calculate_run(fresh, ICP, _login(fresh, "tech"))
    lots = {r.lot for r in run_results(fresh, ICP)}
    assert "BM26-0002" not in lots and "BM26-0001" in lots and len(lots) == 13
    notes = " ".join(summary.notes)
    assert "BM26-0002: lot BM26-0002 is already released; no results calculated for it" in notes


def test_results_of_a_lot_that_does_not_exist_say_so(calculated: Path):
    with ServiceContext(str(calculated)) as ctx:
        with pytest.raises(LabappError, match=r"^no lot 'BM26-9999' in this database: check the lot code"):
            run_results(ctx, ICP, lot="BM26-9999")
        assert {r.lot for r in run_results(ctx, ICP, lot="BM26-0001")} == {"BM26-0001"}
