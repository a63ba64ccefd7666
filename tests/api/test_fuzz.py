"""Property-based fuzzing of the published OpenAPI with schemathesis: never a 5xx, responses match the schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from spinemet.api import create_app
from spinemet.service import Role, Service, Settings, system_actor

STORY = Path(__file__).resolve().parents[2] / "examples" / "story-lung-net-t6.yaml"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
_HEADERS: dict[str, dict[str, str]] = {}
MAX_EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.sqlite3'}"
    service = Service.open(Settings(database_url=url))
    for role in ("clinician", "admin"):
        _HEADERS[role] = {"Authorization": f"Bearer {service.add_user(system_actor(), role + '1', role).token}"}
    service.import_case_text(system_actor(Role.clinician), STORY.read_text())
    app = create_app(Settings(database_url=url, migrate=False), service=service)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    service.close()


def case_role(case: Any) -> str:
    return "admin" if case.path.startswith(("/users", "/audit")) else "clinician"


def test_api_never_fails_and_matches_its_schema(api_schema: Any) -> None:
    failures: list[str] = []
    calls: list[int] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)
        def run(case: Any) -> None:
            calls.append(1)
            case.call_and_validate(headers=_HEADERS[case_role(case)], checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= 5 * len(operations)
