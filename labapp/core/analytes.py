"""The quantities a criteria set may limit: analytes of a lot, sums of analytes, and their units.

Kept apart from element symbols because a lot has analytes that are not elements (moisture,
water-soluble fluoride F_ws as distinct from total F, particle size), and a limit may apply to a
sum such as Ni+Co or Cu+Al.
"""

from __future__ import annotations

from dataclasses import dataclass

# analyte -> (canonical unit, words used on certificates and in messages)
ANALYTES: dict[str, tuple[str, str]] = {
    "Ni": ("wt%", "nickel"),
    "Co": ("wt%", "cobalt"),
    "Mn": ("wt%", "manganese"),
    "Li": ("wt%", "lithium"),
    "Cu": ("wt%", "copper"),
    "Al": ("wt%", "aluminium"),
    "Fe": ("wt%", "iron"),
    "P": ("wt%", "phosphorus"),
    "F": ("wt%", "total fluorine"),
    "F_ws": ("wt%", "water-soluble fluoride"),
    "C": ("wt%", "carbon"),
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
    "moisture": ("wt%", "moisture (as received)"),
    "particle_size": ("mm", "largest particle size"),
    "LOI": ("wt%", "loss on ignition"),
    "AIM": ("wt%", "acid-insoluble matter"),
    "D10": ("um", "particle size D10 (volume)"),
    "D50": ("um", "particle size D50 (volume)"),
    "D90": ("um", "particle size D90 (volume)"),
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
    "F": "全フッ素",
    "F_ws": "水溶性フッ化物",
    "C": "炭素",
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
    "moisture": "水分（受領時）",
    "particle_size": "最大粒径",
    "LOI": "強熱減量",
    "AIM": "酸不溶解分",
    "D10": "粒子径 D10（体積基準）",
    "D50": "粒子径 D50（体積基準）",
    "D90": "粒子径 D90（体積基準）",
}

# quantities named by a word, not a symbol: a Japanese text prints their Japanese name instead
WORD_NAMED = frozenset({"moisture", "particle_size", "LOI", "AIM"})


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
