"""The event form's 'Happened after' choice (issue 12): an event known only by its order is saved
right after the event chosen, not at the end; a position that is not an event of the case, or one
given together with a day, is refused with the message at that field and nothing is saved.
Through the real app on a real SQLite file (no browser)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from web_helpers import World, csrf_of, login

from spinemet.service import Actor, Role

CASE = {
    "schema_version": 2, "id": "web-order-1", "primary": {"site": "kidney"},
    "timeline": [
        {"id": "emb-1", "type": "embolisation", "day": 0, "purpose": "preoperative", "levels": "L1"},
        {"id": "surgery-1", "type": "surgery", "day": 3, "procedures": ["decompression"], "levels": "L1"},
    ],
}


def _form(client: TestClient) -> tuple[str, dict[str, str]]:
    page = client.get("/web/cases/web-order-1/events?type=pain")
    assert page.status_code == 200
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    return page.text, {"csrf_token": csrf_of(page.text), "type": "pain", "version": version.group(1), "present": "true"}


def _order(world: World) -> list[str | None]:
    text = world.service.export_case(Actor("dr-doe", Role.clinician), "web-order-1", "json")
    return [e.get("id") for e in json.loads(text)["timeline"]]


def test_happened_after_places_the_event_and_refuses_a_bad_choice_at_the_field(client: TestClient, world: World) -> None:
    world.service.import_case_text(Actor("dr-doe", Role.clinician), json.dumps(CASE), "json")
    login(client, world, "dr-doe")
    html, data = _form(client)
    assert '<label for="pain-place_after">Happened after</label>' in html
    assert re.search(r'<select id="pain-place_after" name="place_after"[^>]*>\s*<option value="">the last event', html)
    assert '<option value="emb-1" ' in html

    refused = client.post("/web/cases/web-order-1/events", data={**data, "place_after": "no-such-event"})
    assert refused.status_code == 422
    assert re.search(r'<p class="field-error" id="pain-place_after-err">[^<]*no-such-event[^<]*allowed: emb-1, '
                     r'surgery-1', refused.text), refused.text[-3000:]
    assert 'href="#pain-place_after"' in refused.text  # the summary links to the field
    dated = client.post("/web/cases/web-order-1/events", data={**data, "day": "2", "place_after": "emb-1"})
    assert dated.status_code == 422
    assert re.search(r'id="pain-place_after-err">[^<]*has a day', dated.text)
    assert _order(world) == ["emb-1", "surgery-1"]  # nothing saved

    saved = client.post("/web/cases/web-order-1/events", data={**data, "id": "pain-1", "place_after": "emb-1"})
    assert saved.status_code == 303, saved.text[-3000:]
    assert _order(world) == ["emb-1", "pain-1", "surgery-1"]
    # without a choice it still goes to the end
    _, data = _form(client)
    assert client.post("/web/cases/web-order-1/events", data={**data, "id": "pain-2"}).status_code == 303
    assert _order(world) == ["emb-1", "pain-1", "surgery-1", "pain-2"]
