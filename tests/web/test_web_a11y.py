"""Issue 16's keyboard and accessibility checks on every page of the story case, in real Chromium:
one h1 and no skipped heading level; every control focused by Tab shows a focus ring; text meets
WCAG 2.1 AA contrast (4.5:1, 3:1 for large text) computed from the rendered colours; the case page
is operable from the keyboard alone (the skip link, then "Add an event" within a few Tab presses).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from web_helpers import STORY, Live, browser_login

pytestmark = pytest.mark.browser

PAGES = [f"/web/cases/{STORY}?day=28", f"/web/cases/{STORY}/summary?day=28", f"/web/cases/{STORY}/references?day=28",
         f"/web/cases/{STORY}/timeline?day=28", f"/web/cases/{STORY}/events?type=imaging", f"/web/cases/{STORY}/events",
         "/web/cases", "/web/calculator", "/web/calculator/sins", f"/web/board?case={STORY}"]

HEADINGS = """() => {
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.getClientRects().length || h.closest('details')).map(h => Number(h.tagName[1]));
  const skips = [];
  levels.forEach((n, i) => { if (i && n > levels[i - 1] + 1) skips.push(`h${levels[i - 1]} -> h${n}`); });
  return {h1: levels.filter(n => n === 1).length, first: levels[0], skips};
}"""

# WCAG 2.1 relative luminance and contrast ratio of each element's own text against the first
# opaque background behind it (ancestors walked up; the page is flat colour, no images behind text)
CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const behind = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3); } return [255, 255, 255]; };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg, option, .sr-only, .skip, select')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || Number(st.opacity) < 1) continue;
    const fg = rgb(st.color).slice(0, 3), bg = behind(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < need) bad.push(`${el.tagName.toLowerCase()}.${el.className} '${el.textContent.trim().slice(0, 30)}' ${ratio.toFixed(2)}`);
  }
  return bad;
}"""

FOCUS_RING = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const st = getComputedStyle(el);
  const ring = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== 'none';
  return {ring, what: `${el.tagName.toLowerCase()} ${(el.textContent || el.name || '').trim().slice(0, 30)}`}; }"""


@pytest.mark.parametrize("path", PAGES)
def test_headings_contrast_and_focus_ring_on_the_story_case_pages(browser: Any, live: Live, path: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(live.url + path)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        heads = page.evaluate(HEADINGS)
        assert heads["h1"] == 1 and heads["first"] == 1, (path, heads)
        assert heads["skips"] == [], (path, heads["skips"])
        assert page.evaluate(CONTRAST) == [], path
        seen = 0
        for _ in range(25):  # the first 25 stops of the Tab order
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_RING)
            if focused is None:
                continue
            seen += 1
            assert focused["ring"], (path, focused["what"])
        assert seen >= 5, path
    finally:
        context.close()


def test_case_page_is_operable_from_the_keyboard_alone(browser: Any, live: Live) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        browser_login(page, live, "dr-doe")
        page.goto(f"{live.url}/web/cases/{STORY}?day=28")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")  # the skip link moves focus to the content
        presses = 0
        while presses < 10:
            page.keyboard.press("Tab")
            presses += 1
            if page.evaluate("() => document.activeElement.id") == "add-event-link":
                break
        assert page.evaluate("() => document.activeElement.id") == "add-event-link", f"not reached in {presses} presses"
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf".*/web/cases/{STORY}/events(#choose)?$"))
        # the day menu of the case page is a form a keyboard can use: choose day 0, then its button
        page.goto(f"{live.url}/web/cases/{STORY}?day=28")
        page.locator("#day").focus()
        page.keyboard.press("Home")  # the first day of the menu
        page.keyboard.press("Tab")  # to its "Show" button
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*\?day=0$"))
    finally:
        context.close()
