"""The case page's sections below the first screen are rendered once per case version, day and view
and kept (issue 16 item 7, server time). Checked against a fresh rendering of the same page, and
that a new version, another day or the researcher's view never receives a kept rendering of
something else."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import STORY, World, login

from spinemet.service import Role, system_actor
from spinemet.web import routes_cases


def test_kept_sections_are_byte_identical_to_a_fresh_rendering(world: World, client: TestClient) -> None:
    login(client, world, "dr-doe")
    for query in ("?day=28", "?day=0", ""):
        first = client.get(f"/web/cases/{STORY}{query}")
        kept = client.get(f"/web/cases/{STORY}{query}")
        with routes_cases._FRAGMENTS_LOCK:
            routes_cases._FRAGMENTS.clear()
        fresh = client.get(f"/web/cases/{STORY}{query}")
        assert first.status_code == kept.status_code == fresh.status_code == 200
        assert kept.text == fresh.text == first.text, query
    # the day is part of what is kept: day 0 and day 28 differ below the first screen
    day0, day28 = client.get(f"/web/cases/{STORY}?day=0").text, client.get(f"/web/cases/{STORY}?day=28").text
    assert day0.split('id="plan-details"')[1] != day28.split('id="plan-details"')[1]


def test_a_new_version_is_rendered_anew(world: World, client: TestClient) -> None:
    login(client, world, "dr-doe")
    before = client.get(f"/web/cases/{STORY}")
    assert "day 250" not in before.text
    actor = system_actor(Role.clinician)
    version = world.service.case_sheet(actor, STORY).version
    world.service.append_event(actor, STORY, {"type": "pain", "day": 250, "nrs": 2}, version)
    after = client.get(f"/web/cases/{STORY}")
    timeline = after.text.split('id="timeline"')[1]
    assert "day 250" in timeline and "11 events" in after.text


def test_researcher_never_gets_the_clinicians_kept_sections(world: World, client: TestClient) -> None:
    case = {"id": "MRN-77001", "index_date": "2023-02-01",
            "primary": {"site": "breast", "histology": "ductal carcinoma per Dr Quennell"},
            "timeline": [{"type": "imaging", "modality": "mri", "day": 0, "note": "reported by Dr Quennell",
                          "findings": [{"level": "T9", "escc": "1b"}]}]}
    world.service.create_case(system_actor(Role.clinician), case)
    login(client, world, "dr-doe")
    clinician = client.get("/web/cases/MRN-77001")
    assert "Quennell" in clinician.text  # the clinician's kept sections carry the free text
    researcher = TestClient(world.app, follow_redirects=False)
    login(researcher, world, "res-roe")
    actor = world.service.authenticate_password("res-roe", world.passwords["res-roe"])
    found = world.service.list_cases(actor, primary_site="breast").items
    assert len(found) == 1 and found[0].id != "MRN-77001"  # the research id
    page = researcher.get(f"/web/cases/{found[0].id}")
    assert page.status_code == 200 and "T9" in page.text
    assert "Quennell" not in page.text and "2023-02" not in page.text and "MRN-77001" not in page.text
