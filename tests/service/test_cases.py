"""Use cases of the service on SQLite and PostgreSQL: import, events, versions, search, audit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from spinemet.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from spinemet.service import Actor, NotAuthenticated, Role, Service, system_actor
from spinemet.service.views import Credentials

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = EXAMPLES / "story-lung-net-t6.yaml"
CLIN = Actor("ann", Role.clinician)
RES = Actor("rita", Role.researcher)
ADMIN = Actor("root", Role.admin)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _story(service: Service) -> str:
    return service.import_case_text(CLIN, STORY.read_text(), "yaml", source=STORY.name).id


def test_import_every_example_and_export_round_trip(service: Service) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        view = service.import_case_text(CLIN, path.read_text(), "yaml", source=path.name)
        text = service.export_case(CLIN, view.id, "json")
        assert json.loads(text)["id"] == view.id
        assert service.list_cases(CLIN, text=view.id).total >= 1


def test_invalid_import_stores_nothing_and_names_the_field(service: Service) -> None:
    bad = "id: x1\nprimary: {site: breast}\ntimeline:\n  - {type: performance, day: 3, kps: 55}\n"
    with pytest.raises(ValidationFailed) as info:
        service.import_case_text(CLIN, bad)
    assert [p.location for p in info.value.problems] == ["timeline[0].kps"]
    assert service.count_cases() == 0
    with pytest.raises(ValidationFailed):
        service.import_case_text(CLIN, "id: [unclosed")
    assert service.count_cases() == 0


def test_append_amend_retract_keep_history(service: Service) -> None:
    case_id = _story(service)
    v1 = service.get_case(CLIN, case_id)
    v2 = service.append_event(CLIN, case_id, {"type": "performance", "day": 120, "kps": 70}, v1.current_version)
    key = v2.events[-1].key
    v3 = service.amend_event(CLIN, case_id, key, {"type": "performance", "day": 120, "kps": 80}, 2)
    v4 = service.retract_event(CLIN, case_id, key, 3)
    assert (v2.version, v3.version, v4.version) == (2, 3, 4)
    assert v3.events[-1].data["kps"] == 80
    assert key not in [e.key for e in v4.events]
    assert service.get_case(CLIN, case_id, version=2).events[-1].data["kps"] == 70
    assert [h.retracted for h in service.event_history(CLIN, case_id, key)] == [False, False, True]
    assert [h.action for h in service.case_history(CLIN, case_id)] == ["import", "append", "amend", "retract"]


def test_event_problems_are_located_at_the_event(service: Service) -> None:
    case_id = _story(service)
    with pytest.raises(ValidationFailed) as info:
        service.append_event(CLIN, case_id, {"type": "performance", "day": 3, "kps": 55}, 1)
    assert info.value.problems[0].location == "event.kps"
    assert "allowed" in info.value.problems[0].message
    with pytest.raises(ValidationFailed) as info:
        service.append_event(CLIN, case_id, {"type": "imaging", "day": 3, "modality": "mri", "findings": [{"level": "T13"}]}, 1)
    assert info.value.problems[0].location == "event.findings[0].level"
    with pytest.raises(ValidationFailed, match="already used"):
        service.append_event(CLIN, case_id, {"id": "presentation-mri", "type": "performance", "day": 3}, 1)
    assert service.get_case(CLIN, case_id).current_version == 1


def test_stale_version_is_a_conflict(service: Service) -> None:
    case_id = _story(service)
    service.append_event(CLIN, case_id, {"type": "performance", "day": 100, "kps": 70}, 1)
    with pytest.raises(Conflict) as info:
        service.amend_event(CLIN, case_id, "presentation-neuro", {"type": "neuro_exam", "day": 0}, 1)
    assert info.value.current_version == 2


def test_search_by_level_primary_and_alerts(service: Service) -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        service.import_case_text(CLIN, path.read_text(), "yaml")
    assert "story-lung-net-t6" in [c.id for c in service.list_cases(CLIN, level="t6").items]
    assert all("T6" in c.levels for c in service.list_cases(CLIN, level="T6").items)
    assert all(c.primary_site == "lung_other" for c in service.list_cases(CLIN, primary_site="lung_other").items)
    with_alerts = service.list_cases(CLIN, open_alerts=True).items
    assert all(c.alerts for c in with_alerts)
    with pytest.raises(ValidationFailed):
        service.list_cases(CLIN, level="T13")


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (str(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


def test_researcher_sees_no_identifier_no_date_no_note(service: Service) -> None:
    data = {
        "id": "MRN-4711", "title": "Mrs Example", "index_date": "2019-01-10",
        "patient": {"pseudonym": "PAT-99", "age": 93, "year_of_birth": 1926, "sex": "female"},
        "primary": {"site": "breast", "diagnosis_date": "2015-03-01"},
        "timeline": [
            {"id": "mri-2019-01-10", "type": "imaging", "modality": "mri", "date": "2019-01-10", "note": "seen by Dr Who",
             "findings": [{"level": "T6", "escc": "2", "note": "on 2019-01-10"}]},
            {"type": "decision", "date": "2019-01-11", "summary": "Surgery agreed with Mrs Example",
             "reason": "patient wish"},
            {"type": "performance", "day": 5, "kps": 60, "timing_note": "phone call 15/01/2019"},
        ],
    }
    service.create_case(CLIN, data)
    listed = service.list_cases(RES)
    research_id = listed.items[0].id
    assert research_id.startswith("R-") and listed.items[0].title is None
    views = [service.get_case(RES, research_id).model_dump(), listed.model_dump(),
             service.assess(RES, research_id, day=5)]
    for view in views:
        text = " ".join(_strings(view))
        for secret in ("MRN-4711", "Mrs Example", "PAT-99", "1926", "Dr Who", "patient wish", "15/01/2019"):
            assert secret not in text
        assert not DATE.search(text)
        assert not re.search(r"\b(2019|2015)\b", text), text  # (citation keys such as net_rt_2019 are fine)
    case = views[0]["case"]
    assert case["patient"] == {"sex": "female", "age": 90}
    assert [e["day"] for e in case["timeline"]] == [0, 1, 5]
    assert case["primary"]["diagnosis_day"] < 0
    with pytest.raises(NotFound):
        service.get_case(RES, "MRN-4711")  # real ids mean nothing to a researcher
    with pytest.raises(PermissionDenied):
        service.export_case(RES, research_id)


def test_roles_are_checked_in_the_service(service: Service) -> None:
    case_id = _story(service)
    with pytest.raises(PermissionDenied):
        service.append_event(RES, case_id, {"type": "performance", "day": 1}, 1)
    with pytest.raises(PermissionDenied):
        service.get_case(ADMIN, case_id)
    with pytest.raises(PermissionDenied):
        service.add_user(CLIN, "eve", "admin")
    denied = [e for e in service.audit_entries(ADMIN) if e.outcome == "denied"]
    assert {e.action for e in denied} == {"event.append", "case.read", "user.add"}


def test_every_patient_data_access_is_audited(service: Service) -> None:
    case_id = _story(service)
    service.get_case(CLIN, case_id)
    service.export_case(CLIN, case_id)
    service.append_event(CLIN, case_id, {"type": "performance", "day": 100, "kps": 70}, 1)
    with pytest.raises(Conflict):
        service.append_event(CLIN, case_id, {"type": "performance", "day": 101, "kps": 70}, 1)
    entries = service.audit_entries(ADMIN, case_id=case_id)
    assert [(e.actor, e.action, e.outcome) for e in entries] == [
        ("ann", "case.import", "success"), ("ann", "case.read", "success"), ("ann", "case.export", "success"),
        ("ann", "event.append", "success"), ("ann", "event.append", "conflict"),
    ]
    assert service.verify_audit(ADMIN).ok


def test_tokens_and_passwords(service: Service) -> None:
    creds: Credentials = service.add_user(system_actor(), "dr.ann", "clinician")
    assert creds.token and creds.password
    actor = service.authenticate_token(creds.token)
    assert (actor.name, actor.role) == ("dr.ann", Role.clinician)
    assert service.authenticate_password("dr.ann", creds.password).name == "dr.ann"
    with pytest.raises(NotAuthenticated):
        service.authenticate_password("dr.ann", "wrong password")
    with service.db.read() as conn:
        dump = " ".join(str(r) for t in ("users", "tokens") for r in conn.exec_driver_sql(f"SELECT * FROM {t}"))
    assert creds.token not in dump and creds.password not in dump and "scrypt$" in dump
    second = service.issue_token(system_actor(), "dr.ann", "laptop")
    assert service.revoke_tokens(system_actor(), "dr.ann", creds.token_id) == 1
    with pytest.raises(NotAuthenticated):
        service.authenticate_token(creds.token)
    assert service.authenticate_token(second.token).name == "dr.ann"
    service.set_disabled(system_actor(), "dr.ann", True)
    with pytest.raises(NotAuthenticated):
        service.authenticate_token(second.token)
    with pytest.raises(ValidationFailed):
        service.add_user(system_actor(), "x", "superuser")
    with pytest.raises(Conflict):
        service.add_user(system_actor(), "dr.ann", "clinician")


def test_seed_demo_case_once(service: Service) -> None:
    assert service.seed_demo_case(CLIN) is not None
    assert service.seed_demo_case(CLIN) is None
    assert service.count_cases() == 1
