"""The ICP-OES run order: calibration, ICV/ICB, samples with CCV/CCB every 10 samples and at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from .design import ELEMENTS, Design, Lot, duplicate_mass, solution_conc

STANDARDS = {  # mg/L in Standard 1..5 (multi-element mixes)
    "Ni": (1, 5, 10, 25, 50), "Co": (1, 5, 10, 25, 50), "Mn": (1, 5, 10, 25, 50), "Fe": (1, 5, 10, 25, 50),
    "P": (1, 5, 10, 25, 50), "Li": (0.5, 1, 5, 10, 20), "Cu": (0.1, 0.5, 1, 5, 10),
    "Al": (0.1, 0.5, 1, 5, 10), "Zn": (0.1, 0.5, 1, 5, 10),
}
CHECK_LEVEL = {el: levels[2] for el, levels in STANDARDS.items()}  # ICV (second source) and CCV: mid-range
CCV_EVERY = 10
RUN_START = datetime(2026, 3, 17, 9, 2, 11)
SECONDS_PER_SOLUTION = 95


@dataclass
class Solution:
    label: str
    type_code: str  # ICP Expert Type column: Blk, Std, LCS, Samp
    kind: str  # cal_blank, standard, icv, icb, ccv, ccb, method_blank, crm, sample, duplicate, spike
    conc: dict[str, float]  # true concentration in the measured solution, mg/L
    nominal: dict[str, float] = field(default_factory=dict)  # Blk/Std: the concentration the file states
    when: datetime = RUN_START
    position: int = 0


def zero_conc() -> dict[str, float]:
    return dict.fromkeys(ELEMENTS, 0.0)


def lot_solutions(lot: Lot, design: Design) -> list[Solution]:
    def conc(mass: float) -> dict[str, float]:
        return {el: solution_conc(w, mass, lot.moisture_pct, design.digest_volume_ml, lot.dilution)
                for el, w in lot.wt_pct.items()}

    out = [Solution(lot.code, "Samp", "sample", conc(lot.mass_g))]
    if lot.code in design.duplicates:
        out.append(Solution(f"{lot.code} DUP", "Samp", "duplicate", conc(duplicate_mass(lot))))
    if lot.code in design.spikes:
        spiked = {el: c + design.spikes[lot.code] for el, c in conc(lot.mass_g).items()}
        out.append(Solution(f"{lot.code} SPK", "Samp", "spike", spiked))
    return out


def crm_solution(label: str, mass_g: float, design: Design) -> Solution:
    conc = {el: solution_conc(value, mass_g, 0.0, design.digest_volume_ml, design.crm_dilution)
            for el, (value, _) in design.crm_certified.items()}
    return Solution(label, "Samp", "crm", conc)


def calibration_solutions() -> list[Solution]:
    out = [Solution("Blank", "Blk", "cal_blank", zero_conc(), zero_conc())]
    for i in range(5):
        levels = {el: float(STANDARDS[el][i]) for el in ELEMENTS}
        out.append(Solution(f"Standard {i + 1}", "Std", "standard", levels, dict(levels)))
    return out


def check(label: str, kind: str) -> Solution:
    """ICV/CCV carry Type LCS (the real export's recurring check standard); ICB/CCB are read as samples."""
    if kind in ("icv", "ccv"):
        return Solution(label, "LCS", kind, {el: float(CHECK_LEVEL[el]) for el in ELEMENTS})
    return Solution(label, "Samp", kind, zero_conc())


def analytical_samples(design: Design) -> list[Solution]:
    """Method blank and CRM first and last, the lots with their duplicates and spikes in between."""
    def method_blank(n: int) -> Solution:
        return Solution(f"Method Blank {n}", "Samp", "method_blank", {**zero_conc(), **design.method_blank})

    samples = [method_blank(1), crm_solution(*design.crm_digests[0], design)]
    for lot in design.lots:
        samples += lot_solutions(lot, design)
    return [*samples, crm_solution(*design.crm_digests[1], design), method_blank(2)]


def run_sequence(design: Design, rng: np.random.Generator) -> list[Solution]:
    """Calibration, ICV/ICB, then samples with CCV/CCB after every 10 samples and after the last one."""
    seq = [*calibration_solutions(), check("ICV", "icv"), check("ICB", "icb")]
    samples = analytical_samples(design)
    for i, sample in enumerate(samples, start=1):
        seq.append(sample)
        if i % CCV_EVERY == 0 or i == len(samples):
            seq += [check("CCV", "ccv"), check("CCB", "ccb")]
    when = RUN_START
    for position, sol in enumerate(seq):
        sol.position, sol.when = position, when
        when += timedelta(seconds=SECONDS_PER_SOLUTION + int(rng.integers(-1, 2)))
    return seq
