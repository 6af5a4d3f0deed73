"""The instrument's per-reading error and its coverage (review of issue 17, finding 9).

- measurements.uncertainty: the file's error for the reading, in the reading's unit (an XRF
  analyser's counting error); NULL where the file gives none.
- measurements.uncertainty_k: how many standard deviations that error is, as the instrument
  profile documents it (or the file's own per-reading column, Niton's Sigma Value); NULL where the
  vendor does not document it (the calculation then takes the error as a standard uncertainty).

Both enter a run's measurements digest only for readings that carry them, so the digests of runs
imported before this revision are unchanged (labapp.store.measurements).

Revision ID: 0019_measurement_uncertainty
Revises: 0015_tamper_evidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_measurement_uncertainty"
down_revision = "0017_panel_tests"
branch_labels = None
depends_on = None

COLUMNS = ("uncertainty", "uncertainty_k")


def upgrade() -> None:
    with op.batch_alter_table("measurements") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measurements") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
