"""The second-pass case-record fields (issue 12) survive the store on SQLite and PostgreSQL, and the
researcher view shows their codes but never their free text."""

from __future__ import annotations

import json

from case.test_record_detail import DETAIL
from spinemet.case import parse_case
from spinemet.io.casefile import dumps_case, parse_text
from spinemet.service import Actor, Role, Service

CLIN = Actor("ann", Role.clinician)
RES = Actor("rita", Role.researcher)


def test_every_second_pass_field_survives_the_store(service: Service) -> None:
    case = parse_case(DETAIL, source="test")
    view = service.import_case_text(CLIN, dumps_case(case, "json"), "json", source="detail.json")
    for fmt in ("yaml", "json"):
        stored = parse_case(parse_text(service.export_case(CLIN, view.id, fmt), f"x.{fmt}", fmt))
        assert stored.model_dump(exclude={"id"}) == case.model_dump(exclude={"id"}), fmt


def test_researchers_see_the_codes_of_the_second_pass_but_not_its_words(service: Service) -> None:
    service.import_case_text(CLIN, dumps_case(parse_case(DETAIL, source="test"), "json"), "json")
    research_id = service.list_cases(RES).items[0].id
    data = service.get_case(RES, research_id).model_dump(mode="json")["case"]
    text = json.dumps(data)
    assert data["primary"]["stage"] == "IV" and data["patient"]["age_group"] == "middle_aged"
    mri = next(e for e in data["timeline"] if e.get("other_modalities"))
    assert mri["findings"][0]["status"] == "progression"
    for words in ("cerebellum", "breast mass", "segment seven"):  # target_label and site_label are free text
        assert words not in text
