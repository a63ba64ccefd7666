"""The NET systemic rule reads the WHO class wherever the record states it (issue 14 item 7): the
recorded class, the grading facts (WHO 2019 GEP: Ki-67 > 20% in a well-differentiated NET = G3), or the
histology text ("NET G2", "small-cell neuro-endocrine carcinoma"); SSA / PRRT already given and the
somatostatin-receptor imaging shape the options; phaeochromocytoma and paraganglioma are outside the
WHO GEP/lung grading the rule rests on."""

from __future__ import annotations

from typing import Any

import pytest
from tests.pathway.cases import make_case, mri, neuro, run

from spinemet.pathway.model import Recommendation


def _net(site: str, *extra: dict[str, Any], net: dict[str, Any] | None = None,
         histology: str | None = None) -> Recommendation:
    case = make_case(site, mri(0, "L1", escc="1a"), neuro(0, frankel="E"), *extra, net=net)
    if histology is not None:
        case = case.model_copy(update={"primary": case.primary.model_copy(update={"histology": histology})})
    plan = run(case, 0).plan
    [rec] = [r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == "net_systemic"]
    return rec


@pytest.mark.parametrize("site, net, histology, branch, klass", [
    ("lung_other", {"classification": "lcnec"}, None, "high_grade", "lcnec"),
    ("gep_net", {"differentiation": "well", "ki67_percent": 25}, None, "net_g3", "net_g3"),
    ("gep_net", {}, "pancreatic NET G2, Ki-67 10%", "gep_low", "net_g2"),
    ("lung_other", {}, "small-cell neuro-endocrine carcinoma of the lung", "high_grade", "sclc"),
    ("lung_carcinoid", {}, "atypical carcinoid of the lung", "carcinoid", "atypical_carcinoid"),
    ("lung_lcnec", None, None, "high_grade", "lcnec"),
])
def test_the_class_is_read_wherever_it_is_recorded(site: str, net: dict[str, Any] | None, histology: str | None,
                                                   branch: str, klass: str) -> None:
    rec = _net(site, net=net, histology=histology)
    assert rec.status.value == "decided", rec.statement
    assert (rec.data["branch"], rec.data["class"]) == (branch, klass)


def test_non_small_cell_is_not_small_cell() -> None:
    rec = _net("lung_other", net={}, histology="non-small-cell lung cancer with neuro-endocrine features")
    assert rec.status.value == "needs_information"


def test_grade_not_reported_lays_out_the_branches() -> None:
    rec = _net("lung_other", net={}, histology="neuro-endocrine tumour of lung origin (grade not reported)")
    assert rec.status.value == "needs_information" and len(rec.options) >= 4


def test_phaeochromocytoma_is_outside_the_who_grading() -> None:
    rec = _net("paraganglioma", net={})
    assert rec.status.value == "not_applicable" and "Phaeochromocytoma / paraganglioma" in rec.statement


def test_ssa_already_given_moves_the_options_on() -> None:
    ssa = {"type": "systemic_therapy", "day": -60, "drug_class": "somatostatin_analogue"}
    rec = _net("gep_net", ssa, net={"classification": "net_g2"})
    assert rec.options[0].startswith("Somatostatin analogue already given")
    assert not any(o.startswith("Somatostatin analogue (unverified") for o in rec.options)
    assert rec.data["history"] == ["somatostatin_analogue"]
    assert any("Somatostatin-receptor status not recorded" in o for o in rec.options)


def test_sstr_imaging_recorded_is_named_in_the_reasons() -> None:
    pet = {"type": "imaging", "day": -1, "modality": "somatostatin_receptor_imaging"}
    rec = _net("gep_net", pet, net={"classification": "net_g1"})
    assert any("Somatostatin-receptor imaging recorded" in r.text for r in rec.reasons)
    assert not any("status not recorded" in o for o in rec.options)


def _noms_o(site: str, histology: str, net: dict[str, Any] | None = None) -> list[str]:
    case = make_case(site, mri(0, "L1", escc="1a"), neuro(0, frankel="E"), net=net)
    case = case.model_copy(update={"primary": case.primary.model_copy(update={"histology": histology})})
    plan = run(case, 0).plan
    [rec] = [r for r in (*plan.recommendations, *plan.not_applicable) if r.rule == "noms"]
    values: list[str] = rec.data["O"]
    return values


@pytest.mark.parametrize("site, histology, group", [
    # R-O-3 (pathway reference section 7, derived): NEC / SCLC / LCNEC radiosensitive; NET G1-G3 and lung
    # carcinoids intermediate to conventional RT. The class is named only in the histology text here.
    ("gep_net", "pancreatic NET G2, Ki-67 10%", "intermediate"),
    ("lung_other", "small-cell neuro-endocrine carcinoma of the lung", "sensitive"),
    ("lung_other", "atypical carcinoid of the lung", "intermediate"),
])
def test_noms_radiosensitivity_reads_the_class_in_the_histology_text_r_o_3(site: str, histology: str,
                                                                          group: str) -> None:
    assert _noms_o(site, histology, net={}) == [group]


def test_noms_radiosensitivity_stays_open_when_the_text_names_no_class() -> None:
    assert len(_noms_o("gep_net", "pancreatic neuro-endocrine tumour", net={})) > 1
