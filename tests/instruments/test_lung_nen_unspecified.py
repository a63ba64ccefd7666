"""A lung neuro-endocrine neoplasm of unreported WHO type (the story case) is scored as a range
over carcinoid, LCNEC and SCLC rather than guessed as one of them."""

from __future__ import annotations

from pathlib import Path

from spinemet.case import snapshot
from spinemet.instruments import assess_snapshot
from spinemet.instruments.reading import lung_nen_sites
from spinemet.io.casefile import load_case

STORY = Path(__file__).parents[2] / "examples" / "story-lung-net-t6.yaml"


def _results(case_day: int = 0) -> dict[str, dict[str, object]]:
    snap = snapshot(load_case(STORY), case_day)
    return {r.as_dict()["instrument"]: r.as_dict() for r in assess_snapshot(snap)}  # type: ignore[misc]


def test_story_case_primary_is_any_of_three_lung_nen_types() -> None:
    snap = snapshot(load_case(STORY), 0)
    assert lung_nen_sites(snap) == ("lung_carcinoid", "lung_lcnec", "lung_sclc")


def test_revised_tokuhashi_primary_item_spans_carcinoid_5_and_lung_0() -> None:
    tokuhashi = _results()["tokuhashi_revised"]
    assert "primary_site" in tokuhashi["missing"]
    # carcinoid tumour scores 5, lung (SCLC/LCNEC) scores 0 (Tokuhashi 2005 via NICE CG75 App. 3)
    assert tokuhashi["min_total"] == 0 and tokuhashi["max_total"] == 15


def test_radiosensitivity_stays_open_between_sensitive_nec_and_intermediate_carcinoid() -> None:
    radio = _results()["radiosensitivity"]
    assert radio["band"] is None
    assert {"sensitive", "intermediate"} <= set(radio["possible_bands"])  # type: ignore[arg-type]


def test_reported_carcinoid_type_settles_the_site() -> None:
    case = load_case(STORY)
    data = case.model_dump(mode="json", exclude_none=True)
    data["primary"]["neuroendocrine"] = {"classification": "typical_carcinoid"}
    from spinemet.case import parse_case

    snap = snapshot(parse_case(data), 0)
    assert lung_nen_sites(snap) == ("lung_carcinoid",)
    by_key = {r.as_dict()["instrument"]: r.as_dict() for r in assess_snapshot(snap)}
    assert by_key["radiosensitivity"]["band"]["key"] == "intermediate"  # type: ignore[index]
