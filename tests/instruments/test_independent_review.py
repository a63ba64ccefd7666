"""Independent review: hand-computed cases typed directly from the clinical sources.

Every expected value in this module was computed by hand from
``/work/shared/clinical/instruments.md`` (tables, §16 primary mapping, §17 check cases) and
``docs/verification-findings.md`` — never read back from the declarations. Test names say which
table or source row each case is checked against.
"""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case import parse_case, snapshot
from spinemet.case.units import to_canonical
from spinemet.case.vocab import Analyte
from spinemet.errors import InvalidValue
from spinemet.instruments import InvalidAnswer, Result, assess_snapshot, score
from spinemet.instruments.conversions import ecog_to_kps, kps_to_ecog
from spinemet.instruments.declarations.bauer import bauer_primary
from spinemet.instruments.declarations.katagiri import katagiri_growth, katagiri_laboratory
from spinemet.instruments.declarations.nesms import albumin_normal
from spinemet.instruments.declarations.net_grade import ki67_bin, mitoses_bin
from spinemet.instruments.declarations.rades import motor_deficit_time, rades_tumour_type
from spinemet.instruments.declarations.sins import sins_collapse_from_percent, sins_location_from_level
from spinemet.instruments.declarations.tokuhashi import (
    extraspinal_bin,
    general_condition_from_kps,
    palsy_from_frankel,
    vertebral_bin,
)
from spinemet.instruments.declarations.tomita import tomita_growth
from spinemet.instruments.declarations.van_der_linden import van_der_linden_kps, van_der_linden_primary

# ----------------------------------------------------------------------------------------- helpers


def _total(key: str, **answers: str) -> Result:
    res = score(key, answers)
    assert res.total is not None, f"{key} should be settled for {answers}"
    return res


def _band(res: Result) -> str:
    assert res.band is not None
    return res.band.key


# ==================================================================================== SINS (§1)

# Items and points typed from instruments.md §1 "Items and points".
SINS_TABLE: dict[str, dict[str, int]] = {
    "location": {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0},
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "deformity": 2, "normal": 0},
    "collapse": {"at_least_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}
SINS_ZERO = {"location": "rigid", "pain": "none", "bone_lesion": "blastic", "alignment": "normal",
             "collapse": "none", "posterolateral": "none"}


@pytest.mark.parametrize(("item", "answer", "points"),
                         [(i, a, p) for i, answers in SINS_TABLE.items() for a, p in answers.items()])
def test_sins_each_answer_scores_its_points_per_fisher2010_table(item: str, answer: str, points: int) -> None:
    assert _total("sins", **{**SINS_ZERO, item: answer}).total == points


@pytest.mark.parametrize(("answers", "total", "band"), [
    (dict(location="semirigid", pain="mechanical", bone_lesion="lytic", alignment="normal", collapse="under_50",
          posterolateral="unilateral"), 9, "potentially_unstable"),
    (SINS_ZERO, 0, "stable"),
    (dict(location="junctional", pain="mechanical", bone_lesion="lytic", alignment="subluxation",
          collapse="at_least_50", posterolateral="bilateral"), 18, "unstable"),
    (dict(location="junctional", pain="occasional", bone_lesion="mixed", alignment="deformity",
          collapse="none_over_50_involved", posterolateral="none"), 8, "potentially_unstable"),
])
def test_sins_hand_computed_rows_per_instruments_md_s17(answers: dict[str, str], total: int, band: str) -> None:
    res = _total("sins", **answers)
    assert (res.total, _band(res)) == (total, band)


def test_sins_min_total_is_0_and_max_total_is_18_per_fourney2011() -> None:
    res = score("sins", {})
    assert (res.min_total, res.max_total, res.total) == (0, 18, None)
    assert res.possible_bands == ("stable", "potentially_unstable", "unstable")


@pytest.mark.parametrize(("answers", "total", "band"), [
    # 3 = semirigid 1 + mixed 1 + no collapse >50% involved 1 (mid stable)
    (dict(SINS_ZERO, location="semirigid", bone_lesion="mixed", collapse="none_over_50_involved"), 3, "stable"),
    # 6 = junctional 3 + mechanical 3 (top of stable)
    (dict(SINS_ZERO, location="junctional", pain="mechanical"), 6, "stable"),
    # 7 = junctional 3 + mechanical 3 + mixed 1 (bottom of potentially unstable)
    (dict(SINS_ZERO, location="junctional", pain="mechanical", bone_lesion="mixed"), 7, "potentially_unstable"),
    # 12 = junctional 3 + mechanical 3 + lytic 2 + deformity 2 + under_50 2
    (dict(SINS_ZERO, location="junctional", pain="mechanical", bone_lesion="lytic", alignment="deformity",
          collapse="under_50"), 12, "potentially_unstable"),
    # 13 = 12 + unilateral 1
    (dict(location="junctional", pain="mechanical", bone_lesion="lytic", alignment="deformity",
          collapse="under_50", posterolateral="unilateral"), 13, "unstable"),
    # 16 = mobile 2 + mechanical 3 + lytic 2 + subluxation 4 + under_50 2 + bilateral 3
    (dict(location="mobile", pain="mechanical", bone_lesion="lytic", alignment="subluxation",
          collapse="under_50", posterolateral="bilateral"), 16, "unstable"),
])
def test_sins_band_boundaries_0_6_7_12_13_18_per_fourney2011(answers: dict[str, str], total: int,
                                                            band: str) -> None:
    res = _total("sins", **answers)
    assert (res.total, _band(res)) == (total, band)


def test_sins_binary_fisher2014_grouping_splits_at_6_and_7() -> None:
    for answers, expected in ((dict(SINS_ZERO, location="junctional", pain="mechanical"), "stable"),
                              (dict(SINS_ZERO, location="junctional", pain="mechanical", bone_lesion="mixed"),
                               "surgical_consultation")):
        alt = score("sins", answers).alternative_bands[0]
        assert alt.band is not None and alt.band.key == expected


# Level -> location typed from instruments.md §1 "Vertebral level -> location (code-ready)".
LEVEL_LOCATION = {
    **dict.fromkeys(["C1", "C2"], "junctional"),
    **dict.fromkeys(["C3", "C4", "C5", "C6"], "mobile"),
    **dict.fromkeys(["C7", "T1", "T2"], "junctional"),
    **dict.fromkeys([f"T{n}" for n in range(3, 11)], "semirigid"),
    **dict.fromkeys(["T11", "T12", "L1"], "junctional"),
    **dict.fromkeys(["L2", "L3", "L4"], "mobile"),
    **dict.fromkeys(["L5", "S1"], "junctional"),
    **dict.fromkeys(["S2", "S3", "S4", "S5"], "rigid"),
}


@pytest.mark.parametrize(("level", "location"), sorted(LEVEL_LOCATION.items()))
def test_sins_level_to_location_per_instruments_md_s1_table(level: str, location: str) -> None:
    assert sins_location_from_level(level).answer == location


def test_sins_t6_story_case_level_is_semirigid_1_point_per_instruments_md_s1() -> None:
    g = sins_location_from_level("T6")
    assert g.answer == "semirigid"
    assert _total("sins", **{**SINS_ZERO, "location": str(g.answer)}).total == 1


@pytest.mark.parametrize("level", ["Co", "T13", "L6"])
def test_sins_coccyx_and_transitional_labels_are_rejected_per_instruments_md_s1_trap7(level: str) -> None:
    with pytest.raises(InvalidValue):
        sins_location_from_level(level)


@pytest.mark.parametrize(("collapse", "involvement", "answer"), [
    (50, None, "at_least_50"),          # exactly 50% -> 3 (documented >=50% decision)
    (49.9, None, "under_50"),
    (1, None, "under_50"),
    (0, 51, "none_over_50_involved"),
    (0, 50, "none"),                    # '>50% involved' is strict
])
def test_sins_collapse_from_percent_per_instruments_md_s1_trap1(collapse: float, involvement: float | None,
                                                                 answer: str) -> None:
    assert sins_collapse_from_percent(collapse, involvement).answer == answer


def test_sins_no_collapse_with_unknown_involvement_is_not_guessed() -> None:
    g = sins_collapse_from_percent(0, None)
    assert g.answer is None and set(g.candidates) == {"none_over_50_involved", "none"}


# ==================================================================================== ESCC (§2)

@pytest.mark.parametrize(("grade", "category"), [
    ("0", "low_grade"), ("1a", "low_grade"), ("1b", "low_grade"), ("1c", "borderline"),
    ("2", "high_grade"), ("3", "high_grade"),
])
def test_escc_grade_to_noms_group_per_bilsky2010_and_instruments_md_s2(grade: str, category: str) -> None:
    assert score("escc", {"grade": grade}).category == category


def test_escc_unknown_grade_leaves_all_three_groups_possible() -> None:
    assert set(score("escc", {}).possible_bands) == {"low_grade", "borderline", "high_grade"}


# ======================================================================== Frankel / ASIA (§3)

@pytest.mark.parametrize(("grade", "palsy"), [("A", "complete"), ("B", "complete"), ("C", "incomplete"),
                                              ("D", "incomplete"), ("E", "none")])
def test_frankel_to_tokuhashi_palsy_per_nice_cg75(grade: str, palsy: str) -> None:
    assert palsy_from_frankel(grade).answer == palsy
    assert score("frankel", {"grade": grade}).category == grade


def test_frankel_subgrade_d1_is_rejected_per_instruments_md_s3a() -> None:
    with pytest.raises((InvalidAnswer, InvalidValue)):
        palsy_from_frankel("D1")


@pytest.mark.parametrize("grade", ["A", "B", "C", "D", "E"])
def test_asia_grades_are_their_own_categories_per_isncsci(grade: str) -> None:
    assert score("asia", {"grade": grade}).category == grade


# ===================================================================== KPS / ECOG (§4)

@pytest.mark.parametrize(("kps", "band"), [(100, "a"), (80, "a"), (70, "b"), (60, "b"), (50, "b"),
                                           (40, "c"), (10, "c"), (0, "c")])
def test_kps_categories_a_80_100_b_50_70_c_0_40_per_instruments_md_s4a(kps: int, band: str) -> None:
    res = score("kps", {"score": kps})
    assert (res.total, _band(res)) == (kps, band)


def test_kps_55_is_rejected_not_rounded_per_instruments_md_s4a() -> None:
    with pytest.raises(InvalidAnswer):
        score("kps", {"score": 55})


def test_kps_and_ecog_range_and_direction() -> None:
    assert (score("kps", {}).min_total, score("kps", {}).max_total) == (0, 100)
    assert (score("ecog", {}).min_total, score("ecog", {}).max_total) == (0, 5)
    assert _band(score("ecog", {"score": 3})) == "ecog_3"


# KPS -> ECOG typed from instruments.md §4 "KPS <-> ECOG conversion" (ECOG rows inverted).
CONVENTIONAL = {100: 0, 90: 0, 80: 1, 70: 1, 60: 2, 50: 2, 40: 3, 30: 3, 20: 4, 10: 4, 0: 5}
MA_2010 = {100: 0, 90: 1, 80: 1, 70: 2, 60: 2, 50: 3, 40: 3, 30: 4, 20: 4, 10: 4}
PRASAD_2018 = {100: 0, 90: 1, 80: 1, 70: 2, 60: 3, 50: 3, 40: 4, 30: 4, 20: 4, 10: 4}


@pytest.mark.parametrize(("table", "mapping"), [("conventional", CONVENTIONAL), ("ma_2010", MA_2010),
                                                ("prasad_2018", PRASAD_2018)])
def test_kps_to_ecog_every_value_per_instruments_md_s4_tables(table: str, mapping: dict[int, int]) -> None:
    for kps, ecog in mapping.items():
        assert kps_to_ecog(kps, table).value == ecog, (table, kps)


@pytest.mark.parametrize(("table", "mapping"), [("conventional", CONVENTIONAL), ("ma_2010", MA_2010),
                                                ("prasad_2018", PRASAD_2018)])
def test_ecog_to_kps_every_grade_per_instruments_md_s4_tables(table: str, mapping: dict[int, int]) -> None:
    for ecog in range(5):
        expected = sorted(k for k, e in mapping.items() if e == ecog)
        assert sorted(ecog_to_kps(ecog, table).values) == expected, (table, ecog)


def test_kps_70_is_ecog_1_conventional_2_ma2010_2_prasad2018_per_instruments_md_s17() -> None:
    assert [kps_to_ecog(70, t).value for t in ("conventional", "ma_2010", "prasad_2018")] == [1, 2, 2]


# ================================================================ Revised Tokuhashi (§5)

TOKUHASHI_ZERO = dict(general_condition="poor", extraspinal_bone_mets="three_or_more",
                      vertebral_body_mets="three_or_more", visceral_mets="unremovable", primary_site="lung_nsclc",
                      palsy="complete")
TOKUHASHI_TABLE: dict[str, dict[str, int]] = {
    "general_condition": {"poor": 0, "moderate": 1, "good": 2},
    "extraspinal_bone_mets": {"three_or_more": 0, "one_or_two": 1, "none": 2},
    "vertebral_body_mets": {"three_or_more": 0, "two": 1, "one": 2},
    "visceral_mets": {"unremovable": 0, "removable": 1, "none": 2},
    "palsy": {"complete": 0, "incomplete": 1, "none": 2},
}


@pytest.mark.parametrize(("item", "answer", "points"),
                         [(i, a, p) for i, answers in TOKUHASHI_TABLE.items() for a, p in answers.items()])
def test_tokuhashi_revised_item_points_per_tokuhashi2005_table(item: str, answer: str, points: int) -> None:
    assert _total("tokuhashi_revised", **{**TOKUHASHI_ZERO, item: answer}).total == points


# Primary groups typed from instruments.md §5 (and §16 for sites the table does not name).
TOKUHASHI_PRIMARY = {
    "lung_nsclc": 0, "lung_sclc": 0, "lung_lcnec": 0, "osteosarcoma": 0, "stomach": 0, "bladder": 0,
    "oesophagus": 0, "pancreas": 0,
    "liver": 1, "gallbladder": 1, "unknown": 1,
    "other": 2, "colon": 2, "myeloma": 2, "lymphoma": 2, "melanoma": 2,
    "kidney": 3, "uterus": 3,
    "rectum": 4,
    "thyroid": 5, "breast": 5, "prostate": 5, "gep_net": 5, "lung_carcinoid": 5,
}


@pytest.mark.parametrize(("site", "points"), sorted(TOKUHASHI_PRIMARY.items()))
def test_tokuhashi_revised_primary_groups_per_tokuhashi2005_and_s16(site: str, points: int) -> None:
    assert _total("tokuhashi_revised", **{**TOKUHASHI_ZERO, "primary_site": site}).total == points


def test_tokuhashi_revised_carcinoid_case_is_13_per_instruments_md_s17() -> None:
    res = _total("tokuhashi_revised", general_condition=str(general_condition_from_kps(60).answer),
                 extraspinal_bone_mets="none", vertebral_body_mets="one", visceral_mets="none",
                 primary_site="gep_net", palsy=str(palsy_from_frankel("C").answer))
    assert (res.total, _band(res)) == (13, "at_least_1_year")


def test_tokuhashi_revised_min_is_0_lung_worst_case_per_instruments_md_s17() -> None:
    res = _total("tokuhashi_revised", **TOKUHASHI_ZERO)
    assert (res.total, _band(res)) == (0, "under_6_months")


def test_tokuhashi_revised_range_0_15_per_tokuhashi2005() -> None:
    res = score("tokuhashi_revised", {})
    assert (res.min_total, res.max_total) == (0, 15)
    best = _total("tokuhashi_revised", general_condition="good", extraspinal_bone_mets="none",
                  vertebral_body_mets="one", visceral_mets="none", primary_site="breast", palsy="none")
    assert (best.total, _band(best)) == (15, "at_least_1_year")


@pytest.mark.parametrize(("answers", "total", "band"), [
    # 4: moderate 1 + 1-2 foci 1 + two vertebrae 1 + removable 1 + lung 0 + complete 0
    (dict(general_condition="moderate", extraspinal_bone_mets="one_or_two", vertebral_body_mets="two",
          visceral_mets="removable", primary_site="lung_nsclc", palsy="complete"), 4, "under_6_months"),
    # 8 (top of <6 mo): good 2 + none 2 + one 2 + unremovable 0 + liver 1 + incomplete 1
    (dict(general_condition="good", extraspinal_bone_mets="none", vertebral_body_mets="one",
          visceral_mets="unremovable", primary_site="liver", palsy="incomplete"), 8, "under_6_months"),
    # 9: same with 'others' (colon) 2
    (dict(general_condition="good", extraspinal_bone_mets="none", vertebral_body_mets="one",
          visceral_mets="unremovable", primary_site="colon", palsy="incomplete"), 9, "at_least_6_months"),
    # 10: moderate 1 + 1-2 1 + one 2 + none 2 + kidney 3 + complete 0... = 9; use incomplete 1 -> 10
    (dict(general_condition="moderate", extraspinal_bone_mets="one_or_two", vertebral_body_mets="one",
          visceral_mets="none", primary_site="kidney", palsy="incomplete"), 10, "at_least_6_months"),
    # 11: moderate 1 + 1-2 1 + one 2 + none 2 + rectum 4 + incomplete 1
    (dict(general_condition="moderate", extraspinal_bone_mets="one_or_two", vertebral_body_mets="one",
          visceral_mets="none", primary_site="rectum", palsy="incomplete"), 11, "at_least_6_months"),
    # 12: 11 with palsy none 2
    (dict(general_condition="moderate", extraspinal_bone_mets="one_or_two", vertebral_body_mets="one",
          visceral_mets="none", primary_site="rectum", palsy="none"), 12, "at_least_1_year"),
    # 14: good 2 + none 2 + two 1 + none 2 + prostate 5 + none 2
    (dict(general_condition="good", extraspinal_bone_mets="none", vertebral_body_mets="two",
          visceral_mets="none", primary_site="prostate", palsy="none"), 14, "at_least_1_year"),
])
def test_tokuhashi_revised_bands_0_8_9_11_12_15_higher_is_better_per_nice_cg75(answers: dict[str, str],
                                                                              total: int, band: str) -> None:
    res = _total("tokuhashi_revised", **answers)
    assert (res.total, _band(res)) == (total, band)


@pytest.mark.parametrize(("kps", "answer"), [(10, "poor"), (40, "poor"), (50, "moderate"), (70, "moderate"),
                                             (80, "good"), (100, "good")])
def test_tokuhashi_general_condition_kps_bins_per_nice_cg75(kps: int, answer: str) -> None:
    assert general_condition_from_kps(kps).answer == answer


def test_tokuhashi_kps_0_and_zero_vertebrae_are_rejected_per_instruments_md_s5_traps() -> None:
    with pytest.raises(InvalidAnswer):
        general_condition_from_kps(0)
    with pytest.raises((InvalidAnswer, InvalidValue)):
        vertebral_bin(0)


@pytest.mark.parametrize(("n", "extra", "vert"), [(0, "none", None), (1, "one_or_two", "one"),
                                                  (2, "one_or_two", "two"), (3, "three_or_more", "three_or_more"),
                                                  (7, "three_or_more", "three_or_more")])
def test_tokuhashi_count_bins_vertebral_row_is_not_the_extraspinal_row(n: int, extra: str,
                                                                        vert: str | None) -> None:
    assert extraspinal_bin(n).answer == extra
    if vert is not None:
        assert vertebral_bin(n).answer == vert


# ======================================================================= Tokuhashi 1990 (§5)

def test_tokuhashi_1990_range_0_12_and_bands_0_5_6_8_9_12_per_nice_evidence_table() -> None:
    res = score("tokuhashi_1990", {})
    assert (res.min_total, res.max_total) == (0, 12)
    best = _total("tokuhashi_1990", general_condition="good", extraspinal_bone_mets="none",
                  vertebral_body_mets="one", visceral_mets="none", primary_site="breast", palsy="none")
    assert (best.total, _band(best)) == (12, "at_least_12_months")
    # 5: poor 0 + 1-2 1 + two 1 + removable 1 + kidney 1 + incomplete 1
    five = _total("tokuhashi_1990", general_condition="poor", extraspinal_bone_mets="one_or_two",
                  vertebral_body_mets="two", visceral_mets="removable", primary_site="kidney", palsy="incomplete")
    assert (five.total, _band(five)) == (5, "up_to_3_months")
    # 6: same with rectum (2)
    six = _total("tokuhashi_1990", general_condition="poor", extraspinal_bone_mets="one_or_two",
                 vertebral_body_mets="two", visceral_mets="removable", primary_site="rectum", palsy="incomplete")
    assert (six.total, _band(six)) == (6, "up_to_12_months")


# ============================================================================= Tomita (§6)

def test_tomita_min_total_is_2_slow_none_solitary_per_tomita2001() -> None:
    res = _total("tomita", primary_growth="slow", visceral_mets="none", bone_mets="solitary")
    assert (res.total, _band(res)) == (2, "long_term_local_control")


def test_tomita_max_total_is_10_rapid_is_4_per_tomita2001() -> None:
    res = _total("tomita", primary_growth="rapid", visceral_mets="untreatable", bone_mets="multiple")
    assert (res.total, _band(res)) == (10, "terminal_care")
    assert (score("tomita", {}).min_total, score("tomita", {}).max_total) == (2, 10)


@pytest.mark.parametrize(("growth", "visceral", "bone", "total", "band"), [
    ("slow", "none", "multiple", 3, "long_term_local_control"),
    ("moderate", "none", "multiple", 4, "middle_term_local_control"),
    ("slow", "treatable", "multiple", 5, "middle_term_local_control"),
    ("moderate", "treatable", "multiple", 6, "short_term_palliation"),
    ("rapid", "treatable", "solitary", 7, "short_term_palliation"),
    ("rapid", "treatable", "multiple", 8, "terminal_care"),
    ("rapid", "untreatable", "solitary", 9, "terminal_care"),
])
def test_tomita_bands_2_3_4_5_6_7_8_10_per_tomita2001(growth: str, visceral: str, bone: str, total: int,
                                                       band: str) -> None:
    res = _total("tomita", primary_growth=growth, visceral_mets=visceral, bone_mets=bone)
    assert (res.total, _band(res)) == (total, band)


# Tomita growth per instruments.md §6 lists and §16 column.
@pytest.mark.parametrize(("site", "growth"), [
    ("breast", "slow"), ("thyroid", "slow"), ("prostate", "slow"), ("kidney", "moderate"),
    ("uterus", "moderate"), ("lung_nsclc", "rapid"), ("lung_sclc", "rapid"), ("lung_lcnec", "rapid"),
    ("liver", "rapid"), ("stomach", "rapid"), ("colon", "rapid"), ("rectum", "rapid"), ("unknown", "rapid"),
])
def test_tomita_primary_growth_per_tomita2001_lists_and_s16(site: str, growth: str) -> None:
    assert tomita_growth(site).answer == growth


# ========================================================================= Bauer (§7)

BAUER_ITEMS = ("no_visceral_mets", "not_lung_cancer", "favourable_primary", "solitary_skeletal_met",
               "no_pathological_fracture")


def test_bauer_range_0_5_and_modified_range_0_4_per_bauer1995_leithner2008() -> None:
    assert (score("bauer", {}).min_total, score("bauer", {}).max_total) == (0, 5)
    assert (score("bauer_modified", {}).min_total, score("bauer_modified", {}).max_total) == (0, 4)
    zero = _total("bauer", **dict.fromkeys(BAUER_ITEMS, "no"))
    assert (zero.total, _band(zero)) == (0, "poor_prognosis")
    mzero = _total("bauer_modified", **dict.fromkeys(BAUER_ITEMS[:4], "no"))
    assert (mzero.total, _band(mzero)) == (0, "poor_prognosis")


def test_bauer_breast_solitary_no_visceral_no_fracture_is_5_and_modified_4_per_instruments_md_s17() -> None:
    orig = _total("bauer", **dict.fromkeys(BAUER_ITEMS, "yes"))
    mod = _total("bauer_modified", **dict.fromkeys(BAUER_ITEMS[:4], "yes"))
    assert (orig.total, _band(orig)) == (5, "good_prognosis")
    assert (mod.total, _band(mod)) == (4, "good_prognosis")


def test_bauer_colon_multiple_visceral_no_fracture_versions_disagree_per_instruments_md_s17() -> None:
    answers = dict(no_visceral_mets="no", not_lung_cancer="yes", favourable_primary="no",
                   solitary_skeletal_met="no")
    orig = _total("bauer", **answers, no_pathological_fracture="yes")
    mod = _total("bauer_modified", **answers)
    assert (orig.total, _band(orig)) == (2, "intermediate_prognosis")
    assert (mod.total, _band(mod)) == (1, "poor_prognosis")


def test_bauer_fracture_with_three_favourable_is_3_in_both_but_bands_differ_per_instruments_md_s7_trap4() -> None:
    answers = dict(no_visceral_mets="yes", not_lung_cancer="yes", favourable_primary="yes",
                   solitary_skeletal_met="no")
    orig = _total("bauer", **answers, no_pathological_fracture="no")
    mod = _total("bauer_modified", **answers)
    assert (orig.total, _band(orig)) == (3, "intermediate_prognosis")
    assert (mod.total, _band(mod)) == (3, "good_prognosis")


def test_modified_bauer_band_2_is_its_own_middle_band_per_leithner2008() -> None:
    res = _total("bauer_modified", no_visceral_mets="yes", not_lung_cancer="yes", favourable_primary="no",
                 solitary_skeletal_met="no")
    assert (res.total, _band(res)) == (2, "intermediate_prognosis")


@pytest.mark.parametrize(("site", "not_lung", "favourable"), [
    ("breast", "yes", "yes"), ("kidney", "yes", "yes"), ("lymphoma", "yes", "yes"), ("myeloma", "yes", "yes"),
    ("prostate", "yes", "no"), ("thyroid", "yes", "no"), ("colon", "yes", "no"), ("gep_net", "yes", "no"),
    ("lung_nsclc", "no", "no"), ("lung_sclc", "no", "no"), ("lung_lcnec", "no", "no"),
])
def test_bauer_histology_counts_twice_and_prostate_is_not_favourable_per_instruments_md_s7(
        site: str, not_lung: str, favourable: str) -> None:
    g = bauer_primary(site)
    assert (g["not_lung_cancer"].answer, g["favourable_primary"].answer) == (not_lung, favourable)


def test_bauer_unknown_primary_lung_status_is_not_guessed_per_s16() -> None:
    g = bauer_primary("unknown")
    assert g["not_lung_cancer"].answer is None and g["favourable_primary"].answer == "no"


# =================================================================== New Katagiri (§8a)

KATAGIRI_ZERO = dict(primary_growth="slow", visceral_mets="none", laboratory="normal", ecog_3_or_4="no",
                     previous_chemotherapy="no", multiple_skeletal_mets="no")


def test_katagiri_lung_no_targeted_nodular_albumin_ecog3_chemo_multiple_is_8_per_instruments_md_s17() -> None:
    lab = katagiri_laboratory({"albumin": 3.2, "crp": 0.1, "ldh": 200, "platelets": 200, "calcium": 9.5,
                                  "bilirubin": 0.5})
    assert lab.answer == "abnormal"
    res = _total("katagiri_new", primary_growth=str(katagiri_growth("lung_nsclc", None, False).answer),
                 visceral_mets="nodular", laboratory="abnormal", ecog_3_or_4="yes", previous_chemotherapy="yes",
                 multiple_skeletal_mets="yes")
    assert (res.total, _band(res)) == (8, "high_risk")


def test_katagiri_hormone_dependent_breast_all_favourable_is_0_per_instruments_md_s17() -> None:
    assert katagiri_growth("breast", True, None).answer == "slow"
    res = _total("katagiri_new", **KATAGIRI_ZERO)
    assert (res.total, _band(res)) == (0, "low_risk")


def test_katagiri_max_total_is_10_per_katagiri2014() -> None:
    res = _total("katagiri_new", primary_growth="rapid", visceral_mets="disseminated", laboratory="critical",
                 ecog_3_or_4="yes", previous_chemotherapy="yes", multiple_skeletal_mets="yes")
    assert (res.total, _band(res)) == (10, "high_risk")
    assert (score("katagiri_new", {}).min_total, score("katagiri_new", {}).max_total) == (0, 10)


@pytest.mark.parametrize(("changes", "total", "band"), [
    (dict(primary_growth="moderate"), 2, "low_risk"),
    (dict(primary_growth="rapid"), 3, "low_risk"),
    (dict(primary_growth="rapid", ecog_3_or_4="yes"), 4, "intermediate_risk"),
    (dict(primary_growth="moderate", laboratory="critical", multiple_skeletal_mets="yes"), 5, "intermediate_risk"),
    (dict(primary_growth="rapid", visceral_mets="disseminated", multiple_skeletal_mets="yes"), 6,
     "intermediate_risk"),
    (dict(primary_growth="rapid", visceral_mets="disseminated", multiple_skeletal_mets="yes",
          previous_chemotherapy="yes"), 7, "high_risk"),
])
def test_katagiri_bands_0_3_4_6_7_10_per_katagiri2014(changes: dict[str, str], total: int, band: str) -> None:
    res = _total("katagiri_new", **{**KATAGIRI_ZERO, **changes})
    assert (res.total, _band(res)) == (total, band)


NORMAL_LABS = {"crp": 0.1, "ldh": 180.0, "albumin": 4.2, "platelets": 250.0, "calcium": 9.4, "bilirubin": 0.6}


@pytest.mark.parametrize(("analyte", "value", "unit", "category"), [
    # abnormal tier: CRP >=0.4 mg/dL (4 mg/L), LDH >=250 IU/L, albumin <3.7 g/dL (37 g/L)
    ("crp", 4.0, "mg/L", "abnormal"), ("crp", 3.9, "mg/L", "normal"), ("crp", 0.4, "mg/dL", "abnormal"),
    ("ldh", 250, "IU/L", "abnormal"), ("ldh", 249, "U/L", "normal"),
    ("albumin", 36.9, "g/L", "abnormal"), ("albumin", 37, "g/L", "normal"), ("albumin", 3.7, "g/dL", "normal"),
    # critical tier: platelets <100x10^3/uL, calcium >=10.3 mg/dL (~2.57 mmol/L), bilirubin >=1.4 mg/dL (~24 umol/L)
    ("platelets", 99_000, "/uL", "critical"), ("platelets", 100_000, "/uL", "normal"),
    ("platelets", 99, "10^3/uL", "critical"), ("platelets", 100, "10^9/L", "normal"),
    ("calcium", 10.3, "mg/dL", "critical"), ("calcium", 10.2, "mg/dL", "normal"),
    ("calcium", 2.57, "mmol/L", "critical"), ("calcium", 2.56, "mmol/L", "normal"),
    ("bilirubin", 1.4, "mg/dL", "critical"), ("bilirubin", 24, "umol/L", "critical"),
    ("bilirubin", 23, "umol/L", "normal"),
])
def test_katagiri_lab_cutoffs_and_unit_conversions_per_instruments_md_s8a(analyte: str, value: float, unit: str,
                                                                          category: str) -> None:
    canonical = to_canonical(Analyte(analyte), value, unit)
    assert katagiri_laboratory({**NORMAL_LABS, analyte: canonical}).answer == category


def test_katagiri_lab_worst_category_wins_per_instruments_md_s8a() -> None:
    labs = {**NORMAL_LABS, "crp": 5.0, "albumin": 2.9, "platelets": 80.0}
    assert katagiri_laboratory(labs).answer == "critical"


def test_katagiri_lab_abnormal_with_unmeasured_critical_analytes_is_not_guessed() -> None:
    g = katagiri_laboratory({"crp": 1.0})
    assert g.answer is None and set(g.candidates) == {"abnormal", "critical"}
    g = katagiri_laboratory({"crp": 0.1, "ldh": 100, "albumin": 4.0})
    assert g.answer is None and set(g.candidates) == {"normal", "critical"}


@pytest.mark.parametrize(("site", "hd", "targeted", "growth"), [
    ("breast", True, None, "slow"), ("breast", False, None, "moderate"), ("prostate", True, None, "slow"),
    ("prostate", False, None, "moderate"), ("thyroid", None, None, "slow"), ("myeloma", None, None, "slow"),
    ("lymphoma", None, None, "slow"), ("kidney", None, None, "moderate"), ("uterus", None, None, "moderate"),
    ("lung_nsclc", None, True, "moderate"), ("lung_nsclc", None, False, "rapid"), ("lung_sclc", None, None, "rapid"),
    ("lung_lcnec", None, None, "rapid"), ("lung_carcinoid", None, None, "moderate"), ("gep_net", None, None, "moderate"),
    ("colon", None, None, "rapid"), ("rectum", None, None, "rapid"), ("unknown", None, None, "rapid"),
    ("liver", None, None, "rapid"), ("stomach", None, None, "rapid"),
])
def test_katagiri_primary_growth_per_s16(site: str, hd: bool | None, targeted: bool | None, growth: str) -> None:
    assert katagiri_growth(site, hd, targeted).answer == growth


def test_katagiri_breast_with_unknown_hormone_status_is_not_guessed_per_s16() -> None:
    g = katagiri_growth("breast", None, None)
    assert g.answer is None and set(g.candidates) == {"slow", "moderate"}


# ============================================================================ NESMS (§9)

@pytest.mark.parametrize(("bauer3", "amb", "alb", "total"), [
    ("no", "no", "no", 0), ("no", "yes", "no", 1), ("no", "no", "yes", 1), ("no", "yes", "yes", 2),
    ("yes", "no", "no", 2), ("yes", "yes", "no", 3), ("yes", "no", "yes", 3), ("yes", "yes", "yes", 3),
])
def test_nesms_eight_rows_with_ceiling_3_per_instruments_md_s9(bauer3: str, amb: str, alb: str, total: int) -> None:
    res = _total("nesms", bauer_modified_3_or_more=bauer3, ambulatory=amb, albumin_normal=alb)
    assert (res.total, _band(res)) == (total, f"score_{total}")


def test_nesms_min_0_max_3_capped_per_schoenfeld2016() -> None:
    res = score("nesms", {})
    assert (res.min_total, res.max_total) == (0, 3)


def test_nesms_hand_rows_mbauer3_amb_alb38_is_3_and_mbauer2_amb_alb34_is_1_per_instruments_md_s17() -> None:
    first = _total("nesms", bauer_modified_3_or_more="yes", ambulatory="yes",
                   albumin_normal=str(albumin_normal(3.8).answer))
    second = _total("nesms", bauer_modified_3_or_more="no", ambulatory="yes",
                    albumin_normal=str(albumin_normal(3.4).answer))
    assert (first.total, second.total) == (3, 1)


@pytest.mark.parametrize(("value", "unit", "answer"), [(3.5, "g/dL", "yes"), (3.49, "g/dL", "no"),
                                                        (35, "g/L", "yes"), (34, "g/L", "no")])
def test_nesms_albumin_threshold_3_5_g_dl_per_instruments_md_s9(value: float, unit: str, answer: str) -> None:
    assert albumin_normal(value, unit).answer == answer


# ========================================================================= Rades (§10a)

RADES_TABLE: dict[str, dict[str, int]] = {
    "tumour_type": {"breast": 8, "prostate": 7, "myeloma_lymphoma": 9, "lung": 3, "other": 4},
    "other_bone_mets": {"no": 6, "yes": 5},
    "visceral_mets": {"no": 8, "yes": 2},
    "interval_to_mscc": {"over_15_months": 7, "up_to_15_months": 4},
    "ambulatory": {"yes": 7, "no": 3},
    "motor_deficit_time": {"over_14_days": 8, "8_to_14_days": 6, "1_to_7_days": 3},
}
RADES_MIN = dict(tumour_type="lung", other_bone_mets="yes", visceral_mets="yes", interval_to_mscc="up_to_15_months",
                 ambulatory="no", motor_deficit_time="1_to_7_days")


@pytest.mark.parametrize(("item", "answer", "points"),
                         [(i, a, p) for i, answers in RADES_TABLE.items() for a, p in answers.items()])
def test_rades_survival_option_points_per_instruments_md_s10a(item: str, answer: str, points: int) -> None:
    base = RADES_TABLE[item][RADES_MIN[item]]
    assert _total("rades_survival", **{**RADES_MIN, item: answer}).total == 20 - base + points


def test_rades_breast_best_case_is_44_per_instruments_md_s17() -> None:
    res = _total("rades_survival", tumour_type="breast", other_bone_mets="no", visceral_mets="no",
                 interval_to_mscc="over_15_months", ambulatory="yes", motor_deficit_time="over_14_days")
    assert (res.total, _band(res)) == (44, "points_41_45")
    simplified = res.alternative_bands[0].band
    assert simplified is not None and simplified.key == "points_36_45"


def test_rades_lung_worst_case_is_20_per_instruments_md_s17() -> None:
    res = _total("rades_survival", **RADES_MIN)
    assert (res.total, _band(res)) == (20, "points_20_25")
    simplified = res.alternative_bands[0].band
    assert simplified is not None and simplified.key == "points_20_30"


def test_rades_range_20_45_per_rades2008() -> None:
    res = score("rades_survival", {})
    assert (res.min_total, res.max_total) == (20, 45)
    top = _total("rades_survival", tumour_type="myeloma_lymphoma", other_bone_mets="no", visceral_mets="no",
                 interval_to_mscc="over_15_months", ambulatory="yes", motor_deficit_time="over_14_days")
    assert top.total == 45


@pytest.mark.parametrize(("changes", "total", "band", "simplified"), [
    (dict(tumour_type="other"), 21, "points_20_25", "points_20_30"),                      # +1
    (dict(tumour_type="breast", motor_deficit_time="8_to_14_days"), 28, "points_26_30", "points_20_30"),
    (dict(tumour_type="prostate", visceral_mets="no"), 30, "points_26_30", "points_20_30"),  # 20+4+6
    (dict(tumour_type="breast", visceral_mets="no"), 31, "points_31_35", "points_31_35"),    # 20+5+6
    (dict(tumour_type="breast", visceral_mets="no", ambulatory="yes"), 35, "points_31_35", "points_31_35"),
    (dict(tumour_type="breast", visceral_mets="no", ambulatory="yes", other_bone_mets="no"), 36, "points_36_40",
     "points_36_45"),
    (dict(tumour_type="breast", visceral_mets="no", ambulatory="yes", interval_to_mscc="over_15_months",
          other_bone_mets="no"), 39, "points_36_40", "points_36_45"),
    (dict(tumour_type="breast", visceral_mets="no", ambulatory="yes", interval_to_mscc="over_15_months",
          motor_deficit_time="8_to_14_days"), 41, "points_41_45", "points_36_45"),
])
def test_rades_five_groups_and_simplified_three_groups_per_rades2008_rades2010(
        changes: dict[str, str], total: int, band: str, simplified: str) -> None:
    res = _total("rades_survival", **{**RADES_MIN, **changes})
    assert (res.total, _band(res)) == (total, band)
    alt = res.alternative_bands[0].band
    assert alt is not None and alt.key == simplified


@pytest.mark.parametrize(("days", "answer"), [(0, "1_to_7_days"), (1, "1_to_7_days"), (7, "1_to_7_days"),
                                              (8, "8_to_14_days"), (14, "8_to_14_days"), (15, "over_14_days")])
def test_rades_motor_deficit_bins_1_7_8_14_over_14_days_per_instruments_md_s10a(days: int, answer: str) -> None:
    assert motor_deficit_time(days).answer == answer


@pytest.mark.parametrize(("site", "tumour_type"), [
    ("breast", "breast"), ("prostate", "prostate"), ("myeloma", "myeloma_lymphoma"),
    ("lymphoma", "myeloma_lymphoma"), ("lung_nsclc", "lung"), ("lung_sclc", "lung"), ("lung_lcnec", "lung"),
    ("thyroid", "other"), ("kidney", "other"), ("colon", "other"), ("unknown", "other"), ("gep_net", "other"),
])
def test_rades_tumour_type_per_s16(site: str, tumour_type: str) -> None:
    assert rades_tumour_type(site).answer == tumour_type


# ===================================================================== Van der Linden (§13a)

def test_van_der_linden_kps80_breast_no_visceral_is_6_group_c_per_instruments_md_s17() -> None:
    res = _total("van_der_linden", kps=str(van_der_linden_kps(80).answer), primary="breast",
                 visceral_mets="absent")
    assert (res.total, _band(res)) == (6, "group_c")


def test_van_der_linden_min_0_max_6_per_van_der_linden2005() -> None:
    res = score("van_der_linden", {})
    assert (res.min_total, res.max_total) == (0, 6)
    zero = _total("van_der_linden", kps="up_to_40", primary="other", visceral_mets="present")
    assert (zero.total, _band(zero)) == (0, "group_a")


@pytest.mark.parametrize(("kps", "primary", "visceral", "total", "band"), [
    ("50_to_70", "lung", "absent", 3, "group_a"),
    ("80_to_100", "prostate", "present", 4, "group_b"),
    ("50_to_70", "prostate", "absent", 4, "group_b"),
    ("80_to_100", "breast", "present", 5, "group_b"),
    ("50_to_70", "breast", "absent", 5, "group_b"),
    ("up_to_40", "breast", "absent", 4, "group_b"),
    ("80_to_100", "prostate", "absent", 5, "group_b"),
])
def test_van_der_linden_groups_a_0_3_b_4_5_c_6_per_van_der_linden2005(kps: str, primary: str, visceral: str,
                                                                     total: int, band: str) -> None:
    res = _total("van_der_linden", kps=kps, primary=primary, visceral_mets=visceral)
    assert (res.total, _band(res)) == (total, band)


@pytest.mark.parametrize(("kps", "answer"), [(100, "80_to_100"), (80, "80_to_100"), (70, "50_to_70"),
                                             (50, "50_to_70"), (40, "up_to_40"), (10, "up_to_40")])
def test_van_der_linden_kps_bins_per_instruments_md_s13a(kps: int, answer: str) -> None:
    assert van_der_linden_kps(kps).answer == answer


@pytest.mark.parametrize(("site", "primary"), [("breast", "breast"), ("prostate", "prostate"),
                                               ("lung_nsclc", "lung"), ("lung_sclc", "lung"), ("lung_lcnec", "lung"),
                                               ("kidney", "other"), ("thyroid", "other"), ("myeloma", "other")])
def test_van_der_linden_primary_per_s16(site: str, primary: str) -> None:
    assert van_der_linden_primary(site).answer == primary


# ===================================================================== WHO NEN grade (§15)

GEP = {"system": "gep_who2019", "differentiation": "well"}
LUNG = {"system": "lung_who2021"}


@pytest.mark.parametrize(("ki67", "mitoses", "category"), [
    (0.5, 0, "net_g1"), (2.9, 1.9, "net_g1"),
    (3, 0, "net_g2"), (20, 1, "net_g2"), (1, 2, "net_g2"), (1, 20, "net_g2"), (10, 10, "net_g2"),
    (20.1, 0, "net_g3"), (1, 21, "net_g3"), (60, 30, "net_g3"),
    # the higher of the two indices wins
    (2, 15, "net_g2"), (25, 1, "net_g3"), (5, 25, "net_g3"),
])
def test_who2019_gep_grade_higher_index_wins_per_instruments_md_s15(ki67: float, mitoses: float,
                                                                     category: str) -> None:
    answers = {**GEP, "ki67": str(ki67_bin(ki67).answer), "mitoses": str(mitoses_bin(mitoses).answer)}
    assert score("net_grade", answers).category == category


def test_who2019_gep_poorly_differentiated_is_nec_per_instruments_md_s15() -> None:
    assert score("net_grade", {"system": "gep_who2019", "differentiation": "poor", "ki67": "3_to_20"}).category == "nec"


@pytest.mark.parametrize(("morphology", "mitoses", "necrosis", "category"), [
    ("carcinoid", 0, "none", "typical_carcinoid"),
    ("carcinoid", 1.9, "none", "typical_carcinoid"),
    ("carcinoid", 2, "none", "atypical_carcinoid"),
    ("carcinoid", 10, "none", "atypical_carcinoid"),
    ("carcinoid", 1, "punctate", "atypical_carcinoid"),
    ("large_cell_neuroendocrine", 11, "extensive", "lcnec"),
    ("small_cell", 50, "extensive", "sclc"),
])
def test_who2021_lung_tc_ac_lcnec_sclc_per_instruments_md_s15(morphology: str, mitoses: float, necrosis: str,
                                                              category: str) -> None:
    answers = {**LUNG, "morphology": morphology, "mitoses": str(mitoses_bin(mitoses).answer),
               "necrosis": necrosis}
    assert score("net_grade", answers).category == category


def test_who2021_lung_ki67_is_not_a_grading_criterion_per_kasajima2024() -> None:
    answers = {**LUNG, "morphology": "carcinoid", "mitoses": "under_2", "necrosis": "none", "ki67": "over_20"}
    assert score("net_grade", answers).category == "typical_carcinoid"


def test_who2021_lung_mitoses_10_is_atypical_and_over_10_is_not_carcinoid_boundary_trap() -> None:
    assert mitoses_bin(10).answer == "2_to_10"
    assert mitoses_bin(10.5).answer == "over_10_to_20"


# ================================================================= Radiosensitivity (§14)

@pytest.mark.parametrize(("site", "category"), [
    ("lymphoma", "sensitive"), ("myeloma", "sensitive"), ("breast", "intermediate"), ("prostate", "intermediate"),
    ("kidney", "resistant"), ("melanoma", "resistant"), ("thyroid", "resistant"), ("colon", "resistant"),
    ("lung_nsclc", "resistant"), ("sarcoma", "resistant"), ("liver", "resistant"),
])
def test_radiosensitivity_histology_groups_per_instruments_md_s14(site: str, category: str) -> None:
    assert score("radiosensitivity", {"primary_site": site}).category == category


# ===================================================== Cross-instrument cases (full Case, §16)

def _assess(case: dict[str, Any], day: int = 0) -> dict[str, Result]:
    return {r.instrument: r for r in assess_snapshot(snapshot(parse_case(case), day))}


def _case(primary: dict[str, Any], timeline: list[dict[str, Any]], case_id: str = "independent-review") -> dict[str, Any]:
    return {"schema_version": 1, "id": case_id, "title": "independent review (synthetic)", "synthetic": True,
            "primary": primary, "timeline": timeline}


BREAST_CASE = _case(
    {"site": "breast", "hormone_dependent": True, "diagnosis_day": -800},
    [
        {"type": "performance", "day": 0, "kps": 80, "ecog": 1},
        {"type": "neuro_exam", "day": 0, "frankel": "E", "ambulatory": "independent"},
        {"type": "pain", "day": 0, "character": "occasional"},
        {"type": "imaging", "day": 0, "modality": "mri", "findings": [
            {"level": "T6", "lesion_type": "mixed", "collapse": "none_over_50_involved", "alignment": "normal",
             "posterolateral": "none", "escc": "1a", "pathological_fracture": False}]},
        {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 0, "vertebral_mets": 1,
         "visceral_mets_present": False, "brain_mets": False, "pleural_or_peritoneal_dissemination": False,
         "leptomeningeal_dissemination": False},
        {"type": "labs", "day": 0, "values": [
            {"analyte": "albumin", "value": 40, "unit": "g/L"}, {"analyte": "crp", "value": 2, "unit": "mg/L"},
            {"analyte": "ldh", "value": 200, "unit": "U/L"}, {"analyte": "platelets", "value": 250, "unit": "10^9/L"},
            {"analyte": "calcium", "value": 2.3, "unit": "mmol/L"},
            {"analyte": "bilirubin", "value": 10, "unit": "umol/L"}]},
        {"type": "systemic_therapy", "day": -700, "regimen": "adjuvant EC-T", "drug_class": "chemotherapy"},
    ],
)


def test_cross_breast_er_kps80_one_vertebra_no_visceral_frankel_e_every_instrument_by_hand() -> None:
    r = _assess(BREAST_CASE)
    expected_scores = {
        # SINS T6: semirigid 1 + occasional 1 + mixed 1 + normal 0 + none >50% involved 1 + none 0 = 4
        "sins": (4, "stable"),
        # Tokuhashi 2005: KPS 80 good 2 + 0 foci 2 + 1 vertebra 2 + none 2 + breast 5 + Frankel E 2 = 15
        "tokuhashi_revised": (15, "at_least_1_year"),
        # Tokuhashi 1990: 2 + 2 + 2 + 2 + breast 2 + 2 = 12
        "tokuhashi_1990": (12, "at_least_12_months"),
        # Tomita: slow 1 + none 0 + solitary 1 = 2
        "tomita": (2, "long_term_local_control"),
        # Bauer: no visceral 1 + not lung 1 + breast 1 + solitary 1 + no fracture 1 = 5; modified 4
        "bauer": (5, "good_prognosis"),
        "bauer_modified": (4, "good_prognosis"),
        # Katagiri: HD breast 0 + none 0 + normal labs 0 + ECOG 1 0 + prior chemo 1 + solitary 0 = 1
        "katagiri_new": (1, "low_risk"),
        # NESMS: mBauer 4 (>=3) 2 + ambulatory 1 + albumin 4.0 1 = 4 -> capped 3
        "nesms": (3, "score_3"),
        # Van der Linden: KPS 80 2 + breast 3 + no visceral 1 = 6
        "van_der_linden": (6, "group_c"),
        "kps": (80, "a"),
        "ecog": (1, "ecog_1"),
    }
    for key, (total, band) in expected_scores.items():
        assert (r[key].total, _band(r[key])) == (total, band), key
    assert r["escc"].category == "low_grade"
    assert r["frankel"].category == "E"
    assert r["radiosensitivity"].category == "intermediate"
    # ESCC 1a is not cord compression: the case is outside Rades' derivation cohort (MSCC treated
    # with RT, Rades 2008), so the case gets no Rades score ...
    assert r["rades_survival"].not_applicable is not None
    # ... while the items by hand still score as published: breast 8 + no other bone 6 + no visceral 8
    # + >15 months 7 + ambulatory 7 = 36, motor deficit time undefined without a motor deficit ->
    # 36+3 .. 36+8, never guessed.
    rades = score("rades_survival", {"tumour_type": "breast", "other_bone_mets": "no", "visceral_mets": "no",
                                     "interval_to_mscc": "over_15_months", "ambulatory": "yes"})
    assert (rades.total, rades.min_total, rades.max_total) == (None, 39, 44)
    assert "motor_deficit_time" in rades.missing
    assert set(rades.possible_bands) == {"points_36_40", "points_41_45"}


LUNG_CASE = _case(
    {"site": "lung_nsclc", "targeted_therapy": False, "diagnosis_day": -100},
    [
        {"type": "performance", "day": 0, "kps": 40},
        {"type": "neuro_exam", "day": 0, "frankel": "B", "ambulatory": "non_ambulatory",
         "motor_deficit": True, "motor_deficit_onset_day": -3},
        {"type": "pain", "day": 0, "character": "mechanical"},
        {"type": "imaging", "day": 0, "modality": "mri", "findings": [
            {"level": "L1", "lesion_type": "lytic", "collapse_percent": 60, "alignment": "subluxation",
             "posterolateral": "bilateral", "escc": "3"}]},
        {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 3, "vertebral_mets": 3,
         "visceral_mets_present": True, "visceral": [{"organ": "liver", "removable": False, "treatable": False}],
         "brain_mets": False, "pleural_or_peritoneal_dissemination": False, "leptomeningeal_dissemination": False},
        {"type": "labs", "day": 0, "values": [
            {"analyte": "albumin", "value": 32, "unit": "g/L"}, {"analyte": "platelets", "value": 180, "unit": "10^9/L"},
            {"analyte": "calcium", "value": 9.5, "unit": "mg/dL"}, {"analyte": "bilirubin", "value": 0.8, "unit": "mg/dL"}]},
        {"type": "systemic_therapy", "day": -60, "regimen": "carboplatin-pemetrexed", "drug_class": "chemotherapy"},
        {"type": "radiotherapy", "day": 0, "dose_gy": 20, "fractions": 5, "levels": "L1"},
    ],
)


def test_cross_nsclc_kps40_frankel_b_liver_mets_every_instrument_by_hand() -> None:
    r = _assess(LUNG_CASE)
    expected_scores = {
        # SINS L1: junctional 3 + mechanical 3 + lytic 2 + subluxation 4 + 60% collapse 3 + bilateral 3 = 18
        "sins": (18, "unstable"),
        # Tokuhashi 2005: KPS 40 poor 0 + >=3 foci 0 + >=3 vertebrae 0 + unremovable 0 + lung 0 + Frankel B 0
        "tokuhashi_revised": (0, "under_6_months"),
        "tokuhashi_1990": (0, "up_to_3_months"),
        # Tomita: rapid 4 + untreatable 4 + multiple 2 = 10
        "tomita": (10, "terminal_care"),
        # Bauer: visceral 0 + lung 0 + not favourable 0 + multiple 0 + collapse = fracture 0 = 0
        "bauer": (0, "poor_prognosis"),
        "bauer_modified": (0, "poor_prognosis"),
        # Katagiri: lung without targeted drug 3 + nodular (liver) 1 + albumin 3.2 abnormal 1
        #           + ECOG 3 (KPS 40, conventional table) 1 + prior chemo 1 + multiple 1 = 8
        "katagiri_new": (8, "high_risk"),
        # NESMS: mBauer 0 -> 0 + non-ambulatory 0 + albumin 3.2 0 = 0
        "nesms": (0, "score_0"),
        # Rades: lung 3 + other bone 5 + visceral 2 + 100 d (<=15 mo) 4 + non-ambulatory 3 + 3 days 3 = 20
        "rades_survival": (20, "points_20_25"),
        "kps": (40, "c"),
        # ECOG converted from KPS 40 with the conventional table (30-40 -> 3)
        "ecog": (3, "ecog_3"),
    }
    for key, (total, band) in expected_scores.items():
        assert (r[key].total, _band(r[key])) == (total, band), key
    alt = r["rades_survival"].alternative_bands[0].band
    assert alt is not None and alt.key == "points_20_30"
    assert r["escc"].category == "high_grade"
    assert r["frankel"].category == "B"
    # Frankel B is a neurological impairment: outside Van der Linden's derivation cohort (painful
    # spinal metastases without neurological impairment, van der Linden 2005) ...
    assert r["van_der_linden"].not_applicable is not None
    # ... while the items by hand still score as published: KPS 40 0 + lung 1 + visceral 0 = 1
    vdl = score("van_der_linden", {"kps": "up_to_40", "primary": "lung", "visceral_mets": "present"})
    assert (vdl.total, _band(vdl)) == (1, "group_a")
    assert r["radiosensitivity"].category == "resistant"


def test_cross_ecog_only_is_converted_to_kps_range_not_a_single_value_per_instruments_md_s4() -> None:
    case = _case({"site": "prostate", "hormone_dependent": False},
                 [{"type": "performance", "day": 0, "ecog": 1},
                  {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 1, "vertebral_mets": 2,
                   "visceral_mets_present": False, "brain_mets": False}])
    r = _assess(case)
    # ECOG 1 -> KPS 70-80 (conventional): Tokuhashi moderate (1) or good (2); VDL 50-70 (1) or 80-100 (2)
    tok = r["tokuhashi_revised"]
    assert "general_condition" in tok.missing
    # known: 1-2 foci 1 + two vertebrae 1 + none 2 + prostate 5 = 9; + KPS 1..2; palsy unknown 0..2
    assert (tok.min_total, tok.max_total) == (10, 13)
    vdl = r["van_der_linden"]
    # prostate 2 + absent 1 + KPS 1..2
    assert (vdl.min_total, vdl.max_total) == (4, 5) and _band(vdl) == "group_b"
    # Katagiri hormone-independent prostate: moderate 2
    kat = r["katagiri_new"]
    assert any(c.item == "primary_growth" and c.points == 2 for c in kat.components)


def test_cross_ecog_2_converts_to_kps_50_60_and_settles_tokuhashi_moderate_per_conventional_table() -> None:
    case = _case({"site": "kidney"}, [{"type": "performance", "day": 0, "ecog": 2}])
    tok = _assess(case)["tokuhashi_revised"]
    comp = {c.item: c for c in tok.components}
    assert comp["general_condition"].answer == "moderate" and comp["general_condition"].points == 1


def test_cross_si_unit_labs_through_case_give_katagiri_critical_per_instruments_md_s8a() -> None:
    case = _case({"site": "thyroid"},
                 [{"type": "labs", "day": 0, "values": [
                     {"analyte": "calcium", "value": 2.6, "unit": "mmol/L"},   # 10.42 mg/dL >= 10.3 -> critical
                     {"analyte": "crp", "value": 1, "unit": "mg/L"}]}])
    kat = _assess(case)["katagiri_new"]
    comp = {c.item: c for c in kat.components}
    assert comp["laboratory"].answer == "critical" and comp["laboratory"].points == 2


def test_cross_si_unit_labs_bilirubin_23_umol_and_platelets_100k_are_not_critical() -> None:
    case = _case({"site": "thyroid"},
                 [{"type": "labs", "day": 0, "values": [
                     {"analyte": "bilirubin", "value": 23, "unit": "umol/L"},
                     {"analyte": "platelets", "value": 100000, "unit": "/uL"},
                     {"analyte": "calcium", "value": 2.4, "unit": "mmol/L"},
                     {"analyte": "crp", "value": 0.2, "unit": "mg/dL"},
                     {"analyte": "ldh", "value": 4.0, "unit": "ukat/L"},  # 240 U/L < 250
                     {"analyte": "albumin", "value": 38, "unit": "g/L"}]}])
    comp = {c.item: c for c in _assess(case)["katagiri_new"].components}
    assert comp["laboratory"].answer == "normal"


# ---------------------------------------------------------- silent-default guards (review findings)

def test_katagiri_systemic_therapy_of_unknown_class_is_not_assumed_chemotherapy() -> None:
    case = _case({"site": "thyroid"}, [{"type": "systemic_therapy", "day": -30, "regimen": "unspecified"}])
    kat = _assess(case)["katagiri_new"]
    assert "previous_chemotherapy" in kat.missing


def test_katagiri_hormonal_therapy_is_not_chemotherapy() -> None:
    case = _case({"site": "breast", "hormone_dependent": True},
                 [{"type": "systemic_therapy", "day": -30, "drug_class": "hormonal"}])
    assert "previous_chemotherapy" in _assess(case)["katagiri_new"].missing


def test_tokuhashi_removable_liver_met_with_unknown_brain_status_is_not_guessed_removable() -> None:
    case = _case({"site": "breast"},
                 [{"type": "disease_burden", "day": 0, "visceral_mets_present": True,
                   "visceral": [{"organ": "liver", "removable": True}]}])
    comp = {c.item: c for c in _assess(case)["tokuhashi_revised"].components}
    assert comp["visceral_mets"].answer is None
    assert set(comp["visceral_mets"].candidates) == {"unremovable", "removable"}


def test_tokuhashi_removable_liver_met_without_brain_mets_is_removable_1() -> None:
    case = _case({"site": "breast"},
                 [{"type": "disease_burden", "day": 0, "visceral_mets_present": True, "brain_mets": False,
                   "visceral": [{"organ": "liver", "removable": True}]}])
    comp = {c.item: c for c in _assess(case)["tokuhashi_revised"].components}
    assert (comp["visceral_mets"].answer, comp["visceral_mets"].points) == ("removable", 1)


def test_tokuhashi_gep_neoplasm_with_nec_not_excluded_is_carcinoid_5_or_other_2() -> None:
    case = _case({"site": "gep_net", "neuroendocrine": {"ki67_percent": 40}}, [])
    comp = {c.item: c for c in _assess(case)["tokuhashi_revised"].components}
    assert comp["primary_site"].answer is None
    assert set(comp["primary_site"].candidates) == {"gep_net", "other"}


def test_tokuhashi_gep_net_g2_well_differentiated_is_carcinoid_5_per_tokuhashi2005() -> None:
    case = _case({"site": "gep_net", "neuroendocrine": {"differentiation": "well", "ki67_percent": 10,
                                                         "mitoses_per_2mm2": 3}}, [])
    r = _assess(case)
    comp = {c.item: c for c in r["tokuhashi_revised"].components}
    assert (comp["primary_site"].answer, comp["primary_site"].points) == ("gep_net", 5)
    assert r["net_grade"].category == "net_g2"
    assert r["radiosensitivity"].category == "intermediate"


def test_tokuhashi_gep_nec_is_not_a_carcinoid_scores_others_2() -> None:
    case = _case({"site": "gep_net", "neuroendocrine": {"differentiation": "poor", "ki67_percent": 80}}, [])
    comp = {c.item: c for c in _assess(case)["tokuhashi_revised"].components}
    assert (comp["primary_site"].answer, comp["primary_site"].points) == ("other", 2)
