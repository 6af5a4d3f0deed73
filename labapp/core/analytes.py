"""The quantities a criteria set may limit: analytes of a lot, sums of analytes, and their units.

Kept apart from element symbols because a lot has analytes that are not elements (moisture,
water-soluble fluoride F_ws as distinct from total F, particle size), and a limit may apply to a
sum such as Ni+Co or Cu+Al.
"""

from __future__ import annotations

from dataclasses import dataclass

from labapp.core.analyte_names import AnalyteName

# analyte -> (canonical unit, words used on certificates and in messages); a panel analyte's words are
# its display name (labapp.core.analyte_names, the one table of their English and Japanese names)
ANALYTES: dict[str, tuple[str, str]] = {
    "Ni": ("wt%", "nickel"),
    "Co": ("wt%", "cobalt"),
    "Mn": ("wt%", "manganese"),
    "Li": ("wt%", "lithium"),
    "Cu": ("wt%", "copper"),
    "Al": ("wt%", "aluminium"),
    "Fe": ("wt%", "iron"),
    "P": ("wt%", "phosphorus"),
    "F": ("wt%", AnalyteName.F.label()),
    "F_ws": ("wt%", AnalyteName.F_WS.label()),
    "C": ("wt%", AnalyteName.C.label()),
    "Zn": ("wt%", "zinc"),
    "Pb": ("wt%", "lead"),
    "Cd": ("wt%", "cadmium"),
    "Cr": ("wt%", "chromium"),
    "Na": ("wt%", "sodium"),
    "Ca": ("wt%", "calcium"),
    "Si": ("wt%", "silicon"),
    "Mg": ("wt%", "magnesium"),
    "Ti": ("wt%", "titanium"),
    "S": ("wt%", "sulfur"),
    "moisture": ("wt%", AnalyteName.MOISTURE.label()),
    "particle_size": ("mm", AnalyteName.PARTICLE_SIZE.label()),
    "LOI": ("wt%", AnalyteName.LOI.label()),
    "AIM": ("wt%", AnalyteName.AIM.label()),
    "D10": ("um", AnalyteName.D10.label()),
    "D50": ("um", AnalyteName.D50.label()),
    "D90": ("um", AnalyteName.D90.label()),
}

# analyte -> its words in Japanese, for Japanese certificates and messages (same keys as ANALYTES)
ANALYTE_NAMES_JA: dict[str, str] = {
    "Ni": "ニッケル",
    "Co": "コバルト",
    "Mn": "マンガン",
    "Li": "リチウム",
    "Cu": "銅",
    "Al": "アルミニウム",
    "Fe": "鉄",
    "P": "リン",
    "F": AnalyteName.F.label("ja"),
    "F_ws": AnalyteName.F_WS.label("ja"),
    "C": AnalyteName.C.label("ja"),
    "Zn": "亜鉛",
    "Pb": "鉛",
    "Cd": "カドミウム",
    "Cr": "クロム",
    "Na": "ナトリウム",
    "Ca": "カルシウム",
    "Si": "ケイ素",
    "Mg": "マグネシウム",
    "Ti": "チタン",
    "S": "硫黄",
    "moisture": AnalyteName.MOISTURE.label("ja"),
    "particle_size": AnalyteName.PARTICLE_SIZE.label("ja"),
    "LOI": AnalyteName.LOI.label("ja"),
    "AIM": AnalyteName.AIM.label("ja"),
    "D10": AnalyteName.D10.label("ja"),
    "D50": AnalyteName.D50.label("ja"),
    "D90": AnalyteName.D90.label("ja"),
}

# quantities named by a word, not a symbol: a Japanese text prints their Japanese name instead
WORD_NAMED = frozenset(m.value for m in AnalyteName if m.word_named)


# the English of a word-named quantity where its identifier is not a word a reader knows
WORD_NAMES_EN = {"particle_size": "largest particle size", "AIM": "acid-insoluble matter"}


def quantity_label(label: str, lang: str = "en") -> str:
    """A quantity as a short label: symbols and sums as written (Ni+Co, F_ws); a quantity named by a
    word (moisture, particle_size) by its name in the language, never its identifier."""
    if label not in WORD_NAMED:
        return label
    return ANALYTE_NAMES_JA[label] if lang == "ja" else WORD_NAMES_EN.get(label, label)


# unit -> (dimension, factor to the dimension's canonical unit)
UNITS: dict[str, tuple[str, float]] = {
    "wt%": ("mass fraction", 1.0),
    "%": ("mass fraction", 1.0),
    "g/kg": ("mass fraction", 0.1),
    "mg/kg": ("mass fraction", 1e-4),
    "ppm": ("mass fraction", 1e-4),
    "mm": ("length", 1.0),
    "um": ("length", 1e-3),
}


class UnitError(ValueError):
    """A unit that is unknown or cannot be converted to the unit asked for."""


def convert(value: float, unit: str, to_unit: str) -> float:
    """`value` in `unit` expressed in `to_unit` (mass fractions and lengths only)."""
    if unit == to_unit:
        return value
    try:
        dim_from, f_from = UNITS[unit]
        dim_to, f_to = UNITS[to_unit]
    except KeyError as exc:
        raise UnitError(f"unknown unit {exc.args[0]!r}") from None
    if dim_from != dim_to:
        raise UnitError(f"cannot convert {unit} to {to_unit}")
    return value * f_from / f_to


@dataclass(frozen=True)
class Quantity:
    """One analyte or a sum of analytes, written as on a specification: "Ni", "Ni+Co"."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Quantity:
        terms = tuple(part.strip() for part in str(text).split("+"))
        if not terms or any(not t for t in terms):
            raise ValueError(f"quantity {text!r} is not an analyte or a sum like 'Ni+Co'")
        unknown = [t for t in terms if t not in ANALYTES]
        if unknown:
            raise ValueError(f"unknown analyte {unknown[0]!r} in {text!r}; known: {', '.join(ANALYTES)}")
        if len(set(terms)) != len(terms):
            raise ValueError(f"quantity {text!r} names an analyte twice")
        units = {ANALYTES[t][0] for t in terms}
        if len(units) > 1:
            raise ValueError(f"quantity {text!r} adds analytes of different kinds")
        return cls(terms)

    @property
    def label(self) -> str:
        return "+".join(self.terms)

    @property
    def unit(self) -> str:
        """Canonical unit of the quantity."""
        return ANALYTES[self.terms[0]][0]

    def __str__(self) -> str:
        return self.label
