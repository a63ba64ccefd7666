"""FHIR on the REST API, over SQLite and the real PostgreSQL: ``GET /cases/{id}/fhir`` (a researcher
gets the bundle of the de-identified case) and ``POST /fhir/import`` (a bundle stored as a case, bad
bundles a located 422 with nothing stored)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from _support.fixtures import auth
from spinemet.case import case_to_data
from spinemet.errors import Conflict
from spinemet.io.casefile import load_case
from spinemet.service import Service, fhir_import
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import import_bundle
from spinemet.service.views import Credentials

ROOT = Path(__file__).resolve().parents[2]
BREAST = ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml"
FHIR = "application/fhir+json"


def _store(client: TestClient, h: dict[str, str]) -> dict[str, Any]:
    data = case_to_data(load_case(BREAST))
    r = client.post("/cases", headers=h, json=data)
    assert r.status_code == 201, r.text
    return data


def test_clinicians_bundle_imports_back_as_an_equal_case(client: TestClient, people: dict[str, Credentials]) -> None:
    h = auth(people["clinician"])
    data = _store(client, h)
    r = client.get(f"/cases/{data['id']}/fhir", headers=h)
    assert r.status_code == 200 and r.headers["content-type"].startswith(FHIR)
    bundle = r.json()
    assert bundle["resourceType"] == "Bundle" and bundle["identifier"]["value"] == data["id"]
    bundle["identifier"]["value"] = "breast-copy"  # a second case from the same bundle
    r = client.post("/fhir/import", headers={**h, "content-type": FHIR}, content=json.dumps(bundle))
    assert r.status_code == 201, r.text
    assert r.json()["report"]["not_mapped"] == []
    copy = client.get("/cases/breast-copy/export", headers=h, params={"format": "json"}).json()
    assert {**copy, "id": data["id"]} == data


def test_researchers_bundle_has_no_pseudonym_date_or_free_text(client: TestClient,
                                                              people: dict[str, Credentials]) -> None:
    data = _store(client, auth(people["clinician"]))
    rh = auth(people["researcher"])
    rid = client.get("/cases", headers=rh, params={"limit": 1}).json()["items"][0]["id"]
    r = client.get(f"/cases/{rid}/fhir", headers=rh)
    assert r.status_code == 200, r.text
    text = r.text
    case = load_case(BREAST)
    secrets = [case.id, str(case.patient.pseudonym), str(case.patient.year_of_birth), str(case.index_date),
               *(e.note for e in case.timeline if e.note)]
    assert [s for s in secrets if s in text] == []
    assert "-09-" not in text and "2024" not in text  # no calendar date at all
    assert r.json()["identifier"]["value"] == rid
    assert data["id"] != rid


def test_a_bad_bundle_is_a_located_422_and_nothing_is_stored(client: TestClient, service: Service,
                                                             people: dict[str, Credentials]) -> None:
    h = {**auth(people["clinician"]), "content-type": FHIR}
    before = service.count_cases()
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Observation", "subject": {"reference": "urn:uuid:2"}}}]}
    r = client.post("/fhir/import", headers=h, content=json.dumps(bundle))
    assert r.status_code == 422
    assert [e["location"] for e in r.json()["errors"]] == ["entry[0].resource.subject.reference"]
    r = client.post("/fhir/import", headers=h, content=json.dumps({"resourceType": "Patient"}))
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "resourceType"
    r = client.post("/fhir/import", headers=h, content="{not json")
    assert r.status_code == 422
    r = client.post("/fhir/import", headers={**h, "content-type": "text/plain"}, content="{}")
    assert r.status_code == 415
    assert service.count_cases() == before


def test_a_foreign_mcode_bundle_is_stored_with_its_report(client: TestClient, people: dict[str, Credentials]) -> None:
    h = {**auth(people["clinician"]), "content-type": FHIR}
    text = (Path(__file__).parent / "data" / "mcode-john-anyperson.json").read_text(encoding="utf-8")
    r = client.post("/fhir/import", headers=h, content=text)
    assert r.status_code == 201, r.text
    body = r.json()
    assert re.fullmatch(r"fhir-import-[0-9a-f]{10}", body["case"]["id"])
    assert {i["resource"] for i in body["report"]["not_mapped"]} == {
        "Practitioner/us-core-practitioner-kyle-anydoc", "Procedure/cancer-related-surgical-procedure-lobectomy"}


JOHN = Path(__file__).parent / "data" / "mcode-john-anyperson.json"


def _foreign_id_is_fresh_and_not_the_patients(case_id: str, report: dict[str, Any]) -> None:
    assert re.fullmatch(r"fhir-import-[0-9a-f]{10}", case_id)
    assert "m123" not in case_id and "anyperson" not in case_id.lower()  # the bundle's MRN and family name
    assert any(f"'{case_id}'" in note for note in report["notes"])  # the report says which id was given


def test_two_foreign_imports_in_a_row_through_the_api_are_two_cases(client: TestClient, service: Service,
                                                                     people: dict[str, Credentials]) -> None:
    """Part 2 gave every foreign bundle the id 'fhir-import', so a second one was a 409."""
    h = {**auth(people["clinician"]), "content-type": FHIR}
    text = JOHN.read_text(encoding="utf-8")
    before = service.count_cases()
    ids = []
    for _ in range(2):
        r = client.post("/fhir/import", headers=h, content=text)
        assert r.status_code == 201, r.text
        _foreign_id_is_fresh_and_not_the_patients(r.json()["case"]["id"], r.json()["report"])
        ids.append(r.json()["case"]["id"])
    assert ids[0] != ids[1] and service.count_cases() == before + 2
    for case_id in ids:
        assert client.get(f"/cases/{case_id}", headers=h).status_code == 200


def test_two_foreign_imports_in_a_row_through_the_service_are_two_cases(
        service: Service, people: dict[str, Credentials]) -> None:
    actor = service.authenticate_token(people["clinician"].token)
    text = JOHN.read_text(encoding="utf-8")
    first, report1 = import_bundle(service, actor, text)
    second, report2 = import_bundle(service, actor, text)
    _foreign_id_is_fresh_and_not_the_patients(first.id, report1)
    _foreign_id_is_fresh_and_not_the_patients(second.id, report2)
    assert first.id != second.id
    assert first.case["patient"] == second.case["patient"] and first.case["timeline"] == second.case["timeline"]


def test_a_taken_random_id_is_drawn_again_but_a_spinemet_bundles_own_id_stays_a_conflict(
        service: Service, people: dict[str, Credentials], monkeypatch: Any) -> None:
    actor = service.authenticate_token(people["clinician"].token)
    text = JOHN.read_text(encoding="utf-8")
    first, _ = import_bundle(service, actor, text)
    drawn = iter([first.id, "fhir-import-00000000aa"])  # the first draw clashes with the stored case
    monkeypatch.setattr(fhir_import, "foreign_case_id", lambda: next(drawn))
    second, report = import_bundle(service, actor, text)
    assert second.id == "fhir-import-00000000aa" and any("'fhir-import-00000000aa'" in n for n in report["notes"])
    monkeypatch.undo()
    own = json.dumps(export_bundle(load_case(BREAST)))
    import_bundle(service, actor, own)
    with pytest.raises(Conflict):  # a SpineMet bundle keeps its case id: the caller renames it
        import_bundle(service, actor, own)


def test_bundle_at_every_decision_point_on_request(client: TestClient, people: dict[str, Credentials]) -> None:
    """``score_days=decision-points`` gives one result per instrument per decision day; the default,
    the last day's only; any other value a located 422."""
    h = auth(people["clinician"])
    data = _store(client, h)

    def score_days_of(**params: str) -> set[str]:
        r = client.get(f"/cases/{data['id']}/fhir", headers=h, params=params)
        assert r.status_code == 200, r.text
        days = set()
        for entry in r.json()["entry"]:
            resource = entry["resource"]
            codes = [c.get("system", "") for c in resource.get("code", {}).get("coding", [])]
            if resource["resourceType"] == "Observation" and any(c.endswith("/CodeSystem/instrument") for c in codes):
                days |= {str(x["valueInteger"]) for x in resource.get("extension", [])
                         if x["url"].endswith("/days-since-index")}
        return days

    last, every = score_days_of(), score_days_of(score_days="decision-points")
    assert len(last) == 1 and last < every and len(every) >= 2
    bad = client.get(f"/cases/{data['id']}/fhir", headers=h, params={"score_days": "all"})
    assert bad.status_code == 422 and "score_days" in bad.text
