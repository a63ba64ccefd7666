"""An event's place in its timeline (issue 12): an order-only event lands where it happened.

A new nullable ``events.place`` (decimal digits, compared as text; :mod:`spinemet.store.places`).
Rows stored before this revision keep NULL and sort by their ordinal as before, so every stored
case reads back in the same order; nothing stored is rewritten (rows are append-only and hashed).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("place", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("place")
