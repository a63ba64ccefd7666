"""Alerts for a complication that needs its own answer: cement that leaked into the spinal canal.

A leak of cement into the canal (or a foramen) after vertebroplasty or kyphoplasty is a complication of the
procedure, never tumour (issue 14 item 6). What to do turns on the neurology, and two sources say what is known:

* Sidhu 2013 (J Neurosurg Spine 19:61-70, PMID 23641675; verified from its abstract): a systematic review of 21
  reported cases of neurological deficit after cement leakage; immediate surgical removal of the cement gave good
  results, with complete recovery in most (15 of the reviewed patients recovered). Case-level evidence.
* Hsieh 2019 (J Orthop Surg Res, doi:10.1186/s13018-019-1459-4; verified from its abstract): in 3,175
  vertebroplasties for osteoporotic fractures cement reached the canal in 26 patients (0.7 %) and 4 of them needed
  surgical decompression; most leaks had no clinical consequence.

Neither sets a schedule for examining or imaging a leak without a deficit, and none is a guideline: the alert
says so and does not invent one. A leak recorded as compressing the cord, conus or roots on imaging already
raises the urgent "compression from a complication" alert (:mod:`spinemet.course.local`); the cement alert is then
not repeated.
"""

from __future__ import annotations

from collections.abc import Sequence

from spinemet.case.events import Complication
from spinemet.case.vocab_detail import CementLeakSite
from spinemet.case.vocab_treatment import ComplicationKind
from spinemet.course.interventions import TreatmentIndex
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.model import Alert, Severity

#: Cement complications (leakage or extrusion).
_CEMENT = (ComplicationKind.CEMENT_LEAKAGE, ComplicationKind.CEMENT_EXTRUSION)
#: Leak sites inside the canal or a foramen, where cement can reach the cord, the conus or the roots.
CANAL_SITES = frozenset({CementLeakSite.SPINAL_CANAL, CementLeakSite.EPIDURAL, CementLeakSite.INTRADURAL,
                         CementLeakSite.FORAMINAL})
CITATIONS = ("sidhu_2013_cement", "hsieh_2019_cement")
#: How a cement complication is named in a cause (``spinemet.course.local.complication_words``).
CEMENT_CAUSES = tuple(kind.value.replace("_", " ") for kind in _CEMENT)
#: What the sources say of a deficit after a leak, for the compression alert of a cement complication.
AFTER_A_LEAK = ("In the reported cases of a neurological deficit after a cement leak, immediate surgical removal of "
                "the cement (with decompression) was followed by complete recovery in most (Sidhu 2013, systematic "
                "review of 21 cases).")


def is_cement(cause: object) -> bool:
    """Whether a compression's recorded cause is a cement leak or extrusion."""
    return isinstance(cause, str) and cause.startswith(CEMENT_CAUSES)


def cement_in_canal(complications: Sequence[tuple[int, Complication]], treatments: TreatmentIndex,
                    day_of: dict[str, int], alerts: Sequence[Alert]) -> list[Alert]:
    """One alert per recorded cement leak into the canal or a foramen that no compression alert answers yet.

    ``day_of`` maps event ids to placement days (for the treatment that answered it, ``treated_by``);
    ``alerts`` are the course's other alerts (a "compression from a complication" alert on the same day makes
    this one redundant)."""
    compression_days = {a.day for a in alerts if a.key == "compression_from_complication"}
    out: list[Alert] = []
    for day, c in complications:
        sites = set(c.leak_sites or ())
        if c.kind not in _CEMENT or not sites & CANAL_SITES or day in compression_days:
            continue
        where = f" at {c.levels}" if c.levels else ""
        of = f" (complication of {c.procedure})" if c.procedure else ""
        compressing = c.causes_compression is True
        severity = Severity.URGENT if compressing else Severity.WARNING
        stated = ("recorded as compressing" + (f" the {c.compressed.replace('_', ' ')}" if c.compressed else "")
                  if compressing else "no compression recorded" if c.causes_compression is False else
                  "compression not stated")
        detail = (
            f"Cement in the spinal canal or a foramen{where} ({stated}): a complication of the procedure, not "
            "tumour. What to do turns on the neurological examination: in the reported cases of a neurological "
            "deficit after a cement leak, immediate surgical removal of the cement (with decompression) was "
            "followed by complete recovery in most (Sidhu 2013, systematic review of 21 cases); most leaks into "
            "the canal cause no deficit (26 of 3,175 osteoporotic vertebroplasties leaked into the canal and 4 of "
            "those patients needed decompression, Hsieh 2019). Neither source sets a schedule for examining or "
            "imaging a leak without a deficit."
        )
        # Answered by the event the record says treated it, else by the next operation recorded from its day on.
        answer = c.treated_by if c.treated_by in day_of else next(
            (t.key for t in treatments.treatments if t.kind == "surgery" and t.day >= day and t.key != c.procedure),
            None)
        data: dict[str, object] = {"complication": c.id, "raised_by": c.id, "leak_sites": sorted(s.value for s in sites)}
        if answer is not None:
            data["answered_by"] = answer
        out.append(Alert(
            key="cement_in_canal", day=day, severity=severity,
            title=f"Cement leaked into the spinal canal{where}{of}: not tumour",
            detail=detail, reopens=(), citations=CITATIONS, evidence_status=EvidenceStatus.DERIVED,
            level=str(c.levels) if c.levels else None,
            active_until=day_of.get(answer) if answer is not None else None, data=data))
    return out
