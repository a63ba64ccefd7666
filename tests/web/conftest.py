"""Fixtures of the web tests: a real service on a temporary SQLite file, the real app (the same
``create_app`` as ``spinemet serve``), a real uvicorn server on a free loopback port, and Debian's
headless Chromium. No mocks."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from web_helpers import CHROMIUM, CHROMIUM_ARGS, Live, World, _free_port, _world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = _world(tmp_path)
    yield w
    w.service.close()


@pytest.fixture
def client(world: World) -> TestClient:
    return TestClient(world.app, follow_redirects=False)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    world = _world(tmp_path_factory.mktemp("live"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(world.app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the uvicorn server did not start")
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}", world)
    server.should_exit = True
    thread.join(timeout=10)
    world.service.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: the browser tests need Debian's chromium package"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (required in CI)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()




@pytest.fixture
def page(browser: Any) -> Any:
    """A fresh browser tab at a desktop size (1280 x 900)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()
