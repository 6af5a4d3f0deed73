"""What a lot, its sample and a preparation must contain, and the rules they must satisfy.

The same checks serve the registration API and the manifest import (which adds file and line).
Messages use the manifest's column names so a technician can find the cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum

from labapp.core.vocabulary import SuppliedItem
from labapp.store.lots import DECLARED_CHEMISTRIES, ORIGINS, PREPARATION_KINDS, TECHNIQUES

# Which technique each preparation is measured with (manifest contract).
TECHNIQUE_OF_KIND = {"digest": "ICP-OES", "duplicate": "ICP-OES", "spike": "ICP-OES", "pellet": "XRF"}


@dataclass(frozen=True)
class LotInput:
    code: str
    client_name: str
    declared_chemistry: str
    origin: str
    client_contact: str | None = None
    shipment_id: str | None = None
    container_id: str | None = None
    bag_id: str | None = None
    seal_ids: tuple[str, ...] = ()
    waste_code: str | None = None
    customs_code: str | None = None
    gross_mass_kg: float | None = None
    net_wet_mass_kg: float | None = None
    received_on: date | None = None
    # ISO/IEC 17025 items: condition on receipt, what the customer supplied (SuppliedItem values,
    # 7.8.2.2), sampling plan and location (7.8.2.1 k), deviations from the method (7.8.2.1 n)
    condition_on_receipt: str | None = None
    customer_supplied: tuple[str, ...] = ()
    sampling_plan: str | None = None
    sampling_location: str | None = None
    method_deviations: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleInput:
    moisture_pct: float | None = None
    moisture_method: str | None = None
    sampled_on: date | None = None
    sampled_by: str | None = None
    sampling_method: str | None = None


@dataclass(frozen=True)
class PreparationInput:
    label: str
    kind: str
    technique: str
    sample_mass_g: float | None = None
    digest_volume_ml: float | None = None
    dilution_factor: float | None = None
    spike_added_mg_per_l: float | None = None
    primary_sample: str | None = None  # duplicate method: which of the lot's two primary samples


def first_difference(a: object, b: object) -> str | None:
    """Name of the first field in which two inputs of the same type differ, else None."""
    for f in fields(a):  # type: ignore[arg-type]
        if getattr(a, f.name) != getattr(b, f.name):
            return f.name
    return None


def _positive(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and value > 0)


class FieldRule(StrEnum):
    """Which rule a lot or sample field broke; a form words it for its own field, the manifest import
    and the API use `FieldProblem.message` (the manifest's column names, to find the cell)."""

    EMPTY = "empty"
    NOT_ALLOWED = "not_allowed"
    NOT_POSITIVE = "not_positive"
    NET_ABOVE_GROSS = "net_above_gross"
    MOISTURE_RANGE = "moisture_range"


@dataclass(frozen=True)
class FieldProblem:
    """One broken rule: the LotInput/SampleInput field, the rule, and the text for files and logs."""

    field: str
    rule: FieldRule
    message: str


def lot_field_problems(lot: LotInput) -> list[FieldProblem]:
    """Every rule the lot breaks, each with its field (a form shows them beside their fields at once)."""
    problems = []
    if not lot.code.strip():
        problems.append(FieldProblem("code", FieldRule.EMPTY, "lot_code is empty"))
    if not lot.client_name.strip():
        problems.append(FieldProblem("client_name", FieldRule.EMPTY, "client_name is empty"))
    if lot.declared_chemistry not in DECLARED_CHEMISTRIES:
        problems.append(
            FieldProblem(
                "declared_chemistry",
                FieldRule.NOT_ALLOWED,
                f"declared_chemistry {lot.declared_chemistry!r} is not one of "
                f"{', '.join(DECLARED_CHEMISTRIES)}",
            )
        )
    if lot.origin not in ORIGINS:
        problems.append(
            FieldProblem(
                "origin", FieldRule.NOT_ALLOWED, f"origin {lot.origin!r} is not one of {', '.join(ORIGINS)}"
            )
        )
    for name in ("gross_mass_kg", "net_wet_mass_kg"):
        if not _positive(getattr(lot, name)):
            problems.append(
                FieldProblem(
                    name,
                    FieldRule.NOT_POSITIVE,
                    f"{name} must be a positive number, got {getattr(lot, name)}",
                )
            )
    unknown = [v for v in lot.customer_supplied if v not in SuppliedItem.values()]
    if unknown:
        problems.append(
            FieldProblem(
                "customer_supplied",
                FieldRule.NOT_ALLOWED,
                f"customer_supplied {unknown[0]!r} is not one of {', '.join(SuppliedItem.values())}",
            )
        )
    gross, net = lot.gross_mass_kg, lot.net_wet_mass_kg
    if gross is not None and net is not None and net > gross:
        problems.append(
            FieldProblem(
                "net_wet_mass_kg",
                FieldRule.NET_ABOVE_GROSS,
                f"net_wet_mass_kg {net} exceeds gross_mass_kg {gross}",
            )
        )
    return problems


def sample_field_problems(sample: SampleInput) -> list[FieldProblem]:
    moisture = sample.moisture_pct
    if moisture is not None and not (math.isfinite(moisture) and 0 <= moisture < 100):
        return [
            FieldProblem(
                "moisture_pct",
                FieldRule.MOISTURE_RANGE,
                f"moisture_pct must be between 0 and 100 %, got {moisture}",
            )
        ]
    return []


def lot_problems(lot: LotInput) -> list[str]:
    return [problem.message for problem in lot_field_problems(lot)]


def sample_problems(sample: SampleInput) -> list[str]:
    return [problem.message for problem in sample_field_problems(sample)]


def preparation_problems(prep: PreparationInput) -> list[str]:
    problems = []
    if not prep.label.strip():
        problems.append("sample_label is empty")
    if prep.kind not in PREPARATION_KINDS:
        problems.append(f"preparation {prep.kind!r} is not one of {', '.join(PREPARATION_KINDS)}")
    if prep.technique not in TECHNIQUES:
        problems.append(f"technique {prep.technique!r} is not one of {', '.join(TECHNIQUES)}")
    expected = TECHNIQUE_OF_KIND.get(prep.kind)
    if expected and prep.technique in TECHNIQUES and prep.technique != expected:
        problems.append(f"a {prep.kind} preparation is measured by {expected}, not {prep.technique}")
    if prep.technique == "ICP-OES":
        for name, value in (
            ("sample_mass_g", prep.sample_mass_g),
            ("digest_volume_mL", prep.digest_volume_ml),
            ("dilution_factor", prep.dilution_factor),
        ):
            if value is None:
                problems.append(f"{name} is required for an ICP-OES {prep.kind}")
    for name, value in (
        ("sample_mass_g", prep.sample_mass_g),
        ("digest_volume_mL", prep.digest_volume_ml),
        ("spike_added_mg_per_L", prep.spike_added_mg_per_l),
    ):
        if not _positive(value):
            problems.append(f"{name} must be a positive number, got {value}")
    if prep.dilution_factor is not None and not (
        math.isfinite(prep.dilution_factor) and prep.dilution_factor >= 1
    ):
        problems.append(f"dilution_factor must be 1 or more, got {prep.dilution_factor}")
    if prep.kind == "spike" and prep.spike_added_mg_per_l is None:
        problems.append("spike_added_mg_per_L is required for a spike preparation")
    if prep.kind != "spike" and prep.spike_added_mg_per_l is not None:
        problems.append(f"spike_added_mg_per_L is only allowed for a spike preparation, not a {prep.kind}")
    return problems
