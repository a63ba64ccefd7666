"""The clinician's web app in a real headless Chromium (Debian's chromium, driven by Playwright).

Each run saves screenshots of the main pages under ``test-output/screenshots/``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from web_helpers import SCREENSHOTS, STORY, Live, browser_login, open_event_form, shot

pytestmark = pytest.mark.browser


def test_clinician_enters_a_case_and_sees_scores_and_plan_update(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    shot(page, "01-case-list")
    page.get_by_role("link", name="New case").click()
    page.locator("#new-id").fill("web-breast-t7")
    page.locator("#new-primary\\.site").select_option("breast")
    page.locator("#new-patient\\.age").fill("61")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_url(re.compile(r".*/web/cases/web-breast-t7/events"))  # straight to the first event's kind
    page.goto(live.url + "/web/cases/web-breast-t7")
    assert "Case web-breast-t7" in page.locator("h1").inner_text()
    plan_before = page.locator("#plan").inner_text()
    assert page.locator("#inst-sins").count() == 0 or "–" in page.locator("#inst-sins .value").text_content()

    # an invalid level is reported at the field, and nothing is saved
    open_event_form(page, "imaging")
    page.locator("#imaging-day").fill("0")
    page.locator("#imaging-modality").select_option("mri")
    page.locator("#imaging-level").fill("T13")
    page.get_by_role("button", name="Save imaging finding").click()
    error = page.locator("#imaging-level-err")
    assert "T13" in error.inner_text()
    assert page.locator("#imaging-level").get_attribute("aria-invalid") == "true"
    shot(page, "02-inline-validation", full_page=False)

    # the corrected imaging finding
    page.locator("#imaging-level").fill("T7")
    page.locator("#imaging-escc").select_option("2")
    page.locator("#imaging-lesion_type").select_option("lytic")
    page.locator("#imaging-collapse").select_option("under_50")
    page.locator("#imaging-alignment").select_option("normal")
    page.locator("#imaging-posterolateral").select_option("unilateral")
    page.get_by_role("button", name="Save imaging finding").click()
    page.wait_for_url(re.compile(r".*/web/cases/web-breast-t7#saved"))
    assert "saved" in page.locator(".flash").inner_text()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'saved'")  # focus on the result
    sins = page.locator("#inst-sins .value").text_content()
    escc = page.locator("#inst-escc").text_content()
    # T7 semirigid 1 + lytic 2 + normal 0 + <50% collapse 2 + unilateral 1 = 6, pain unknown (0/1/3)
    assert sins == "6–9", sins
    assert "2" in escc

    open_event_form(page, "neuro_exam")
    page.locator("#neuro_exam-day").fill("0")
    page.locator("#neuro_exam-frankel").select_option("D")
    page.locator("#neuro_exam-ambulatory").select_option("with_aid")
    page.locator("#neuro_exam-motor_deficit").select_option("true")
    # tri-state: unknown until answered, never a checkbox that silently means 'no'
    assert page.locator("#neuro_exam-suspected_instability").input_value() == ""
    page.get_by_label("Neurological picture suggests spinal instability").select_option("true")
    page.locator("form.event-page").screenshot(path=str(SCREENSHOTS / "03b-neuro-exam-form.png"))
    page.get_by_role("button", name="Save neurological exam").click()
    page.wait_for_url(re.compile(r".*#saved"))
    assert page.locator("#inst-frankel").count() == 1
    assert "D" in page.locator("#inst-frankel .value").text_content()
    timeline = page.locator("#timeline").text_content()
    assert "Imaging" in timeline and "Neuro exam" in timeline
    plan_after = page.locator("#plan").inner_text()
    assert plan_after != plan_before
    assert "Immobilise now (minimise spinal weight-bearing): the neurological picture" in (
        page.locator("#rec-first_measures").text_content()
    )
    shot(page, "03-case-entered")

    # a wound check after an operation shows on the timeline and in the snapshot
    open_event_form(page, "wound")
    page.locator("#wound-day").fill("9")
    page.get_by_label("Surgical wound status").select_option("not_healed")
    page.locator("#form-wound").screenshot(path=str(SCREENSHOTS / "03c-wound-form.png"))
    page.get_by_role("button", name="Save wound check").click()
    page.wait_for_url(re.compile(r".*#saved"))
    assert "Not yet healed" in page.locator("#timeline").text_content()


def test_story_case_shows_early_recurrence_and_the_options(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.get_by_role("link", name=STORY).click()
    page.wait_for_url(re.compile(rf".*/web/cases/{STORY}$"))
    page.locator("#day").select_option("28")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*day=28"))
    alerts = page.locator("#alerts").inner_text()
    assert "Early local recurrence" in alerts
    recurrence = page.locator("#rec-after_local_recurrence")
    assert recurrence.count() == 1
    assert recurrence.locator(".options li").count() >= 1
    shot(page, "04-story-day-28")
    shot(page, "04b-story-day-28-top", full_page=False)


def test_print_view_is_one_clean_page_per_case(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.goto(f"{live.url}/web/cases/{STORY}?day=28")
    page.get_by_role("link", name="Board summary").click()
    page.wait_for_url(re.compile(rf".*/web/cases/{STORY}/summary\?day=28"))
    assert "Tumour-board summary" in page.locator("h1").inner_text()
    for heading in ("Alerts", "Current decisions", "Key scores", "Chronology", "Course", "References"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1
    assert page.locator(".refs li").count() >= 1
    page.emulate_media(media="print")
    assert not page.locator(".screen-bar").is_visible()
    shot(page, "05-summary-print")
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_researcher_sees_no_identifiers(page: Any, live: Live) -> None:
    browser_login(page, live, "res-roe")
    listing = page.locator("main").inner_text()
    assert STORY not in listing
    assert "De-identified view" in page.locator(".banner").inner_text()
    page.locator("table.list tbody a").first.click()
    page.wait_for_url(re.compile(r".*/web/cases/R-"))
    text = page.locator("body").inner_text()
    for identifier in (STORY, "Lung neuro-endocrine tumour metastatic to T6", "Kaliya", "within one month",
                       "presentation-mri", "index-surgery"):
        assert identifier not in text, identifier
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None  # no calendar date
    assert page.locator("#add-event-link").count() == 0
    assert "Early local recurrence" in text or page.locator("#course").count() == 1
    shot(page, "06-researcher-case")


def test_a_form_posted_without_its_csrf_token_is_refused(browser: Any, live: Live) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(f"{live.url}/web/cases/{STORY}")
        open_event_form(page, "pain")
        page.locator("#pain-day").fill("181")
        page.locator("#pain-character").select_option("mechanical")
        page.locator("#form-pain input[name=csrf_token]").evaluate("el => el.remove()")
        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="Save pain").click()
        assert posted.value.status == 403
        assert "Form refused" in page.locator("h1").inner_text()
        shot(page, "07-csrf-refused", full_page=False)
    finally:
        context.close()


def test_calculator_scores_every_instrument_from_one_set_of_facts(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.get_by_role("link", name="Calculator").click()
    page.locator("#calc-primary\\.site").select_option("kidney")
    page.locator("#calc-imaging\\.level").fill("L1")
    page.locator("#calc-imaging\\.escc").select_option("1c")
    page.locator("#calc-performance\\.kps").select_option("70")
    page.get_by_role("button", name="Calculate every instrument").click()
    assert page.locator("#results .inst").count() >= 5
    assert page.locator("#inst-sins").count() == 1
    shot(page, "08-calculator")


def test_keyboard_only_login(browser: Any, live: Live) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(live.url + "/web/login")
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'username'")
        page.keyboard.type("dr-doe")  # the user name field has focus (autofocus)
        page.keyboard.press("Tab")
        page.keyboard.type(live.world.passwords["dr-doe"])
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/web/cases$"))
        page.keyboard.press("Tab")  # the skip link comes first
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    finally:
        context.close()


@pytest.mark.parametrize("width", [768, 1280])
def test_every_input_is_labelled(page: Any, live: Live, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    browser_login(page, live, "dr-doe")
    for path in ("/web/cases", "/web/cases/new", f"/web/cases/{STORY}", f"/web/cases/{STORY}/events?type=imaging",
                 f"/web/cases/{STORY}/summary?day=28", "/web/board", "/web/calculator"):
        page.goto(live.url + path)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                .map(el => el.name || el.id)"""
        )
        assert unlabelled == [], (path, unlabelled)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, f"{path} scrolls sideways at {width}px"
    shot(page, f"09-case-list-{width}px", full_page=False)
