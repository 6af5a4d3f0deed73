"""Monte Carlo propagation of distributions (JCGM 101) as a cross-check of a first-order budget.

Inputs are sampled from their stated distributions (a normal input with finite dof as a scaled and
shifted t, JCGM 101 6.4.9; correlated normal inputs jointly, sharing one chi-square draw when their
dof is finite), pushed through the measurement model in one vectorised call, and summarised by the
mean, standard deviation and shortest coverage interval (JCGM 101 7.7.2). ``compare`` is the
validation of JCGM 101 clause 8: the first-order interval y +/- U_p is accepted when both endpoint
differences d_low, d_high are within the numerical tolerance delta of u_c (JCGM 101 7.9.2).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from labapp.core.errors import LabappError
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.uncertainty.combine import correlation_groups
from labapp.core.uncertainty.distributions import DIVISORS
from labapp.core.uncertainty.models import model_function

MIN_DRAWS = 100_000
DEFAULT_DRAWS = 1_000_000
BATCH_DRAWS = 500_000
MAX_DRAWS = 10_000_000


@dataclass(frozen=True)
class MonteCarloResult:
    """Summary of the output distribution: estimate, standard uncertainty and shortest interval."""

    y: float
    u: float
    low: float
    high: float
    coverage: float
    draws: int
    converged: bool | None = None  # adaptive runs: did y, u and the endpoints stabilise to the tolerance?


@dataclass(frozen=True)
class Validation:
    """JCGM 101 clause 8: d_low = |y - U_p - y_low|, d_high = |y + U_p - y_high| against delta."""

    ndig: int
    delta: float
    k_p: float
    first_order_low: float
    first_order_high: float
    d_low: float
    d_high: float
    validated: bool


@dataclass(frozen=True)
class MonteCarloCheck:
    """The first-order result, the Monte Carlo result and their comparison for one budget."""

    y: float
    u_c: float
    nu_eff: float
    monte_carlo: MonteCarloResult
    validation: Validation

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict (infinite dof as null)."""
        return {
            "first_order": {"y": self.y, "u_c": self.u_c,
                            "nu_eff": None if math.isinf(self.nu_eff) else self.nu_eff},
            "monte_carlo": asdict(self.monte_carlo),
            "validation": asdict(self.validation),
        }


def numerical_tolerance(u: float, ndig: int = 2) -> float:
    """delta = 10^l / 2 where u = c x 10^l and c has ``ndig`` significant digits (JCGM 101 7.9.2)."""
    if not u > 0 or ndig < 1:
        return 0.0
    exponent = math.floor(math.log10(u)) - ndig + 1
    if round(u / 10.0**exponent) >= 10**ndig:  # e.g. 0.0996 with two digits is 0.10, not 0.0996
        exponent += 1
    return 0.5 * 10.0**exponent


def shortest_interval(samples: np.ndarray, coverage: float = 0.95) -> tuple[float, float]:
    """Shortest interval holding a fraction ``coverage`` of the draws (JCGM 101 7.7.2)."""
    y = np.sort(np.asarray(samples, dtype=float))
    m = y.shape[0]
    q = int(coverage * m + 0.5)
    if q < 1 or q > m:
        raise LabappError("too few Monte Carlo draws for the requested coverage probability")
    widths = y[q - 1:] - y[: m - q + 1]
    r = int(np.argmin(widths))
    return float(y[r]), float(y[r + q - 1])


def compare(y: float, u_c: float, nu_eff: float, low: float, high: float, coverage: float = 0.95,
            ndig: int = 2) -> Validation:
    """Validate y +/- k_p u_c against the Monte Carlo interval [low, high] (JCGM 101 8.2).

    k_p is the t quantile for nu_eff (the normal one for infinite dof), not the conventional k = 2,
    so that both intervals are for the same coverage probability as clause 8 requires.
    """
    p = 0.5 * (1.0 + coverage)
    k_p = float(stats.norm.ppf(p) if math.isinf(nu_eff) else stats.t.ppf(p, nu_eff))
    lo, hi = y - k_p * u_c, y + k_p * u_c
    delta = numerical_tolerance(u_c, ndig)
    d_low, d_high = abs(lo - low), abs(hi - high)
    return Validation(ndig, delta, k_p, lo, hi, d_low, d_high, bool(d_low <= delta and d_high <= delta))


def sample_components(components: Sequence[Component], correlation: np.ndarray | None, draws: int,
                      rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draws of every input, keyed by component name."""
    out: dict[str, np.ndarray] = {}
    r = np.eye(len(components)) if correlation is None else correlation
    for group in correlation_groups(r):
        members = [components[i] for i in group]
        if len(members) == 1:
            c = members[0]
            out[c.name] = c.value + c.u * _standard_draws(c.distribution, c.dof, draws, rng)
            continue
        if any(c.distribution != "normal" for c in members):
            raise LabappError("correlated inputs must be normal (or t) for the Monte Carlo check")
        z = _correlated_normals(r[np.ix_(group, group)], draws, rng)
        dof = members[0].dof
        if math.isfinite(dof):  # multivariate t: one chi-square per draw for the whole group
            z = z / np.sqrt(rng.chisquare(dof, size=draws) / dof)[:, None]
        for j, c in enumerate(members):
            out[c.name] = c.value + c.u * z[:, j]
    return out


def _standard_draws(distribution: str, dof: float, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Draws with zero mean and unit scale (unit sd except for t, whose scale is u as in JCGM 101)."""
    if distribution == "normal":
        return rng.standard_t(dof, size=draws) if math.isfinite(dof) else rng.standard_normal(draws)
    a = DIVISORS[distribution]  # half-width of the unit-variance distribution
    if distribution == "rectangular":
        return a * rng.uniform(-1.0, 1.0, size=draws)
    if distribution == "triangular":
        return a * (rng.random(draws) - rng.random(draws))
    return a * np.sin(2.0 * math.pi * rng.random(draws))  # arcsine (U-shaped)


def _correlated_normals(r: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    w, v = np.linalg.eigh(r)  # tolerates a singular (|r| = 1) matrix, unlike Cholesky
    factor = v * np.sqrt(np.clip(w, 0.0, None))
    return rng.standard_normal((draws, r.shape[0])) @ factor.T


def _model_draws(model: Callable[[Mapping[str, np.ndarray]], np.ndarray], components: Sequence[Component],
                 correlation: np.ndarray | None, draws: int, rng: np.random.Generator) -> np.ndarray:
    y = np.broadcast_to(np.asarray(model(sample_components(components, correlation, draws, rng)), float),
                        (draws,))
    if not np.all(np.isfinite(y)):
        raise LabappError("the measurement model gave non-finite values for some Monte Carlo draws")
    return y


def _summary(y: np.ndarray, coverage: float, converged: bool | None = None) -> MonteCarloResult:
    low, high = shortest_interval(y, coverage)
    mean, sd = float(y.mean()), float(y.std(ddof=1))
    return MonteCarloResult(mean, sd, low, high, coverage, int(y.shape[0]), converged)


def propagate(model: Callable[[Mapping[str, np.ndarray]], np.ndarray], components: Sequence[Component],
              correlation: np.ndarray | None = None, *, draws: int = DEFAULT_DRAWS, coverage: float = 0.95,
              seed: int | None = None) -> MonteCarloResult:
    """Propagate the inputs' distributions through ``model`` (a vectorised function of named inputs)."""
    if draws < MIN_DRAWS:
        raise LabappError(f"the Monte Carlo check needs at least {MIN_DRAWS} draws, got {draws}")
    rng = np.random.default_rng(seed)
    return _summary(_model_draws(model, components, correlation, draws, rng), coverage)


def propagate_adaptive(model: Callable[[Mapping[str, np.ndarray]], np.ndarray],
                       components: Sequence[Component], correlation: np.ndarray | None = None, *,
                       ndig: int = 2, tolerance_fraction: float = 0.2, coverage: float = 0.95,
                       batch: int = BATCH_DRAWS, max_draws: int = MAX_DRAWS,
                       seed: int | None = None) -> MonteCarloResult:
    """Adaptive Monte Carlo (JCGM 101 7.9.4): batches until twice the standard deviations of the batch
    means of y, u, low and high are within ``tolerance_fraction`` x delta (delta/5 as clause 8.2 asks),
    or ``max_draws`` is reached (then ``converged`` is False). The summary uses all draws."""
    if batch < MIN_DRAWS:
        raise LabappError(f"the Monte Carlo check needs batches of at least {MIN_DRAWS} draws, got {batch}")
    rng = np.random.default_rng(seed)
    outputs: list[np.ndarray] = []
    stats_by_batch: list[tuple[float, float, float, float]] = []
    converged = False
    while True:
        y = _model_draws(model, components, correlation, batch, rng)
        outputs.append(y)
        part = _summary(y, coverage)
        stats_by_batch.append((part.y, part.u, part.low, part.high))
        h = len(stats_by_batch)
        if h >= 2:
            table = np.array(stats_by_batch)
            sd_of_means = table.std(axis=0, ddof=1) / math.sqrt(h)
            target = tolerance_fraction * numerical_tolerance(float(table[:, 1].mean()), ndig)
            if np.all(2.0 * sd_of_means <= target):
                converged = True
                break
        if (h + 1) * batch > max_draws:
            break
    return _summary(np.concatenate(outputs), coverage, converged)


def check_budget(budget: Budget, *, ndig: int = 2, seed: int | None = None, draws: int | None = None,
                 max_draws: int = MAX_DRAWS,
                 model: Callable[[Mapping[str, np.ndarray]], np.ndarray] | None = None) -> MonteCarloCheck:
    """Monte Carlo cross-check of one budget with the model it was built from (JCGM 101 clause 8).

    With ``draws=None`` the adaptive procedure runs to the tolerance delta/5 that clause 8.2 asks for
    (capped by ``max_draws``); a fixed ``draws`` runs exactly that many. ``model`` overrides the
    registered one; a budget without a model is propagated through its linearisation
    y + sum c_i (x_i - x_i0), which then only checks the distributional assumptions.
    """
    if model is None:
        registered = model_function(budget)
        model = (lambda x: registered(x, budget)) if registered else _linearised(budget)
    corr = budget.correlation_matrix()
    if draws is None:
        mc = propagate_adaptive(model, budget.components, corr, ndig=ndig, coverage=budget.confidence,
                                max_draws=max_draws, seed=seed)
    else:
        mc = propagate(model, budget.components, corr, draws=draws, coverage=budget.confidence, seed=seed)
    validation = compare(budget.value, budget.u_c, budget.nu_eff, mc.low, mc.high, budget.confidence, ndig)
    return MonteCarloCheck(budget.value, budget.u_c, budget.nu_eff, mc, validation)


def _linearised(budget: Budget) -> Callable[[Mapping[str, np.ndarray]], np.ndarray]:
    def model(x: Mapping[str, np.ndarray]) -> np.ndarray:
        return budget.value + sum(c.sensitivity * (x[c.name] - c.value) for c in budget.components)

    return model
