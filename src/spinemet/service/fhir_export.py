"""Use cases: a case as a FHIR R4 / mCODE bundle (issue 18, export).

A case file's bundle (:func:`export_bundle`) and a stored case's bundle (:func:`stored_bundle`, with
the caller's rights: a researcher gets the bundle of the de-identified case, which has no name, no date
and no free text, as the researcher view of the case has none). Both carry the assessment's
instrument results on the case's last day and, on request (``score_days="decision-points"``), also on
each decision point: the days the CARE case report assesses (:func:`spinemet.service.case_report.decision_days`:
a treatment decided or given, at most its first twelve), so a bundle and the report show the same
assessments. Before a bundle leaves, it is checked against SpineMet's own invariants; a broken bundle
is an error, never written.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from spinemet.case import Case
from spinemet.errors import SpineMetError

if TYPE_CHECKING:
    from spinemet.service.roles import Actor
    from spinemet.service.usecases import Service

__all__ = ["SCORE_DAYS", "BundleBroken", "ScoreDays", "code_systems_bundle", "deidentified_case", "export_bundle", "ndjson_lines", "stored_bundle", "stored_case_ids",
           "stored_ndjson_lines"]


#: which days' instrument results a bundle carries: the last day only, or also each decision point
ScoreDays = Literal["last", "decision-points"]
SCORE_DAYS: tuple[ScoreDays, ...] = ("last", "decision-points")


class BundleBroken(SpineMetError):
    """The exported bundle breaks one of SpineMet's invariants (a defect of SpineMet, not of the case)."""


def _checked(bundle: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    from spinemet.fhir import bundle_problems

    problems = bundle_problems(bundle, text)
    if problems:
        raise BundleBroken("the exported FHIR bundle is inconsistent: " + "; ".join(problems))
    return bundle


def deidentified_case(case: Case, research_id: str) -> Case:
    """The case as a researcher sees it (the service's allow-list: no name, date or free text)."""
    from spinemet.case import parse_case
    from spinemet.service.deident import deidentify

    return parse_case(deidentify(case, research_id))


def export_bundle(case: Case, *, scores: bool = True, research_id: str | None = None,
                  score_days: ScoreDays = "last") -> dict[str, Any]:
    """The FHIR R4 collection bundle of ``case`` (a case file: the whole case, pseudonym included), with
    the instrument results of its assessment on the last day (and on each decision point with
    ``score_days="decision-points"``); checked against the invariants.

    With ``research_id``: the researcher's bundle, of the de-identified case under that id."""
    return _checked(_bundle(case, scores, research_id, score_days))


def _bundle(case: Case, scores: bool, research_id: str | None, score_days: ScoreDays = "last") -> dict[str, Any]:
    """:func:`export_bundle` before its check."""
    from spinemet.fhir import case_bundle

    identified = research_id is None
    if research_id is not None:
        case = deidentified_case(case, research_id)
    if not scores:
        return case_bundle(case, identified=identified)
    day, results, events = _scores(case)
    earlier = _decision_point_scores(case, day) if score_days == "decision-points" else []
    return case_bundle(case, results, day, identified=identified, course_events=events, earlier=earlier)


def _scores(case: Case) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    """The instrument results on the last day and the course analysis's events: what ``assess`` computes
    for them (same functions, same day), without the plan, which the bundle does not carry."""
    from spinemet.case.snapshot import snapshot
    from spinemet.course import analyse
    from spinemet.instruments import assess_snapshot

    day = case.resolve_day(None)
    results = [r.as_dict() for r in assess_snapshot(snapshot(case, day))]
    return day, results, [e.as_dict() for e in analyse(case).events]


def _decision_point_scores(case: Case, last: int) -> list[tuple[int, list[dict[str, Any]]]]:
    """The instrument results on each decision point before ``last`` (the case report's decision days)."""
    from spinemet.case.snapshot import snapshot
    from spinemet.instruments import assess_snapshot
    from spinemet.service.case_report import decision_days

    return [(day, [r.as_dict() for r in assess_snapshot(snapshot(case, day))])
            for day, _events in decision_days(case, last) if day != last]


def stored_bundle(service: Service, actor: Actor, case_id: str, version: int | None = None,
                  score_days: ScoreDays = "last") -> dict[str, Any]:
    """The bundle of a stored case as ``actor`` may see it: a researcher's is the bundle of the
    de-identified case (the service's allow-list), without the pseudonym. Audited as an assessment read
    (one per day with ``score_days="decision-points"``: the service's kept assessment of each decision
    point, as the case report reads them)."""
    from spinemet.fhir import case_bundle
    from spinemet.service.case_report import decision_days

    assessment = service.assessment(actor, case_id, version=version)
    results = [r.as_dict() for r in assessment.instruments]
    earlier = []
    if score_days == "decision-points":
        earlier = [(day, [r.as_dict() for r in service.assessment(actor, case_id, day, version=version).instruments])
                   for day, _events in decision_days(assessment.case, assessment.day) if day != assessment.day]
    return _checked(case_bundle(assessment.case, results, assessment.day, identified=not actor.deidentified,
                                course_events=[e.as_dict() for e in assessment.course.events], earlier=earlier))


def _ndjson_encoder() -> Callable[[Any], str]:
    """``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` with its encoder made once per file.

    Without the encoder's cycle check: a bundle is built as a tree of fresh dicts and lists (some shared,
    none containing itself), and the check's bookkeeping was about a fifth of the encoding time."""
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while one bundle is built. A bundle is a tree of fresh dicts and
    lists, freed by reference counting; the collector's passes over them were about a tenth of a bulk
    export's time (CPU, 300 scored bundles: 441 cases/s with it, 494 without). It runs again between
    bundles, so cyclic garbage waits at most one bundle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def ndjson_lines(cases: Iterable[Case], *, scores: bool = False, score_days: ScoreDays = "last") -> Iterator[str]:
    """One bundle per line (FHIR bulk-data NDJSON), for :func:`export_bundle` of each case."""
    encode = _ndjson_encoder()
    for case in cases:
        with _cycle_collector_paused():
            bundle = _bundle(case, scores, None, score_days)
            text = encode(bundle)
            _checked(bundle, text)  # the same check as export_bundle's, its references read from the line
        yield text + "\n"


def stored_case_ids(service: Service, actor: Actor) -> list[str]:
    """Every case id ``actor`` may see (research ids for a researcher), in the store's order."""
    ids: list[str] = []
    while True:
        page = service.list_cases(actor, limit=500, offset=len(ids))
        ids.extend(item.id for item in page.items)
        if not page.items or len(ids) >= page.total:
            return ids


def stored_ndjson_lines(service: Service, actor: Actor, case_ids: Iterable[str],
                        score_days: ScoreDays = "last") -> Iterator[str]:
    """One stored case's bundle per line (:func:`stored_bundle`, as ``actor`` may see it)."""
    encode = _ndjson_encoder()
    for case_id in case_ids:
        with _cycle_collector_paused():
            text = encode(stored_bundle(service, actor, case_id, score_days=score_days))
        yield text + "\n"


def code_systems_bundle() -> dict[str, Any]:
    """SpineMet's own CodeSystems (FHIR R4 ``CodeSystem`` resources) as one collection bundle."""
    from spinemet.fhir.codesystems import code_systems_bundle as build

    return build()
