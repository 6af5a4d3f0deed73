"""Edit a registered lot and its laboratory sample; read what an edit form and sample matching need.

Before any of a lot's results are submitted for review an edit is a correction at the bench and a
reason is optional. Once results are submitted the recorded values back a decision, so every change
needs a reason (21 CFR 11.10(e), EU GMP Annex 11 cl. 9). Once the lot is released (approved,
certified, amended) a change is an electronic signature and makes the lot and its certificate
"amendment needed" (labapp.services.workflow.released_changes); a retracted lot is closed. The lot code and
the client identify the lot on manifests, instrument files and certificates and are not editable here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, selectinload

from labapp.core.errors import LabappError
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.lot_inputs import LotInput, SampleInput, lot_problems, sample_problems
from labapp.services.importing.open_preparations import released_preparations, takes_readings
from labapp.services.workflow.released_changes import (
    CHANGE_ACTION,
    ChangeSignature,
    is_released,
    record_signed_change,
    signer,
)
from labapp.store.lots import DECLARED_CHEMISTRIES, LOT_STATES, ORIGINS, Lot, Preparation, Sample
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, RunState

__all__ = [
    "DECLARED_CHEMISTRIES",
    "EDITABLE_FIELDS",
    "LOT_STATES",
    "ORIGINS",
    "ChangeSignature",
    "LotDetails",
    "PreparationLabel",
    "lot_details",
    "preparation_labels",
    "update_lot",
]

SUBMITTED_RUN_STATES = (RunState.SUBMITTED, RunState.REVIEWED, RunState.APPROVED)
LOT_FIELDS = (
    "declared_chemistry",
    "origin",
    "shipment_id",
    "container_id",
    "bag_id",
    "seal_ids",
    "waste_code",
    "customs_code",
    "gross_mass_kg",
    "net_wet_mass_kg",
    "received_on",
    "condition_on_receipt",
    "customer_supplied",
    "sampling_plan",
    "sampling_location",
    "method_deviations",
)
LIST_FIELDS = {"seal_ids": ";", "customer_supplied": ";", "method_deviations": "\n"}  # stored joined
SAMPLE_FIELDS = ("moisture_pct", "moisture_method", "sampled_on", "sampled_by", "sampling_method")
EDITABLE_FIELDS = LOT_FIELDS + SAMPLE_FIELDS


@dataclass(frozen=True)
class LotDetails:
    code: str
    state: LotState
    lot: LotInput
    sample: SampleInput | None
    reason_required: bool
    lab_sample_id: str | None = None  # assigned at registration, not editable

    @property
    def signature_required(self) -> bool:
        """Released: a change is an electronic signature (password, meaning, reason)."""
        return is_released(self.state)


@dataclass(frozen=True)
class PreparationLabel:
    """A registered preparation as instrument files name it."""

    label: str
    technique: str
    kind: str
    lot_code: str
    lot_state: LotState = LotState.REGISTERED
    takes_readings: bool = True  # a run's readings of it give results (importing.open_preparations)


def _lot(session: Session, code: str) -> Lot:
    query = select(Lot).where(Lot.code == code).options(selectinload(Lot.client), selectinload(Lot.samples))
    lot = session.scalars(query).one_or_none()
    if lot is None:
        raise LabappError(f"lot {code} does not exist")
    return lot


def _has_submitted_results(session: Session, lot: Lot) -> bool:
    preparations = select(Preparation.id).join(Sample).where(Sample.lot_id == lot.id)
    query = select(
        exists().where(
            Result.run_id == InstrumentRun.id,
            InstrumentRun.state.in_(SUBMITTED_RUN_STATES),
            or_(Result.lot_id == lot.id, Result.preparation_id.in_(preparations)),
        )
    )
    return bool(session.scalar(query))


def _reason_required(session: Session, lot: Lot) -> bool:
    return lot.state is not LotState.REGISTERED or _has_submitted_results(session, lot)


def _lot_input(lot: Lot) -> LotInput:
    return LotInput(
        code=lot.code,
        client_name=lot.client.name,
        declared_chemistry=lot.declared_chemistry,
        origin=lot.origin,
        client_contact=lot.client.contact,
        shipment_id=lot.shipment_id,
        container_id=lot.container_id,
        bag_id=lot.bag_id,
        seal_ids=tuple(lot.seal_list),
        waste_code=lot.waste_code,
        customs_code=lot.customs_code,
        gross_mass_kg=lot.gross_mass_kg,
        net_wet_mass_kg=lot.net_wet_mass_kg,
        received_on=lot.received_on,
        condition_on_receipt=lot.condition_on_receipt,
        customer_supplied=tuple(item.value for item in lot.supplied_items),
        sampling_plan=lot.sampling_plan,
        sampling_location=lot.sampling_location,
        method_deviations=tuple(lot.deviation_list),
    )


def _sample_input(sample: Sample) -> SampleInput:
    return SampleInput(
        moisture_pct=sample.moisture_pct,
        moisture_method=sample.moisture_method,
        sampled_on=sample.sampled_on,
        sampled_by=sample.sampled_by,
        sampling_method=sample.sampling_method,
    )


def lot_details(ctx: ServiceContext, code: str) -> LotDetails:
    """The current values of a lot and its sample, and whether a change of them needs a reason."""
    with ctx.read_session() as session:
        lot = _lot(session, code)
        sample = _sample_input(lot.samples[0]) if lot.samples else None
        return LotDetails(
            lot.code, lot.state, _lot_input(lot), sample, _reason_required(session, lot), lot.lab_sample_id
        )


def _normalised(name: str, value: object) -> object:
    if isinstance(value, str):
        value = value.strip() or None
    if name in LIST_FIELDS:  # text: ";"-separated (deviations: also one per line); or a sequence
        if value is None:
            return ()
        items = value.replace("\n", ";").split(";") if isinstance(value, str) else value
        return tuple(str(s).strip() for s in items if s and str(s).strip())  # type: ignore[union-attr]
    if name in ("received_on", "sampled_on") and value is not None and not isinstance(value, date):
        raise LabappError(f"{name} must be a date, got {value!r}")
    if name in ("gross_mass_kg", "net_wet_mass_kg", "moisture_pct") and value is not None:
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise LabappError(f"{name} must be a number, got {value!r}") from None
    return value


def _split_changes(changes: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise LabappError(f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE_FIELDS)})")
    lot = {k: _normalised(k, v) for k, v in changes.items() if k in LOT_FIELDS}
    sample = {k: _normalised(k, v) for k, v in changes.items() if k in SAMPLE_FIELDS}
    return lot, sample


def update_lot(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    code: str,
    changes: Mapping[str, object],
    reason: str | None = None,
    *,
    signature: ChangeSignature | None = None,
) -> list[str]:
    """Apply `changes` (field -> new value) to a lot and its sample; returns the fields that changed.

    Refused without a reason once the lot has submitted results; refused without `signature` once the
    lot is released (its reason is the change's reason); refused for a retracted lot. The new values
    pass the same checks as registration, so an edit cannot store what a registration would refuse.
    """
    lot_changes, sample_changes = _split_changes(changes)
    state = lot_details(ctx, code).state
    user = signer(ctx, by, signature, code, state) if is_released(state) else by
    if signature is not None:
        reason = signature.reason
    reason = reason.strip() if reason and reason.strip() else None
    event = CHANGE_ACTION if is_released(state) else None
    with ctx.unit_of_work(user, Action.EDIT_LOTS, reason, event=event) as session:
        lot = _lot(session, code)
        if lot.state is LotState.RETRACTED:
            raise LabappError(f"lot {code} is retracted; it can no longer be edited")
        if is_released(lot.state) and not is_released(state):
            raise LabappError(f"lot {code} was released meanwhile: edit it again (a signature is now needed)")
        if reason is None and _reason_required(session, lot):
            raise LabappError(f"lot {code} has results submitted for review: give a reason for the change")
        diff = _changed(lot, lot_changes, sample_changes)
        if is_released(lot.state):
            record_signed_change(session, user, lot, diff, signature)  # type: ignore[arg-type]
        _apply(lot, diff)
        session.flush()
    return list(diff)


def _changed(
    lot: Lot, lot_changes: dict[str, object], sample_changes: dict[str, object]
) -> dict[str, tuple[object, object]]:
    """field -> (old, new) for the fields that change, after the registration checks of the new values."""
    old_lot = _lot_input(lot)
    new_lot = dataclasses.replace(old_lot, **lot_changes)  # type: ignore[arg-type]
    old_sample = _sample_input(lot.samples[0]) if lot.samples else SampleInput()
    new_sample = dataclasses.replace(old_sample, **sample_changes)  # type: ignore[arg-type]
    problems = lot_problems(new_lot) + sample_problems(new_sample)
    if problems:
        raise LabappError("; ".join(problems))
    diff = {n: (getattr(old_lot, n), getattr(new_lot, n)) for n in LOT_FIELDS}
    diff |= {n: (getattr(old_sample, n), getattr(new_sample, n)) for n in SAMPLE_FIELDS}
    diff = {n: pair for n, pair in diff.items() if pair[0] != pair[1]}
    if not diff:
        raise LabappError(f"lot {lot.code}: nothing to change")
    return diff


def _apply(lot: Lot, diff: dict[str, tuple[object, object]]) -> None:
    for name, (_, new) in diff.items():
        if name in LIST_FIELDS:
            setattr(lot, name, LIST_FIELDS[name].join(new) or None)  # type: ignore[arg-type]
        elif name in LOT_FIELDS:
            setattr(lot, name, new)
    if any(name in SAMPLE_FIELDS for name in diff) and not lot.samples:
        lot.samples.append(Sample())
    for name in (n for n in diff if n in SAMPLE_FIELDS):
        setattr(lot.samples[0], name, diff[name][1])


def preparation_labels(ctx: ServiceContext, technique: str | None = None) -> list[PreparationLabel]:
    """Every registered preparation label (optionally of one technique), for matching file labels."""
    query = (
        select(
            Preparation.label, Preparation.technique, Preparation.kind, Lot.code, Lot.state, Preparation.id
        )
        .join(Sample, Preparation.sample_id == Sample.id)
        .join(Lot, Sample.lot_id == Lot.id)
        .order_by(Preparation.label)
    )
    if technique:
        query = query.where(Preparation.technique == technique)
    with ctx.read_session() as session:
        released = released_preparations(session)
        return [
            PreparationLabel(*row[:5], takes_readings(row[4], row[5], released))
            for row in session.execute(query)
        ]
