"""Monte Carlo propagation of distributions (JCGM 101) as a cross-check of a first-order budget.

Inputs are sampled from their stated distributions (a normal input with finite dof as a scaled and
shifted t, JCGM 101 6.4.9; correlated normal inputs jointly, sharing one chi-square draw when their
dof is finite), pushed through the measurement model in one vectorised call, and summarised by the
mean, standard deviation and a 95 % coverage interval: the probabilistically symmetric one when the
output is symmetric (JCGM 101 5.3.3, 7.7.1), the shortest one otherwise (7.7.2). ``compare`` is the
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
from labapp.core.vocabulary import IntervalKind

MIN_DRAWS = 100_000
DEFAULT_DRAWS = 1_000_000
MAX_DRAWS = 10_000_000
RUNS_PER_BATCH = 20  # adaptive runs drawn together (20 x 10^4 draws), only for speed
VALIDATION_TOLERANCE_FRACTION = 0.2  # JCGM 101 8.2: the Monte Carlo results stable to delta/5
SKEWNESS_Z = 3.0  # an output is taken as symmetric unless |g1| exceeds 3 standard errors
SYMMETRIC_DISTRIBUTIONS = frozenset({"normal", "rectangular", "triangular", "arcsine"})


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
    interval: IntervalKind = IntervalKind.SHORTEST
    runs: int = 0  # adaptive runs of M = max(J, 10^4) draws (0 for a fixed number of draws)


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


def symmetric_interval(samples: np.ndarray, coverage: float = 0.95) -> tuple[float, float]:
    """Probabilistically symmetric interval: the (1 - p)/2 and (1 + p)/2 quantiles (JCGM 101 7.7.1).

    Each end is a single order statistic, so its Monte Carlo scatter is the binomial one,
    sqrt(p (1 - p) / M) / g(y); the shortest interval's ends are an argmin over a flat width curve
    and scatter far more when the output is symmetric (JCGM 101 5.3.3: there both are the same).
    """
    y = np.asarray(samples, dtype=float)
    if y.shape[0] < 2:
        raise LabappError("too few Monte Carlo draws for the requested coverage probability")
    low, high = np.quantile(y, [0.5 * (1.0 - coverage), 0.5 * (1.0 + coverage)])
    return float(low), float(high)


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


def skewness(y: np.ndarray) -> float:
    """Sample skewness g1 = m3 / m2^(3/2) of the draws."""
    d = y - y.mean()
    m2 = float(np.mean(d * d))
    return float(np.mean(d**3)) / m2**1.5 if m2 > 0 else 0.0


def looks_symmetric(y: np.ndarray) -> bool:
    """Skewness not detectable in the draws: |g1| <= 3 sqrt(6 / M) (the large-sample standard error of g1)."""
    return abs(skewness(y)) <= SKEWNESS_Z * math.sqrt(6.0 / y.shape[0])


def interval_kind(components: Sequence[Component], linear: bool, y: np.ndarray) -> IntervalKind:
    """Symmetric when the model is linear in inputs that all have symmetric distributions (then the
    output is symmetric exactly), or when the draws show no skewness; shortest otherwise."""
    if linear and all(c.distribution in SYMMETRIC_DISTRIBUTIONS for c in components):
        return IntervalKind.SYMMETRIC
    return IntervalKind.SYMMETRIC if looks_symmetric(y) else IntervalKind.SHORTEST


def coverage_interval(y: np.ndarray, coverage: float, kind: IntervalKind) -> tuple[float, float]:
    """The interval of ``kind`` from one sample of draws."""
    if kind is IntervalKind.SYMMETRIC:
        return symmetric_interval(y, coverage)
    return shortest_interval(y, coverage)


def _summary(y: np.ndarray, coverage: float, kind: IntervalKind, converged: bool | None = None,
             runs: int = 0) -> MonteCarloResult:
    low, high = coverage_interval(y, coverage, kind)
    mean, sd = float(y.mean()), float(y.std(ddof=1))
    return MonteCarloResult(mean, sd, low, high, coverage, int(y.shape[0]), converged, kind, runs)


def propagate(model: Callable[[Mapping[str, np.ndarray]], np.ndarray], components: Sequence[Component],
              correlation: np.ndarray | None = None, *, draws: int = DEFAULT_DRAWS, coverage: float = 0.95,
              seed: int | None = None, linear: bool = False) -> MonteCarloResult:
    """Propagate the inputs' distributions through ``model`` (a vectorised function of named inputs).

    ``linear`` says the model is linear in its inputs: with symmetric inputs the output is then
    symmetric and the probabilistically symmetric interval is reported without a skewness test.
    """
    if draws < MIN_DRAWS:
        raise LabappError(f"the Monte Carlo check needs at least {MIN_DRAWS} draws, got {draws}")
    rng = np.random.default_rng(seed)
    y = _model_draws(model, components, correlation, draws, rng)
    return _summary(y, coverage, interval_kind(components, linear, y))


def run_size(coverage: float) -> int:
    """M = max(J, 10^4) with J = ceil(100 / (1 - p)) draws per run (JCGM 101 7.9.4 a)."""
    return max(math.ceil(100.0 / (1.0 - coverage) - 1e-9), 10_000)


def _run_statistics(runs: np.ndarray, coverage: float, kind: IntervalKind) -> np.ndarray:
    """(y, u, low, high) of every run (one row of ``runs`` each), vectorised over the runs."""
    y = np.sort(runs, axis=1)
    m = y.shape[1]
    mean, sd = y.mean(axis=1), y.std(axis=1, ddof=1)
    if kind is IntervalKind.SYMMETRIC:
        low, high = np.quantile(y, [0.5 * (1.0 - coverage), 0.5 * (1.0 + coverage)], axis=1)
    else:
        q = int(coverage * m + 0.5)
        r = np.argmin(y[:, q - 1:] - y[:, : m - q + 1], axis=1)
        rows = np.arange(y.shape[0])
        low, high = y[rows, r], y[rows, r + q - 1]
    return np.column_stack([mean, sd, low, high])


def propagate_adaptive(model: Callable[[Mapping[str, np.ndarray]], np.ndarray],
                       components: Sequence[Component], correlation: np.ndarray | None = None, *,
                       ndig: int = 2, tolerance_fraction: float = 1.0, coverage: float = 0.95,
                       max_draws: int = MAX_DRAWS, seed: int | None = None,
                       linear: bool = False) -> MonteCarloResult:
    """Adaptive Monte Carlo (JCGM 101 7.9.4).

    Runs of M = max(J, 10^4) draws; after h >= 2 runs, s_q = sd(q_1..q_h) / sqrt(h) for the run
    estimates q of y, u(y), y_low and y_high; stop when 2 s_q <= tolerance_fraction x delta for all
    four, with delta the numerical tolerance of u(y) from all draws at ``ndig`` digits (7.9.2).
    ``tolerance_fraction`` 1 is 7.9.4 itself; the validation asks for less (delta/5, see
    ``check_budget``). The summary uses all h M draws; ``max_draws`` caps the work (``converged``
    False then). Runs are drawn ``RUNS_PER_BATCH`` at a time so numpy works on large arrays.
    """
    rng = np.random.default_rng(seed)
    m = run_size(coverage)
    per_batch = max(1, min(RUNS_PER_BATCH, max_draws // m))
    first = _model_draws(model, components, correlation, per_batch * m, rng)
    kind = interval_kind(components, linear, first)
    outputs, table = [first], [_run_statistics(first.reshape(per_batch, m), coverage, kind)]
    converged = False
    while True:
        stats_by_run = np.concatenate(table)
        h = stats_by_run.shape[0]
        all_u = float(np.concatenate(outputs).std(ddof=1))
        target = tolerance_fraction * numerical_tolerance(all_u, ndig)
        if h >= 2 and np.all(2.0 * stats_by_run.std(axis=0, ddof=1) / math.sqrt(h) <= target):
            converged = True
            break
        if (h + per_batch) * m > max_draws:
            break
        y = _model_draws(model, components, correlation, per_batch * m, rng)
        outputs.append(y)
        table.append(_run_statistics(y.reshape(per_batch, m), coverage, kind))
    return _summary(np.concatenate(outputs), coverage, kind, converged, h)


def check_budget(budget: Budget, *, ndig: int = 2, seed: int | None = None, draws: int | None = None,
                 max_draws: int = MAX_DRAWS,
                 model: Callable[[Mapping[str, np.ndarray]], np.ndarray] | None = None,
                 linear: bool = False) -> MonteCarloCheck:
    """Monte Carlo cross-check of one budget with the model it was built from (JCGM 101 clause 8).

    With ``draws=None`` the adaptive procedure (7.9.4) runs until y, u and both interval ends are
    stable to delta/5 (clause 8.2: the Monte Carlo result must be much better than the tolerance it
    judges against), capped by ``max_draws``; a fixed ``draws`` runs exactly that many. ``model``
    overrides the registered one (``linear`` says it is linear); a budget without a model is
    propagated through its linearisation y + sum c_i (x_i - x_i0), which is linear and so only
    checks the distributional assumptions.
    """
    if model is None:
        registered = model_function(budget)
        linear = registered is None
        model = (lambda x: registered(x, budget)) if registered else _linearised(budget)
    corr = budget.correlation_matrix()
    if draws is None:
        mc = propagate_adaptive(model, budget.components, corr, ndig=ndig, coverage=budget.confidence,
                                tolerance_fraction=VALIDATION_TOLERANCE_FRACTION, max_draws=max_draws,
                                seed=seed, linear=linear)
    else:
        mc = propagate(model, budget.components, corr, draws=draws, coverage=budget.confidence, seed=seed,
                       linear=linear)
    validation = compare(budget.value, budget.u_c, budget.nu_eff, mc.low, mc.high, budget.confidence, ndig)
    return MonteCarloCheck(budget.value, budget.u_c, budget.nu_eff, mc, validation)


def _linearised(budget: Budget) -> Callable[[Mapping[str, np.ndarray]], np.ndarray]:
    def model(x: Mapping[str, np.ndarray]) -> np.ndarray:
        return budget.value + sum(c.sensitivity * (x[c.name] - c.value) for c in budget.components)

    return model
