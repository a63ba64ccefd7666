"""The version-2 record from the web forms (issue 12 item 9): partial knowledge, places without a
level, deficits and walking in words, counts in words, an uncertain primary, uncertain times and
the new event types, each entered through the real app and read back from the stored case; and
each kind of nonsense refused at its field with what is allowed, the typed values kept and
nothing stored changed. Checked against docs/case-file.md (the record's documented meaning)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from web_helpers import World, csrf_of, login

from spinemet.case.events import LevelFinding, MuscleGrade
from spinemet.web.forms import CASE_FIELDS, EVENT_FORMS, FORMS_BY_TYPE, read_case_form, read_event


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def _new_case(client: TestClient, case_id: str, **fields: str) -> None:
    page = client.get("/web/cases/new")
    created = client.post("/web/cases/new", data={"csrf_token": csrf_of(page.text), "id": case_id, **fields})
    assert created.status_code == 303, created.text[-3000:]


def _post(client: TestClient, case_id: str, event_type: str, /, **fields: str | list[str]) -> tuple[int, str]:
    page = client.get(f"/web/cases/{case_id}/events?type={event_type}")
    data = {"csrf_token": csrf_of(page.text), "type": event_type, "version": _version(page.text), **fields}
    response = client.post(f"/web/cases/{case_id}/events", data=data)
    return response.status_code, response.text


def _stored(world: World, case_id: str) -> list[dict[str, object]]:
    actor = world.service.session_actor("dr-doe")
    timeline = world.service.get_case(actor, case_id).case["timeline"]
    assert isinstance(timeline, list)
    return timeline


def _field_error(html: str, ident: str) -> str:
    found = re.search(rf'<p class="field-error" id="{re.escape(ident)}-err">(.*?)</p>', html, re.S)
    assert found is not None, f"no message at {ident}"
    return found.group(1)


def test_every_nested_v2_block_is_on_a_form() -> None:
    on_forms = {f.path for form in EVENT_FORMS for f in form.fields}
    assert {name for name in MuscleGrade.model_fields} == {p[2] for p in on_forms if p[0] == "power"}
    assert {("day_range", "earliest"), ("day_range", "latest"), ("date_range", "earliest"), ("date_range", "latest"),
            ("after", "event"), ("after", "at_least"), ("after", "at_most"), ("after", "unit")} <= on_forms
    case_paths = {f.path[:2] if f.path[1] != "candidates" else (f.path[1], f.path[3]) for f in CASE_FIELDS
                  if len(f.path) > 1}
    assert {("primary", "site_certainty"), ("primary", "site_label"), ("candidates", "site"),
            ("candidates", "certainty")} <= case_paths


def test_v2_findings_from_the_imaging_form_as_documented() -> None:
    form = FORMS_BY_TYPE["imaging"]
    collapse = read_event(form, {"day": "0", "level": "T6", "collapse_present": "true"}, {})
    assert collapse.ok, (collapse.field_errors, collapse.form_errors)
    finding = collapse.event.findings[0]
    assert isinstance(finding, LevelFinding)
    assert finding.collapse_present is True and finding.collapse_percent is None and finding.collapse is None
    intramedullary = read_event(form, {"day": "0", "level": "T8"}, {"compartments": ["intramedullary"]})
    assert intramedullary.ok and [c.value for c in intramedullary.event.findings[0].compartments] == ["intramedullary"]
    epidural = read_event(form, {"span": "T2–T10", "cord_compression": "true"}, {"compartments": ["epidural"]})
    assert epidural.ok and str(epidural.event.findings[0].span) == "T2-T10"
    assert epidural.event.day is None  # order only: no day typed, none made up
    diffuse = read_event(form, {"day": "3", "diffuse": "true", "region": "thoracic", "lesion_type": "blastic"}, {})
    assert diffuse.ok and diffuse.event.findings[0].place == "thoracic (diffuse)"


def test_neurology_in_words_and_power_rows_keep_the_row_typed() -> None:
    form = FORMS_BY_TYPE["neuro_exam"]
    stated = read_event(form, {"day": "0", "walking": "with_aid", "power.2.muscle": "hip_flexors",
                               "power.2.side": "left", "power.2.grade": "3/5"}, {"deficits": ["paraplegia"]})
    assert stated.ok, (stated.field_errors, stated.form_errors)
    assert [d.value for d in stated.event.deficits] == ["paraplegia"]
    assert stated.event.walking.value == "with_aid"
    assert [(p.muscle, p.side.value, p.grade) for p in stated.event.power] == [("hip_flexors", "left", 3)]
    # the empty first row is dropped, and a problem of the second row is shown at the second row
    too_strong = read_event(form, {"day": "0", "power.2.muscle": "grip", "power.2.grade": "6"}, {})
    assert set(too_strong.field_errors) == {"power.2.grade"}, too_strong.field_errors
    assert "5" in too_strong.field_errors["power.2.grade"][0]
    assert too_strong.values["power.2.grade"] == "6"


def test_uncertain_primary_from_the_case_form() -> None:
    probable = read_case_form({"id": "p1", "primary.site": "lung_other", "primary.site_certainty": "probable"})
    assert probable.ok and probable.event.primary.site_certainty.value == "probable"
    candidates = read_case_form({"id": "p2", "primary.site": "unknown", "primary.candidates.2.site": "kidney",
                                 "primary.candidates.2.certainty": "probable"})
    assert candidates.ok, (candidates.field_errors, candidates.form_errors)
    assert [c.site.value for c in candidates.event.primary.candidates] == ["kidney"]
    wrong = read_case_form({"id": "p3", "primary.site": "kidney", "primary.candidates.2.site": "lung_other",
                            "primary.candidates.2.certainty": "possible"})
    assert not wrong.ok
    assert "only when site is unknown" in wrong.field_errors["primary.candidates.2.site"][0]


def test_a_clinician_enters_a_v2_course_and_every_fact_is_stored_as_stated(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    _new_case(client, "web-v2", **{"primary.site": "lung_other", "primary.site_certainty": "probable"})
    assert _post(client, "web-v2", "imaging", day="0", level="T8", compartments=["intramedullary"])[0] == 303
    assert _post(client, "web-v2", "imaging", day="0", span="T2-T10", compartments=["epidural"],
                 cord_compression="true")[0] == 303
    assert _post(client, "web-v2", "imaging", day="0", level="L1", collapse_present="true")[0] == 303
    assert _post(client, "web-v2", "neuro_exam", day="0", walking="with_aid", deficits=["paraplegia"])[0] == 303
    assert _post(client, "web-v2", "disease_burden", day="0", bone_mets_extent="multiple")[0] == 303
    assert _post(client, "web-v2", "embolisation", day="1", purpose="preoperative", levels="L1")[0] == 303
    assert _post(client, "web-v2", "surgery", day="2", procedures=["decompression"], levels="L1",
                 embolised_before="embolisation-1")[0] == 303
    assert _post(client, "web-v2", "cement_augmentation", day="3", procedure="vertebroplasty", levels="T12")[0] == 303
    assert _post(client, "web-v2", "ablation", day="3", method="radiofrequency", levels="T11", with_cement="true")[0] == 303
    # a complication linked to the operation, 'within one month of surgery'
    status, _ = _post(client, "web-v2", "complication", kind="wound_infection", procedure="surgery-1",
                      **{"timing.relation": "after", "timing.event": "surgery-1", "timing.at_least": "0",
                         "timing.at_most": "1", "timing.unit": "months"})
    assert status == 303
    assert _post(client, "web-v2", "outcome", aspect="neurological", change="improved", compared_with="surgery-1")[0] == 303
    assert _post(client, "web-v2", "imaging", **{"day_range.earliest": "40", "day_range.latest": "60"}, level="L1",
                 escc="1a")[0] == 303
    timeline = _stored(world, "web-v2")
    assert timeline[0]["findings"] == [{"level": "T8", "compartments": ["intramedullary"]}]
    assert timeline[1]["findings"] == [{"span": "T2-T10", "compartments": ["epidural"], "cord_compression": True}]
    assert timeline[2]["findings"] == [{"level": "L1", "collapse_present": True}]
    assert timeline[3]["deficits"] == ["paraplegia"] and timeline[3]["walking"] == "with_aid"
    assert timeline[4]["bone_mets_extent"] == "multiple"
    assert timeline[6]["embolised_before"] == "embolisation-1" and timeline[6]["id"] == "surgery-1"
    complication = timeline[9]
    assert complication["procedure"] == "surgery-1"
    assert complication["after"] == {"event": "surgery-1", "at_least": 0, "at_most": 1, "unit": "months"}
    assert "day" not in complication
    assert timeline[10]["change"] == "improved" and "day" not in timeline[10]  # order only
    assert timeline[11]["day_range"] == {"earliest": 40, "latest": 60}
    form = client.get("/web/cases/web-v2/events?type=complication").text
    page = client.get("/web/cases/web-v2").text
    # the linked events are offered by id, and the ranged time is said as a range, never a made-up day
    assert re.search(r'<option value="surgery-1"\s*>surgery-1 · Surgery · day 2</option>', form)
    timeline = re.search(r'id="timeline".*?</details>', page, re.S)
    assert timeline is not None
    assert '<span class="ev-day">days 40 to 60</span>' in timeline.group(0)
    assert '<span class="ev-day">days 2 to 33</span>' in timeline.group(0)  # 0-1 months after day 2


def test_bad_v2_values_are_shown_at_their_field_and_nothing_is_stored(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    _new_case(client, "web-bad", **{"primary.site": "breast"})
    assert _post(client, "web-bad", "surgery", day="0", procedures=["decompression"], levels="T6")[0] == 303
    before = _stored(world, "web-bad")
    cases = [
        ("imaging", {"day": "1", "level": "T6", "collapse_percent": "140"}, "imaging-collapse_percent", "100"),
        ("imaging", {"day": "1", "span": "T3/T8"}, "imaging-span", "T3/T8"),
        ("imaging", {"day": "1", "level": "T6", "compartments": ["intradural"]}, "imaging-compartments", "intramedullary"),
        ("neuro_exam", {"day": "1", "power.1.muscle": "hip_flexors", "power.1.grade": "6"}, "neuro_exam-power.1.grade", "5"),
        ("pain", {"day_range.earliest": "9", "day_range.latest": "3", "present": "true"}, "pain-day_range.latest", "before"),
        ("complication", {"kind": "haematoma", "timing.relation": "after", "timing.event": "surgery-1",
                          "timing.at_least": "3", "timing.at_most": "1"}, "complication-timing.at_most", "less than"),
    ]
    for kind, fields, ident, says in cases:
        status, html = _post(client, "web-bad", kind, **fields)
        assert status == 422, (kind, fields)
        message = _field_error(html, ident)
        assert says in message, (ident, message)
        assert re.search(rf'id="{re.escape(ident)}"[^>]*aria-invalid="true"', html) or ident.endswith("compartments")
        for name, typed in fields.items():  # what was typed is shown again
            if isinstance(typed, str) and name not in ("timing.relation",):
                assert f'value="{typed}"' in html, (name, typed)
        assert _stored(world, "web-bad") == before


def test_each_form_shows_the_day_then_the_collapsed_timing_then_its_fields_then_more_detail() -> None:
    for form in EVENT_FORMS:
        sections = [section for section, _ in form.blocks]
        assert sections == ["", "timing", "", "more"], (form.type, sections)
        assert [f.name for f in form.blocks[0][1]] == ["day"]
        assert sorted(f.name for _, fields in form.blocks for f in fields) == sorted(f.name for f in form.fields)


def test_an_event_id_already_used_is_shown_at_the_id_field(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    _new_case(client, "web-ids", **{"primary.site": "kidney"})
    assert _post(client, "web-ids", "surgery", day="0", id="op-a")[0] == 303
    status, html = _post(client, "web-ids", "surgery", day="5", id="op-a")
    assert status == 422
    assert "already used" in _field_error(html, "surgery-id")
    assert [e["id"] for e in _stored(world, "web-ids")] == ["op-a"]


def test_an_instrument_outside_its_disease_is_shown_as_not_applicable_with_the_reason(
    client: TestClient, world: World,
) -> None:
    login(client, world, "dr-doe")
    _new_case(client, "web-im", **{"primary.site": "breast"})
    assert _post(client, "web-im", "imaging", day="0", level="T8", compartments=["intramedullary"])[0] == 303
    page = client.get("/web/cases/web-im").text
    card = re.search(r'<article class="inst not-applicable" id="inst-sins".*?</article>', page, re.S)
    assert card is not None, "SINS is not shown as not applicable"
    reason = re.search(r'<p class="reason"><strong>(.*?): not applicable</strong> — (.*?)</p>', card.group(0), re.S)
    assert reason is not None and reason.group(1) == "Spinal Instability Neoplastic Score"
    assert "intramedullary" in reason.group(2)
    assert '<span class="value" data-instrument="sins">not applicable</span>' in card.group(0)
    board = client.get("/web/cases/web-im/summary").text
    row = re.search(r'<tr class="not-applicable">\s*<th scope="row">Spinal Instability Neoplastic Score[^<]*(?:<a[^>]*>[^<]*</a>)?</th>\s*'
                    r'<td colspan="3"><strong>not applicable</strong> — ([^<]*)</td>', board)
    assert row is not None and "intramedullary" in row.group(1)


def test_the_keys_for_facts_once_kept_as_text_are_entered_from_their_forms() -> None:
    weak = read_event(FORMS_BY_TYPE["neuro_exam"], {"day": "0", "deficit_side": "left"},
                      {"deficits": ["weakness"], "deficit_limbs": ["upper", "lower"]})  # "left arm and leg weakness"
    assert weak.ok and weak.event.deficit_side.value == "left"
    assert [limb.value for limb in weak.event.deficit_limbs] == ["upper", "lower"]
    suspected = read_event(FORMS_BY_TYPE["imaging"], {"day": "9", "level": "T10", "certainty": "possible"}, {})
    assert suspected.ok and suspected.event.findings[0].certainty.value == "possible"
    uneventful = read_event(FORMS_BY_TYPE["cement_augmentation"], {"day": "1", "levels": "L1",
                                                                   "complications_stated": "none"}, {})
    assert uneventful.ok and uneventful.event.complications_stated.value == "none"
    dorsal = read_event(FORMS_BY_TYPE["radiotherapy"], {"day": "5", "region": "thoracic", "dose_gy": "30"}, {})
    assert dorsal.ok and dorsal.event.region.value == "thoracic"
    both = read_event(FORMS_BY_TYPE["radiotherapy"], {"day": "5", "region": "thoracic", "levels": "T6"}, {})
    assert "region" in both.field_errors
