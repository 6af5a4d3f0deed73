"""Particle size: by sieving (mass retained per sieve) and by laser diffraction (the D-values exported).

Sieving (ISO 2591-1 practice). With R_i the mass retained on sieve i (coarsest first) and P the pan,
the recovered mass is M = sum R_i + P, the loss 100 (m_0 - M) / m_0, and the percentage passing
aperture a_i is

    Q(a_i) = 100 (sum_{j > i} R_j + P) / M.

The largest size is the smallest aperture of the stack that at least the method's percentage passes
(with 100, nothing retained on it or any coarser sieve); its uncertainty is the sieve's aperture
tolerance (ISO 3310-1 average aperture, rectangular). When even the coarsest sieve retains more, the
result is "> coarsest aperture". Of several portions the largest size reported is the largest found
(conservative). D-values (D10, D50, D90: the size that x % passes) are interpolated between the two
sieves around x, in log10(size) by default, and reported as information without U.

The balance (method 1.1 on): each fraction and the pan are masses by difference (the sieve or pan
with its fraction less the empty one), so each counts two independent readings of the method's
balance, readability +-d/2 and linearity +-a, both rectangular (Eurachem/CITAC QUAM A1, as the
gravimetric tests): u(R) = sqrt(2) * sqrt((d/2)^2/3 + a^2/3). With F the mass finer than a_i and C
the coarser (M = F + C), dQ/dR = 100 C / M^2 for a finer fraction and -100 F / M^2 for a coarser one,
so u(Q(a_i)) = 100 u(R) sqrt(n_F C^2 + n_C F^2) / M^2. The largest size's budget carries this as its
`balance` component: the % passing at the reported aperture with u(Q), sensitivity 0 mm per % (the
reported size is the sieve's aperture, so a mass error moves the size only by changing which sieve
is reported: the `passing_margin` figure says by how many u(Q) the passing clears the threshold).

Laser diffraction (ISO 13320): the instrument's D10, D50 and D90 (volume, um) per measurement; the
result is their mean, with the replicates' standard deviation of the mean (Type A, n - 1 dof) and
the method's relative u from validation (reference material and intermediate precision). The
replicates' coefficient of variation is checked against ISO 13320's limits (stated in the method).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from labapp.core.errors import LabappError
from labapp.core.panel.entries import EntryError
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.result import Check, PanelResult, duplicate_check
from labapp.core.panel.spec import Balance, PanelMethod, Sieves
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.vocabulary import CheckOutcome, PanelCheck

D_VALUES = (10.0, 50.0, 90.0)


def percent_passing(retained: Sequence[float], pan: float) -> np.ndarray:
    """Q(a_i) for each sieve (coarsest first), percent of the recovered mass."""
    r = np.asarray(retained, dtype=float)
    if np.any(r < 0) or pan < 0:
        raise EntryError.of("retained_g", PanelProblem.NOT_NEGATIVE)
    total = float(r.sum()) + pan
    if total <= 0:
        raise EntryError.of("retained_g", PanelProblem.NOTHING_RECOVERED)
    finer = np.concatenate([np.cumsum(r[::-1])[::-1][1:], [0.0]]) + pan
    return 100.0 * finer / total


def largest_size(sieves: Sieves, passing: np.ndarray) -> tuple[float, str]:
    """(aperture, censoring): the smallest aperture at least the threshold passes; ">" coarsest if none."""
    eps = 1e-9
    ok = passing >= sieves.largest_size_passing_pct - eps
    if not ok[0]:
        return sieves.apertures_mm[0], ">"
    bad = np.flatnonzero(~ok)
    last_ok = (bad[0] - 1) if bad.size else len(ok) - 1
    return sieves.apertures_mm[int(last_ok)], ""


def d_value(sieves: Sieves, passing: np.ndarray, x: float) -> float | None:
    """The size that x % passes, interpolated between the sieves around it; None outside the stack."""
    sizes = np.asarray(sieves.apertures_mm, dtype=float)[::-1]  # finest first, passing rising
    q = passing[::-1]
    for i in range(len(sizes) - 1):
        lo, hi = q[i], q[i + 1]
        if lo <= x <= hi and hi > lo:
            t = (x - lo) / (hi - lo)
            if sieves.interpolation == "log":
                return float(
                    10 ** (math.log10(sizes[i]) + t * (math.log10(sizes[i + 1]) - math.log10(sizes[i])))
                )
            return float(sizes[i] + t * (sizes[i + 1] - sizes[i]))
    return None


def passing_u(balance: Balance, retained: Sequence[float], pan: float) -> np.ndarray:
    """u(Q(a_i)) in % for each sieve from the balance: every fraction and the pan weighed by
    difference (two readings each, QUAM A1)."""
    masses = np.concatenate([np.asarray(retained, dtype=float), [pan]])
    total = float(masses.sum())
    u_mass = math.sqrt(2.0) * balance.u_reading()
    out = []
    for i in range(len(retained)):
        coarse, fine = float(masses[: i + 1].sum()), float(masses[i + 1 :].sum())
        n_coarse, n_fine = i + 1, masses.size - i - 1
        out.append(100.0 * u_mass * math.sqrt(n_fine * coarse**2 + n_coarse * fine**2) / total**2)
    return np.asarray(out)


def sieve_result(method: PanelMethod, portions: Sequence[Mapping[str, object]]) -> PanelResult:
    """The largest particle size (mm) with its U, the loss check and the D-values as information."""
    sieves = method.sieves
    assert sieves is not None
    if not portions:
        raise LabappError(f"{method.id}: no determination to report")
    found, checks, derived = [], [], {}
    for p in portions:
        retained = [float(v) for v in p["retained_g"]]  # type: ignore[attr-defined]
        if len(retained) != len(sieves.apertures_mm):
            raise EntryError.of(
                "retained_g", PanelProblem.SIEVE_COUNT, sieves=len(sieves.apertures_mm), masses=len(retained)
            )
        pan, initial = float(p["pan_g"]), float(p["initial_g"])  # type: ignore[arg-type]
        passing = percent_passing(retained, pan)
        u_q = None if method.balance is None else passing_u(method.balance, retained, pan)
        found.append((*largest_size(sieves, passing), passing, u_q))
        loss = 100.0 * (initial - (sum(retained) + pan)) / initial
        limit = method.qc.sieve_loss_max_pct
        if limit is not None:
            ok = abs(loss) <= limit
            checks.append(
                Check(
                    PanelCheck.SIEVE_LOSS, CheckOutcome.PASS if ok else CheckOutcome.FAIL, loss, -limit, limit
                )
            )
    size, censored, passing, u_passing = max(found, key=lambda f: (f[1] == ">", f[0]))
    for a, q in zip(sieves.apertures_mm, passing, strict=True):
        derived[f"passing_{a:g}_mm"] = float(q)
    if u_passing is not None:
        for a, u_q in zip(sieves.apertures_mm, u_passing, strict=True):
            derived[f"u_passing_{a:g}_mm"] = float(u_q)
    for x in D_VALUES:
        d = d_value(sieves, passing, x)
        if d is not None:
            derived[f"D{x:g}_mm"] = d
    u = size * sieves.aperture_tolerance_pct / 100.0 / math.sqrt(3.0)
    component = Component(
        "aperture",
        size,
        u,
        1.0,
        unit="mm",
        distribution="rectangular",
        description="sieve aperture tolerance (ISO 3310-1), rectangular",
    )
    components = [component]
    if u_passing is not None:
        at = sieves.apertures_mm.index(size)
        q, u_q = float(passing[at]), float(u_passing[at])
        if u_q > 0:
            derived["passing_margin"] = (q - sieves.largest_size_passing_pct) / u_q
        components.append(
            Component(
                "balance",
                q,
                u_q,
                0.0,
                unit="%",
                distribution="rectangular",
                description=f"% passing {size:g} mm from the balance (d, linearity; two readings a fraction)",
            )
        )
    budget = Budget(method.analyte, size, method.unit, tuple(components), model="sieve")
    return PanelResult(
        method.analyte,
        size,
        method.unit,
        method.basis,
        budget,
        len(portions),
        censored,
        None,
        tuple(checks),
        derived,
    )


def laser_results(method: PanelMethod, measurements: Sequence[Mapping[str, float]]) -> list[PanelResult]:
    """One result per reported D-value (um): mean of the measurements with U, the CV checked."""
    laser = method.laser
    assert laser is not None
    if not measurements:
        raise LabappError(f"{method.id}: no measurement to report")
    out = []
    for name in laser.reports:
        key = f"{name}_um"
        values = np.array([float(m[key]) for m in measurements])
        if np.any(values <= 0):
            raise EntryError.of(key, PanelProblem.POSITIVE)
        n, mean = values.size, float(values.mean())
        components = [
            Component(
                "method",
                1.0,
                laser.rel_u_pct[name] / 100.0,
                mean,
                unit="1",
                description="intermediate precision and reference material bias (validation)",
            )
        ]
        checks = [duplicate_check(method.qc, values.tolist())]
        if n > 1:
            sd = float(values.std(ddof=1))
            components.append(
                Component(
                    "repeatability",
                    mean,
                    sd / math.sqrt(n),
                    1.0,
                    n - 1,
                    "um",
                    description=f"sd of {n} measurements / sqrt(n)",
                )
            )
            limit = (method.qc.laser_cv_max_pct or {}).get(name)
            if limit is not None:
                cv = 100.0 * sd / mean
                checks.append(
                    Check(
                        PanelCheck.LASER_REPEATABILITY,
                        CheckOutcome.PASS if cv <= limit else CheckOutcome.FAIL,
                        cv,
                        None,
                        limit,
                        f"{name} coefficient of variation",
                    )
                )
        budget = Budget(name, mean, "um", tuple(components), model="laser diffraction")
        out.append(PanelResult(name, mean, "um", method.basis, budget, n, checks=tuple(checks)))
    return out
