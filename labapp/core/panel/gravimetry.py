"""Gravimetric panel tests: moisture by loss on drying, loss on ignition, acid-insoluble matter.

Loss (drying at 105 C, ISO 10251 practice; ignition): three readings of one balance, the empty
dish T, dish and portion before heating W, and after heating to constant mass D:

    w = 100 (W - D) / (W - T)                               [wt%]
    dw/dW = 100 (D - T) / (W - T)^2,  dw/dD = -100 / (W - T),  dw/dT = 100 (W - D) / (W - T)^2

Acid-insoluble matter: the portion m_s (weighed by difference, two readings), the ignited
crucible T_c and crucible with residue R, less the reagent blank b:

    w = 100 (R - T_c - b) / m_s

Each reading counts the balance's readability and linearity once (Eurachem/CITAC QUAM A1: the
tare and the gross reading are independent); a balance's offset and span error cancel in the
ratio and are not counted. The drying endpoint (constant mass: successive readings within e) is a
rectangular term on the after-heating reading; the method's repeatability s_r enters once per
result (labapp.core.panel.result).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from labapp.core.panel.entries import EntryError, ja_params
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.result import Check, Determination, PanelResult, finish, precision_component
from labapp.core.panel.spec import PanelMethod
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.vocabulary import CheckOutcome, PanelCheck

Entries = Mapping[str, float]


def loss_determination(method: PanelMethod, e: Entries) -> Determination:
    """One portion's loss on drying or on ignition with its budget."""
    assert method.balance is not None
    t, w, d = e["tare_g"], e["gross_before_g"], e["gross_after_g"]
    portion = w - t
    if portion <= 0:
        raise EntryError.of("gross_before_g", PanelProblem.MORE_THAN, **ja_params(other="tare_g"))
    if d > w:
        raise EntryError.of("gross_after_g", PanelProblem.NOT_EXCEEDING, **ja_params(other="gross_before_g"))
    if d < t:
        raise EntryError.of("gross_after_g", PanelProblem.NOT_BELOW, **ja_params(other="tare_g"))
    value = 100.0 * (w - d) / portion
    u_read = method.balance.u_reading()
    u_after = math.hypot(u_read, method.endpoint_g / math.sqrt(3.0))
    components = (
        Component(
            "tare",
            t,
            u_read,
            100.0 * (w - d) / portion**2,
            unit="g",
            description="empty dish: readability and linearity",
        ),
        Component(
            "gross_before",
            w,
            u_read,
            100.0 * (d - t) / portion**2,
            unit="g",
            description="dish and portion before heating: readability and linearity",
        ),
        Component(
            "gross_after",
            d,
            u_after,
            -100.0 / portion,
            unit="g",
            description="after heating: readability, linearity and the constant-mass endpoint",
        ),
        precision_component(method, value),
    )
    return Determination(
        value, Budget(method.analyte, value, method.unit, components, model="gravimetric loss")
    )


def acid_insoluble_determination(method: PanelMethod, e: Entries) -> Determination:
    """One portion's acid-insoluble matter with its budget."""
    assert method.balance is not None
    m, t, r = e["sample_g"], e["crucible_g"], e["gross_residue_g"]
    if m <= 0:
        raise EntryError.of("sample_g", PanelProblem.POSITIVE)
    if r < t:
        raise EntryError.of("gross_residue_g", PanelProblem.NOT_BELOW, **ja_params(other="crucible_g"))
    b = method.blank_g
    value = 100.0 * (r - t - b) / m
    u_read = method.balance.u_reading()
    components = (
        Component(
            "sample_mass",
            m,
            math.sqrt(2.0) * u_read,
            -value / m,
            unit="g",
            description="portion weighed by difference: two readings",
        ),
        Component("crucible", t, u_read, -100.0 / m, unit="g", description="ignited empty crucible"),
        Component("gross_residue", r, u_read, 100.0 / m, unit="g", description="crucible and residue"),
        Component(
            "blank",
            b,
            b / math.sqrt(3.0),
            -100.0 / m,
            unit="g",
            distribution="rectangular",
            description="reagent and filter blank, +-b rectangular",
        ),
        precision_component(method, value),
    )
    return Determination(
        value, Budget(method.analyte, value, method.unit, components, model="gravimetric residue")
    )


def heating_checks(method: PanelMethod, portions: Sequence[Entries]) -> list[Check]:
    """Temperature within the method's window and time at least its minimum, for every portion."""
    assert method.heating is not None
    temps = [p["temperature_c"] for p in portions]
    times = [p["time_h"] for p in portions]
    window = method.heating.temperature_c
    hot = all(window.contains(t) for t in temps)
    long_enough = all(t >= method.heating.min_time_h for t in times)
    return [
        Check(
            PanelCheck.TEMPERATURE,
            CheckOutcome.PASS if hot else CheckOutcome.FAIL,
            max(temps, key=lambda t: abs(t - (window.low + window.high) / 2)),
            window.low,
            window.high,
        ),
        Check(
            PanelCheck.DURATION,
            CheckOutcome.PASS if long_enough else CheckOutcome.FAIL,
            min(times),
            method.heating.min_time_h,
            None,
        ),
    ]


def gravimetric_result(method: PanelMethod, portions: Sequence[Entries]) -> PanelResult:
    """The reported result of a loss (drying, ignition) or acid-insoluble test."""
    if method.kind.gravimetric_loss:
        determinations = [loss_determination(method, p) for p in portions]
        checks = heating_checks(method, portions)
    else:
        determinations = [acid_insoluble_determination(method, p) for p in portions]
        checks = []
    return finish(method, method.analyte, method.unit, determinations, checks)
