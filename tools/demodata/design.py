"""What the demo is made of: lots, their preparations, the CRM and the spikes (no randomness here)."""

from __future__ import annotations

from dataclasses import dataclass

ELEMENTS = ("Li", "Ni", "Co", "Mn", "Cu", "Al", "Fe", "P", "Zn")


@dataclass(frozen=True)
class Lot:
    code: str
    client: str  # key into Design.clients
    declared: str
    origin: str
    moisture_pct: float
    mass_g: float  # as-received mass weighed into the primary digest
    dilution: int
    wt_pct: dict[str, float]  # true content, dry basis
    family: str  # family the assay should assign (black-mass.md rules)
    grade: str  # grade under "JP-EU black mass, provisional"
    why: str


def lot(code, client, declared, origin, moisture, mass, df, comp, family, grade, why) -> Lot:
    """One row of the lot table; comp lists wt % in ELEMENTS order."""
    return Lot(code, client, declared, origin, moisture, mass, df, dict(zip(ELEMENTS, comp, strict=True)),
               family, grade, why)


@dataclass(frozen=True)
class Design:
    lots: tuple[Lot, ...]
    clients: dict[str, tuple[str, str]]  # key -> (name, contact)
    duplicates: tuple[str, ...]  # lots with a second digest "<lot> DUP"
    spikes: dict[str, float]  # lot -> mg/L of every element added to the measured solution "<lot> SPK"
    crm_name: str
    crm_certified: dict[str, tuple[float, float]]  # element -> (certified wt %, expanded U k=2), dry basis
    crm_digests: tuple[tuple[str, float], ...]  # (label, dried mass g); 100 mL, DF 10
    method_blank: dict[str, float]  # mean reagent contamination in the measured solution of a digest, mg/L
    blank_scatter: dict[str, float]  # its SD from digest to digest (samples and method blanks alike), mg/L
    method_blanks: int = 4  # method blanks per batch: one before the samples, the rest after them
    digest_volume_ml: float = 100.0
    crm_dilution: int = 10
    pellet_mass_g: float = 4.0  # dried sample pressed into each XRF pellet


def duplicate_mass(lot: Lot) -> float:
    """A second weighing close to the first (fixed offsets keep the table free of extra columns)."""
    return round(lot.mass_g + (0.0021 if int(lot.code[-1]) % 2 else -0.0017), 4)


def family_mismatch(lot: Lot) -> bool:
    """NCA declarations belong to the NCM/NCA family; anything else must match the assay family."""
    return {"NCA": "NCM"}.get(lot.declared, lot.declared) != lot.family
