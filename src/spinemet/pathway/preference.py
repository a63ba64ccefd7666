"""The patient's recorded treatment preference, as the surgical rules read it.

LMNOP's "P" counts the patient's wishes beside fitness and prognosis (Ivanishvili and Fourney 2014,
PMID 25054100, verified). A preference is a fact the team records (``preference`` on a fitness
assessment), never inferred: a declined surgery (or comfort care only) picks the non-surgical
branch of NOMS and of surgical candidacy, and says so with its day; while none is recorded, a
caution names it beside every surgical branch.
"""

from __future__ import annotations

from spinemet.case.snapshot import Snapshot
from spinemet.case.vocab_treatment import TreatmentPreference
from spinemet.pathway.context import preference, preference_words

#: Shown beside surgical branches while no preference is recorded (``preference`` on a fitness record).
PREFERENCE = ("The patient's informed preference can set aside a surgical branch; none is recorded (record it "
              "on a fitness assessment: a declined surgery then picks the non-surgical branch).")


def unrecorded_caution(s: Snapshot) -> list[str]:
    """The preference caution beside surgical branches, while no preference is settled."""
    pref = preference(s)
    return [PREFERENCE] if pref is None or pref.value is TreatmentPreference.UNDECIDED else []


def recorded_cautions(s: Snapshot) -> list[str]:
    """What a recorded preference asks of an answer that still names radiotherapy or other treatment."""
    pref = preference(s)
    if pref is None:
        return []
    words = preference_words(pref)
    said = words[:1].upper() + words[1:]
    if pref.value is TreatmentPreference.DECLINES_RADIOTHERAPY:
        return [f"{said}: radiotherapy in this answer is for discussion with the patient, not to be given as planned."]
    if pref.value is TreatmentPreference.COMFORT_CARE_ONLY:
        return [f"{said}: no operation; radiotherapy or any other disease-directed treatment in this answer only "
                "if the patient wishes it."]
    return []
