"""The researcher's web case page and course picture (issue 13): the probe saw histology text, a decision's
rejected options and regimens (in the course picture's labels) reach a researcher there; they stay out,
while a clinician of the case's team still sees them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import World, _world, login

from _support.fixtures import db_url  # noqa: F401
from spinemet.service import Role, system_actor


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:  # noqa: F811 (the fixture imported above)
    """This module's pages on both databases: SQLite and the real PostgreSQL (issue 13's tests run on both)."""
    w = _world(tmp_path, db_url)
    yield w
    w.service.close()

CASE = {
    "id": "MRN-55012", "title": "Mr Probe", "index_date": "2022-05-06",
    "primary": {"site": "lung_nsclc", "histology": "adenocarcinoma per Dr Farquharson"},
    "timeline": [
        {"type": "imaging", "modality": "mri", "day": 0, "sequences": ["STIR Farquharson unit"],
         "findings": [{"level": "L2", "escc": "1b", "lesion_type": "lytic"}]},
        {"type": "systemic_therapy", "day": 5, "end_day": 60, "regimen": "Farquharson trial arm B",
         "drug_class": "chemotherapy"},
        {"type": "decision", "day": 6, "summary": "RT first", "rejected_options": ["surgery by Farquharson"]},
        {"type": "imaging", "modality": "mri", "day": 90, "findings": [{"level": "L2", "escc": "1b"}]},
    ],
}


def _research_id(world: World) -> str:
    world.service.create_case(system_actor(Role.clinician), CASE)
    return world.service.list_cases(world.service.authenticate_password("res-roe", world.passwords["res-roe"])).items[0].id


def test_researcher_case_page_and_course_picture_carry_no_free_text_issue13(client: TestClient, world: World) -> None:
    rid = _research_id(world)
    login(client, world, "res-roe")
    page = client.get(f"/web/cases/{rid}")
    picture = client.get(f"/web/cases/{rid}/course.svg")
    assert page.status_code == 200 and picture.status_code == 200
    for where, text in (("page", page.text), ("course picture", picture.text)):
        assert "Farquharson" not in text, where
        assert "MRN-55012" not in text and "2022-05" not in text, where
    assert "chemotherapy" in picture.text  # the systemic line is labelled by its coded drug class


def test_clinician_of_the_team_still_sees_the_regimen_in_the_course_picture(client: TestClient, world: World) -> None:
    world.service.create_case(system_actor(Role.clinician), CASE)
    login(client, world, "dr-doe")
    picture = client.get("/web/cases/MRN-55012/course.svg")
    assert picture.status_code == 200 and "Farquharson trial arm B" in picture.text
