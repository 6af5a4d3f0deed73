"""End to end: `labapp demo` imports, calculates and grades the demo lots; the grades are the designed ones.

resources/demo/expected.csv gives the family and grade each lot was designed for (true values, the
provisional JP-EU table, simple acceptance). Measured values carry noise, so a lot whose grade hangs
on a value within U of a limit may land on either side; for every other lot the grade must be the
designed one. The screens and T/CPCIF outcomes below are worked out by hand from the sets' tables and
the demo README. The demo grades every lot under every shipped grading set, the default set last (its
grading is each lot's newest, the one the certificate states); Pb, Cd and Cr are not part of the demo.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import subprocess
from pathlib import Path

import GTC
import pytest
from demo_builds import copy_demo
from sqlalchemy import select

from labapp.demo.build import DemoReport
from labapp.resources import resource_path
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import current_grading, list_gradings
from labapp.store.lots import Lot
from labapp.store.results import Result

EXPECTED = resource_path("demo", "expected.csv")
pytestmark = pytest.mark.skipif(not EXPECTED.is_file(), reason="demo data not generated")

# China import criteria (Announcement 14/2025): LMO is not covered; lots failing a limit by more than U
# do not meet them (BM26-0003/0010/0012 Ni+Co 17.4/13.2/19.5 < 25, BM26-0013 Li 3.25 < 3.5, BM26-0014
# P 9.2 < 10 and Fe 16.4 < 18). Since the demo enters water-soluble fluoride (issue 21, resources/demo/
# panel: F_ws 0.035 to 0.31 wt %, inside the ternary 0.4 and LFP 0.1 limits) every other lot is decided:
# it meets them, conditionally where a limit is within U (the near-limit lots BM26-0002 and BM26-0005).
CN_SCREEN = {"BM26-0002": "conditionally meets", "BM26-0003": "does not meet",
             "BM26-0005": "conditionally meets", "BM26-0009": "not applicable", "BM26-0010": "does not meet",
             "BM26-0012": "does not meet", "BM26-0013": "does not meet", "BM26-0014": "does not meet"}
PANEL_TRUTH = resource_path("demo", "panel", "truth_panel.csv")
GRADING_SETS = sorted(["fastmarkets-bm-cif-korea", "fastmarkets-bm-exw-europe", "fastmarkets-bm-exw-usa",
                       "jp-eu-black-mass", "t-cpcif-0169-2021"])
# what the demo measures besides ICP-OES: never a reason for "not gradable"
PANEL_ANALYTES = ("F", "F_ws", "moisture", "particle_size", "C", "LOI", "AIM")


@pytest.fixture(scope="module")
def demo(demo_build: DemoReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = copy_demo(demo_build, tmp_path_factory.mktemp("demo") / "out")
    names = [name for name, _ in report.stages]
    # the measured moisture before the runs convert to the dry basis with it; grading after both
    assert names.index("panel") < names.index("calculate") and names[names.index("calculate") + 1] == "grade"
    return report.database


def _expected() -> list[dict[str, str]]:
    return list(csv.DictReader(EXPECTED.open(encoding="utf-8")))


def _near_a_deciding_limit(result: dict) -> bool:
    """Some value within U of a limit of the awarded tier or of a better one (all tiers when off-spec)."""
    tiers = result["tiers"]
    deciding = tiers[: [t["tier"] for t in tiers].index(result["tier"]) + 1] if result["tier"] else tiers
    return any(c["value"] is not None and c["expanded_uncertainty"] is not None
               and abs(c["value"] - c["limit"]) <= c["expanded_uncertainty"]
               for t in deciding for c in t["criteria"])


# Demo lots whose measured value lies within U of a limit that decides their grade (fixed seed), with
# the outcome the non-binary rule (w = U) gives: inside by less than U is a conditional pass.
# (Issue 17: the demo now draws recovery, reproducibility and preparation errors per digest, and U
# carries the corrected replicate model, the drift term and the auto weighting.)
NEAR_LIMIT = {
    "BM26-0002": ("conditional", "B"), "BM26-0005": ("conditional", "B"), "BM26-0006": ("conditional", "A"),
    "BM26-0009": ("graded", "C"), "BM26-0011": ("graded", "B"),
    # the trace run's Cr within U of a 50 mg/kg limit (0008 54.7, 0013 51.7: grade A's; 0014 47.4: B's);
    # other limits decide the grade either way
    "BM26-0008": ("graded", "B"), "BM26-0013": ("graded", "B"), "BM26-0014": ("graded", "C"),
}


# Demo lots with a digest read above the top calibration standard: that analyte is not reportable
# (dilute and re-measure), so the lot cannot be graded until it is measured again (issue 17, item 5).
# The regenerated demo weighs BM26-0001 so that every reading lies inside the calibration: none.
ABOVE_RANGE: dict[str, str] = {}


def test_demo_grades_every_lot_as_designed(demo: Path) -> None:
    today = dt.date.today()
    eu = "classification" if today >= dt.date(2026, 11, 9) else "not yet in force"
    checked = 0
    with ServiceContext(str(demo)) as ctx:
        for row in _expected():
            gradings = list_gradings(ctx, row["lot_code"])
            g = gradings[0]  # the newest: the certificate states it
            assert (g.criteria.id, g.criteria.version, g.current) == ("jp-eu-black-mass", "0.2", True)
            assert sorted(x.criteria.id for x in gradings if x.current) == GRADING_SETS
            if row["lot_code"] in ABOVE_RANGE:
                assert (g.status, g.grade, g.family) == ("not gradable", None, None), row["lot_code"]
                assert g.result["reasons"] == [ABOVE_RANGE[row["lot_code"]]], row["lot_code"]
                continue
            assert g.family == row["expected_family"]
            assert g.family_mismatch is (row["family_mismatch"] == "yes")
            screens = {s["screen"]["id"]: s["outcome"] for s in g.screens}
            assert screens == {"cn-import-black-mass-2025": CN_SCREEN.get(row["lot_code"], "meets"),
                               "eu-low-19-14-02": eu}, row["lot_code"]
            if _near_a_deciding_limit(g.result):
                # within U of a deciding limit: the non-binary rule may make the grade conditional
                assert (g.status, g.grade) == NEAR_LIMIT[row["lot_code"]], row["lot_code"]
                assert g.grade == row["expected_grade"], row["lot_code"]
                continue
            checked += 1
            want = row["expected_grade"]
            assert (g.status, g.grade) == (("off-spec", None) if want == "off-spec" else ("graded", want)), \
                row["lot_code"]
    assert checked == 14 - len(NEAR_LIMIT) - len(ABOVE_RANGE)


def test_every_lot_has_its_panel_results_near_their_true_values(demo: Path) -> None:
    """F_ws, moisture (measured, as received), carbon and the largest size of every lot come from the demo's
    panel tests (resources/demo/panel), within U (and the generator's noise) of truth_panel.csv."""
    truth = list(csv.DictReader(PANEL_TRUTH.open(encoding="utf-8")))
    with ServiceContext(str(demo)) as ctx, ctx.read_session() as session:
        for t in truth:
            lot_id = session.scalar(select(Lot.id).where(Lot.code == t["lot"]))
            rows = session.scalars(select(Result).where(
                Result.lot_id == lot_id, Result.reportable.is_(True), Result.element == t["analyte"],
                Result.run_id.is_(None))).all()
            assert len(rows) == 1, (t["lot"], t["analyte"])
            row, value = rows[0], float(t["value"])
            assert (row.unit, row.basis.value) == (t["unit"], t["basis"]), (t["lot"], t["analyte"])
            assert row.expanded_uncertainty > 0
            assert abs(row.value - value) <= max(2 * row.expanded_uncertainty, 0.03 * value), (t, row.value)


def test_near_limit_lot_is_conditional(demo: Path) -> None:
    with ServiceContext(str(demo)) as ctx:
        g = current_grading(ctx, "BM26-0005", "jp-eu-black-mass")
    # Ni+Co = 25.15 (true) against the B minimum 25, U about 0.8: inside by less than w = U
    assert (g.status, g.grade) == ("conditional", "B")
    assert any("nickel + cobalt (Ni+Co)" in t and "conditional pass" in t for t in g.limiting)


# T/CPCIF 0169-2021 on the demo: total F (fusion) and the trace run's Pb, Cd, Cr decide beside the majors.
# Cr limits the grade of 0002 (I-1 needs <= 50 mg/kg), 0003, 0010 and 0012 (I-2 needs <= 100), 0008
# (III-2: 54.7 mg/kg, a conditional fail) and 0013 (I-1, a conditional fail at 51.7 mg/kg).
CPCIF = {"BM26-0001": "I-2", "BM26-0002": "I-2", "BM26-0003": None, "BM26-0004": "I-2", "BM26-0005": None,
         "BM26-0006": "I-2", "BM26-0007": "III-2", "BM26-0008": None, "BM26-0009": None, "BM26-0010": None,
         "BM26-0011": "III-2", "BM26-0012": None, "BM26-0013": "I-2", "BM26-0014": None}
CR_LIMITED = ("BM26-0002", "BM26-0003", "BM26-0008", "BM26-0010", "BM26-0012", "BM26-0013")


def test_tcpcif_grades_every_demo_lot_with_total_fluorine_and_the_trace_metals(demo: Path) -> None:
    """The demo's stored T/CPCIF gradings: total F (fusion, ISE) and Pb, Cd, Cr (the trace-element run)
    are reported for every lot, so every lot is graded or off-spec, none is short of an analyte."""
    with ServiceContext(str(demo)) as ctx:
        for row in _expected():
            code = row["lot_code"]
            g = current_grading(ctx, code, "t-cpcif-0169-2021")
            assert g is not None and g.result["reasons"] == [], code
            expected = ("graded", CPCIF[code]) if CPCIF[code] else ("off-spec", None)
            assert (g.status, g.grade) == expected, code
            assert any("chromium (Cr)" in t for t in g.limiting) == (code in CR_LIMITED), code


def test_no_set_finds_a_panel_analyte_missing(demo: Path) -> None:
    """Under every shipped grading set and the China screen, no lot is short of F, F_ws, moisture,
    particle size, carbon, LOI or acid-insoluble matter; a set without tiers for a family says so."""
    with ServiceContext(str(demo)) as ctx:
        for row in _expected():
            for g in list_gradings(ctx, row["lot_code"]):
                for reason in g.result["reasons"]:
                    where = (row["lot_code"], g.criteria.id, reason)
                    if reason.startswith("required analytes not reported: "):
                        assert not set(reason.split(": ", 1)[1].split(", ")) & set(PANEL_ANALYTES), where
                    else:
                        assert "has no grade tiers for the" in reason, where
                for screen in g.screens:
                    if screen["screen"]["id"] == "cn-import-black-mass-2025":
                        assert screen["outcome"] != "not decidable", (row["lot_code"], g.criteria.id)


def _gtc_lot_result(record: dict, shared: dict[str, object]) -> object:
    """A lot result rebuilt in GTC from the inputs its stored budget names: one digest, the ICP-OES
    model w = (c - c_blank) V DF / (m (1 - f) R) F_rep F_drift x 1e-4; inputs named in `shared` are the one
    ureal the analytes of that digest share (made here on first use)."""
    [digest] = record["digests"]
    inputs = {}
    for c in digest["budget"]["components"]:
        dof = GTC.inf if c["dof"] is None else c["dof"]
        if c["shared"] == 1.0:
            key = (digest["label"], c["name"])
            inputs[c["name"]] = shared.setdefault(key, GTC.ureal(c["value"], c["u"], dof))
            assert (shared[key].x, shared[key].u) == (c["value"], c["u"])  # one quantity: one value and u
        else:
            inputs[c["name"]] = GTC.ureal(c["value"], c["u"], dof)
    x = inputs
    factors = x["reproducibility"] * x["drift"] * 1e-4
    return ((x["calibration"] - x["blank"]) * x["digest_volume"] * x["dilution"]
            / (x["sample_mass"] * (1 - x["moisture"]) * x["recovery"]) * factors)


def test_bm26_0001_nickel_plus_cobalt_u_is_the_gtc_value_with_shared_inputs(demo: Path) -> None:
    """The guard band of the payable Ni+Co criterion uses U(Ni+Co) with the digest's mass, volume,
    dilution, moisture and the method's recovery and reproducibility shared (r = 1, the ICP-OES
    method's between_elements): GTC on the same model gives the same U to 1e-9."""
    with ServiceContext(str(demo)) as ctx, ctx.read_session() as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.code == "BM26-0001"))
        rows = {r.element: r for r in session.scalars(select(Result).where(
            Result.lot_id == lot_id, Result.reportable.is_(True), Result.element.in_(("Ni", "Co"))))}
        grading = current_grading(ctx, "BM26-0001", "jp-eu-black-mass")
    shared: dict[tuple[str, str], object] = {}
    ni, co = (_gtc_lot_result(json.loads(rows[e].budget_json), shared) for e in ("Ni", "Co"))
    assert ni.u * GTC.rp.k_factor(ni.df) == pytest.approx(rows["Ni"].expanded_uncertainty, rel=1e-9)
    total = ni + co
    expected = GTC.rp.k_factor(total.df) * total.u
    rows_ni_co = [c for t in grading.result["tiers"] for c in t["criteria"] if c["quantity"] == "Ni+Co"]
    assert rows_ni_co
    for c in rows_ni_co:
        assert c["expanded_uncertainty"] == pytest.approx(expected, rel=1e-9)
        assert c["uncertainty_basis"] == "correlated"
    # between the old root sum of squares and the full sum (the calibrations are independent);
    # 1.55 against 1.24 and 1.57 on the current demo
    quadrature = math.hypot(rows["Ni"].expanded_uncertainty, rows["Co"].expanded_uncertainty)
    assert quadrature < expected < rows["Ni"].expanded_uncertainty + rows["Co"].expanded_uncertainty


def test_certificate_text_carries_f_ws_moisture_and_particle_size_each_with_u(demo: Path) -> None:
    """pdftotext of BM26-0001's certificate: water-soluble fluoride, total fluorine, the measured moisture
    and the largest particle size, each printed with its expanded uncertainty (truth 0.08, 0.24 wt%,
    1.2 %, 0.125 mm), and the grade stated is the default set's."""
    pdf = demo.parent / "certificates" / "LA-2026-000001_rev0.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    number = r"(\d+\.\d+)"
    rows = {
        "F_ws": rf"^\s*F_ws\s+{number}\s+{number}\s+[\d.]+\s+wt%",
        "F": rf"^\s*F\s+{number}\s+{number}\s+[\d.]+\s+wt%",
        "moisture": rf"^Moisture\s+水分\s+{number} % ± {number} %",
        "particle_size": rf"^\s*largest particle\s+{number}\s+{number}\s+[\d.]+\s+mm",
    }
    truth = {"F_ws": 0.08, "F": 0.24, "moisture": 1.2, "particle_size": 0.125}
    for name, pattern in rows.items():
        match = re.search(pattern, text, re.MULTILINE)
        assert match, name
        value, u = float(match.group(1)), float(match.group(2))
        assert 0 < u < value and abs(value - truth[name]) <= 2 * u, (name, value, u)
    assert re.search(r"^Grade\s+グレード\s+NCM/NCA A$", text, re.MULTILINE)
