"""Words for the values of the record, as people read them ("with_aid" -> "Walks with aid")."""

from __future__ import annotations

from spinemet.instruments.sites import SITE_LABELS

_LABELS: dict[str, str] = {
    "mri": "MRI", "ct": "CT", "xray": "X-ray", "pet": "PET", "pet_ct": "PET-CT", "bone_scan": "Bone scan",
    "at_least_50": "≥ 50% collapse", "under_50": "< 50% collapse",
    "none_over_50_involved": "No collapse, > 50% of body involved", "none": "None",
    "subluxation": "Subluxation / translation", "deformity": "De novo deformity (kyphosis/scoliosis)",
    "normal": "Normal", "bilateral": "Bilateral", "unilateral": "Unilateral",
    "with_aid": "Walks with aid", "non_ambulatory": "Not ambulatory", "independent": "Walks independently",
    "ambulatory_unspecified": "Walks (aid not stated)", "limited": "Walking limited",
    "mechanical": "Mechanical pain", "occasional": "Occasional non-mechanical pain",
    "cebrt": "Conventional EBRT", "sbrt": "SBRT / radiosurgery",
    "prrt": "PRRT", "crp": "CRP", "ldh": "LDH",
    # wound status
    "healed": "Healed (wound sound)", "not_healed": "Not yet healed", "infected": "Infected",
    "dehiscence": "Dehiscence (wound breakdown)",
    # bone response (MD Anderson)
    "sclerotic_rim": "Sclerotic rim", "partial_fill_in": "Partial sclerotic fill-in",
    "complete_fill_in": "Complete sclerotic fill-in", "regression": "Regression of the lesion",
    "no_change": "No change", "enlargement": "Enlargement",
    # neuro-endocrine pathology
    "net_g1": "NET G1", "net_g2": "NET G2", "net_g3": "NET G3", "nec": "NEC (neuro-endocrine carcinoma)",
    "minen": "MiNEN", "lcnec": "Large-cell NEC", "sclc": "Small-cell lung carcinoma",
    # facts shown on the timeline
    "suspected_instability": "Suspected spinal instability (clinical)",
    "new_deficit": "New or worse deficit",
    "motor_deficit_onset_day": "Motor deficit began on day",
    "complete_paraplegia_hours": "Complete paraplegia, hours",
    "mrc": "MRC power",
}


def label(key: str) -> str:
    """The label of a value: a word of its own, the primary site's name, or the key in words."""
    if key in _LABELS:
        return _LABELS[key]
    text = SITE_LABELS.get(key, key.replace("_", " "))
    return text[:1].upper() + text[1:]
