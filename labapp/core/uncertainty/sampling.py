"""Uncertainty from sampling by the duplicate method (Eurachem/CITAC UfS, 2nd ed. 2019, section 9.4.2).

Design: n sampling targets (lots), each sampled twice by the same protocol (primary samples S1, S2,
independent increments), each primary sample analysed twice (A1, A2): a balanced nested design,
held here as an array of shape (n, 2, 2) = [target, sample, analysis]. The classical nested ANOVA
gives the analytical, the sampling and the between-target standard deviations:

    MS_anal = sum (x_ijk - xbar_ij)^2 / (2n)                     (2n dof)
    MS_samp = 2 sum (xbar_ij - xbar_i)^2 / n                       (n dof)
    MS_targ = 4 sum (xbar_i - xbar)^2 / (n - 1)                    (n - 1 dof)
    s_anal^2 = MS_anal,  s_samp^2 = (MS_samp - MS_anal) / 2,  s_between^2 = (MS_targ - MS_samp) / 4

(a negative variance estimate is reported as zero), s_meas^2 = s_samp^2 + s_anal^2 and the relative
expanded measurement uncertainty U' = 200 s_meas / xbar %. The sampling part is what the lot's
analytical budget lacks: ``sampling_component`` turns it into one named budget input.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from labapp.core.errors import LabappError
from labapp.core.uncertainty.budget import Component

SAMPLING = "sampling"  # the name of the lot-level budget input


@dataclass(frozen=True)
class DuplicateAnova:
    """Classical ANOVA of a duplicate-method study: standard deviations and their dof."""

    targets: int
    mean: float
    s_between: float
    s_samp: float
    s_anal: float
    dof_samp: int  # n: the dof of MS_samp (the Welch-Satterthwaite dof of s_samp is smaller, see below)
    dof_anal: int  # 2n

    @property
    def s_meas(self) -> float:
        return math.hypot(self.s_samp, self.s_anal)

    @property
    def relative_expanded_measurement(self) -> float:
        """U' = 2 s_meas / mean, as a fraction (UfS 2019 eq. 6, k = 2)."""
        return 2.0 * self.s_meas / abs(self.mean)

    @property
    def rsd_samp(self) -> float:
        return self.s_samp / abs(self.mean)

    @property
    def dof_s_samp(self) -> float:
        """Welch-Satterthwaite dof of s_samp^2 = (MS_samp - MS_anal) / 2 (a difference of mean squares)."""
        ms_samp, ms_anal = 2.0 * self.s_samp**2 + self.s_anal**2, self.s_anal**2
        if self.s_samp == 0.0:
            return float(self.dof_samp)
        return (ms_samp - ms_anal) ** 2 / (ms_samp**2 / self.dof_samp + ms_anal**2 / self.dof_anal)


def duplicate_anova(data: Any) -> DuplicateAnova:
    """Classical nested ANOVA of duplicate-method data, shape (n, 2, 2) = [target, sample, analysis]."""
    x = np.asarray(data, dtype=float)
    if x.ndim != 3 or x.shape[1:] != (2, 2):
        raise LabappError("duplicate-method data must be targets x 2 samples x 2 analyses, "
                          f"got shape {x.shape}")
    n = x.shape[0]
    if n < 2:
        raise LabappError(f"the duplicate method needs at least 2 sampling targets (8 recommended), got {n}")
    if not np.all(np.isfinite(x)):
        raise LabappError("duplicate-method data contain a missing or non-numeric value")
    sample_means = x.mean(axis=2)
    target_means = sample_means.mean(axis=1)
    ms_anal = float(((x - sample_means[:, :, None]) ** 2).sum()) / (2 * n)
    ms_samp = 2.0 * float(((sample_means - target_means[:, None]) ** 2).sum()) / n
    ms_targ = 4.0 * float(((target_means - target_means.mean()) ** 2).sum()) / (n - 1)
    return DuplicateAnova(
        targets=n,
        mean=float(x.mean()),
        s_between=math.sqrt(max(ms_targ - ms_samp, 0.0) / 4.0),
        s_samp=math.sqrt(max(ms_samp - ms_anal, 0.0) / 2.0),
        s_anal=math.sqrt(ms_anal),
        dof_samp=n,
        dof_anal=2 * n,
    )


def duplicate_design(rows: pd.DataFrame, value: str = "value") -> np.ndarray:
    """Arrange long rows (columns target, sample, analysis, ``value``) as the (n, 2, 2) array.

    Every target must have exactly two primary samples, each analysed exactly twice; the message
    names the first target that does not.
    """
    needed = {"target", "sample", "analysis", value}
    if missing := needed - set(rows.columns):
        raise LabappError(f"duplicate-method rows lack the column(s) {', '.join(sorted(missing))}")
    out = []
    for target, group in rows.groupby("target", sort=True):
        ordered = group.sort_values("analysis").groupby("sample", sort=True)
        samples = [g[value].to_numpy(float) for _, g in ordered]
        if len(samples) != 2 or any(s.shape[0] != 2 for s in samples):
            shape = "+".join(str(s.shape[0]) for s in samples)
            raise LabappError(f"target {target}: the duplicate method needs 2 samples analysed twice each, "
                              f"got {len(samples)} sample(s) with {shape} analyses")
        out.append(samples)
    return np.array(out, dtype=float)


@dataclass(frozen=True)
class SamplingSpec:
    """The method's ``[sampling]`` option: off unless ``enabled``.

    ``rsd`` is the relative sampling standard deviation s_samp / mean of the protocol (from a
    duplicate study, ``from_anova``), ``dof`` its degrees of freedom, ``primary_samples`` how many
    independent primary samples are combined (averaged or composited at equal mass) into the
    reported lot value: the sampling standard uncertainty of the lot value is rsd |y| / sqrt(that).
    ``elements`` holds per-analyte (rsd, dof) from the study; other analytes take ``rsd``.
    ``shared`` is the correlation of the sampling errors of two analytes of one lot (GUM 5.2): a
    primary sample richer in cathode material is richer in Ni, Co and Mn together, so the default
    is 1, which can only widen the U of a sum (Ni+Co); a study that estimated the correlation from
    the duplicates' covariance may state it (a ratio's U is understated by too large an r).
    """

    enabled: bool = False
    rsd: float = 0.0
    dof: float = math.inf
    primary_samples: int = 1
    source: str = ""
    elements: tuple[tuple[str, float, float], ...] = ()
    shared: float = 1.0

    @classmethod
    def from_anova(cls, anova: DuplicateAnova, primary_samples: int = 1, source: str = "") -> SamplingSpec:
        return cls(True, anova.rsd_samp, anova.dof_s_samp, primary_samples, source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "sampling") -> SamplingSpec:
        """Validate a method's raw ``[sampling]`` table (keys: enabled, rsd_percent, dof,
        primary_samples, source, elements, shared); unknown keys are errors."""
        keys = {"enabled", "rsd_percent", "dof", "primary_samples", "source", "elements", "shared"}
        _known(data, keys, where)
        enabled = data.get("enabled", False)
        if not isinstance(enabled, bool):
            raise LabappError(f"{where}.enabled: expected true or false, got {enabled!r}")
        rsd, dof = _rsd_dof(data, where)
        primary = data.get("primary_samples", 1)
        if isinstance(primary, bool) or not isinstance(primary, int) or primary < 1:
            raise LabappError(f"{where}.primary_samples: expected a whole number >= 1, got {primary!r}")
        if enabled and not rsd > 0:
            raise LabappError(f"{where}.rsd_percent: an enabled sampling component needs rsd_percent > 0")
        elements = data.get("elements", {})
        if not isinstance(elements, Mapping):
            raise LabappError(f"{where}.elements: expected a table of per-analyte tables")
        overrides = []
        for name, table in sorted(elements.items()):
            if not isinstance(table, Mapping):
                raise LabappError(f"{where}.elements.{name}: expected a table")
            _known(table, {"rsd_percent", "dof"}, f"{where}.elements.{name}")
            overrides.append((str(name), *_rsd_dof(table, f"{where}.elements.{name}", rsd, dof)))
        shared = _number(data, "shared", where, 1.0)
        if shared > 1.0:
            raise LabappError(f"{where}.shared: a correlation in [0, 1], got {shared}")
        return cls(enabled, rsd, dof, primary, str(data.get("source", "")), tuple(overrides), shared)

    def for_element(self, analyte: str) -> SamplingSpec:
        """The spec with the analyte's own rsd and dof, when the study gave them."""
        for name, rsd, dof in self.elements:
            if name == analyte:
                return replace(self, rsd=rsd, dof=dof, elements=())
        return replace(self, elements=())

    def standard_uncertainty(self, value: float) -> float:
        """u_samp of a lot value y: rsd |y| / sqrt(primary_samples); 0 when the option is off."""
        return self.rsd * abs(value) / math.sqrt(self.primary_samples) if self.enabled else 0.0


def _known(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    if unknown := sorted(set(data) - allowed):
        raise LabappError(f"{where}.{unknown[0]}: unknown key (use {', '.join(sorted(allowed))})")


def _rsd_dof(data: Mapping[str, Any], where: str, rsd: float = 0.0, dof: float = math.inf
             ) -> tuple[float, float]:
    rsd = _number(data, "rsd_percent", where, 100.0 * rsd) / 100.0
    dof = _number(data, "dof", where, dof)
    if not dof > 0:
        raise LabappError(f"{where}.dof: expected a positive number, got {dof}")
    return rsd, dof


def _number(data: Mapping[str, Any], key: str, where: str, default: float) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise LabappError(f"{where}.{key}: expected a non-negative number, got {value!r}")
    return float(value)


def sampling_component(value: float, spec: SamplingSpec, unit: str = "") -> Component:
    """The lot-level budget input "sampling": estimate 0 (a random effect), sensitivity 1."""
    return Component(SAMPLING, 0.0, spec.standard_uncertainty(value), 1.0, spec.dof, unit,
                     description="sampling (duplicate method, Eurachem/CITAC UfS 2019)", shared=spec.shared)
