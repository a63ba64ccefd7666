"""D1 and D3: how urgent, and which imaging by when.

``mscc_urgency`` (NICE CG75 key priority; NG234 1.3.2): in a person with known or suspected
cancer, any neurological symptom or sign (radicular pain, limb weakness, difficulty walking,
sensory loss, bladder or bowel dysfunction) makes suspected MSCC an oncological emergency:
contact the MSCC coordinator *immediately*. Suspicious spinal pain without neurological
symptoms warrants contact *within 24 h* (CG75 list; see the caution on NG234 1.3.1).

``imaging_due`` (QS56 statements 2-3; NG234 1.5.2/1.5.5): whole-spine MRI within 24 h for
suspected MSCC, within a week for pain alone.

Both apply before definitive treatment, and again when the course re-opens them (a new
deficit after surgery re-enters D1: R-SURV-2, derived).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from spinemet.case.events.findings import Imaging, compressed_structures
from spinemet.case.snapshot import Dated
from spinemet.case.vocab import Modality
from spinemet.evidence import EvidenceStatus
from spinemet.frozen import dataclass
from spinemet.pathway.applicability import (
    MSCC,
    SUSPECTED_SPINAL_METASTASIS,
    cauda_equina_or_root_only,
    only_intradural,
)
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    compressed_levels,
    cord_compressed,
    has_deficit,
    neuro_signs,
    per_input,
    position,
    started_today,
    treated_in_this_episode,
)
from spinemet.pathway.model import Reason, Recommendation


class Urgency(StrEnum):
    IMMEDIATE = "immediate"
    #: Imaging shows compression of the cord, conus or cauda equina and the examination records no
    #: neurological symptom or sign: MSCC by the NICE definition (compression that threatens
    #: neurological disability), below CG75's immediate tier (derived).
    COMPRESSION_WITHOUT_DEFICIT = "compression_without_deficit"
    WITHIN_24H = "within_24h"
    NONE = "no_urgency_criterion"


#: CG75 key-priority list of pain features suggesting spinal metastases (R-URG-2).
PAIN_FEATURES = (
    ("thoracic or cervical pain", "spinal_region", ("thoracic", "cervical")),
    ("progressive pain", "progressive", (True,)),
    ("pain worse on straining", "worse_on_straining", (True,)),
    ("local spinal tenderness", "tenderness", (True,)),
    ("night pain", "night_pain", (True,)),
    ("radicular pain", "radicular", (True,)),
)


@dataclass(frozen=True)
class Triage:
    urgency: Urgency | None
    signs: tuple[str, ...]
    pain: tuple[str, ...]
    missing: tuple[str, ...]
    trigger_day: int | None
    reopened_by: tuple[str, ...]
    #: definitive treatments started on the snapshot's day after the trigger, in words
    in_progress: tuple[str, ...] = ()
    compression: str | None = None
    #: when the in-progress treatment started, in words: "today" when exactly dated; a treatment dated only by
    #: its order ("after the MRI") is placed on its earliest day, which is not a known day
    started_when: str = "today"


def pain_features(inp: RuleInput) -> tuple[list[str], list[str]]:
    """(features present, features not recorded) of the latest pain record."""
    s = inp.snapshot
    if s.pain is None:
        return [], ["spinal pain assessment"]
    p = s.pain.value
    present, unknown = [], []
    for label, attr, hits in PAIN_FEATURES:
        value = getattr(p, attr)
        if value is None:
            unknown.append(label)
        elif value in hits:
            present.append(label)
    return present, unknown


def compression_words(inp: RuleInput) -> str | None:
    """Compression of the cord, conus, cauda equina or roots on imaging, in words (None if none recorded)."""
    s = inp.snapshot
    if cord_compressed(s):
        levels = ", ".join(str(lv) for lv in compressed_levels(s))
        return "spinal cord compression" + (f" at {levels}" if levels else "")
    found: list[str] = []
    for dated in s.all_findings:
        structures = compressed_structures(dated.value)
        if structures:
            words = " and ".join(sorted(x.replace("_", " ") for x in structures))
            found.append(f"{words} compression at {dated.value.place}")
    return "; ".join(found) if found else None


def _trigger(inp: RuleInput) -> object | None:
    """The latest recorded examination or study: what a same-day treatment must come after to answer."""
    s = inp.snapshot
    candidates = [d.value for d in (s.neuro, s.imaging) if d is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda e: position(s, e) or -1)


@per_input
def triage(inp: RuleInput) -> Triage:
    """The D1 urgency tier from neurological signs, compression on imaging and pain features (R-URG-1/2)."""
    return _with_start_words(inp, _triage(inp))


_UNDATED_START = "(day not recorded; after the examination and imaging in the record)"


def _with_start_words(inp: RuleInput, t: Triage) -> Triage:
    items = started_today(inp.snapshot, after=_trigger(inp))
    exact = all(d.interval is None or d.interval.is_exact for d, _words in items)
    return t if exact else replace(t, started_when=_UNDATED_START)


def _exam_predates_reopening(inp: RuleInput) -> int | None:
    """The day of the study that re-opened triage (a new compression seen by the course) when the latest
    examination was made before it, else None: an examination older than the compression does not say the
    neurology now, so it neither sets nor excludes the immediate tier (as at presentation, triage needs one)."""
    s = inp.snapshot
    if s.neuro is None:
        return None
    exam_at = position(s, s.neuro.value)
    for alert in inp.reopened("mscc_urgency"):
        study = alert.data.get("study")
        if not study:
            continue
        at = s.place_of_id(study)
        if at is not None and (exam_at is None or exam_at < at):
            return alert.day
    return None


def _triage(inp: RuleInput) -> Triage:
    s = inp.snapshot
    reopened = tuple(a.key for a in inp.reopened("mscc_urgency"))
    stale = _exam_predates_reopening(inp)
    signs, _unknown_signs = neuro_signs(s) if stale is None else ([], [])
    pain, unknown_pain = pain_features(inp)
    if s.pain is not None and s.pain.value.radicular:
        signs = [*signs, "radicular pain"]
    compression = compression_words(inp)
    new_levels = [a.level for a in inp.reopened("mscc_urgency")
                  if a.key in ("untreated_compression", "distant_progression") and a.level]
    if new_levels:
        # the levels an earlier treatment covered show their pre-treatment state; the new compression is what
        # re-opened triage, so it alone is named
        compression = f"a new compression at {', '.join(new_levels)}, outside the treated levels"
    progress = tuple(words for _d, words in started_today(s, after=_trigger(inp)))
    if signs:
        day = s.neuro.day if s.neuro else (s.pain.day if s.pain else None)
        return Triage(Urgency.IMMEDIATE, tuple(signs), tuple(pain), (), day, reopened, progress, compression)
    if s.neuro is None or stale is not None or has_deficit(s) is None:
        # Without an examination an immediate tier cannot be excluded, even with suspicious pain.
        missing = ("neurological examination",) if s.neuro is None else (
            ("neurological examination after the study that showed the new compression (the latest examination "
             "was made before it)",)
            if stale is not None else
            ("neurological findings (the examination records neither a deficit nor its absence)",))
        return Triage(None, (), tuple(pain), missing, None, reopened, progress, compression)
    if compression is not None:
        day = s.imaging.day if s.imaging else None
        return Triage(Urgency.COMPRESSION_WITHOUT_DEFICIT, (), tuple(pain), (), day, reopened, progress, compression)
    if pain:
        return Triage(Urgency.WITHIN_24H, (), tuple(pain), (), s.pain.day if s.pain else None, reopened, progress)
    if unknown_pain:
        return Triage(None, (), (), tuple(unknown_pain), None, reopened, progress)
    return Triage(Urgency.NONE, (), (), (), None, reopened, progress)


def _applies(inp: RuleInput, rule: str) -> tuple[bool, tuple[str, ...]]:
    done = treated_in_this_episode(inp)
    return (not done or bool(inp.reopened(rule))), done


_FOLLOW_UP = ("Follow-up due: neurological examination after the treatment, and re-triage at once if any deficit "
              "appears or worsens (R-SURV-2, derived from NG234).")


def _in_progress(t: Triage, tier: str, reasons: list[Reason], data: dict[str, object],
                 status: EvidenceStatus) -> Recommendation:
    treated = "; ".join(t.in_progress)
    reasons.append(Reason(f"Definitive treatment started {t.started_when}, recorded after the examination and "
                          f"imaging: {treated}.",
                          {"started_today": list(t.in_progress)},
                          "the state after the day's events, in their recorded order"))
    return answer(
        MSCC_URGENCY, DECIDED,
        f"{tier} - IN PROGRESS: {treated} started {t.started_when} answers it. {_FOLLOW_UP}",
        reasons, citations=("nice_cg75", "hawkins_2023_bmj", "nice_ng234"), evidence_status=status,
        data={**data, "state": "in_progress", "answered_by": list(t.in_progress)},
    )


def _mscc_urgency(inp: RuleInput) -> Recommendation:
    applies, done = _applies(inp, "mscc_urgency")
    if not applies:
        return not_applicable(
            MSCC_URGENCY,
            f"Initial triage is over ({', '.join(done)}); re-opened only by a new deficit or a new "
            "compression outside the treated levels.",
        )
    t = triage(inp)
    reasons: list[Reason] = []
    for alert in inp.reopened("mscc_urgency"):
        if alert.key == "untreated_compression":
            reasons.append(Reason(f"Re-opened by the course: {alert.title}", {"alert": alert.key, "day": alert.day},
                                  "a compression no treatment's field covers is MSCC by NICE's definition "
                                  "(compression of the cord or cauda equina that threatens or causes neurological "
                                  "disability; derived)", "nice_cg75"))
            continue
        reasons.append(Reason(f"Re-opened by the course: {alert.title}", {"alert": alert.key, "day": alert.day},
                              "new deficit after treatment re-enters D1 (R-SURV-2, derived)", "nice_ng234"))
    compressed = cord_compressed(inp.snapshot)
    if compressed:
        reasons.append(Reason("Imaging shows spinal cord compression.", {"cord_compression": True},
                              "ESCC 2-3 = cord compressed", "bilsky2010"))
    roots = inp.fact(cauda_equina_or_root_only)
    if roots:
        reasons.append(Reason(f"Imaging shows {roots} (not the spinal cord): CG75 treats signs of cord or cauda "
                              "equina compression as an oncological emergency.", {"compression": roots},
                              "signs of cord or cauda equina compression -> immediate (CG75 key priority)",
                              "nice_cg75"))
    if t.urgency is Urgency.IMMEDIATE:
        reasons.insert(0, Reason(
            "Neurological symptoms or signs in a patient with cancer: " + ", ".join(t.signs) + ".",
            {"signs": list(t.signs), "exam_day": t.trigger_day},
            "any neurological symptom or sign -> immediate (R-URG-1)", "nice_cg75"))
        status = EvidenceStatus.VERIFIED if not t.reopened_by else EvidenceStatus.DERIVED
        data: dict[str, object] = {"urgency": Urgency.IMMEDIATE.value, "trigger_day": t.trigger_day}
        if t.in_progress:
            return _in_progress(t, "IMMEDIATE (MSCC emergency)", reasons, data, status)
        return answer(
            MSCC_URGENCY, DECIDED,
            "IMMEDIATE: suspected metastatic spinal cord compression is an oncological emergency. Contact the "
            "MSCC coordinator now; MRI of the whole spine and a treatment plan within 24 h.",
            reasons, citations=("nice_cg75", "hawkins_2023_bmj", "nice_ng234"),
            evidence_status=status, data={**data, "state": "open"},
        )
    if t.urgency is Urgency.COMPRESSION_WITHOUT_DEFICIT:
        reasons.insert(0, Reason(
            f"Imaging shows {t.compression}; the examination records no neurological symptom or sign.",
            {"compression": t.compression, "imaging_day": t.trigger_day},
            "MSCC = compression of the cord or cauda equina by metastasis that threatens or causes neurological "
            "disability (NICE definition, secondary)", "nice_cg75"))
        reasons.append(Reason("High-grade epidural compression is treated on its own grade, whatever the "
                              "neurology (separation surgery or radiotherapy by histology; NOMS).",
                              {}, "ESCC 2-3 -> high grade", "laufer2013"))
        data = {"urgency": Urgency.COMPRESSION_WITHOUT_DEFICIT.value, "trigger_day": t.trigger_day}
        if t.in_progress:
            return _in_progress(t, "URGENT (compression without neurological deficit)", reasons, data,
                                EvidenceStatus.DERIVED)
        return answer(
            MSCC_URGENCY, DECIDED,
            "URGENT: compression on imaging without a neurological deficit is MSCC that threatens neurology. "
            "Contact the MSCC coordinator now to agree definitive treatment before any deficit appears; "
            "re-examine, and treat any neurological symptom or sign as an immediate emergency.",
            reasons, citations=("nice_cg75", "nice_ng234", "laufer2013"), evidence_status=EvidenceStatus.DERIVED,
            cautions=("CG75's immediate tier is defined by neurological symptoms or signs; no verified time limit "
                      "is set for compression seen on imaging without them, so none is given here.",),
            data={**data, "state": "open"},
        )
    if t.urgency is Urgency.WITHIN_24H:
        reasons.insert(0, Reason(
            "Spinal pain suggesting metastases, no neurological symptom or sign: " + ", ".join(t.pain) + ".",
            {"pain_features": list(t.pain)}, "suspicious pain without deficit -> within 24 h (R-URG-2)",
            "nice_cg75"))
        return answer(
            MSCC_URGENCY, DECIDED,
            "WITHIN 24 H: contact the MSCC coordinator within 24 hours; whole-spine MRI within one week.",
            reasons, citations=("nice_cg75", "nice_ng234"), evidence_status=EvidenceStatus.SECONDARY,
            cautions=("The pain list is CG75's; secondary summaries of NG234 1.3.1 list mechanical pain and "
                      "claudication and drop the thoracic/cervical item (verification finding 12a).",),
            data={"urgency": Urgency.WITHIN_24H.value, "trigger_day": t.trigger_day, "state": "open"},
        )
    if t.urgency is Urgency.NONE:
        return answer(
            MSCC_URGENCY, DECIDED,
            "No urgency criterion met: no neurological symptom or sign and no suspicious spinal pain recorded.",
            [*reasons, Reason("Neurological examination records no deficit; no pain feature from the list.",
                              {}, "R-URG-1/R-URG-2", "nice_cg75")],
            evidence_status=EvidenceStatus.SECONDARY, data={"urgency": Urgency.NONE.value},
        )
    statement = "Urgency cannot be set: the facts that decide it are not recorded."
    options: tuple[str, ...] = ()
    if (inp.snapshot.pain_present and not t.pain and inp.snapshot.neuro is not None
            and has_deficit(inp.snapshot) is False and _exam_predates_reopening(inp) is None):
        statement = ("Spinal pain is recorded, its features are not: ask about them now. Any of the CG75 features "
                     "makes it WITHIN 24 H; none of them, no urgency criterion.")
        options = ("If thoracic or cervical, progressive, worse on straining, tender, at night or radicular: contact "
                   "the MSCC coordinator within 24 h; whole-spine MRI within one week.",)
    elif t.compression is not None or roots:
        statement = (f"Imaging shows {t.compression or roots}, but "
                     + ("no examination is recorded since" if _exam_predates_reopening(inp) is not None else
                        "the examination does not record the neurology")
                     + ": examine now; any neurological symptom or sign makes this an immediate MSCC emergency.")
    return answer(MSCC_URGENCY, NEEDS, statement, reasons, missing=t.missing, options=options,
                  data={"urgency": None})


MSCC_URGENCY = RuleSpec(
    key="mscc_urgency",
    decision_point="D1",
    title="Recognise and triage urgency",
    summary="Immediate (neurological symptoms or signs) vs within 24 h (suspicious spinal pain) vs no criterion.",
    inputs=("neurological examination (motor deficit, myelopathy, radiculopathy, sensory level, sphincters, "
            "walking, Frankel/ASIA, MRC)", "pain record (region, progression, straining, tenderness, night, "
            "radicular)", "imaging: cord compression", "alerts re-opening mscc_urgency (a new deficit; a new "
            "compression outside every treated level, which needs an examination made after it)"),
    outputs=("urgency tier: immediate / within_24h / no_urgency_criterion",),
    sources=("nice_cg75", "nice_ng234", "hawkins_2023_bmj"),
    pathway_rules=("R-URG-1", "R-URG-2", "R-SURV-2"),
    evidence_status=EvidenceStatus.VERIFIED,
    evaluate=_mscc_urgency,
    applies_to=MSCC,
)


# ------------------------------------------------------------------ imaging_due (D3)


def _imaging_due(inp: RuleInput) -> Recommendation:
    applies, done = _applies(inp, "mscc_urgency")
    if not applies:
        return not_applicable(IMAGING_DUE, f"Staging imaging belongs to the initial work-up ({', '.join(done)}).")
    t = triage(inp)
    s = inp.snapshot
    if t.urgency is None:
        return answer(IMAGING_DUE, NEEDS, "Imaging timing depends on the urgency tier, which cannot be set yet.",
                      missing=t.missing)
    if t.urgency is Urgency.NONE:
        return not_applicable(IMAGING_DUE, "No urgency criterion met: no MSCC imaging deadline applies.")
    if t.urgency is Urgency.COMPRESSION_WITHOUT_DEFICIT:
        return _imaging_after_compression(inp, t)
    immediate = t.urgency is Urgency.IMMEDIATE
    window_days = 1 if immediate else 7
    start = t.trigger_day if t.trigger_day is not None else s.day
    deadline = start + window_days
    reasons = [Reason(
        f"Urgency {t.urgency.value.replace('_', ' ')}: whole-spine MRI "
        + ("as soon as possible and within 24 h, with a treatment plan within 24 h." if immediate
           else "and a treatment plan within 1 week."),
        {"urgency": t.urgency.value, "from_day": start, "due_by_day": deadline},
        "QS56 st. 3 (24 h, suspected MSCC)" if immediate else "QS56 st. 2 (1 week, pain only)", "nice_qs56")]
    reasons.append(Reason("The protocol covers the whole spine (sagittal T1 with STIR or T2), not only the "
                          "symptomatic level.", {}, "NG234 1.5.5 (secondary)", "nice_ng234"))
    # the latest MRI since the trigger, not only the latest study: an MRI followed by a staging CT is done
    mris: list[Dated[Imaging]] = [Dated(d.day, d.value, d.interval) for d in s.events
                                  if isinstance(d.value, Imaging) and d.value.modality == Modality.MRI
                                  and d.day >= start]
    mri = mris[-1] if mris else None
    options: list[str] = []
    cautions: list[str] = []
    if mri is not None:
        coverage = {True: "whole spine", False: "NOT whole spine", None: "coverage not recorded"}[mri.value.whole_spine]
        reasons.append(Reason(f"An MRI is recorded on day {mri.day} ({coverage}).",
                              {"mri_day": mri.day, "whole_spine": mri.value.whole_spine}))
        if mri.value.whole_spine is not True:
            cautions.append("Confirm that the whole spine was imaged; other levels may be involved.")
        statement = (f"Whole-spine MRI within {'24 h' if immediate else '1 week'}: MRI done on day {mri.day}"
                     + ("" if mri.value.whole_spine else " (whole-spine coverage to confirm)") + ".")
    elif s.imaging is not None and s.imaging.day >= start and s.imaging.value.modality is None:
        # A study is recorded but the source does not say which (case reports often do not): neither "done"
        # nor "due" can be said without a guess.
        reasons.append(Reason(f"A study is recorded on day {s.imaging.day}; its modality is not stated.",
                              {"study_day": s.imaging.day, "modality": None}))
        statement = (f"Whole-spine MRI within {'24 h' if immediate else '1 week'}: a study is recorded on day "
                     f"{s.imaging.day} but its modality is not stated; if it was not a whole-spine MRI, one is due "
                     f"by day {deadline}.")
    else:
        statement = (f"Whole-spine MRI {'NOW (within 24 h)' if immediate else 'within 1 week'}: due by day "
                     f"{deadline}.")
    inside = inp.fact(only_intradural)
    if inside:
        # Decided 2026-11-28 (issue 14): NICE's deadline is set by the symptoms of a person with cancer before
        # imaging shows their cause, so it stands for a new deficit whatever compartment is known; no source
        # read here gives intradural disease a deadline of its own, and none is invented.
        cautions.append(f"Disease inside the dura ({inside}): this is NICE's deadline for suspected MSCC, which the "
                        "symptoms set before imaging shows their cause (new epidural disease is not excluded); no "
                        "source read here sets a separate imaging deadline for intradural disease.")
    sins = inp.result("sins")
    if sins is not None and sins.missing:
        options.append("CT of the involved level for bone quality and the SINS items not yet known: "
                       + ", ".join(sins.missing))
    if s.histology is None and s.primary.site.value == "unknown":
        options.append("Tissue diagnosis: no histology is recorded (biopsy before steroids if lymphoma is possible).")
    options.append("Systemic staging if not done.")
    return answer(
        IMAGING_DUE, DECIDED, statement, reasons, options=options, cautions=cautions,
        evidence_status=EvidenceStatus.SECONDARY if immediate else EvidenceStatus.VERIFIED,
        citations=("nice_qs56", "nice_ng234"),
        data={"modality": "mri_whole_spine", "due_by_day": deadline, "done_day": mri.day if mri else None},
    )


def _imaging_after_compression(inp: RuleInput, t: Triage) -> Recommendation:
    """Compression already seen on imaging, no deficit: complete the whole-spine MRI without a deadline
    (QS56 sets 24 h for neurological signs and 1 week for pain; neither covers this tier)."""
    s = inp.snapshot
    study = s.imaging
    whole = study is not None and study.value.modality == Modality.MRI and study.value.whole_spine is True
    reasons = [Reason(f"Compression already seen on imaging (day {t.trigger_day}); no neurological sign recorded.",
                      {"compression": t.compression}, None, "nice_cg75"),
               Reason("The protocol covers the whole spine (sagittal T1 with STIR or T2), not only the "
                      "symptomatic level.", {}, "NG234 1.5.5 (secondary)", "nice_ng234")]
    statement = ("Whole-spine MRI done (day " + str(study.day) + ")." if whole and study is not None else
                 "Whole-spine MRI as soon as possible if the compression was not seen on one (no verified deadline "
                 "applies without neurological signs); re-examine meanwhile.")
    return answer(IMAGING_DUE, DECIDED, statement, reasons, options=("Systemic staging if not done.",),
                  citations=("nice_ng234", "nice_qs56"), evidence_status=EvidenceStatus.DERIVED,
                  data={"modality": "mri_whole_spine", "due_by_day": None,
                        "done_day": study.day if whole and study is not None else None})


IMAGING_DUE = RuleSpec(
    key="imaging_due",
    decision_point="D3",
    title="Image and stage",
    summary="Whole-spine MRI within 24 h (suspected MSCC) or within 1 week (pain only); CT for SINS; tissue.",
    inputs=("urgency tier (mscc_urgency)", "imaging studies so far", "SINS items missing", "histology"),
    outputs=("MRI deadline (day)", "whether it is done", "further work-up"),
    sources=("nice_qs56", "nice_ng234"),
    pathway_rules=("R-IMG-1", "R-IMG-2", "R-IMG-3"),
    evidence_status=EvidenceStatus.SECONDARY,
    evaluate=_imaging_due,
    applies_to=SUSPECTED_SPINAL_METASTASIS,
)
