"""The stored similar-cases features (table ``case_features``): read them all, put one case's."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.store.tables import case_features


def read_all(conn: Connection) -> dict[str, tuple[int, str]]:
    """case id -> (version, features JSON) of every stored row."""
    return {r.case_id: (int(r.version), str(r.features))
            for r in conn.execute(sa.select(case_features.c.case_id, case_features.c.version, case_features.c.features))}


def put(conn: Connection, case_id: str, version: int, features: str) -> None:
    """Store (or replace) the features of ``case_id`` at ``version``."""
    done = conn.execute(case_features.update().where(case_features.c.case_id == case_id)
                        .values(version=version, features=features))
    if done.rowcount == 0:
        conn.execute(case_features.insert().values(case_id=case_id, version=version, features=features))
