"""XRF pellets of the dried lots in the PANalytical SuperQ "Results quantitative" multi-sample layout.

Oxide compounds (as the Omnian oxide list reports them), decimal comma, empty cells below the lower
limit of detection, CRLF. XRF cannot see Li, so Li is absent. Values = truth * (1 + rsd * z).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from .design import Lot

MEASURED_AT = datetime(2026, 3, 18, 10, 12, 40)
ARCHIVE = "BM pellets 2026"
OXIDES = (  # (element, compound, atoms of the element, compound molar mass g/mol), by atomic number
    ("Al", "Al2O3", 2, 101.961), ("P", "P2O5", 2, 141.943), ("Mn", "MnO", 1, 70.937),
    ("Fe", "Fe2O3", 2, 159.687), ("Co", "CoO", 1, 74.932), ("Ni", "NiO", 1, 74.692),
    ("Cu", "CuO", 1, 79.545), ("Zn", "ZnO", 1, 81.38),
)
ATOMIC_MASS = {"Al": 26.9815, "P": 30.9738, "Mn": 54.938, "Fe": 55.845, "Co": 58.933, "Ni": 58.693,
               "Cu": 63.546, "Zn": 65.38}
RSD = {"Al": 0.06, "P": 0.05, "Mn": 0.015, "Fe": 0.02, "Co": 0.012, "Ni": 0.01, "Cu": 0.03, "Zn": 0.08}
LLD = {"Al": 0.02, "P": 0.01, "Mn": 0.005, "Fe": 0.005, "Co": 0.005, "Ni": 0.005, "Cu": 0.005,
       "Zn": 0.003}  # oxide wt %


@dataclass(frozen=True)
class Pellet:
    lot: Lot
    true: dict[str, float]  # compound -> true wt %, dry
    shown: dict[str, float | None]  # compound -> reported wt % (None: below LLD, empty cell)


def oxide_factor(element: str, atoms: int, molar_mass: float) -> float:
    """wt % compound per wt % element."""
    return molar_mass / (atoms * ATOMIC_MASS[element])


def measure(lots: tuple[Lot, ...], rng: np.random.Generator) -> list[Pellet]:
    out = []
    for lot in lots:
        true, shown = {}, {}
        for el, compound, atoms, molar_mass in OXIDES:
            true[compound] = lot.wt_pct[el] * oxide_factor(el, atoms, molar_mass)
            value = round(true[compound] * (1.0 + RSD[el] * float(rng.standard_normal())), 3)
            shown[compound] = value if value >= LLD[el] else None
        out.append(Pellet(lot, true, shown))
    return out


def _comma(x: float) -> str:
    return '"' + f"{x:.3f}".replace(".", ",") + '"'


def xrf_text(pellets: list[Pellet]) -> str:
    names = [compound for _, compound, _, _ in OXIDES]
    rows = [MEASURED_AT.strftime("%d/%m/%Y %H:%M:%S"), "PANalytical", f"Results quantitative - {ARCHIVE},",
            "",
            f"Selected archive:,{ARCHIVE}", f"Number of results selected:,{len(pellets)}", "",
            ",".join(["Seq.", "Sample name (1-20)", "Sum", "Result type", *names]),
            ",".join(["", "", "of conc.", "", *["--"] * len(names)]),
            ",".join(["", "", "(%)", "", *["(%)"] * len(names)]),
            "," * (3 + len(names))]
    for seq, pellet in enumerate(pellets, start=1):
        values = [pellet.shown[name] for name in names]
        total = math.fsum(v for v in values if v is not None)
        cells = [str(seq), pellet.lot.code, _comma(total), "Concentration"]
        rows.append(",".join(cells + [_comma(v) if v is not None else "" for v in values]))
    return "\r\n".join(rows) + "\r\n\r\n"
