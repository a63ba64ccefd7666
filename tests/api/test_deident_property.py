"""Property (issue 13): a case whose every free-text field, map key and id holds a random string shows
none of those strings to a researcher: not in the API's case, assessment or course JSON, not on the
web case page, not in the course picture (SVG, whose labels matplotlib writes as text comments).

The text fields are found from the record's models and the allow-list's classification, so a field
added later is filled too; every event type has a skeleton (a test fails when a new type has none).
Runs on SQLite and the real PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from _support.fixtures import auth
from spinemet.api import create_app
from spinemet.case import EVENT_TYPES, Case, parse_case
from spinemet.service import Role, Service, Settings, system_actor
from spinemet.service.deident import allow_list, is_text, models_in
from spinemet.service.views import Credentials

_SERIAL = itertools.count()

#: the smallest valid form of each event type (its required facts); text fields are added by the property
SKELETONS: dict[str, dict[str, Any]] = {
    "imaging": {"modality": "mri", "findings": [{"level": "T6", "escc": "2", "lesion_type": "lytic"}]},
    "neuro_exam": {"frankel": "D", "motor_deficit": True},
    "performance": {"kps": 60},
    "pain": {"nrs": 6, "character": "mechanical"},
    "labs": {"values": [{"analyte": "albumin", "value": 3.1, "unit": "g/dL"}]},
    "disease_burden": {"vertebral_mets": 2},
    "histopathology": {},
    "fitness": {"asa_class": 2},
    "wound": {"status": "healed"},
    "surgery": {"procedures": ["decompression"], "levels": "T6"},
    "radiotherapy": {"dose_gy": 20, "fractions": 5, "levels": "T6"},
    "systemic_therapy": {"drug_class": "chemotherapy"},
    "chemoradiotherapy": {"dose_gy": 30, "fractions": 10},
    "corticosteroids": {"daily_dose_mg": 16},
    "rehabilitation": {"barthel": 60},
    "decision": {},
    "embolisation": {"purpose": "preoperative"},
    "ablation": {},
    "cement_augmentation": {},
    "primary_resection": {},
    "supportive_care": {"measure": "medication"},  # its agent (free text) belongs to a measure
    "complication": {"kind": "hardware_failure"},
    "outcome": {"local_recurrence": False},
    "last_contact": {},
    "death": {},  # last: nothing is recorded after a death
}
#: classifications under which a field may hold any text the user typed
FREE = frozenset({"drop", "marker", "terms", "keys", "research_id", "event_id"})
#: letters and digits only (every response, JSON, HTML or SVG, shows such a string unescaped if it leaks),
#: with a digit after three letters so that no secret is a word a response uses anyway ("thresholds")
SECRET = st.from_regex(r"[A-Za-z]{3}[0-9][A-Za-z0-9]{6,12}", fullmatch=True)


def test_every_event_type_has_a_skeleton() -> None:
    assert sorted(SKELETONS) == sorted(EVENT_TYPES)


def _fill(draw: Any, cls: type[BaseModel], data: dict[str, Any], secrets: list[str]) -> dict[str, Any]:
    """``data`` with every free-text field of ``cls`` given random text (each present or not, at random)."""
    rules = allow_list()
    out = dict(data)
    for name, info in cls.model_fields.items():
        rule = rules.rule(cls, name)
        if rule is None or name == "type":
            continue
        if rule.kind == "model" and name in out:
            inner = models_in(info.annotation)
            if len(inner) != 1:
                continue  # the timeline: each event was filled as its own type
            if isinstance(out[name], list):
                out[name] = [_fill(draw, inner[0], item, secrets) for item in out[name]]
            elif isinstance(out[name], dict):
                out[name] = _fill(draw, inner[0], out[name], secrets)
            continue
        if rule.kind == "drop" and models_in(info.annotation) and draw(st.booleans()):
            out[name] = _fill(draw, models_in(info.annotation)[0], {}, secrets)  # e.g. the case's source
            continue
        if rule.kind not in FREE or not is_text(info.annotation) or not (info.is_required() or draw(st.booleans())):
            continue
        one = draw(SECRET)
        secrets.append(one)
        if rule.kind == "keys":
            out[name] = {one: 3, "left_lower": 4}
        elif "list[" in str(info.annotation):
            two = draw(SECRET)
            secrets.append(two)
            out[name] = [one, two]
        elif rule.kind in ("event_id", "research_id"):
            out[name] = f"{one}{len(secrets)}"  # unique within the case
            secrets[-1] = out[name]
        else:
            out[name] = one
    return out


@st.composite
def cases(draw: Any) -> tuple[dict[str, Any], list[str]]:
    secrets: list[str] = []
    timeline = [
        _fill(draw, EVENT_TYPES[kind], {"type": kind, "day": day, **skeleton}, secrets)
        for day, (kind, skeleton) in enumerate(SKELETONS.items())
    ]
    patient = _fill(draw, Case.model_fields["patient"].annotation, {"sex": "male", "age": 70}, secrets)  # type: ignore[arg-type]
    primary = _fill(draw, models_in(Case.model_fields["primary"].annotation)[0], {"site": "kidney"}, secrets)
    case = _fill(draw, Case, {"id": "", "index_date": "2020-02-03", "patient": patient, "primary": primary,
                              "timeline": timeline}, secrets)
    return case, secrets


@pytest.fixture
def researcher_web(service: Service, client: TestClient) -> Iterator[TestClient]:
    """The web app on the fixture's database, logged in as a researcher (password login, as a person)."""
    creds = service.add_user(system_actor(Role.admin), "res-web", "researcher", password=True, token=False)
    app = create_app(Settings(database_url=service.db.url, migrate=False, include_web=True), service=service)
    with TestClient(app, follow_redirects=False) as web:
        page = web.get("/web/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        r = web.post("/web/login", data={"csrf_token": token, "username": "res-web", "password": creds.password,
                                         "next": "/web/cases"})
        assert r.status_code == 303, r.text
        yield web


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=cases())
def test_no_generated_string_reaches_a_researcher_anywhere(
    service: Service, client: TestClient, people: dict[str, Credentials], researcher_web: TestClient,
    generated: tuple[dict[str, Any], list[str]],
) -> None:
    case, secrets = generated
    case = {**case, "id": f"{case['id']}-{next(_SERIAL)}"}  # hypothesis may repeat an example on one database
    parse_case(case)  # the generated case is a valid record
    service.create_case(system_actor(Role.clinician), case)
    rh = auth(people["researcher"])
    rid = client.get("/cases", headers=rh, params={"limit": 1}).json()["items"][0]["id"]
    responses = {
        "case JSON": client.get(f"/cases/{rid}", headers=rh),
        "assessment JSON": client.post(f"/cases/{rid}/assessments", headers=rh, json={}),
        "course JSON": client.get(f"/cases/{rid}/course", headers=rh),
        "web case page": researcher_web.get(f"/web/cases/{rid}"),
        "course picture": researcher_web.get(f"/web/cases/{rid}/course.svg"),
    }
    for where, response in responses.items():
        assert response.status_code == 200, (where, response.text[:500])
        shown = response.text.lower()
        leaked = [s for s in secrets if s.lower() in shown]
        assert leaked == [], f"{leaked} reach a researcher in the {where}"
