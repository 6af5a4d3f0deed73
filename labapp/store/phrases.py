"""The laboratory's phrase list: remarks and recurring texts in English and Japanese.

A certificate remark is chosen from this list (by code), so it exists in both languages; a stored
text typed exactly as a phrase's English (an exclusion reason, a sampling or moisture method) is
printed with the phrase's Japanese on a Japanese certificate (docs/certificates.md).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, utcnow


class LabPhrase(Audited, Base):
    """One phrase: a short code, its English and its Japanese. Retired phrases are kept (never deleted)."""

    __tablename__ = "lab_phrases"

    code: Mapped[str] = mapped_column(String(60), unique=True)
    en: Mapped[str] = mapped_column(Text)
    ja: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
