"""The treatments on a timeline, reduced to what the course analysis compares against.

A decompressive operation (decompression, separation surgery, corpectomy, en-bloc
resection) is expected to leave the cord free (ESCC 0-1; Barzilai 2019, Al-Omair 2013);
radiotherapy and chemo-radiotherapy treat the levels they name; systemic therapy treats
every lesion. Steroids are not counted as local treatments.
"""

from __future__ import annotations

from spinemet.anatomy import Level
from spinemet.case.events import (
    ChemoRadiotherapy,
    Radiotherapy,
    Rehabilitation,
    Surgery,
    SystemicTherapy,
)
from spinemet.case.model import Case
from spinemet.case.vocab import SurgeryProcedure
from spinemet.course.model import Intervention

DECOMPRESSIVE = frozenset(
    {
        SurgeryProcedure.DECOMPRESSION,
        SurgeryProcedure.SEPARATION_SURGERY,
        SurgeryProcedure.CORPECTOMY,
        SurgeryProcedure.EN_BLOC_RESECTION,
    }
)

_PROCEDURE_WORDS = {
    SurgeryProcedure.DECOMPRESSION: "decompression",
    SurgeryProcedure.SEPARATION_SURGERY: "separation surgery",
    SurgeryProcedure.CORPECTOMY: "corpectomy",
    SurgeryProcedure.POSTERIOR_FIXATION: "posterior fixation",
    SurgeryProcedure.VERTEBROPLASTY: "vertebroplasty",
    SurgeryProcedure.KYPHOPLASTY: "kyphoplasty",
    SurgeryProcedure.BIOPSY: "biopsy",
    SurgeryProcedure.EMBOLISATION: "embolisation",
    SurgeryProcedure.EN_BLOC_RESECTION: "en-bloc resection",
}


def _rt_words(technique: object, dose: float | None, fractions: int | None) -> str:
    name = {"sbrt": "SBRT", "cebrt": "conventional RT"}.get(str(getattr(technique, "value", "")), "RT")
    if dose is not None and fractions is not None:
        return f"{name} {dose:g} Gy/{fractions}"
    if dose is not None:
        return f"{name} {dose:g} Gy"
    return name


def interventions(case: Case) -> tuple[Intervention, ...]:
    """The treatments of ``case`` in day order (rehabilitation included, steroids not)."""
    found: list[Intervention] = []
    for day, event in case.ordered_events():
        key = event.id or f"{getattr(event, 'type', 'event')}@{day}"
        if isinstance(event, Surgery):
            field = tuple(event.fixation_span.levels) if event.fixation_span else ()
            levels: tuple[Level, ...] = tuple(event.levels.levels) if event.levels else field
            words = " + ".join(_PROCEDURE_WORDS.get(p, str(p)) for p in event.procedures)
            where = f" {event.levels}" if event.levels else ""
            span = f" (fixation {event.fixation_span})" if event.fixation_span else ""
            found.append(
                Intervention(
                    key=key,
                    kind="surgery",
                    day=day,
                    label=f"{words}{where}{span}",
                    levels=levels,
                    field=field,
                    decompressive=any(p in DECOMPRESSIVE for p in event.procedures),
                )
            )
        elif isinstance(event, ChemoRadiotherapy):
            rt = _rt_words(event.technique, event.dose_gy, event.fractions)
            parts = [p for p in (rt if rt != "RT" else "", event.regimen or "") if p]
            detail = f" ({', '.join(parts)})" if parts else ""
            where = f" {event.levels}" if event.levels else ""
            found.append(
                Intervention(
                    key=key,
                    kind="chemoradiotherapy",
                    day=day,
                    end_day=event.end_day,
                    label=f"concurrent chemo-radiotherapy{detail}{where}",
                    levels=tuple(event.levels.levels) if event.levels else (),
                    radiotherapy=True,
                    systemic=True,
                    technique=event.technique.value if event.technique else None,
                )
            )
        elif isinstance(event, Radiotherapy):
            where = f" {event.levels}" if event.levels else ""
            found.append(
                Intervention(
                    key=key,
                    kind="radiotherapy",
                    day=day,
                    end_day=event.end_day,
                    label=f"{_rt_words(event.technique, event.dose_gy, event.fractions)}{where}",
                    levels=tuple(event.levels.levels) if event.levels else (),
                    radiotherapy=True,
                    technique=event.technique.value if event.technique else None,
                )
            )
        elif isinstance(event, SystemicTherapy):
            what = event.regimen or (event.drug_class.value.replace("_", " ") if event.drug_class else "systemic therapy")
            found.append(
                Intervention(
                    key=key, kind="systemic_therapy", day=day, end_day=event.end_day, label=what, systemic=True
                )
            )
        elif isinstance(event, Rehabilitation):
            setting = f" ({event.setting.value})" if event.setting else ""
            found.append(
                Intervention(key=key, kind="rehabilitation", day=day, end_day=event.end_day, label=f"rehabilitation{setting}")
            )
    return tuple(found)


def next_local(treatments: tuple[Intervention, ...], after: Intervention, level: Level) -> Intervention | None:
    """The next local treatment of ``level`` after ``after`` (systemic therapy does not count).

    It closes ``after``'s follow-up window at that level: what is seen later belongs to it.
    """
    for other in treatments:
        if other.day < after.day or other is after or other.key == after.key:
            continue
        if other.day == after.day and treatments.index(other) < treatments.index(after):
            continue
        if other.covers(level):
            return other
    return None
