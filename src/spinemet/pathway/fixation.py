"""D9: planning support for the span of posterior instrumentation (never a prescription).

Default of at least 2 instrumented levels above and 2 below the decompressed level (MSKCC
separation-surgery technique, Barzilai 2019) with an AO teaching minimum of 1 above and 1
below. Flags to consider a longer construct or cement-augmented screws: a construct end in or
across a junctional zone (13 of 14 symptomatic failures spanned junctional regions, Kumar
2021), poor bone quality, adjacent vertebrae also involved, no anterior column
reconstruction (AO Surgery Reference); constructs of 6 or more levels carry a higher hardware
failure risk (Amankulor 2014, unverified). The rule as a whole is derived (R-SPAN-1..3).
"""

from __future__ import annotations

from spinemet.anatomy import Level, Span
from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import VERTEBRAL_LESION_AT_A_LEVEL
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import (
    RuleInput,
    before_now,
    cord_compressed,
    index_level,
    on_words,
    open_surgeries,
    open_surgeries_given,
    possible,
    spinal_operations,
)
from spinemet.pathway.model import Reason, Recommendation

DEFAULT_ABOVE = DEFAULT_BELOW = 2  # Barzilai 2019 (verified)
MINIMUM_ABOVE = MINIMUM_BELOW = 1  # AO Surgery Reference (verified)
LONG_CONSTRUCT_LEVELS = 6  # Amankulor 2014 (unverified)
POOR_BONE_WORDS = ("osteoporosis", "osteopenia", "osteoporotic")


def _suggested(index: Span) -> Span | None:
    try:
        return Span(Level(int(index.start) - DEFAULT_ABOVE), Level(int(index.end) + DEFAULT_BELOW))
    except ValueError:
        return None


def _flags(inp: RuleInput, construct: Span, decompressed: Span) -> tuple[list[Reason], list[str]]:
    s = inp.snapshot
    flags: list[Reason] = []
    unknown: list[str] = []
    # the span's junctional levels include its ends: a construct ending in a junction has some
    junctional = construct.junctional_levels()
    if junctional:
        words = [str(j) for j in junctional]
        flags.append(Reason(
            f"Construct {construct} ends in or crosses a junctional zone ({', '.join(words)}): "
            "consider extending and/or cement-augmented screws.",
            {"junctional_levels": words},
            "13/14 symptomatic failures spanned junctions", "kumar_2021_failure"))
    comorbid = [c.lower() for c in (s.fitness.value.comorbidities or [])] if s.fitness else []
    poor_bone = bool(comorbid) and any(w in c for c in comorbid for w in POOR_BONE_WORDS)
    long_steroids = False
    for d in s.steroids():  # a plain loop: a generator costs a frame and a resumption per course
        if d.day <= s.day - 30:
            long_steroids = True
            break
    if poor_bone or long_steroids:
        why = "osteoporosis recorded" if poor_bone else "steroids for over a month"
        flags.append(Reason(f"Poor bone quality likely ({why}): consider cement-augmented screws or a longer "
                            "construct.", {"poor_bone": True}, "AO Surgery Reference", "ao_surgery_reference"))
    else:
        unknown.append("bone quality (osteoporosis, long-term steroids, diffuse marrow infiltration)")
    adjacent = [lv for lv in s.levels if lv not in decompressed and (s.finding(lv) is not None)]
    # levels are integers (IntEnum): their difference is the number of levels between them
    near = [lv for lv in adjacent if abs(lv - decompressed.start) <= 3 or abs(lv - decompressed.end) <= 3]
    if near:
        inside = [str(lv) for lv in near if lv in construct]
        flags.append(Reason(
            f"Adjacent vertebrae also involved ({', '.join(str(lv) for lv in near)})"
            + (f"; screws would sit in diseased bone at {', '.join(inside)}" if inside else "")
            + ": consider extending the construct.", {"adjacent": [str(lv) for lv in near]},
            "adjacent disease flag (R-SPAN-2, derived)", "ao_surgery_reference"))
    surgery = inp.fact(open_surgeries)
    anterior = surgery[-1].value.anterior_reconstruction if surgery else None
    if anterior is False:
        flags.append(Reason("No anterior column reconstruction: short constructs stress the implants; consider "
                            "extra levels or cement.", {"anterior_reconstruction": False}, "AO Surgery Reference",
                            "ao_surgery_reference"))
    elif anterior is None:
        unknown.append("anterior column reconstruction")
    size = len(construct)
    if size >= LONG_CONSTRUCT_LEVELS:
        flags.append(Reason(f"Construct of {size} levels (>= {LONG_CONSTRUCT_LEVELS}): higher hardware "
                            "failure reported after separation surgery (unverified source).",
                            {"levels": size}, ">= 6 contiguous levels (R-SPAN-3, unverified)",
                            "amankulor_2014"))
    return flags, unknown


#: procedures that place a construct (posterior or anterior fixation, or a fixation of unstated type)
_FIXATION_PROCEDURES = frozenset({"posterior_fixation", "anterior_fixation", "fixation_unspecified"})


def _fixation(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    fixed = [d for d in inp.fact(open_surgeries) if d.value.fixation_span is not None]
    if fixed:
        surgery = fixed[-1]
        construct = surgery.value.fixation_span
        assert construct is not None
        decompressed = surgery.value.levels or (Span.single(s.index_level) if s.index_level else None)
        if decompressed is None:
            return answer(FIXATION_SPAN, NEEDS, f"Construct {construct} recorded, but not the decompressed level.",
                          missing=("decompressed level(s) of the operation",))
        if not (decompressed.start in construct and decompressed.end in construct):
            return answer(FIXATION_SPAN, DECIDED, f"Construct {construct} does not include the decompressed level "
                          f"{decompressed}: check the record.", cautions=("Construct and decompression disagree.",))
        above = decompressed.start - construct.start  # levels are integers (IntEnum): a plain int
        below = construct.end - decompressed.end
        meets = above >= DEFAULT_ABOVE and below >= DEFAULT_BELOW
        minimum = above >= MINIMUM_ABOVE and below >= MINIMUM_BELOW
        verdict = ("within the convention of >= 2 above and >= 2 below" if meets else
                   "shorter than the 2/2 convention but at the AO minimum of 1/1" if minimum else
                   "below the AO minimum of one level above and below")
        built, operated = str(construct), str(decompressed)  # each worded once
        reasons = [Reason(f"Construct {built} around decompressed {operated}: {above} level(s) above, "
                          f"{below} below; {verdict}.", {"above": above, "below": below, "construct": built},
                          ">= 2 above / >= 2 below (Barzilai, MSKCC technique); minimum 1/1 (AO)", "barzilai_2019_hybrid")]
        flags, unknown = _flags(inp, construct, decompressed)
        if surgery.value.cement_augmented_screws:
            reasons.append(Reason("Cement-augmented screws used.", {"cement_augmented_screws": True}))
        statement = (f"Recorded construct {built} for {operated} ({surgery.value.type} on day {surgery.day}): "
                     f"{above} above, {below} below, {verdict}"
                     + (f"; {len(flags)} planning flag(s)." if flags else "; no planning flag."))
        return answer(FIXATION_SPAN, DECIDED, statement, reasons + flags,
                      cautions=[f"Not assessed: {u}." for u in unknown] + ["Planning support, not a prescription."],
                      data={"construct": built, "decompressed": operated, "above": above,
                            "below": below, "flags": len(flags)})
    instrumented = [d for d in spinal_operations(s) if before_now(s, d) and d.value.fixation_span is None
                    and {p.value for p in d.value.procedures or ()} & _FIXATION_PROCEDURES]
    if instrumented:
        # a fixation already given whose construct span the source does not state: nothing to plan
        done = instrumented[-1]
        return not_applicable(FIXATION_SPAN, f"Fixation already done ({on_words(s, done)}); its construct span is "
                              "not recorded, so it cannot be checked against the 2-above / 2-below convention.")
    surgical = cord_compressed(s) or "unstable" in possible(inp.result("sins"))
    if not surgical or open_surgeries_given(inp):
        return not_applicable(FIXATION_SPAN, "No posterior instrumentation recorded or in question.")
    index = inp.fact(index_level)
    if index is None:
        return answer(FIXATION_SPAN, NEEDS, "Fixation planning needs the level to be decompressed.",
                      missing=("index level (imaging finding)",))
    target = Span.single(index)
    suggestion = _suggested(target)
    if suggestion is None:
        return answer(FIXATION_SPAN, DECIDED, f"{index}: too close to the end of the spine for a 2/2 construct; "
                      "plan individually.", cautions=("Planning support, not a prescription.",))
    flags, unknown = _flags(inp, suggestion, target)
    return answer(
        FIXATION_SPAN, DECIDED,
        f"If posterior instrumentation is chosen for {index}: at least {suggestion} (2 levels above and 2 below; "
        "AO minimum one above and one below)" + (f"; {len(flags)} planning flag(s)." if flags else "."),
        [Reason(f"Default >= 2 instrumented levels above and below {index}.", {"suggested": str(suggestion)},
                ">= 2/2 (Barzilai, MSKCC technique); >= 1/1 (AO)", "barzilai_2019_hybrid"), *flags],
        cautions=[f"Not assessed: {u}." for u in unknown] + ["Planning support, not a prescription."],
        data={"suggested": str(suggestion), "index": str(index)})


FIXATION_SPAN = RuleSpec(
    key="fixation_span",
    decision_point="D9",
    title="Fixation span (planning support)",
    summary="Levels above/below the decompressed level (>= 2/2; minimum 1/1); flags: junction, poor bone, "
            "adjacent disease, no anterior reconstruction, long construct.",
    inputs=("surgery: decompressed levels, fixation span, anterior reconstruction, cement screws",
            "index level", "other involved levels", "comorbidities (osteoporosis)", "steroid use"),
    outputs=("levels above and below", "planning flags"),
    sources=("barzilai_2019_hybrid", "ao_surgery_reference", "kumar_2021_failure", "amankulor_2014"),
    pathway_rules=("R-SPAN-1", "R-SPAN-2", "R-SPAN-3"),
    evidence_status=EvidenceStatus.DERIVED,
    evaluate=_fixation,
    applies_to=VERTEBRAL_LESION_AT_A_LEVEL,
)
