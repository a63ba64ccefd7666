"""Care teams: a case belongs to one or more teams, a user to teams (issue 13 item 6).

Existing databases keep working: the team ``default`` is created, every case already stored is
placed in it, and every user already stored becomes a member of it (as their default team), so
every clinician still reads and writes every case, and every researcher still reads every
de-identified case, until an administrator divides them into teams.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    teams = op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("is_default", sa.Boolean, nullable=False),
    )
    op.create_index("ix_team_members_user", "team_members", ["user_id"])
    op.create_table(
        "case_teams",
        sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    )
    op.create_index("ix_case_teams_team", "case_teams", ["team_id"])
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    op.bulk_insert(teams, [{"id": 1, "name": "default", "created_at": at}])
    op.execute("INSERT INTO case_teams (case_id, team_id) SELECT case_id, 1 FROM cases")
    op.execute(sa.text("INSERT INTO team_members (team_id, user_id, is_default) SELECT 1, id, :yes FROM users")
               .bindparams(yes=True))
    if op.get_bind().dialect.name == "postgresql":  # the explicit id 1 must not collide with the next team
        op.execute("SELECT setval(pg_get_serial_sequence('teams', 'id'), (SELECT MAX(id) FROM teams))")


def downgrade() -> None:
    for name in ("case_teams", "team_members", "teams"):
        op.drop_table(name)
