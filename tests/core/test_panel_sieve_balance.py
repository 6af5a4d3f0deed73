"""The sieve method's balance in the budget (method 1.1): u of the % passing from the weighings, by hand."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from labapp.core.panel import calculate, panel_method_from_dict

PANEL = Path(__file__).parents[2] / "resources" / "methods" / "panel"
PORTION = {"initial_g": 100.2, "retained_g": (0, 0, 0.2, 0.5, 30.0, 40.0), "pan_g": 29.3}


def method(path: Path):
    return panel_method_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


def test_the_balance_gives_the_percent_passing_its_u_by_hand():
    m = method(PANEL / "particle-size-sieve.toml")
    assert m.version == "1.1" and (m.balance.resolution_g, m.balance.linearity_g) == (0.01, 0.02)
    (r,) = calculate(m, [PORTION])
    # one reading: sqrt((0.01/2)^2/3 + 0.02^2/3) = sqrt(0.000425/3) = 0.0119024 g; a fraction is
    # weighed by difference (two readings): u(R) = 0.0168325 g. At 0.25 mm the coarser mass is
    # 0 + 0 + 0.2 + 0.5 = 0.7 g (4 weighings), the finer 30.0 + 40.0 + 29.3 = 99.3 g (3), M = 100 g:
    # u(Q) = 100 * 0.0168325 * sqrt(3 * 0.7^2 + 4 * 99.3^2) / 100^2 = 0.0016832508 * 198.6037 / 10
    assert r.derived["u_passing_0.25_mm"] == pytest.approx(0.033430, abs=2e-6)
    # at 0.125 mm: coarser 30.7 g (5 weighings), finer 69.3 g (2):
    # 0.0016832508 * sqrt(2 * 30.7^2 + 5 * 69.3^2) / 10 = 0.0016832508 * 160.918 / 10 = 0.027087
    assert r.derived["u_passing_0.125_mm"] == pytest.approx(0.027087, abs=2e-6)
    balance = {c.name: c for c in r.budget.components}["balance"]
    assert (balance.value, balance.sensitivity) == (pytest.approx(99.3), 0.0)
    assert balance.u == pytest.approx(0.033430, abs=2e-6)
    # 99.3 % clears the 99 % threshold by (99.3 - 99) / 0.03343 = 8.97 u(Q)
    assert r.derived["passing_margin"] == pytest.approx(8.974, abs=2e-3)
    # the reported size is the sieve's aperture: U stays the aperture tolerance, 2 * 0.25 * 3 % / sqrt(3)
    assert pytest.approx(2 * 0.25 * 0.03 / math.sqrt(3)) == r.U


def test_the_superseded_version_calculates_as_it_did():
    old = method(PANEL / "superseded" / "particle-size-sieve-1.0.toml")
    assert (old.id, old.version, old.balance) == ("particle-size-sieve", "1.0", None)
    (r,) = calculate(old, [PORTION])
    assert [c.name for c in r.budget.components] == ["aperture"]
    assert "u_passing_0.25_mm" not in r.derived and r.value == 0.25
