"""A stored case -> one registry row of facts at presentation, and its survival time.

The inverse of :func:`spinemet.cohort.facts.case_from_facts`: each dictionary column is read from the
case's :class:`~spinemet.case.snapshot.Snapshot` on the presentation day -- the same readers the
single-case path scores from (``kps``, ``ecog``, ``walking``, ``count_range``, ``lab``,
``index_level``, ``hormone_dependent``, ...). Nothing is scored here: the row is scored by the table
path like any registry row, so no score is implemented twice.

A fact the case does not state exactly stays empty (unknown): a count stated only in words
("multiple") is not a number, ``visceral_removable``/``visceral_treatable`` are read over the organs as the
Tokuhashi and Tomita readers read them (yes when every organ is yes, no when any is no), and ``previous_chemotherapy`` is 'yes' or empty (a case records
therapies given, not their absence). ``motor_deficit_days`` is written only when a radiotherapy
starts on the presentation day (the dictionary's meaning: days from onset to radiotherapy).

Presentation is the first day on or after day 0 (the index date) with an event; a case with events
only before day 0 presents on its last day. Survival is counted in months of 365.25/12 days from
presentation to death (event 1) or to the last exactly dated event (event 0); it is unknown -- the case
is left out, never given a time -- when the death or the last contact is not exactly dated, or when
nothing was recorded after presentation.
"""

from __future__ import annotations

from dataclasses import dataclass

from spinemet.case import Case
from spinemet.case.events.interventions import SystemicTherapy
from spinemet.case.events.observations import DiseaseBurden
from spinemet.case.snapshot import Snapshot, snapshot
from spinemet.case.units import to_canonical
from spinemet.case.vocab import Analyte
from spinemet.cohort.dictionary import BY_NAME
from spinemet.instruments.declarations.rades import DAYS_PER_MONTH
from spinemet.instruments.reading import Reading, compression_ever_stated, no_compression_stated

#: the survival columns a store cohort carries, and their unit
TIME_COLUMN = "survival_months"
EVENT_COLUMN = "death"
TIME_UNIT = "months (days / 30.4375, from presentation)"

_LABS = ("albumin", "crp", "ldh", "platelets", "calcium", "bilirubin")


def presentation_day(case: Case) -> int:
    """The first day on or after day 0 with an event (day 0 when the timeline is empty)."""
    days = [d for d, _ in case.ordered_events()]
    later = [d for d in days if d >= 0]
    if later:
        return min(later)
    return max(days) if days else 0


def _all_organs(values: list[bool | None]) -> bool | None:
    """One yes/no for every visceral metastasis, as the Tokuhashi and Tomita readers read the organs:
    yes when every organ is stated yes, no when any is stated no, else unknown."""
    if values and all(v is True for v in values):
        return True
    if any(v is False for v in values):
        return False
    return None


def _count(snap: Snapshot, kind: str) -> int | None:
    stated = snap.count_range(kind)
    if stated is None or stated[0] != stated[1]:
        return None  # a range ("multiple") is not a number: unknown, never a guess
    return stated[0]  # written as recorded (the table path reads every count of 4 or more alike)


def _lab(snap: Snapshot, name: str) -> float | None:
    reading = snap.lab(Analyte(name))
    if reading is None:
        return None
    unit = BY_NAME[name].unit
    assert unit is not None
    return reading.canonical_value / to_canonical(Analyte(name), 1.0, unit)


def facts_at(case: Case, day: int) -> dict[str, object]:
    """Every dictionary column of ``case`` on ``day``, read by the snapshot's readers (None: unknown)."""
    snap = snapshot(case, day)
    facts: dict[str, object | None] = dict.fromkeys(BY_NAME)
    site = case.primary.site.value
    facts["primary_site"] = None if site == "unknown" and case.primary.candidates else site
    facts["hormone_dependent"] = snap.hormone_dependent
    facts["targeted_therapy"] = case.primary.targeted_therapy
    facts["kps"] = snap.kps.value if snap.kps else None
    facts["ecog"] = snap.ecog.value if snap.ecog else None
    if snap.neuro is not None:
        exam = snap.neuro.value
        facts["frankel"] = exam.frankel.value if exam.frankel else None
        onset = exam.motor_deficit_onset_day
        radiotherapy_today = any(t.day == day for t in snap.radiotherapies())
        if onset is not None and onset <= day and radiotherapy_today:
            facts["motor_deficit_days"] = day - onset
    walking = snap.walking
    facts["ambulatory"] = walking.value if walking is not None and walking.value in BY_NAME["ambulatory"].codes \
        else None
    facts["extraspinal_bone_mets"] = _count(snap, "extraspinal_bone")
    facts["vertebral_mets"] = _count(snap, "vertebral")
    if snap.burden is not None:
        burden: DiseaseBurden = snap.burden.value
        facts["visceral_mets"] = Reading(snap).visceral(brain=False)  # organs, a list or a count in words
        facts["brain_mets"] = burden.brain_mets
        facts["pleural_or_peritoneal_dissemination"] = burden.pleural_or_peritoneal_dissemination
        facts["leptomeningeal_dissemination"] = burden.leptomeningeal_dissemination
        if burden.visceral:
            facts["visceral_removable"] = _all_organs([v.removable for v in burden.visceral])
            facts["visceral_treatable"] = _all_organs([v.treatable for v in burden.visceral])
    for name in _LABS:
        facts[name] = _lab(snap, name)
    if any(isinstance(t.value, SystemicTherapy) and t.value.drug_class is not None
           and t.value.drug_class.value == "chemotherapy" and t.day < day for t in snap.systemic_therapies()):
        facts["previous_chemotherapy"] = True
    level = snap.index_level
    if level is not None and level.name in BY_NAME["index_level"].codes:
        facts["index_level"] = level.name
        finding = snap.finding(level)
        facts["pathological_fracture"] = finding.pathological_fracture if finding else None
        # MSCC: any study up to the presentation stated compression of the cord, conus or cauda equina (as the
        # Rades reader asks); every finding stating none is 'no'; otherwise not recorded.
        reading = Reading(snap)
        facts["mscc"] = True if compression_ever_stated(reading) else (
            False if no_compression_stated(reading) is not None else None)
    diagnosed = _diagnosis_day(case)
    if diagnosed is not None and diagnosed <= day:
        facts["days_since_diagnosis"] = day - diagnosed
    return facts


def _diagnosis_day(case: Case) -> int | None:
    """The primary's diagnosis as a day offset: ``diagnosis_day``, else ``diagnosis_date`` counted from the
    index date (as the researcher's de-identified case states it, so both views give the same row)."""
    primary = case.primary
    if primary.diagnosis_day is not None:
        return primary.diagnosis_day
    if primary.diagnosis_date is not None and case.index_date is not None:
        return (primary.diagnosis_date - case.index_date).days
    return None


@dataclass(frozen=True)
class Survival:
    """Survival from presentation: ``months`` and ``event`` (1 death, 0 alive at last contact), or
    ``None`` with the reason it is unknown."""

    months: float | None
    event: int | None
    unknown: str | None = None


def survival_from(case: Case, day: int) -> Survival:
    """Time from presentation (``day``) to death or last contact, from the record's days only."""
    death = case.death_interval
    if death is not None:
        if death.earliest is None or death.earliest != death.latest:
            return Survival(None, None, "the death is not exactly dated")
        if death.earliest < day:
            return Survival(None, None, "the death is dated before presentation")
        return Survival((death.earliest - day) / DAYS_PER_MONTH, 1)
    ordered = case.ordered_events()
    exact = [d for d, ev in ordered if ev.is_exactly_dated]
    last = max(exact) if exact else None
    if last is None or any(not ev.is_exactly_dated and d >= last for d, ev in ordered):
        return Survival(None, None, "the last contact is not exactly dated")
    if last <= day:
        return Survival(None, None, "no follow-up after presentation")
    return Survival((last - day) / DAYS_PER_MONTH, 0)
