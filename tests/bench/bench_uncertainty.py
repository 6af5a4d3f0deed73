"""Benchmark: bottom-up budgets for 10,000 ICP-OES results, vectorised vs GTC one result at a time.

Run with ``.venv/bin/pytest tests/bench/bench_uncertainty.py -s`` or as a script. Prints the ratio
(goal: at least 100x; best of 5 runs against best of 3) and the first, cold run, which includes
building the t-quantile table once per process. Both sides compute value, u_c, nu_eff, k and U
for every result, and the answers are compared so the speed is not bought with a wrong result.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from GTC import reporting as rp
from GTC import ureal

from labapp.core.uncertainty import MethodUncertainty, icp_solid_budgets

N_RESULTS = 10_000
METHOD = {
    "digest_volume": {"tolerance": 0.10, "distribution": "triangular"},
    "dilution": {"tolerance_percent": 0.5},
    "sample_mass": {"tolerance": 0.0002},
    "moisture": {"tolerance": 0.05},
    "recovery": {"recovery_percent": 99.0, "u_percent": 0.8, "dof": 12},
    "reproducibility": {"rsd_percent": 1.5, "dof": 11},
}


def _run(n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2026)
    return {
        "concentration": rng.uniform(0.5, 40.0, n), "u_calibration": rng.uniform(0.005, 0.3, n),
        "dof_calibration": rng.integers(3, 9, n).astype(float), "blank": rng.uniform(0.0, 0.05, n),
        "u_blank": rng.uniform(0.001, 0.01, n), "dof_blank": rng.integers(2, 10, n).astype(float),
        "volume_ml": np.full(n, 100.0), "dilution": np.full(n, 10.0), "dilution_steps": np.ones(n),
        "mass_g": rng.uniform(0.1, 0.5, n), "moisture": rng.uniform(0.0, 0.08, n),
    }


def _vectorised(spec: MethodUncertainty, run: dict[str, np.ndarray]) -> np.ndarray:
    table = icp_solid_budgets(spec, **run)
    c = table.combined
    return np.column_stack([table.values, c.u_c, c.nu_eff, c.k, c.U])


def _gtc_one_by_one(spec: MethodUncertainty, run: dict[str, np.ndarray]) -> np.ndarray:
    out = np.empty((len(run["concentration"]), 5))
    u_vol = spec.digest_volume.u(100.0)
    u_df_rel = spec.dilution.u_relative(1.0)
    u_mass = spec.sample_mass.u(1.0)
    rec, rep = spec.recovery, spec.reproducibility
    for i in range(out.shape[0]):
        c = ureal(run["concentration"][i], run["u_calibration"][i], run["dof_calibration"][i])
        cb = ureal(run["blank"][i], run["u_blank"][i], run["dof_blank"][i])
        w = (c - cb) * ureal(100.0, u_vol) * ureal(10.0, 10.0 * u_df_rel) / (
            ureal(run["mass_g"][i], u_mass) * (1 - ureal(run["moisture"][i], 0.0005))
            * ureal(rec.applied, rec.u, rec.dof)) * ureal(1.0, rep.rsd, rep.dof)
        k = rp.k_factor(w.df, 95) if math.isfinite(w.df) else 2.0
        out[i] = (w.x, w.u, w.df, k, k * w.u)
    return out


def _best_of(repeats: int, func, *args) -> tuple[float, np.ndarray]:  # noqa: ANN001
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


@pytest.mark.bench
def test_uncertainty_budgets_speed() -> None:
    spec = MethodUncertainty.from_dict(METHOD)
    run = _run(N_RESULTS)
    t_cold, _ = _best_of(1, _vectorised, spec, run)
    t_vec, ours = _best_of(5, _vectorised, spec, run)
    t_gtc, theirs = _best_of(3, _gtc_one_by_one, spec, run)
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)
    ratio = t_gtc / t_vec
    print(f"\nUncertainty budgets, {N_RESULTS} results: vectorised {t_vec * 1e3:.1f} ms "
          f"(first run {t_cold * 1e3:.1f} ms), GTC one by one {t_gtc:.2f} s, ratio {ratio:.0f}x "
          f"(cold {t_gtc / t_cold:.0f}x; goal >= 100x)")


if __name__ == "__main__":
    test_uncertainty_budgets_speed()
