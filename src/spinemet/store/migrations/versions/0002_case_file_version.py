"""Case-file version 2: each stored case version records the version of its document.

Stored documents are never rewritten (versions are append-only and hashed): a version-1 header
stays as written, gets ``schema_version`` 1 here, and is read as version 2 by the case model
(version 2 only adds optional fields). New versions are written with their document's version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_versions") as batch:
        batch.add_column(sa.Column("schema_version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("case_versions") as batch:
        batch.drop_column("schema_version")
