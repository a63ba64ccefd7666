"""Work done once: one event entered on the web page, and the page shown after the redirect.

The real functions are wrapped so that each call is counted and still runs (the real app, the
real service, a real SQLite file; nothing is replaced): a whole-case validation runs the case
model's timeline check once, and a course analysis is one call of ``spinemet.course.analyse``.
Before the one-door renovation this path validated the case 7 times and analysed the course 3 times.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import STORY, World, csrf_of, login

import spinemet.case.model
import spinemet.course


def _wrap_everywhere(monkeypatch: pytest.MonkeyPatch, original: Callable[..., Any], name: str,
                     counts: Counter[str]) -> None:
    """Replace ``original`` by a counting wrapper in every loaded module that bound it by name."""

    def counting(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return original(*args, **kwargs)

    bound = 0
    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("spinemet") and \
                getattr(module, original.__name__, None) is original:
            monkeypatch.setattr(module, original.__name__, counting)
            bound += 1
    assert bound, f"{original.__name__} is bound in no module"


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    found: Counter[str] = Counter()
    _wrap_everywhere(monkeypatch, spinemet.case.model.timeline_problems, "case validated", found)
    _wrap_everywhere(monkeypatch, spinemet.course.analyse, "course analysed", found)
    yield found


def _version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


def test_one_event_and_the_page_after_validate_the_case_at_most_twice_and_analyse_the_course_once(
    client: TestClient, world: World, counts: Counter[str],
) -> None:
    login(client, world, "dr-doe")
    page = client.get(f"/web/cases/{STORY}/events?type=performance")
    assert page.status_code == 200
    form = {"csrf_token": csrf_of(page.text), "type": "performance", "version": _version(page.text),
            "day": "120", "kps": "70"}
    counts.clear()

    posted = client.post(f"/web/cases/{STORY}/events", data=form)
    assert posted.status_code == 303, posted.text[-2000:]
    shown = client.get(posted.headers["location"])

    assert shown.status_code == 200
    assert "Performance status saved (day 120); scores and decisions are updated." in shown.text
    assert counts["case validated"] <= 2, counts
    assert counts["course analysed"] <= 1, counts


def test_the_counters_see_the_work_they_count(client: TestClient, world: World, counts: Counter[str]) -> None:
    """The page of a case whose version the service has not assessed yet (as after a restart: its
    kept results are dropped) shows the counters see one validation and one course analysis (else
    the test above could pass by counting nothing)."""
    login(client, world, "dr-doe")
    for kept in (world.service._views, world.service._objects, world.service._courses):
        kept.clear()
    counts.clear()
    page = client.get(f"/web/cases/{STORY}?day=28")
    assert page.status_code == 200
    assert counts["case validated"] >= 1 and counts["course analysed"] == 1, counts
