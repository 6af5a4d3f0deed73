"""Element symbols, IUPAC standard atomic weights and compound formulas.

Instruments report XRF results as oxides (NiO, Co3O4, Fe2O3 ...) while black mass is traded on
element content, so every import converts the reported species to its element with the mass
fraction of that element in the formula. Atomic weights are the IUPAC 2021 standard atomic
weights (Prohaska et al., Pure Appl. Chem. 94 (2022) 573); where IUPAC gives an interval the
conventional value is used (H, Li, B, C, N, O, Mg, Si, S, Cl, Ar, Br, Tl).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# fmt: off
# Every element symbol (Z = 1 ... 118), in atomic-number order.
SYMBOLS: tuple[str, ...] = (
    "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
    "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br",
    "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te",
    "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm",
    "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
    "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
    "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
)
_SYMBOL_SET = frozenset(SYMBOLS)

# IUPAC 2021 standard atomic weights (conventional values for interval elements).
ATOMIC_WEIGHTS: dict[str, float] = {
    "H": 1.008, "He": 4.002602, "Li": 6.94, "Be": 9.0121831, "B": 10.81, "C": 12.011, "N": 14.007,
    "O": 15.999, "F": 18.998403162, "Ne": 20.1797, "Na": 22.98976928, "Mg": 24.305, "Al": 26.9815384,
    "Si": 28.085, "P": 30.973761998, "S": 32.06, "Cl": 35.45, "Ar": 39.95, "K": 39.0983, "Ca": 40.078,
    "Sc": 44.955907, "Ti": 47.867, "V": 50.9415, "Cr": 51.9961, "Mn": 54.938043, "Fe": 55.845,
    "Co": 58.933194, "Ni": 58.6934, "Cu": 63.546, "Zn": 65.38, "Ga": 69.723, "Ge": 72.63, "As": 74.921595,
    "Se": 78.971, "Br": 79.904, "Kr": 83.798, "Rb": 85.4678, "Sr": 87.62, "Y": 88.905838, "Zr": 91.222,
    "Nb": 92.90637, "Mo": 95.95, "Ru": 101.07, "Rh": 102.90549, "Pd": 106.42, "Ag": 107.8682,
    "Cd": 112.414, "In": 114.818, "Sn": 118.71, "Sb": 121.76, "Te": 127.6, "I": 126.90447, "Xe": 131.293,
    "Cs": 132.90545196, "Ba": 137.327, "La": 138.90547, "Ce": 140.116, "Pr": 140.90766, "Nd": 144.242,
    "Sm": 150.36, "Eu": 151.964, "Gd": 157.249, "Tb": 158.925354, "Dy": 162.5, "Ho": 164.930329,
    "Er": 167.259, "Tm": 168.934219, "Yb": 173.045, "Lu": 174.96669, "Hf": 178.486, "Ta": 180.94788,
    "W": 183.84, "Re": 186.207, "Os": 190.23, "Ir": 192.217, "Pt": 195.084, "Au": 196.96657,
    "Hg": 200.592, "Tl": 204.38, "Pb": 207.2, "Bi": 208.9804, "Th": 232.0377, "Pa": 231.03588,
    "U": 238.02891,
}
# fmt: on

_TOKEN = re.compile(r"([A-Z][a-z]?)(\d*)|(\()|(\))(\d*)|(\S)")


class FormulaError(ValueError):
    """A string that is not a chemical formula made of known element symbols."""


def is_element(symbol: str) -> bool:
    """True when `symbol` is an element symbol with the right capitalisation (Ni, not NI)."""
    return symbol in _SYMBOL_SET


def atomic_weight(symbol: str) -> float:
    """Standard atomic weight of `symbol`; FormulaError for elements without one (Tc, Pm ...)."""
    try:
        return ATOMIC_WEIGHTS[symbol]
    except KeyError:
        raise FormulaError(f"no standard atomic weight for {symbol!r}") from None


def parse_formula(formula: str) -> Counter[str]:
    """Atom counts of a formula such as 'Co3O4' or 'Ca3(PO4)2' (hydrates with '.' are not supported)."""
    text = formula.strip()
    if not text:
        raise FormulaError("empty formula")
    stack: list[Counter[str]] = [Counter()]
    for symbol, count, opening, closing, group_count, other in _TOKEN.findall(text):
        if other:
            raise FormulaError(f"{formula!r}: unexpected {other!r}")
        if opening:
            stack.append(Counter())
        elif closing:
            if len(stack) == 1:
                raise FormulaError(f"{formula!r}: unbalanced ')'")
            group = stack.pop()
            factor = _count(group_count, formula)
            for element, n in group.items():
                stack[-1][element] += n * factor
        else:
            if not is_element(symbol):
                raise FormulaError(f"{formula!r}: {symbol!r} is not an element symbol")
            stack[-1][symbol] += _count(count, formula)
    if len(stack) != 1:
        raise FormulaError(f"{formula!r}: unbalanced '('")
    return stack[0]


def _count(text: str, formula: str) -> int:
    """An atom or group count: absent means 1; 0 or a leading zero (`B0`, `Fe03`) is no formula."""
    if not text:
        return 1
    if text.startswith("0"):
        raise FormulaError(f"{formula!r}: count {text!r} is not a number of atoms")
    return int(text)


def molar_mass(formula: str) -> float:
    """Molar mass in g/mol from IUPAC standard atomic weights."""
    return sum(atomic_weight(el) * n for el, n in parse_formula(formula).items())


@dataclass(frozen=True)
class Species:
    """A reported species and the element it is converted to."""

    formula: str
    element: str
    factor: float  # mass of element per mass of species


def principal_element(formula: str) -> str:
    """The element a compound is reported for: its only element other than oxygen.

    Oxides (NiO, Co3O4, P2O5) and simple compounds (H2O -> H) qualify; a formula with two
    or more non-oxygen elements (LiCoO2, C6H10O5) is ambiguous and raises FormulaError.
    """
    counts = parse_formula(formula)
    others = [el for el in counts if el != "O"]
    if len(others) == 1:
        return others[0]
    if not others:
        return "O"
    raise FormulaError(f"{formula!r} has more than one element besides oxygen ({', '.join(others)})")


def element_factor(formula: str, element: str | None = None) -> float:
    """Mass fraction of `element` (default: the principal element) in `formula`.

    Multiply a mass fraction reported as the compound by this factor to get the element:
    w(Ni) = w(NiO) * element_factor('NiO').
    """
    counts = parse_formula(formula)
    target = element or principal_element(formula)
    if target not in counts:
        raise FormulaError(f"{formula!r} contains no {target}")
    return counts[target] * atomic_weight(target) / molar_mass(formula)


def species(formula: str) -> Species:
    """Element and conversion factor of a reported species (an element maps to itself, factor 1)."""
    element = principal_element(formula)
    if formula == element:
        return Species(formula, element, 1.0)
    return Species(formula, element, element_factor(formula, element))
