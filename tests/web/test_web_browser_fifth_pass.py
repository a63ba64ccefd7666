"""The fifth pass's keys entered in a real headless Chromium: an occult primary of stated parity on the new-case
form, PSA "above 27,000" with no unit (a bound, never a measurement), an epidural mass that spared the bone, named
extraspinal bones, and a bound typed without its value refused at its field with what was typed kept and nothing
stored. Checked against the stored case (docs/case-file.md, "Fifth pass")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from web_helpers import Live, browser_login, open_event_form

pytestmark = pytest.mark.browser

CASE = "web-fifth-pass"


def _save(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r".*#saved$"))


def _more(page: Any) -> None:
    """Open every collapsed "More detail" block of the page (plain <details>)."""
    for summary in page.locator("details:not([open]) > summary", has_text="More detail").all():
        summary.click()


def _stored(live: Live) -> dict[str, Any]:
    service = live.world.service
    case: dict[str, Any] = service.get_case(service.session_actor("dr-doe"), CASE).case
    return case


def test_the_fifth_pass_keys_are_entered_from_the_browser(page: Any, live: Live) -> None:
    browser_login(page, live, "dr-doe")
    page.goto(live.url + "/web/cases/new")
    page.locator("#new-id").fill(CASE)
    page.locator("#new-primary\\.site").select_option("thyroid")
    _more(page)
    page.locator("#new-primary\\.occult").select_option("true")
    page.locator("#new-patient\\.parity").select_option("multiparous")
    page.get_by_role("button", name="Create case").click()
    page.wait_for_url(re.compile(rf".*/web/cases/{CASE}"))
    assert _stored(live)["primary"] == {"site": "thyroid", "occult": True}
    assert _stored(live)["patient"] == {"parity": "multiparous"}

    # "PSA above 27,000" (no unit given)
    open_event_form(page, "labs")
    page.locator("#labs-day").fill("0")
    page.locator("#labs-lab_psa").fill("27000")
    page.locator("#labs-lab_psa-unit").select_option("not_stated")
    page.locator("#labs-lab_psa-bound").select_option("above")
    _save(page, "Save laboratory values")
    # "an extradural mass that spared the bone"
    open_event_form(page, "imaging")
    page.locator("#imaging-day").fill("0")
    page.locator("#imaging-level").fill("C6")
    page.locator("#form-imaging").get_by_label("Epidural").first.check()
    _more(page)
    spared = page.locator("fieldset", has_text="Compartments stated spared")
    spared.get_by_label("Vertebral body").check()
    spared.get_by_label("Posterior elements").check()
    _save(page, "Save imaging finding")
    # "the pelvis and both proximal femora"
    open_event_form(page, "disease_burden")
    page.locator("#disease_burden-day").fill("0")
    _more(page)
    page.locator("#disease_burden-bone_sites\\.1\\.bone").select_option("pelvis")
    page.locator("#disease_burden-bone_sites\\.2\\.bone").select_option("femur")
    page.locator("#disease_burden-bone_sites\\.2\\.side").select_option("both")
    page.locator("#disease_burden-bone_sites\\.2\\.part").select_option("proximal")
    _save(page, "Save disease burden")

    labs, mri, burden = _stored(live)["timeline"]
    assert labs["values"] == [{"analyte": "psa", "value": 27000, "unit_not_stated": True, "bound": "above"}]
    assert mri["findings"] == [{"level": "C6", "compartments": ["epidural"],
                                "compartments_spared": ["vertebral_body", "posterior_elements"]}]
    assert burden["extraspinal_bone_sites"] == [{"bone": "pelvis"},
                                                {"bone": "femur", "side": "both", "part": "proximal"}]

    # a bound without its value: refused at the field, the typed choice kept, nothing stored
    before = _stored(live)
    open_event_form(page, "labs")
    page.locator("#labs-day").fill("3")
    page.locator("#labs-lab_psa-bound").select_option("above")
    page.locator("#labs-lab_psa-statement").select_option("raised")
    page.get_by_role("button", name="Save laboratory values").click()
    page.wait_for_load_state()
    assert "give value too" in page.locator("#labs-lab_psa-err").inner_text()
    assert page.locator("#labs-lab_psa-bound").input_value() == "above"
    assert _stored(live) == before
