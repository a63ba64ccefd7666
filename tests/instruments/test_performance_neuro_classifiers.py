"""KPS, ECOG and their conversions; ESCC, Frankel, ASIA; WHO NEN grade; radiosensitivity."""

from __future__ import annotations

import pytest

from spinemet.instruments import InvalidAnswer, score
from spinemet.instruments.conversions import ecog_to_kps, kps_to_ecog
from spinemet.instruments.declarations.escc import escc_rank

from .helpers import bands_table


def test_kps_accepts_multiples_of_10_and_rejects_55() -> None:
    assert [score("kps", {"score": v}).total for v in range(0, 101, 10)] == list(range(0, 101, 10))
    with pytest.raises(InvalidAnswer, match=r"kps\.score: '55' is not an answer"):
        score("kps", {"score": 55})


@pytest.mark.parametrize(("kps", "band"), [(40, "c"), (50, "b"), (70, "b"), (80, "a")])
def test_kps_category_boundaries(kps: int, band: str) -> None:
    res = score("kps", {"score": kps})
    assert res.band is not None and res.band.key == band


def test_ecog_grades_each_a_band() -> None:
    assert bands_table("ecog") == [(f"ecog_{g}", g, g) for g in range(6)]


def test_kps70_to_ecog_hand_computed_against_the_three_tables() -> None:
    assert kps_to_ecog(70, "conventional").value == 1
    assert kps_to_ecog(70, "ma_2010").value == 2
    assert kps_to_ecog(70, "prasad_2018").value == 2


def test_ecog_to_kps_is_a_range_and_flagged_as_converted() -> None:
    conv = ecog_to_kps(1, "conventional")
    assert conv.values == (70, 80) and "converted from ECOG 1" in conv.describe()
    assert ecog_to_kps(2, "prasad_2018").values == (70,)
    with pytest.raises(InvalidAnswer, match="table: 'other' is not a conversion table"):
        kps_to_ecog(70, "other")


def test_every_kps_value_maps_to_one_ecog_grade_in_every_table() -> None:
    for table in ("conventional", "ma_2010", "prasad_2018"):
        for kps in range(0, 101, 10):
            assert kps_to_ecog(kps, table).value is not None


def test_escc_noms_groups_and_order() -> None:
    groups = {g: score("escc", {"grade": g}).category for g in ("0", "1a", "1b", "1c", "2", "3")}
    assert groups == {"0": "low_grade", "1a": "low_grade", "1b": "low_grade", "1c": "borderline",
                      "2": "high_grade", "3": "high_grade"}
    assert [escc_rank(g) for g in ("0", "1a", "1b", "1c", "2", "3")] == [0, 1, 2, 3, 4, 5]


def test_escc_cord_compression_without_grade_is_high_grade() -> None:
    from spinemet.instruments import Given

    res = score("escc", {"grade": Given(None, "cord compression", candidates=("2", "3"))})
    assert res.category == "high_grade" and res.missing == ()


def test_frankel_and_asia_are_five_grades() -> None:
    assert [score("frankel", {"grade": g}).category for g in "ABCDE"] == list("ABCDE")
    assert [score("asia", {"grade": g}).category for g in "ABCDE"] == list("ABCDE")
    with pytest.raises(InvalidAnswer, match=r"frankel\.grade: 'D1' is not an answer"):
        score("frankel", {"grade": "D1"})


GEP = {"system": "gep_who2019", "differentiation": "well"}


@pytest.mark.parametrize(("ki67", "mitoses", "grade"), [
    ("under_3", "under_2", "net_g1"), ("3_to_20", "under_2", "net_g2"), ("under_3", "2_to_10", "net_g2"),
    ("under_3", "over_10_to_20", "net_g2"), ("over_20", "under_2", "net_g3"), ("3_to_20", "over_20", "net_g3"),
])
def test_who2019_gep_grade_is_the_higher_of_the_two_indices(ki67: str, mitoses: str, grade: str) -> None:
    assert score("net_grade", {**GEP, "ki67": ki67, "mitoses": mitoses}).category == grade


def test_gep_poorly_differentiated_is_nec_whatever_the_indices() -> None:
    assert score("net_grade", {"system": "gep_who2019", "differentiation": "poor"}).category == "nec"


LUNG = {"system": "lung_who2021"}


@pytest.mark.parametrize(("morph", "mitoses", "necrosis", "category"), [
    ("carcinoid", "under_2", "none", "typical_carcinoid"),
    ("carcinoid", "under_2", "punctate", "atypical_carcinoid"),
    ("carcinoid", "2_to_10", "none", "atypical_carcinoid"),
    ("carcinoid", "over_10_to_20", "none", "not_classified"),
    ("large_cell_neuroendocrine", "over_10_to_20", "extensive", "lcnec"),
    ("small_cell", "over_20", "extensive", "sclc"),
])
def test_who2021_lung_types(morph: str, mitoses: str, necrosis: str, category: str) -> None:
    res = score("net_grade", {**LUNG, "morphology": morph, "mitoses": mitoses, "necrosis": necrosis})
    assert res.category == category


def test_lung_ki67_is_not_a_grading_criterion() -> None:
    res = score("net_grade", {**LUNG, "morphology": "carcinoid", "mitoses": "2_to_10"})
    assert res.category == "atypical_carcinoid" and res.missing == ()


def test_radiosensitivity_groups_and_grade_aware_nets() -> None:
    cat = {s: score("radiosensitivity", {"primary_site": s}).category
           for s in ("lymphoma", "myeloma", "breast", "prostate", "kidney", "melanoma", "lung_sclc")}
    assert cat == {"lymphoma": "sensitive", "myeloma": "sensitive", "breast": "intermediate",
                   "prostate": "intermediate", "kidney": "resistant", "melanoma": "resistant",
                   "lung_sclc": "sensitive"}
    unknown_grade = score("radiosensitivity", {"primary_site": "lung_carcinoid"})
    assert unknown_grade.category is None and unknown_grade.missing == ("net_grade",)
    # pathway.md R-O-3: NET G1/G2 and carcinoids intermediate; NET G3 intermediate (MDT review)
    assert score("radiosensitivity", {"primary_site": "gep_net", "net_grade": "net_g2"}).category == "intermediate"
    assert score("radiosensitivity", {"primary_site": "gep_net", "net_grade": "nec"}).category == "sensitive"
    assert score("radiosensitivity", {"primary_site": "gep_net", "net_grade": "net_g3"}).category == "intermediate"
    assert score("radiosensitivity", {"primary_site": "gep_net", "net_grade": "minen"}).category == "not_classified"
    res = score("radiosensitivity", {"primary_site": "lung_carcinoid", "net_grade": "typical_carcinoid"})
    assert "radiosensitivity_net_grade_aware" in [d.key for d in res.decisions]
