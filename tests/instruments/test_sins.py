"""SINS (Fisher 2010; Fourney 2011) against the published table in instruments.md §1."""

from __future__ import annotations

import pytest

from spinemet.instruments import score

from .helpers import bands_table, points_table


def test_sins_full_published_table() -> None:
    assert points_table("sins") == {
        "location": {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0},
        "pain": {"mechanical": 3, "occasional": 1, "none": 0},
        "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
        "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
        "collapse": {"at_least_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
        "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
    }
    assert bands_table("sins") == [("stable", 0, 6), ("potentially_unstable", 7, 12), ("unstable", 13, 18)]


def test_sins_pain_values_are_3_1_0_not_the_notes_site_2_1() -> None:
    assert [score("sins", {"pain": p}).components[0].points for p in ("mechanical", "occasional", "none")] == [3, 1, 0]


def test_sins_stable_band_starts_at_0_not_1() -> None:
    res = score("sins", dict(location="rigid", pain="none", bone_lesion="blastic", alignment="normal",
                             collapse="none", posterolateral="none"))
    assert res.total == 0 and res.band is not None and res.band.key == "stable"


CASES = {
    "t6_case_is_9_potentially_unstable": (
        dict(location="semirigid", pain="mechanical", bone_lesion="lytic", alignment="normal", collapse="under_50",
             posterolateral="unilateral"), 9, "potentially_unstable"),
    "s3_lower_bound_is_0_stable": (
        dict(location="rigid", pain="none", bone_lesion="blastic", alignment="normal", collapse="none",
             posterolateral="none"), 0, "stable"),
    "t12_upper_bound_is_18_unstable": (
        dict(location="junctional", pain="mechanical", bone_lesion="lytic", alignment="subluxation",
             collapse="at_least_50", posterolateral="bilateral"), 18, "unstable"),
    "c7_case_is_8_potentially_unstable": (
        dict(location="junctional", pain="occasional", bone_lesion="mixed", alignment="deformity",
             collapse="none_over_50_involved", posterolateral="none"), 8, "potentially_unstable"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_sins_hand_computed_cases_from_instruments_md_section_17(name: str) -> None:
    answers, total, band = CASES[name]
    res = score("sins", answers)
    assert res.total == total and res.band is not None and res.band.key == band


def test_sins_hand_computed_t6_case_is_9_potentially_unstable() -> None:
    answers = CASES["t6_case_is_9_potentially_unstable"][0]
    res = score("sins", answers).as_dict()
    assert res["total"] == 9 and res["band"]["key"] == "potentially_unstable"  # type: ignore[index]


@pytest.mark.parametrize(("answers", "band"), [
    # 6 (stable) / 7 (potentially unstable)
    (dict(location="semirigid", pain="mechanical", bone_lesion="lytic", alignment="normal", collapse="none",
          posterolateral="none"), "stable"),
    (dict(location="mobile", pain="mechanical", bone_lesion="lytic", alignment="normal", collapse="none",
          posterolateral="none"), "potentially_unstable"),
    # 12 / 13
    (dict(location="junctional", pain="mechanical", bone_lesion="lytic", alignment="deformity", collapse="under_50",
          posterolateral="none"), "potentially_unstable"),
    (dict(location="junctional", pain="mechanical", bone_lesion="lytic", alignment="deformity", collapse="under_50",
          posterolateral="unilateral"), "unstable"),
])
def test_sins_band_boundaries_each_side(answers: dict[str, str], band: str) -> None:
    res = score("sins", answers)
    assert res.band is not None and res.band.key == band


def test_sins_binary_fisher2014_grouping() -> None:
    res = score("sins", dict(location="mobile", pain="mechanical", bone_lesion="lytic", alignment="normal",
                             collapse="none", posterolateral="none"))
    assert res.alternative_bands[0].band is not None
    assert res.alternative_bands[0].band.key == "surgical_consultation"


def test_sins_result_json_shape_matches_vocabulary() -> None:
    d = score("sins", {"location": "semirigid"}).as_dict()
    for key in ("instrument", "name", "total", "min_total", "max_total", "band", "possible_bands", "missing",
                "components", "decisions", "citation", "verification"):
        assert key in d
    assert d["citation"] == {"key": "fisher2010", "pmid": "20562730", "doi": "10.1097/BRS.0b013e3181e16ae2"}
    assert (d["min_total"], d["max_total"]) == (1, 16)
    assert d["verification"] == "unverified"  # item points seen only in secondary reproductions


def test_sins_collapse_at_least_50_carries_the_50_percent_decision() -> None:
    res = score("sins", {"collapse": "at_least_50"})
    assert [d.key for d in res.decisions] == ["sins_collapse_50_percent"]
