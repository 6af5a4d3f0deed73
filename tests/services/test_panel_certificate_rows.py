"""A submitted panel result on the certificate: its row carries the method (kind, id, version, also in
Japanese) and basis, the method list names the panel method, and measured moisture names its test."""

from __future__ import annotations

import math

import pytest

from labapp.core.panel import calculate
from labapp.services.administration.panel_methods import panel_method
from labapp.services.certification import content
from labapp.services.panel.workflow import _result_row
from labapp.store.lots import Lot
from labapp.store.panel import PanelTest

STANDARDS = ([0.1, 0.5, 1.0, 5.0, 10.0, 50.0], [208.4, 167.2, 150.1, 109.7, 92.3, 51.2])


def row(method_id: str, portions: list[dict], standards=None):
    method = panel_method(method_id)
    test = PanelTest(lot_id=1, method_id=method.id, method_version=method.version, kind=method.kind)
    (result,) = calculate(method, portions, standards)
    return result, _result_row(test, result, "tech")


def test_f_ws_row_has_method_basis_and_the_rounded_value_and_u() -> None:
    result, stored = row(
        "fluoride-ws-ise",
        [{"sample_g": 1.0, "leach_volume_ml": 100.0, "reading": 87.4}],
        STANDARDS,
    )
    shown, note_ja = content._result(None, stored, None)
    assert note_ja is None
    assert (shown.analyte, shown.unit, shown.basis) == ("F_ws", "wt%", "dry")
    assert shown.method == "ISE, fluoride-ws-ise v1.0"  # technique code, as "ICP-OES, ..."
    printed = result.reported()
    assert (shown.value, shown.u_expanded) == (float(printed.value), float(printed.U))
    assert shown.k == pytest.approx(round(result.budget.k, 2))
    (info,) = content._methods([stored])
    assert (info.id, info.version, info.technique) == ("fluoride-ws-ise", "1.0", "ISE")
    assert info.title_ja.startswith("水溶性フッ化物") and info.preparation.startswith("1 g dried at 105 °C")
    assert content._panel_japanese([stored]) == {}  # the code reads the same in Japanese


def test_particle_size_row_is_dry_in_mm_with_the_aperture_u() -> None:
    _, stored = row(
        "particle-size-sieve", [{"initial_g": 100.0, "retained_g": (0, 0, 0, 0.3, 35, 40), "pan_g": 24.6}]
    )
    shown, _ = content._result(None, stored, None)
    assert (shown.analyte, shown.value, shown.unit, shown.ucum) == ("particle_size", 0.25, "mm", "mm")
    assert shown.u_expanded == pytest.approx(0.0087)  # 2 x 0.25 mm x 3 % / sqrt(3), rounded up to 2 digits
    assert 2 * 0.25 * 0.03 / math.sqrt(3) <= shown.u_expanded


def test_measured_moisture_names_its_panel_method_on_the_masses() -> None:
    _, stored = row(
        "moisture-105c",
        [
            {
                "tare_g": 25.0,
                "gross_before_g": 35.0,
                "gross_after_g": 34.7,
                "temperature_c": 105.0,
                "time_h": 3.0,
            }
        ],
    )
    lot = Lot(code="BM26-0900", gross_mass_kg=520.0, net_wet_mass_kg=500.0)
    masses = content._masses(lot, [stored])
    assert masses.moisture_pct == pytest.approx(3.0)
    assert masses.moisture_method == (
        "Moisture by loss on drying at 105 °C (as received) (moisture-105c v1.0)"
    )
    assert masses.moisture_k == float(f"{stored.coverage_factor:.3g}")  # k printed to three digits
    japanese = content._panel_japanese([stored])
    assert japanese["/masses/moisture_method"].startswith("105 °C 乾燥減量による水分")
