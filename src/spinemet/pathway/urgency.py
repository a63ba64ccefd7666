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

from dataclasses import dataclass
from enum import StrEnum

from spinemet.case.vocab import Modality
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import MSCC, SUSPECTED_SPINAL_METASTASIS, cauda_equina_or_root_only
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    cord_compressed,
    definitive_before_today,
    has_deficit,
    neuro_signs,
)
from spinemet.pathway.model import Reason, Recommendation


class Urgency(StrEnum):
    IMMEDIATE = "immediate"
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


def triage(inp: RuleInput) -> Triage:
    """The D1 urgency tier from neurological signs and pain features (R-URG-1/2)."""
    s = inp.snapshot
    reopened = tuple(a.key for a in inp.reopened("mscc_urgency"))
    signs, _unknown_signs = neuro_signs(s)
    pain, unknown_pain = pain_features(inp)
    if s.pain is not None and s.pain.value.radicular:
        signs = [*signs, "radicular pain"]
    if signs:
        day = s.neuro.day if s.neuro else (s.pain.day if s.pain else None)
        return Triage(Urgency.IMMEDIATE, tuple(signs), tuple(pain), (), day, reopened)
    if s.neuro is None or has_deficit(s) is None:
        # Without an examination an immediate tier cannot be excluded, even with suspicious pain.
        missing = ("neurological examination",) if s.neuro is None else ("motor function (neurological examination)",)
        return Triage(None, (), tuple(pain), missing, None, reopened)
    if pain:
        return Triage(Urgency.WITHIN_24H, (), tuple(pain), (), s.pain.day if s.pain else None, reopened)
    if unknown_pain:
        return Triage(None, (), (), tuple(unknown_pain), None, reopened)
    return Triage(Urgency.NONE, (), (), (), None, reopened)


def _applies(inp: RuleInput, rule: str) -> tuple[bool, list[str]]:
    done = definitive_before_today(inp.snapshot)
    return (not done or bool(inp.reopened(rule))), done


def _mscc_urgency(inp: RuleInput) -> Recommendation:
    applies, done = _applies(inp, "mscc_urgency")
    if not applies:
        return not_applicable(
            MSCC_URGENCY,
            f"Initial triage is over ({', '.join(done)}); re-opened only by a new deficit or new severe pain.",
        )
    t = triage(inp)
    reasons: list[Reason] = []
    for alert in inp.reopened("mscc_urgency"):
        reasons.append(Reason(f"Re-opened by the course: {alert.title}", {"alert": alert.key, "day": alert.day},
                              "new deficit after treatment re-enters D1 (R-SURV-2, derived)", "nice_ng234"))
    compressed = cord_compressed(inp.snapshot)
    if compressed:
        reasons.append(Reason("Imaging shows spinal cord compression.", {"cord_compression": True},
                              "ESCC 2-3 = cord compressed", "bilsky2010"))
    roots = inp.fact("cauda_equina_or_root_only", cauda_equina_or_root_only)
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
        return answer(
            MSCC_URGENCY, DECIDED,
            "IMMEDIATE: suspected metastatic spinal cord compression is an oncological emergency. Contact the "
            "MSCC coordinator now; MRI of the whole spine and a treatment plan within 24 h.",
            reasons, citations=("nice_cg75", "hawkins_2023_bmj", "nice_ng234"),
            evidence_status=EvidenceStatus.VERIFIED if not t.reopened_by else EvidenceStatus.DERIVED,
            data={"urgency": Urgency.IMMEDIATE.value, "trigger_day": t.trigger_day},
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
            data={"urgency": Urgency.WITHIN_24H.value, "trigger_day": t.trigger_day},
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
    if roots and not compressed:
        statement = (f"Imaging shows {roots}, but no neurological examination is recorded: examine now; any "
                     "neurological symptom or sign makes this an immediate MSCC emergency.")
    if compressed:
        statement = ("Imaging shows cord compression, but no neurological examination is recorded: examine now; "
                     "any neurological symptom or sign makes this an immediate MSCC emergency.")
    return answer(MSCC_URGENCY, NEEDS, statement, reasons, missing=t.missing, data={"urgency": None})


MSCC_URGENCY = RuleSpec(
    key="mscc_urgency",
    decision_point="D1",
    title="Recognise and triage urgency",
    summary="Immediate (neurological symptoms or signs) vs within 24 h (suspicious spinal pain) vs no criterion.",
    inputs=("neurological examination (motor deficit, myelopathy, radiculopathy, sensory level, sphincters, "
            "walking, Frankel/ASIA, MRC)", "pain record (region, progression, straining, tenderness, night, "
            "radicular)", "imaging: cord compression", "alerts re-opening mscc_urgency"),
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
    mri = s.imaging if s.imaging and s.imaging.value.modality == Modality.MRI and s.imaging.day >= start else None
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
    else:
        statement = (f"Whole-spine MRI {'NOW (within 24 h)' if immediate else 'within 1 week'}: due by day "
                     f"{deadline}.")
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
