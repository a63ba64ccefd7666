"""Users and API tokens. Secrets are stored only as hashes (see :mod:`spinemet.service.secrets`)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.errors import Conflict, NotFound
from spinemet.store.cases import now_iso
from spinemet.store.tables import tokens, users


@dataclass(frozen=True)
class UserRow:
    id: int
    name: str
    role: str
    password_hash: str | None
    created_at: str
    disabled: bool


@dataclass(frozen=True)
class TokenRow:
    id: int
    user_name: str
    label: str
    created_at: str
    revoked_at: str | None


def _user(m: sa.RowMapping) -> UserRow:
    return UserRow(int(m["id"]), str(m["name"]), str(m["role"]), m["password_hash"], str(m["created_at"]),
                   bool(m["disabled"]))


def add_user(conn: Connection, name: str, role: str, password_hash: str | None) -> UserRow:
    if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
        raise Conflict(f"user '{name}' already exists")
    conn.execute(users.insert().values(name=name, role=role, password_hash=password_hash, created_at=now_iso(),
                                       disabled=False))
    return get_user(conn, name)


def find_user(conn: Connection, name: str) -> UserRow | None:
    m = conn.execute(sa.select(users).where(users.c.name == name)).mappings().first()
    return None if m is None else _user(m)


def get_user(conn: Connection, name: str) -> UserRow:
    user = find_user(conn, name)
    if user is None:
        raise NotFound(f"user '{name}' does not exist")
    return user


def list_users(conn: Connection) -> list[UserRow]:
    return [_user(m) for m in conn.execute(sa.select(users).order_by(users.c.name)).mappings()]


def set_password(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


def set_disabled(conn: Connection, user_id: int, disabled: bool) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(disabled=disabled))


def add_token(conn: Connection, user_id: int, token_hash: str, label: str) -> int:
    result = conn.execute(tokens.insert().values(user_id=user_id, token_hash=token_hash, label=label[:100],
                                                 created_at=now_iso(), revoked_at=None))
    pk = result.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def user_by_token(conn: Connection, token_hash: str) -> tuple[UserRow, int] | None:
    """The active user owning an unrevoked token with this hash, and the token id."""
    m = conn.execute(
        sa.select(users, tokens.c.id.label("token_id"))
        .join(tokens, tokens.c.user_id == users.c.id)
        .where(tokens.c.token_hash == token_hash, tokens.c.revoked_at.is_(None), users.c.disabled.is_(False))
    ).mappings().first()
    return None if m is None else (_user(m), int(m["token_id"]))


def list_tokens(conn: Connection, user_name: str | None = None) -> list[TokenRow]:
    stmt = sa.select(tokens.c.id, users.c.name, tokens.c.label, tokens.c.created_at, tokens.c.revoked_at).join(
        users, tokens.c.user_id == users.c.id)
    if user_name is not None:
        stmt = stmt.where(users.c.name == user_name)
    return [TokenRow(int(i), str(n), str(lb), str(c), r) for i, n, lb, c, r in conn.execute(stmt.order_by(tokens.c.id))]


def revoke_tokens(conn: Connection, user_id: int, token_id: int | None = None) -> int:
    """Revoke one token of the user (or all of them); return how many were revoked."""
    stmt = tokens.update().where(tokens.c.user_id == user_id, tokens.c.revoked_at.is_(None))
    if token_id is not None:
        stmt = stmt.where(tokens.c.id == token_id)
    return int(conn.execute(stmt.values(revoked_at=now_iso())).rowcount)
