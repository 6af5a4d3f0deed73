"""Analyte labels -> element, reported species, emission line and plasma view.

Labels seen in real exports: `Mn 257.610`, `B Ax 249.678 nm`, `Be 234.861 {144} (Radial)`,
`Al2O3`, `<H>`, `U -LA`, `Ag 107`, `7  Li  [ No Gas ]`, `24 -> 40  Mg  [ O2 ]`. A profile may list
its own patterns; these are the defaults. For ICP-MS the isotope's mass number is the reading's
line (Ca 43 and Ca 44 are two lines of calcium).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from labapp.core.elements import FormulaError, is_element, species

DEFAULT_PATTERNS: tuple[str, ...] = (
    # ICP-OES: element, optional view, wavelength in nm, optional order {n} and (view)
    r"^(?P<element>[A-Z][a-z]?)\s+(?:(?P<view>Ax|R|Axial|Radial)\s+)?(?P<line>\d{2,3}\.\d+)(?:\s*nm)?"
    r"(?:\s*\{\d+\})?(?:\s*\((?P<view2>Axial|Radial)\))?$",
    # XRF line written after the element: `U -LA`, `Pd-LA`, `Fe KA1`
    r"^(?P<element>[A-Z][a-z]?)\s*-?\s*(?P<line>[KLM][AaBb]\d?)$",
    # element or compound formula, optionally in angle brackets (`<H>` = fixed balance)
    r"^<?(?P<species>(?:[A-Z][a-z]?\d*)+)>?$",
    # element with a mass number: `Ag 107`
    r"^(?P<species>[A-Z][a-z]?)\s+(?P<mass>\d{1,3})$",
)
# A field the instrument left without a value (Shimadzu `Ca ----`: no wavelength): not part of the name
_PLACEHOLDER = re.compile(r"-{2,}")
DEFAULT_VIEWS = {"ax": "axial", "axial": "axial", "r": "radial", "rad": "radial", "radial": "radial"}


@dataclass(frozen=True)
class Analyte:
    element: str
    species: str  # reported form when not the element itself, else ""
    factor: float  # element mass per species mass
    line: str
    view: str


def compile_patterns(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in (list(patterns) or DEFAULT_PATTERNS)]


def parse_analyte(
    label: str, patterns: list[re.Pattern[str]], views: Mapping[str, str] | None = None
) -> Analyte | None:
    """The analyte a label names, or None when no pattern gives a known element or formula."""
    text = " ".join(t for t in label.split() if not _PLACEHOLDER.fullmatch(t))
    view_map = {**DEFAULT_VIEWS, **{k.lower(): v for k, v in (views or {}).items()}}
    for pattern in patterns:
        match = pattern.match(text)
        if not match:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v}
        formula = groups.get("species") or groups.get("element", "")
        try:
            sp = species(formula)
        except FormulaError:
            continue
        if "element" in groups and not is_element(groups["element"]):
            continue
        view_text = groups.get("view") or groups.get("view2") or ""
        return Analyte(
            element=sp.element,
            species="" if sp.formula == sp.element else sp.formula,
            factor=sp.factor,
            line=_line(groups.get("line") or _masses(groups)),
            view=view_map.get(view_text.lower(), view_text.lower()),
        )
    return None


def _masses(groups: Mapping[str, str]) -> str:
    """ICP-MS: the isotope's mass is the line; in MS/MS mass-shift mode the product ion's mass
    follows (`24->40`: Mg measured as MgO+), so on-mass and mass-shift readings stay apart."""
    mass, product = groups.get("mass", ""), groups.get("product", "")
    return f"{mass}->{product}" if product and product != mass else mass


def _line(text: str) -> str:
    """Wavelengths stay as written (231.604); XRF lines read Ka, Kb1, La."""
    if text and text[0].isalpha():
        return text[0].upper() + text[1:].lower()
    return text.replace(",", ".")


def xrf_line(text: str) -> str:
    """The emission line inside a Bruker-style line name such as `Fe KA1-HR-Tr` -> `Ka1`."""
    match = re.search(r"\b([KLM][AaBb]\d?)\b", text.replace("-", " "))
    return _line(match.group(1)) if match else ""
