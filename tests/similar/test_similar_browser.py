"""The case page's "Cases like this one" panel in a real headless Chromium on a real server: the
panel loads into the page, the story case's published counterpart ranks first with what it shares,
and the screenshot (test-output/screenshots/similar-cases.png) is the one committed under docs/."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from spinemet.api import create_app
from spinemet.service import Role, Service, Settings, system_actor

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-output" / "screenshots"
CASES = ("kaliyaperumal2019-lung-net-t6", "hadgaonkar2020-sclc-lumbar", "pmid32827737-lung-nec-intramedullary-t4",
         "albarbarawi2024-rcc-conus", "chen2022-follicular-thyroid-lumbar")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    tmp = tmp_path_factory.mktemp("similar-web")
    settings = Settings(database_url=f"sqlite:///{tmp / 'web.sqlite3'}", include_web=True)
    service = Service.open(settings)
    creds = service.add_user(system_actor(), "dr-lee", "clinician", password=True, token=False)
    writer = system_actor(Role.clinician)
    service.seed_demo_case(writer)
    for name in CASES:
        service.import_case_text(writer, (ROOT / "src/spinemet/data/published" / name / "case.yaml").read_text("utf-8"), "yaml")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(settings, service=service), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    assert creds.password
    yield f"http://127.0.0.1:{port}", creds.password
    server.should_exit = True
    thread.join(timeout=10)
    service.close()


def test_similar_panel_in_chromium(live: tuple[str, str]) -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("chromium is required in CI")
        pytest.skip("no chromium")
    from playwright.sync_api import sync_playwright

    url, password = live
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "/web/login")
        page.get_by_label("User name").fill("dr-lee")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r".*/web/cases$"))
        page.goto(url + "/web/cases/story-lung-net-t6")
        assert page.locator("#similar-results").count() == 0  # closed, and nothing fetched, until asked for
        page.locator("#similar-details summary").click()
        page.wait_for_selector("#similar-results", timeout=30000)
        panel = page.locator("#similar")
        text = panel.inner_text()
        first = page.locator("#similar-results ol.sim-list").first.locator("li").first.inner_text()
        assert "kaliyaperumal2019-lung-net-t6" in first and "same primary" in first and "recurred after decompression" in first
        assert "Published cases" in text and "PMID 30794152" in text
        assert page.locator("#case-report-link").is_visible()
        assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
        SHOTS.mkdir(parents=True, exist_ok=True)
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=str(SHOTS / "similar-cases.png"))
        browser.close()
