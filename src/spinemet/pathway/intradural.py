"""D1/D8 for disease inside the dura: route to neurosurgical and neuro-oncology assessment.

Intradural extramedullary, intramedullary and leptomeningeal metastases lie outside the
extradural MSCC pathway (NICE CG75/NG234 triage and steroids, Bilsky ESCC, SINS, NOMS, Patchell):
those rules answer *not applicable* with the reason (:mod:`spinemet.pathway.applicability`).
This rule says what to do instead, with its own sources:

* intradural (extramedullary or intramedullary) metastasis: neurosurgical assessment; surgical
  resection is the most common treatment of intradural spinal tumours, and radiosurgery is used
  for patients who cannot undergo surgery or for residual disease (Purvis 2017, verified); the
  optimal management of intramedullary metastases is not settled (Kalita 2011, verified);
* leptomeningeal metastasis: neuro-oncology assessment; diagnosis and classification by clinical
  signs, MRI of the neuraxis and CSF cytology (EANO-ESMO 2017, verified); options are systemic
  therapy, intra-CSF therapy and focal radiotherapy (Le Rhun 2019, verified).

Once the referral has been answered -- an operation (other than a biopsy alone) or radiotherapy is
recorded after the latest study showing the intradural disease and the latest examination with a
deficit (after a treatment, only a deficit the examiner calls new or worse, or progressive, counts: a
deficit still present or improving is follow-up) -- the rule no longer asks for an urgent assessment: at the moment of that treatment it is
shown *in progress* (as the MSCC emergencies, :mod:`spinemet.pathway.urgency`), afterwards as
answered, with follow-up due (MRI of the brain and whole neuraxis, Kalita 2011). A later study showing
intradural disease, or a later examination with a deficit, re-opens it.

A neurological deficit makes the referral urgent. That is derived (the deficit threatens the cord
whatever the compartment); no source found sets a time limit for intradural metastases, so none is
given. No threshold is used.
"""

from __future__ import annotations

from typing import Any

from spinemet.case.events import ChemoRadiotherapy, Imaging, Radiotherapy, Surgery
from spinemet.case.events.findings import compartments_of
from spinemet.case.snapshot import Dated
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import (
    INTRADURAL,
    Applicability,
    extradural_disease,
    intradural_sites,
    is_tumour,
)
from spinemet.pathway.base import DECIDED, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, has_deficit, neuro_signs, on_words
from spinemet.pathway.model import Reason, Recommendation


def intradural_disease(inp: RuleInput) -> list[str]:
    """Intradural or leptomeningeal disease in words: imaged findings, then leptomeningeal spread or a
    cauda equina syndrome reported with it."""
    s = inp.snapshot
    sites = list(inp.fact(intradural_sites))
    burden = s.burden.value if s.burden else None
    if burden is not None and burden.leptomeningeal_dissemination and not any("leptomeningeal" in x for x in sites):
        sites.append("leptomeningeal dissemination")
    return sites


def _outside(inp: RuleInput) -> str | None:
    return None if intradural_disease(inp) else "no intradural, intramedullary or leptomeningeal disease is recorded"


INTRADURAL_OR_LEPTOMENINGEAL = Applicability(
    "an intradural extramedullary, intramedullary or leptomeningeal metastasis", _outside
)


#: Treatments that can answer the referral (a tuple made once: ``A | B`` makes a union at each test).
_TREATMENTS = (Surgery, Radiotherapy, ChemoRadiotherapy)


def _shows_intradural_tumour(study: Imaging) -> bool:
    return any(is_tumour(f) and compartments_of(f) & INTRADURAL for f in study.findings)


def _treatment_words(event: Surgery | Radiotherapy | ChemoRadiotherapy) -> str | None:
    """The treatment in words, or None for what does not answer the referral (a biopsy alone)."""
    if isinstance(event, Surgery):
        kinds = [p.value for p in event.procedures or ()]
        if kinds and set(kinds) <= {"biopsy"}:
            return None
        return ", ".join(k.replace("_", " ") for k in kinds) if kinds else "an operation (type not stated)"
    if isinstance(event, ChemoRadiotherapy):
        return "chemo-radiotherapy"
    return event.technique.value.upper() if event.technique is not None else "radiotherapy"


def answering_treatments(inp: RuleInput) -> list[tuple[Dated[Any], str, bool]]:
    """The treatments recorded after what raised the referral, as (event, words, is the snapshot's moment).

    What raises it: the latest imaging study showing intradural tumour and the latest examination with
    a deficit (a later one re-opens the referral: relapse, failure). Read in the recorded order."""
    s = inp.snapshot
    trigger = -1
    treated = False
    for i, dated in enumerate(s.events):
        event = dated.value
        if isinstance(event, Imaging) and _shows_intradural_tumour(event):
            trigger, treated = i, False
        elif isinstance(event, _TREATMENTS) and trigger >= 0:
            treated = treated or _treatment_words(event) is not None
        elif getattr(event, "type", None) == "neuro_exam" and s.neuro is not None and event is s.neuro.value:
            # after a treatment a deficit still present (or improving) is follow-up; a deficit the examiner
            # calls new or worse, or progressive, re-opens the referral
            worse = getattr(event, "new_deficit", None) is True or str(getattr(event, "tempo", None)) in (
                "progressive", "rapidly_progressive", "acute")
            if neuro_signs(s)[0] and (not treated or worse):
                trigger = max(trigger, i)
    if trigger < 0:
        return []
    last = len(s.events) - 1
    levels = [f.value.level for f in s.all_findings
              if f.value.level is not None and is_tumour(f.value) and compartments_of(f.value) & INTRADURAL]
    out = []
    for i, dated in enumerate(s.events[trigger + 1:], start=trigger + 1):
        if isinstance(dated.value, _TREATMENTS):
            span = dated.value.levels
            if span is not None and levels and not any(lv in span for lv in levels):
                continue  # treatment of another level does not answer the referral
            words = _treatment_words(dated.value)
            if words is not None:
                out.append((dated, words, i == last))
    return out


_FOLLOW = ("Follow-up: MRI of the brain and the whole neuraxis, and neurosurgical re-assessment at once if a "
           "deficit appears or worsens or imaging shows new intradural disease.")


def _answered(inp: RuleInput, where: str, given: list[tuple[Dated[Any], str, bool]]) -> Recommendation:
    s = inp.snapshot
    done = "; ".join(f"{words} on {on_words(s, dated)}" for dated, words, _now in given)
    if given[-1][2]:
        reasons = [Reason(f"Treatment of the intradural disease started at this moment, recorded after the study and "
                          f"examination that raised the referral: {done}.", {"answered_by": done},
                          "the state after the events in their recorded order", "purvis_2017_intradural")]
        return answer(INTRADURAL_REFERRAL, DECIDED,
                      f"Neurosurgical assessment - IN PROGRESS: {done} answers the referral ({where}). {_FOLLOW}",
                      reasons, citations=("purvis_2017_intradural", "kalita_2011_iscm"),
                      evidence_status=EvidenceStatus.DERIVED,
                      data={"sites": intradural_disease(inp), "urgent": False, "state": "in_progress",
                            "answered_by": [w for _d, w, _n in given]})
    return not_applicable(INTRADURAL_REFERRAL,
                          f"The referral has been answered ({done}) for {where}. {_FOLLOW}",
                          [Reason(f"Treated after the study and examination that raised the referral: {done}.",
                                  {"answered_by": [w for _d, w, _n in given]}, None, "purvis_2017_intradural")])


def _route(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    given = answering_treatments(inp)
    if given:
        return _answered(inp, "; ".join(intradural_disease(inp)), given)
    sites = intradural_disease(inp)
    where = "; ".join(sites)
    lepto = any("leptomeningeal" in x for x in sites)
    cord = any("intramedullary" in x or "intradural" in x for x in sites)
    reasons = [Reason(
        f"Disease inside the dura: {where}. The extradural MSCC rules (urgency, steroids, ESCC/SINS/NOMS, "
        "Patchell) were written for vertebral and epidural metastases and do not apply to it.",
        {"sites": sites}, None, None)]
    cites: list[str] = []
    options: list[str] = []
    if cord:
        reasons.append(Reason("Surgical resection is the most common treatment of intradural spinal tumours; "
                              "radiosurgery for patients who cannot undergo surgery or for residual disease.",
                              {}, None, "purvis_2017_intradural"))
        reasons.append(Reason("The optimal management of intramedullary metastases is not settled; a quarter of "
                              "patients also have leptomeningeal and a third brain metastases.", {}, None,
                              "kalita_2011_iscm"))
        options += ["Neurosurgical assessment for resection (the most common treatment of intradural tumours).",
                    "Radiosurgery if surgery is not possible or disease remains after it.",
                    "MRI of the brain and the whole neuraxis, to look for brain and leptomeningeal spread."]
        cites += ["purvis_2017_intradural", "kalita_2011_iscm"]
    if lepto:
        reasons.append(Reason("Leptomeningeal metastasis: diagnosis and classification by clinical signs, MRI of "
                              "the neuraxis and CSF cytology; treatment follows the classification.", {}, None,
                              "le_rhun_2017_eano_esmo_lm"))
        reasons.append(Reason("Options: systemic therapy, intra-CSF therapy and focal radiotherapy.", {}, None,
                              "le_rhun_2019_how_we_treat_lm"))
        options += ["Neuro-oncology assessment: MRI of the brain and spine, CSF cytology.",
                    "Systemic therapy, intra-CSF therapy or focal radiotherapy, by the neuro-oncology team."]
        cites += ["le_rhun_2017_eano_esmo_lm", "le_rhun_2019_how_we_treat_lm"]
    signs, _ = neuro_signs(s)
    if s.pain is not None and s.pain.value.radicular:
        signs = [*signs, "radicular pain"]
    deficit = bool(signs) or has_deficit(s)
    team = " and ".join(x for x in ("neurosurgical" if cord else "", "neuro-oncology") if x)
    if deficit:
        reasons.append(Reason("Neurological signs: " + ", ".join(signs) + ".", {"signs": signs},
                              "a deficit makes the referral urgent (derived; no verified time limit)", None))
        statement = f"URGENT {team} assessment: {where}, with a neurological deficit (outside the extradural MSCC pathway)."
    else:
        statement = f"Refer for {team} assessment: {where} (outside the extradural MSCC pathway)."
    also = extradural_disease(s)
    cautions = ["No source found sets a time limit for intradural metastases; the urgency with a deficit is "
                "derived."] if deficit else []
    if also:
        cautions.append("Vertebral or epidural disease is recorded as well: the extradural rules apply to it.")
    return answer(INTRADURAL_REFERRAL, DECIDED, statement, reasons, citations=tuple(dict.fromkeys(cites)),
                  options=options, cautions=cautions, evidence_status=EvidenceStatus.DERIVED,
                  data={"sites": sites, "leptomeningeal": lepto, "intradural": cord, "urgent": bool(deficit),
                        "extradural_too": bool(also)})


INTRADURAL_REFERRAL = RuleSpec(
    key="intradural_referral",
    decision_point="D1/D8",
    title="Intradural or leptomeningeal metastasis: neurosurgical / neuro-oncology assessment",
    summary="Disease inside the dura leaves the extradural MSCC pathway: neurosurgical assessment for intradural "
            "metastases, neuro-oncology for leptomeningeal spread; urgent with a deficit (derived).",
    inputs=("imaging findings: compartments (intradural extramedullary, intramedullary, leptomeningeal)",
            "disease burden: leptomeningeal dissemination", "neurological examination"),
    outputs=("referral (neurosurgery / neuro-oncology)", "urgency with a deficit", "options"),
    sources=("purvis_2017_intradural", "kalita_2011_iscm", "le_rhun_2017_eano_esmo_lm",
             "le_rhun_2019_how_we_treat_lm"),
    pathway_rules=(),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_route,
    applies_to=INTRADURAL_OR_LEPTOMENINGEAL,
)
