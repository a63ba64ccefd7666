"""The tables of the case store (SQLAlchemy Core). Migrations create them; this module describes them.

Patient data are never overwritten: ``events`` and ``case_versions`` only grow. ``cases`` holds one
row per case with its current version (the compare-and-set target of optimistic concurrency) and a
few derived columns for search. ``audit_log`` is the hash-chained trail; ``audit_head`` holds the
last link so that a deleted tail is detected too.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("case_id", sa.String(200), primary_key=True),
    sa.Column("research_id", sa.String(40), nullable=False, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("primary_site", sa.String(64), nullable=False, index=True),
    sa.Column("levels", sa.Text, nullable=False),
    sa.Column("open_alerts", sa.Integer, nullable=False),
    sa.Column("alerts", sa.Text, nullable=False),
    sa.Column("event_count", sa.Integer, nullable=False),
)

case_versions = sa.Table(
    "case_versions",
    metadata,
    sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("event_key", sa.String(200), nullable=True),
    sa.Column("header", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    # revision 0002: the case-file version of the stored document (1 for documents stored before it)
    sa.Column("schema_version", sa.Integer, nullable=False, server_default="1"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), nullable=False),
    sa.Column("event_key", sa.String(200), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("retracted", sa.Boolean, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    # revision 0005: where the event sits in the timeline when put between two others (NULL: by ordinal)
    sa.Column("place", sa.Text, nullable=True),
    sa.UniqueConstraint("case_id", "event_key", "version", name="uq_events_key_version"),
    sa.Index("ix_events_case_version", "case_id", "version"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
)

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("case_id", sa.String(200), nullable=True, index=True),
    sa.Column("outcome", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    #: the audit key that sealed this entry (HMAC-SHA-256); NULL only before the first upgrade
    sa.Column("key_id", sa.String(16), nullable=True),
)

#: failed logins per user name and per client address (both kept as hashes: no name is stored)
login_throttle = sa.Table(
    "login_throttle",
    metadata,
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure", sa.Float, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=True),
)

audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

GENESIS_HASH = "0" * 64

# Care teams (revision 0003): a case belongs to one or more teams; a user belongs to teams. A
# clinician reads and writes the cases of their teams; a researcher reads the de-identified cases of
# the teams whose data they are granted (their membership). ``is_default`` marks the team a case
# created by that user without naming a team goes to.
teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
)

team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("is_default", sa.Boolean, nullable=False),
    sa.Index("ix_team_members_user", "user_id"),
)

case_teams = sa.Table(
    "case_teams",
    metadata,
    sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), primary_key=True),
    sa.Index("ix_case_teams_team", "team_id"),
)

#: the team every database has: existing cases and users were placed in it by revision 0003, and a
#: user added without naming a team joins it
DEFAULT_TEAM = "default"

#: the similar-cases features of each case's current version (issue 19), computed by the service
#: from the case and kept so that an index over the store is read, not recomputed, when a server
#: starts; ``features`` is JSON with its own ``schema`` number, so features computed by an older
#: definition are recomputed. Derived data: it can be dropped and rebuilt at any time.
case_features = sa.Table(
    "case_features",
    metadata,
    sa.Column("case_id", sa.String(200), sa.ForeignKey("cases.case_id"), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("features", sa.Text, nullable=False),
)
