"""A lot as received (shipment, seals, masses), its laboratory sample and the sample's preparations.

One lot has one laboratory sample (moisture is measured on it); the sample has several
preparations: ICP-OES digests (primary, duplicate, spike) and XRF pellets. A preparation's
`label` is the label exactly as it appears in instrument files, which is how runs find it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from labapp.core.vocabulary import LotOrigin, SuppliedItem
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow
from labapp.store.parties import Client
from labapp.store.states import LotState

DECLARED_CHEMISTRIES = ("NCM", "NCA", "LCO", "LFP", "LMO", "Mixed")
ORIGINS = LotOrigin.values()
PREPARATION_KINDS = ("digest", "duplicate", "spike", "pellet")
TECHNIQUES = ("ICP-OES", "XRF")
# Lot workflow: registered until its results are approved, then certified; a certified lot can be
# amended (new certificate revision) or retracted.
LOT_STATES = LotState.values()


class Lot(Audited, Base):
    __tablename__ = "lots"
    # a unique index, not a constraint: adding it needs no rebuild of the lots table on SQLite
    __table_args__ = (Index("uq_lots_lab_sample_id", "lab_sample_id", unique=True),)

    code: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    state: Mapped[LotState] = mapped_column(VocabularyText(LotState, 20), default=LotState.REGISTERED)
    shipment_id: Mapped[str | None] = mapped_column(String(100))
    container_id: Mapped[str | None] = mapped_column(String(100))
    bag_id: Mapped[str | None] = mapped_column(String(100))
    seal_ids: Mapped[str | None] = mapped_column(Text)  # ";"-separated, as on the manifest
    declared_chemistry: Mapped[str] = mapped_column(String(10))
    origin: Mapped[str] = mapped_column(String(20))
    waste_code: Mapped[str | None] = mapped_column(String(20))
    customs_code: Mapped[str | None] = mapped_column(String(20))
    gross_mass_kg: Mapped[float | None] = mapped_column(Float)
    net_wet_mass_kg: Mapped[float | None] = mapped_column(Float)
    received_on: Mapped[date | None] = mapped_column(Date)
    # ISO/IEC 17025 items (revision 0014): the laboratory's own sample id (7.8.2.1 g, distinct from the
    # customer's lot code), condition on receipt, what the customer supplied (7.8.2.2, ";"-separated
    # SuppliedItem values), sampling plan and location (7.8.2.1 k), deviations from the method (one per line)
    lab_sample_id: Mapped[str | None] = mapped_column(String(40))  # unique: uq_lots_lab_sample_id
    condition_on_receipt: Mapped[str | None] = mapped_column(Text)
    customer_supplied: Mapped[str | None] = mapped_column(Text)
    sampling_plan: Mapped[str | None] = mapped_column(String(300))
    sampling_location: Mapped[str | None] = mapped_column(String(300))
    method_deviations: Mapped[str | None] = mapped_column(Text)
    registered_by: Mapped[str] = mapped_column(String(80))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    client: Mapped[Client] = relationship()
    samples: Mapped[list[Sample]] = relationship(back_populates="lot", cascade="all, delete-orphan")

    @property
    def seal_list(self) -> list[str]:
        return [s.strip() for s in (self.seal_ids or "").split(";") if s.strip()]

    @property
    def supplied_items(self) -> tuple[SuppliedItem, ...]:
        return tuple(SuppliedItem(v) for v in (self.customer_supplied or "").split(";") if v.strip())

    @property
    def deviation_list(self) -> list[str]:
        return [line.strip() for line in (self.method_deviations or "").splitlines() if line.strip()]

    @property
    def net_dry_mass_kg(self) -> float | None:
        """Net wet mass corrected by the moisture of the laboratory sample (ISO 10251 drying)."""
        moisture = self.samples[0].moisture_pct if self.samples else None
        if self.net_wet_mass_kg is None or moisture is None:
            return None
        return self.net_wet_mass_kg * (1.0 - moisture / 100.0)


class Sample(Audited, Base):
    """The laboratory sample taken from a lot; moisture is determined on it."""

    __tablename__ = "samples"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    sampled_on: Mapped[date | None] = mapped_column(Date)
    sampled_by: Mapped[str | None] = mapped_column(String(200))
    sampling_method: Mapped[str | None] = mapped_column(String(200))
    moisture_pct: Mapped[float | None] = mapped_column(Float)
    moisture_method: Mapped[str | None] = mapped_column(String(200))

    lot: Mapped[Lot] = relationship(back_populates="samples")
    preparations: Mapped[list[Preparation]] = relationship(
        back_populates="sample", cascade="all, delete-orphan"
    )


class Preparation(Audited, Base):
    """A digest or pellet made from a sample, with the masses and volumes the calculation needs."""

    __tablename__ = "preparations"
    __table_args__ = (UniqueConstraint("label", "technique"),)

    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    technique: Mapped[str] = mapped_column(String(20))
    sample_mass_g: Mapped[float | None] = mapped_column(Float)
    digest_volume_ml: Mapped[float | None] = mapped_column(Float)
    dilution_factor: Mapped[float | None] = mapped_column(Float)
    spike_added_mg_per_l: Mapped[float | None] = mapped_column(Float)
    # duplicate method of sampling uncertainty: S1 / S2 (revision 0010). Deferred: only the sampling
    # study reads it, so code that loads preparations also runs on a database at revision 0009
    primary_sample: Mapped[str | None] = deferred(mapped_column(String(20)))

    sample: Mapped[Sample] = relationship(back_populates="preparations")
