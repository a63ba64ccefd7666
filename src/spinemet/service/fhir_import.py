"""Use cases: a FHIR R4 bundle read into a case (issue 18, import).

:func:`read_bundle_text` reads JSON text into a validated case and the import report (what was
mapped, what was derived and recomputed, what was not mapped and why); :func:`import_bundle` stores
that case through the service (the caller's rights and teams, audited). A bundle that cannot be read,
or that reads to a case that does not validate, is a :class:`~spinemet.errors.ValidationFailed` with
every problem located; nothing is stored.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from spinemet.case import Case, case_to_data
from spinemet.errors import Problem, ValidationFailed

if TYPE_CHECKING:
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service
    from spinemet.service.views import CaseView

__all__ = ["import_bundle", "import_bundle_data", "read_bundle_data", "read_bundle_text"]


def read_bundle_data(data: Any, source: str = "FHIR bundle") -> tuple[Case, dict[str, Any]]:
    """The case a parsed bundle reads to, validated, and the import report (plain data)."""
    from spinemet.fhir.importer import read_bundle
    from spinemet.service.casework import validate

    try:
        case_data, report = read_bundle(data)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.problems, source) from None
    case = validate(case_data, f"{source} (the case it reads to)")
    return case, report.as_dict()


def read_bundle_text(text: str, source: str = "FHIR bundle") -> tuple[Case, dict[str, Any]]:
    """:func:`read_bundle_data` of JSON text; text that is not JSON is a located problem."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ValidationFailed([Problem(where, f"not JSON ({getattr(exc, 'msg', exc)}); allowed: a FHIR R4 "
                                               "Bundle in JSON")], source) from None
    return read_bundle_data(data, source)


def import_bundle(service: Service, actor: Actor, text: str, teams: list[str] | None = None,
                  source: str = "FHIR bundle") -> tuple[CaseView, dict[str, Any]]:
    """Store the case a bundle reads to (as :meth:`Service.create_case`) and return it with the report."""
    case, report = read_bundle_text(text, source)
    view = service.create_case(actor, case_to_data(case), teams)
    return view, report


def import_bundle_data(service: Service, actor: Actor, data: Any, teams: list[str] | None = None,
                       source: str = "body") -> tuple[CaseView, dict[str, Any]]:
    """:func:`import_bundle` of a parsed bundle (the API's JSON body)."""
    case, report = read_bundle_data(data, source)
    view = service.create_case(actor, case_to_data(case), teams)
    return view, report
