"""Revised Tokuhashi (2005, NICE CG75 App. 3) and original Tokuhashi (1990)."""

from __future__ import annotations

import pytest

from spinemet.instruments import score
from spinemet.instruments.sites import PRIMARY_SITES

from .helpers import bands_table, points_table

REVISED_PRIMARY = {
    **dict.fromkeys(["lung_nsclc", "lung_sclc", "lung_lcnec", "lung_other", "osteosarcoma", "stomach", "bladder",
                     "oesophagus", "pancreas"], 0),
    **dict.fromkeys(["liver", "gallbladder", "unknown"], 1),
    **dict.fromkeys(["colon", "myeloma", "lymphoma", "melanoma", "sarcoma", "head_neck", "ovary", "germ_cell",
                     "paraganglioma", "other"], 2),
    # Keys added with case-file version 2, none named by the 2005 table: 'others' (2) by the declared
    # decision tokuhashi_unlisted_site_others.
    **dict.fromkeys(["cholangiocarcinoma", "small_intestine", "appendix", "anus", "adrenal", "thymus",
                     "mesothelioma", "skin_other", "ependymoma", "glioma", "meningioma", "merkel_cell"], 2),
    **dict.fromkeys(["kidney", "uterus", "cervix"], 3),
    "rectum": 4,
    **dict.fromkeys(["thyroid", "breast", "prostate", "lung_carcinoid", "gep_net"], 5),
}


def test_revised_tokuhashi_full_published_table() -> None:
    table = points_table("tokuhashi_revised")
    assert table["general_condition"] == {"poor": 0, "moderate": 1, "good": 2}
    assert table["extraspinal_bone_mets"] == {"three_or_more": 0, "one_or_two": 1, "none": 2}
    assert table["vertebral_body_mets"] == {"three_or_more": 0, "two": 1, "one": 2}
    assert table["visceral_mets"] == {"unremovable": 0, "removable": 1, "none": 2}
    assert table["palsy"] == {"complete": 0, "incomplete": 1, "none": 2}
    assert table["primary_site"] == REVISED_PRIMARY
    assert set(REVISED_PRIMARY) == set(PRIMARY_SITES)


def test_revised_tokuhashi_bands_point_the_right_way() -> None:
    # Higher = longer survival; a notes site prints these inverted.
    assert bands_table("tokuhashi_revised") == [
        ("under_6_months", 0, 8), ("at_least_6_months", 9, 11), ("at_least_1_year", 12, 15)]
    low = score("tokuhashi_revised", dict(general_condition="poor", extraspinal_bone_mets="three_or_more",
                                          vertebral_body_mets="three_or_more", visceral_mets="unremovable",
                                          primary_site="lung_nsclc", palsy="complete"))
    assert low.total == 0 and low.band is not None and low.band.key == "under_6_months"


def test_revised_tokuhashi_hand_computed_carcinoid_case_is_13_at_least_1_year() -> None:
    res = score("tokuhashi_revised", dict(general_condition="moderate", extraspinal_bone_mets="none",
                                          vertebral_body_mets="one", visceral_mets="none",
                                          primary_site="lung_carcinoid", palsy="incomplete"))
    assert res.total == 13 and res.band is not None and res.band.key == "at_least_1_year"
    assert "tokuhashi_lung_carcinoid_is_carcinoid" in [d.key for d in res.decisions]


@pytest.mark.parametrize(("total_parts", "band"), [
    ((2, 2, 2, 2, "lung_nsclc", 0), "under_6_months"),   # 8
    ((2, 2, 2, 2, "liver", 0), "at_least_6_months"),     # 9
    ((2, 2, 2, 2, "kidney", 0), "at_least_6_months"),    # 11
    ((2, 2, 2, 2, "rectum", 0), "at_least_1_year"),      # 12
])
def test_revised_tokuhashi_band_boundaries(total_parts: tuple[int, int, int, int, str, int], band: str) -> None:
    gc = {0: "poor", 1: "moderate", 2: "good"}
    res = score("tokuhashi_revised", dict(
        general_condition=gc[total_parts[0]], extraspinal_bone_mets="none", vertebral_body_mets="one",
        visceral_mets="none", primary_site=total_parts[4], palsy="complete"))
    assert res.band is not None and res.band.key == band


def test_unlisted_site_colon_is_others_with_a_decision() -> None:
    res = score("tokuhashi_revised", {"primary_site": "colon"})
    assert res.components[0].points == 2
    assert [d.key for d in res.decisions] == ["tokuhashi_unlisted_site_others"]


def test_original_1990_table_and_bands() -> None:
    table = points_table("tokuhashi_1990")
    assert table["primary_site"]["lung_nsclc"] == 0 and table["primary_site"]["stomach"] == 0
    assert {table["primary_site"][s] for s in ("kidney", "liver", "uterus")} == {1}
    assert {table["primary_site"][s] for s in ("thyroid", "prostate", "breast", "rectum")} == {2}
    # Conflict resolved by Enkaoua 1997: an unknown primary scored 1 in the 1990 score.
    assert table["primary_site"]["unknown"] == 1 and table["primary_site"]["other"] == 1
    assert bands_table("tokuhashi_1990") == [
        ("up_to_3_months", 0, 5), ("up_to_12_months", 6, 8), ("at_least_12_months", 9, 12)]
