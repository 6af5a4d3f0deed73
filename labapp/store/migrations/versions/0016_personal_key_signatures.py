"""Personal-key signatures: a signature made by a person who holds a signing key carries that key's
digital signature over what the record-key seal covers, and the signer certificate's fingerprint.

- signatures.signer_fingerprint: SHA-256 fingerprint of the signer certificate (colon-separated
  upper-case hex, as `labapp keys list` prints it); NULL for a signer without a key.
- signatures.key_signature: the digital signature (base64 of DER ECDSA / PKCS#1 v1.5), SHA-256.

The certificates themselves stay in the keys folder (labapp.services.administration.signer_keys),
never in the database. Existing rows keep NULL (they were signed before personal keys were used).

Revision ID: 0016_personal_key_signatures
Revises: 0015_tamper_evidence
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_personal_key_signatures"
down_revision = "0015_tamper_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signatures") as batch:
        batch.add_column(sa.Column("signer_fingerprint", sa.String(100), nullable=True))
        batch.add_column(sa.Column("key_signature", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signatures") as batch:
        batch.drop_column("key_signature")
        batch.drop_column("signer_fingerprint")
