"""Tomita, Bauer/modified Bauer, New Katagiri, NESMS, Rades, Van der Linden: tables, traps, §17 cases."""

from __future__ import annotations

import itertools

import pytest

from spinemet.instruments import get, score

from .helpers import bands_table, points_table


def _band(key: str, answers: dict[str, str]) -> str | None:
    res = score(key, answers)
    return res.band.key if res.band else None


# ---------------------------------------------------------------- Tomita
def test_tomita_full_published_table_and_max_is_10() -> None:
    assert points_table("tomita") == {
        "primary_growth": {"slow": 1, "moderate": 2, "rapid": 4},
        "visceral_mets": {"none": 0, "treatable": 2, "untreatable": 4},
        "bone_mets": {"solitary": 1, "multiple": 2},
    }
    assert get("tomita").max_total == 10  # rapid growth is 4, not 3
    assert bands_table("tomita") == [("long_term_local_control", 2, 3), ("middle_term_local_control", 4, 5),
                                     ("short_term_palliation", 6, 7), ("terminal_care", 8, 10)]


def test_tomita_hand_computed_cases() -> None:
    low = score("tomita", dict(primary_growth="slow", visceral_mets="none", bone_mets="solitary"))
    high = score("tomita", dict(primary_growth="rapid", visceral_mets="untreatable", bone_mets="multiple"))
    assert (low.total, low.band and low.band.key) == (2, "long_term_local_control")
    assert (high.total, high.band and high.band.key) == (10, "terminal_care")


@pytest.mark.parametrize(("answers", "band"), [
    (dict(primary_growth="moderate", visceral_mets="none", bone_mets="solitary"), "long_term_local_control"),  # 3
    (dict(primary_growth="moderate", visceral_mets="none", bone_mets="multiple"), "middle_term_local_control"),  # 4
    (dict(primary_growth="rapid", visceral_mets="none", bone_mets="solitary"), "middle_term_local_control"),  # 5
    (dict(primary_growth="rapid", visceral_mets="none", bone_mets="multiple"), "short_term_palliation"),  # 6
    (dict(primary_growth="slow", visceral_mets="untreatable", bone_mets="multiple"), "short_term_palliation"),  # 7
    (dict(primary_growth="moderate", visceral_mets="untreatable", bone_mets="multiple"), "terminal_care"),  # 8
])
def test_tomita_band_boundaries(answers: dict[str, str], band: str) -> None:
    assert _band("tomita", answers) == band


# ---------------------------------------------------------------- Bauer
BAUER_ITEMS = ("no_visceral_mets", "not_lung_cancer", "favourable_primary", "solitary_skeletal_met")


def test_bauer_tables() -> None:
    assert points_table("bauer") == {k: {"yes": 1, "no": 0} for k in (*BAUER_ITEMS, "no_pathological_fracture")}
    assert points_table("bauer_modified") == {k: {"yes": 1, "no": 0} for k in BAUER_ITEMS}
    assert bands_table("bauer") == [("poor_prognosis", 0, 1), ("intermediate_prognosis", 2, 3),
                                    ("good_prognosis", 4, 5)]
    assert bands_table("bauer_modified") == [("poor_prognosis", 0, 1), ("intermediate_prognosis", 2, 2),
                                             ("good_prognosis", 3, 4)]


def test_bauer_and_modified_bauer_disagree_in_exactly_the_two_documented_situations() -> None:
    band_rank = {"poor_prognosis": 0, "intermediate_prognosis": 1, "good_prognosis": 2}
    for combo in itertools.product(("yes", "no"), repeat=5):
        answers = dict(zip((*BAUER_ITEMS, "no_pathological_fracture"), combo, strict=True))
        four = {k: answers[k] for k in BAUER_ITEMS}
        favourable = sum(v == "yes" for v in four.values())
        no_fracture = answers["no_pathological_fracture"] == "yes"
        orig, mod = _band("bauer", answers), _band("bauer_modified", four)
        assert orig is not None and mod is not None
        situation_a = no_fracture and favourable == 1
        situation_b = not no_fracture and favourable == 3
        assert (band_rank[orig] != band_rank[mod]) == (situation_a or situation_b), answers
        if situation_a:
            assert (orig, mod) == ("intermediate_prognosis", "poor_prognosis")
        if situation_b:
            assert (orig, mod) == ("intermediate_prognosis", "good_prognosis")


def test_bauer_hand_computed_breast_solitary_case() -> None:
    a = dict(no_visceral_mets="yes", not_lung_cancer="yes", favourable_primary="yes", solitary_skeletal_met="yes")
    assert score("bauer", {**a, "no_pathological_fracture": "yes"}).total == 5
    assert score("bauer_modified", a).total == 4
    assert _band("bauer", {**a, "no_pathological_fracture": "yes"}) == "good_prognosis"
    assert _band("bauer_modified", a) == "good_prognosis"


def test_bauer_hand_computed_colon_multiple_visceral_case_versions_disagree() -> None:
    a = dict(no_visceral_mets="no", not_lung_cancer="yes", favourable_primary="no", solitary_skeletal_met="no")
    orig = score("bauer", {**a, "no_pathological_fracture": "yes"})
    mod = score("bauer_modified", a)
    assert (orig.total, mod.total) == (2, 1)
    assert (_band("bauer", {**a, "no_pathological_fracture": "yes"}), _band("bauer_modified", a)) == (
        "intermediate_prognosis", "poor_prognosis")


# ---------------------------------------------------------------- New Katagiri
def test_katagiri_full_table_and_bands() -> None:
    assert points_table("katagiri_new") == {
        "primary_growth": {"slow": 0, "moderate": 2, "rapid": 3},
        "visceral_mets": {"none": 0, "nodular": 1, "disseminated": 2},
        "laboratory": {"normal": 0, "abnormal": 1, "critical": 2},
        "ecog_3_or_4": {"yes": 1, "no": 0}, "previous_chemotherapy": {"yes": 1, "no": 0},
        "multiple_skeletal_mets": {"yes": 1, "no": 0},
    }
    assert bands_table("katagiri_new") == [("low_risk", 0, 3), ("intermediate_risk", 4, 6), ("high_risk", 7, 10)]


def test_katagiri_hand_computed_lung_case_is_8_high_risk() -> None:
    res = score("katagiri_new", dict(primary_growth="rapid", visceral_mets="nodular", laboratory="abnormal",
                                     ecog_3_or_4="yes", previous_chemotherapy="yes", multiple_skeletal_mets="yes"))
    assert res.total == 8 and res.band is not None and res.band.key == "high_risk"


def test_katagiri_hand_computed_breast_case_is_0_low_risk() -> None:
    res = score("katagiri_new", dict(primary_growth="slow", visceral_mets="none", laboratory="normal",
                                     ecog_3_or_4="no", previous_chemotherapy="no", multiple_skeletal_mets="no"))
    assert res.total == 0 and res.band is not None and res.band.key == "low_risk"


@pytest.mark.parametrize(("growth", "extra", "band"), [
    ("rapid", "no", "low_risk"), ("rapid", "yes", "intermediate_risk"),  # 3 / 4
])
def test_katagiri_boundary_3_4(growth: str, extra: str, band: str) -> None:
    assert _band("katagiri_new", dict(primary_growth=growth, visceral_mets="none", laboratory="normal",
                                      ecog_3_or_4=extra, previous_chemotherapy="no",
                                      multiple_skeletal_mets="no")) == band


@pytest.mark.parametrize(("chemo", "band"), [("no", "intermediate_risk"), ("yes", "high_risk")])
def test_katagiri_boundary_6_7(chemo: str, band: str) -> None:
    assert _band("katagiri_new", dict(primary_growth="rapid", visceral_mets="disseminated", laboratory="normal",
                                      ecog_3_or_4="yes", previous_chemotherapy=chemo,
                                      multiple_skeletal_mets="no")) == band


# ---------------------------------------------------------------- NESMS
def test_nesms_table_and_cap_at_3() -> None:
    assert points_table("nesms") == {"bauer_modified_3_or_more": {"yes": 2, "no": 0},
                                     "ambulatory": {"yes": 1, "no": 0}, "albumin_normal": {"yes": 1, "no": 0}}
    full = {"bauer_modified_3_or_more": "yes", "ambulatory": "yes", "albumin_normal": "yes"}
    assert score("nesms", full).total == 3  # raw 4, capped


@pytest.mark.parametrize(("mb", "amb", "alb", "expected"), [
    ("no", "no", "no", 0), ("no", "yes", "no", 1), ("no", "no", "yes", 1), ("no", "yes", "yes", 2),
    ("yes", "no", "no", 2), ("yes", "yes", "no", 3), ("yes", "no", "yes", 3), ("yes", "yes", "yes", 3),
])
def test_nesms_full_published_truth_table(mb: str, amb: str, alb: str, expected: int) -> None:
    res = score("nesms", {"bauer_modified_3_or_more": mb, "ambulatory": amb, "albumin_normal": alb})
    assert res.total == expected and res.band is not None and res.band.key == f"score_{expected}"


def test_nesms_hand_computed_case_mbauer2_ambulatory_albumin_3_4_is_1() -> None:
    assert score("nesms", {"bauer_modified_3_or_more": "no", "ambulatory": "yes", "albumin_normal": "no"}).total == 1


def test_nesms_total_is_settled_by_the_cap_even_with_albumin_unknown() -> None:
    res = score("nesms", {"bauer_modified_3_or_more": "yes", "ambulatory": "yes"})
    assert res.total == 3 and res.missing == ("albumin_normal",)


# ---------------------------------------------------------------- Rades
def test_rades_full_table_range_20_45() -> None:
    assert points_table("rades_survival") == {
        "tumour_type": {"breast": 8, "prostate": 7, "myeloma_lymphoma": 9, "lung": 3, "other": 4},
        "other_bone_mets": {"yes": 5, "no": 6}, "visceral_mets": {"yes": 2, "no": 8},
        "interval_to_mscc": {"over_15_months": 7, "up_to_15_months": 4}, "ambulatory": {"yes": 7, "no": 3},
        "motor_deficit_time": {"over_14_days": 8, "8_to_14_days": 6, "1_to_7_days": 3},
    }
    assert (get("rades_survival").min_total, get("rades_survival").max_total) == (20, 45)
    assert bands_table("rades_survival") == [("points_20_25", 20, 25), ("points_26_30", 26, 30),
                                             ("points_31_35", 31, 35), ("points_36_40", 36, 40),
                                             ("points_41_45", 41, 45)]


def test_rades_hand_computed_breast_case_is_44() -> None:
    res = score("rades_survival", dict(tumour_type="breast", other_bone_mets="no", visceral_mets="no",
                                       interval_to_mscc="over_15_months", ambulatory="yes",
                                       motor_deficit_time="over_14_days"))
    assert res.total == 44 and res.band is not None and res.band.key == "points_41_45"
    alt = res.alternative_bands[0].band
    assert alt is not None and alt.key == "points_36_45"


def test_rades_hand_computed_lung_case_is_20() -> None:
    res = score("rades_survival", dict(tumour_type="lung", other_bone_mets="yes", visceral_mets="yes",
                                       interval_to_mscc="up_to_15_months", ambulatory="no",
                                       motor_deficit_time="1_to_7_days"))
    assert res.total == 20 and res.band is not None and res.band.key == "points_20_25"
    alt = res.alternative_bands[0].band
    assert alt is not None and alt.key == "points_20_30"


def test_rades_unknown_visceral_skips_an_unreachable_middle_band() -> None:
    # other 4 + no other bone 6 + <=15 mo 4 + non-ambulatory 3 + 8-14 d 6 = 23; visceral 2 or 8 -> 25 or 31.
    res = score("rades_survival", dict(tumour_type="other", other_bone_mets="no", interval_to_mscc="up_to_15_months",
                                       ambulatory="no", motor_deficit_time="8_to_14_days"))
    assert (res.min_total, res.max_total) == (25, 31)
    assert res.possible_bands == ("points_20_25", "points_31_35")


# ---------------------------------------------------------------- Van der Linden
def test_van_der_linden_table_and_groups() -> None:
    assert points_table("van_der_linden") == {
        "kps": {"80_to_100": 2, "50_to_70": 1, "up_to_40": 0},
        "primary": {"breast": 3, "prostate": 2, "lung": 1, "other": 0},
        "visceral_mets": {"absent": 1, "present": 0},
    }
    assert bands_table("van_der_linden") == [("group_a", 0, 3), ("group_b", 4, 5), ("group_c", 6, 6)]


def test_van_der_linden_hand_computed_kps80_breast_no_visceral_is_6_group_c() -> None:
    res = score("van_der_linden", dict(kps="80_to_100", primary="breast", visceral_mets="absent"))
    assert res.total == 6 and res.band is not None and res.band.key == "group_c"


@pytest.mark.parametrize(("answers", "band"), [
    (dict(kps="50_to_70", primary="prostate", visceral_mets="present"), "group_a"),  # 3
    (dict(kps="50_to_70", primary="prostate", visceral_mets="absent"), "group_b"),  # 4
    (dict(kps="80_to_100", primary="breast", visceral_mets="present"), "group_b"),  # 5
])
def test_van_der_linden_boundaries(answers: dict[str, str], band: str) -> None:
    assert _band("van_der_linden", answers) == band


def test_only_breast_reaches_group_c() -> None:
    for primary in ("prostate", "lung", "other"):
        assert _band("van_der_linden", dict(kps="80_to_100", primary=primary, visceral_mets="absent")) != "group_c"
