"""A lung carcinoid is a well-differentiated lung NET, typical or atypical carcinoid (WHO Classification of
Thoracic Tumours, 5th ed. 2021, who2021_thoracic); both lead to the same systemic pointers (ESMO 2021 lung
NET, baudin_2021_esmo_lung) and to the same radiosensitivity group (intermediate, R-O-3), so the unknown
typical/atypical split decides neither.

Checked against the published case Hori 2012 (Oncol Lett, case 1: lung carcinoid, thoracic spine).
"""

from __future__ import annotations

from .cases import make_case, mri, run
from .published import rule_at

HORI = "hori2012-lung-carcinoid-thoracic"


def test_hori2012_lung_carcinoid_gets_the_carcinoid_pointers_not_nec_or_gep_options() -> None:
    rec = rule_at(HORI, "decompression", "net_systemic", when="before")
    assert rec.status.value == "decided"
    assert rec.data["branch"] == "carcinoid"
    assert rec.data["class"] == "typical_carcinoid or atypical_carcinoid"
    assert not any("etoposide" in o.lower() or "midgut" in o.lower() for o in rec.options), rec.options
    assert "who2021_thoracic" in rec.citations


def test_lung_carcinoid_site_reads_intermediate_radiosensitivity_for_noms_r_o_3() -> None:
    case = make_case("lung_carcinoid", mri(0, "T6", escc="1a"), net={})
    noms = run(case).plan.get("noms")
    assert noms is not None
    o_axis = next(r for r in noms.reasons if r.text.startswith("O:") or "WHO class" in r.text)
    assert "intermediate" in o_axis.text and "typical carcinoid or atypical carcinoid" in o_axis.text, o_axis.text


def test_a_recorded_class_still_wins_over_the_site() -> None:
    case = make_case("lung_carcinoid", mri(0, "T6", escc="1a"), net={"classification": "atypical_carcinoid"})
    rec = run(case).plan.get("net_systemic")
    assert rec is not None and rec.data["class"] == "atypical_carcinoid"
