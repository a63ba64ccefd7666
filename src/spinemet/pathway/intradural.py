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

A neurological deficit makes the referral urgent. That is derived (the deficit threatens the cord
whatever the compartment); no source found sets a time limit for intradural metastases, so none is
given. No threshold is used.
"""

from __future__ import annotations

from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import Applicability, extradural_disease, intradural_sites
from spinemet.pathway.base import DECIDED, RuleSpec, answer
from spinemet.pathway.context import RuleInput, has_deficit, neuro_signs
from spinemet.pathway.model import Reason, Recommendation


def intradural_disease(inp: RuleInput) -> list[str]:
    """Intradural or leptomeningeal disease in words: imaged findings, then leptomeningeal spread or a
    cauda equina syndrome reported with it."""
    s = inp.snapshot
    sites = list(inp.fact("intradural_sites", intradural_sites))
    burden = s.burden.value if s.burden else None
    if burden is not None and burden.leptomeningeal_dissemination and not any("leptomeningeal" in x for x in sites):
        sites.append("leptomeningeal dissemination")
    return sites


def _outside(inp: RuleInput) -> str | None:
    return None if intradural_disease(inp) else "no intradural, intramedullary or leptomeningeal disease is recorded"


INTRADURAL_OR_LEPTOMENINGEAL = Applicability(
    "an intradural extramedullary, intramedullary or leptomeningeal metastasis", _outside
)


def _route(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
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
