"""Particle size (sieve, laser diffraction), the method schema and the entries' validation."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from labapp.core.methods import MethodError
from labapp.core.panel import EntryError, calculate, panel_method_from_dict, parse_entries, parse_pairs
from labapp.core.panel.sizing import percent_passing
from labapp.core.vocabulary import CheckOutcome, PanelCheck, PanelKind

PANEL = Path(__file__).parents[2] / "resources" / "methods" / "panel"


def raw(name: str) -> dict:
    return tomllib.loads((PANEL / f"{name}.toml").read_text(encoding="utf-8"))


def method(name: str):
    return panel_method_from_dict(raw(name), name)


def test_every_bundled_panel_method_validates_and_each_kind_is_shipped():
    kinds = {method(p.stem).kind for p in PANEL.glob("*.toml")}
    assert kinds == set(PanelKind)


def test_percent_passing_and_the_largest_size():
    # stack 2, 1, 0.5, 0.25, 0.125, 0.075 mm; 100 g recovered
    passing = percent_passing([0, 0, 0.2, 0.5, 30.0, 40.0], 29.3)
    assert passing.tolist() == pytest.approx([100, 100, 99.8, 99.3, 69.3, 29.3])
    m = method("particle-size-sieve")
    (r,) = calculate(m, [{"initial_g": 100.2, "retained_g": (0, 0, 0.2, 0.5, 30.0, 40.0), "pan_g": 29.3}])
    assert r.value == 0.25 and r.censored == ""  # 99.3 % passes 0.25 mm, 69.3 % passes 0.125 mm
    assert pytest.approx(2 * 0.25 * 0.03 / math.sqrt(3)) == r.U  # normal k = 2 for an infinite-dof term
    # D50 between 0.075 mm (29.3 %) and 0.125 mm (69.3 %), in log10 size
    t = (50 - 29.3) / (69.3 - 29.3)
    d50 = 10 ** (math.log10(0.075) + t * (math.log10(0.125) - math.log10(0.075)))
    assert r.derived["D50_mm"] == pytest.approx(d50)
    assert {c.check: c.outcome for c in r.checks}[PanelCheck.SIEVE_LOSS] is CheckOutcome.PASS


def test_coarse_material_is_reported_greater_than_the_coarsest_sieve_and_a_lost_mass_fails():
    m = method("particle-size-sieve")
    (r,) = calculate(m, [{"initial_g": 110.0, "retained_g": (5.0, 10, 20, 20, 20, 20), "pan_g": 5.0}])
    assert r.censored == ">" and r.value == 2.0
    assert r.text == "> 2.0"
    assert {c.check: c.outcome for c in r.checks}[PanelCheck.SIEVE_LOSS] is CheckOutcome.FAIL  # 9 % lost


def test_laser_diffraction_means_and_cv_limits():
    m = method("particle-size-laser")
    runs = [
        {"D10_um": 5.0, "D50_um": 20.0, "D90_um": 60.0},
        {"D10_um": 5.2, "D50_um": 20.4, "D90_um": 66.0},
        {"D10_um": 5.1, "D50_um": 20.2, "D90_um": 54.0},
    ]
    d10, d50, d90 = calculate(m, runs)
    assert (d10.analyte, d50.analyte, d90.analyte) == ("D10", "D50", "D90")
    assert d50.value == pytest.approx(20.2)
    sd = 0.2
    expected = math.hypot(0.025 * 20.2, sd / math.sqrt(3))
    assert d50.budget.u_c == pytest.approx(expected)
    cv = {
        r.analyte: {c.check: c.outcome for c in r.checks}[PanelCheck.LASER_REPEATABILITY] for r in (d50, d90)
    }
    assert cv == {"D50": CheckOutcome.PASS, "D90": CheckOutcome.FAIL}  # D90 cv 10 % > 5 %


def test_unknown_and_missing_keys_name_the_file_and_key():
    data = raw("fluoride-ws-ise")
    data["qc"]["slope_mv_per_decde"] = [-60, -54]
    with pytest.raises(MethodError, match=r"f\.toml: qc\.slope_mv_per_decde: unknown key"):
        panel_method_from_dict(data, "f.toml")
    data = raw("fluoride-ws-ise")
    del data["qc"]["slope_mv_per_decade"]
    with pytest.raises(MethodError, match=r"qc\.slope_mv_per_decade: is required"):
        panel_method_from_dict(data, "f.toml")
    data = raw("moisture-105c")
    data["unit"] = "mg/kg"
    with pytest.raises(MethodError, match="moisture is reported in wt%"):
        panel_method_from_dict(data, "m.toml")
    data = raw("particle-size-sieve")
    data["sieves"]["apertures_mm"] = [0.25, 0.5]
    with pytest.raises(MethodError, match="coarsest sieve to the finest"):
        panel_method_from_dict(data, "s.toml")


def test_entries_keep_text_unit_and_resolution_and_refuse_bad_values_by_field():
    m = method("moisture-105c")
    entries = parse_entries(
        m,
        {
            "tare_g": "25.1230",
            "gross_before_g": "35,5",
            "gross_after_g": "35.2001",
            "temperature_c": "105",
            "time_h": "2.5",
        },
    )
    assert entries["tare_g"].resolution == pytest.approx(0.0001)
    assert entries["gross_before_g"].value == 35.5 and entries["gross_before_g"].resolution == 0.1
    assert entries["gross_after_g"].unit == "g"
    with pytest.raises(EntryError, match=r"^tare_g: 25\.12345 g has more digits than the balance shows"):
        parse_entries(
            m,
            {
                "tare_g": "25.12345",
                "gross_before_g": "35",
                "gross_after_g": "34",
                "temperature_c": "105",
                "time_h": "2",
            },
        )
    with pytest.raises(EntryError, match=r"^time_h: missing"):
        parse_entries(
            m, {"tare_g": "25", "gross_before_g": "35", "gross_after_g": "34", "temperature_c": "105"}
        )
    with pytest.raises(EntryError, match=r"^weight_g: not an entry of a loss_on_drying test"):
        parse_entries(m, {"weight_g": "1"})
    with pytest.raises(EntryError, match=r"^tare_g: 'abc' is not a number"):
        parse_entries(m, {"tare_g": "abc"})
    sieve = method("particle-size-sieve")
    e = parse_entries(sieve, {"initial_g": "100.0", "retained_g": "0;0;0.2;0.5;30;40", "pan_g": "29.3"})
    assert e["retained_g"].value == (0, 0, 0.2, 0.5, 30, 40)
    assert parse_pairs("0.1:120.5; 1:62.3", "standards") == ((0.1, 1.0), (120.5, 62.3))
    with pytest.raises(EntryError, match=r"^standards: pair 2 '1-62' is not 'x:y'"):
        parse_pairs("0.1:120.5; 1-62", "standards")
