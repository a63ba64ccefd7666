"""'New case from text' on the web (issue 15 item 5): paste, review each value beside its words, keep /
edit / delete, save; the text is stored only when asked and never shown to researchers. The browser
test pastes the story case told in our own words (tests/extract/texts/story-abstract.txt) and checks
that the saved case gets the same plan as the bundled story case (examples/story-lung-net-t6.yaml)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import STORY, Live, World, browser_login, csrf_of, login, shot

from spinemet.service import deidentify

STORY_TEXT = (Path(__file__).resolve().parents[1] / "extract" / "texts" / "story-abstract.txt").read_text(encoding="utf-8")


def _plan(world: World, case_id: str) -> list[tuple[str, str, str]]:
    service = world.service
    sheet = service.case_sheet(service.session_actor("dr-doe"), case_id)
    return [(r.rule, r.status.value, r.statement) for r in sheet.assessment.plan.recommendations]


def _read(client: TestClient, text: str, case_id: str) -> Any:
    page = client.get("/web/cases/from-text")
    return client.post("/web/cases/from-text", data={"csrf_token": csrf_of(page.text), "text": text,
                                                     "case_id": case_id, "action": "read"})


def test_only_clinicians_read_texts_into_cases(client: TestClient, world: World) -> None:
    login(client, world, "res-roe")
    assert client.get("/web/cases/from-text").status_code == 403


def test_the_review_shows_each_value_beside_its_highlighted_words(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    r = _read(client, STORY_TEXT, "story-read")
    assert r.status_code == 200
    assert 'id="review-table"' in r.text
    assert re.search(r'<mark id="src-\d+"><a href="#row-\d+">T3 to T8</a></mark>', r.text)
    assert "fixation span" in r.text
    assert service_has_no_case(world, "story-read")  # reading stores nothing


def service_has_no_case(world: World, case_id: str) -> bool:
    service = world.service
    return all(row.id != case_id for row in service.list_cases(service.session_actor("dr-doe")).items)


def _form_values(page: str) -> dict[str, tuple[str, str]]:
    """Each reviewed value on the page: index -> (its place in words, the value shown)."""
    out: dict[str, tuple[str, str]] = {}
    wheres = dict(re.findall(r'name="keep-(\d+)" value="yes" checked aria-label="Keep ([^"]+)"', page))
    for index, value in re.findall(r'<input[^>]*name="value-(\d+)" value="([^"]*)"', page):
        out[index] = (html.unescape(wheres[index]), html.unescape(value))
    for index, body in re.findall(r'<select id="value-(\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        assert chosen is not None, index
        out[index] = (html.unescape(wheres[index]), html.unescape(chosen.group(1)))
    return out


def test_the_review_is_the_event_forms_pre_filled_with_their_labels_and_choices(client: TestClient,
                                                                              world: World) -> None:
    login(client, world, "dr-doe")
    page = _read(client, STORY_TEXT, "story-forms").text
    assert re.search(r'<legend>Event \d+: Surgery', page)  # one form per event, titled as the event forms
    # a procedure is the surgery form's choice, pre-selected; a level is typed in the form's field
    surgery = page[page.index("Event", page.index("<legend>Event")):]
    assert re.search(r'<option value="decompression" selected>', surgery)
    assert re.search(r'<label for="value-\d+">Levels', page)
    # the patient and primary tumour in the new-case form's fields: the site is its drop-down
    assert re.search(r'<label for="value-\d+">Primary tumour</label>', page)
    assert '<option value="lung_other" selected>' in page
    every = _form_values(page)
    assert len(every) == len(re.findall(r'name="keep-\d+"', page))  # every value has a field and a keep box


def test_a_deleted_value_is_left_out_and_the_text_is_not_kept_unless_asked(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    page = _read(client, STORY_TEXT, "story-edited")
    data = {"csrf_token": csrf_of(page.text), "text": STORY_TEXT, "case_id": "story-edited", "action": "save"}
    for index, (where, value) in _form_values(page.text).items():
        if "fixation span" in where:
            continue  # unticked: deleted
        data[f"keep-{index}"] = "yes"
        data[f"value-{index}"] = value
    saved = client.post("/web/cases/from-text", data=data)
    assert saved.status_code == 303, saved.text
    service = world.service
    case = service.get_case(service.session_actor("dr-doe"), "story-edited").case
    surgery = next(e for e in case["timeline"] if e["type"] == "surgery")
    assert "fixation_span" not in surgery and surgery["levels"] == "T6"
    assert "source" not in case  # the text was not asked to be kept


def test_an_edited_choice_is_saved_as_chosen(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    page = _read(client, STORY_TEXT, "story-choice")
    data = {"csrf_token": csrf_of(page.text), "text": STORY_TEXT, "case_id": "story-choice", "action": "save"}
    values = _form_values(page.text)
    for index, (_where, value) in values.items():
        data[f"keep-{index}"] = "yes"
        data[f"value-{index}"] = value
    # the walking statement is in two fields (walking and the version-1 ambulatory): both are changed
    changed = [i for i, (where, v) in values.items() if where.endswith(("· walking", "· ambulatory"))]
    assert len(changed) == 2
    for i in changed:
        data[f"value-{i}"] = "independent"
    saved = client.post("/web/cases/from-text", data=data)
    assert saved.status_code == 303, re.findall(r'role="alert"><p>Not saved:</p><ul>(.*?)</ul>', saved.text, re.S)
    service = world.service
    case = service.get_case(service.session_actor("dr-doe"), "story-choice").case
    assert any(e.get("walking") == "independent" for e in case["timeline"])


def test_bad_text_is_shown_with_a_message_and_nothing_is_stored(client: TestClient, world: World) -> None:
    login(client, world, "dr-doe")
    r = _read(client, "   ", "empty-one")
    assert r.status_code == 422
    assert "is empty" in r.text


@pytest.mark.browser
def test_clinician_pastes_the_story_text_confirms_and_saves_the_same_plan_as_the_bundled_story(
        page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.goto(live.url + "/web/cases/new")
    page.get_by_role("link", name="New case from text").click()
    page.wait_for_url(re.compile(r".*/web/cases/from-text$"))
    page.get_by_label("Case identifier").fill("story-from-text")
    page.get_by_label("Text", exact=True).fill(STORY_TEXT)
    page.get_by_role("button", name="Read the text").click()
    page.wait_for_selector("#review-table")
    assert page.locator("#source-text mark").count() > 10
    shot(page, "extract-01-review")
    page.get_by_label("Store the text with the case").check()
    page.get_by_role("button", name="Save case").click()
    page.wait_for_url(re.compile(r".*/web/cases/story-from-text$"))
    world = live.world
    assert _plan(world, "story-from-text") == _plan(world, STORY)
    service = world.service
    stored = service.get_case(service.session_actor("dr-doe"), "story-from-text").case
    assert stored["source"]["note"] == STORY_TEXT  # kept, because asked
    # what a researcher is shown is built by the de-identification allow-list: the source is not in it
    researcher = deidentify(service.case_sheet(service.session_actor("dr-doe"), "story-from-text").case, "R-1")
    assert "source" not in researcher and "A man presented" not in str(researcher)
