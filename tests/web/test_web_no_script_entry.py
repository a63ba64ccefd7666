"""Entering what real cases state from a browser with JavaScript switched off (real Chromium): an event known
only by its order ("subsequently", "after the recurrence") is placed with "Happened after", and a total
radiotherapy dose over this and an earlier course is entered from the boxes under "More detail". Checked against the stored case: the event
lands right after the one chosen (docs/case-file.md, place_after) and the total names the course chosen (the form offers three boxes; the model test covers several)."""

from __future__ import annotations

import re
from typing import Any

from web_helpers import Live, browser_login

CASE = "story-lung-net-t6"


def _stored(live: Live) -> list[dict[str, Any]]:
    timeline = live.world.service.get_case(live.world.service.session_actor("dr-doe"), CASE).case["timeline"]
    assert isinstance(timeline, list)
    return timeline


def test_an_order_only_event_and_a_total_dose_over_courses_are_entered_without_javascript(
        browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        # "subsequently, back pain": no day, placed after the recurrence MRI
        page.goto(f"{live.url}/web/cases/{CASE}/events?type=pain")
        after = page.locator("#pain-place_after")
        assert after.is_visible()  # drawn by the server, no script needed
        after.select_option("recurrence-mri")
        page.locator("#pain-present").select_option("true")
        page.get_by_role("button", name=re.compile("Add|Save")).first.click()
        page.wait_for_url(re.compile(rf".*/web/cases/{CASE}.*"))
        ids = [e.get("id") for e in _stored(live)]
        placed = next(i for i, e in enumerate(_stored(live)) if e["type"] == "pain" and e.get("present") is True
                      and "day" not in e)
        assert ids[placed - 1] == "recurrence-mri", ids
        # a day together with "Happened after" is refused at the field, nothing stored
        before = _stored(live)
        page.goto(f"{live.url}/web/cases/{CASE}/events?type=pain")
        page.locator("#pain-day").fill("5")
        page.locator("#pain-place_after").select_option("recurrence-mri")
        page.locator("#pain-present").select_option("true")
        page.get_by_role("button", name=re.compile("Add|Save")).first.click()
        assert "Happened after" in page.locator("#pain-place_after-err").inner_text()
        assert _stored(live) == before
        # a radiotherapy course whose total covers it and the earlier chemo-radiotherapy
        page.goto(f"{live.url}/web/cases/{CASE}/events?type=radiotherapy")
        page.locator("#radiotherapy-day").fill("200")
        page.locator("#radiotherapy-levels").fill("T6")
        page.locator("summary", has_text="More detail").first.click()  # <details>: opens without script
        page.locator("#radiotherapy-cumulative_dose_gy").fill("70")
        page.locator("#radiotherapy-cumulative_with").select_option("chemoradiotherapy")
        page.get_by_role("button", name=re.compile("Add|Save")).first.click()
        page.wait_for_url(re.compile(rf".*/web/cases/{CASE}.*"))
        rt = _stored(live)[-1]
        assert (rt["type"], rt["cumulative_dose_gy"], rt["cumulative_with"]) == ("radiotherapy", 70, ["chemoradiotherapy"])
    finally:
        context.close()
