"""Security (issue 13): the key id of each audit entry (keyed HMAC chain) and failed-login counters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

Existing audit entries keep their unkeyed SHA-256 hashes here (``key_id`` NULL); ``spinemet db
upgrade`` then creates the audit key and re-seals the chain with it, once, after verifying it
(:func:`spinemet.store.audit_key.seal_legacy_chain`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("key_id", sa.String(16), nullable=True))
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure", sa.Float, nullable=False),
        sa.Column("locked_until", sa.Float, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("key_id")
