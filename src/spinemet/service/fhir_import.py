"""Use cases: a FHIR R4 bundle read into a case (issue 18, import).

:func:`read_bundle_text` reads JSON text into a validated case and the import report (what was
mapped, what was derived and recomputed, what was not mapped and why); :func:`import_bundle` stores
that case through the service (the caller's rights and teams, audited). A bundle of other systems'
resources gets a fresh case id, ``fhir-import-`` and 10 random hex digits (never derived from the
patient's identifiers), so foreign imports into one store do not collide. A bundle that cannot be read,
or that reads to a case that does not validate, is a :class:`~spinemet.errors.ValidationFailed` with
every problem located; nothing is stored.
"""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING, Any

from spinemet.case import Case, case_to_data
from spinemet.errors import Conflict, Problem, ValidationFailed

if TYPE_CHECKING:
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service
    from spinemet.service.views import CaseView

__all__ = ["import_bundle", "import_bundle_data", "read_bundle_data", "read_bundle_text"]


#: tries at a fresh random id when a foreign import's id is taken (40 random bits: a clash is rare)
_ID_TRIES = 5


def foreign_case_id() -> str:
    """A fresh case id for a foreign import: ``fhir-import-`` and 10 random hex digits (not identifying)."""
    from spinemet.fhir.importer import FOREIGN_ID

    return f"{FOREIGN_ID}-{secrets.token_hex(5)}"


def _read(data: Any, source: str, foreign_id: str) -> tuple[Case, dict[str, Any]]:
    from spinemet.fhir.importer import read_bundle
    from spinemet.service.casework import validate

    try:
        case_data, report = read_bundle(data, foreign_id)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.problems, source) from None
    case = validate(case_data, f"{source} (the case it reads to)")
    return case, report.as_dict()


def read_bundle_data(data: Any, source: str = "FHIR bundle") -> tuple[Case, dict[str, Any]]:
    """The case a parsed bundle reads to, validated, and the import report (plain data).

    A foreign bundle's case gets a fresh :func:`foreign_case_id` on each call."""
    return _read(data, source, foreign_case_id())


def read_bundle_text(text: str, source: str = "FHIR bundle") -> tuple[Case, dict[str, Any]]:
    """:func:`read_bundle_data` of JSON text; text that is not JSON is a located problem."""
    return read_bundle_data(_parse(text, source), source)


def _parse(text: str, source: str) -> Any:
    try:
        data = json.loads(text)
    except ValueError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ValidationFailed([Problem(where, f"not JSON ({getattr(exc, 'msg', exc)}); allowed: a FHIR R4 "
                                               "Bundle in JSON")], source) from None
    return data


def import_bundle(service: Service, actor: Actor, text: str, teams: list[str] | None = None,
                  source: str = "FHIR bundle") -> tuple[CaseView, dict[str, Any]]:
    """Store the case a bundle reads to (as :meth:`Service.create_case`) and return it with the report."""
    return _store(service, actor, _parse(text, source), teams, source)


def import_bundle_data(service: Service, actor: Actor, data: Any, teams: list[str] | None = None,
                       source: str = "body") -> tuple[CaseView, dict[str, Any]]:
    """:func:`import_bundle` of a parsed bundle (the API's JSON body)."""
    return _store(service, actor, data, teams, source)


def _store(service: Service, actor: Actor, data: Any, teams: list[str] | None,
           source: str) -> tuple[CaseView, dict[str, Any]]:
    """Read and store; a foreign case whose random id is taken is read again with another one.

    A SpineMet bundle's own case id that is taken stays a :class:`Conflict` (409): the caller renames it."""
    tries = 1
    while True:
        foreign_id = foreign_case_id()
        case, report = _read(data, source, foreign_id)
        try:
            return service.create_case(actor, case_to_data(case), teams), report
        except Conflict:
            if case.id != foreign_id or tries == _ID_TRIES:
                raise
            tries += 1
