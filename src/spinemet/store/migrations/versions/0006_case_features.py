"""The similar-cases features of each case's current version (issue 19): ``case_features``.

Derived data only (the service computes it from the case and rewrites it when the case's version
moves); nothing stored before is changed. Empty after the upgrade: the first similar-cases query
fills it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_features",
        sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("features", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_features")
