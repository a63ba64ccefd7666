"""Instrument results at each decision point (``--score-days decision-points``): the bundle carries one
score Observation per instrument for each day the CARE case report assesses (``decision_days``: a
treatment decided or given) and for the last day, each equal to the offline assessment of that day;
dated by ``effectiveDateTime`` when the case has an index date; de-identified for a researcher; the
import reads them as derived and gives back the same case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _support.fixtures import auth
from spinemet.case import case_to_data
from spinemet.cli import app
from spinemet.cli.app import _register
from spinemet.io.casefile import load_case
from spinemet.service import Service
from spinemet.service.case_report import decision_days
from spinemet.service.fhir_export import export_bundle, stored_bundle
from spinemet.service.fhir_import import read_bundle_data
from spinemet.service.offline import assess
from spinemet.service.views import Credentials

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "examples" / "story-lung-net-t6.yaml"  # no index date; decision points on days 0, 28, 30
BREAST = ROOT / "examples" / "synthetic-breast-multilevel-visceral.yaml"  # index date 2024-09-10
INSTRUMENT = "https://spinemet.org/fhir/CodeSystem/instrument"
DAYS = "https://spinemet.org/fhir/StructureDefinition/days-since-index"


def _scores(bundle: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(e["fullUrl"], e["resource"]) for e in bundle["entry"]
            if any(c["system"] == INSTRUMENT for c in e["resource"].get("code", {}).get("coding", []))]


def _day(obs: dict[str, Any]) -> int:
    return int(next(x["valueInteger"] for x in obs["extension"] if x["url"] == DAYS))


def _instrument(obs: dict[str, Any]) -> str:
    return str(next(c["code"] for c in obs["code"]["coding"] if c["system"] == INSTRUMENT))


def _value(obs: dict[str, Any]) -> Any:
    return obs.get("valueInteger", obs.get("valueRange", obs.get("valueCodeableConcept", obs.get("dataAbsentReason"))))


@pytest.mark.parametrize("path", [STORY, BREAST])
def test_each_decision_point_of_the_case_report_and_the_last_day_has_the_assessment_of_that_day(path: Path) -> None:
    case = load_case(path)
    last = assess(case)
    days = sorted({*(d for d, _ in decision_days(case, last.day)), last.day})
    assert len(days) >= 3  # the examples have two or three decision points before the last day
    bundle = export_bundle(case, score_days="decision-points")
    scores = _scores(bundle)
    urls = [url for url, _ in scores]
    assert len(set(urls)) == len(urls)  # one Observation per instrument per day, each its own full URL
    assert sorted({_day(obs) for _, obs in scores}) == days
    for day in days:
        expected = {r.instrument: r for r in assess(case, day).instruments}
        on_day = {_instrument(obs): obs for _, obs in scores if _day(obs) == day}
        assert set(on_day) == set(expected)
        for key, obs in on_day.items():
            r = expected[key]
            if r.not_applicable:
                assert obs["dataAbsentReason"]["coding"][0]["code"] == "not-applicable"
            elif r.total is not None:
                assert obs["valueInteger"] == r.total
            elif r.min_total is not None or r.max_total is not None:
                assert obs["valueRange"] == {k: {"value": v} for k, v in (("low", r.min_total), ("high", r.max_total))
                                             if v is not None}
            date = case.date_of_day(day)
            assert obs.get("effectiveDateTime") == (date.isoformat() if date else None)
    # the same export again: the same full URLs (stable ids)
    assert [url for url, _ in _scores(export_bundle(case, score_days="decision-points"))] == urls


def test_the_breast_cases_scores_are_dated_from_its_index_date() -> None:
    case = load_case(BREAST)
    assert case.index_date == dt.date(2024, 9, 10)
    for _, obs in _scores(export_bundle(case, score_days="decision-points")):
        assert obs["effectiveDateTime"] == (dt.date(2024, 9, 10) + dt.timedelta(days=_day(obs))).isoformat()


def test_the_default_bundle_keeps_the_last_days_results_only() -> None:
    case = load_case(STORY)
    scores = _scores(export_bundle(case))
    assert {_day(obs) for _, obs in scores} == {assess(case).day}
    assert len(scores) == len(assess(case).instruments)


@pytest.mark.parametrize("path", [STORY, BREAST])
def test_a_bundle_with_every_decision_point_imports_back_to_the_same_case_its_scores_derived(path: Path) -> None:
    case = load_case(path)
    bundle = export_bundle(case, score_days="decision-points")
    back, report = read_bundle_data(bundle)
    assert case_to_data(back) == case_to_data(case)
    score_entries = {f"entry[{i}]" for i, e in enumerate(bundle["entry"]) if (e["fullUrl"], e["resource"]) in _scores(bundle)}
    assert len(score_entries) > len(assess(case).instruments)  # more than one day's
    assert score_entries <= {d["entry"] for d in report["derived"]}  # every score read as derived, none as a fact
    assert report["not_mapped"] == []


def test_the_researchers_bundle_with_every_decision_point_has_no_date() -> None:
    case = load_case(BREAST)
    bundle = export_bundle(case, research_id="r-0001", score_days="decision-points")
    scores = _scores(bundle)
    assert len({_day(obs) for _, obs in scores}) >= 3
    assert all("effectiveDateTime" not in obs for _, obs in scores)
    text = json.dumps(bundle)
    assert "2024" not in text and "2025" not in text and "-09-" not in text


def test_a_stored_cases_bundle_has_the_services_assessment_of_each_decision_point(
        service: Service, client: Any, people: dict[str, Credentials]) -> None:
    data = case_to_data(load_case(BREAST))
    assert client.post("/cases", headers=auth(people["clinician"]), json=data).status_code == 201
    actor = service.authenticate_token(people["clinician"].token)
    stored = stored_bundle(service, actor, data["id"], score_days="decision-points")
    from_file = export_bundle(load_case(BREAST), score_days="decision-points")
    assert [(u, _value(o), _day(o)) for u, o in _scores(stored)] == [(u, _value(o), _day(o)) for u, o in _scores(from_file)]


def test_the_command_takes_score_days_and_refuses_an_unknown_value(tmp_path: Path) -> None:
    _register()
    runner = CliRunner()
    out = tmp_path / "b.json"
    r = runner.invoke(app, ["fhir", "export", str(STORY), "--score-days", "decision-points", "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert {_day(obs) for _, obs in _scores(json.loads(out.read_text()))} == {0, 28, 30, 180}
    r = runner.invoke(app, ["fhir", "export", str(STORY), "--score-days", "every-day"])
    assert r.exit_code == 1 and "--score-days 'every-day': allowed are last, decision-points" in r.output
    r = runner.invoke(app, ["fhir", "export", str(STORY), "--no-scores", "--score-days", "decision-points"])
    assert r.exit_code == 1 and "leave out --no-scores" in r.output


def test_a_researchers_stored_bundle_has_each_decision_point_and_no_date(
        service: Service, client: Any, people: dict[str, Credentials]) -> None:
    case = load_case(BREAST)
    assert client.post("/cases", headers=auth(people["clinician"]), json=case_to_data(case)).status_code == 201
    researcher = service.authenticate_token(people["researcher"].token)
    rid = client.get("/cases", headers=auth(people["researcher"]), params={"limit": 1}).json()["items"][0]["id"]
    bundle = stored_bundle(service, researcher, rid, score_days="decision-points")
    scores = _scores(bundle)
    last = assess(case).day
    assert sorted({_day(obs) for _, obs in scores}) == sorted({*(d for d, _ in decision_days(case, last)), last})
    assert all("effectiveDateTime" not in obs for _, obs in scores)
    text = json.dumps(bundle)
    assert str(case.index_date) not in text and "2024" not in text and case.id not in text
