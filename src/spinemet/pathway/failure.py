"""What failed, and after what: the treatment history a recurrence or progression re-opens.

A local recurrence or progression re-opens the treatment decision (pathway.md D12). It is known
from the course (an active alert that re-opens ``after_local_recurrence``) or stated by the
record itself (an outcome with ``local_recurrence: true`` or ``local_failure: true``, or a
local-control outcome that got worse). The options that fit depend on what was given before at that level: radiotherapy
(conventional or SBRT, with or without its dose), an operation, cement augmentation or
ablation; and on how many times the disease has come back (a second failure is read as such).
Reading the record only: nothing here decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spinemet.anatomy import Level, Span
from spinemet.case.events import (
    Ablation,
    CementAugmentation,
    ChemoRadiotherapy,
    Imaging,
    Radiotherapy,
    Surgery,
)
from spinemet.case.events.outcomes import Outcome
from spinemet.case.snapshot import Dated, Snapshot
from spinemet.case.vocab_detail import FindingStatus
from spinemet.case.vocab_treatment import OutcomeAspect, OutcomeChange
from spinemet.frozen import dataclass
from spinemet.pathway.context import HIGH_GRADE_ESCC, OPEN_PROCEDURES, RuleInput, per_input, position, touches
from spinemet.pathway.model import Alert


@dataclass(frozen=True)
class Failure:
    """One recurrence or progression: when, how it is known, and the words that say so."""

    day: int
    source: str
    title: str
    alert: Alert | None = None
    #: where the failure sits in the snapshot's recorded order: treatments before it are the ones that failed
    position: int | None = None


@dataclass(frozen=True)
class Prior:
    """One earlier local treatment of the level: its kind (``cebrt``, ``sbrt``, ``rt``, ``surgery``,
    ``cement``, ``ablation``), its day and, for radiotherapy, dose and fractions when recorded."""

    kind: str
    day: int
    label: str
    dose_gy: float | None = None
    fractions: int | None = None

    @property
    def radiotherapy(self) -> bool:
        return self.kind in ("cebrt", "sbrt", "rt")


_LOCAL_TREATMENTS = (Radiotherapy, ChemoRadiotherapy, Surgery, CementAugmentation, Ablation)
_RADIOTHERAPIES = (Radiotherapy, ChemoRadiotherapy)  # a tuple made once (``A | B`` makes a union at each test)


def _stated_failures(s: Snapshot, open_only: bool = True) -> list[Failure]:
    """Recurrences the record states (``local_recurrence: true``, or local control worse); with
    ``open_only`` only those no local treatment has answered yet (in the recorded order)."""
    out = []
    # the recorded events, listed only when something may have failed (on most days nothing has)
    events = [d.value for d in s.events] if s.outcomes else None
    for dated in s.outcomes:
        o: Outcome = dated.value
        local = o.aspect is OutcomeAspect.LOCAL_CONTROL
        worse = local and o.change is OutcomeChange.WORSE
        # "the radiotherapy was ineffective", "needed salvage": local control compared with a treatment,
        # neither recurrence-free nor improved; the words are shown with the failure
        unanswered = (local and o.compared_with is not None and o.local_recurrence is None and o.change is None)
        # ``local_failure``: the treated disease was not controlled (an ineffective treatment) -- a failure
        # of the treatment as much as a recurrence after control is
        if not (o.local_recurrence is True or o.local_failure is True or worse or unanswered):
            continue
        assert events is not None  # listed above, the snapshot having outcomes
        position = next((i for i, e in enumerate(events) if e is o), None)
        answered = position is not None and any(isinstance(e, _LOCAL_TREATMENTS) for e in events[position + 1:])
        if open_only and answered:
            continue
        words = o.summary or ("local recurrence" if o.local_recurrence else "local control not achieved")
        if unanswered and not worse and o.local_recurrence is None:
            words = f"local control after {o.compared_with} not achieved, in the record's words: {o.summary or '-'}"
        out.append(Failure(dated.day, "record", words, None, position))
    found = [*out, *_imaging_failures(s, events, open_only)]
    if not found:
        return found
    return _one_per_interval(events if events is not None else [d.value for d in s.events], found)


_FAILED = frozenset({FindingStatus.RECURRENCE, FindingStatus.PROGRESSION})


def _local_before(events: list[Any], position: int, place: Level | None) -> bool:
    """Whether a local treatment of ``place`` (or of an unrecorded level) is recorded before ``position``."""
    return any(isinstance(e, _LOCAL_TREATMENTS) and _at(getattr(e, "levels", None), place)
               for e in events[:position])


def _imaging_failures(s: Snapshot, events: list[Any] | None, open_only: bool) -> list[Failure]:
    """Recurrences or progressions an imaging finding states in its structured ``status`` (never read from
    free text), at a place a local treatment reached earlier in the recorded order (growth of untreated
    disease is not a treatment failure); with ``open_only`` only those no local treatment answered since.
    ``events``: the recorded events, or None to list them at the first finding stating a failure."""
    out = []
    for at, study in s.studies():
        for f in study.value.findings:
            if f.status not in _FAILED:
                continue
            if events is None:
                events = [d.value for d in s.events]
            if not _local_before(events, at, f.level):
                continue
            answered = any(isinstance(e, _LOCAL_TREATMENTS) and _at(getattr(e, "levels", None), f.level)
                           for e in events[at + 1:])
            if open_only and answered:
                continue
            hedge = f" ({f.status_certainty.value}, as stated)" if f.status_certainty is not None else ""
            words = f"{f.status.value}{hedge} at {f.place}, stated on imaging" + (f": {f.note}" if f.note else "")
            out.append(Failure(s.events[at].day, "imaging", words, None, at))
    return out


def _one_per_interval(events: list[Any], found: list[Failure]) -> list[Failure]:
    """One failure between two local treatments: an outcome and the study that shows the same recurrence
    are one failure, not two (the outcome's words are kept, being listed first)."""
    seen: set[int] = set()
    out = []
    for failure in found:
        if failure.position is None:
            out.append(failure)
            continue
        treated = sum(isinstance(e, _LOCAL_TREATMENTS) for e in events[:failure.position])
        if treated in seen:
            continue
        seen.add(treated)
        out.append(failure)
    return out


@per_input
def failures(inp: RuleInput) -> tuple[Failure, ...]:
    """Recurrences or progressions known on the snapshot day: the course's alerts, else the record's words."""
    alerts = inp.reopened("after_local_recurrence")
    if alerts:
        s = inp.snapshot
        found = []
        for a in alerts:
            trigger = a.data.get("intervention")
            at = s.place_of_id(trigger) if isinstance(trigger, str) else None
            found.append(Failure(a.day, "course", a.title, a, at + 1 if at is not None else None))
        return tuple(found)
    return tuple(_stated_failures(inp.snapshot))


@per_input
def failure_count(inp: RuleInput) -> int:
    """How many failures at the level are recorded by the snapshot day (course alerts or stated outcomes)."""
    stated = _stated_failures(inp.snapshot, open_only=False)
    course = {a.day for a in inp.alerts if "after_local_recurrence" in a.reopens and a.day <= inp.day}
    return max(len(stated), len(course), 1 if failures(inp) else 0)


def _at(levels: Span | None, level: Level | None) -> bool:
    return touches(levels, level) is not False


def history(s: Snapshot, before: int) -> list[Prior]:
    """Local treatments of the index level (or of an unrecorded level) given before day ``before``."""
    level = s.index_level
    out: list[Prior] = []
    for dated in s.treatments:
        if dated.day > before:
            continue
        t = dated.value
        if isinstance(t, _RADIOTHERAPIES):
            if not _at(t.levels, level):
                continue
            technique = t.technique.value if t.technique is not None else "rt"
            dose = f" {t.dose_gy:g} Gy" + (f"/{t.fractions}" if t.fractions else "") if t.dose_gy else ""
            words = {"sbrt": "SBRT", "cebrt": "conventional RT", "rt": "radiotherapy (technique not stated)"}
            out.append(Prior(technique, dated.day, f"{words[technique]}{dose} on day {dated.day}", t.dose_gy,
                             t.fractions))
        elif isinstance(t, Surgery):
            if any(p.value in OPEN_PROCEDURES for p in t.procedures or ()) or t.procedures is None:
                if _at(t.levels, level):
                    out.append(Prior("surgery", dated.day, f"surgery on day {dated.day}"))
        elif isinstance(t, CementAugmentation):
            if _at(t.levels, level):
                out.append(Prior("cement", dated.day, f"cement augmentation on day {dated.day}"))
        elif isinstance(t, Ablation):
            if _at(t.levels, level):
                out.append(Prior("ablation", dated.day, f"ablation on day {dated.day}"))
    return out


def first_failure_day(found: Sequence[Failure]) -> int:
    return min(f.day for f in found)


def treated_before(s: Snapshot, dated: Dated[Any], failure: Failure) -> bool:
    """Whether a treatment was given before ``failure`` (recorded order when known, else by day)."""
    if failure.position is not None:
        at = position(s, dated.value)
        if at is not None:
            return at < failure.position
    return dated.day < failure.day


__all__ = ["Dated", "Failure", "Prior", "failure_count", "failures", "first_failure_day", "history",
           "treated_before"]


def given_before_now(s: Snapshot) -> tuple[str, ...]:
    """Definitive treatments (open surgery, radiotherapy) given before the snapshot's moment, as labels.

    Before the moment means on an earlier day, or earlier in the recorded order with a later event of
    the record already in the snapshot (the state *after* the day's events: an operation followed by
    its post-operative examination has been given, whatever day they share)."""
    # Every treatment is one of the snapshot's events, each recorded once: a treatment placed before the last
    # event is any treatment other than the last event itself.
    last = s.events[-1].value if s.events else None
    labels = []
    for dated in s.treatments:
        t = dated.value
        if isinstance(t, Surgery):
            if (dated.day < s.day or t is not last) and (
                    not _DEFINITIVE_OPERATIONS.isdisjoint(t.procedures or ()) or t.extent is not None):
                labels.append(f"surgery on day {dated.day}")
        elif isinstance(t, _RADIOTHERAPIES) and (dated.day < s.day or t is not last):
            # an RT course that names no level and no region counts once the spine is imaged (a breast RT
            # years before the spinal metastasis does not close the spinal decision)
            if t.levels is not None:
                spinal = touches(t.levels, s.index_level) is not False
            elif getattr(t, "region", None) is not None:
                spinal = True
            else:
                spinal = _after_first_finding(s, t)
            if spinal:
                labels.append(f"{t.type} on day {dated.day}")
    return tuple(labels)


def _after_first_finding(s: Snapshot, event: object) -> bool:
    """Whether ``event`` is recorded after the first imaging study with a finding (where the spine is first
    imaged with disease)."""
    imaged = False
    for dated in s.events:
        e = dated.value
        if e is event:
            return imaged
        imaged = imaged or (isinstance(e, Imaging) and bool(e.findings))
    return False


#: Resections that are a definitive local treatment besides OPEN_PROCEDURES.
_RESECTIONS = frozenset({"tumour_resection"})
#: Procedures (str enums, equal to their values) that make an operation a definitive local treatment.
_DEFINITIVE_OPERATIONS = OPEN_PROCEDURES | _RESECTIONS


COMPLICATION_SOURCES = ("laufer2013", "patchell2005")


def complication_compression_statement(compression: str) -> str:
    """Why a tumour framework does not decide a compression caused by a complication (the words of
    :func:`complication_compression`); cited with :data:`COMPLICATION_SOURCES`."""
    return (compression[0].upper() + compression[1:] + ": it is treated as that complication "
            "(urgent removal or decompression when it compresses), not by the tumour frameworks (NOMS, Patchell).")


def complication_compression(s: Snapshot) -> str | None:
    """The compression a complication causes (cement in the canal, haematoma ...) when no tumour
    compression is recorded: in words, else None. Such a compression is treated as that complication
    (removal, decompression), not by the tumour frameworks (NOMS, Patchell)."""
    by_complication = []
    for dated in s.all_findings:
        f = dated.value
        cause = f.compression_cause.value if f.compression_cause is not None else None
        if cause == "complication":
            by_complication.append(f"{f.place}" + (f" ({f.caused_by})" if f.caused_by else ""))
        elif (f.cord_compression and cause in (None, "tumour")) or f.escc in HIGH_GRADE_ESCC:
            return None
    if not by_complication:
        return None
    kinds = [c.value.kind.value.replace("_", " ") for c in s.complications]
    return (f"compression at {', '.join(by_complication)} caused by a complication"
            + (f" ({', '.join(dict.fromkeys(kinds))})" if kinds else ""))
