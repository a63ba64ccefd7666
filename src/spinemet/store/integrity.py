"""Read-only checks of what is stored (``spinemet db check``)."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from spinemet.store.tables import cases, events


def stored_ids(conn: Connection) -> Iterator[tuple[str, str | None]]:
    """Every case id (with ``None``) and every event key (with its case id) ever stored."""
    for (case_id,) in conn.execute(sa.select(cases.c.case_id).order_by(cases.c.case_id)):
        yield str(case_id), None
    for case_id, key in conn.execute(sa.select(events.c.case_id, events.c.event_key).distinct()
                                     .order_by(events.c.case_id, events.c.event_key)):
        yield str(case_id), str(key)
