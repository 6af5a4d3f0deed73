"""Submitted panel results join the lot's reportable results: grading reads F_ws, moisture, particle size
and carbon with their U, and the China import screen becomes decidable on the demo's lots."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
from accounts import PASSWORD, account
from test_grading import DEMO, RUN, add_results

from labapp.services.context import ServiceContext
from labapp.services.grading.grade import grade_lots
from labapp.services.grading.inputs import lot_assay
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.services.panel import enter_test, submit_test, verify_test
from labapp.services.panel.records import find_lot

ON = dt.date(2026, 11, 22)
LOT = "BM26-0002"  # NCM: Ni+Co 26.4, Li 3.9, P 0.55 wt% (demo truth): the ternary section's limits hold
STANDARDS = "0.1:208.4; 0.5:167.2; 1:150.1; 5:109.7; 10:92.3; 50:51.2"  # E = 150 - 58 log10(c) + noise


def reading(c_mg_l: float) -> str:
    return f"{150.0 - 58.0 * math.log10(c_mg_l):.1f}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    path = tmp_path_factory.mktemp("panel") / "lots.sqlite"
    shutil.copyfile(migrated_template, path)
    with ServiceContext(str(path)) as ctx:
        import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
        import_run(ctx, DEMO / "icp_oes_run.csv", RUN, account(ctx, "tech"))
        add_results(ctx, LOT)
        account(ctx, "reviewer")
    return path


@pytest.fixture
def lab(tmp_path: Path, template: Path):
    path = tmp_path / "lab.sqlite"
    shutil.copyfile(template, path)
    with ServiceContext(str(path)) as ctx:
        yield ctx


def submitted(ctx: ServiceContext, method: str, portions: list[dict[str, str]], **extra: str) -> None:
    test = enter_test(ctx, account(ctx, "tech"), LOT, method, portions, **extra)
    verify_test(ctx, "reviewer", PASSWORD, test.id)
    submit_test(ctx, "tech", PASSWORD, test.id)


def f_ws(ctx: ServiceContext, c_mg_l: float) -> None:
    portion = {"sample_g": "1.0000", "leach_volume_ml": "100", "reading": reading(c_mg_l)}
    submitted(ctx, "fluoride-ws-ise", [portion], standards=STANDARDS)


def cn_outcome(ctx: ServiceContext) -> str:
    (summary,) = grade_lots(ctx, account(ctx, "tech"), lots=[LOT], on_date=ON)
    return dict(summary.screens)["cn-import-black-mass-2025"]


def test_the_china_screen_is_decided_by_the_entered_water_soluble_fluoride(lab: ServiceContext) -> None:
    assert cn_outcome(lab) == "not decidable"  # F_ws not measured
    f_ws(lab, 12.0)  # 12 mg/L x 0.1 L / 1 g = 0.12 wt% <= 0.4
    assert cn_outcome(lab) == "meets"


def test_a_high_fluoride_fails_the_screen(lab: ServiceContext) -> None:
    f_ws(lab, 45.0)  # 0.45 wt% > 0.4, U about 0.04: beyond the guard band
    assert cn_outcome(lab) == "does not meet"


def test_grading_reads_every_panel_analyte_with_its_u(lab: ServiceContext) -> None:
    f_ws(lab, 12.0)
    submitted(
        lab,
        "moisture-105c",
        [
            {
                "tare_g": "25.0000",
                "gross_before_g": "35.0000",
                "gross_after_g": "34.6200",
                "temperature_c": "105",
                "time_h": "3",
            }
        ],
    )
    submitted(
        lab, "particle-size-sieve", [{"initial_g": "100.0", "retained_g": "0;0;0;0.3;35;40", "pan_g": "24.6"}]
    )
    submitted(
        lab, "carbon-combustion", [{"carbon_pct": "31.2"}, {"carbon_pct": "31.6"}], crm="3.02:3.00:0.02"
    )
    with lab.read_session() as session:
        assay, used, why = lot_assay(session, find_lot(session, LOT))
    assert why is None
    got = {a: assay.results[a] for a in ("F_ws", "moisture", "particle_size", "C")}
    assert got["F_ws"].value == pytest.approx(0.12, rel=2e-3) and got["F_ws"].unit == "wt%"
    assert got["moisture"].value == pytest.approx(3.8)
    assert got["particle_size"].value == 0.25 and got["particle_size"].unit == "mm"
    assert got["C"].value == pytest.approx(31.4)
    for a, r in got.items():
        assert r.expanded_uncertainty is not None and r.expanded_uncertainty > 0, a
    assert got["particle_size"].expanded_uncertainty == pytest.approx(2 * 0.25 * 0.03 / math.sqrt(3))
