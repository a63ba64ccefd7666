"""Where each pathway rule applies: the disease it was written for, declared beside the rule.

The extradural MSCC pathway (NICE CG75/NG234 triage and dexamethasone, the NOMS framework with
Bilsky ESCC and SINS, Patchell's surgical candidacy, posterior fixation spans, ASTRO bone-
metastasis RT schedules) was written for metastases of the vertebra and the epidural space.
Intradural extramedullary, intramedullary and leptomeningeal metastases are different diseases
for those rules: outside its disease a rule answers *not applicable*, with the reason
("intramedullary metastasis at T8: the extradural MSCC pathway does not apply"), never a
recommendation.

Compression of the cauda equina or of nerve roots is not spinal cord compression. NICE CG75's key
priorities treat signs of cord *or cauda equina* compression as an oncological emergency, and
ASTRO 2024 covers cord and cauda compression alike (both verified, ``docs/verification-findings.md``),
so the triage, steroid and RT rules keep it; Patchell 2005 excluded cauda-equina- and root-only
compression, so the surgical-candidacy rule does not apply to it (verification finding 12e).

Unknown is not outside: a finding that states no compartment (every version-1 record) is read
as the vertebral or epidural disease the record was built for when it says something only bone or
the epidural space can have (an ESCC grade, collapse, a fracture, SINS items ...), or when nothing
else is imaged; a patient not yet imaged is inside every rule that covers suspected disease. A
finding with no compartment and nothing vertebral about it (uptake on PET "in the cervical region")
is not assumed vertebral beside an intradural metastasis: it places the disease nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from spinemet.case.events import LevelFinding
from spinemet.case.events.findings import compartments_of, compressed_structures
from spinemet.case.snapshot import Dated, Snapshot
from spinemet.case.vocab_detail import TreatmentTarget
from spinemet.case.vocab_disease import Compartment, CompressionCause
from spinemet.frozen import dataclass
from spinemet.pathway.context import RuleInput, cord_compressed

#: Compartments of a vertebral metastasis and its extradural extension.
EXTRADURAL = frozenset(
    {Compartment.VERTEBRAL_BODY, Compartment.POSTERIOR_ELEMENTS, Compartment.EPIDURAL, Compartment.PARASPINAL}
)
#: Compartments inside the dura (and the leptomeninges): outside the extradural pathway.
INTRADURAL = frozenset(
    {Compartment.INTRADURAL_EXTRAMEDULLARY, Compartment.INTRAMEDULLARY, Compartment.LEPTOMENINGEAL}
)

_COMPARTMENT_WORDS = {
    Compartment.INTRADURAL_EXTRAMEDULLARY: "intradural extramedullary",
    Compartment.INTRAMEDULLARY: "intramedullary",
    Compartment.LEPTOMENINGEAL: "leptomeningeal",
}


@dataclass(frozen=True)
class Applicability:
    """The disease a rule applies to (in words), and the test that finds a snapshot outside it.

    ``outside`` returns the reason the rule does not apply, or None when the snapshot is inside
    (or when what would place it outside is not recorded)."""

    disease: str
    outside: Callable[[RuleInput], str | None] | None = None

    def reason(self, inp: RuleInput) -> str | None:
        return self.outside(inp) if self.outside is not None else None


# ------------------------------------------------------------------ reading the record


def _findings(s: Snapshot) -> tuple[Dated[LevelFinding], ...]:
    return s.all_findings


def is_tumour(f: LevelFinding) -> bool:
    """False for a finding the record attributes to something other than tumour (cement leaked into the
    canal, a haematoma: ``caused_by`` a complication, or a non-tumour ``compression_cause``)."""
    if f.caused_by is not None:
        return False
    return f.compression_cause is None or f.compression_cause is _TUMOUR


_TUMOUR = CompressionCause.TUMOUR  # read once (an enum member read through its class is a slow look-up)


def intradural_sites(s: Snapshot) -> list[str]:
    """Intradural or leptomeningeal tumour findings, in words ('intramedullary metastasis at T8'); a
    finding attributed to a complication (cement in the dural sac) is not a metastasis."""
    out = []
    for dated in _findings(s):
        if not is_tumour(dated.value):
            continue
        inside = sorted(compartments_of(dated.value) & INTRADURAL)
        if inside:
            words = " and ".join(_COMPARTMENT_WORDS[c] for c in inside)
            place = dated.value.place
            out.append(f"{words} metastasis " + ("(level not stated)" if place == "unstated" else f"at {place}"))
    return out


#: Finding fields only a vertebral or epidural lesion has: a finding without a compartment that states one
#: of them is vertebral disease (SINS items, Fisher 2010; ESCC, Bilsky 2010; fracture, collapse, response of bone).
_VERTEBRAL_FIELDS = ("escc", "epidural_extent", "lesion_type", "collapse_present", "collapse_percent",
                     "body_involvement_percent", "collapse", "alignment", "posterolateral",
                     "posterior_elements_involved", "pathological_fracture", "retropulsion", "destruction",
                     "posterior_wall_involved", "impending_collapse", "bone_response", "instrumented")


_VERTEBRAL_VALUES = attrgetter(*_VERTEBRAL_FIELDS)
_NONE_STATED = (None,) * len(_VERTEBRAL_FIELDS)


def states_vertebral_facts(f: LevelFinding) -> bool:
    """Whether a finding says something only a vertebral or epidural lesion can have."""
    # all the fields read in one call; the tuple equals all-None only when none is stated (None equals only None)
    return _VERTEBRAL_VALUES(f) != _NONE_STATED


def unplaced_findings(s: Snapshot) -> list[str]:
    """Tumour findings that state no compartment and nothing vertebral, by place ('cervical region')."""
    out = []
    for dated in _findings(s):
        f = dated.value
        if is_tumour(f) and not compartments_of(f) and not states_vertebral_facts(f):
            out.append(f.place)
    return out


def extradural_disease(s: Snapshot) -> bool | None:
    """True when a finding lies in the vertebra or the epidural space (or states no compartment but
    vertebral facts, as version-1 records do, or when no finding states any compartment), False when
    the only findings with a place are intradural or leptomeningeal, None when nothing is imaged yet."""
    findings = _findings(s)
    if not findings:
        return None
    tumour = [d for d in findings if is_tumour(d.value)]
    if not tumour:
        return True  # only non-tumour findings (a complication): the vertebral disease it complicates
    placed = False
    for dated in tumour:
        compartments = compartments_of(dated.value)
        if compartments & EXTRADURAL:
            return True
        if not compartments and states_vertebral_facts(dated.value):
            return True
        placed = placed or bool(compartments)
    # Nothing states a compartment (version-1 records): read as the vertebral disease the record was built for.
    return not placed


def only_intradural(s: Snapshot) -> str | None:
    """The intradural findings in words when they are the only disease imaged, else None."""
    if extradural_disease(s) is not False:
        return None
    sites = intradural_sites(s)
    if not sites:
        return None
    unplaced = unplaced_findings(s)
    note = (f" (the {', '.join(unplaced)} finding states no compartment and nothing vertebral, so it is not "
            "read as vertebral disease)") if unplaced else ""
    return "; ".join(sites) + note


def cauda_equina_or_root_only(s: Snapshot) -> str | None:
    """Compression of the cauda equina or nerve roots, in words, when no cord compression is recorded."""
    if cord_compressed(s) is True:
        return None
    found = []
    for dated in _findings(s):
        structures = compressed_structures(dated.value) - {"cord"}
        if structures and "conus" not in structures:
            words = " and ".join(sorted(x.replace("_", " ") for x in structures))
            found.append(f"{words} compression at {dated.value.place}")
    return "; ".join(found) if found else None


# ------------------------------------------------------------------ declarations


def _extradural(what: str) -> Callable[[RuleInput], str | None]:
    def outside(inp: RuleInput) -> str | None:
        sites = inp.fact(only_intradural)
        return f"{sites}: {what}" if sites else None

    return outside


def _mscc_cord(inp: RuleInput) -> str | None:
    sites = inp.fact(only_intradural)
    if sites:
        return f"{sites}: the extradural MSCC pathway does not apply (Patchell's criteria are for extradural cord compression)"
    roots = inp.fact(cauda_equina_or_root_only)
    if roots:
        return (f"{roots}, not the spinal cord: Patchell 2005 excluded cauda-equina- and root-only compression, "
                "so its surgical criteria do not apply")
    return None


def _vertebral_level(inp: RuleInput) -> str | None:
    s = inp.snapshot
    sites = inp.fact(only_intradural)
    if sites:
        return f"{sites}: a fixation span is planned for a vertebral lesion, and none is imaged"
    for d in s.surgeries():  # a plain loop: a generator costs a frame and a resumption per operation
        if d.value.fixation_span is not None:
            return None
    findings = _findings(s)
    if findings and s.index_level is None and all(
        d.value.level is None and d.value.span is None for d in findings
    ):
        places = ", ".join(sorted({d.value.place.replace("unstated", "place not stated") for d in findings}))
        return f"no vertebral level is recorded ({places}): a fixation span is planned around a known level"
    return None


#: Suspected or confirmed MSCC (CG75: spinal cord or cauda equina compressed by metastasis).
MSCC = Applicability(
    "suspected or confirmed metastatic spinal cord or cauda equina compression by vertebral or epidural disease "
    "(NICE CG75 key priorities)",
    _extradural("the extradural MSCC pathway does not apply"),
)
SUSPECTED_SPINAL_METASTASIS = Applicability("suspected or known spinal metastasis, any compartment")
VERTEBRAL_OR_EPIDURAL = Applicability(
    "a vertebral or epidural metastasis (Bilsky ESCC, radiosensitivity, SINS)",
    _extradural("NOMS (ESCC and SINS) applies to vertebral and epidural metastases, not to this disease"),
)
EXTRADURAL_CORD_COMPRESSION = Applicability(
    "extradural metastatic spinal cord compression (Patchell 2005 population)", _mscc_cord
)
VERTEBRAL_LESION_AT_A_LEVEL = Applicability("a vertebral lesion at a known level", _vertebral_level)
VERTEBRAL_RECURRENCE = Applicability(
    "local recurrence or progression of a vertebral or epidural metastasis after treatment",
    _extradural("the recurrence options (revision decompression, re-irradiation of bone) are for vertebral and "
                "epidural metastases"),
)
OPERATED_VERTEBRAL_METASTASIS = Applicability(
    "an operation for a vertebral or epidural metastasis",
    _extradural("postoperative RT timing (ESMO, ASTRO) is for surgery of vertebral and epidural metastases"),
)
BONE_METASTASIS_RT = Applicability(
    "radiotherapy of a vertebral metastasis or of extradural MSCC (ASTRO 2024 schedules)",
    _extradural("the ASTRO bone-metastasis and MSCC schedules do not apply"),
)
IRRADIATED_SPINE = Applicability("a spinal level irradiated before (cord tolerance), any compartment")
NEURO_ENDOCRINE = Applicability("a neuro-endocrine neoplasm (carcinoid, NET or NEC), any site of metastasis")
ANY_AFTER_TREATMENT = Applicability("any patient with spinal metastasis and a neurological or functional deficit")


#: Treatments of the spine (a radiotherapy or embolisation counts unless recorded as aimed elsewhere).
_SPINAL_TREATMENTS = frozenset({"surgery", "radiotherapy", "chemoradiotherapy", "cement_augmentation", "ablation",
                                "embolisation"})
NOTHING_SPINAL = ("Nothing about the spine is recorded by this day (no spinal imaging, pain, neurological examination, "
                  "vertebral metastasis count or spinal treatment): the spinal metastasis pathway has nothing to "
                  "decide yet.")


def nothing_spinal(s: Snapshot) -> bool:
    """Whether the snapshot holds nothing about the spine: a day of the record before any spinal imaging, pain,
    neurological examination, count of vertebral metastases, spinal treatment or complication (e.g. the day the
    primary was resected years before). Any of these -- a symptom alone included -- brings the pathway in."""
    if s.all_findings or s.imaging is not None or s.neuro is not None or s.pain is not None or s.complications:
        return False
    burden = s.burden.value if s.burden is not None else None
    if burden is not None and (burden.vertebral_mets is not None or burden.vertebral_mets_extent is not None):
        return False
    for dated in s.treatments:
        event = dated.value
        if event.type in _SPINAL_TREATMENTS and getattr(event, "target", None) in (None, TreatmentTarget.SPINE):
            return False
    return True
