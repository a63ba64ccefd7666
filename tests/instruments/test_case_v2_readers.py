"""The readers on case-record v2 facts (issue 12): partial knowledge narrows the answers, an
uncertain primary is scored over its candidates, and each instrument says 'not applicable, with
the reason' outside the disease it applies to (tests on both sides for each instrument).

Every case below is synthetic and minimal: only the facts a test needs."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.case.snapshot import snapshot
from spinemet.instruments import INSTRUMENTS, Result, assess_snapshot
from spinemet.io.casefile import parse_case

PROGNOSTIC = ("tokuhashi_revised", "tokuhashi_1990", "tomita", "bauer", "bauer_modified", "katagiri_new", "nesms",
              "rades_survival", "van_der_linden")
ALWAYS = ("frankel", "asia", "kps", "ecog", "net_grade", "radiosensitivity")


def _case(*timeline: dict[str, Any], primary: dict[str, Any] | None = None) -> Any:
    return parse_case({"schema_version": 2, "id": "t", "patient": {}, "primary": primary or {"site": "breast"},
                       "timeline": list(timeline)}, source="test")


def _results(*timeline: dict[str, Any], primary: dict[str, Any] | None = None) -> dict[str, Result]:
    case = _case(*timeline, primary=primary)
    return {r.instrument: r for r in assess_snapshot(snapshot(case))}


def _imaging(**finding: Any) -> dict[str, Any]:
    return {"type": "imaging", "day": 0, "findings": [finding]}


BURDEN = {"type": "disease_burden", "day": 0, "extraspinal_bone_mets": 0, "vertebral_mets": 1,
          "visceral_mets_present": False, "brain_mets": False}


def _components(result: Result) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    return {c.item: (c.answer, c.candidates) for c in result.components}


# ------------------------------------------------------------------ partial knowledge in the readers
def test_collapse_pain_and_posterior_elements_stated_without_detail_narrow_sins() -> None:
    res = _results({"type": "pain", "day": 0, "present": True},
                   _imaging(level="T6", collapse_present=True, posterior_elements_involved=True))["sins"]
    comps = _components(res)
    assert comps["collapse"] == (None, ("at_least_50", "under_50"))      # never 'none' (Fisher 2010)
    assert comps["pain"] == (None, ("mechanical", "occasional"))
    assert comps["posterolateral"] == (None, ("bilateral", "unilateral"))
    # location semirigid 1 + pain 1..3 + bone 0..2 + alignment 0..4 + collapse 2..3 + posterolateral 1..3
    assert (res.min_total, res.max_total) == (5, 16)


def test_epidural_tumour_without_grade_is_escc_1a_to_3_and_a_cauda_equina_compression_is_not_cord() -> None:
    res = _results(_imaging(level="T6", epidural_present=True))["escc"]
    assert _components(res)["grade"] == (None, ("1a", "1b", "1c", "2", "3"))
    cauda = _results(_imaging(level="L4", compartments=["epidural"], cauda_equina_compression=True))["escc"]
    assert _components(cauda)["grade"] == (None, ("1a", "1b", "1c", "2", "3"))  # not narrowed to 2-3


def test_deficit_words_give_frankel_ais_and_tokuhashi_palsy_sets() -> None:
    res = _results({"type": "neuro_exam", "day": 0, "deficits": ["paraplegia", "motor_complete"]})
    assert res["frankel"].possible_bands == ("A", "B")
    assert res["asia"].possible_bands == ("A", "B")
    assert _components(res["tokuhashi_revised"])["palsy"] == ("complete", ())  # Frankel A-B: complete, 0


def test_walking_without_detail_leaves_nesms_and_rades_ambulatory_open() -> None:
    # (cord compression recorded: Rades applies only to MSCC, Rades 2008)
    res = _results({"type": "neuro_exam", "day": 0, "walking": "ambulatory_unspecified"},
                   {"type": "imaging", "day": 0, "findings": [{"level": "T6", "cord_compression": True}]})
    assert _components(res["nesms"])["ambulatory"] == (None, ("yes", "no"))
    assert _components(res["rades_survival"])["ambulatory"] == (None, ("yes", "no"))


def test_multiple_bone_metastases_in_words_score_the_count_rows() -> None:
    res = _results({"type": "disease_burden", "day": 0, "extraspinal_bone_mets_extent": "multiple",
                    "vertebral_mets_extent": "multiple"})
    toku = _components(res["tokuhashi_revised"])
    assert toku["extraspinal_bone_mets"] == (None, ("three_or_more", "one_or_two"))  # declared order
    assert toku["vertebral_body_mets"] == (None, ("three_or_more", "two"))
    assert _components(res["tomita"])["bone_mets"] == ("multiple", ())
    assert _components(res["bauer"])["solitary_skeletal_met"] == ("no", ())
    assert _components(res["katagiri_new"])["multiple_skeletal_mets"] == ("yes", ())


def test_uncertain_primary_is_scored_over_its_candidates_and_shown_as_such() -> None:
    primary = {"site": "unknown", "candidates": [{"site": "kidney", "certainty": "probable"},
                                                 {"site": "lung_nsclc", "certainty": "possible"}]}
    res = _results(BURDEN, primary=primary)
    tomita = res["tomita"]
    # kidney: moderate growth (2); lung: rapid (4) -- Tomita 2001
    assert _components(tomita)["primary_growth"] == (None, ("moderate", "rapid"))
    source = next(c.source for c in tomita.components if c.item == "primary_growth")
    assert source == "primary site uncertain: kidney (probable), lung_nsclc (possible)"
    # kidney is favourable and not lung (Bauer 1995): modified Bauer 4 for kidney, 2 for lung
    mb = res["bauer_modified"]
    assert (mb.min_total, mb.max_total) == (2, 4)
    nesms = _components(res["nesms"])["bauer_modified_3_or_more"]
    assert nesms == (None, ("yes", "no"))


def test_a_probable_site_is_scored_as_that_site_and_says_it_was_probable() -> None:
    res = _results(BURDEN, primary={"site": "kidney", "site_certainty": "probable"})
    comp = next(c for c in res["tomita"].components if c.item == "primary_growth")
    assert (comp.answer, comp.source) == ("moderate", "derived from primary site kidney (site stated as probable)")


# ------------------------------------------------------------------ applicability, both sides
def test_sins_and_escc_apply_to_a_vertebral_lesion_at_a_level() -> None:
    res = _results(_imaging(level="T8", compartments=["vertebral_body"], epidural_present=True))
    assert res["sins"].applicable and res["escc"].applicable


@pytest.mark.parametrize("key", ["sins", "escc"])
def test_an_intramedullary_metastasis_is_outside_sins_and_escc(key: str) -> None:
    res = _results(_imaging(level="T8", compartments=["intramedullary"]))[key]
    assert not res.applicable and res.total is None and res.min_total is None and res.components == ()
    assert res.not_applicable is not None and res.not_applicable.startswith("intramedullary metastasis at T8: ")


def test_a_finding_known_only_by_region_is_outside_escc() -> None:
    res = _results(_imaging(region="thoracic", pathological_fracture=True))["escc"]
    assert res.not_applicable is not None
    assert res.not_applicable.startswith("no vertebral or epidural lesion at one level (recorded: thoracic)")


# Fisher 2010 location table: junctional occiput-C2, C7-T2, T11-L1, L5-S1; mobile C3-C6, L2-L4;
# semirigid T3-T10; rigid S2-S5. A region's levels (spinemet.case.regions) allow exactly these classes.
@pytest.mark.parametrize(("region", "classes"), [
    ("cervical", ("junctional", "mobile")),          # C1-C2, C7 junctional; C3-C6 mobile
    ("thoracic", ("junctional", "semirigid")),       # T1-T2, T11-T12 junctional; T3-T10 semirigid
    ("lumbar", ("junctional", "mobile")),            # L1, L5 junctional; L2-L4 mobile
    ("sacral", ("junctional", "rigid")),             # S1 junctional; S2-S5 rigid
    ("thoracolumbar", ("junctional", "mobile", "semirigid")),  # T1-L5: the word may mean both regions
    ("whole_spine", ("junctional", "mobile", "semirigid", "rigid")),
    ("conus", ("junctional", "mobile")),             # T12-L3 (Saifuddin 1998): T12, L1 junctional; L2, L3 mobile
])
def test_a_lesion_known_only_by_region_narrows_sins_location_to_the_classes_of_its_levels_per_fisher2010(
        region: str, classes: tuple[str, ...]) -> None:
    res = _results(_imaging(region=region, pathological_fracture=True, collapse_present=True))["sins"]
    assert res.applicable, res.not_applicable
    comps = _components(res)
    assert comps["location"] == (None, classes)
    assert comps["collapse"] == (None, ("at_least_50", "under_50"))
    # the points range over exactly the location classes allowed (3 / 2 / 1 / 0 points)
    points = {"junctional": 3, "mobile": 2, "semirigid": 1, "rigid": 0}
    location_span = max(points[c] for c in classes) - min(points[c] for c in classes)
    assert res.max_total is not None and res.min_total is not None
    assert res.max_total - res.min_total >= location_span


def test_every_region_gives_exactly_the_location_classes_of_its_levels_in_the_fisher2010_table() -> None:
    # the Fisher 2010 table written out here by hand (not read from the code under test)
    junctional = {"C1", "C2", "C7", "T1", "T2", "T11", "T12", "L1", "L5", "S1"}
    mobile = {"C3", "C4", "C5", "C6", "L2", "L3", "L4"}
    rigid = {"S2", "S3", "S4", "S5"}

    def fisher(level: str) -> str:
        if level in junctional:
            return "junctional"
        if level in mobile:
            return "mobile"
        return "rigid" if level in rigid else "semirigid"

    from spinemet.case.regions import REGION_LEVELS
    from spinemet.instruments.declarations.sins import sins_location_over_region

    for region, levels in REGION_LEVELS.items():
        given = sins_location_over_region(region)
        expected = {fisher(str(lvl)) for lvl in levels}
        if len(expected) == 1:
            assert given.answer == expected.pop() and not given.candidates, region
        else:
            assert given.answer is None and set(given.candidates) == expected, region


def test_diffuse_disease_in_a_region_stays_outside_sins() -> None:
    res = _results(_imaging(region="thoracic", diffuse=True, lesion_type="blastic"))["sins"]
    assert res.not_applicable is not None and "one lesion at one level" in res.not_applicable


def test_an_intramedullary_lesion_at_the_conus_stays_outside_sins() -> None:
    res = _results(_imaging(region="conus", compartments=["intramedullary"]))["sins"]
    assert res.not_applicable is not None and res.not_applicable.startswith("intramedullary metastasis at conus")


def test_a_vertebral_lesion_known_only_by_a_span_leaves_sins_location_open_over_its_levels_per_fisher2010() -> None:
    # Fisher 2010 location table: T9 and T10 are semirigid, T11 and T12 junctional. With the level
    # unknown among T9-T12, location is one of the two (1 or 3 points), never 'not applicable'.
    res = _results(_imaging(span="T9-T12", compartments=["vertebral_body"], collapse_present=True))["sins"]
    assert res.applicable
    comps = _components(res)
    assert comps["location"] == (None, ("junctional", "semirigid"))
    assert comps["collapse"] == (None, ("at_least_50", "under_50"))
    # location 1..3 + pain 0..3 + bone 0..2 + alignment 0..4 + collapse 2..3 + posterolateral 0..3
    assert (res.min_total, res.max_total) == (3, 18)
    settled = _components(_results(_imaging(span="T4-T8", compartments=["vertebral_body"]))["sins"])
    assert settled["location"] == ("semirigid", ())  # T4-T8 all semirigid


def test_an_epidural_mass_over_a_span_grades_escc_from_what_is_stated_for_it_per_bilsky2010() -> None:
    res = _results(_imaging(span="T2-T10", compartments=["epidural"], cord_compression=True))["escc"]
    assert res.applicable and _components(res)["grade"] == (None, ("2", "3"))
    graded = _results(_imaging(span="T2-T10", escc="1b"))["escc"]
    assert _components(graded)["grade"] == ("1b", ())


@pytest.mark.parametrize(("key", "name"), [("sins", "SINS"), ("escc", "the ESCC scale")])
def test_an_intramedullary_metastasis_over_a_span_is_named_as_such(key: str, name: str) -> None:
    res = _results(_imaging(span="C3-C5", compartments=["intramedullary"]))[key]
    assert res.not_applicable == f"intramedullary metastasis at C3-C5: {name} applies to vertebral or epidural lesions"


def test_the_spinal_instruments_read_the_vertebral_level_when_another_is_intradural() -> None:
    case = _case({"type": "imaging", "day": 0, "findings": [
        {"level": "T4", "compartments": ["intramedullary"]},
        {"level": "L2", "compartments": ["vertebral_body"], "lesion_type": "lytic"}]})
    sins = {r.instrument: r for r in assess_snapshot(snapshot(case))}["sins"]
    assert sins.applicable and _components(sins)["location"] == ("mobile", ())  # L2: mobile (Fisher 2010)


@pytest.mark.parametrize("key", PROGNOSTIC)
def test_each_prognostic_score_applies_to_a_vertebral_metastasis(key: str) -> None:
    # Rades was derived in patients irradiated for MSCC (Rades 2008): it applies once compression is recorded
    mscc = {"cord_compression": True} if key == "rades_survival" else {}
    res = _results(BURDEN, _imaging(level="T8", compartments=["vertebral_body"], **mscc),
                   {"type": "neuro_exam", "day": 0, "walking": "independent"})
    assert res[key].applicable


@pytest.mark.parametrize("key", PROGNOSTIC)
def test_each_prognostic_score_is_outside_leptomeningeal_only_disease(key: str) -> None:
    res = _results(BURDEN, _imaging(level="T8", compartments=["leptomeningeal"]))[key]
    assert res.not_applicable is not None and res.not_applicable.startswith("leptomeningeal metastasis only: ")


@pytest.mark.parametrize("key", PROGNOSTIC)
def test_each_prognostic_score_is_outside_a_primary_cns_tumour(key: str) -> None:
    res = _results(BURDEN, _imaging(level="T8", compartments=["vertebral_body"]),
                   primary={"site": "ependymoma"})[key]
    assert res.not_applicable is not None and res.not_applicable.startswith("primary ependymoma (a tumour of the")


@pytest.mark.parametrize("key", ALWAYS)
def test_instruments_of_function_grade_and_histology_stay_applicable_inside_the_dura(key: str) -> None:
    # Neurological grades, performance status, the NEN grade and radiosensitivity do not depend on
    # where the metastasis lies; they are read whenever their facts are recorded.
    assert INSTRUMENTS[key].applies_to is not None
    assert INSTRUMENTS[key].applies_to.outside is None  # type: ignore[union-attr]


@pytest.mark.parametrize(("walking", "grades"), [
    ("independent", (1,)), ("with_aid", (2,)), ("ambulatory_unspecified", (1, 2)), ("limited", (1, 2)),
    ("non_ambulatory", (3, 4)),  # grade 4 needs absent/flicker power; not recorded here
])
def test_walking_in_words_gives_the_scorad_grades_of_hoskin2019_table1(walking: str, grades: tuple[int, ...]) -> None:
    from spinemet.instruments.scorad import scorad_grades

    case = _case({"type": "neuro_exam", "day": 0, "walking": walking})
    exam = snapshot(case).neuro
    assert exam is not None and scorad_grades(exam.value) == grades


def test_mrc_power_per_muscle_group_reads_scorad_grade_4_when_flicker() -> None:
    from spinemet.instruments.scorad import scorad_grades

    case = _case({"type": "neuro_exam", "day": 0, "walking": "non_ambulatory",
                  "power": [{"muscle": "hip_flexors", "side": "left", "grade": "1/5"}]})
    exam = snapshot(case).neuro
    assert exam is not None and scorad_grades(exam.value) == (4,)


# ------------------------------------------------------------------ derivation cohorts (Rades, Van der Linden)
MSCC = {"type": "imaging", "day": 0, "findings": [{"level": "T6", "compartments": ["epidural"], "escc": "2"}]}


def test_rades_applies_to_cord_compression_and_not_when_every_finding_states_none_per_rades2008() -> None:
    # Rades 2008 (Cancer 112:157): derived in 1852 patients treated with RT for MSCC.
    assert _results(MSCC)["rades_survival"].applicable
    low = _results(_imaging(level="T6", escc="1b"))["rades_survival"]
    assert low.not_applicable is not None and low.not_applicable.startswith(
        "no spinal cord or cauda equina compression recorded (at T6): the Rades score was derived in patients "
        "irradiated for metastatic spinal cord compression")
    # compression not recorded at all: outside the derivation cohort too (changed 2026-11-28 from "applicable":
    # a score is given only inside the population it was derived in, as SINS needs a lesion at a level)
    silent = _results(_imaging(level="T6", lesion_type="lytic"))["rades_survival"]
    assert silent.not_applicable == ("no spinal cord or cauda equina compression recorded: the Rades score was "
                                     "derived in patients irradiated for metastatic spinal cord compression "
                                     "(Rades 2008: 1852 patients treated with RT for MSCC)")
    assert _results()["rades_survival"].not_applicable is not None  # nothing recorded at all
    # cauda equina compression is MSCC as Rades defines it (indentation of the thecal sac around the cord
    # or cauda equina by epidural metastasis; Rades & Schild review of spinal cord compression)
    cauda = _results(_imaging(level="L4", epidural_present=True, cord_compression=False,
                              cauda_equina_compression=True))["rades_survival"]
    assert cauda.applicable


@pytest.mark.parametrize("key", ["rades_survival", "van_der_linden"])
def test_supportive_care_only_is_outside_the_radiotherapy_cohorts(key: str) -> None:
    res = _results(MSCC, {"type": "supportive_care", "day": 1, "only": True})[key]
    assert res.not_applicable is not None and res.not_applicable.startswith("supportive care only (no radiotherapy)")
    assert _results(MSCC, {"type": "supportive_care", "day": 1, "only": False})[key].applicable


@pytest.mark.parametrize(("exam", "stated"), [
    ({"frankel": "C"}, "Frankel C"), ({"deficits": ["paraparesis"]}, "paraparesis"),
    ({"motor_deficit": True}, "motor deficit"), ({"cauda_equina_syndrome": True}, "cauda equina syndrome"),
])
def test_van_der_linden_is_outside_its_cohort_with_a_neurological_impairment_per_van_der_linden2005(
        exam: dict[str, Any], stated: str) -> None:
    # van der Linden 2005 (Cancer 103:320, abstract): 342 patients with painful spinal metastases
    # without neurological impairment, irradiated in the Dutch Bone Metastasis Study.
    res = _results(MSCC, {"type": "neuro_exam", "day": 0, **exam})["van_der_linden"]
    assert res.not_applicable == (
        f"neurological impairment recorded ({stated}): the Van der Linden score was derived in patients irradiated "
        "for painful spinal metastases without neurological impairment (van der Linden 2005: 342 patients of the "
        "Dutch Bone Metastasis Study)")


def test_van_der_linden_applies_without_a_stated_impairment() -> None:
    intact = {"type": "neuro_exam", "day": 0, "frankel": "E", "deficits": ["no_deficit"]}
    assert _results(MSCC, intact)["van_der_linden"].applicable
    assert _results(MSCC, {"type": "neuro_exam", "day": 0, "sensory_level": "T10"})["van_der_linden"].applicable


def test_rades_stays_applicable_after_a_stated_compression_is_treated() -> None:
    # A follow-up study without compression does not take a patient irradiated for MSCC out of the
    # MSCC population.
    later = {"type": "imaging", "day": 60, "findings": [{"level": "T6", "escc": "0"}]}
    assert _results(MSCC, later)["rades_survival"].applicable
