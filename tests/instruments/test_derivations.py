"""Fact -> answer derivations and primary-site decision tables."""

from __future__ import annotations

import pytest

from spinemet.errors import InvalidValue
from spinemet.instruments.declarations.bauer import bauer_primary
from spinemet.instruments.declarations.katagiri import katagiri_growth, katagiri_laboratory
from spinemet.instruments.declarations.nesms import albumin_normal
from spinemet.instruments.declarations.net_grade import ki67_bin, mitoses_bin
from spinemet.instruments.declarations.rades import interval_to_mscc, motor_deficit_time, rades_tumour_type
from spinemet.instruments.declarations.sins import sins_collapse_from_percent, sins_location_from_level
from spinemet.instruments.declarations.tokuhashi import (
    extraspinal_bin,
    general_condition_from_kps,
    palsy_from_frankel,
    vertebral_bin,
)
from spinemet.instruments.declarations.tomita import tomita_growth
from spinemet.instruments.declarations.van_der_linden import van_der_linden_primary
from spinemet.instruments.reading import ambulatory_item
from spinemet.instruments.sites import PRIMARY_SITES


@pytest.mark.parametrize(("level", "location"), [
    ("C1", "junctional"), ("C2", "junctional"), ("C3", "mobile"), ("C6", "mobile"), ("C7", "junctional"),
    ("T2", "junctional"), ("T3", "semirigid"), ("T6", "semirigid"), ("T10", "semirigid"), ("T11", "junctional"),
    ("L1", "junctional"), ("L2", "mobile"), ("L4", "mobile"), ("L5", "junctional"), ("S1", "junctional"),
    ("S2", "rigid"), ("S5", "rigid"),
])
def test_level_to_sins_location(level: str, location: str) -> None:
    g = sins_location_from_level(level)
    assert g.answer == location and g.source == f"derived from level {level}"


@pytest.mark.parametrize("bad", ["Co", "T13", "L6"])
def test_levels_sins_does_not_define_are_rejected(bad: str) -> None:
    with pytest.raises(InvalidValue):
        sins_location_from_level(bad)


@pytest.mark.parametrize(("pct", "answer"), [(50, "at_least_50"), (49.9, "under_50"), (80, "at_least_50"),
                                              (1, "under_50")])
def test_collapse_percent_exactly_50_scores_3(pct: float, answer: str) -> None:
    assert sins_collapse_from_percent(pct).answer == answer


def test_no_collapse_depends_on_body_involvement() -> None:
    assert sins_collapse_from_percent(0, 60).answer == "none_over_50_involved"
    assert sins_collapse_from_percent(0, 50).answer == "none"
    assert sins_collapse_from_percent(0).candidates == ("none_over_50_involved", "none")
    with pytest.raises(InvalidValue, match=r"collapse_percent: 120 % is not allowed; allowed: a number in \[0, 100\] %"):
        sins_collapse_from_percent(120)


@pytest.mark.parametrize(("kps", "gc"), [(10, "poor"), (40, "poor"), (50, "moderate"), (70, "moderate"),
                                         (80, "good"), (100, "good")])
def test_kps_to_tokuhashi_general_condition(kps: int, gc: str) -> None:
    assert general_condition_from_kps(kps).answer == gc


@pytest.mark.parametrize("bad", [0, 55, 110])
def test_kps_outside_tokuhashi_is_rejected(bad: int) -> None:
    with pytest.raises(InvalidValue):
        general_condition_from_kps(bad)


def test_frankel_to_palsy() -> None:
    assert [palsy_from_frankel(g).answer for g in "ABCDE"] == [
        "complete", "complete", "incomplete", "incomplete", "none"]


def test_count_bins_and_vertebral_count_zero_rejected() -> None:
    assert [extraspinal_bin(n).answer for n in (0, 1, 2, 3, 7)] == [
        "none", "one_or_two", "one_or_two", "three_or_more", "three_or_more"]
    assert [vertebral_bin(n).answer for n in (1, 2, 3)] == ["one", "two", "three_or_more"]
    with pytest.raises(InvalidValue, match="vertebral_body_mets: 0"):
        vertebral_bin(0)


def test_albumin_units_and_threshold() -> None:
    assert albumin_normal(3.5, "g/dL").answer == "yes"
    assert albumin_normal(3.49, "g/dL").answer == "no"
    assert albumin_normal(35, "g/L").answer == "yes"
    assert albumin_normal(34, "g/L").answer == "no"
    with pytest.raises(InvalidValue, match="albumin unit: 'mg' is not an albumin unit"):
        albumin_normal(3.5, "mg")


def test_ambulatory_with_aid_stays_open() -> None:
    assert ambulatory_item("independent").answer == "yes"
    assert ambulatory_item("non_ambulatory").answer == "no"
    assert ambulatory_item("with_aid").candidates == ("yes", "no")


def test_katagiri_laboratory_worst_wins_and_thresholds() -> None:
    normal = {"crp": 0.39, "ldh": 249, "albumin": 3.7, "platelets": 100, "calcium": 10.29, "bilirubin": 1.39}
    assert katagiri_laboratory(normal).answer == "normal"
    assert katagiri_laboratory({**normal, "crp": 0.4}).answer == "abnormal"
    assert katagiri_laboratory({**normal, "albumin": 3.2}).answer == "abnormal"
    assert katagiri_laboratory({**normal, "albumin": 3.2, "platelets": 99}).answer == "critical"
    assert katagiri_laboratory({"calcium": 10.3}).answer == "critical"  # settles despite missing labs
    assert katagiri_laboratory({"albumin": 3.2}).candidates == ("abnormal", "critical")
    assert katagiri_laboratory({"albumin": 4.0}).candidates == ("normal", "abnormal", "critical")


def test_rades_time_bins() -> None:
    assert interval_to_mscc(456).answer == "up_to_15_months"
    assert interval_to_mscc(457).answer == "over_15_months"
    assert [motor_deficit_time(d).answer for d in (1, 7, 8, 14, 15)] == [
        "1_to_7_days", "1_to_7_days", "8_to_14_days", "8_to_14_days", "over_14_days"]


def test_ki67_and_mitoses_bins_exact() -> None:
    assert [ki67_bin(p).answer for p in (2.9, 3, 20, 20.1)] == ["under_3", "3_to_20", "3_to_20", "over_20"]
    assert [mitoses_bin(m).answer for m in (1.9, 2, 10, 10.5, 20, 21)] == [
        "under_2", "2_to_10", "2_to_10", "over_10_to_20", "over_10_to_20", "over_20"]


def test_every_site_maps_for_every_instrument() -> None:
    for site in PRIMARY_SITES:
        tomita_growth(site)
        katagiri_growth(site)
        bauer_primary(site)
        rades_tumour_type(site)
        van_der_linden_primary(site)


def test_lung_carcinoid_is_not_lung_cancer_anywhere() -> None:
    assert bauer_primary("lung_carcinoid")["not_lung_cancer"].answer == "yes"
    assert rades_tumour_type("lung_carcinoid").answer == "other"
    assert van_der_linden_primary("lung_carcinoid").answer == "other"
    assert katagiri_growth("lung_carcinoid").answer == "moderate"
    assert bauer_primary("lung_sclc")["not_lung_cancer"].answer == "no"
    keys = [d.key for d in rades_tumour_type("lung_carcinoid").decisions]
    assert "lung_carcinoid_not_lung_cancer" in keys


def test_prostate_is_not_a_favourable_bauer_primary() -> None:
    assert bauer_primary("prostate")["favourable_primary"].answer == "no"
    assert bauer_primary("kidney")["favourable_primary"].answer == "yes"


def test_katagiri_hormone_and_targeted_status() -> None:
    assert katagiri_growth("breast", hormone_dependent=True).answer == "slow"
    assert katagiri_growth("breast", hormone_dependent=False).answer == "moderate"
    assert katagiri_growth("breast").candidates == ("slow", "moderate")
    assert katagiri_growth("lung_nsclc", targeted_therapy=True).answer == "moderate"
    assert katagiri_growth("lung_nsclc", targeted_therapy=False).answer == "rapid"


def test_tomita_unlisted_sites_carry_a_decision() -> None:
    g = tomita_growth("myeloma")
    assert g.answer == "slow" and g.decisions[0].key == "tomita_unlisted_site_by_katagiri_growth"
    assert tomita_growth("breast").decisions == ()
