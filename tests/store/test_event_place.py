"""An event known only by its order lands where it happened (issue 12: 'after X', no day).

Checked against what the timeline means: an undated event is placed by its neighbours
(:func:`spinemet.case.timing.resolve_intervals`), so an event put right after the embolisation
(day 0) and before the surgery (day 3) is dated days 0 to 3; appended at the end it would be
'day 3 or later'. On SQLite and the real PostgreSQL; the upgrade from revision 0004 keeps the
order of every stored case.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from spinemet.case import parse_case
from spinemet.case.timing import DayInterval
from spinemet.errors import ValidationFailed
from spinemet.service import Actor, Role, Service, Settings
from spinemet.store import Database, head_revision, upgrade
from spinemet.store import cases as store
from spinemet.store.canonical import canonical, sha256_hex
from spinemet.store.places import base_place, place_between

CLIN = Actor("ann", Role.clinician)

CASE = {
    "schema_version": 2, "id": "order-1", "primary": {"site": "kidney"},
    "timeline": [
        {"id": "emb-1", "type": "embolisation", "day": 0, "purpose": "preoperative", "levels": "L1"},
        {"id": "surgery-1", "type": "surgery", "day": 3, "procedures": ["decompression"], "levels": "L1"},
        {"id": "death-1", "type": "death", "day": 150},
    ],
}
#: a complication known only to have followed the embolisation ("after the embolisation, ...")
UNDATED = {"id": "pain-1", "type": "pain", "present": True}


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=120))
@settings(max_examples=200, deadline=None)
def test_place_between_always_fits_between_its_neighbours(choices: list[int]) -> None:
    """Insert after a randomly chosen key, over and over: the keys stay strictly ordered and each
    new key lies strictly between its neighbours (the property the timeline's order rests on)."""
    keys = [base_place(n) for n in (1, 2, 3)]
    for choice in choices:
        at = choice % len(keys)
        upper = keys[at + 1] if at + 1 < len(keys) else None
        new = place_between(keys[at], upper)
        assert keys[at] < new and (upper is None or new < upper)
        assert not new.endswith("0")
        keys.insert(at + 1, new)
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_place_between_refuses_keys_out_of_order() -> None:
    with pytest.raises(ValueError, match="does not sort before"):
        place_between(base_place(4), base_place(3))
    with pytest.raises(ValueError, match="not a place key"):
        place_between("12a", None)


def test_an_order_only_event_lands_after_the_event_named(service: Service) -> None:
    case_id = service.import_case_text(CLIN, canonical(CASE), "json").id
    view = service.append_event(CLIN, case_id, dict(UNDATED), 1, place_after="emb-1")
    assert [e.key for e in view.events] == ["emb-1", "pain-1", "surgery-1", "death-1"]
    case = parse_case(json.loads(service.export_case(CLIN, case_id, "json")))
    pain = next(e for e in case.timeline if e.id == "pain-1")
    assert case.interval_of(pain) == DayInterval(0, 3)  # between the embolisation and the surgery
    # a second one after the same event goes right after it, before the first
    view = service.append_event(CLIN, case_id, {"id": "pain-2", "type": "pain", "present": True}, 2,
                                place_after="emb-1")
    assert [e.key for e in view.events] == ["emb-1", "pain-2", "pain-1", "surgery-1", "death-1"]
    # amending keeps the place; an append without a place still goes to the end
    view = service.amend_event(CLIN, case_id, "pain-1", {"type": "pain", "present": True, "character": "mechanical"}, 3)
    assert [e.key for e in view.events] == ["emb-1", "pain-2", "pain-1", "surgery-1", "death-1"]
    view = service.append_event(CLIN, case_id, {"id": "last", "type": "performance", "day": 140, "ecog": 2}, 4)
    assert [e.key for e in view.events][-2:] == ["death-1", "last"]  # appended: written last
    # the history reads each version in its own order
    assert [e.key for e in service.get_case(CLIN, case_id, version=2).events] == [
        "emb-1", "pain-1", "surgery-1", "death-1"]


def test_place_after_an_event_that_does_not_exist_is_located_and_stores_nothing(service: Service) -> None:
    case_id = service.import_case_text(CLIN, canonical(CASE), "json").id
    for bad in ("nope", "", 7):
        with pytest.raises(ValidationFailed) as info:
            service.append_event(CLIN, case_id, dict(UNDATED), 1, place_after=bad)
        (problem,) = info.value.problems
        assert problem.location == "place_after"
        assert "allowed" in problem.message
    with pytest.raises(ValidationFailed) as info:
        service.append_event(CLIN, case_id, dict(UNDATED), 1, place_after="nope")
    assert "emb-1, surgery-1, death-1" in info.value.problems[0].message
    view = service.get_case(CLIN, case_id)
    assert view.current_version == 1 and [e.key for e in view.events] == ["emb-1", "surgery-1", "death-1"]


# ------------------------------------------------------------------ the upgrade from revision 0004

@pytest.fixture
def db_at_0004(db_url: str) -> Iterator[tuple[str, Database]]:
    db = Database(db_url, pool_size=2)
    assert upgrade(db, "0004") == "0004"
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()
    with db.write() as conn:
        meta = sa.MetaData()
        meta.reflect(conn, only=["cases", "case_versions", "events"])
        cases, versions, events = meta.tables["cases"], meta.tables["case_versions"], meta.tables["events"]
        assert "place" not in events.c
        header = {k: v for k, v in CASE.items() if k != "timeline"}
        conn.execute(cases.insert().values(case_id="order-1", research_id="R-00000000000000aa", version=1,
                                           created_at=at, updated_at=at, title=None, primary_site="kidney",
                                           levels="|L1|", open_alerts=0, alerts="[]", event_count=3))
        text = canonical(header)
        conn.execute(versions.insert().values(case_id="order-1", version=1, created_at=at, actor="ann",
                                              action="create", event_key=None, header=text,
                                              content_hash=sha256_hex(text), schema_version=2))
        # stored in ordinal order 1, 2, 3 (written out of key order on purpose)
        for ordinal, event in ((3, CASE["timeline"][2]), (1, CASE["timeline"][0]), (2, CASE["timeline"][1])):
            body = canonical(event)
            conn.execute(events.insert().values(case_id="order-1", event_key=event["id"], version=1, ordinal=ordinal,
                                                retracted=False, data=body, content_hash=sha256_hex(body)))
    yield db_url, db
    db.dispose()


def test_upgrade_keeps_the_stored_order_and_then_places_events(db_at_0004: tuple[str, Database]) -> None:
    url, db = db_at_0004
    assert upgrade(db) == head_revision() == "0006"
    with db.read() as conn:
        stored = store.load_case(conn, "order-1")
        assert [e.key for e in stored.events] == ["emb-1", "surgery-1", "death-1"]
        assert all(e.place is None for e in stored.events)
    svc = Service.open(Settings(database_url=url, pool_size=2))
    try:
        view = svc.append_event(CLIN, "order-1", dict(UNDATED), 1, place_after="emb-1")
        assert [e.key for e in view.events] == ["emb-1", "pain-1", "surgery-1", "death-1"]
    finally:
        svc.close()


# ------------------------------------------------------------------ through the API

def test_api_places_an_event_after_another_and_locates_a_bad_position(client, people) -> None:  # type: ignore[no-untyped-def]
    h = {"Authorization": f"Bearer {people['clinician'].token}"}
    assert client.post("/cases", headers=h, json=CASE).status_code == 201
    r = client.post("/cases/order-1/events", headers=h,
                    json={"expected_version": 1, "event": UNDATED, "place_after": "nope"})
    assert r.status_code == 422, r.text
    (error,) = r.json()["errors"]
    assert error["location"] == "place_after" and "allowed: emb-1, surgery-1, death-1" in error["message"]
    assert client.get("/cases/order-1", headers=h).json()["current_version"] == 1  # nothing stored
    r = client.post("/cases/order-1/events", headers=h,
                    json={"expected_version": 1, "event": UNDATED, "place_after": "emb-1"})
    assert r.status_code == 201, r.text
    assert [e.get("id") for e in r.json()["case"]["timeline"]] == ["emb-1", "pain-1", "surgery-1", "death-1"]
    # amending cannot move an event (it keeps its place): refused, never ignored
    r = client.put("/cases/order-1/events/pain-1", headers=h,
                   json={"expected_version": 2, "event": UNDATED, "place_after": "surgery-1"})
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "place_after", r.text
