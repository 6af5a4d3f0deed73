"""Reference materials (certified values and the digests made of them) and the record of each
calculation of a run: the inputs needed to reproduce its stored results."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from labapp.core.vocabulary import QcVerdict
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow


class ReferenceValue(Audited, Base):
    """A certified value of a reference material (CRM) for one analyte, with its expanded U."""

    __tablename__ = "reference_values"
    __table_args__ = (UniqueConstraint("material", "analyte"),)

    material: Mapped[str] = mapped_column(String(100), index=True)
    analyte: Mapped[str] = mapped_column(String(20))
    certified: Mapped[float] = mapped_column(Float)
    expanded_uncertainty: Mapped[float] = mapped_column(Float)
    coverage_factor: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    basis: Mapped[str] = mapped_column(String(20), default="dry")
    source: Mapped[str | None] = mapped_column(Text)
    registered_by: Mapped[str] = mapped_column(String(80))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReferenceDigest(Audited, Base):
    """A digest of a reference material as labelled in instrument files, with its mass and volumes."""

    __tablename__ = "reference_digests"
    __table_args__ = (UniqueConstraint("label", "technique"),)

    material: Mapped[str] = mapped_column(String(100), index=True)
    label: Mapped[str] = mapped_column(String(100))
    technique: Mapped[str] = mapped_column(String(20), default="ICP-OES")
    sample_mass_g: Mapped[float | None] = mapped_column(Float)
    digest_volume_ml: Mapped[float | None] = mapped_column(Float)
    dilution_factor: Mapped[float | None] = mapped_column(Float)


class Calculation(Audited, Base):
    """One calculation of a run: who, when, which method, and every input besides the readings."""

    __tablename__ = "calculations"

    run_id: Mapped[int] = mapped_column(ForeignKey("instrument_runs.id"), index=True)
    method: Mapped[str] = mapped_column(String(100))
    method_version: Mapped[str] = mapped_column(String(40))
    method_sha256: Mapped[str] = mapped_column(String(64))
    inputs_json: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[QcVerdict | None] = mapped_column(VocabularyText(QcVerdict, 20))
    calculated_by: Mapped[str] = mapped_column(String(80))
    calculated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
