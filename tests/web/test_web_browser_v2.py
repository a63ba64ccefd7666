"""Version-2 facts entered in a real headless Chromium (issue 12 item 9): collapse present with the
percentage unknown, an intramedullary finding at T8, an event dated relative to the operation
('within one month of surgery') that is a complication linked to it, and a bad value shown at
its field with what was typed kept. What is stored is read back from the service."""

from __future__ import annotations

import re
from typing import Any

import pytest
from web_helpers import Live, browser_login, open_event_form, shot

pytestmark = pytest.mark.browser


def _save(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r".*#saved$"))


def _timeline(live: Live, case_id: str) -> list[dict[str, Any]]:
    service = live.world.service
    timeline = service.get_case(service.session_actor("dr-doe"), case_id).case["timeline"]
    assert isinstance(timeline, list)
    return timeline


def test_clinician_enters_v2_facts_in_the_browser(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.goto(live.url + "/web/cases/new")
    page.locator("#new-id").fill("web-v2-browser")
    page.locator("#new-primary\\.site").select_option("lung_other")
    page.get_by_label("How certain", exact=True).select_option("probable")  # "probably lung"
    page.get_by_role("button", name="Create case").click()
    page.wait_for_url(re.compile(r".*/web/cases/web-v2-browser"))

    # collapse present, percentage unknown
    open_event_form(page, "imaging")
    page.locator("#imaging-day").fill("0")
    page.locator("#imaging-level").fill("L1")
    page.get_by_label("Collapse present (degree not stated)").select_option("true")
    _save(page, "Save imaging finding")
    # an intramedullary metastasis at T8
    open_event_form(page, "imaging")
    page.locator("#imaging-day").fill("0")
    page.locator("#imaging-level").fill("T8")
    page.locator("#form-imaging").get_by_label("Intramedullary").first.check()  # the first finding
    shot(page, "v2-01-intramedullary-form", full_page=False)
    _save(page, "Save imaging finding")
    # the operation, then a complication 'within one month of surgery', linked to it
    open_event_form(page, "surgery")
    page.locator("#surgery-day").fill("2")
    page.locator("#form-surgery").get_by_label("Decompression", exact=True).check()
    page.locator("#surgery-levels").fill("L1")
    _save(page, "Save surgery")
    open_event_form(page, "complication")
    page.locator("#complication-kind").select_option("wound_infection")
    page.locator("#complication-procedure").select_option("surgery-1")
    page.locator("#complication-timing > summary").click()
    page.locator("#complication-timing\\.relation").select_option("after")
    page.locator("#complication-timing\\.event").select_option("surgery-1")
    page.locator("#complication-timing\\.at_least").fill("0")
    page.locator("#complication-timing\\.at_most").fill("1")
    page.locator("#complication-timing\\.unit").select_option("months")
    shot(page, "v2-02-complication-form", full_page=False)
    _save(page, "Save complication")

    timeline = _timeline(live, "web-v2-browser")
    assert timeline[0]["findings"] == [{"level": "L1", "collapse_present": True}]
    assert timeline[1]["findings"] == [{"level": "T8", "compartments": ["intramedullary"]}]
    assert timeline[3] == {"type": "complication", "id": "complication-1", "kind": "wound_infection",
                           "procedure": "surgery-1",
                           "after": {"event": "surgery-1", "at_least": 0, "at_most": 1, "unit": "months"}}
    shown = page.locator("#timeline").text_content()
    assert "days 2 to 33" in shown  # the range, never a made-up day
    assert "Compartments Intramedullary" in shown and "Collapse present yes" in shown
    assert "0 to 1 months after surgery-1" in shown
    shot(page, "v2-03-case-entered")


def test_a_bad_v2_value_is_shown_at_its_field_and_the_entry_kept(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.goto(live.url + "/web/cases/new")
    page.locator("#new-id").fill("web-v2-bad")
    page.locator("#new-primary\\.site").select_option("breast")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_url(re.compile(r".*/web/cases/web-v2-bad"))
    open_event_form(page, "imaging")
    page.locator("#imaging-day").fill("0")
    page.locator("#imaging-span").fill("T3/T8")
    page.locator("#imaging-collapse_percent").fill("140")
    page.get_by_role("button", name="Save imaging finding").click()
    page.wait_for_load_state()
    span_error = page.locator("#imaging-span-err").inner_text()
    assert "T3/T8" in span_error, span_error
    percent_error = page.locator("#imaging-collapse_percent-err").inner_text()
    assert "100" in percent_error, percent_error
    assert page.locator("#imaging-span").get_attribute("aria-invalid") == "true"
    assert page.locator("#imaging-span").input_value() == "T3/T8"
    assert page.locator("#imaging-collapse_percent").input_value() == "140"
    assert page.locator("#imaging-day").input_value() == "0"
    shot(page, "v2-04-bad-values", full_page=False)
    assert _timeline(live, "web-v2-bad") == []
