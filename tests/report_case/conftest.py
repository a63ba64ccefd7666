"""A real service on a temporary SQLite file with one user per role and the story case stored, and
the real app (the same ``create_app`` as ``spinemet serve``). No mocks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_case_site import Site

from spinemet.api import create_app
from spinemet.service import Role, Service, Settings, system_actor


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.sqlite3'}", include_web=True)
    service = Service.open(settings)
    passwords: dict[str, str] = {}
    for name, role in (("dr-doe", "clinician"), ("res-roe", "researcher")):
        creds = service.add_user(system_actor(Role.admin), name, role, password=True, token=False)
        assert creds.password
        passwords[name] = creds.password
    service.seed_demo_case(system_actor(Role.clinician))
    yield Site(service, create_app(settings, service=service), passwords)
    service.close()
