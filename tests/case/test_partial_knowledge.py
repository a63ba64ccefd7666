"""Partial knowledge as values, where the disease is, and the events real courses contain (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from spinemet.anatomy import Level, Span
from spinemet.case import parse_case, snapshot
from spinemet.case.muscles import ISNCSCI_KEY_MUSCLES, MUSCLE_GROUPS
from spinemet.case.primary_sites import TOPOGRAPHY, topography
from spinemet.case.units import PROVENANCE, UNITS, WORDS_ONLY, to_canonical
from spinemet.case.vocab import Analyte, PrimarySite
from spinemet.case.vocab_disease import Compartment, CountWord, DeficitWord, LabStatement, Walking
from spinemet.errors import ValidationFailed


def case(*timeline: dict[str, Any], primary: dict[str, Any] | None = None) -> Any:
    return parse_case({"id": "p", "primary": primary or {"site": "breast"}, "timeline": list(timeline)})


def imaging(*findings: dict[str, Any], day: int = 0) -> dict[str, Any]:
    return {"type": "imaging", "day": day, "findings": list(findings)}


# ------------------------------------------------------------------ partial knowledge


def test_collapse_present_without_percentage_is_recorded_and_read() -> None:
    s = snapshot(case(imaging({"level": "T9", "collapse_present": True})))
    assert s.collapse_present(Level.T9) is True
    f = s.finding(Level.T9)
    assert f is not None and f.collapse_percent is None and f.collapse is None  # nothing invented


@pytest.mark.parametrize(("finding", "expected"), [
    ({"collapse_percent": 30}, True), ({"collapse_percent": 0}, False), ({"collapse": "at_least_50"}, True),
    ({"collapse": "none"}, False), ({"collapse": "none_over_50_involved"}, False), ({}, None),
])
def test_collapse_present_reads_every_way_collapse_is_written(finding: dict[str, Any], expected: bool | None) -> None:
    s = snapshot(case(imaging({"level": "L2", **finding})))
    assert s.collapse_present(Level.L2) is expected


def test_pain_present_character_unknown() -> None:
    s = snapshot(case({"type": "pain", "day": 0, "present": True}))
    assert s.pain_present is True and s.pain is not None and s.pain.value.character is None


def test_posterior_elements_involved_side_unknown() -> None:
    s = snapshot(case(imaging({"level": "T4", "posterior_elements_involved": True})))
    assert s.posterior_elements_involved(Level.T4) is True
    assert s.finding(Level.T4).posterolateral is None  # type: ignore[union-attr]


def test_epidural_present_grade_unknown() -> None:
    s = snapshot(case(imaging({"level": "T4", "epidural_present": True})))
    assert s.epidural_present(Level.T4) is True and s.finding(Level.T4).escc is None  # type: ignore[union-attr]


def test_cauda_equina_compression_is_not_cord_compression() -> None:
    s = snapshot(case(imaging({"level": "L3", "cauda_equina_compression": True})))
    assert s.compressed_structures(Level.L3) == frozenset({"cauda_equina"})
    assert s.finding(Level.L3).cord_compression is None  # type: ignore[union-attr]


def test_escc_2_means_the_cord_is_compressed() -> None:
    s = snapshot(case(imaging({"level": "T6", "escc": 2})))
    assert s.compressed_structures(Level.T6) == frozenset({"cord"})


def test_deficits_in_words_and_mrc_power_per_muscle_and_side() -> None:
    s = snapshot(case({"type": "neuro_exam", "day": 0, "deficits": ["paraparesis", "numbness"], "sensory_level": "T10",
                       "power": [{"muscle": "hip_flexors", "side": "left", "grade": "3/5"},
                                 {"muscle": "Hip flexors", "side": "right", "grade": 4}]}))
    assert s.deficits == frozenset({DeficitWord.PARAPARESIS, DeficitWord.NUMBNESS})
    assert [(p.muscle, p.side.value if p.side else None, p.grade) for p in s.power] == [
        ("hip_flexors", "left", 3), ("hip_flexors", "right", 4)]


def test_isncsci_key_muscles_are_the_ten_with_their_segments() -> None:
    # ISNCSCI (kirshblum2011): C5 elbow flexors ... S1 ankle plantar flexors.
    assert {MUSCLE_GROUPS[m][1] for m in ISNCSCI_KEY_MUSCLES} == {"C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"}
    assert MUSCLE_GROUPS["hip_flexors"][1] == "L2" and MUSCLE_GROUPS["ankle_dorsiflexors"][1] == "L4"


@pytest.mark.parametrize(("words", "ambulatory", "walking"), [
    ({"walking": "ambulatory_unspecified"}, None, Walking.AMBULATORY_UNSPECIFIED),
    ({"walking": "limited", "ambulatory": "with_aid"}, "with_aid", Walking.LIMITED),
    ({"ambulatory": "non_ambulatory"}, "non_ambulatory", Walking.NON_AMBULATORY),
])
def test_walking_in_words(words: dict[str, Any], ambulatory: str | None, walking: Walking) -> None:
    s = snapshot(case({"type": "neuro_exam", "day": 0, **words}))
    n = s.neuro.value  # type: ignore[union-attr]
    assert (n.ambulatory.value if n.ambulatory else None) == ambulatory
    assert s.walking is walking


@pytest.mark.parametrize(("burden", "kind", "expected"), [
    ({"extraspinal_bone_mets_extent": "multiple"}, "extraspinal_bone", (2, None)),
    ({"vertebral_mets_extent": "solitary"}, "vertebral", (1, 1)),
    ({"vertebral_mets": 3}, "vertebral", (3, 3)),
    ({"bone_mets_extent": "diffuse"}, "bone", (2, None)),
    ({"visceral_mets_present": False}, "visceral", (0, 0)),
    ({"visceral_mets_extent": "widespread"}, "visceral", (2, None)),
    ({}, "vertebral", None),
])
def test_counts_in_words_give_count_ranges(burden: dict[str, Any], kind: str, expected: Any) -> None:
    s = snapshot(case({"type": "disease_burden", "day": 0, **burden}))
    assert s.count_range(kind) == expected


def test_count_and_word_that_disagree_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="'solitary' disagrees with vertebral_mets 4"):
        case({"type": "disease_burden", "day": 0, "vertebral_mets": 4, "vertebral_mets_extent": "solitary"})


def test_uncertain_primary_candidates() -> None:
    s = snapshot(case(primary={"site": "unknown", "candidates": [{"site": "kidney", "certainty": "probable"},
                                                                 {"site": "lung_nsclc", "certainty": "possible"}]}))
    assert s.primary_sites == (PrimarySite.KIDNEY, PrimarySite.LUNG_NSCLC)
    probably_lung = snapshot(case(primary={"site": "lung_other", "site_certainty": "probable"}))
    assert probably_lung.primary_sites == (PrimarySite.LUNG_OTHER,)
    assert snapshot(case(primary={"site": "unknown"})).primary_sites == ()


def test_other_site_keeps_its_label() -> None:
    c = case(primary={"site": "other", "site_label": "ameloblastoma"})
    assert c.primary.site_label == "ameloblastoma"


def test_every_primary_site_has_a_topography_entry_and_codes_look_like_icdo3() -> None:
    assert set(TOPOGRAPHY) == set(PrimarySite)
    for site, (code, _why) in TOPOGRAPHY.items():
        assert code is None or (code[0] == "C" and code[1:3].isdigit() and code[3] == "."), site
    assert topography(PrimarySite.CHOLANGIOCARCINOMA) == "C22.1"
    assert topography(PrimarySite.UNKNOWN) == "C80.9"
    assert topography(PrimarySite.MELANOMA) is None


# ------------------------------------------------------------------ tumour markers


def test_urinary_5hiaa_umol_converts_by_its_molar_mass() -> None:
    # 5-HIAA, C10H9NO3, 191.18 g/mol: 100 umol/24 h = 19.118 mg/24 h.
    assert to_canonical(Analyte.URINE_5_HIAA, 100, "µmol/24h") == pytest.approx(19.118)


def test_marker_units_are_si_prefix_identities() -> None:
    assert to_canonical(Analyte.PSA, 412, "µg/L") == 412
    assert to_canonical(Analyte.CALCITONIN, 85, "ng/L") == 85


def test_every_analyte_has_units_and_provenance() -> None:
    # a panel stated only in words (thyroid function) has no unit and takes no value
    assert set(UNITS) | WORDS_ONLY == set(Analyte) == set(PROVENANCE) | WORDS_ONLY
    assert not set(UNITS) & WORDS_ONLY


def test_marker_stated_only_as_raised() -> None:
    s = snapshot(case({"type": "labs", "day": 0, "values": [{"analyte": "thyroglobulin", "statement": "markedly_raised"},
                                                           {"analyte": "psa", "value": 412, "unit": "ng/mL"}]}))
    assert s.lab_statement(Analyte.THYROGLOBULIN) is LabStatement.MARKEDLY_RAISED
    assert Analyte.THYROGLOBULIN not in s.labs  # no number is made up
    assert s.lab(Analyte.PSA).canonical_value == 412  # type: ignore[union-attr]


# ------------------------------------------------------------------ where the disease is


def test_one_epidural_mass_over_nine_levels_is_one_finding() -> None:
    s = snapshot(case(imaging({"span": "T2-T10", "compartments": ["epidural"], "cord_compression": True})))
    assert s.findings == {} and len(s.extent_findings) == 1
    f = s.extent_findings[0].value
    assert f.span == Span(Level.T2, Level.T10) and len(f.span) == 9
    assert s.compartments() == frozenset({Compartment.EPIDURAL})


def test_intramedullary_finding_keeps_its_compartment() -> None:
    s = snapshot(case(imaging({"level": "T8", "compartments": ["intramedullary"]})))
    assert s.compartments(Level.T8) == frozenset({Compartment.INTRAMEDULLARY})


def test_region_without_level_and_diffuse_disease() -> None:
    s = snapshot(case(imaging({"region": "thoracic", "pathological_fracture": True, "collapse_present": True},
                              {"diffuse": True, "lesion_type": "blastic"})))
    assert [d.value.place for d in s.extent_findings] == ["thoracic", "diffuse"]
    assert s.levels == ()


def test_a_later_study_replaces_a_span_finding_at_the_same_place() -> None:
    s = snapshot(case(imaging({"span": "T2-T10", "compartments": ["epidural"], "escc": 3}),
                      imaging({"span": "T2-T10", "compartments": ["epidural"], "escc": "1b"}, day=30)))
    assert len(s.extent_findings) == 1 and s.extent_findings[0].day == 30


def test_surgery_over_non_contiguous_levels() -> None:
    c = case({"type": "surgery", "day": 0, "procedures": ["decompression"], "spans": ["T2-T3", "T9"]})
    op = snapshot(c).surgeries()[0].value
    assert op.all_spans == (Span(Level.T2, Level.T3), Span(Level.T9, Level.T9))
    assert op.levels is None


def test_level_files_of_version_1_stay_valid() -> None:
    c = parse_case({"schema_version": 1, "id": "v1", "primary": {"site": "breast"},
                    "timeline": [imaging({"level": "T6", "escc": "1b"})]})
    assert c.schema_version == 2 and snapshot(c).finding(Level.T6) is not None


# ------------------------------------------------------------------ events real courses contain


def test_new_procedures_are_treatments_and_complications_link_to_them() -> None:
    c = case({"type": "embolisation", "id": "emb", "day": -1, "purpose": "preoperative", "levels": "L1"},
             {"type": "surgery", "id": "op", "day": 0, "embolised_before": "emb", "approach": "posterior",
              "extent": "piecemeal", "minimally_invasive": False},
             {"type": "cement_augmentation", "id": "vp", "day": 20, "procedure": "vertebroplasty", "levels": "T12"},
             {"type": "ablation", "id": "rfa", "day": 20, "method": "radiofrequency", "levels": "T12", "with_cement": True},
             {"type": "complication", "id": "leak", "day": 21, "kind": "cement_extrusion", "procedure": "vp",
              "causes_compression": True, "compressed": "cord"},
             {"type": "imaging", "day": 21, "findings": [{"level": "T12", "cord_compression": True,
                                                          "compression_cause": "complication", "caused_by": "leak"}]},
             {"type": "primary_resection", "day": 60, "procedure": "nephrectomy"},
             {"type": "systemic_therapy", "day": 70, "drug_class": "denosumab"},
             {"type": "systemic_therapy", "day": 80, "drug_class": "radioiodine", "activity_gbq": 3.7},
             {"type": "supportive_care", "day": 90, "only": True},
             {"type": "outcome", "day": 400, "aspect": "local_control", "local_recurrence": False})
    s = snapshot(c)
    assert [p.value.type for p in s.procedures()] == ["embolisation", "cement_augmentation", "ablation", "primary_resection"]
    assert s.complications[0].value.procedure == "vp"
    assert s.finding(Level.T12).caused_by == "leak"  # type: ignore[union-attr]
    assert s.supportive_care[0].value.only is True
    assert s.outcomes[0].value.local_recurrence is False


def test_operation_of_unstated_type_has_no_procedures() -> None:
    c = case({"type": "surgery", "day": 0})
    assert snapshot(c).surgeries()[0].value.procedures is None


def test_rt_total_dose_without_fractions_is_kept() -> None:
    c = case({"type": "radiotherapy", "day": 0, "dose_gy": 30})
    rt = snapshot(c).radiotherapies()[0].value
    assert rt.dose_gy == 30 and rt.fractions is None


def test_outcome_must_say_something() -> None:
    with pytest.raises(ValidationFailed, match="an outcome needs"):
        case({"type": "outcome", "day": 1, "aspect": "overall"})


def test_count_word_keys_are_the_documented_ones() -> None:
    assert [w.value for w in CountWord] == ["none", "solitary", "multiple", "diffuse", "widespread"]
