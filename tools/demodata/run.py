"""The ICP-OES run order: calibration, ICV/ICB, samples with CCV/CCB every 10 samples and at the end."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import numpy as np

from .design import ELEMENTS, Design, Lot, duplicate_mass
from .digest import BudgetModel, Digest, draw_contamination, draw_digest, draw_moisture

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


Blanks = dict[str, dict[str, float]]  # digest or method-blank label -> its contamination per element, mg/L


def lot_solutions(lot: Lot, design: Design, digests: dict[str, Digest], blanks: Blanks) -> list[Solution]:
    """Primary digest, duplicate and spike; each reads its true digest plus that digest's contamination."""
    def conc(label: str, spike: float = 0.0) -> dict[str, float]:
        true = digests[label].conc(lot.wt_pct)
        return {el: c + blanks[label][el] + spike for el, c in true.items()}

    out = [Solution(lot.code, "Samp", "sample", conc(lot.code))]
    if lot.code in design.duplicates:
        out.append(Solution(f"{lot.code} DUP", "Samp", "duplicate", conc(f"{lot.code} DUP")))
    if lot.code in design.spikes:  # an aliquot of the primary digest: same digest and blank, spike added
        out.append(Solution(f"{lot.code} SPK", "Samp", "spike", conc(lot.code, design.spikes[lot.code])))
    return out


def crm_solution(label: str, design: Design, digest: Digest, blank: dict[str, float]) -> Solution:
    true = digest.conc({el: value for el, (value, _) in design.crm_certified.items()})
    return Solution(label, "Samp", "crm", {el: c + blank[el] for el, c in true.items()})


def method_blank_labels(design: Design) -> list[str]:
    return [f"Method Blank {n}" for n in range(1, design.method_blanks + 1)]


def draw_blanks(design: Design, digests: dict[str, Digest], rng: np.random.Generator) -> Blanks:
    """Every digest's and method blank's contamination (digests in `digests` order, then the blanks)."""
    labels = [*digests, *method_blank_labels(design)]
    return {label: draw_contamination(design.method_blank, design.blank_scatter, rng) for label in labels}


def crm_digest(drawn: Digest) -> Digest:
    """A CRM digest keeps its weighing, volume and dilution errors but recovers exactly (R = F = 1): the
    CRM check compares it with the certificate's U alone, which the method's own recovery and
    reproducibility (about 2 %) would exceed in most runs; the demo keeps that check's designed outcome."""
    return replace(drawn, recovery=1.0, reproducibility=dict.fromkeys(drawn.reproducibility, 1.0))


def draw_digests(design: Design, model: BudgetModel, rng: np.random.Generator) -> dict[str, Digest]:
    """The true preparation of every digest (lots in table order, then the CRM digests)."""
    out = {}
    for lot in design.lots:
        moisture = draw_moisture(lot.moisture_pct, model, rng)  # the lot's true moisture, stated rounded
        masses = {lot.code: lot.mass_g}
        if lot.code in design.duplicates:
            masses[f"{lot.code} DUP"] = duplicate_mass(lot)
        for label, mass in masses.items():
            out[label] = draw_digest(mass, design.digest_volume_ml, lot.dilution, moisture, model, rng)
    for label, mass in design.crm_digests:  # dried before weighing: moisture 0; see crm_digest
        drawn = draw_digest(mass, design.digest_volume_ml, design.crm_dilution, 0.0, model, rng)
        out[label] = crm_digest(drawn)
    return out


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


def analytical_samples(design: Design, digests: dict[str, Digest], blanks: Blanks) -> list[Solution]:
    """Method blank and CRM first, the lots with their duplicates and spikes, then the second CRM digest
    and the other method blanks (the blanks' contamination scatters from digest to digest as the
    samples' does)."""
    def method_blank(label: str) -> Solution:
        return Solution(label, "Samp", "method_blank", dict(blanks[label]))

    (first, _), (last, _) = design.crm_digests
    first_blank, *later_blanks = method_blank_labels(design)
    samples = [method_blank(first_blank), crm_solution(first, design, digests[first], blanks[first])]
    for lot in design.lots:
        samples += lot_solutions(lot, design, digests, blanks)
    samples.append(crm_solution(last, design, digests[last], blanks[last]))
    return [*samples, *(method_blank(label) for label in later_blanks)]


def run_sequence(design: Design, rng: np.random.Generator, digests: dict[str, Digest],
                 blanks: Blanks) -> list[Solution]:
    """Calibration, ICV/ICB, then samples with CCV/CCB after every 10 samples and after the last one."""
    seq = [*calibration_solutions(), check("ICV", "icv"), check("ICB", "icb")]
    samples = analytical_samples(design, digests, blanks)
    for i, sample in enumerate(samples, start=1):
        seq.append(sample)
        if i % CCV_EVERY == 0 or i == len(samples):
            seq += [check("CCV", "ccv"), check("CCB", "ccb")]
    when = RUN_START
    for position, sol in enumerate(seq):
        sol.position, sol.when = position, when
        when += timedelta(seconds=SECONDS_PER_SOLUTION + int(rng.integers(-1, 2)))
    return seq
