"""Register clients, lots, samples and preparations, one by one or from a lot manifest.

Every function runs in one unit of work: the records and their audit events are committed
together, or nothing is (a manifest with one bad line stores no lot at all).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, selectinload

from labapp.core.errors import InputFileError, LabappError
from labapp.core.vocabulary import LotOrigin
from labapp.security.roles import Action
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.lot_inputs import (
    LotInput,
    PreparationInput,
    SampleInput,
    lot_problems,
    preparation_problems,
    sample_problems,
)
from labapp.services.importing.manifest import ManifestError, ManifestLot, read_manifest
from labapp.store.base import utcnow
from labapp.store.lots import Lot, Preparation, Sample
from labapp.store.parties import Client
from labapp.store.states import LotState

__all__ = [
    "LotInput",
    "LotSummary",
    "ManifestError",
    "ManifestImport",
    "PreparationInput",
    "SampleInput",
    "import_manifest",
    "list_lots",
    "register_client",
    "register_lot",
    "register_preparation",
    "register_sample",
]


@dataclass(frozen=True)
class ManifestImport:
    file: str
    lot_codes: list[str]
    samples: int
    preparations: int
    new_clients: list[str]


@dataclass(frozen=True)
class LotSummary:
    id: int
    code: str
    client: str
    declared_chemistry: str
    origin: LotOrigin | str  # a stored text outside the vocabulary stays text
    state: LotState
    net_wet_mass_kg: float | None
    moisture_pct: float | None
    net_dry_mass_kg: float | None
    preparations: int
    registered_at: datetime
    lab_sample_id: str | None = None



def _origin(value: str) -> LotOrigin | str:
    """The stored origin read back into the vocabulary, so every screen shows its label."""
    try:
        return LotOrigin(value)
    except ValueError:
        return value


def _check(problems: list[str]) -> None:
    if problems:
        raise LabappError("; ".join(problems))


def _client(session: Session, name: str, contact: str | None) -> tuple[Client, bool]:
    client = session.scalars(select(Client).where(Client.name == name)).one_or_none()
    if client is not None:
        return client, False
    client = Client(name=name, contact=contact)
    session.add(client)
    return client, True


def _lot_record(lot: LotInput, client: Client, by: AuthenticatedUser) -> Lot:
    return Lot(
        code=lot.code,
        client=client,
        declared_chemistry=lot.declared_chemistry,
        origin=lot.origin,
        shipment_id=lot.shipment_id,
        container_id=lot.container_id,
        bag_id=lot.bag_id,
        seal_ids=";".join(lot.seal_ids) or None,
        waste_code=lot.waste_code,
        customs_code=lot.customs_code,
        gross_mass_kg=lot.gross_mass_kg,
        net_wet_mass_kg=lot.net_wet_mass_kg,
        received_on=lot.received_on,
        condition_on_receipt=lot.condition_on_receipt,
        customer_supplied=";".join(lot.customer_supplied) or None,
        sampling_plan=lot.sampling_plan,
        sampling_location=lot.sampling_location,
        method_deviations="\n".join(lot.method_deviations) or None,
        registered_by=by.username,
    )


def _sample_ids(session: Session) -> Iterator[str]:
    """Laboratory sample ids for new lots, read before any of them is stored (so a lot's creation is
    one audit event): LS-<year>-<serial>, the serial one more than the highest of the year. The column
    is unique, so two workstations registering at once cannot share one (the later commit fails)."""
    prefix = f"LS-{utcnow().year}-"
    taken = session.scalars(select(Lot.lab_sample_id).where(Lot.lab_sample_id.like(f"{prefix}%")))
    serial = max((int(t.removeprefix(prefix)) for t in taken if t.removeprefix(prefix).isdigit()), default=0)
    while True:
        serial += 1
        yield f"{prefix}{serial:06d}"


def _sample_record(sample: SampleInput) -> Sample:
    return Sample(
        moisture_pct=sample.moisture_pct,
        moisture_method=sample.moisture_method,
        sampled_on=sample.sampled_on,
        sampled_by=sample.sampled_by,
        sampling_method=sample.sampling_method,
    )


def _preparation_record(prep: PreparationInput) -> Preparation:
    return Preparation(
        label=prep.label,
        kind=prep.kind,
        technique=prep.technique,
        sample_mass_g=prep.sample_mass_g,
        digest_volume_ml=prep.digest_volume_ml,
        dilution_factor=prep.dilution_factor,
        spike_added_mg_per_l=prep.spike_added_mg_per_l,
        primary_sample=prep.primary_sample,
    )


def register_client(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    name: str,
    contact: str | None = None,
    reason: str | None = None,
) -> int:
    """Create a client; an existing name is refused (clients are unique by name)."""
    _check(["client_name is empty"] if not name.strip() else [])
    with ctx.unit_of_work(by, Action.REGISTER_LOTS, reason) as session:
        client, created = _client(session, name.strip(), contact)
        if not created:
            raise LabappError(f"client {name!r} already exists")
        session.flush()
        return client.id


def register_lot(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lot: LotInput,
    reason: str | None = None,
    sample: SampleInput | None = None,
    preparations: Sequence[PreparationInput] = (),
) -> int:
    """Create a lot (and its client when the name is new), with its laboratory sample and that
    sample's digests and pellets when given: one unit of work, so a refused sample or preparation
    leaves no lot behind. The lot code and the preparation labels must be new."""
    problems = lot_problems(lot) + (sample_problems(sample) if sample is not None else [])
    problems += [p for prep in preparations for p in preparation_problems(prep)]
    if preparations and sample is None:
        problems.append("preparations belong to the lot's laboratory sample: give the sample too")
    _check(problems)
    with ctx.unit_of_work(by, Action.REGISTER_LOTS, reason) as session:
        if session.scalars(select(Lot.id).where(Lot.code == lot.code)).first() is not None:
            raise LabappError(f"lot {lot.code} already exists")
        client, _ = _client(session, lot.client_name, lot.client_contact)
        record = _lot_record(lot, client, by)
        if sample is not None:
            record.samples.append(_sample_record(sample))
            for prep in preparations:
                _require_new_label(session, prep)
                record.samples[0].preparations.append(_preparation_record(prep))
        record.lab_sample_id = next(_sample_ids(session))
        session.add(record)
        session.flush()
        return record.id


def _require_new_label(session: Session, prep: PreparationInput) -> None:
    same = (Preparation.label == prep.label, Preparation.technique == prep.technique)
    taken = select(Preparation.id).where(*same)
    if session.scalars(taken).first() is not None:
        raise LabappError(f"preparation label {prep.label!r} ({prep.technique}) is already registered")


def _lot_by_code(session: Session, code: str) -> Lot:
    lot = session.scalars(select(Lot).where(Lot.code == code)).one_or_none()
    if lot is None:
        raise LabappError(f"lot {code} does not exist")
    return lot


def register_sample(
    ctx: ServiceContext, by: AuthenticatedUser, lot_code: str, sample: SampleInput, reason: str | None = None
) -> int:
    """Add the laboratory sample of a lot (one per lot: moisture belongs to it)."""
    _check(sample_problems(sample))
    with ctx.unit_of_work(by, Action.REGISTER_LOTS, reason) as session:
        lot = _lot_by_code(session, lot_code)
        if lot.samples:
            raise LabappError(f"lot {lot_code} already has its laboratory sample")
        record = _sample_record(sample)
        lot.samples.append(record)
        session.flush()
        return record.id


def register_preparation(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lot_code: str,
    prep: PreparationInput,
    reason: str | None = None,
) -> int:
    """Add a digest or pellet to the laboratory sample of a lot."""
    _check(preparation_problems(prep))
    with ctx.unit_of_work(by, Action.REGISTER_LOTS, reason) as session:
        lot = _lot_by_code(session, lot_code)
        if not lot.samples:
            raise LabappError(f"lot {lot_code} has no laboratory sample yet: register the sample first")
        _require_new_label(session, prep)
        record = _preparation_record(prep)
        lot.samples[0].preparations.append(record)
        session.flush()
        return record.id


def import_manifest(
    ctx: ServiceContext, path: str | Path, by: AuthenticatedUser, reason: str | None = None
) -> ManifestImport:
    """Register every lot of a manifest, or nothing; problems are named by file and line."""
    path = Path(path)
    lots = read_manifest(path)
    with ctx.unit_of_work(by, Action.REGISTER_LOTS, reason or f"lot manifest {path.name}") as session:
        problems = _conflicts(session, path, lots)
        if problems:
            raise ManifestError(problems)
        new_clients: list[str] = []
        sample_ids = _sample_ids(session)
        for item in lots:
            client, created = _client(session, item.lot.client_name, item.lot.client_contact)
            if created:
                new_clients.append(client.name)
                session.flush()
            lot = _lot_record(item.lot, client, by)
            lot.lab_sample_id = next(sample_ids)
            sample = _sample_record(item.sample)
            sample.preparations = [_preparation_record(prep) for _, prep in item.preparations]
            lot.samples.append(sample)
            session.add(lot)
        session.flush()
    return ManifestImport(
        file=str(path),
        lot_codes=[item.lot.code for item in lots],
        samples=len(lots),
        preparations=sum(len(item.preparations) for item in lots),
        new_clients=new_clients,
    )


def _conflicts(session: Session, path: Path, lots: list[ManifestLot]) -> list[InputFileError]:
    """Lots, labels and client contacts of the manifest that clash with the database or each other."""
    problems = []
    codes = {item.lot.code: item.line for item in lots}
    for code in session.scalars(select(Lot.code).where(Lot.code.in_(codes))):
        problems.append(InputFileError(path, codes[code], f"lot code {code} already exists in the database"))
    labels = {(p.label, p.technique): line for item in lots for line, p in item.preparations}
    taken = select(Preparation.label, Preparation.technique).where(
        tuple_(Preparation.label, Preparation.technique).in_(list(labels))
    )
    for label, technique in session.execute(taken):
        problems.append(
            InputFileError(
                path,
                labels[(label, technique)],
                f"sample_label {label!r} ({technique}) is already registered",
            )
        )
    contacts: dict[str, tuple[str | None, int]] = {}
    for item in lots:
        name, contact = item.lot.client_name, item.lot.client_contact
        seen = contacts.setdefault(name, (contact, item.line))
        if seen[0] != contact:
            problems.append(
                InputFileError(
                    path,
                    item.line,
                    f"client {name!r}: client_contact {contact!r} differs from line {seen[1]}",
                )
            )
    return sorted(problems, key=lambda p: int(p.line or 0))


def list_lots(ctx: ServiceContext) -> list[LotSummary]:
    """All lots, newest first, with what a lot list shows."""
    query = (
        select(Lot)
        .options(selectinload(Lot.client), selectinload(Lot.samples).selectinload(Sample.preparations))
        .order_by(Lot.registered_at.desc(), Lot.id.desc())
    )
    with ctx.read_session() as session:
        return [_summary(lot) for lot in session.scalars(query)]


def _summary(lot: Lot) -> LotSummary:
    sample = lot.samples[0] if lot.samples else None
    return LotSummary(
        id=lot.id,
        code=lot.code,
        client=lot.client.name,
        declared_chemistry=lot.declared_chemistry,
        origin=_origin(lot.origin),
        state=lot.state,
        net_wet_mass_kg=lot.net_wet_mass_kg,
        moisture_pct=sample.moisture_pct if sample else None,
        net_dry_mass_kg=lot.net_dry_mass_kg,
        preparations=len(sample.preparations) if sample else 0,
        registered_at=lot.registered_at,
        lab_sample_id=lot.lab_sample_id,
    )
