"""Issue 16 in a real headless Chromium: the story case entered from scratch within 40 interactions
with every save's result or error in view; the first screen on day 28 answers "what now?" on a
laptop and on a phone; the printed tumour-board summary is a real PDF of at most two A4 pages (each
page rendered to an image under ``test-output/``); no raw record key on any page of the story case;
every external citation a link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web_helpers import SCREENSHOTS, STORY, Live, browser_login, shot

pytestmark = pytest.mark.browser

#: a raw record key: two or more lower-case words joined by '_' (e.g. 'bone_lesion', 'rt_schedule')
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


class Counted:
    """The page, counting every field entry and click (the issue's interaction count)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.n = 0

    def fill(self, selector: str, value: str) -> None:
        self.page.locator(selector).fill(value)
        self.n += 1

    def select(self, selector: str, value: str) -> None:
        self.page.locator(selector).select_option(value)
        self.n += 1

    def check(self, selector: str) -> None:
        self.page.locator(selector).check()
        self.n += 1

    def click(self, selector: str) -> None:
        self.page.locator(selector).first.click()
        self.n += 1


def _in_view(page: Any, selector: str) -> bool:
    return bool(page.evaluate(
        """sel => { const el = document.querySelector(sel); if (!el) return false;
                    const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }""",
        selector))


def _save(u: Counted, kind: str, then: str = "", expect_error: bool = False) -> None:
    """Save the open form: plainly (back to the case page), or "then <kind> on the same day" (that kind's
    form opens), or "then another kind" (the list of kinds); the result (or the error) must then be in
    the viewport with focus on it."""
    u.click(f'button[name=then][value="{then}"]' if then else "form.event-page button[type=submit]")
    target = "#problems" if expect_error else "#saved"
    u.page.wait_for_selector(target)
    if then.startswith("next:") and not expect_error:  # another day: the next form, its day empty
        u.page.wait_for_url(re.compile(rf".*/events\?type={then[5:]}#saved$"))
        assert u.page.locator(f"#{then[5:]}-day").input_value() == "" and u.page.locator("#carried-day").count() == 0
    elif then and not expect_error:
        u.page.wait_for_url(re.compile(r".*/events\?" + ("" if then == "same_day" else rf"type={then}&") + r"day=-?\d+#saved$"))
    assert _in_view(u.page, target), f"after saving {kind} the {'error' if expect_error else 'result'} is out of view"
    u.page.wait_for_function(f"() => document.activeElement && document.activeElement.id === '{target[1:]}'")  # focused


def _fill(u: Counted, fields: list[tuple[str, str, str]]) -> None:
    for action, selector, value in fields:
        {"fill": u.fill, "select": u.select, "check": lambda s, _v: u.check(s)}[action](selector, value)


def _add(u: Counted, kind: str, fields: list[tuple[str, str, str]], expect_error: bool = False, then: str = "") -> None:
    """One event: its link at the top of the case page, its fields, save."""
    u.click(f'nav.quick-add a[href$="type={kind}"]')
    u.page.wait_for_url(re.compile(rf".*/events\?type={kind}$"))
    _fill(u, fields)
    _save(u, kind, then, expect_error)


def _next(u: Counted, kind: str, fields: list[tuple[str, str, str]], then: str = "", expect_error: bool = False) -> None:
    """The next event on another day, whose form the save opened ("Save, then add on another day"): its day
    empty and required (checked by ``_save``), typed like every other field."""
    _fill(u, fields)
    _save(u, kind, then, expect_error)


def _same_day(u: Counted, kind: str, day: int, fields: list[tuple[str, str, str]], then: str = "",
              picture: str = "") -> None:
    """The next event on the day of the one just saved, whose form the save opened: the saved message
    above it (checked by ``_save``), the day filled in and said to be carried over, in view."""
    assert u.page.locator(f"#{kind}-day").input_value() == str(day)
    assert f"Day {day}, as the event before" in u.page.locator("#carried-day").inner_text()
    assert _in_view(u.page, "#carried-day")
    if picture:
        shot(u.page, picture, full_page=False)
    _fill(u, fields)
    if picture:  # the save buttons: plain, or save and open the next form on the same day
        u.page.locator("#then-same-day").scroll_into_view_if_needed()
        shot(u.page, picture + "-buttons", full_page=False)
    _save(u, kind, then)


#: the issue's target for entering the story case, all ten events plus one mistyped day, every fill, select,
#: check and click counted: 53 at the start of session 3 with one form per event opened from the case page;
#: now one click saves an event and opens the next event's form, on the same day (the day carried over and
#: said so) or on another day (the day empty and typed)
STORY_TARGET = 40


def _story_events() -> list[dict[str, Any]]:
    from spinemet.io.casefile import load_case

    path = Path(__file__).resolve().parents[2] / "src" / "spinemet" / "data" / "story-lung-net-t6.yaml"
    return [e.model_dump(mode="json", exclude_none=True) for e in load_case(path).timeline]


def test_story_case_entered_from_scratch_every_event_with_each_save_in_view(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(live.url + "/web/cases/new")
        u = Counted(page)
        u.fill("#new-id", "story-entered")
        u.select("#new-primary\\.site", "lung_net")  # "Lung NET, grade unknown"
        u.click("form.grid-form button[type=submit]")
        page.wait_for_url(re.compile(r".*/web/cases/story-entered/events"))
        page.goto(live.url + "/web/cases/story-entered")  # the case page (not counted: a link back)
        _add(u, "imaging", [("fill", "#imaging-day", "0"), ("fill", "#imaging-level", "T6"),
                            ("select", "#imaging-cord_compression", "true")], then="neuro_exam")
        _same_day(u, "neuro_exam", 0, [("select", "#neuro_exam-motor_deficit", "true")], then="surgery")
        _same_day(u, "surgery", 0, [("check", "#form-surgery input[value=decompression]", ""),
                                    ("check", "#form-surgery input[value=posterior_fixation]", ""),
                                    ("fill", "#surgery-levels", "T6"), ("fill", "#surgery-fixation_span", "T3-T8")],
                  then="next:imaging")
        # a mistyped day: the error is shown at the top of the form, in view, focused, and nothing saved
        _next(u, "imaging", [("fill", "#imaging-day", "28x")], then="neuro_exam", expect_error=True)
        shot(page, "16-01-error-in-view", full_page=False)
        _fill(u, [("fill", "#imaging-day", "28"), ("fill", "#imaging-level", "T6"), ("select", "#imaging-escc", "3")])
        _save(u, "imaging", then="neuro_exam")
        assert "New alert: Early local recurrence" in page.locator("#saved").inner_text()
        shot(page, "16-02-saved-in-view", full_page=False)
        _same_day(u, "neuro_exam", 28, [("select", "#neuro_exam-motor_deficit", "true"),
                                        ("select", "#neuro_exam-new_deficit", "true")], then="decision",
                  picture="16-02b-same-day-carried")
        _same_day(u, "decision", 28,
                  [("fill", "#decision-summary", "No second operation; concurrent chemo-radiotherapy.")],
                  then="next:chemoradiotherapy")
        _next(u, "chemoradiotherapy", [("fill", "#chemoradiotherapy-day", "30"),
                                       ("fill", "#chemoradiotherapy-levels", "T6")], then="next:imaging")
        first_seven = u.n
        _next(u, "imaging", [("fill", "#imaging-day", "90"), ("fill", "#imaging-level", "T6"),
                             ("select", "#imaging-cord_compression", "false"),
                             ("select", "#imaging-tumour_resolved", "true")], then="next:rehabilitation")
        _next(u, "rehabilitation", [("fill", "#rehabilitation-day", "60")], then="next:neuro_exam")
        _next(u, "neuro_exam", [("fill", "#neuro_exam-day", "180"), ("select", "#neuro_exam-motor_deficit", "false"),
                                ("select", "#neuro_exam-ambulatory", "with_aid")])
        assert re.search(r"/web/cases/story-entered#saved$", page.url)  # the plain save: back on the case page
        print(f"story case entered: first seven events in {first_seven} interactions, all ten in {u.n}")
        assert u.n <= STORY_TARGET, f"{u.n} interactions to enter the whole story case"

        service = live.world.service
        stored = service.get_case(service.session_actor("dr-doe"), "story-entered").case
        assert stored["primary"]["neuroendocrine"] == {}  # the NET choice recorded what the flag records
        story = _story_events()
        assert [(e["type"], e["day"]) for e in stored["timeline"]] == [(e["type"], e["day"]) for e in story]
        # the facts entered are the story file's (its notes, timing notes and free-text outcome were not typed)
        for entered, published in zip(stored["timeline"], story, strict=True):
            for key in ("procedures", "levels", "fixation_span", "motor_deficit", "new_deficit", "ambulatory"):
                assert entered.get(key) == published.get(key), (published["id"], key)
            for got, want in zip(entered.get("findings", []), published.get("findings", []), strict=True):
                for key in ("level", "escc", "cord_compression", "tumour_resolved"):
                    assert got.get(key) == want.get(key), (published["id"], key)
        page.goto(live.url + "/web/cases/story-entered?day=180")
        shot(page, "16-07-entered-day-180", full_page=False)
        # and the entered case reads as the published one: the same alerts on day 28 and at the end
        actor = service.session_actor("dr-doe")
        for day in (28, 180):
            entered_alerts = [al.title for al in service.case_sheet(actor, "story-entered", day).assessment.alerts]
            story_alerts = [al.title for al in service.case_sheet(actor, STORY, day).assessment.alerts]
            assert entered_alerts == story_alerts, day
        page.goto(live.url + "/web/cases/story-entered?day=28")
        shot(page, "16-05-entered-day-28", full_page=False)
        assert _in_view(page, "#alert-early_local_recurrence") and _in_view(page, "#now-after_local_recurrence")
        # the neuro-endocrine primary brings the chemo-radiotherapy option after the recurrence
        assert "chemo-radiotherapy" in page.locator("#rec-after_local_recurrence").text_content().lower()
    finally:
        context.close()


def test_a_date_before_the_index_date_asks_for_confirmation(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(f"{live.url}/web/cases/{STORY}/events?type=pain")
        page.locator("#pain-day").fill("-30")
        page.locator("#pain-character").select_option("mechanical")
        page.get_by_role("button", name="Save pain").click()
        assert _in_view(page, "#problems") and "before the index date" in page.locator("#problems").inner_text()
        assert page.locator("#pain-day").input_value() == "-30"  # kept
        page.reload()  # a reload never meets a raw API answer
        assert page.locator("h1").count() == 1 and "Method Not Allowed" not in page.content()
        page.goto(f"{live.url}/web/cases/{STORY}/events")
        assert "Which kind of event?" in page.locator("h1, h2").all_inner_texts()[1]
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_first_screen_on_day_28_shows_the_recurrence_alert_and_decision(browser: Any, live: Live,
                                                                         size: tuple[int, int]) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(f"{live.url}/web/cases/{STORY}?day=28")
        shot(page, f"16-03-first-screen-{size[0]}x{size[1]}", full_page=False)
        assert _in_view(page, "#alert-early_local_recurrence")
        assert _in_view(page, "#now-after_local_recurrence")
        assert not page.evaluate("document.documentElement.scrollWidth > innerWidth + 1")  # no sideways scroll
        page.goto(f"{live.url}/web/cases")
        assert not page.evaluate("document.documentElement.scrollWidth > innerWidth + 1")
    finally:
        context.close()


def test_printed_summary_is_at_most_two_a4_pages_with_chronology_and_course(browser: Any, live: Live) -> None:
    import pypdfium2

    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(f"{live.url}/web/cases/{STORY}/summary?day=28")
        with page.expect_download() as downloading:
            page.get_by_role("link", name="Download PDF (A4, 2 pages)").click()
        pdf = downloading.value.path().read_bytes()
        assert pdf[:5] == b"%PDF-"
        document = pypdfium2.PdfDocument(pdf)
        try:
            assert 1 <= len(document) <= 2, f"{len(document)} pages"
            text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for i in range(len(document)):
                width, height = document[i].get_size()
                assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points
                document[i].render(scale=1.5).to_pil().save(SCREENSHOTS / f"16-04-summary-page-{i + 1}.png")
        finally:
            document.close()
        for heading in ("Chronology", "Course", "Current decisions", "Key scores", "Open questions", "References"):
            assert heading in text, heading
        assert "Early local recurrence at T6" in text and "case version" in text and "Printed" in text
        assert page.locator(".sum-course img").count() == 1  # the course figure
        # and the figure is drawn in the PDF itself: its track titles and the recurrence mark are text there
        for words in ("Epidural compression (Bilsky ESCC", "Neurological status (SCORAD", "early local recurrence T6"):
            assert words in text, words
    finally:
        context.close()


def test_no_raw_key_on_any_page_of_the_story_case_and_citations_are_links(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        pages = [f"/web/cases/{STORY}?day=28", f"/web/cases/{STORY}", f"/web/cases/{STORY}/summary?day=28",
                 f"/web/cases/{STORY}/events", f"/web/cases/{STORY}/events?type=imaging", "/web/cases",
                 f"/web/board?case={STORY}", f"/web/cases/{STORY}/references?day=28",
                 f"/web/cases/{STORY}/timeline?day=28"]
        for path in pages:
            page.goto(live.url + path)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            text = page.evaluate("""() => { const c = document.body.cloneNode(true);
                c.querySelectorAll('code, pre, option, cite, .cite a, .refs, a.ref').forEach(e => e.remove());
                return c.innerText; }""")
            raw = sorted(set(SNAKE.findall(text)))
            assert raw == [], (path, raw)
            unlinked = page.evaluate("""() => [...document.querySelectorAll('cite')]
                .filter(c => !c.querySelector('a[href]')).map(c => c.textContent)""")
            assert unlinked == [], (path, unlinked)
        external = page.evaluate("() => document.querySelectorAll('a.ref[href^=\"https://doi.org/\"], "
                                 "a.ref[href^=\"https://pubmed.ncbi.nlm.nih.gov/\"]').length")
        assert isinstance(external, int)
        page.goto(f"{live.url}/web/cases/{STORY}?day=28")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.locator('a.ref[href^="https://doi.org/"]').count() >= 5
        assert page.locator('link[rel="icon"]').count() == 1
        assert page.request.get(live.url + page.locator('link[rel="icon"]').get_attribute("href")).ok
    finally:
        context.close()


def test_meeting_agenda_is_printable_and_records_the_boards_decision_in_the_case(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.get_by_label(f"Put case {STORY} on the agenda").check()
        page.get_by_label("Tumour board on").fill("2026-12-03")
        page.get_by_role("button", name="Open the agenda with the ticked cases").click()
        page.wait_for_url(re.compile(r".*/web/board\?(?=.*case=story-lung-net-t6)(?=.*date=2026-12-03).*$"))
        item = page.locator(f"#agenda-{STORY}")
        assert "Question:" in item.inner_text() and "Current decision" in item.inner_text()
        page.emulate_media(media="print")
        assert not page.locator("details.record").is_visible()  # the agenda prints without the forms
        shot(page, "16-06-meeting-agenda-print", full_page=False)
        page.emulate_media(media="screen")
        item.locator("details.record > summary").click()
        item.get_by_label("Day").fill("200")
        item.get_by_label("Decision").fill("Board: continue follow-up; MRI in three months.")
        item.get_by_role("button", name=f"Record the decision in case {STORY}").click()
        page.wait_for_url(re.compile(r".*/web/board\?.*#saved$"))
        assert _in_view(page, "#saved") and "Team decision saved (day 200)" in page.locator("#saved").inner_text()
        assert "Last recorded decision: Board: continue follow-up" in page.locator(f"#agenda-{STORY}").inner_text()
        service = live.world.service
        timeline = service.get_case(service.session_actor("dr-doe"), STORY).case["timeline"]
        assert timeline[-1]["type"] == "decision" and timeline[-1]["day"] == 200
    finally:
        context.close()


def test_compact_course_pictures_draw_in_the_browser(browser: Any, live: Live) -> None:
    """The story's picture and a 100-event course's (the benchmark's synthetic course) decode and
    draw in Chromium at their full size; screenshots for the issue note."""
    import sys

    from spinemet.case import case_to_data
    from spinemet.service.base import system_actor
    from spinemet.service.roles import Role

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from bench_core import long_course

    service = live.world.service
    if "bench-100" not in [c.id for c in service.list_cases(system_actor(Role.clinician), limit=500).items]:
        service.create_case(system_actor(Role.clinician), case_to_data(long_course(100)))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        for case_id, name in ((STORY, "16-09-course-picture-story"), ("bench-100", "16-10-course-picture-100-events")):
            page.goto(f"{live.url}/web/cases/{case_id}")
            page.evaluate("() => { document.getElementById('course').open = true; }")
            picture = page.locator("#course figure img")
            picture.scroll_into_view_if_needed()
            page.wait_for_function("() => { const i = document.querySelector('#course figure img');"
                                   " return i && i.complete && i.naturalWidth > 0; }")
            assert page.evaluate("() => document.querySelector('#course figure img').naturalWidth") >= 1200
            picture.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    finally:
        context.close()
