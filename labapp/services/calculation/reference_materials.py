"""Reference materials: certified values (with U and k) and the digests made of them, from a CSV.

The CSV is the certificate as the lab keys it in, one row per digest and analyte (the demo's
resources/demo/crm.csv): crm_name, sample_label, element, certified_wt_pct,
expanded_uncertainty_wt_pct, coverage_factor, basis, sample_mass_g, digest_volume_mL,
dilution_factor. Registering again with the same values changes nothing; a different certified
value for a registered material and analyte is refused (a certificate does not change silently).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from labapp.core.errors import InputFileError, LabappError
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.store.calculations import ReferenceDigest, ReferenceValue

REQUIRED = (
    "crm_name",
    "sample_label",
    "element",
    "certified_wt_pct",
    "expanded_uncertainty_wt_pct",
    "coverage_factor",
    "sample_mass_g",
    "digest_volume_mL",
    "dilution_factor",
)


@dataclass(frozen=True)
class CrmImport:
    materials: tuple[str, ...]
    values_added: int
    digests_added: int


@dataclass(frozen=True)
class ReferenceInfo:
    material: str
    analyte: str
    certified: float
    expanded_uncertainty: float
    coverage_factor: float
    unit: str
    basis: str
    source: str | None


def _number(path: Path, line: int, row: dict[str, str], name: str, positive: bool = True) -> float:
    text = (row.get(name) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise InputFileError(path, line, f"{name}: {text!r} is not a number") from None
    if not math.isfinite(value) or (positive and value <= 0):
        raise InputFileError(path, line, f"{name}: must be a positive number, got {text!r}")
    return value


def read_crm_csv(path: str | Path) -> tuple[list[dict], list[dict]]:
    """(certified values, digests) from the CSV; every error names the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputFileError(path, None, f"cannot be opened: {exc.strerror or exc}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputFileError(path, 1, f"missing column(s): {', '.join(missing)}")
    values: dict[tuple[str, str], dict] = {}
    digests: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        name, label, element = (row[c].strip() for c in ("crm_name", "sample_label", "element"))
        if not (name and label and element):
            raise InputFileError(path, line, "crm_name, sample_label and element must not be empty")
        value = {
            "material": name,
            "analyte": element,
            "unit": "wt%",
            "certified": _number(path, line, row, "certified_wt_pct"),
            "expanded_uncertainty": _number(path, line, row, "expanded_uncertainty_wt_pct"),
            "coverage_factor": _number(path, line, row, "coverage_factor"),
            "basis": (row.get("basis") or "dry").strip() or "dry",
            "source": path.name,
        }
        if values.setdefault((name, element), value) != value:
            raise InputFileError(path, line, f"{name} {element}: a second, different certified value")
        digest = {
            "material": name,
            "label": label,
            "technique": "ICP-OES",
            "sample_mass_g": _number(path, line, row, "sample_mass_g"),
            "digest_volume_ml": _number(path, line, row, "digest_volume_mL"),
            "dilution_factor": _number(path, line, row, "dilution_factor"),
        }
        if digests.setdefault(label, digest) != digest:
            raise InputFileError(path, line, f"digest {label!r}: different masses or volumes than above")
    if not values:
        raise InputFileError(path, None, "no reference values in the file")
    return list(values.values()), list(digests.values())


def import_reference_materials(
    ctx: ServiceContext, path: str | Path, by: AuthenticatedUser, reason: str | None = None
) -> CrmImport:
    """Register the CSV's certified values and digests (refuses a changed certified value)."""
    by.require(Action.MANAGE_METHODS)
    values, digests = read_crm_csv(path)
    added_values = added_digests = 0
    with ctx.unit_of_work(by, Action.MANAGE_METHODS, reason, event="register_crm") as session:
        for item in values:
            known = session.scalar(
                select(ReferenceValue).where(
                    ReferenceValue.material == item["material"], ReferenceValue.analyte == item["analyte"]
                )
            )
            if known is None:
                session.add(ReferenceValue(**item, registered_by=by.username))
                added_values += 1
            elif (known.certified, known.expanded_uncertainty, known.unit) != (
                item["certified"],
                item["expanded_uncertainty"],
                item["unit"],
            ):
                raise LabappError(
                    f"{item['material']} {item['analyte']} is registered with a different "
                    f"certified value ({known.certified} +/- {known.expanded_uncertainty} "
                    f"{known.unit}); register the new certificate under a new name"
                )
        for item in digests:
            known = session.scalar(
                select(ReferenceDigest).where(
                    ReferenceDigest.label == item["label"], ReferenceDigest.technique == item["technique"]
                )
            )
            if known is None:
                session.add(ReferenceDigest(**item))
                added_digests += 1
            elif known.material != item["material"]:
                raise LabappError(f"digest label {item['label']!r} already belongs to {known.material}")
    materials = tuple(sorted({v["material"] for v in values}))
    return CrmImport(materials, added_values, added_digests)


def list_reference_values(ctx: ServiceContext) -> list[ReferenceInfo]:
    with ctx.read_session() as session:
        rows = session.scalars(
            select(ReferenceValue).order_by(ReferenceValue.material, ReferenceValue.analyte)
        ).all()
        return [
            ReferenceInfo(
                r.material,
                r.analyte,
                r.certified,
                r.expanded_uncertainty,
                r.coverage_factor,
                r.unit,
                r.basis,
                r.source,
            )
            for r in rows
        ]
