"""The event forms: every event type of the case model has a form, every clinically used field
is on it, tri-state facts stay unknown unless answered, and what is saved shows on the case page.
Fast checks through the real app (no browser)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import World, csrf_of, login

from spinemet.case import EVENT_TYPES
from spinemet.case.events import LevelFinding, NetPathology, NeuroExam, VisceralMet
from spinemet.web.forms import EVENT_FORMS, FORMS_BY_TYPE, read_event

#: fields of the models deliberately not on the forms, with the reason
NOT_ON_FORMS = {
    ("labs", "values"),  # the labs form has its own table of analytes with units
    ("findings", "note"),  # the event's own note covers a one-level finding
}

#: fields the timing block covers in another shape: the relative-time fields are read under
#: ``after`` and moved to ``before`` by the after/before selector of that block
COVERED_BY_THE_TIMING_BLOCK = {(kind, "before") for kind in EVENT_TYPES}

# Case-file version 2 (issue 12): every v2 event type and field has its form (issue 12 item 9).
V2_PENDING_TYPES: set[str] = set()
V2_PENDING_FIELDS: set[tuple[str, str]] = set()


def test_every_event_type_has_a_form() -> None:
    assert set(FORMS_BY_TYPE) | V2_PENDING_TYPES == set(EVENT_TYPES)
    assert not set(FORMS_BY_TYPE) & V2_PENDING_TYPES, "a v2 form landed: take its type off V2_PENDING_TYPES"
    assert len(EVENT_FORMS) == len(FORMS_BY_TYPE)  # no type twice


@pytest.mark.parametrize("kind", sorted(set(EVENT_TYPES) - V2_PENDING_TYPES))
def test_every_field_of_the_model_is_on_its_form(kind: str) -> None:
    form = FORMS_BY_TYPE[kind]
    on_form = {f.path[0] for f in form.fields}
    missing = {name for name in EVENT_TYPES[kind].model_fields if name not in on_form and name not in ("id", "type")}
    assert {(kind, m) for m in missing} <= NOT_ON_FORMS | COVERED_BY_THE_TIMING_BLOCK | V2_PENDING_FIELDS, missing
    assert not {(kind, name) for name in on_form} & V2_PENDING_FIELDS, "a v2 field landed: take it off the list"
    ids = [f.name for f in form.fields]
    assert len(ids) == len(set(ids)), "two fields of one form share a name (and so an id)"
    assert all(f.label.strip() for f in form.fields)


@pytest.mark.parametrize(("root", "model"), [("findings", LevelFinding), ("neuroendocrine", NetPathology), ("visceral", VisceralMet)])
def test_every_field_of_a_nested_block_is_on_a_form(root: str, model: type[LevelFinding | NetPathology | VisceralMet]) -> None:
    on_form = {f.path[-1] for form in EVENT_FORMS for f in form.fields if f.path[0] == root}
    missing = {name for name in model.model_fields if name not in on_form}
    assert {(root, m) for m in missing} <= NOT_ON_FORMS | V2_PENDING_FIELDS, missing
    assert not {(root, name) for name in on_form} & V2_PENDING_FIELDS, "a v2 field landed: take it off the list"


def test_neuro_yes_no_facts_are_tri_state_and_unknown_stays_unknown() -> None:
    form = FORMS_BY_TYPE["neuro_exam"]
    fields = {f.name: f for f in form.fields}
    for name in ("suspected_instability", "new_deficit", "motor_deficit"):
        assert fields[name].kind == "bool"  # rendered as a select: unknown / Yes / No
        assert fields[name].options == (("true", "Yes"), ("false", "No"))
    blank = read_event(form, {"day": "3", "frankel": "D"}, {})
    assert blank.ok
    assert blank.event.suspected_instability is None and blank.event.new_deficit is None
    answered = read_event(form, {"day": "3", "suspected_instability": "false", "new_deficit": "true", "mrc.left_lower": "3"}, {})
    assert answered.ok, (answered.field_errors, answered.form_errors)
    assert isinstance(answered.event, NeuroExam)
    assert answered.event.suspected_instability is False and answered.event.new_deficit is True
    assert answered.event.mrc == {"left_lower": 3}
    too_strong = read_event(form, {"day": "3", "mrc.right_lower": "6"}, {})
    assert "mrc.right_lower" in too_strong.field_errors


def test_wound_status_is_required_and_located() -> None:
    form = FORMS_BY_TYPE["wound"]
    outcome = read_event(form, {"day": "9"}, {})
    assert not outcome.ok and "status" in outcome.field_errors
    ok = read_event(form, {"day": "9", "status": "dehiscence"}, {})
    assert ok.ok and ok.event.status == "dehiscence"


def test_histopathology_neuroendocrine_flag() -> None:
    form = FORMS_BY_TYPE["histopathology"]
    grade_unknown = read_event(form, {"day": "-5", "histology": "atypical carcinoid", "neuroendocrine": "true"}, {})
    assert grade_unknown.ok and grade_unknown.event.neuroendocrine is not None
    graded = read_event(form, {"day": "-5", "neuroendocrine.ki67_percent": "12"}, {})
    assert graded.ok and graded.event.neuroendocrine.ki67_percent == 12
    contradictory = read_event(form, {"day": "-5", "neuroendocrine": "false", "neuroendocrine.ki67_percent": "12"}, {})
    assert "neuroendocrine" in contradictory.field_errors
    plain = read_event(form, {"day": "-5", "histology": "adenocarcinoma", "neuroendocrine": "false"}, {})
    assert plain.ok and plain.event.neuroendocrine is None


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def _post(client: TestClient, case_id: str, kind: str, **fields: str) -> None:
    page = client.get(f"/web/cases/{case_id}/events?type={kind}")
    data = {"csrf_token": csrf_of(page.text), "type": kind, "version": _version(page.text), **fields}
    response = client.post(f"/web/cases/{case_id}/events", data=data)
    assert response.status_code == 303, response.text[-3000:]


def test_wound_and_suspected_instability_end_to_end(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    page = client.get("/web/cases/new")
    created = client.post("/web/cases/new", data={
        "csrf_token": csrf_of(page.text), "id": "web-mscc-t7", "primary.site": "breast", "patient.age": "61",
    })
    assert created.status_code == 303, created.text[-2000:]
    # the new inputs are on their forms, labelled; the yes/no ones offer 'unknown'; the wound's
    # status is required by the record (Wound.status), so it is marked and opens on 'Choose…'
    for ident in ("neuro_exam-suspected_instability", "neuro_exam-new_deficit"):
        form = client.get(f"/web/cases/web-mscc-t7/events?type={ident.split('-')[0]}").text
        assert f'<label for="{ident}">' in form
        assert re.search(rf'<select id="{ident}"[^>]*>\s*<option value="">unknown</option>', form)
    wound = client.get("/web/cases/web-mscc-t7/events?type=wound").text
    assert re.search(r'<label for="wound-status">[^<]*<span class="req">\(required\)</span>', wound)
    assert re.search(r'<select id="wound-status"[^>]*aria-required="true">\s*<option value="">Choose…</option>', wound)

    _post(client, "web-mscc-t7", "imaging", day="0", modality="mri", level="T7", escc="2")
    _post(client, "web-mscc-t7", "neuro_exam", day="0", frankel="D", motor_deficit="true",
          suspected_instability="true", new_deficit="true")
    on_day_0 = client.get("/web/cases/web-mscc-t7?day=0").text
    assert "Suspected spinal instability (clinical)" in on_day_0  # the timeline fact
    assert "suspected instability yes" in on_day_0  # the snapshot
    first = re.search(r'<article class="rec[^"]*" id="rec-first_measures">(.*?)</article>', on_day_0, re.S)
    assert first is not None, "no first-measures recommendation"
    assert "First measures" in first.group(1) and "(D2)" in first.group(1)  # the decision's title
    # the immobilisation triggered by the clinician's judgement, not the conditional SINS wording
    assert "Immobilise now (minimise spinal weight-bearing): the neurological picture suggests" in first.group(1)
    assert "The clinician judges that the neurological picture suggests instability" in first.group(1)

    _post(client, "web-mscc-t7", "surgery", day="1", procedures="decompression", levels="T7")
    _post(client, "web-mscc-t7", "wound", day="10", status="not_healed")
    on_day_10 = client.get("/web/cases/web-mscc-t7?day=10").text
    chronology = re.search(r'<ol class="chron">.*?</ol>', on_day_10, re.S)
    assert chronology is not None and "Wound" in chronology.group(0)  # the first screen's chronology
    snapshot = re.search(r'id="snapshot".*?</details>', on_day_10, re.S)
    assert snapshot is not None and "Not yet healed" in snapshot.group(0)
    timeline = re.search(r'id="timeline".*?</details>', on_day_10, re.S)
    assert timeline is not None and "Wound" in timeline.group(0) and "Not yet healed" in timeline.group(0)


def test_plan_shows_missing_facts_and_evidence_and_hides_not_applicable(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    page = client.get("/web/cases/new")
    created = client.post("/web/cases/new", data={"csrf_token": csrf_of(page.text), "id": "web-sparse", "primary.site": "lung_nsclc"})
    assert created.status_code == 303
    _post(client, "web-sparse", "imaging", day="0", modality="mri", level="L2")
    html = client.get("/web/cases/web-sparse").text
    plan = re.search(r'id="plan-details".*?id="scores"', html, re.S)
    assert plan is not None
    assert "rec-not_applicable" not in plan.group(0)  # not-applicable rules are not shown as recommendations
    # ... but stay reachable, collapsed, as one line each
    assert re.search(r'<details class="not-applicable" id="not-applicable">\s*<summary>\d+ decision points? not applicable', plan.group(0))
    assert "Facts needed to decide" in plan.group(0)
    assert re.search(r'class="badge ev-\w+"[^>]*>evidence: ', plan.group(0))


def test_save_and_add_another_on_the_same_day_carries_the_day_visibly_without_javascript(
        client: TestClient, world: World) -> None:
    """'Save and add another event on the same day' (a plain second submit button): the save answers
    303 to the list of kinds (post/redirect/get) with the saved message first; each kind's link
    carries the day; the form opens with that day filled in and says so, the day field stays an
    ordinary input; a day in the address that is not a whole number is a plain 400, not a guess."""
    login(client, world, "dr-doe")
    page = client.get("/web/cases/story-lung-net-t6/events?type=pain").text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version and 'id="save-same-day"' in page
    saved = client.post("/web/cases/story-lung-net-t6/events", data={
        "csrf_token": csrf_of(page), "type": "pain", "version": version.group(1), "day": "35",
        "character": "mechanical", "then": "same_day"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("/events?day=35#saved")
    chooser = client.get(saved.headers["location"].split("#")[0]).text
    assert 'id="saved"' in chooser and "Pain saved (day 35)" in chooser
    assert "Which kind of event on day 35?" in chooser
    assert 'href="/web/cases/story-lung-net-t6/events?type=neuro_exam&amp;day=35"' in chooser
    form = client.get("/web/cases/story-lung-net-t6/events?type=neuro_exam&day=35").text
    assert 'id="neuro_exam-day" name="day" value="35"' in form
    assert "Day 35, as the event before" in form
    assert form.count("autofocus") == 1 and 'id="neuro_exam-day" name="day" value="35" autofocus' not in form
    plain = client.get("/web/cases/story-lung-net-t6/events?type=neuro_exam").text
    assert "as the event before" not in plain and 'id="neuro_exam-day" name="day" value=""' in plain
    bad = client.get("/web/cases/story-lung-net-t6/events?type=neuro_exam&day=3x")
    assert bad.status_code == 400 and "whole number" in bad.text
    without = client.post("/web/cases/story-lung-net-t6/events", data={
        "csrf_token": csrf_of(page), "type": "pain", "version": str(int(version.group(1)) + 1), "day": "36",
        "character": "mechanical"})
    assert without.status_code == 303 and without.headers["location"].endswith("/web/cases/story-lung-net-t6#saved")
    # "Save, then Team decision on the same day": that form at once, the saved message above it focused
    direct = client.post("/web/cases/story-lung-net-t6/events", data={
        "csrf_token": csrf_of(page), "type": "pain", "version": str(int(version.group(1)) + 2), "day": "40",
        "character": "mechanical", "then": "decision"})
    assert direct.status_code == 303
    assert direct.headers["location"].endswith("/events?type=decision&day=40#saved")
    decision = client.get(direct.headers["location"].split("#")[0]).text
    assert 'id="saved" tabindex="-1" autofocus' in decision and "Pain saved (day 40)" in decision
    assert 'id="decision-day" name="day" value="40"' in decision and "Day 40, as the event before" in decision
    assert decision.count("autofocus") == 1  # the result has the focus, not the first field
    # "Save, then add on another day: Rehabilitation": that form, its day EMPTY (required, not guessed)
    other = client.post("/web/cases/story-lung-net-t6/events", data={
        "csrf_token": csrf_of(page), "type": "pain", "version": str(int(version.group(1)) + 3), "day": "41",
        "character": "mechanical", "then": "next:rehabilitation"})
    assert other.status_code == 303 and other.headers["location"].endswith("/events?type=rehabilitation#saved")
    rehab = client.get(other.headers["location"].split("#")[0]).text
    assert "Pain saved (day 41)" in rehab and 'id="rehabilitation-day" name="day" value=""' in rehab
    assert "as the event before" not in rehab
